"""What the "what's new" references of an update set keep, by how the earlier articles used it.

    python -m eval.update_overlap ../shared/data/dev/duc2007_update_B.jsonl.gz
Two tables, over all clusters (sentences as the summarizer splits them):
  1. each bigram of the new articles (concept_ilp.sentence_bigrams): the share of references that
     hold it, by how many new articles and how many earlier articles use it;
  2. each sentence of the new articles: its mean bigram overlap with the references (share of its
     bigrams in a reference, mean over references), by the share of its content words the earlier
     articles never used, by position in its article, and by whether a relative date in it
     resolves after the newest earlier article (the update brief's dated bonus).
"""
from __future__ import annotations

import argparse
import logging
from collections import defaultdict
from itertools import pairwise

import numpy as np

from summarizer.evaluation.harness import load_data
from summarizer.run.pipeline import Summarizer
from summarizer.select.concept_ilp import sentence_bigrams
from summarizer.select.features import sentence_concepts
from summarizer.select.update import reports_after
from summarizer.stories.timeline import article_day


def _bucket(value: float, edges: list[float]) -> str:
    for low, high in pairwise(edges):
        if low <= value < high:
            return f"{low:g}–{high:g}"
    return f"{edges[-1]:g}+"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    args = parser.parse_args()
    logging.getLogger("summarizer.run.pipeline").setLevel(logging.ERROR)
    summarizer = Summarizer.from_config("default")
    bigrams: dict[tuple[str, str], list[float]] = defaultdict(list)
    sentences: dict[tuple[str, str], list[float]] = defaultdict(list)
    for cluster in load_data(args.data):
        new, _ = summarizer.split(list(cluster.articles))
        old, _ = summarizer.split(list(cluster.previous))
        refs = [sentence_bigrams(r) for r in cluster.references]
        old_bags = [set().union(*(sentence_bigrams(s.text) for s in part)) for part in old.values()]
        new_bags = [set().union(*(sentence_bigrams(s.text) for s in part)) for part in new.values()]
        for gram in set().union(*new_bags):
            n_new = min(sum(gram in bag for bag in new_bags), 4)
            n_old = sum(gram in bag for bag in old_bags)
            key = (f"{n_new}{'+' if n_new == 4 else ''}", "0" if n_old == 0 else "1–2" if n_old <= 2 else "3+")
            bigrams[key].append(sum(gram in r for r in refs) / len(refs))
        old_words = {w for part in old.values() for s in part for w in sentence_concepts(s.text) if " " not in w}
        days = [d for d in (article_day(a.date) for a in cluster.previous) if d]
        latest = max(days).isoformat() if days else None
        for article in cluster.articles:
            for s in new.get(article.id, []):
                grams = sentence_bigrams(s.text)
                if not grams:
                    continue
                overlap = float(np.mean([len(grams & r) / len(grams) for r in refs]))
                words = {w for w in sentence_concepts(s.text) if " " not in w}
                fresh = len(words - old_words) / max(len(words), 1)
                sentences[("new content words", _bucket(fresh, [0, 0.2, 0.4, 0.6, 1.01]))].append(overlap)
                sentences[("position", _bucket(s.index, [0, 1, 3, 6]))].append(overlap)
                after = bool(latest) and reports_after(s.text, article_day(article.date), latest)
                sentences[("dated after the earlier articles", "yes" if after else "no")].append(overlap)
    print("| new articles | earlier articles | bigrams | share of references holding it |\n|---|---|--:|--:|")
    for key in sorted(bigrams):
        print(f"| {key[0]} | {key[1]} | {len(bigrams[key])} | {np.mean(bigrams[key]):.3f} |")
    print("\n| sentence feature | value | sentences | mean bigram overlap with the references |\n|---|---|--:|--:|")
    for key in sorted(sentences):
        print(f"| {key[0]} | {key[1]} | {len(sentences[key])} | {np.mean(sentences[key]):.3f} |")


if __name__ == "__main__":
    main()
