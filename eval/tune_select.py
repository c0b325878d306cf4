"""Tune the selection settings on cached Multi-News validation clusters (never the test split).

First cache the split and embedded clusters (eval/tune_cache.py), then:
    .venv/bin/python -m eval.tune_select --clusters 300 --grid
It scores ROUGE-1/2 (F1 at the given budgets, and recall of the first 100 words)
with rouge-score's tokenizer and stemmer, from token lists cached per sentence, so a
setting costs a fraction of a second per hundred clusters. Final figures come from
`summarizer eval` (eval/rouge_table.py), not from here.
"""
from __future__ import annotations

import argparse
import itertools
import pickle
import sys
import time
from collections import Counter

from eval.tune_cache import cache_path
from summarizer.evaluation.baselines import Lead, unique
from summarizer.select.selector import MMRSelector


def ngram_counts(tokens: list[str], n: int) -> Counter:
    return Counter(zip(*[tokens[i:] for i in range(n)]))


def ngram_scores(pred: list[str], ref: list[str]) -> dict[str, tuple[float, float]]:
    """{rouge1, rouge2: (f1, recall)} as rouge-score computes them."""
    out = {}
    for n, name in ((1, "rouge1"), (2, "rouge2")):
        p = ngram_counts(pred, n)
        r = ngram_counts(ref, n)
        overlap = sum((p & r).values())
        precision = overlap / max(sum(p.values()), 1)
        recall = overlap / max(sum(r.values()), 1)
        f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
        out[name] = (f1, recall)
    return out


_TOKENIZER = None


def _tokenize(text: str) -> list[str]:
    global _TOKENIZER
    if _TOKENIZER is None:
        from rouge_score import tokenizers

        _TOKENIZER = tokenizers.DefaultTokenizer(use_stemmer=True)
    return _TOKENIZER.tokenize(text)


def load(limit: int, clusters: int, seed: int = 0, preset: str = "fast", transform: str = "none") -> list[dict]:
    with open(cache_path(preset, seed, limit, "val", transform), "rb") as handle:
        data = pickle.load(handle)[:clusters]
    for item in data:
        item["tokens"] = [_tokenize(s.text) for s in item["sentences"]]
        item["ref_tokens"] = [_tokenize(r) for r in item["references"]]
    return data


def run_selector(selector, item) -> list[int | str]:
    """The chosen sentences as cached positions, or as their text when the selector changed it
    (select.compress)."""
    sentences = item["sentences"]
    chosen = selector(sentences, item["embeddings"], item["duplicate_of"])
    position = {id(s): i for i, s in enumerate(sentences)}
    return [position.get(id(c.sentence), c.sentence.text) for c in chosen]


def run_lead(budget: int, item) -> list[int]:
    kept = unique(item["sentences"])
    position = {id(s): i for i, s in enumerate(item["sentences"])}
    return [position[id(s)] for s in Lead(budget)(kept)]


def score(data: list[dict], pick, max_words: int | None = None) -> dict[str, float]:
    totals = Counter()
    for item in data:
        tokens = [t for i in pick(item) for t in (_tokenize(i) if isinstance(i, str) else item["tokens"][i])]
        if max_words:
            tokens = tokens[:max_words]
        for ref in item["ref_tokens"]:
            for name, (f1, recall) in ngram_scores(tokens, ref).items():
                totals[name + ("_r" if max_words else "")] += 100 * (recall if max_words else f1) / len(item["ref_tokens"])
        totals["words"] += len(tokens)
    return {k: round(v / len(data), 2) for k, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=1000, help="cache size (as written by tune_cache)")
    parser.add_argument("--clusters", type=int, default=300, help="how many cached clusters to tune on")
    parser.add_argument("--budgets", default="100,260", help="F1 budgets in words")
    parser.add_argument("--preset", default="fast", help="the preset the cache was made with (its embedder)")
    parser.add_argument("--transform", default="none", help="a cache of changed sources (long-cased)")
    parser.add_argument("--scorer", default="centroid", help="select.scorer: centroid or a learned model")
    parser.add_argument("--grid", default="", help="name=v1/v2,... settings to try, e.g. coverage_weight=0/0.3")
    args = parser.parse_args()
    started = time.perf_counter()
    data = load(args.limit, args.clusters, preset=args.preset, transform=args.transform)
    print(f"{len(data)} clusters loaded in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    budgets = [int(b) for b in args.budgets.split(",")]
    for budget in budgets:
        print(f"lead@{budget}", score(data, lambda item: run_lead(budget, item)))
    print("lead@100 recall", score(data, lambda item: run_lead(110, item), max_words=100))
    scorer = None
    if args.scorer != "centroid":
        from summarizer.select.learned_relevance import load_scorer

        scorer = load_scorer(args.scorer)
    grid = {}
    for part in filter(None, args.grid.split(",")):
        name, values = part.split("=")
        grid[name] = [float(v) for v in values.split("/")]
    for values in itertools.product(*grid.values()):
        settings = dict(zip(grid, values))
        line = []
        for budget in budgets:
            selector = MMRSelector(budget=budget, scorer=scorer, **{"self_contained": True, **settings})
            line.append(f"@{budget} {score(data, lambda item: run_selector(selector, item))}")
        selector = MMRSelector(budget=110, scorer=scorer, **{"self_contained": True, **settings})
        line.append(f"rec100 {score(data, lambda item: run_selector(selector, item), max_words=100)}")
        print(settings, " | ".join(line), flush=True)
    print(f"{time.perf_counter() - started:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
