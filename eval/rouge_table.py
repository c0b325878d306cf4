"""Regenerate the ROUGE tables in the README: every regime in one `summarizer eval` run.

    .venv/bin/python -m eval.rouge_table [--limit 1000] [--seed 0] [--systems ...]

Runs `summarizer eval --regimes all` on the Multi-News validation split (../shared, never
copied here), on the same sampled clusters for every regime:
  1. multinews-f1: F1 at the multinews preset's length (280 words);
  2. duc-recall100: DUC-style recall of the first 100 words, every system at 110 words;
  3. long-cased: the same, with sources joined in pairs into articles twice as long and every
     second one Title Cased (length and case unlike Multi-News').
Each writes eval/results/regimes/<regime>/rouge.{md,json} and rouge_clusters.csv; the eval
prints each table with the paired difference of the summarizer against lead and LexRank
(same clusters, bootstrap 95% CI). `--reuse` reprints the tables already written.
"""
from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from eval.multinews import DEFAULT_VAL
from summarizer.evaluation.harness import REGIMES
from summarizer.interfaces.cli import main as cli_main

RESULTS = Path(__file__).resolve().parent / "results" / "regimes"
SYSTEMS = "summarizer,summarizer:fast,lead,lexrank,textrank,oracle"


def command(limit: int, seed: int, systems: str) -> list[str]:
    data = str(Path("..") / "shared" / "data" / "multinews" / "val.jsonl.gz")
    return ["eval", data, "--limit", str(limit), "--seed", str(seed), "--systems", systems,
            "--regimes", "all", "--out", "eval/results/regimes"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--systems", default=SYSTEMS)
    parser.add_argument("--reuse", action="store_true", help="print the tables from eval/results without running")
    args = parser.parse_args()
    if not DEFAULT_VAL.exists():
        raise SystemExit(f"{DEFAULT_VAL} not found; put the Multi-News validation split at ../shared/data/multinews/")
    argv = command(args.limit, args.seed, args.systems)
    started = time.perf_counter()
    if not args.reuse and cli_main(argv) != 0:
        raise SystemExit(f"summarizer {' '.join(argv)} failed")
    took = "" if args.reuse else f" ({time.perf_counter() - started:.0f} s)"
    print(f"\n`summarizer {shlex.join(argv)}`{took}\n")
    for name, regime in REGIMES.items():
        print(f"**{name}** ({regime.note})\n\n{(RESULTS / name / 'rouge.md').read_text(encoding='utf-8').strip()}\n")
    print(f"eval: wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
