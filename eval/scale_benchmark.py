"""Story clustering at scale: Multi-News validation articles shuffled into one pile of about
1,000, 5,000 or all (~14,000 with sentences) articles, clustered through the real pipeline
(`Summarizer.prepare` then `Summarizer.cluster`), each size in its own process.

    python eval/scale_benchmark.py                        # fast preset; 1k, 5k, all; seed 0
    python eval/scale_benchmark.py --sizes 1000,5000 --seeds 0,1,2 --baseline

Prints per size: adjusted Rand index against the Multi-News clusters, mean story purity
(share of a found story's articles from its most common true cluster), seconds (prepare =
clean + split + embed; cluster = near-copies + neighbours + linkage) and the process's peak
memory (max RSS). `learned` is the default (neighbour search over MiniLM lead vectors,
learned same-story probability); --recall adds the share of true same-story pairs among the
candidate pairs and the ARI a perfect pair score would reach on those candidates; --baseline
also runs `learned-sentences` (the previous default: the same with the mean sentence vectors
and the model trained on them,
`cluster.lead_model: ""`, `cluster.pair_model: multinews-sentences`), `hand-set` (the
neighbour search on sentence vectors with the hand-set relative similarity,
`cluster.pair_model: ""`) and the older all-pairs algorithm (dense n x n similarity, average
linkage over all pairs) on the same vectors, up to 5,000 articles.
Multi-News clusters are sometimes mixed themselves (one cluster about several Super Bowl ads,
another about four unrelated events), so a perfect grouping of the events scores below 1.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Earlier scores on the same neighbour search, as (cluster.pair_model, cluster.lead_model).
BASELINE_SCORES = {"learned-sentences": ("multinews-sentences", ""), "hand-set": ("", "")}


def pile(data: str, size: int | None, seed: int):
    """Whole Multi-News clusters in a seeded random order until `size` articles (None: all),
    the articles then shuffled; returns (Article, cluster index) pairs."""
    from eval.multinews import load_clusters
    from summarizer import Article

    clusters = load_clusters(data)
    order = list(range(len(clusters)))
    rng = random.Random(seed)
    rng.shuffle(order)
    items = []
    for c in order:
        if size is not None and len(items) >= size:
            break
        items += [(Article(id=f"c{c}-d{d}", text=doc), c) for d, doc in enumerate(clusters[c]["documents"])
                  if doc.strip()]
    rng.shuffle(items)
    return items


def purity(truth: list[int], predicted: list[int]) -> float:
    groups: dict[int, list[int]] = {}
    for t, p in zip(truth, predicted):
        groups.setdefault(p, []).append(t)
    return sum(Counter(g).most_common(1)[0][1] / len(g) for g in groups.values()) / len(groups)


def all_pairs_labels(clusterer, texts, vectors):
    """The previous algorithm: one dense n x n similarity, average linkage over all pairs,
    lone articles attached by mean similarity (for comparison only)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from summarizer.stories.features import ArticleSpace

    space = ArticleSpace(texts, vectors, clusterer.lexical_weight)
    similarity = space.block(np.arange(len(texts)))
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), "average"), t=0.85, criterion="distance")
    old = type(clusterer)(attach_threshold=0.1)
    return old.attach_lone_articles(labels, similarity)


def recorded_encoder():
    """A LeadEncoder that embeds here and keeps its chunks, and one that replays them: the
    recall count reads the leads the timed run embedded instead of embedding them again."""
    from summarizer.stories.features import encode_here

    chunks: list = []

    def record(model, parts):
        for chunk in encode_here(model, parts):
            chunks.append(chunk)
            yield chunk

    return record, lambda model, parts: iter(chunks)


def candidate_recall(clusterer, prepared, labels: list[int], encode_leads=None) -> tuple[float, float]:
    """Share of the true same-story pairs among the clusterer's candidate pairs (either
    article among the other's nearest neighbours), on the vectors it compares this pile by;
    and the ARI a perfect pair score would reach on these candidates (stories = connected
    components of the true same-story candidate pairs): what is lost to the search, not
    to the score."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.metrics import adjusted_rand_score

    from summarizer.stories.features import ArticleSpace, leading_words

    texts = prepared.article_texts()
    n = len(texts)
    vectors = clusterer.lead_vectors(texts, encode_leads=encode_leads) if clusterer.lead_model \
        else prepared.article_vectors()
    space = ArticleSpace(leading_words(texts, clusterer.max_words), vectors, clusterer.lexical_weight)
    rows, cols, _ = clusterer.neighbor_graph(space, np.full(n, np.nan))
    truth = np.array(labels)
    total = sum(k * (k - 1) // 2 for k in Counter(labels).values())
    same = truth[rows] == truth[cols]
    graph = coo_matrix((np.ones(same.sum()), (rows[same], cols[same])), shape=(n, n))
    _, components = connected_components(graph, directed=False)
    return float(same.sum() / max(total, 1)), float(adjusted_rand_score(truth, components))


def worker(job: dict) -> dict:
    from sklearn.metrics import adjusted_rand_score

    from summarizer import Summarizer

    logging.disable(logging.WARNING)
    items = pile(job["data"], job["size"], job["seed"])
    summarizer = Summarizer.from_config(job["preset"])
    started = time.perf_counter()
    prepared = summarizer.prepare([a for a, _ in items])
    prepare_s = time.perf_counter() - started
    if job["algorithm"] in BASELINE_SCORES:
        summarizer.clusterer.pair_model, summarizer.clusterer.lead_model = BASELINE_SCORES[job["algorithm"]]
    record, replay = recorded_encoder()
    started = time.perf_counter()
    if job["algorithm"] == "all-pairs":
        labels = all_pairs_labels(summarizer.clusterer, prepared.article_texts(), prepared.article_vectors())
        predicted = dict(zip(prepared.ids, (int(x) for x in labels)))
        stories = len(set(labels))
    else:
        found = summarizer.cluster(prepared, encode_leads=record)
        predicted = {a: n for n, s in enumerate(found) for a in s.article_ids}
        stories = len(found)
    cluster_s = time.perf_counter() - started
    truth = dict((a.id, c) for a, c in items)
    ids = prepared.ids
    true_labels = [truth[i] for i in ids]
    found_labels = [predicted[i] for i in ids]
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # before the recall count
    recall, ceiling = (candidate_recall(summarizer.clusterer, prepared, true_labels, replay)
                       if job.get("recall") and job["algorithm"] != "all-pairs" else (None, None))
    return {
        "recall": recall, "ceiling": ceiling,
        "articles": len(ids), "given": len(items), "true_stories": len(set(true_labels)), "stories": stories,
        "ari": adjusted_rand_score(true_labels, found_labels), "purity": purity(true_labels, found_labels),
        "prepare_s": prepare_s, "cluster_s": cluster_s,
        "peak_gib": peak_gib,
    }


def run_job(job: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", json.dumps(job)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"worker failed for {job}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    from eval.multinews import DEFAULT_VAL

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_VAL))
    parser.add_argument("--preset", default="fast")
    parser.add_argument("--sizes", default="1000,5000,all", help="articles per pile, 'all' for every one")
    parser.add_argument("--seeds", default="0", help="comma-separated pile seeds")
    parser.add_argument("--baseline", action="store_true",
                        help="also learned-sentences, hand-set and (up to 5,000 articles) all-pairs")
    parser.add_argument("--recall", action="store_true",
                        help="also the share of true same-story pairs among the candidate pairs, and the ARI "
                             "a perfect pair score would reach on them (after timing)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0

    sizes = [None if s == "all" else int(s) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"Story clustering at scale: Multi-News validation piles, preset {args.preset}, "
          "each run in its own process\n")
    recall_head, recall_rule = ((" true pairs among candidates | ARI with a perfect pair score |", "---|---|")
                                if args.recall else ("", ""))
    print("| algorithm | pile | seed | articles | true stories | stories found | ARI | mean purity | "
          f"prepare s | cluster s | total s | peak GiB |{recall_head}")
    print(f"|---|---|---|---|---|---|---|---|---|---|---|---|{recall_rule}")
    for size in sizes:
        for seed in seeds:
            algorithms = ["learned"] + (list(BASELINE_SCORES) if args.baseline else [])
            if args.baseline and size is not None and size <= 5000:
                algorithms.append("all-pairs")
            for algorithm in algorithms:
                r = run_job({"data": args.data, "size": size, "seed": seed, "preset": args.preset,
                             "algorithm": algorithm, "recall": args.recall})
                recall = ("" if not args.recall else " – | – |" if r["recall"] is None
                          else f" {r['recall']:.1%} | {r['ceiling']:.3f} |")
                print(f"| {algorithm} | {size or 'all'} | {seed} | {r['articles']:,} | {r['true_stories']:,} | "
                      f"{r['stories']:,} | {r['ari']:.3f} | {r['purity']:.3f} | {r['prepare_s']:.1f} | "
                      f"{r['cluster_s']:.1f} | {r['prepare_s'] + r['cluster_s']:.1f} | {r['peak_gib']:.2f} |{recall}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
