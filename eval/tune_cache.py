"""Cache split + embedded Multi-News clusters for scorer training and selection tuning.

Usage: .venv/bin/python -m eval.tune_cache [--limit 1000] [--seed 0] [--preset fast] [--split val|train]
Writes eval/results/tmp/<preset>-<seed>-<limit>.pkl for validation, or
<preset>-train-<seed>-<limit>.pkl for the training split (ignored by git; read from ../shared).
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from eval.multinews import DEFAULT_VAL
from summarizer.errors import InputError
from summarizer.evaluation.harness import TRANSFORMS, load_data, sample
from summarizer.run.pipeline import Summarizer
from summarizer.stories.near_copies import duplicate_sentences

TMP = Path(__file__).resolve().parent / "results" / "tmp"


def cache_path(preset: str, seed: int, limit: int, split: str = "val", transform: str = "none") -> Path:
    name = f"{preset}-{seed}-{limit}" if split == "val" else f"{preset}-{split}-{seed}-{limit}"
    return TMP / (f"{name}.pkl" if transform == "none" else f"{name}-{transform}.pkl")


def prepare_cluster(summarizer: Summarizer, cluster) -> dict:
    try:
        prepared = summarizer.prepare(list(cluster.articles))
    except InputError:  # nothing left after cleaning: an empty summary, as in `summarizer eval`
        return {"id": cluster.id, "sentences": [], "embeddings": np.zeros((0, 1), dtype=np.float32),
                "duplicate_of": np.zeros(0, dtype=int), "references": list(cluster.references), "article_ids": []}
    ids = prepared.ids
    story = summarizer.given_story(prepared)
    sentences = [s for i in ids for s in prepared.sentences[i]]
    vectors = np.concatenate([prepared.embeddings[prepared.slices[i]] for i in ids])
    duplicate_of = duplicate_sentences(sentences, story.duplicates, summarizer.config.cluster.sentence_duplicate_threshold)
    return {"id": cluster.id, "sentences": sentences, "embeddings": vectors.astype(np.float32),
            "duplicate_of": duplicate_of, "references": list(cluster.references), "article_ids": ids}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--preset", default="fast")
    parser.add_argument("--split", choices=["val", "train"], default="val")
    parser.add_argument("--transform", choices=sorted(TRANSFORMS), default="none",
                        help="change the sources first, as an eval regime does (long-cased)")
    args = parser.parse_args()
    data = DEFAULT_VAL if args.split == "val" else DEFAULT_VAL.with_name("train.jsonl.gz")
    clusters = [TRANSFORMS[args.transform](c) for c in sample(load_data(data), args.limit, args.seed)]
    summarizer = Summarizer.from_config(args.preset)
    out = cache_path(args.preset, args.seed, args.limit, args.split, args.transform)
    out.parent.mkdir(parents=True, exist_ok=True)
    started, cached = time.perf_counter(), []
    for n, cluster in enumerate(clusters, start=1):
        cached.append(prepare_cluster(summarizer, cluster))
        if n % 1000 == 0 or n == len(clusters):
            with open(out, "wb") as handle:
                pickle.dump(cached, handle)
            print(f"{n}/{len(clusters)} clusters, {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
