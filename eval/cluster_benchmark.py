"""Story clustering benchmark: shuffle together the articles of 5-10 Multi-News
validation clusters and measure how well the grouping recovers them (adjusted Rand index).

    python eval/cluster_benchmark.py --preset default --seeds 0,1,2    # 50 mixes per seed
    python eval/cluster_benchmark.py --seeds 0,1,2 --baseline           # also the previous scores
    python eval/cluster_benchmark.py --grid    # sweep threshold x lexical_weight
    python eval/cluster_benchmark.py --dev held --seeds 0,1,2   # whole-article five-story mixes
    python eval/cluster_benchmark.py --dev train --dev-stories 6 --per-story 3   # small piles of short stories
    python eval/cluster_benchmark.py --folder examples/local-news   # one folder; a file's story: its name up to "-"

`--dev held` mixes five whole-article clusters of the dev sets' held half (eval/dev_clusters.py:
DUC 2002, 2003, 2006, 2007; the pair model never learned from it) per mix, each mix once with the
articles' dates and once without (`--dev-sets duc2003` for the TDT event clusters alone;
`--dev-stories` clusters per mix, `--per-story` at most that many articles of each, drawn at random).
`--folder DIR` groups the files of one folder once, each file's true story being its name up to the
first "-" (examples/local-news: "budget-herald.md" and "budget-hpr.md" are one story).
Every row gives the mean pair precision and recall (of article pairs put in one story, the share
that are; of those that are, the share put in one) and the mean number of stories found and true.

Articles that cleaning leaves without sentences are reported and left out of the ARI.
"""
from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from eval.multinews import DEFAULT_VAL, load_clusters  # noqa: E402
from summarizer import Article, load_config  # noqa: E402
from summarizer.run.pipeline import Summarizer  # noqa: E402
from summarizer.stories.grouping import StoryClusterer  # noqa: E402


def make_mixes(clusters: list[dict], mixes: int, low: int, high: int, seed: int) -> list[list[tuple[Article, int]]]:
    rng = random.Random(seed)
    result = []
    for m in range(mixes):
        chosen = rng.sample(range(len(clusters)), rng.randint(low, high))
        items = [
            (Article(id=f"m{m}-c{c}-d{d}", text=doc), c)
            for c in chosen for d, doc in enumerate(clusters[c]["documents"]) if doc.strip()
        ]
        rng.shuffle(items)
        result.append(items)
    return result


def make_dev_mixes(half: str, mixes: int, stories: int, seed: int, dated: bool, sets: str = "",
                   per_story: int = 0):
    """Mixes of `stories` whole-article dev clusters (eval/dev_clusters.py), with or without dates;
    with `per_story`, at most that many articles of each cluster (a seeded draw)."""
    from eval.dev_clusters import dev_items, dev_mixes, load_dev_clusters

    clusters = load_dev_clusters(half)
    chosen = dev_mixes(clusters, mixes, stories, seed, tuple(sets.split(",")) if sets else None)
    if per_story:
        rng = random.Random(seed)
        clusters = {key: rng.sample(members, min(per_story, len(members))) for key, members in clusters.items()}
    return [dev_items(clusters, keys, dated, seed + m, prefix=f"m{m}-") for m, keys in enumerate(chosen)]


def folder_pile(folder: str) -> list[tuple[Article, str]]:
    """The articles of one folder, each labelled by its file name up to the first "-"."""
    from summarizer.read.ingest import read_paths

    return [(a, Path(a.path).name.split("-")[0]) for a in read_paths(sorted(Path(folder).iterdir()))]


def article_vectors(summarizer: Summarizer, mix):
    prepared = summarizer.prepare([a for a, _ in mix])
    label_of = {a.id: label for a, label in mix}
    labels = [label_of[a.given_id] for a in prepared.articles]  # a press digest's item: its digest's
    dates = [a.date for a in prepared.articles]
    return (prepared.ids, prepared.article_texts(), prepared.article_vectors(), labels, dates if any(dates) else None,
            len(mix) - len({a.given_id for a in prepared.articles}))


def ari(clusterer: StoryClusterer, ids, texts, vectors, labels, dates=None) -> tuple:
    """(adjusted Rand index, mean story purity, pair precision, pair recall, stories found,
    true stories) of the stories found in one mix."""
    from eval.scale_benchmark import pair_scores, purity

    stories = clusterer(ids, texts, vectors, dates)
    predicted = {a: n for n, s in enumerate(stories) for a in s.article_ids}
    found = [predicted[i] for i in ids]
    return (adjusted_rand_score(labels, found), purity(labels, found), *pair_scores(labels, found),
            len(stories), len(set(labels)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_VAL))
    parser.add_argument("--mixes", type=int, default=50)
    parser.add_argument("--min-clusters", type=int, default=5)
    parser.add_argument("--max-clusters", type=int, default=10)
    parser.add_argument("--seeds", default="0", help="comma-separated mix seeds; one row each")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--dev", choices=("held", "train", "all"),
                        help="whole-article five-story mixes from this half of the dev clusters instead of "
                             "Multi-News ('train' and 'all' include clusters the pair model learned from)")
    parser.add_argument("--dev-stories", type=int, default=5, help="with --dev: clusters per mix")
    parser.add_argument("--per-story", type=int, default=0, help="with --dev: at most this many articles a cluster")
    parser.add_argument("--folder", help="group the files of this folder once (true story: file name up to '-')")
    parser.add_argument("--dev-sets", default="", help="with --dev: only these sets, e.g. duc2003")
    parser.add_argument("--grid", action="store_true", help="sweep threshold and lexical weight")
    parser.add_argument("--set", dest="extra", action="append", default=[],
                        help="a config override, section.key=value (repeatable)")
    parser.add_argument("--baseline", action="store_true",
                        help="also learned-sentences (the learned score on mean sentence vectors) and hand-set "
                             '(cluster.pair_model: "") on the same mixes')
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # per-article 'no sentences left' notes

    from summarizer.interfaces.options import set_overrides

    config = load_config(args.preset, overrides=set_overrides(args.extra))
    summarizer = Summarizer(config)
    clusters = [] if args.dev or args.folder else load_clusters(args.data)
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.folder:
        print(f"Story clustering of the files in {args.folder} (preset {args.preset})\n")
    elif not args.grid:
        per = f", at most {args.per_story} articles each" if args.per_story else ""
        kind = (f"{args.dev_stories} whole-article dev clusters ({args.dev} half"
                f"{', ' + args.dev_sets if args.dev_sets else ''}{per})"
                if args.dev else f"{args.min_clusters}-{args.max_clusters} Multi-News validation clusters")
        print(f"Story clustering on {args.mixes} mixes of {kind} per seed (preset {args.preset})\n")
    if not args.grid:
        print("| scores | seed | dates | mixes | articles | left out (no sentences) | mean ARI | min ARI | max ARI | "
              "pair precision | pair recall | stories found / true | mean purity | cluster s |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    means: dict[str, list[float]] = {}
    for seed in seeds:
        for name, value in run_seed(args, config, summarizer, clusters, seed).items():
            means.setdefault(name, []).append(value)
    if len(seeds) > 1 and not args.grid:
        for name, values in means.items():
            print(f"\nmean ARI over seeds {args.seeds}, {name}: {np.mean(values):.3f}", end="")
        print()
    return 0


def run_seed(args, config, summarizer, clusters, seed) -> dict:
    if args.folder:
        pile = folder_pile(args.folder)
        return run_mixes(args, config, summarizer, [pile], seed, "yes" if any(a.date for a, _ in pile) else "no")
    if not args.dev:
        return run_mixes(args, config, summarizer, make_mixes(clusters, args.mixes, args.min_clusters,
                                                              args.max_clusters, seed), seed, "–")
    means = {}
    for dated in (True, False):
        mixes = make_dev_mixes(args.dev, args.mixes, args.dev_stories, seed, dated, args.dev_sets, args.per_story)
        for name, value in run_mixes(args, config, summarizer, mixes, seed, "yes" if dated else "no").items():
            means[f"{name}, {'dated' if dated else 'undated'}"] = value
    return means


def run_mixes(args, config, summarizer, mixes, seed, dates: str) -> dict:
    prepared = [article_vectors(summarizer, mix) for mix in mixes]
    dropped = sum(p[5] for p in prepared)
    total = sum(len(m) for m in mixes)

    if args.grid:
        print("| threshold | lexical_weight | mean ARI | min ARI |")
        print("|---|---|---|---|")
        for weight in (0.0, 0.5, 0.7, 0.8, 0.9, 1.0):
            for threshold in (0.7, 0.75, 0.8, 0.85, 0.9):
                c = StoryClusterer(threshold, weight, config.cluster.duplicate_threshold,
                                   config.cluster.attach_threshold)
                scores = [ari(c, *p[:5])[0] for p in prepared]
                print(f"| {threshold} | {weight} | {np.mean(scores):.3f} | {np.min(scores):.3f} |")
        return {}

    scorers = {"learned" if config.cluster.pair_model else "hand-set": StoryClusterer.from_config(config)}
    if args.baseline and config.cluster.pair_model:
        from eval.scale_benchmark import BASELINE_SCORES

        for name, (pair_model, lead_model) in BASELINE_SCORES.items():
            if pair_model and not config.cluster.lead_model:  # the learned default is this baseline
                continue
            scorers[name] = StoryClusterer.from_config(config)
            scorers[name].pair_model, scorers[name].lead_model = pair_model, lead_model
    means = {}
    for name, clusterer in scorers.items():
        started = time.perf_counter()
        results = np.array([ari(clusterer, *p[:5]) for p in prepared])
        seconds = time.perf_counter() - started
        scores = results[:, 0]
        print(f"| {name} | {seed} | {dates} | {len(mixes)} | {total} | {dropped} | {np.mean(scores):.3f} | "
              f"{np.min(scores):.3f} | {np.max(scores):.3f} | {results[:, 2].mean():.3f} | {results[:, 3].mean():.3f} | "
              f"{results[:, 4].mean():.1f} / {results[:, 5].mean():.1f} | {results[:, 1].mean():.3f} | {seconds:.1f} |",
              flush=True)
        means[name] = float(np.mean(scores))
    return means

if __name__ == "__main__":
    sys.exit(main())
