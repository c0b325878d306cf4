"""Story clustering at scale: Multi-News validation articles shuffled into one pile of about
1,000, 5,000 or all (~14,000 with sentences) articles, clustered through the real pipeline
(`Summarizer.prepare` then `Summarizer.cluster`), each size in its own process.

    python eval/scale_benchmark.py                        # fast preset; 1k, 5k, all; seed 0
    python eval/scale_benchmark.py --sizes 1000,5000 --seeds 0,1,2 --baseline
    python eval/scale_benchmark.py --end-to-end --sizes 15000,30000,60000,100000 [--preset default]

--end-to-end runs the whole `summarizer summarize PILE -p PRESET -f json -o OUT` command on
piles of Multi-News *train* articles written as JSONL files of 10,000 records under
--piles (/tmp by default), each size in its own process, and prints seconds, seconds per
1,000 articles, peak memory (max RSS) and the machine's load average beside them.

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
`--dev held` runs whole-article piles instead: every cluster of the dev sets' held half
(eval/dev_clusters.py: DUC 2002, 2003, 2006, 2007; the pair model never learned from it), once
with the articles' dates and once without. Every row gives pair precision and recall (of the
article pairs put in one story, the share that are; of those that are, the share put in one).
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


def dev_pile(half: str, dated: bool, seed: int):
    """Every dev cluster of one half (eval/dev_clusters.py), shuffled, with or without dates."""
    from eval.dev_clusters import dev_items, load_dev_clusters

    clusters = load_dev_clusters(half)
    return dev_items(clusters, list(clusters), dated, seed)


def pair_scores(truth: list, predicted: list) -> tuple[float, float]:
    """(precision, recall) of same-story article pairs, from the contingency table."""
    pairs = Counter(zip(truth, predicted))
    both = sum(k * (k - 1) / 2 for k in pairs.values())
    found = sum(k * (k - 1) / 2 for k in Counter(predicted).values())
    true = sum(k * (k - 1) / 2 for k in Counter(truth).values())
    return both / max(found, 1), both / max(true, 1)


def train_pile(data: str, size: int, seed: int) -> list[tuple[str, str, int]]:
    """`size` Multi-News articles as (id, text, cluster index): whole clusters in a seeded
    random order until `size`, shuffled, then cut to exactly `size`. Streams the file, so the
    training split is never held whole."""
    import gzip

    with gzip.open(data, "rt", encoding="utf-8") as handle:
        count = sum(1 for _ in handle)
    order = list(range(count))
    rng = random.Random(seed)
    rng.shuffle(order)
    rank = {c: n for n, c in enumerate(order)}
    # articles per cluster are unknown until read: keep clusters in rank order, drop the tail
    chosen: dict[int, list[str]] = {}
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        for c, line in enumerate(handle):
            if rank[c] < size:  # a pile never needs more clusters than articles
                chosen[c] = [d for d in json.loads(line)["documents"] if d.strip()]
    items = []
    for c in order:
        if len(items) >= size or c not in chosen:
            break
        items += [(f"c{c}-d{d}", doc, c) for d, doc in enumerate(chosen[c])]
    rng.shuffle(items)
    return items[:size]


def write_pile(data: str, size: int, seed: int, folder: str | Path, per_file: int = 10_000) -> Path:
    """The pile as JSONL files of `per_file` records ({"id", "text"}) in `folder`, and
    `<folder>.truth.json` (reader's id hint -> cluster) beside the folder; kept when already written."""
    folder = Path(folder)
    truth_file = truth_path(folder)
    if truth_file.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    items = train_pile(data, size, seed)
    truth = {}
    for part, start in enumerate(range(0, len(items), per_file)):
        with open(folder / f"part-{part:02d}.jsonl", "w", encoding="utf-8") as handle:
            for n, (item_id, text, c) in enumerate(items[start:start + per_file], start=1):
                handle.write(json.dumps({"id": item_id, "text": text}, ensure_ascii=False) + "\n")
                truth[f"part-{part:02d}-{n}"] = c  # the reader's id hint: file stem and record number
    truth_file.write_text(json.dumps(truth))
    return folder


def truth_path(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.truth.json"


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
    from summarizer.interfaces.options import set_overrides

    logging.disable(logging.WARNING)
    items = (dev_pile(job["dev"], job["dated"], job["seed"]) if job.get("dev")
             else pile(job["data"], job["size"], job["seed"]))
    overrides = set_overrides([item.removeprefix("--set=") for item in job.get("extra", [])])
    summarizer = Summarizer.from_config(job["preset"], **overrides)
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
    true_labels = [truth[prepared.by_id[i].given_id] for i in ids]  # a digest item: its digest's
    found_labels = [predicted[i] for i in ids]
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # before the recall count
    recall, ceiling = (candidate_recall(summarizer.clusterer, prepared, true_labels, replay)
                       if job.get("recall") and job["algorithm"] != "all-pairs" else (None, None))
    return {
        "recall": recall, "ceiling": ceiling,
        "articles": len(ids), "given": len(items), "true_stories": len(set(true_labels)), "stories": stories,
        "ari": adjusted_rand_score(true_labels, found_labels), "purity": purity(true_labels, found_labels),
        "pairs": pair_scores(true_labels, found_labels),
        "prepare_s": prepare_s, "cluster_s": cluster_s,
        "peak_gib": peak_gib,
    }


def end_to_end(pile_dir: Path, preset: str, out: Path, extra: list[str]) -> dict:
    """`summarizer summarize PILE -p PRESET -f json -o OUT` in its own process: wall seconds,
    the process's peak memory (max RSS, from wait4) and the load average around it; then
    the grouping scored against the Multi-News clusters the pile was drawn from."""
    import os
    import tempfile

    from sklearn.metrics import adjusted_rand_score

    command = [sys.executable, "-m", "summarizer", "-q", "summarize", str(pile_dir), "-p", preset, "-f", "json",
               "-o", str(out), *extra]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read()[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    truth = json.loads(truth_path(pile_dir).read_text())
    found, true = [], []
    for n, story in enumerate(result["stories"]):
        for article in story["articles"]:
            found.append(n)
            true.append(truth[article["id"].rsplit("-", 1)[0]])  # the id is the reader's hint and a hash
    return {"articles": len(found), "stories": len(result["stories"]), "true_stories": len(set(true)),
            "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_gib": usage.ru_maxrss / 2**20, "load": (load_before, load_after),
            "ari": adjusted_rand_score(true, found), "purity": purity(true, found),
            "output_mib": out.stat().st_size / 2**20}


def end_to_end_table(args) -> None:
    from eval.multinews import DEFAULT_VAL

    data = args.data if args.data != str(DEFAULT_VAL) else str(DEFAULT_VAL.with_name("train.jsonl.gz"))
    piles = Path(args.piles)
    print(f"Whole runs at scale: Multi-News train piles (JSONL files of 10,000 records under {piles}), "
          f"`summarizer summarize PILE -p {args.preset} -f json -o OUT{''.join(' ' + e for e in args.extra)}`, "
          "each size in its own process; "
          f"peak = max RSS; CPU s = user + system seconds of the run (on a shared machine, wall seconds grow with "
          f"the load); load = this machine's 1-minute load average before and after the run\n")
    print("| pile | articles summarized | true stories | stories found | ARI | mean purity | seconds | "
          "s per 1,000 articles | CPU s | CPU s per 1,000 articles | peak GiB | output MiB | load before → after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in [int(s) for s in args.sizes.split(",")]:
        for seed in [int(s) for s in args.seeds.split(",")]:
            folder = write_pile(data, size, seed, piles / f"pile-{size}-seed{seed}")
            r = end_to_end(folder, args.preset, piles / f"out-{size}-seed{seed}-{args.preset}.json", args.extra)
            print(f"| {size:,} | {r['articles']:,} | {r['true_stories']:,} | {r['stories']:,} | {r['ari']:.3f} | "
                  f"{r['purity']:.3f} | {r['seconds']:.0f} | {1000 * r['seconds'] / size:.1f} | "
                  f"{r['cpu_seconds']:.0f} | {1000 * r['cpu_seconds'] / size:.1f} | "
                  f"{r['peak_gib']:.2f} | {r['output_mib']:.0f} | {r['load'][0]:.1f} → {r['load'][1]:.1f} |",
                  flush=True)


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
    parser.add_argument("--dev", choices=("held", "train", "all"),
                        help="whole-article dev piles (this half of the dev clusters, dated and undated) "
                             "instead of Multi-News; 'all' includes clusters the pair model learned from")
    parser.add_argument("--end-to-end", action="store_true",
                        help="whole `summarize` runs on Multi-News train piles (--data defaults to train), "
                             "e.g. --sizes 15000,30000,60000,100000: seconds per 1,000 articles and peak memory")
    parser.add_argument("--piles", default="/tmp/summarizer-scale",
                        help="where --end-to-end writes its piles and outputs (never inside the project)")
    parser.add_argument("--set", dest="extra", action="append", default=[], type=lambda kv: f"--set={kv}",
                        help="a config override, KEY=VALUE, for every run (repeatable)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    if args.end_to_end:
        end_to_end_table(args)
        return 0

    sizes = [None if s == "all" else int(s) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    kind = f"whole-article dev piles ({args.dev} half)" if args.dev else "Multi-News validation piles"
    print(f"Story clustering at scale: {kind}, preset {args.preset}, each run in its own process\n")
    recall_head, recall_rule = ((" true pairs among candidates | ARI with a perfect pair score |", "---|---|")
                                if args.recall else ("", ""))
    print("| algorithm | pile | seed | articles | true stories | stories found | ARI | pair precision | "
          f"pair recall | mean purity | prepare s | cluster s | total s | peak GiB |{recall_head}")
    print(f"|---|---|---|---|---|---|---|---|---|---|---|---|---|---|{recall_rule}")
    piles = [("dated", True), ("undated", False)] if args.dev else [(size, None) for size in sizes]
    for size, dated in piles:
        for seed in seeds:
            algorithms = ["learned"] + (list(BASELINE_SCORES) if args.baseline else [])
            if args.baseline and (args.dev or size is not None and size <= 5000):
                algorithms.append("all-pairs")
            for algorithm in algorithms:
                r = run_job({"data": args.data, "size": size, "seed": seed, "preset": args.preset,
                             "algorithm": algorithm, "recall": args.recall, "dev": args.dev, "dated": dated,
                             "extra": args.extra})
                recall = ("" if not args.recall else " – | – |" if r["recall"] is None
                          else f" {r['recall']:.1%} | {r['ceiling']:.3f} |")
                print(f"| {algorithm} | {size or 'all'} | {seed} | {r['articles']:,} | {r['true_stories']:,} | "
                      f"{r['stories']:,} | {r['ari']:.3f} | {r['pairs'][0]:.3f} | {r['pairs'][1]:.3f} | {r['purity']:.3f} | {r['prepare_s']:.1f} | "
                      f"{r['cluster_s']:.1f} | {r['prepare_s'] + r['cluster_s']:.1f} | {r['peak_gib']:.2f} |{recall}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
