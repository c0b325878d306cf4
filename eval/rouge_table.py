"""Regenerate the ROUGE tables in the README from `summarizer eval` runs.

    .venv/bin/python -m eval.rouge_table [--limit 1000] [--recall-limit 500] [--seed 0]

Runs, on the Multi-News validation split (../shared, never copied here):
  1. F1 at the Multi-News preset's length (280 words), every system;
  2. DUC-style recall of the first 100 words, default preset (~100-word brief).
Each writes eval/results/<name>/rouge.{md,json} and rouge_clusters.csv, and this
script prints the Markdown for the README with the exact commands, and the paired
difference of the summarizer against each baseline (same clusters, bootstrap 95% CI).
`--reuse` prints the same from the results already written, without running.
"""
from __future__ import annotations

import argparse
import csv
import shlex
import sys
import time
from pathlib import Path

from eval.multinews import DEFAULT_VAL
from summarizer.cli import main as cli_main

RESULTS = Path(__file__).resolve().parent / "results"
SYSTEMS = "summarizer,lead,lexrank,textrank,random,oracle"


def runs(limit: int, seed: int, recall_limit: int | None = None) -> dict[str, list[str]]:
    data = str(Path("..") / "shared" / "data" / "multinews" / "val.jsonl.gz")

    def common(n: int) -> list[str]:
        return ["eval", data, "--limit", str(n), "--seed", str(seed), "--systems", SYSTEMS]

    return {
        "multinews-f1": common(limit) + ["--preset", "multinews", "--out", "eval/results/multinews-f1"],
        "multinews-recall100": common(recall_limit or limit) + [
            "--measure", "recall", "--max-words", "100", "--budget", "110", "--out", "eval/results/multinews-recall100"],
    }


def paired(name: str, metrics: tuple[str, ...] = ("rouge1", "rouge2")) -> str:
    """Summarizer minus each baseline, per cluster, as a Markdown table with bootstrap 95% CIs."""
    import numpy as np

    from summarizer.scoring import bootstrap_ci

    by_system: dict[str, dict[str, dict]] = {}
    with open(RESULTS / name / "rouge_clusters.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_system.setdefault(row["system"], {})[row["cluster"]] = row
    mine = by_system.pop("summarizer")
    lines = ["| summarizer minus | " + " | ".join(f"Δ{m.replace('rouge', 'R')}" for m in metrics) + " |",
             "|---|" + "--:|" * len(metrics)]
    for system, rows in by_system.items():
        if system == "oracle":
            continue
        cells = []
        for metric in metrics:
            diff = np.array([float(mine[c][metric]) - float(rows[c][metric]) for c in mine]) * 100
            low, high = bootstrap_ci(diff)
            cells.append(f"{diff.mean():+.2f} ({low:+.2f} to {high:+.2f})")
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--recall-limit", type=int, help="clusters for the 100-word recall table (default: --limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["multinews-f1", "multinews-recall100"], help="run one table")
    parser.add_argument("--reuse", action="store_true", help="print the tables from eval/results without running")
    args = parser.parse_args()
    if not DEFAULT_VAL.exists():
        raise SystemExit(f"{DEFAULT_VAL} not found; put the Multi-News validation split at ../shared/data/multinews/")
    sections = []
    for name, argv in runs(args.limit, args.seed, args.recall_limit).items():
        if args.only and name != args.only:
            continue
        started = time.perf_counter()
        if not args.reuse and cli_main(argv) != 0:
            raise SystemExit(f"summarizer {' '.join(argv)} failed")
        took = "" if args.reuse else f" ({time.perf_counter() - started:.0f} s)"
        table = (RESULTS / name / "rouge.md").read_text(encoding="utf-8").strip()
        sections.append(f"`summarizer {shlex.join(argv)}`{took}\n\n{table}\n\n{paired(name)}\n")
    print("\n".join(sections))
    print(f"eval: wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
