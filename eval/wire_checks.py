"""Wire copy pasted as plain text: dates, datelines, quotes, attribution, headlines, readability.

    .venv/bin/python -m eval.wire_checks [--stories 50] [--preset default] [--show 0]

Reads the whole-article dev sets (../shared/data/dev/*.jsonl.gz, never copied here) and feeds
each article's text alone (no title, no date: what a user pasting wire copy gives) to the API,
as the CLI reads stdin (`summarizer.ingest.articles_from_text`).

Dates: every article (current and `previous`) pasted alone; its date is checked against the
record's known date (its `date` field, else the date in its docno). "wrong" is a date more than
one day from the known one (a wire story's date and its dateline's day may differ by one);
"absent" is allowed.

Briefs: the first `--stories` clusters (DUC 2003, then 2007 A and B, then 2006), each pasted
as one text with its articles separated by `---` lines, summarized with story finding on.
Counted over brief sentences and story titles:
  - dateline: a sentence or title that opens with a dateline (`CITY (AP) _`, `CITY _`, ...);
  - run-together: two sentences with no space between them ("terrorism.There've");
  - broken quotes: quote marks that do not balance, or TeX / straight marks left;
  - speaker lost: the source sentence names who said it (said, told, according to ...) and the
    brief sentence does not;
  - dangling / bare quote: readability.needs_antecedent / is_bare_quote, for a sentence that
    does not follow its source predecessor in the brief;
  - bad titles: cut off (ends on a word that needs more), all-caps, photo junk, or a dateline.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

from summarizer.read.ingest import articles_from_text
from summarizer.read.quotes import has_broken_quotes
from summarizer.read.split import SentenceSplitter
from summarizer.run.pipeline import Summarizer
from summarizer.select.headline import is_cut_off
from summarizer.select.readability import is_bare_quote, needs_antecedent, speaker_words

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "dev"
FILES = ("duc2003_task2", "duc2007_update_A", "duc2007_update_B", "duc2006", "duc2002_extracts")

# An opening dateline in any wire form: "LONDON (AP) _", "NEW YORK _", "PARIS, France (Reuters) -",
# "(AFP) —", "BEIJING, Oct. 17 (Xinhua) --".
DATELINE_OPEN_RE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,3})?\s*"
    r"(?:\([^)]{1,40}\)\s*)?[_–—-]{1,2}\s"
    r"|\((?:AP|AFP|Reuters|UPI|Xinhua|CNN)\)"
    r"|[A-Z][A-Z]+(?:\s+[A-Z]+)*,?\s*\((?:AP|AFP|Reuters|UPI|Xinhua)\))")
RUN_TOGETHER_RE = re.compile(r"[a-z]{2,}[.!?][”’\"']*[A-Z][a-z]")
PHOTO_JUNK_RE = re.compile(r"=\s*\(?\s*(?:PICTURES?|PHOTOS?|GRAPHICS?)\b|\((?:PICTURES?|PHOTOS?)\)")
_DOCNO_DATE_RE = re.compile(r"(?:^|[A-Z])((?:19|20)\d{6}|\d{6})(?=[.-])")


def known_date(doc: dict) -> date | None:
    """The record's date: its `date` field (several formats), else the date its docno carries."""
    value = (doc.get("date") or "").strip()
    for fmt in ("%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    match = _DOCNO_DATE_RE.search(doc.get("docno", ""))
    if match:
        digits = match.group(1)
        try:
            if len(digits) == 8:
                return datetime.strptime(digits, "%Y%m%d").date()
            return datetime.strptime(digits, "%y%m%d").date()
        except ValueError:
            return None
    return None


def load(files=FILES) -> list[tuple[str, dict]]:
    clusters = []
    for name in files:
        path = DEV / f"{name}.jsonl.gz"
        if not path.exists():
            sys.exit(f"{path} is missing; the dev sets live in ../shared/data/dev")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            clusters.extend((name, json.loads(line)) for line in handle)
    return clusters


def date_checks(clusters) -> dict[str, int]:
    counts = {"articles": 0, "known": 0, "dated": 0, "right": 0, "wrong": 0, "absent": 0}
    wrong = []
    for _, cluster in clusters:
        for doc in cluster["documents"] + cluster.get("previous", []):
            truth = known_date(doc)
            if truth is None:
                continue
            counts["known"] += 1
            for article in articles_from_text(doc["text"]):
                counts["articles"] += 1
                if not article.date:
                    counts["absent"] += 1
                    continue
                counts["dated"] += 1
                given = datetime.strptime(article.date[:10], "%Y-%m-%d").date()
                if abs((given - truth).days) <= 1:
                    counts["right"] += 1
                else:
                    counts["wrong"] += 1
                    wrong.append(f"{doc['docno']}: {article.date} (known {truth})")
    for line in wrong[:10]:
        print("  wrong date:", line, file=sys.stderr)
    return counts


def title_problem(title: str | None) -> str | None:
    if not title:
        return None
    if DATELINE_OPEN_RE.match(title):
        return "dateline"
    if PHOTO_JUNK_RE.search(title):
        return "photo junk"
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        return "all caps"
    if is_cut_off(title):
        return "cut off"
    return None


def brief_checks(clusters, stories: int, preset: str, show: int, overrides=None) -> tuple[dict[str, int], float]:
    summarizer = Summarizer.from_config(preset, **(overrides or {}))
    splitter = SentenceSplitter.from_config(summarizer.config)
    counts = {"clusters": 0, "stories": 0, "sentences": 0, "dateline": 0, "run_together": 0, "broken_quotes": 0,
              "speaker_lost": 0, "dangling": 0, "bare_quotes": 0, "titles": 0, "bad_titles": 0}
    seconds = 0.0
    for name, cluster in clusters[:stories]:
        pasted = "\n\n---\n\n".join(doc["text"] for doc in cluster["documents"])
        started = time.perf_counter()
        result = summarizer.summarize([pasted])
        seconds += time.perf_counter() - started
        counts["clusters"] += 1
        texts = {a.id: a for a in articles_from_text(pasted)}
        for story in result["stories"]:
            counts["stories"] += 1
            counts["titles"] += story["title"] is not None
            problem = title_problem(story["title"])
            counts["bad_titles"] += problem is not None
            if show and problem:
                print(f"  title ({problem}): {story['title']}", file=sys.stderr)
            previous = None
            for item in story["summary"]:
                text = item["text"]
                counts["sentences"] += 1
                follows = previous == (item["article_id"], item["sentence_index"] - 1)
                previous = (item["article_id"], item["sentence_index"])
                flags = []
                if DATELINE_OPEN_RE.match(text):
                    flags.append("dateline")
                if RUN_TOGETHER_RE.search(text):
                    flags.append("run_together")
                if has_broken_quotes(text):
                    flags.append("broken_quotes")
                bare = is_bare_quote(text)
                if bare and not follows:
                    flags.append("bare_quotes")
                if not bare and needs_antecedent(text) and not follows:
                    flags.append("dangling")
                source = _source_sentence(splitter, texts.get(item["article_id"]), item["sentence_index"])
                if source and speaker_words(source) - speaker_words(text):
                    flags.append("speaker_lost")
                for flag in flags:
                    counts[flag] += 1
                if show and flags:
                    print(f"  {','.join(flags)}: {text}", file=sys.stderr)
    return counts, seconds


def _source_sentence(splitter, article, index: int) -> str | None:
    if article is None:
        return None
    split = splitter.split_text(article.text)
    return split[index] if 0 <= index < len(split) else None


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join([f"| {'check'.ljust(width)} | value |", f"|{'-' * (width + 2)}|------:|"]
                     + [f"| {k.ljust(width)} | {v} |" for k, v in rows])


def _override(item: str) -> tuple[str, object]:
    key, _, value = item.partition("=")
    lowered = value.strip().lower()
    if lowered in ("true", "false"):
        return key.strip(), lowered == "true"
    try:
        return key.strip(), float(value) if "." in value else int(value)
    except ValueError:
        return key.strip(), value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=50, help="clusters briefed (default 50)")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--show", type=int, default=0, help="1: print each flagged sentence and title")
    parser.add_argument("--skip-dates", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="config override, e.g. select.compress=false")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    clusters = load()
    rows = []
    if not args.skip_dates:
        d = date_checks(clusters)
        rows += [("articles with a known date", d["known"]), ("dated by the reader", d["dated"]),
                 ("  right (within a day)", d["right"]), ("  wrong", d["wrong"]), ("  absent", d["absent"])]
    overrides = dict(_override(item) for item in args.set)
    b, seconds = brief_checks(clusters, args.stories, args.preset, args.show, overrides)
    pct = lambda n: f"{n} ({100 * n / max(b['sentences'], 1):.1f}%)"
    rows += [("clusters briefed", b["clusters"]), ("stories", b["stories"]), ("brief sentences", b["sentences"]),
             ("sentences opening with a dateline", pct(b["dateline"])),
             ("run-together sentences", pct(b["run_together"])),
             ("broken quotes", pct(b["broken_quotes"])),
             ("speaker named in source, lost in brief", pct(b["speaker_lost"])),
             ("dangling openers", pct(b["dangling"])), ("bare quotes", pct(b["bare_quotes"])),
             ("titles", b["titles"]), ("bad titles (dateline, caps, junk, cut)", b["bad_titles"]),
             ("seconds summarizing", f"{seconds:.0f}")]
    print(f"preset {args.preset}{''.join(' --set ' + x for x in args.set)}, {args.stories} clusters")
    print(table([(k, str(v)) for k, v in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
