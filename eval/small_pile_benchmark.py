"""Story grouping in small piles: what a person pastes on the page (at most 10 articles).

A pile of at most `cluster.background_k` articles has no neighbourhoods for the pair model to
read, so it is grouped by the hand-set score (similarity minus both articles' background, cut at
`cluster.threshold`; dated articles more than `cluster.window_days` apart never share a story).
This benchmark builds such piles from the whole-article dev clusters of one half
(eval/dev_clusters.py: DUC 2002, 2003, 2006, 2007), each once with the articles' dates and once
without, and from Multi-News validation:
  - one story: 10 articles of one dev cluster (a seeded sample; all when it has fewer): the share
    of piles found as one story, and the mean number of stories found;
  - two stories: 5 + 5 articles of two dev clusters: ARI, pair precision and recall;
  - Multi-News: 2-4 validation clusters (their 2-10 articles, undated): the same.

    python -m eval.small_pile_benchmark [--half held] [--preset default] [--piles 30] [--seed 0] [--sets duc2003_task2]
    python -m eval.small_pile_benchmark --half train --grid "cluster.window_days=7|30|3650,cluster.threshold=0.85|0.9"
"""
from __future__ import annotations

import argparse
import itertools
import logging
import random

import numpy as np
from sklearn.metrics import adjusted_rand_score

from eval.dev_clusters import load_dev_clusters
from eval.multinews import DEFAULT_VAL, load_clusters
from eval.scale_benchmark import pair_scores
from summarizer import Article, load_config
from summarizer.interfaces.options import set_overrides
from summarizer.run.pipeline import Summarizer
from summarizer.stories.grouping import StoryClusterer

PILE = 10  # articles per pile: cluster.background_k, the largest pile the hand-set score groups


def dev_piles(half: str, piles: int, seed: int, sets: str = "") -> dict[str, list[list[tuple[Article, int]]]]:
    """{"one story": [...], "two stories": [...]}: piles of (Article, true story) pairs, dated."""
    clusters = load_dev_clusters(half, **({"sets": tuple(sets.split(","))} if sets else {}))
    keys = sorted(clusters)
    rng = random.Random(seed)

    def articles(key: str, count: int, tag: str) -> list[tuple[Article, int]]:
        members = clusters[key]
        chosen = rng.sample(members, min(count, len(members)))
        return [(Article(id=f"{tag}-{a.docno}", text=a.text, title=a.title, date=a.date), keys.index(key))
                for a in chosen]

    one = [articles(key, PILE, f"o{n}") for n, key in enumerate(keys)]
    two = []
    for n in range(piles):
        first, second = rng.sample(keys, 2)
        pile = articles(first, PILE // 2, f"t{n}") + articles(second, PILE // 2, f"t{n}")
        rng.shuffle(pile)
        two.append(pile)
    return {"one story": one, "two stories": two}


def multinews_piles(piles: int, seed: int) -> list[list[tuple[Article, int]]]:
    clusters = load_clusters(DEFAULT_VAL)
    rng = random.Random(seed)
    result = []
    while len(result) < piles:
        chosen = rng.sample(range(len(clusters)), rng.randint(2, 4))
        pile = [(Article(id=f"c{c}-d{d}", text=doc), c) for c in chosen
                for d, doc in enumerate(clusters[c]["documents"]) if doc.strip()]
        if len(pile) <= PILE:
            rng.shuffle(pile)
            result.append(pile)
    return result


def undated(pile):
    return [(Article(id=a.id, text=a.text, title=a.title), c) for a, c in pile]


def prepare(summarizer: Summarizer, pile):
    """(ids, texts, vectors, dates, true labels) of a pile, read, cleaned and embedded once."""
    prepared = summarizer.prepare([a for a, _ in pile])
    truth = {a.id: c for a, c in pile}
    return (prepared.ids, prepared.article_texts(), prepared.article_vectors(),
            [prepared.by_id[i].date for i in prepared.ids],
            [truth[prepared.by_id[i].given_id] for i in prepared.ids])  # a press digest's item: its digest's


def score(clusterer: StoryClusterer, piles, one_story: bool) -> str:
    stories, aris, precisions, recalls = [], [], [], []
    for ids, texts, vectors, dates, labels in piles:
        found = clusterer(ids, texts, vectors, dates)
        story = {a: n for n, s in enumerate(found) for a in s.article_ids}
        predicted = [story[i] for i in ids]
        stories.append(len(found))
        if not one_story:
            aris.append(adjusted_rand_score(labels, predicted))
            precision, recall = pair_scores(labels, predicted)
            precisions.append(precision)
            recalls.append(recall)
    if one_story:
        return f"one story in {np.mean(np.array(stories) == 1):.0%} of piles, {np.mean(stories):.2f} stories found | | |"
    return f"ARI {np.mean(aris):.3f} | precision {np.mean(precisions):.3f} | recall {np.mean(recalls):.3f} | " \
           f"{np.mean(stories):.2f} stories found"


def settings(grid: str) -> list[dict[str, str]]:
    """"a=1|2,b=x" -> [{a: 1, b: x}, {a: 2, b: x}] (values as --set reads them)."""
    if not grid:
        return [{}]
    pairs = [item.split("=", 1) for item in grid.split(",")]
    return [dict(zip([k for k, _ in pairs], values)) for values in itertools.product(*(v.split("|") for _, v in pairs))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("held", "train", "all"), default="held")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--piles", type=int, default=30, help="two-story and Multi-News piles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sets", default="", help="only these dev sets, e.g. duc2003_task2,duc2007_update_A")
    parser.add_argument("--grid", default="", help='settings to compare, e.g. "cluster.window_days=7|30"')
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    summarizer = Summarizer.from_config(args.preset)
    kinds = dev_piles(args.half, args.piles, args.seed, args.sets)
    prepared = {}
    for kind, piles in kinds.items():
        prepared[f"{kind}, dated"] = [prepare(summarizer, p) for p in piles]
        prepared[f"{kind}, undated"] = [prepare(summarizer, undated(p)) for p in piles]
    prepared["Multi-News, 2-4 stories"] = [prepare(summarizer, p) for p in multinews_piles(args.piles, args.seed)]
    print(f"dev {args.half} half{' of ' + args.sets if args.sets else ''}, preset {args.preset}, seed {args.seed}\n")
    print("| setting | piles | grouping | | | |\n|---|---|---|---|---|---|")
    for setting in settings(args.grid):
        config = load_config(args.preset, overrides=set_overrides([f"{k}={v}" for k, v in setting.items()]))
        clusterer = StoryClusterer.from_config(config)
        name = ", ".join(f"{k.split('.')[-1]} {v}" for k, v in setting.items()) or args.preset
        for kind, piles in prepared.items():
            print(f"| {name} | {kind} ({len(piles)}) | {score(clusterer, piles, kind.startswith('one'))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
