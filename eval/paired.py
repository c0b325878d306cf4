"""Paired differences between any two systems of a `summarizer eval` run, from its per-cluster CSV.

    .venv/bin/python -m eval.paired eval-output/rouge_clusters.csv [--mine summarizer] [--against summarizer:fast,lexrank]
"""
from __future__ import annotations

import argparse
import csv
import sys

from summarizer.evaluation.harness import paired_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", help="rouge_clusters.csv written by summarizer eval --out")
    parser.add_argument("--mine", default="summarizer")
    parser.add_argument("--against", default="", help="comma list (default: every other system)")
    args = parser.parse_args(argv)
    with open(args.csv, newline="") as handle:
        rows = [{**r, "rouge1": float(r["rouge1"]), "rouge2": float(r["rouge2"])} for r in csv.DictReader(handle)]
    systems = list(dict.fromkeys(r["system"] for r in rows))
    against = tuple(filter(None, args.against.split(","))) or tuple(s for s in systems if s != args.mine)
    print(paired_table(rows, args.mine, against=against))
    return 0


if __name__ == "__main__":
    sys.exit(main())
