"""Checks on whole-article briefs: does a brief keep who said a thing, and does it read on its own?

    .venv/bin/python -m eval.brief_checks [DATA] [--preset default] [--budget 110]

DATA defaults to DUC 2003 (../shared/data/dev/duc2003_task2.jsonl.gz, read at run time, never
copied). For every brief sentence it finds the source sentence (article and position) and counts:
  - attributed: the source sentence names who said or reported something ("officials said",
    "according to police", "the ministry said"; summarizer.compress.ATTRIBUTION_RE);
  - attribution lost: the brief sentence holds fewer of those words than its source (must be 0);
  - dangling openers, bare quotes and broken quotes, as eval/readability.py counts them;
  - short: brief sentences under 10 words ("Amounts have not been determined."), which say
    little out of their article (select.min_sentence_words).
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from eval.readability import add, brief_counts, pct
from summarizer.select.compress import ATTRIBUTION_RE
from summarizer.errors import InputError
from summarizer.evaluation.harness import load_data
from summarizer.run.pipeline import Summarizer

SHORT_WORDS = 10
DUC2003 = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev" / "duc2003_task2.jsonl.gz"


def attribution_counts(story: dict, sources: dict[tuple[str, int], str]) -> dict[str, int]:
    """attributed / lost counts of one brief; sources: (article id, index) -> source sentence text."""
    counts = {"attributed": 0, "lost": 0}
    for item in story["summary"]:
        source = sources[(item["article_id"], item["sentence_index"])]
        cues = len(ATTRIBUTION_RE.findall(source))
        counts["attributed"] += cues > 0
        counts["lost"] += len(ATTRIBUTION_RE.findall(item["text"])) < cues
    return counts


def check(clusters, summarizer: Summarizer, show: bool = False) -> dict[str, int]:
    total: dict[str, int] = {}
    for cluster in clusters:
        articles = list(cluster.articles)
        try:
            story = summarizer.summarize(articles, one_story=True)["stories"][0]
        except InputError:
            continue
        split, _ = summarizer.split(articles)
        sources = {(s.article_id, s.index): s.text for sentences in split.values() for s in sentences}
        counts = attribution_counts(story, sources)
        if show and counts["lost"]:
            for item in story["summary"]:
                print(f"  lost? {sources[(item['article_id'], item['sentence_index'])]!r}\n     -> {item['text']!r}")
        counts["short"] = sum(len(item["text"].split()) < SHORT_WORDS for item in story["summary"])
        add(total, counts)
        add(total, brief_counts(story))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DUC2003))
    parser.add_argument("--preset", default="default")
    parser.add_argument("--budget", type=int, default=110, help="brief length in words (110: the DUC protocol)")
    parser.add_argument("--show", action="store_true", help="print the sentences that lost an attribution")
    args = parser.parse_args(argv)
    logging.getLogger("summarizer").setLevel(logging.ERROR)
    if not Path(args.data).exists():
        print(f"{args.data} not found; put the dev sets at ../shared/data/dev/", file=sys.stderr)
        return 1
    clusters = load_data(args.data)
    summarizer = Summarizer.from_config(args.preset, **{"select.budget": args.budget})
    total = check(clusters, summarizer, args.show)
    n = total.get("sentences", 0)
    print(f"{Path(args.data).name}, {len(clusters)} stories, preset {args.preset}, budget {args.budget} words")
    print()
    print("| brief sentences | source attributed | attribution lost | dangling | bare quotes | broken quotes | "
          f"short (< {SHORT_WORDS} words) |")
    print("|--:|--:|--:|--:|--:|--:|--:|")
    print(f"| {n} | {total.get('attributed', 0)} | {total.get('lost', 0)} | {pct(total.get('dangling', 0), n)} | "
          f"{pct(total.get('bare', 0), n)} | {pct(total.get('broken', 0), n)} | {pct(total.get('short', 0), n)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
