"""Speed and memory benchmark against sumy's LexRank, on the same inputs, in the same run.

    python eval/speed_benchmark.py --stories 20

Table 1: each system summarizes N stories of 10 articles each (each article two Multi-News
validation articles joined, ~250 sentences a story; 100-word briefs).
Every system runs in its own subprocess, after one warm-up story, so peak memory (max RSS) is
its own. All systems clean and split with the same splitter; LexRank then ranks with sumy, the
summarizer embeds and selects by MMR.
Table 2: embedding throughput of MiniLM, plain and as the quality preset runs it.
Table 3: time against story size, 100 to 3,000 sentences (default, fast, quality and LexRank).
"""
from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYSTEMS = ["summarizer:default", "summarizer:fast", "summarizer:quality", "lexrank"]
SIZES = [100, 300, 1000, 3000]
ARTICLES_PER_STORY = 10
MIN_SENTENCES = 10  # articles shorter than this are passed over when stories are built
LEXRANK_MAX_SIZE = 3000  # LexRank is quadratic: 10,000 sentences would take hours


class Stopwatch:
    """Wraps a callable and adds up the seconds spent in it."""

    def __init__(self, function):
        self.function = function
        self.seconds = 0.0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def ten_article_stories(count: int) -> list[list[str]]:
    """`count` + 1 stories (the first is the warm-up) of 10 articles each. Multi-News cuts its
    articles at ~450 words, so each article here is two validation articles (each with at least
    MIN_SENTENCES kept sentences, in file order) joined: ~250 sentences a story, as in ten
    full-length newswire articles."""
    from eval.multinews import load_clusters
    from summarizer import load_config
    from summarizer.read.split import SentenceSplitter
    from summarizer.records import Article

    splitter = SentenceSplitter.from_config(load_config())
    needed = 2 * ARTICLES_PER_STORY * (count + 1)
    docs = []
    for cluster in load_clusters():
        docs.extend(d for d in cluster["documents"] if len(splitter(Article(id="a", text=d))) >= MIN_SENTENCES)
        if len(docs) >= needed:
            break
    articles = ["\n\n".join(docs[i:i + 2]) for i in range(0, needed, 2)]
    return [articles[i:i + ARTICLES_PER_STORY] for i in range(0, len(articles), ARTICLES_PER_STORY)]


def run_system(system: str, stories: int, budget: int) -> dict:
    """Worker: summarize the stories with one system and report timings."""
    from summarizer import InputError, load_config
    from summarizer.read.split import SentenceSplitter
    from summarizer.records import Article
    from summarizer.run.pipeline import Summarizer

    data = [[Article(id=f"s{s}-{n}", text=d) for n, d in enumerate(docs)] for s, docs in
            enumerate(ten_article_stories(stories))]
    warmup, data = data[0], data[1:]
    embed = None
    if system == "lexrank":
        from summarizer.evaluation.baselines import LexRank

        split = Stopwatch(SentenceSplitter.from_config(load_config()))
        ranker = LexRank(budget=budget, unit="words")

        def summarize(articles):
            sentences = [s for a in articles for s in split(a)]
            if not sentences:
                raise InputError("no sentences")
            ranker(sentences)
            return len(sentences)
    else:
        summarizer = Summarizer.from_config(system.split(":", 1)[1], **{"select.budget": budget})
        split = summarizer.splitter = Stopwatch(summarizer.splitter)
        embed = Stopwatch(summarizer.embedder.encode)
        summarizer.embedder.encode = embed

        def summarize(articles):
            embedded = [0]  # sentences embedded, reported through the progress callback
            summarizer.summarize(articles, one_story=True, progress=lambda done, total: embedded.__setitem__(0, total))
            return embedded[0]

    summarize(warmup)
    split.seconds = 0.0
    if embed:
        embed.seconds = 0.0
    sentences = empty = 0
    start = time.perf_counter()
    for story in data:
        try:
            sentences += summarize(story)
        except InputError:  # nothing left after cleaning: every system pays for finding out
            empty += 1
    seconds = time.perf_counter() - start
    return {"system": system, "stories": len(data), "empty": empty, "sentences": sentences, "seconds": seconds,
            "split_seconds": split.seconds, "embed_seconds": embed.seconds if embed else None,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_embedders(clusters: int) -> list[dict]:
    """Worker: MiniLM's throughput on the same sentences, plain and as the quality preset runs it,
    and WordLlama's as the default and fast presets run it."""
    from eval.multinews import load_clusters
    from summarizer import load_config
    from summarizer.embed.embedders import SentenceTransformerEmbedder, make_embedder
    from summarizer.read.split import SentenceSplitter
    from summarizer.records import Article

    splitter = SentenceSplitter.from_config(load_config())
    texts = [s.text for c in load_clusters(limit=clusters)
             for n, d in enumerate(c["documents"]) for s in splitter(Article(id=str(n), text=d))]
    candidates = {
        "all-MiniLM-L6-v2, sentence-transformers fp32 (plain)": lambda: SentenceTransformerEmbedder(
            "minilm", batch_size=32, max_seq_length=256),
        "same, ONNX Runtime, fused, int8 per channel (quality preset)": lambda: make_embedder(load_config("quality")),
        "WordLlama (default and fast presets)": lambda: make_embedder(load_config("default")),
    }
    rows = []
    for name, make in candidates.items():
        embedder = make()
        embedder.encode(texts[:64])
        start = time.perf_counter()
        embedder.encode(texts)
        rows.append({"embedder": name, "sentences": len(texts), "seconds": time.perf_counter() - start})
    return rows


def run_scaling(preset: str, sizes: list[int]) -> list[dict]:
    """Worker: one story of n sentences built from many clusters; time prepare and MMR alone.
    preset "lexrank": the same stories, split by the same splitter, ranked by LexRank."""
    from eval.multinews import load_clusters
    from summarizer.records import Article, Story
    from summarizer.run.pipeline import Summarizer
    from summarizer.stories.grouping import story_id

    summarizer = Summarizer.from_config("fast" if preset == "lexrank" else preset)
    summarizer.summarize(load_clusters(limit=1)[0]["documents"], one_story=True)  # warm-up
    if preset == "lexrank":
        from summarizer.evaluation.baselines import LexRank

        ranker = LexRank(budget=100, unit="words")
    docs = [d for c in load_clusters(limit=3000) for d in c["documents"]]
    rows = []
    for size in sizes:
        chosen, total = [], 0
        for n, doc in enumerate(docs):
            count = len(summarizer.splitter(Article(id=f"d{n}", text=doc)))
            if count:
                chosen.append(doc)
                total += count
            if total >= size:
                break
        if preset == "lexrank":
            if size > LEXRANK_MAX_SIZE:
                continue
            start = time.perf_counter()
            sentences = [s for n, d in enumerate(chosen) for s in summarizer.splitter(Article(id=f"d{n}", text=d))]
            prepare_seconds = time.perf_counter() - start
            start = time.perf_counter()
            ranker(sentences)
            select_seconds = time.perf_counter() - start
            n_sent = len(sentences)
        else:
            start = time.perf_counter()
            prepared = summarizer.prepare(chosen)
            prepare_seconds = time.perf_counter() - start
            ids = [a.id for a in prepared.articles]
            start = time.perf_counter()
            summarizer.brief(Story(story_id(ids), tuple(ids)), prepared)
            select_seconds = time.perf_counter() - start
            n_sent = sum(len(v) for v in prepared.sentences.values())
        rows.append({"preset": preset, "sentences": n_sent, "prepare_seconds": prepare_seconds,
                     "select_seconds": select_seconds})
    return rows


def worker(argv: list[str]) -> None:
    logging.disable(logging.WARNING)
    mode, payload = argv[0], json.loads(argv[1])
    workers = {"system": run_system, "scaling": run_scaling, "embedders": run_embedders}
    result = workers[mode](**payload)
    print(json.dumps(result))


def spawn(mode: str, **payload) -> dict | list:
    out = subprocess.run([sys.executable, __file__, "--worker", mode, json.dumps(payload)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=20, help="10-article stories in table 1")
    parser.add_argument("--clusters", type=int, default=100, help="validation clusters whose sentences table 2 embeds")
    parser.add_argument("--budget", type=int, default=100)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args(argv)

    reports = [spawn("system", system=s, stories=args.stories, budget=args.budget) for s in SYSTEMS]
    lexrank = next(r for r in reports if r["system"] == "lexrank")
    lexrank_rank = lexrank["seconds"] - lexrank["split_seconds"]
    per_story = lexrank["sentences"] / lexrank["stories"]
    print(f"Speed on {args.stories} stories of {ARTICLES_PER_STORY} Multi-News validation articles "
          f"({per_story:.0f} sentences a story; {args.budget}-word briefs; 2-core CPU)\n")
    print("End to end includes cleaning and splitting, which all systems share (same splitter); the "
          "ranking stage is what follows: embedding + clustering checks + MMR, or LexRank's ranking.\n")
    print("| system | s/story | stories/s | sentences/s | vs LexRank end to end | ranking stage s | vs LexRank ranking "
          "| embedding sentences/s | peak memory MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in reports:
        rank = r["seconds"] - r["split_seconds"]
        embed = f"{r['sentences'] / r['embed_seconds']:.0f}" if r.get("embed_seconds") else "-"
        print(f"| {r['system']} | {r['seconds'] / r['stories']:.3f} | {r['stories'] / r['seconds']:.2f} | "
              f"{r['sentences'] / r['seconds']:.0f} | "
              f"{lexrank['seconds'] / r['seconds']:.1f}x | {rank:.2f} | {lexrank_rank / rank:.1f}x | "
              f"{embed} | {r['peak_mib']:.0f} |")
    print(f"\nCeiling: cleaning and splitting take {1000 * lexrank['split_seconds'] / lexrank['stories']:.2f} ms "
          f"of LexRank's {1000 * lexrank['seconds'] / lexrank['stories']:.2f} ms per story, so a system that shares "
          f"them and ranked in no time at all would be {lexrank['seconds'] / lexrank['split_seconds']:.1f}x "
          "LexRank end to end.")

    rows = spawn("embedders", clusters=args.clusters)
    plain = rows[0]["sentences"] / rows[0]["seconds"]
    print(f"\nEmbedding throughput on the same {rows[0]['sentences']} sentences (one process, in turn)\n")
    print("| embedder | sentences/s | vs plain |")
    print("|---|---|---|")
    for row in rows:
        rate = row["sentences"] / row["seconds"]
        print(f"| {row['embedder']} | {rate:.0f} | {rate / plain:.1f}x |")

    if not args.skip_scaling:
        sizes = [int(s) for s in args.sizes.split(",")]
        print("\nTime against story size (one story; prepare = clean + split (+ embed), select = MMR or "
              f"LexRank's ranking; LexRank up to {LEXRANK_MAX_SIZE} sentences)\n")
        print("| system | sentences | prepare s | select s | total ms per sentence |")
        print("|---|---|---|---|---|")
        for preset in ("fast", "default", "quality", "lexrank"):
            for row in spawn("scaling", preset=preset, sizes=sizes):
                total = row["prepare_seconds"] + row["select_seconds"]
                print(f"| {preset} | {row['sentences']} | {row['prepare_seconds']:.2f} | "
                      f"{row['select_seconds']:.3f} | {1000 * total / row['sentences']:.2f} |")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
    else:
        sys.exit(main())
