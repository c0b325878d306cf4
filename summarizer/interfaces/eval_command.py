"""`summarizer eval DATA`: the command's arguments and its run, over the evaluation harness.

Writes rouge.md, rouge.json and rouge_clusters.csv to --out; with --regimes, several settings
in one process, each with paired intervals against lead and LexRank.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from summarizer.errors import ConfigError
from summarizer.evaluation.harness import (
    DEFAULT_SYSTEMS,
    REGIMES,
    TRANSFORMS,
    UPDATE_NOTE,
    EvalCluster,
    Regime,
    build_systems,
    csv_rows,
    evaluate,
    load_data,
    markdown_table,
    paired_table,
    parse_systems,
    previous_sentences,
    sample,
    settings_line,
    summarize_rows,
)
from summarizer.evaluation.rouge import Scorer
from summarizer.interfaces.options import add_config_options, config_from_args
from summarizer.run.files import write_atomic


def register(subparsers) -> None:
    parser = subparsers.add_parser("eval", help="ROUGE of the summarizer and baselines against reference summaries")
    parser.add_argument("data", metavar="DATA",
                        help="JSONL clusters, a Multi-News .src/.tgt pair, or a folder of story folders (gzip ok)")
    parser.add_argument("--systems", default=DEFAULT_SYSTEMS,
                        help="comma-separated: summarizer[:PRESET], lead, lexrank, textrank, random, oracle (%(default)s)")
    parser.add_argument("--measure", choices=["f1", "recall", "precision"], default="f1", help="ROUGE measure (%(default)s)")
    parser.add_argument("--max-words", type=int, metavar="N", help="cut each system's output to N words (DUC-style)")
    parser.add_argument("--no-stem", action="store_true", help="turn Porter stemming off")
    parser.add_argument("--limit", type=int, metavar="N", help="score N clusters sampled with --seed")
    parser.add_argument("--seed", type=int, default=0, help="sampling and random-baseline seed (%(default)s)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="B", help="bootstrap resamples (%(default)s)")
    parser.add_argument("--out", default="eval-output", metavar="DIR",
                        help="folder for rouge.md, rouge.json and rouge_clusters.csv (%(default)s)")
    parser.add_argument("--regimes", metavar="NAMES",
                        help=f"run several settings in one process, each in DIR/NAME, with paired intervals "
                             f"against lead and lexrank: all or a comma list of {', '.join(REGIMES)}; "
                             "each regime sets its own measure, word cut and budget")
    add_config_options(parser)
    parser.set_defaults(run=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    for flag in ("limit", "max_words"):
        value = getattr(args, flag)
        if value is not None and value <= 0:
            raise ConfigError(f"--{flag.replace('_', '-')} must be a positive number, got {value}")
    if args.bootstrap < 1:
        raise ConfigError(f"--bootstrap must be at least 1, got {args.bootstrap}")
    names = parse_systems(args.systems)
    base_config = config_from_args(args)
    logging.getLogger("summarizer.run.pipeline").setLevel(logging.ERROR)  # skipped articles: not news in a table
    clusters = sample(load_data(args.data), args.limit, args.seed)
    if any(c.previous for c in clusters) and "plain" not in names and "summarizer" in names:
        names.insert(names.index("summarizer") + 1, "plain")  # the update brief's baseline, in the same run
    if args.regimes:
        return run_regimes(args, names, base_config, clusters)
    return _run_one(args, names, base_config, clusters, args.measure, args.max_words, Path(args.out))


def parse_regimes(spec: str) -> list[Regime]:
    names = list(REGIMES) if spec.strip() == "all" else [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [n for n in names if n not in REGIMES]
    if unknown or not names:
        raise ConfigError(f"unknown regime '{(unknown or [spec])[0]}'; choose all or from {', '.join(REGIMES)}")
    return [REGIMES[n] for n in names]


def run_regimes(args: argparse.Namespace, names: list[str], base_config, clusters: list[EvalCluster]) -> int:
    """Every regime on the same sampled clusters, one after another in this process."""
    regimes = parse_regimes(args.regimes)
    if args.budget is not None or args.measure != "f1" or args.max_words is not None:
        raise ConfigError("--regimes sets the budget, measure and word cut itself; drop --budget, --measure and --max-words")
    for regime in regimes:
        print(f"\n## {regime.name}: {regime.note}\n")
        transformed = [TRANSFORMS[regime.transform](c) for c in clusters]
        config = base_config.replace({"select.budget": regime.budget})
        out = Path(args.out) / regime.name
        code = _run_one(args, names, config, transformed, regime.measure, regime.max_words, out, budget=regime.budget)
        if code:
            return code
    return 0


def _run_one(args: argparse.Namespace, names: list[str], base_config, clusters: list[EvalCluster],
             measure: str, max_words: int | None, out: Path, budget: int | None = None) -> int:

    def variant(preset: str):
        config = config_from_args(argparse.Namespace(**{**vars(args), "preset": preset}))
        return config if budget is None else config.replace({"select.budget": budget})

    scorer = Scorer(measure, stem=not args.no_stem, max_words=max_words)
    systems = build_systems(names, base_config, variant, measure=measure, stem=not args.no_stem, seed=args.seed)
    note = settings_line(scorer.settings, clusters, base_config)
    if not args.quiet:
        print(f"eval: {args.data}: {note}", file=sys.stderr)
        print(f"eval: config: {json.dumps(base_config.to_dict(), sort_keys=True)}", file=sys.stderr)
    rows = evaluate(clusters, systems, scorer, progress=not args.quiet, earlier=previous_sentences(base_config))
    summary = summarize_rows(rows, systems, scorer.metrics, args.bootstrap, args.seed)
    table = markdown_table(summary, scorer.metrics)
    if any(c.previous for c in clusters):
        note += f"; {UPDATE_NOTE}"
    mine = next((s.name for s in systems if s.name.startswith("summarizer")), "summarizer")
    paired = paired_table(rows, mine, against=("plain", "lead", "lexrank"), seed=args.seed)
    report = {"data": str(args.data), "clusters": len(clusters), "limit": args.limit, "seed": args.seed,
              "settings": scorer.settings, "note": note, "systems": summary,
              "configs": {s.name: s.config for s in systems}}
    write_atomic(out / "rouge.md", f"{table}\n\n{note}\n" + (f"\n{paired}\n" if paired else ""))
    write_atomic(out / "rouge.json", json.dumps(report, indent=2, sort_keys=True) + "\n")
    write_atomic(out / "rouge_clusters.csv", csv_rows(rows, scorer.metrics))
    print(table)
    print(f"\n{note}")
    if paired:
        print(f"\n{paired}")
    if not args.quiet:
        for s in systems:
            print(f"eval: {s.name}: {s.seconds:.1f}s", file=sys.stderr)
        print(f"eval: wrote {out / 'rouge.md'}, {out / 'rouge.json'}, {out / 'rouge_clusters.csv'}", file=sys.stderr)
    return 0
