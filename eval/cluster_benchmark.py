"""Story clustering benchmark: shuffle together the articles of 5-10 Multi-News
validation clusters and measure how well the grouping recovers them (adjusted Rand index).

    python eval/cluster_benchmark.py --preset default --seeds 0,1,2    # 50 mixes per seed
    python eval/cluster_benchmark.py --seeds 0,1,2 --baseline           # also the previous scores
    python eval/cluster_benchmark.py --grid    # sweep threshold x lexical_weight

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


def article_vectors(summarizer: Summarizer, mix):
    prepared = summarizer.prepare([a for a, _ in mix])
    kept = {a.id for a in prepared.articles}
    labels = [label for a, label in mix if a.id in kept]
    return prepared.ids, prepared.article_texts(), prepared.article_vectors(), labels, len(mix) - len(kept)


def ari(clusterer: StoryClusterer, ids, texts, vectors, labels) -> tuple[float, float]:
    """(adjusted Rand index, mean story purity) of the stories found in one mix."""
    from eval.scale_benchmark import purity

    stories = clusterer(ids, texts, vectors)
    predicted = {a: n for n, s in enumerate(stories) for a in s.article_ids}
    found = [predicted[i] for i in ids]
    return adjusted_rand_score(labels, found), purity(labels, found)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_VAL))
    parser.add_argument("--mixes", type=int, default=50)
    parser.add_argument("--min-clusters", type=int, default=5)
    parser.add_argument("--max-clusters", type=int, default=10)
    parser.add_argument("--seeds", default="0", help="comma-separated mix seeds; one row each")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--grid", action="store_true", help="sweep threshold and lexical weight")
    parser.add_argument("--baseline", action="store_true",
                        help="also learned-sentences (the learned score on mean sentence vectors) and hand-set "
                             '(cluster.pair_model: "") on the same mixes')
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # per-article 'no sentences left' notes

    config = load_config(args.preset)
    summarizer = Summarizer(config)
    clusters = load_clusters(args.data)
    seeds = [int(s) for s in args.seeds.split(",")]
    if not args.grid:
        print(f"Story clustering on {args.mixes} mixes of {args.min_clusters}-{args.max_clusters} Multi-News "
              f"validation clusters per seed (preset {args.preset})\n")
        print("| scores | seed | mixes | articles | left out (no sentences) | mean ARI | min ARI | max ARI | "
              "mean purity | cluster s |")
        print("|---|---|---|---|---|---|---|---|---|---|")
    means: dict[str, list[float]] = {}
    for seed in seeds:
        for name, value in run_seed(args, config, summarizer, clusters, seed).items():
            means.setdefault(name, []).append(value)
    if len(seeds) > 1 and not args.grid:
        for name, values in means.items():
            print(f"\nmean ARI over seeds {args.seeds}, {name}: {np.mean(values):.3f}", end="")
        print()
    return 0


def run_seed(args, config, summarizer, clusters, seed) -> float:
    mixes = make_mixes(clusters, args.mixes, args.min_clusters, args.max_clusters, seed)
    prepared = [article_vectors(summarizer, mix) for mix in mixes]
    dropped = sum(p[4] for p in prepared)
    total = sum(len(m) for m in mixes)

    if args.grid:
        print("| threshold | lexical_weight | mean ARI | min ARI |")
        print("|---|---|---|---|")
        for weight in (0.0, 0.5, 0.7, 0.8, 0.9, 1.0):
            for threshold in (0.7, 0.75, 0.8, 0.85, 0.9):
                c = StoryClusterer(threshold, weight, config.cluster.duplicate_threshold,
                                   config.cluster.attach_threshold)
                scores = [ari(c, *p[:4])[0] for p in prepared]
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
        results = [ari(clusterer, *p[:4]) for p in prepared]
        seconds = time.perf_counter() - started
        scores = [r[0] for r in results]
        print(f"| {name} | {seed} | {len(mixes)} | {total} | {dropped} | {np.mean(scores):.3f} | {np.min(scores):.3f} | "
              f"{np.max(scores):.3f} | {np.mean([r[1] for r in results]):.3f} | {seconds:.1f} |", flush=True)
        means[name] = float(np.mean(scores))
    return means

if __name__ == "__main__":
    sys.exit(main())
