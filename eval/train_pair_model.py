"""Train the learned same-story probability (summarizer/pair_model.py) on whole-article dev
clusters (the `train` half of eval/dev_clusters.py; the `held` half is never read here) and
Multi-News *train* clusters (never validation), and pick its cut by cross-validation on both.

    .venv/bin/python -m eval.train_pair_model --pile-share 0.5 --undated-floor 0.872   # writes summarizer/models/pair-multinews.npz
    .venv/bin/python -m eval.train_pair_model --lead-model wordllama --name wordllama --pile-share 0.5 --undated-floor 0.851
    .venv/bin/python -m eval.train_pair_model --describe multinews   # how a model weighs the date gap

Training groups, each a pile the clusterer searches on its own, with its candidate pairs
labelled same / other story:
- dev: the train half split in two by cluster (A, B); per part its pile and `--dev-mixes`
  mixes of five clusters, each once with the articles' dates and once without (so undated
  articles learn their own level), and for the final model also the whole train-half pile;
- Multi-News: train clusters shuffled into piles of about `--sizes` articles plus `--mixes`
  mixes of 5-10 clusters (undated).
Dev and Multi-News pairs get `--dev-share` and 1 - dev-share of the total weight; with
`--pile-share`, within each kind its piles carry that share and its mixes the rest (without it,
weights follow pair counts, so mixes dominate). `--undated-sets`, `--leave-out`: variants that
were compared (docs/stories.md). Articles are
read, cleaned and split by the `fast` preset; the article vectors are those the clusterer compares:
the `--lead-model` embedder's vectors of each lead (default: the default preset's
`cluster.lead_model`, MiniLM), or with `--lead-model ''` the mean of its sentence vectors (then
`--name multinews-sentences`). The model records which, and the clusterer refuses a model trained
on other vectors.

The cut (`cluster.min_probability`) is chosen from a small grid by two-fold cross-validation on
training data of both kinds: the dev train half and the Multi-News train clusters are each split
in two by cluster (A, B); A's groups (dev piles and mixes, dated and undated; Multi-News piles cut
to A's clusters and mixes of them) are clustered by a model trained on B's only, and B's by one
trained on A's. Criterion: the mean over four kinds (dev mixes, dev piles, Multi-News mixes,
Multi-News piles) of each kind's mean pair F0.5 (the F-score of same-story
article pairs with precision weighted twice as much as recall, since a brief that mixes two
stories is worse than two briefs of one), among the cuts whose mean dev ARI on the undated
groups reaches `--undated-floor` (the previous model's figure on the same folds, so undated
whole-article piles keep their recall). The table also gives mean ARI, pair precision and recall.
"""
from __future__ import annotations

import argparse
import logging
import pickle
import random
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.stories.pair_model import MODELS, PAIR_FEATURES, PairModel  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "multinews" / "train.jsonl.gz"
CUTS = (0.2, 0.25, 0.3, 0.35, 0.4)


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
    labels = [truth[prepared.by_id[i].given_id] for i in prepared.ids]  # a press digest's item: its digest's
    return prepared.article_texts(), prepared.article_vectors(), np.array(labels)


def mixes(labels: np.ndarray, count: int, seed: int, low: int = 5, high: int = 10) -> list[np.ndarray]:
    """Index sets of `count` mixes of low-high whole clusters drawn from one prepared pile."""
    rng = random.Random(seed)
    by_cluster: dict = {}
    for i, c in enumerate(labels):
        by_cluster.setdefault(c.item() if hasattr(c, "item") else c, []).append(i)
    keys = sorted(by_cluster)
    result = []
    for _ in range(count):
        members = [i for c in rng.sample(keys, min(len(keys), rng.randint(low, high))) for i in by_cluster[c]]
        rng.shuffle(members)
        result.append(np.array(members))
    return result


@dataclass
class Group:
    """One pile the clusterer searches on its own: texts, true labels, dates (None: undated)
    and lead vectors; `part`: 'A' or 'B' (a dev train part), 'all' (the whole dev train half)
    or 'multinews'."""
    texts: list[str]
    labels: np.ndarray
    dates: list
    vectors: np.ndarray
    part: str

    def subset(self, index: np.ndarray, dated: bool = True) -> "Group":
        dates = [self.dates[i] if dated else None for i in index]
        return Group([self.texts[i] for i in index], self.labels[index], dates, self.vectors[index], self.part)

    @property
    def days(self) -> np.ndarray:
        from summarizer.stories.features import day_number

        return np.array([day_number(d) for d in self.dates])


def dev_groups(summarizer, clusterer, dev_mixes: int) -> list[Group]:
    """The dev train half's piles and five-cluster mixes, dated and undated (see the module doc)."""
    from eval.dev_clusters import dev_items, load_dev_clusters

    clusters = load_dev_clusters("train")
    items = dev_items(clusters, list(clusters), dated=True, seed=0)
    prepared = summarizer.prepare([a for a, _ in items])
    truth = {a.id: key for a, key in items}
    date = {a.id: a.date for a, _ in items}
    texts = prepared.article_texts()
    labels = np.array([truth[prepared.by_id[i].given_id] for i in prepared.ids])
    whole = Group(texts, labels, [date[prepared.by_id[i].given_id] for i in prepared.ids],
                  clusterer.lead_vectors(texts) if clusterer.lead_model else prepared.article_vectors(), "all")
    groups = [whole.subset(np.arange(len(texts)), dated) for dated in (True, False)]
    for part in ("A", "B"):
        index = np.flatnonzero([dev_part(key) == part for key in labels])
        pile = replace(whole.subset(index), part=part)
        for chosen in [np.arange(len(index))] + mixes(pile.labels, dev_mixes, seed=ord(part), low=5, high=5):
            groups += [pile.subset(chosen, dated) for dated in (True, False)]
    return groups


def dev_part(key: str) -> str:
    """'A' or 'B': the dev train half split in two by cluster, for choosing the cut."""
    import hashlib

    return "AB"[int(hashlib.sha1(("part:" + key).encode()).hexdigest(), 16) % 2]


MULTINEWS_FOLD_MIXES = 15  # Multi-News mixes of 5-10 clusters per fold part


def multinews_part(cluster) -> str:
    """'A' or 'B': Multi-News train clusters split in two, for the cut's cross-validation."""
    import hashlib

    return "AB"[int(hashlib.sha1(f"multinews:{cluster}".encode()).hexdigest(), 16) % 2]


def multinews_folds(groups: list[Group]) -> list[Group]:
    """Per part ('mnA', 'mnB'): each Multi-News train pile cut to that part's clusters, and
    MULTINEWS_FOLD_MIXES mixes of 5-10 of its clusters from the largest, so the cut and model
    are also judged on Multi-News groups that the fold model never learned from."""
    piles = [g for g in groups if g.part == "multinews" and len(g.texts) > 200]
    result = []
    for part in ("A", "B"):
        cut = [replace(g.subset(np.flatnonzero([multinews_part(c) == part for c in g.labels.tolist()])),
                       part="mn" + part) for g in piles]
        result += cut + [cut[-1].subset(m) for m in mixes(cut[-1].labels, MULTINEWS_FOLD_MIXES, seed=ord(part) + 99)]
    return result


def group_kind(group: Group) -> str:
    """'dev' or 'news', 'pile' or 'mix' (over 200 articles: a pile), ' dated' or 'undated'."""
    return (("dev" if is_dev(group) else "news") + (" pile" if len(group.texts) > 200 else " mix")
            + (" dated" if any(group.dates) else " undated"))


def kind_mean(scores: np.ndarray, kinds: np.ndarray, column: int, *kind: str) -> float:
    """Mean of one `grouping_scores` column over the groups whose `group_kind` holds every `kind` part."""
    return float(scores[np.all([np.char.find(kinds, k) >= 0 for k in kind], axis=0), column].mean())


def is_dev(group: Group) -> bool:
    return group.part in ("A", "B", "all")


def pair_weights(group: Group, rows: np.ndarray, cols: np.ndarray, undated_sets, other_undated: float,
                 dated_too: bool = False) -> np.ndarray:
    """Training weight of each candidate pair of a group: 1, except for an undated dev pair
    (either article without a date) with an article of a set outside `undated_sets`, which
    weighs `other_undated` (so loose topic clusters need not teach the undated level); None:
    every set."""
    weights = np.ones(len(rows))
    if undated_sets is None or not is_dev(group):
        return weights
    undated = np.array([d is None or dated_too for d in group.dates])
    inside = np.array([str(label).split(":")[0] in undated_sets for label in group.labels.tolist()])
    weights[(undated[rows] | undated[cols]) & ~(inside[rows] & inside[cols])] = other_undated
    return weights


class KnownLeads:
    """Lead vectors made once per pile, looked up by text, so comparing cuts does not embed
    the piles again (a StoryClusterer whose `lead_vectors` reads them)."""

    def __init__(self, groups: list[Group]):
        self.vectors = {t: v for g in groups for t, v in zip(g.texts, g.vectors)}

    def clusterer(self, **settings):
        from summarizer.stories.grouping import StoryClusterer

        known = self.vectors

        class Clusterer(StoryClusterer):
            def lead_vectors(self, texts, progress=None, encode_leads=None):
                return np.stack([known[t] for t in texts])

        return Clusterer(**settings)


def candidate_features(clusterer, group: Group, undated_sets=None, other_undated: float = 0.0,
                       dated_too: bool = False):
    """Features, same-story labels and training weights (`pair_weights`) of the clusterer's
    candidate pairs in one pile."""
    from summarizer.stories.features import ArticleSpace, leading_words
    from summarizer.stories.pair_model import pair_features
    from summarizer.stories.similarity import LearnedSimilarity, neighbour_ranks

    n = len(group.texts)
    space = ArticleSpace(leading_words(group.texts, clusterer.max_words), group.vectors, clusterer.lexical_weight)
    rows, cols, sims = clusterer.neighbor_graph(space, group.days)
    ranks = neighbour_ranks(n, rows, cols, sims)
    background = clusterer.background(n, rows, cols, sims, ranks)
    inputs = LearnedSimilarity(space, background, None, rows, cols, ranks, group.days,
                               clusterer.profile(n, rows, cols, sims, ranks)).pair_inputs(rows, cols, sims)
    return (pair_features(inputs), group.labels[rows] == group.labels[cols],
            pair_weights(group, rows, cols, undated_sets, other_undated, dated_too))


def fitted(parts, groups, keep, dev_share: float, vectors: str, trained_on=(), names=PAIR_FEATURES,
           pile_share: float | None = None) -> PairModel:
    """A model on the candidate pairs of the groups `keep` accepts (each pair with its
    `pair_weights`), dev and Multi-News pairs weighted to dev_share and 1 - dev_share of the whole."""
    chosen = [(f, y, w, is_dev(g)) for (f, y, w), g in zip(parts, groups) if keep(g)]
    if pile_share is not None:  # within dev and within Multi-News, piles weigh pile_share and mixes the rest
        kinds = [group_kind(g).split(" ")[:2] for g in groups if keep(g)]
        summed: dict = {}
        for (_, _, w, _), (source, size) in zip(chosen, kinds):
            summed[source, size] = summed.get((source, size), 0.0) + w.sum()
        share = {"pile": pile_share, "mix": 1 - pile_share}
        chosen = [(f, y, w * share[size] * (summed.get((source, "pile"), 0) + summed.get((source, "mix"), 0))
                   / summed[source, size], d) for (f, y, w, d), (source, size) in zip(chosen, kinds)]
    features = np.vstack([f for f, _, _, _ in chosen])
    same = np.concatenate([y for _, y, _, _ in chosen])
    weights = np.concatenate([w for _, _, w, _ in chosen])
    dev = np.concatenate([np.full(len(y), d) for _, y, _, d in chosen])
    dev_total, total = weights[dev].sum(), weights.sum()
    if 0 < dev_total < total:
        weights = weights * np.where(dev, dev_share / dev_total, (1 - dev_share) / (total - dev_total)) * len(weights)
    keep_pairs = weights > 0
    return PairModel.fit(features[keep_pairs], same[keep_pairs], vectors=vectors, trained_on=trained_on,
                         weights=weights[keep_pairs], names=names)


def grouping_scores(clusterer, groups: list[Group]) -> np.ndarray:
    """Per group: ARI, pair precision, pair recall and pair F0.5 (precision weighted twice)."""
    from sklearn.metrics import adjusted_rand_score

    from eval.scale_benchmark import pair_scores

    scores = []
    for g in groups:
        ids = [f"a{i}" for i in range(len(g.texts))]
        stories = clusterer(ids, g.texts, g.vectors, g.dates if any(g.dates) else None)
        found = {a: k for k, s in enumerate(stories) for a in s.article_ids}
        predicted = [found[i] for i in ids]
        precision, recall = pair_scores(g.labels.tolist(), predicted)
        f05 = 1.25 * precision * recall / max(0.25 * precision + recall, 1e-9)
        scores.append((adjusted_rand_score(g.labels, predicted), precision, recall, f05))
    return np.array(scores)


def prepared_groups(args, summarizer, clusterer) -> list[Group]:
    """The dev groups and the Multi-News train piles and mixes, read, cleaned and embedded."""
    from eval.multinews import load_clusters

    groups = dev_groups(summarizer, clusterer, args.dev_mixes)
    clusters = load_clusters(args.data)
    for seed, size in enumerate(args.sizes.split(",")):
        texts, vectors, labels = prepared_pile(summarizer, clusters, int(size), seed)
        leads = clusterer.lead_vectors(texts) if clusterer.lead_model else vectors
        pile = Group(texts, labels, [None] * len(texts), leads, "multinews")
        groups.append(pile)
    return groups + [pile.subset(m) for m in mixes(pile.labels, args.mixes, seed=99)]


def describe_time(name: str) -> None:
    """The change in a model's log-odds as the date gap grows, every other feature at its
    training mean (a model without time features says so)."""
    from summarizer.stories.pair_model import hinge_basis, load_pair_model

    model = load_pair_model(name)
    if "log_gap_days" not in model.features:
        print(f"{name}: no time features")
        return
    gap, dated = model.features.index("log_gap_days"), model.features.index("dated")
    features = np.tile(model.mean, (1, 1))
    features[0, dated] = 1.0

    def logit(days: float) -> float:
        features[0, gap] = np.log1p(days)
        basis = hinge_basis(features, model.mean, model.scale, model.low, model.high, model.knots)
        return float((basis @ model.coef)[0] + model.intercept)

    print(f"| gap, days | change in log-odds from a gap of 0 ({name}) |\n|---|---|")
    for days in (1, 7, 30, 90, 365, 1000):
        print(f"| {days} | {logit(days) - logit(0):+.2f} |")


def main(argv=None) -> int:
    from eval.dev_clusters import load_dev_clusters
    from summarizer import Summarizer, load_config
    from summarizer.stories.grouping import StoryClusterer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(TRAIN))
    parser.add_argument("--sizes", default="1000,3000", help="Multi-News train piles, articles each")
    parser.add_argument("--mixes", type=int, default=30, help="Multi-News mixes of 5-10 clusters")
    parser.add_argument("--dev-mixes", type=int, default=30, help="five-cluster mixes per dev train part")
    parser.add_argument("--dev-share", type=float, default=0.5, help="share of the training weight on dev pairs")
    parser.add_argument("--undated-sets", help="dev sets whose undated copies train the model at full weight "
                        "(comma-separated, e.g. duc2003_task2,duc2007; default: every set)")
    parser.add_argument("--other-undated-weight", type=float, default=0.0,
                        help="with --undated-sets: weight of the other sets' undated pairs")
    parser.add_argument("--undated-floor", type=float, default=0.0,
                        help="choose only among cuts whose mean dev ARI, undated, reaches this")
    parser.add_argument("--pile-share", type=float, help="share of each kind's training weight on its piles "
                        "(default: as many pairs as they have)")
    parser.add_argument("--dated-too", action="store_true", help="--undated-sets weighs the dated pairs too")
    parser.add_argument("--leave-out", default="", help="pair features the model does not read (comma-separated)")
    parser.add_argument("--name", default="multinews")
    parser.add_argument("--lead-model", help="embedder of article leads (default: cluster.lead_model; '' = "
                        "sentence-vector means)")
    parser.add_argument("--neighbors", type=int, help="candidates per article (default: cluster.neighbors)")
    parser.add_argument("--cache", help="a pickle of the prepared piles: written on the first run, read after "
                        "(outside the project; to compare --dev-share values without embedding again)")
    parser.add_argument("--describe", metavar="MODEL", help="only print how MODEL weighs the date gap")
    parser.add_argument("--cuts", default=",".join(map(str, CUTS)), help="min_probability values to compare")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    if args.describe:
        describe_time(args.describe)
        return 0
    if "train" not in Path(args.data).name:
        raise SystemExit("train on the training split only (--data .../train.jsonl.gz)")

    started = time.perf_counter()
    summarizer = Summarizer.from_config("fast")
    # the default preset's grouping settings (MiniLM leads): the fast preset only reads, cleans and splits
    base = load_config("default").cluster
    if args.neighbors:
        base = replace(base, neighbors=args.neighbors)
    if args.lead_model is not None:
        base = replace(base, lead_model=args.lead_model)
    settings = dict(neighbors=base.neighbors, background_k=base.background_k, lexical_weight=base.lexical_weight,
                    max_words=base.max_words, lead_model=base.lead_model, lead_words=base.lead_words,
                    window_days=base.window_days)
    clusterer = StoryClusterer(**settings)
    if args.cache and Path(args.cache).is_file():
        with open(args.cache, "rb") as handle:
            groups = pickle.load(handle)
    else:
        groups = prepared_groups(args, summarizer, clusterer)
        if args.cache:
            with open(args.cache, "wb") as handle:
                pickle.dump(groups, handle)
    leads = KnownLeads(groups)
    print(f"prepared {len(groups)} piles and mixes, {sum(len(g.texts) for g in groups):,} articles in all, "
          f"{time.perf_counter() - started:.0f}s", flush=True)

    groups += multinews_folds(groups)
    undated_sets = tuple(args.undated_sets.split(",")) if args.undated_sets else None
    parts = [candidate_features(clusterer, g, undated_sets, args.other_undated_weight, args.dated_too) for g in groups]
    vectors = base.lead_model or "sentences"
    names = tuple(f for f in PAIR_FEATURES if f not in args.leave_out.split(","))
    print("\nCut chosen by two-fold cross-validation on training data only: the dev train half's and the "
          "Multi-News train clusters' parts A and B, each part's piles and mixes clustered by a model trained "
          "without it (dev: piles and five-cluster mixes, dated and undated; Multi-News: piles and mixes of 5-10 "
          "clusters, undated); means over both parts' groups. Criterion: the mean pair F0.5 of the four kinds "
          "(dev mixes, dev piles, Multi-News mixes, Multi-News piles), among cuts whose dev undated ARI (mixes and "
          "piles) reaches --undated-floor.\n\n"
          "| min_probability | dev mixes ARI, dated | dev mixes ARI, undated | dev piles ARI, dated | "
          "dev piles ARI, undated | dev piles pair precision | Multi-News mixes ARI | Multi-News piles ARI | "
          "Multi-News piles pair precision | dev ARI, undated | F0.5 dev mixes | F0.5 dev piles | "
          "F0.5 Multi-News mixes | F0.5 Multi-News piles | criterion |\n|" + "---|" * 15)
    cuts = [float(c) for c in args.cuts.split(",") if c]
    best = (-1.0, None)
    # the fold models live in a temporary folder, so a stopped run leaves none among the shipped ones
    with tempfile.TemporaryDirectory() as folder:
        held_out = {}
        for part in ("A", "B") if cuts else ():
            held_out[part] = Path(folder) / f"pair-{args.name}-without-{part}.npz"
            other = "B" if part == "A" else "A"
            fitted(parts, groups, lambda g, other=other: g.part in (other, "mn" + other), args.dev_share, vectors,
                   names=names, pile_share=args.pile_share).save(held_out[part])
        for cut in cuts:
            rows, kinds = [], []
            for part in ("A", "B"):
                scored = [g for g in groups if g.part in (part, "mn" + part)]
                rows.append(grouping_scores(leads.clusterer(**settings, pair_model=str(held_out[part]),
                                                            min_probability=cut), scored))
                kinds += [group_kind(g) for g in scored]
            rows, kinds = np.vstack(rows), np.array(kinds)
            mean = partial(kind_mean, rows, kinds)
            undated = mean(0, "dev", "undated")
            criterion = np.mean([mean(3, kind, size) for kind in ("dev", "news") for size in ("mix", "pile")])
            figures = (mean(0, "dev", "mix", " dated"), mean(0, "dev", "mix", "undated"), mean(0, "dev", "pile", " dated"),
                       mean(0, "dev", "pile", "undated"), mean(1, "dev", "pile"), mean(0, "news", "mix"),
                       mean(0, "news", "pile"), mean(1, "news", "pile"), undated,
                       *(mean(3, kind, size) for kind in ("dev", "news") for size in ("mix", "pile")), criterion)
            print(f"| {cut} | " + " | ".join(f"{v:.3f}" for v in figures) + " |", flush=True)
            if undated >= args.undated_floor:
                best = max(best, (float(criterion), cut))

    trained_on = tuple(load_dev_clusters("train"))
    model = fitted(parts, groups, lambda g: not g.part.startswith("mn"), args.dev_share, vectors, trained_on, names,
                   args.pile_share)
    path = MODELS / f"pair-{args.name}.npz"
    model.save(path)
    load_cache_clear()
    same = np.concatenate([y for (_, y, _), g in zip(parts, groups) if not g.part.startswith("mn")])
    print(f"\n{len(same):,} candidate pairs ({same.mean():.1%} same story); wrote {path.relative_to(ROOT)}; "
          + (f"set cluster.min_probability: {best[1]} (criterion {best[0]:.3f}); " if best[1] is not None else "")
          + f"{time.perf_counter() - started:.0f}s")
    return 0


def load_cache_clear() -> None:
    from summarizer.stories.pair_model import load_pair_model

    load_pair_model.cache_clear()


if __name__ == "__main__":
    sys.exit(main())
