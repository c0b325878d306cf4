"""Cache split + embedded Multi-News validation clusters for selection tuning.

Usage: .venv/bin/python -m eval.tune_cache [--limit 1000] [--seed 0] [--preset default]
Writes eval/results/tmp/<preset>-<seed>-<limit>.pkl (ignored by git).
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from eval.multinews import DEFAULT_VAL
from summarizer.cluster import duplicate_sentences, story_id
from summarizer.errors import InputError
from summarizer.evaluate import load_data, sample
from summarizer.pipeline import Summarizer
from summarizer.records import Story

TMP = Path(__file__).resolve().parent / "results" / "tmp"


def cache_path(preset: str, seed: int, limit: int) -> Path:
    return TMP / f"{preset}-{seed}-{limit}.pkl"


def prepare_cluster(summarizer: Summarizer, cluster) -> dict:
    try:
        prepared = summarizer.prepare(list(cluster.articles))
    except InputError:  # nothing left after cleaning: an empty summary, as in `summarizer eval`
        return {"id": cluster.id, "sentences": [], "embeddings": np.zeros((0, 1), dtype=np.float32),
                "duplicate_of": np.zeros(0, dtype=int), "references": list(cluster.references), "article_ids": []}
    ids = prepared.ids
    dups = summarizer.clusterer.near_duplicates(ids, prepared.article_texts())
    story = Story(story_id(ids), tuple(ids), tuple(dups))
    sentences = [s for i in ids for s in prepared.sentences[i]]
    vectors = np.concatenate([prepared.embeddings[prepared.slices[i]] for i in ids])
    duplicate_of = duplicate_sentences(sentences, story.duplicates, summarizer.config.cluster.sentence_duplicate_threshold)
    return {"id": cluster.id, "sentences": sentences, "embeddings": vectors.astype(np.float32),
            "duplicate_of": duplicate_of, "references": list(cluster.references), "article_ids": ids}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--preset", default="default")
    args = parser.parse_args()
    clusters = sample(load_data(DEFAULT_VAL), args.limit, args.seed)
    summarizer = Summarizer.from_config(args.preset)
    out = cache_path(args.preset, args.seed, args.limit)
    out.parent.mkdir(parents=True, exist_ok=True)
    started, cached = time.perf_counter(), []
    for n, cluster in enumerate(clusters, start=1):
        cached.append(prepare_cluster(summarizer, cluster))
        if n % 100 == 0 or n == len(clusters):
            with open(out, "wb") as handle:
                pickle.dump(cached, handle)
            print(f"{n}/{len(clusters)} clusters, {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
