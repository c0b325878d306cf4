"""Train the learned same-story probability (summarizer/pair_model.py) on Multi-News *train*
clusters (never validation), and pick its cut on train too.

    .venv/bin/python -m eval.train_pair_model            # writes summarizer/models/pair-multinews.npz

Training piles: whole train clusters shuffled into piles of about 1,000, 5,000 and 15,000
articles, plus 150 mixes of 5-10 clusters (the pile density the features describe differs
from one to the other). Articles are read, cleaned, split and embedded by the `fast` preset;
the article vectors are those the clusterer compares in a pile: the `--lead-model` embedder's
vectors of each article's lead (default `cluster.lead_model`, MiniLM), or with `--lead-model ''`
the mean of its sentence vectors (then `--name multinews-sentences`). The model records which,
and the clusterer refuses a model trained on other vectors. Each pile's candidate pairs (the
clusterer's own neighbour search) are labelled same / other story. The cut (`cluster.min_probability`)
is the one with the best mean ARI over the training piles and mixes, from a small grid.
"""
from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.stories.pair_model import MODELS, PairModel  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "multinews" / "train.jsonl.gz"
CUTS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def prepared_pile(summarizer, clusters: list[dict], size: int, seed: int):
    """(texts, vectors, cluster labels) of whole clusters in a seeded order up to `size` articles."""
    from summarizer import Article

    rng = random.Random(seed)
    order = list(range(len(clusters)))
    rng.shuffle(order)
    items = []
    for c in order:
        if len(items) >= size:
            break
        items += [(Article(id=f"c{c}-d{d}", text=doc), c) for d, doc in enumerate(clusters[c]["documents"])
                  if doc.strip()]
    rng.shuffle(items)
    prepared = summarizer.prepare([a for a, _ in items])
    truth = dict((a.id, c) for a, c in items)
    return prepared.article_texts(), prepared.article_vectors(), np.array([truth[i] for i in prepared.ids])


def mixes(labels: np.ndarray, count: int, seed: int) -> list[np.ndarray]:
    """Index sets of `count` mixes of 5-10 whole clusters drawn from one prepared pile."""
    rng = random.Random(seed)
    by_cluster: dict[int, list[int]] = {}
    for i, c in enumerate(labels):
        by_cluster.setdefault(int(c), []).append(i)
    keys = sorted(by_cluster)
    result = []
    for _ in range(count):
        members = [i for c in rng.sample(keys, rng.randint(5, 10)) for i in by_cluster[c]]
        rng.shuffle(members)
        result.append(np.array(members))
    return result


class KnownLeads:
    """Lead vectors made once per pile, looked up by text, so comparing cuts does not embed
    the piles again (a StoryClusterer whose `lead_vectors` reads them)."""

    def __init__(self, piles):
        self.vectors = {t: v for texts, _, _, leads in piles for t, v in zip(texts, leads)}

    def clusterer(self, **settings):
        from summarizer.stories.grouping import StoryClusterer

        known = self.vectors

        class Clusterer(StoryClusterer):
            def lead_vectors(self, texts, progress=None):
                return np.stack([known[t] for t in texts])

        return Clusterer(**settings)


def candidate_features(clusterer, texts, vectors, labels):
    """Features and same-story labels of the clusterer's candidate pairs in one pile."""
    from summarizer.stories.features import ArticleSpace, leading_words
    from summarizer.stories.pair_model import pair_features
    from summarizer.stories.similarity import LearnedSimilarity, neighbour_ranks

    n = len(texts)
    space = ArticleSpace(leading_words(texts, clusterer.max_words), vectors, clusterer.lexical_weight)
    rows, cols, sims = clusterer.neighbor_graph(space, np.full(n, np.nan))
    ranks = neighbour_ranks(n, rows, cols, sims)
    background = clusterer.background(n, rows, cols, sims, ranks)
    inputs = LearnedSimilarity(space, background, None, rows, cols, ranks).pair_inputs(rows, cols, sims)
    features = pair_features(inputs)
    return features, labels[rows] == labels[cols]


def mean_ari(clusterer, piles) -> float:
    from sklearn.metrics import adjusted_rand_score

    scores = []
    for texts, vectors, labels, _ in piles:
        ids = [f"a{i}" for i in range(len(texts))]
        stories = clusterer(ids, texts, vectors)
        found = {a: k for k, s in enumerate(stories) for a in s.article_ids}
        scores.append(adjusted_rand_score(labels, [found[i] for i in ids]))
    return float(np.mean(scores))


def main(argv=None) -> int:
    from eval.multinews import load_clusters
    from summarizer import Summarizer
    from summarizer.stories.grouping import StoryClusterer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(TRAIN))
    parser.add_argument("--sizes", default="1000,5000,15000")
    parser.add_argument("--mixes", type=int, default=150)
    parser.add_argument("--name", default="multinews")
    parser.add_argument("--lead-model", help="embedder of article leads (default: cluster.lead_model; '' = "
                        "sentence-vector means)")
    parser.add_argument("--neighbors", type=int, help="candidates per article (default: cluster.neighbors)")
    parser.add_argument("--cuts", default=",".join(map(str, CUTS)), help="min_probability values to compare")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    if "train" not in Path(args.data).name:
        raise SystemExit("train on the training split only (--data .../train.jsonl.gz)")

    started = time.perf_counter()
    summarizer = Summarizer.from_config("fast")
    base = summarizer.config.cluster
    if args.neighbors:
        base = replace(base, neighbors=args.neighbors)
    if args.lead_model is not None:
        base = replace(base, lead_model=args.lead_model)
    settings = dict(neighbors=base.neighbors, background_k=base.background_k, lexical_weight=base.lexical_weight,
                    max_words=base.max_words, lead_model=base.lead_model, lead_words=base.lead_words)
    clusterer = StoryClusterer(**settings)
    clusters = load_clusters(args.data)
    piles = []
    for seed, size in enumerate(args.sizes.split(",")):
        texts, vectors, labels = prepared_pile(summarizer, clusters, int(size), seed)
        piles.append((texts, vectors, labels, clusterer.lead_vectors(texts) if base.lead_model else vectors))
    largest = max(piles, key=lambda p: len(p[0]))
    mix_piles = [([largest[0][i] for i in m], largest[1][m], largest[2][m], largest[3][m])
                 for m in mixes(largest[2], args.mixes, seed=99)]
    leads = KnownLeads(piles)
    print(f"prepared {sum(len(p[0]) for p in piles):,} articles in {len(piles)} piles and {len(mix_piles)} mixes, "
          f"{time.perf_counter() - started:.0f}s", flush=True)

    parts = [candidate_features(clusterer, texts, pair_vectors, labels)
             for texts, _, labels, pair_vectors in piles + mix_piles]
    features = np.vstack([f for f, _ in parts])
    same = np.concatenate([y for _, y in parts])
    model = PairModel.fit(features, same, vectors=base.lead_model or "sentences")
    path = MODELS / f"pair-{args.name}.npz"
    model.save(path)
    load_cache_clear()
    print(f"{len(same):,} candidate pairs ({same.mean():.1%} same story); wrote {path.relative_to(ROOT)}", flush=True)

    print("\n| min_probability | mean ARI, piles | mean ARI, mixes |\n|---|---|---|")
    for cut in [float(c) for c in args.cuts.split(",") if c]:
        learned = leads.clusterer(**settings, pair_model=str(path), min_probability=cut)
        print(f"| {cut} | {mean_ari(learned, piles):.3f} | {mean_ari(learned, mix_piles):.3f} |", flush=True)
    print(f"\n{time.perf_counter() - started:.0f}s")
    return 0


def load_cache_clear() -> None:
    from summarizer.stories.pair_model import load_pair_model

    load_pair_model.cache_clear()


if __name__ == "__main__":
    sys.exit(main())
