"""Do briefs read on their own? Readability counts beside ROUGE, with the rules on and off.

    .venv/bin/python -m eval.readability [--limit 1000] [--seed 0] [--preset default] [--tex] [--each]

Counts, over the brief sentences of Multi-News validation stories (../shared, never copied
here) and of the five seed pages:
  - dangling: a sentence that opens on a word pointing back ("But", "He", "The two") and
    does not follow, in the brief, the sentence before it in its source;
  - broken quotes: TeX marks (`` ''), an odd number of straight quotes, or “ ” that do not balance;
  - bare quotes: a quotation with no speaker that does not follow its source predecessor;
  - cut-off titles: a story headline that ends with "…" or on a word that needs more.
"rules on" is the preset as it is; "rules off" sets split.quotes=false and
select.self_contained=false; with --each, each rule also runs alone. ROUGE is F1 with stemming (summarizer.evaluation.rouge.Scorer); the
difference on - off is paired over the same stories, with a bootstrap 95% interval.
Multi-News is lower-cased with straight quotes; `--tex` adds a run where its straight
double quotes are written TeX-style (`` ''), as in 1990s wire copy.
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from summarizer.errors import InputError
from summarizer.evaluation.harness import load_data, sample
from summarizer.evaluation.rouge import Scorer, bootstrap_ci
from summarizer.read.ingest import read_paths
from summarizer.read.quotes import has_broken_quotes
from summarizer.run.pipeline import Summarizer
from summarizer.select.headline import is_cut_off
from summarizer.select.readability import is_bare_quote, needs_antecedent

ROOT = Path(__file__).resolve().parent.parent
VAL = ROOT.parent / "shared" / "data" / "multinews" / "val.jsonl.gz"
SEEDS = ROOT.parent / "shared" / "data" / "seeds"
RULES_OFF = {"split.quotes": False, "select.self_contained": False}
EACH_RULE = {"quotes only": {"select.self_contained": False}, "self-contained only": {"split.quotes": False}}
METRICS = ("rouge1", "rouge2", "rougeL")


def brief_counts(story: dict) -> dict[str, int]:
    """Readability counts of one story record (its summary in output order, and its title)."""
    titled = story["title"] is not None
    counts = {"sentences": 0, "dangling": 0, "broken": 0, "bare": 0, "titles": int(titled),
              "cut_titles": int(titled and is_cut_off(story["title"]))}
    previous = None
    for item in story["summary"]:
        text = item["text"]
        follows = previous is not None and previous == (item["article_id"], item["sentence_index"] - 1)
        counts["sentences"] += 1
        counts["broken"] += has_broken_quotes(text)
        bare = is_bare_quote(text)
        counts["bare"] += bare and not follows
        counts["dangling"] += (not bare) and needs_antecedent(text) and not follows
        previous = (item["article_id"], item["sentence_index"])
    return counts


def add(total: dict, counts: dict) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value


def tex_quotes(text: str) -> str:
    """Straight double quotes written as TeX pairs, alternating `` and ''."""
    marks = iter(["``", "''"] * (text.count('"') // 2 + 1))
    return re.sub('"', lambda _: next(marks), text)


def run_val(clusters, summarizer: Summarizer, scorer: Scorer) -> tuple[dict, dict[str, list[float]]]:
    total, scores = {}, {m: [] for m in METRICS}
    for cluster in clusters:
        try:
            story = summarizer.summarize(list(cluster.articles), one_story=True)["stories"][0]
        except InputError:  # nothing left after cleaning: no brief, no title (ROUGE 0)
            story = {"title": None, "summary": []}
        add(total, brief_counts(story))
        result = scorer.score([s["text"] for s in story["summary"]], cluster.references)
        for m in METRICS:
            scores[m].append(result[m] * 100)
    return total, scores


def run_seeds(summarizer: Summarizer) -> tuple[dict, list[dict]]:
    articles = read_paths(sorted(SEEDS.glob("*.txt")))
    result = summarizer.summarize(articles)
    total = {}
    for story in result["stories"]:
        add(total, brief_counts(story))
    total["sources"] = len(articles)
    total["named_dated"] = sum(bool(a.source and a.date) for a in articles)
    return total, result["stories"]


def apostrophe_cosine(clusters, summarizer: Summarizer, limit: int = 300) -> tuple[int, float]:
    """Mean cosine between embeddings of sentences written with ' and the same with ’."""
    sentences = [s for c in clusters for a in c.articles for s in summarizer.splitter.split_text(a.text)
                 if "'" in s][:limit]
    plain = summarizer.embedder.encode(sentences)
    curly = summarizer.embedder.encode([s.replace("'", "’") for s in sentences])
    cos = (plain * curly).sum(1) / np.linalg.norm(plain, axis=1) / np.linalg.norm(curly, axis=1)
    return len(sentences), float(cos.mean())


def pct(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f}%)" if whole else "0"


def row(name: str, rules: str, counts: dict, scores: dict | None) -> str:
    n = counts["sentences"]
    rouge = " / ".join(f"{np.mean(scores[m]):.2f}" for m in METRICS) if scores else "-"
    return (f"| {name} | {rules} | {counts['titles']} | {n} | {pct(counts['dangling'], n)} | "
            f"{pct(counts['broken'], n)} | {pct(counts['bare'], n)} | {counts['cut_titles']} | {rouge} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=1000, help="validation stories (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--preset", default="default")
    parser.add_argument("--tex", action="store_true", help="also run the stories with TeX-style quotes")
    parser.add_argument("--each", action="store_true", help="also run each rule alone (val only)")
    parser.add_argument("--show-seeds", action="store_true", help="print the seed briefs, rules on and off")
    args = parser.parse_args(argv)
    logging.getLogger("summarizer").setLevel(logging.ERROR)  # skipped-article notes are expected here
    if not VAL.exists():
        print(f"{VAL} not found; put Multi-News at ../shared/data/multinews/", file=sys.stderr)
        return 1
    clusters = sample(load_data(VAL), args.limit, args.seed)
    datasets = [("val", clusters)]
    if args.tex:
        datasets.append(("val, TeX quotes", [
            replace(c, articles=tuple(replace(a, text=tex_quotes(a.text)) for a in c.articles)) for c in clusters]))
    scorer = Scorer()
    variants = {"on": Summarizer.from_config(args.preset),
                "off": Summarizer.from_config(args.preset, **RULES_OFF)}
    if args.each:
        variants.update({name: Summarizer.from_config(args.preset, **rules) for name, rules in EACH_RULE.items()})
    for summarizer in variants.values():
        summarizer._embedder = variants["on"].embedder  # one model in memory
    lines, deltas, seed_briefs = [], [], {}
    started = time.perf_counter()
    for name, data in datasets:
        results = {rules: run_val(data, summarizer, scorer) for rules, summarizer in variants.items()}
        for rules, (counts, scores) in results.items():
            lines.append(row(f"{name} ({len(data)} stories)", rules, counts, scores))
        for rules in [r for r in results if r != "off"]:
            for m in METRICS:
                diff = np.array(results[rules][1][m]) - np.array(results["off"][1][m])
                low, high = bootstrap_ci(diff)
                deltas.append(f"{name}: {m} {rules} - off = {diff.mean():+.2f} (95% CI {low:+.2f} to {high:+.2f})")
    if SEEDS.exists():
        for rules, summarizer in [(r, variants[r]) for r in ("on", "off")]:
            counts, stories = run_seeds(summarizer)
            seed_briefs[rules] = stories
            lines.append(row("seeds (5 pages)", rules, counts, None))
            named = f"{counts['named_dated']} of {counts['sources']}"
    print(f"preset {args.preset}, seed {args.seed}, ROUGE F1 x100 with stemming; "
          f"rules off = {', '.join(f'{k}={v}' for k, v in RULES_OFF.items())}; {time.perf_counter() - started:.0f} s")
    print()
    print("| stories | rules | titles | brief sentences | dangling | broken quotes | bare quotes | cut-off titles "
          "| R1 / R2 / RL |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print()
    print("\n".join(deltas))
    if seed_briefs:
        print(f"seeds: {named} sources have an outlet and a date")
    count, cosine = apostrophe_cosine(clusters, variants["on"])
    print(f"apostrophes: embeddings of {count} sentences with ' against the same with ’: mean cosine {cosine:.3f}")
    if args.show_seeds:
        for rules, stories in seed_briefs.items():
            print(f"\n--- seeds, rules {rules}")
            for story in stories:
                print(f"# {story['title']}")
                for item in story["summary"]:
                    print(f"  [{item['citation']}] {item['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
