"""Choose the default preset's relevance blend (select.centroid_weight, select.coverage_weight) by
held-out folds of a set the judged sets never see, then show the grid on the judged sets.

    .venv/bin/python -m eval.tune_blend --choose-on duc2006 --also duc2002_extracts \\
        --report duc2003_task2,duc2007_update_A --grid centroid_weight=0/0.1/0.2/0.4,coverage_weight=0.3/0.6/1

The --choose-on set is cut into folds (eval/scorer_folds.py); each fold's sentences are scored by a
model trained on --also and the other folds, so the choice never rests on a model's own training
sentences. The setting with the highest mean of R1 and R2 recall there is chosen; the --report sets
are scored with the shipped model (--report-scorer) at every setting, for reading, not for choosing.
Selection runs on cached clusters (split and embedded once with WordLlama, as the default preset
does), without the pipeline's article order, so figures differ a little from `summarizer eval`,
which gives the final ones.
"""
from __future__ import annotations

import argparse
import itertools
import shlex
import sys
import tempfile
from pathlib import Path

from eval.scorer_folds import fold_of, measure_of, train_model
from eval.train_scorer import _prepared
from eval.tune_select import _tokenize, run_selector, score
from summarizer.config import load_config
from summarizer.select.selector import MMRSelector


def _tokenized(name: str) -> list[dict]:
    items = [c for c in _prepared(name) if c["sentences"]]
    for item in items:
        item.setdefault("tokens", [_tokenize(s.text) for s in item["sentences"]])
        item.setdefault("ref_tokens", [_tokenize(r) for r in item["references"]])
    return items


def _scores(items: list[dict], scorer: str, settings: dict, set_name: str) -> dict[str, float]:
    max_words, budget = measure_of(set_name)
    config = load_config("default", None, {**{f"select.{k}": v for k, v in settings.items()},
                                           "select.budget": budget, "select.scorer": scorer})
    selector = MMRSelector.from_config(config)
    return score(items, lambda item: run_selector(selector, item), max_words=max_words)


def nested(names: list[str], also: str, folds: int, grid: dict) -> None:
    """For each outer fold of the `names` sets (held out together), the grid setting that inner
    folds choose: each other fold in turn is scored by a model trained on `also` and the remaining
    folds. The choice maximizes the mean over the sets of R1 + R2 recall (each set at its usual
    measure, each set counting the same). `weight` in the grid is train_scorer's --weight; the other
    keys are select settings."""
    items = {name: _tokenized(name) for name in names}
    split = {name: fold_of(items[name], folds) for name in names}
    weights = grid.pop("weight", ["sentence"])
    settings = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    head = ["outer fold", "weight", *grid, *(f"{name} {m}" for name in names for m in ("R1", "R2"))]
    print(f"nested folds over {', '.join(names)} ({folds} outer folds; inner models trained on {also} and the "
          "other inner folds); inner-fold ROUGE recall, stemmed; chosen: the best mean over the sets of R1 + R2")
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "--:|" * len(head))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            results = []
            inner = [j for j in range(folds) if j != k]
            for weight in weights:
                totals = [{name: {} for name in names} for _ in settings]
                for j in inner:
                    held = {c["id"] for name in names for c in split[name][j] + split[name][k]}
                    model = train_model(",".join(filter(None, [also, *names])), held,
                                        Path(tmp) / f"o{k}i{j}{weight}.npz", True, ("--weight", str(weight)))
                    for total, setting in zip(totals, settings):
                        for name in names:
                            size = sum(len(split[name][i]) for i in inner)
                            for key, value in _scores(split[name][j], str(model), setting, name).items():
                                total[name][key] = total[name].get(key, 0.0) + value * len(split[name][j]) / size
                results += [(weight, setting, total) for setting, total in zip(settings, totals)]
            best = max(results, key=lambda r: sum(t["rouge1_r"] + t["rouge2_r"] for t in r[2].values()))
            for weight, setting, total in results:
                cells = [str(k + 1), str(weight), *(f"{v:g}" for v in setting.values())]
                cells += [f"{total[name][m]:.2f}" for name in names for m in ("rouge1_r", "rouge2_r")]
                print("| " + " | ".join(cells) + " |" + (" chosen" if (weight, setting) == best[:2] else ""),
                      flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--choose-on", default="duc2006", help="the set whose held-out folds choose the setting")
    parser.add_argument("--also", default="duc2002_extracts", help="always in the fold models' training")
    parser.add_argument("--include-judged", action="store_true", help="--also may name DUC 2003 / 2007 A")
    parser.add_argument("--train", default="", help="more eval/train_scorer.py options, e.g. '--weight sqrt'")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--report", default="duc2003_task2,duc2007_update_A", help="sets shown, never chosen on")
    parser.add_argument("--report-scorer", default="duc", help="the scorer on the --report sets")
    parser.add_argument("--grid", default="centroid_weight=0/0.1/0.2/0.4,coverage_weight=0.3/0.6/1")
    parser.add_argument("--nested", default="", metavar="SETS",
                        help="instead: choose by nested folds over these sets (comma list), e.g. "
                        "--nested duc2003_task2,duc2007_update_A --also duc2002_extracts,duc2006 "
                        "--grid weight=sentence/sqrt/cluster,centroid_weight=0/0.2")
    args = parser.parse_args(argv)
    grid = {}
    for part in filter(None, args.grid.split(",")):
        key, values = part.split("=")
        grid[key] = [v if key == "weight" else float(v) for v in values.split("/")]
    if args.nested:
        nested(args.nested.split(","), args.also, args.folds, grid)
        return 0
    settings = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    items = _tokenized(args.choose_on)
    folds = fold_of(items, args.folds)
    totals = [{} for _ in settings]
    with tempfile.TemporaryDirectory() as tmp:
        for k, held_out in enumerate(folds):
            model = train_model(",".join(filter(None, [args.also, args.choose_on])), {c["id"] for c in held_out},
                                Path(tmp) / f"fold{k}.npz", args.include_judged, tuple(shlex.split(args.train)))
            for total, setting in zip(totals, settings):
                for key, value in _scores(held_out, str(model), setting, args.choose_on).items():
                    total[key] = total.get(key, 0.0) + value * len(held_out) / len(items)
            print(f"fold {k + 1}/{args.folds}", file=sys.stderr, flush=True)
    report = {name: _tokenized(name) for name in filter(None, args.report.split(","))}
    head = [*grid, f"{args.choose_on} R1", "R2"] + [f"{name} {m}" for name in report for m in ("R1", "R2")]
    print(f"held-out folds of {args.choose_on} (models trained on {args.also} and the other folds); "
          f"{', '.join(report)} with scorer {args.report_scorer}; ROUGE recall, stemmed")
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "--:|" * len(head))
    best = max(range(len(settings)), key=lambda i: totals[i]["rouge1_r"] + totals[i]["rouge2_r"])
    for i, (setting, total) in enumerate(zip(settings, totals)):
        cells = [f"{v:g}" for v in setting.values()] + [f"{total['rouge1_r']:.2f}", f"{total['rouge2_r']:.2f}"]
        for name, data in report.items():
            shown = _scores(data, args.report_scorer, setting, name)
            cells += [f"{shown['rouge1_r']:.2f}", f"{shown['rouge2_r']:.2f}"]
        print("| " + " | ".join(cells) + " |" + (" chosen" if i == best else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
