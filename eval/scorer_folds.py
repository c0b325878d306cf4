"""ROUGE of the default preset on dev sets its scorer is trained on, by held-out folds.

    # DUC 2003 and 2007 A (100 words), DUC 2006 wholly in training:
    .venv/bin/python -m eval.scorer_folds --set duc2003_task2,duc2007_update_A --also duc2002_extracts,duc2006
    # DUC 2006 (250 words), the old recipe (DUC 2002 + the other 2006 folds) beside it:
    .venv/bin/python -m eval.scorer_folds --set duc2006 --also duc2002_extracts,duc2003_task2,duc2007_update_A \\
        --include-judged --baseline duc2002_extracts,duc2006 --systems summarizer,summarizer:baseline,summarizer:fast,lead

The `duc` scorer may be trained on any of the dev sets (eval/train_scorer.py --dev), so no figure on
a set it saw may come from it. Here each set in --set is cut into --folds folds (cluster k goes to
fold k mod folds); fold k of every set is held out together, and summarized by a scorer trained on
the --also sets and the other folds (the shipped model's settings). The held-out rows of all folds
make one table per set, with the other systems on the same clusters and paired intervals:

- `summarizer`: the default preset with the fold's scorer;
- `summarizer:default`: the default preset as shipped (its bundled `duc` model);
- `summarizer:baseline` (with --baseline SETS): a scorer trained per fold on SETS less the held-out
  clusters, e.g. the earlier recipe, when the shipped model has seen the set;
- `summarizer:PRESET`, lead, lexrank: as in `summarizer eval`.

Each set is scored at its usual measure: recall of the first 250 words with a 270-word budget for
DUC 2006, of the first 100 with 110 for the others (--max-words / --budget override both).
`--with KEY=VALUE` (repeatable) changes the fold model's preset, e.g. select.centroid_weight=0.5;
`--baseline-with` the baseline's.
The fold models live in a temporary folder (the dev text is read from ../shared at run time).
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import shlex
import sys
import tempfile
from pathlib import Path

import yaml

from eval.train_scorer import DEV, HELD_OUT
from eval.train_scorer import main as train
from summarizer.config import load_config
from summarizer.evaluation.harness import (
    build_systems,
    evaluate,
    load_data,
    markdown_table,
    paired_table,
    summarize_rows,
)
from summarizer.evaluation.rouge import Scorer

TRAIN = ("--min-df", "30", "--alpha", "10000")  # the shipped model's settings (eval/train_scorer.py)
MEASURE = {"duc2006": (250, 270)}  # set: (ROUGE cut, budget in words); others 100 / 110


def measure_of(name: str, max_words: int | None = None, budget: int | None = None) -> tuple[int, int]:
    """(ROUGE cut, budget in words) of a dev set: its MEASURE, else 100 / 110; either given wins."""
    cut, words = MEASURE.get(name, (100, 110))
    return max_words or cut, budget or words


def fold_of(clusters: list, folds: int) -> list[list]:
    """Cluster k of a set goes to fold k mod folds."""
    return [clusters[k::folds] for k in range(folds)]


def train_model(sets: str, exclude: set[str], out: Path, include_judged: bool, extra: tuple[str, ...] = ()) -> Path:
    """A scorer trained on the named sets less the `exclude` clusters, with the shipped settings
    (and `extra` train_scorer options)."""
    argv = ["--dev", sets, "--exclude", ",".join(sorted(exclude)), *TRAIN, *extra, "--out", str(out)]
    with contextlib.redirect_stdout(sys.stderr):  # the fit's report goes with the progress lines
        train(argv + (["--include-judged"] if include_judged else []))
    return out


def _overrides(items: list[str]) -> dict:
    return {key: yaml.safe_load(value) for key, _, value in (item.partition("=") for item in items)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="duc2006", help="dev sets to fold (comma list of names in ../shared/data/dev)")
    parser.add_argument("--also", default="duc2002_extracts", help="sets always in training (comma list)")
    parser.add_argument("--include-judged", action="store_true",
                        help="--also may name DUC 2003 / 2007 A (train_scorer.py --include-judged)")
    parser.add_argument("--baseline", default="", help="sets of the summarizer:baseline scorer (less the fold)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-words", type=int, help="ROUGE cut for every set (default: the set's usual)")
    parser.add_argument("--budget", type=int, help="budget in words for every set (default: the set's usual)")
    parser.add_argument("--systems", default="summarizer,summarizer:default,summarizer:fast,lead,lexrank")
    parser.add_argument("--with", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="a config change for the fold model's system (summarizer)")
    parser.add_argument("--train", default="", help="more eval/train_scorer.py options for the fold model, "
                        "e.g. '--weight cluster' or '--alpha 3000' (later ones win)")
    parser.add_argument("--baseline-train", default="", help="--train for the baseline's scorer")
    parser.add_argument("--baseline-with", action="append", default=[], metavar="KEY=VALUE",
                        help="a config change for summarizer:baseline")
    args = parser.parse_args(argv)
    logging.getLogger("summarizer").setLevel(logging.ERROR)
    names = list(filter(None, args.set.split(",")))
    also = list(filter(None, args.also.split(",")))
    if set(names) & set(also):
        raise SystemExit("--set and --also share a set: a folded set cannot be in training whole")
    sets = {name: load_data(DEV / f"{name}.jsonl.gz") for name in names}
    folds = {name: fold_of(clusters, args.folds) for name, clusters in sets.items()}
    overrides, baseline_overrides = _overrides(args.overrides), _overrides(args.baseline_with)
    judged = args.include_judged or any(name in HELD_OUT for name in also)
    measures = {name: measure_of(name, args.max_words, args.budget) for name in names}
    scorers = {name: Scorer("recall", stem=True, max_words=measures[name][0]) for name in names}
    rows: dict[str, list[dict]] = {name: [] for name in names}
    systems: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            held_out = {c.id for name in names for c in folds[name][k]}
            model = train_model(",".join(also + names), held_out, Path(tmp) / f"scorer-fold{k}.npz", judged,
                                tuple(shlex.split(args.train)))
            baseline = None
            if args.baseline:
                baseline = train_model(args.baseline, held_out, Path(tmp) / f"baseline-fold{k}.npz", judged,
                                       tuple(shlex.split(args.baseline_train)))
            for name in names:
                budget = measures[name][1]
                config = load_config("default", None, {**overrides, "select.budget": budget,
                                                       "select.scorer": str(model)})

                def variant(preset: str, budget=budget, baseline=baseline):
                    if preset == "baseline":
                        return load_config("default", None, {**baseline_overrides, "select.budget": budget,
                                                             "select.scorer": str(baseline)})
                    return load_config(preset, None, {"select.budget": budget})

                fold_systems = build_systems(args.systems.split(","), config, variant, measure="recall")
                rows[name].extend(evaluate(folds[name][k], fold_systems, scorers[name], progress=False))
                if name not in systems:
                    systems[name] = fold_systems
                else:
                    for total, one in zip(systems[name], fold_systems):
                        total.seconds += one.seconds
            print(f"fold {k + 1}/{args.folds}: {len(held_out)} clusters", file=sys.stderr, flush=True)
    others = tuple(s for s in args.systems.split(",") if s != "summarizer")
    for name in names:
        (max_words, budget), scorer = measures[name], scorers[name]
        print(f"{name}: {len(sets[name])} clusters in {args.folds} held-out folds; ROUGE recall, Porter stemming on, "
              f"cut to {max_words} words; budget {budget} words; summarizer = the default preset with a scorer "
              f"trained on {','.join(also)} and the other folds" + (f" ({'; '.join(args.overrides)})"
                                                                    if args.overrides else ""))
        print()
        print(markdown_table(summarize_rows(rows[name], systems[name], scorer.metrics), scorer.metrics))
        print()
        print(paired_table(rows[name], "summarizer", against=others))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
