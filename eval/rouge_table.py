"""Regenerate the ROUGE tables in the README from `summarizer eval` runs.

    .venv/bin/python -m eval.rouge_table [--limit 1000] [--recall-limit 500] [--seed 0]

Runs, on the Multi-News validation split (../shared, never copied here):
  1. F1 at the Multi-News preset's length (260 words), every system;
  2. DUC-style recall of the first 100 words, default preset (~100-word brief).
Each writes eval/results/<name>/rouge.{md,json} and rouge_clusters.csv, and this
script prints the Markdown for the README with the exact commands.
"""
from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--recall-limit", type=int, help="clusters for the 100-word recall table (default: --limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["multinews-f1", "multinews-recall100"], help="run one table")
    args = parser.parse_args()
    if not DEFAULT_VAL.exists():
        raise SystemExit(f"{DEFAULT_VAL} not found; put the Multi-News validation split at ../shared/data/multinews/")
    sections = []
    for name, argv in runs(args.limit, args.seed, args.recall_limit).items():
        if args.only and name != args.only:
            continue
        started = time.perf_counter()
        if cli_main(argv) != 0:
            raise SystemExit(f"summarizer {' '.join(argv)} failed")
        table = (RESULTS / name / "rouge.md").read_text(encoding="utf-8").strip()
        sections.append(f"`summarizer {shlex.join(argv)}` ({time.perf_counter() - started:.0f} s)\n\n{table}\n")
    print("\n".join(sections))
    print(f"eval: wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
