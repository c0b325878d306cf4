"""ROUGE of the default preset on a set its scorer is trained on, by held-out folds.

    .venv/bin/python -m eval.scorer_folds [--set duc2006] [--folds 5] [--max-words 250 --budget 270]

The shipped `duc` scorer is trained on DUC 2002 extracts and DUC 2006 (eval/train_scorer.py --dev),
so no figure on DUC 2006 may come from it. Here each fold of the set's clusters is summarized by
a scorer trained on DUC 2002 and the other folds (same settings as the shipped model), and the
held-out rows of all folds make one table, with the fast preset, LexRank and lead on the same
clusters and paired intervals. The fold files and models live in a temporary folder (the dev
text is read from ../shared at run time, never copied).
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from eval.train_scorer import DEV
from eval.train_scorer import main as train
from summarizer.config import load_config
from summarizer.evaluation.harness import build_systems, evaluate, load_data, markdown_table, paired_table, summarize_rows
from summarizer.evaluation.rouge import Scorer

TRAIN = ("--min-df", "30", "--alpha", "10000")  # the shipped model's settings (eval/train_scorer.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="duc2006", help="the dev set to fold (a name in ../shared/data/dev)")
    parser.add_argument("--also", default="duc2002_extracts", help="always in training")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-words", type=int, default=250)
    parser.add_argument("--budget", type=int, default=270)
    parser.add_argument("--systems", default="summarizer,summarizer:fast,lead,lexrank")
    args = parser.parse_args(argv)
    logging.getLogger("summarizer").setLevel(logging.ERROR)
    clusters = load_data(DEV / f"{args.set}.jsonl.gz")
    folds = [clusters[k::args.folds] for k in range(args.folds)]
    scorer = Scorer("recall", stem=True, max_words=args.max_words)
    rows, systems = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for k, held_out in enumerate(folds):
            model = Path(tmp) / f"scorer-fold{k}.npz"
            train(["--dev", f"{args.also},{args.set}", "--exclude", ",".join(c.id for c in held_out),
                   *TRAIN, "--out", str(model)])
            config = load_config("default", None, {"select.budget": args.budget, "select.scorer": str(model)})

            def variant(preset: str):
                return load_config(preset, None, {"select.budget": args.budget})

            fold_systems = build_systems(args.systems.split(","), config, variant, measure="recall")
            rows.extend(evaluate(held_out, fold_systems, scorer, progress=False))
            if systems is None:
                systems = fold_systems
            else:
                for total, one in zip(systems, fold_systems):
                    total.seconds += one.seconds
            print(f"fold {k + 1}/{args.folds}: {len(held_out)} clusters", file=sys.stderr, flush=True)
    summary = summarize_rows(rows, systems, scorer.metrics)
    print(f"{args.set}: {len(clusters)} clusters in {args.folds} held-out folds; ROUGE recall, Porter stemming on, "
          f"cut to {args.max_words} words; budget {args.budget} words; the default preset's scorer trained on "
          f"{args.also} and the other folds")
    print()
    print(markdown_table(summary, scorer.metrics))
    print()
    print(paired_table(rows, "summarizer", against=("summarizer:fast", "lead", "lexrank")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
