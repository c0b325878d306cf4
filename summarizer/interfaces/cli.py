"""Command line: `summarizer summarize|batch|presets ...`.

Argument handling (`build_parser`, `config_from_args`) is kept apart from `main` so it
can be tested without running the pipeline. Exit codes: 0 done, 1 nothing could be
done (bad input, unwritable output), 2 usage or config error, 3 internal error (a bug:
the message asks for a report; SUMMARIZER_DEBUG=1 shows the traceback), 130 interrupted.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from summarizer.config import available_presets, preset_summary
from summarizer.errors import ConfigError, InputError, SummarizerError
from summarizer.interfaces import commands
from summarizer.interfaces.options import add_config_options, config_from_args
from summarizer.read.ingest import articles_from_text, folder_files, is_output, is_summarizer_output, resolved
from summarizer.render.formats import format_of, render_chunks
from summarizer.run.files import write_atomic
from summarizer.run.progress import ProgressBars

log = logging.getLogger(__name__)
PREVIOUS_FIRST = ("no new articles given (--previous takes every path after it); put the new ones first: "
                  "summarizer summarize today/ --previous yesterday/")

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class OneLineParser(argparse.ArgumentParser):
    """A usage error is one line that names where help is, not the whole usage block."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}; see {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="summarizer", description="Multi-source news summarization.")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars or warnings")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    parser.commands = sub.choices  # each command's parser, by name

    summarize = sub.add_parser("summarize", help="summarize articles from files, folders or stdin")
    summarize.add_argument("paths", nargs="*", metavar="PATH",
                           help="article files or folders; none or '-' reads stdin (articles separated by '---' lines)")
    summarize.add_argument("-o", "--output", metavar="FILE",
                           help="write here instead of stdout; without -f the format follows its suffix "
                                "(.json, .txt, .md)")
    summarize.add_argument("--one-story", action="store_true", help="treat all articles as one story")
    add_progress_option(summarize)
    since = summarize.add_mutually_exclusive_group()
    since.add_argument("--since", metavar="FILE",
                       help="a previous --format json output (or a batch folder's manifest.json): each story "
                            "gains a \"What's new\" section that leaves out what that brief said; its articles, "
                            "if given again, count as read")
    since.add_argument("--previous", nargs="+", metavar="PATH",
                       help="articles already read (files or folders): each story gains a \"What's new\" section "
                            "that leaves out what they said")
    since.add_argument("--newest-day", action="store_true",
                       help="each story dated on two or more days gains a \"What's new\" section: what its newest "
                            "day's articles add to its earlier ones")
    add_config_options(summarize)
    summarize.set_defaults(run=run_summarize)

    batch = sub.add_parser("batch", help="one brief per story for a folder of articles")
    batch.add_argument("in_dir", metavar="IN_DIR", help="folder of articles (.txt, .md, .html, .json, .jsonl), read recursively")
    batch.add_argument("-o", "--out", required=True, metavar="OUT_DIR", help="folder for briefs and manifest.json")
    batch.add_argument("--per-folder", action="store_true", help="each subfolder of IN_DIR is one given story")
    batch.add_argument("--force", action="store_true", help="redo stories whose output already exists")
    add_progress_option(batch)
    engine = batch.add_argument_group("engine")
    engine.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local (this process, the default) or ray (Ray Data; needs summarizer[ray])")
    engine.add_argument("--address", metavar="ADDR",
                        help="Ray cluster to join (head node host:port, or auto); none starts a local one")
    engine.add_argument("--actors", type=int, metavar="N",
                        help="Ray actors per stage (default: one per CPU of the cluster)")
    add_config_options(batch)
    batch.set_defaults(run=run_batch)

    presets = sub.add_parser("presets", help="list the configuration presets")
    presets.set_defaults(run=run_presets)

    for register in _extensions():
        register(sub)
    return parser


def _extensions():
    """Subcommands of optional modules (eval, app), registered when importable."""
    return commands.REGISTRARS


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress bars or warnings (also before the command)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS,
                        help="progress bars on stderr for reading, cleaning, embedding, story leads, grouping and "
                             "briefs (default: on when stderr is a terminal)")


def progress_bars(args: argparse.Namespace) -> ProgressBars:
    """--progress/--no-progress, else on when stderr is a terminal; -q turns them off."""
    return ProgressBars.for_terminal(False if args.quiet else getattr(args, "progress", None))


def read_inputs(paths: Sequence[str], stdin=None, bars: ProgressBars | None = None, exclude: Sequence[str] = (),
                skipped: list[dict[str, str]] | None = None):
    """Articles from files and folders (a folder's files less `exclude`, the run's own output),
    or from stdin; one unreadable file among readable ones is passed over with a warning (and
    added to `skipped`, the JSON output's list)."""
    bars = bars or ProgressBars()
    stdin = stdin or sys.stdin
    articles = []
    if not paths or list(paths) == ["-"]:
        if stdin.isatty():
            raise InputError("no input; pass article files, or pipe articles on stdin separated by '---' lines")
        return articles_from_text(stdin.read(), source=None)
    files, outputs = [], [resolved(p) for p in exclude]
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(folder_files(path, exclude))
        elif not path.exists() and not path.is_symlink():  # a mistyped name is an error, not a skip
            raise InputError(f"{path}: no such file or folder; check the path")
        elif outputs and is_output(path, outputs) and is_summarizer_output(path):  # `*.txt -o brief.txt`, again
            log.warning("skipped: %s is this run's output (-o)", path)
        elif outputs and is_output(path, outputs):
            raise InputError(f"-o {path} is one of the input files; choose another -o path")
        else:
            files.append(path)
    for output in outputs:  # an article file inside an input folder is never written over
        inside = any(p.is_dir() and resolved(p) in output.parents for p in map(Path, paths))
        if inside and output.is_file() and not is_summarizer_output(output):
            raise InputError(f"-o {output} would overwrite an article in the input folder; choose another -o path")
    unique: dict[Path, Path] = {}
    for file in files:  # a file given twice (or by a folder and by name) is read once
        unique.setdefault(resolved(file), file)
    files = list(unique.values())
    from summarizer.run.engine import read_files, skip_note

    articles, unreadable = read_files(files, bars)
    if unreadable and not articles:
        raise InputError(unreadable[0]["reason"] if len(unreadable) == 1 else
                         f"none of the {len(unreadable)} files could be read; first: {skip_note(unreadable[0])}")
    for item in unreadable:  # one bad file among good ones is passed over, as in batch
        log.warning("skipped: %s", skip_note(item))
    if skipped is not None:
        skipped.extend(unreadable)
    return articles


def run_summarize(args: argparse.Namespace) -> int:
    from summarizer.run.pipeline import Summarizer

    if args.output == "-":  # "-o -": standard output, as with no -o
        args.output = None
    suffix = format_of(args.output) if args.output else None
    if args.output and not suffix and Path(args.output).suffix and not args.format:
        raise ConfigError(f"-o {args.output}: the suffix names no output format; end it in .md, .txt or .json, "
                          "or give -f")
    # "-o briefs.json" writes JSON unless -f, --set or --config says otherwise
    config = config_from_args(args, {"output.format": suffix} if suffix else None)
    bars = progress_bars(args)
    if args.previous and not args.paths and sys.stdin.isatty():
        raise InputError(PREVIOUS_FIRST)
    unreadable: list[dict[str, str]] = []
    articles = read_inputs(args.paths, bars=bars, exclude=[args.output] if args.output else [], skipped=unreadable)
    if not articles and args.previous and not args.paths:
        raise InputError(PREVIOUS_FIRST)
    previous, read = None, []
    if args.previous:
        from summarizer.select.update import read_later_than_new, unread

        previous = read_inputs(args.previous)
        articles = unread(articles, {a.id for a in previous}, " ".join(args.previous))
        if swapped := read_later_than_new(articles, previous):
            log.warning("every article given with --previous (from %s) is later than the new ones (to %s); "
                        "if those are the new ones, give them first: summarizer summarize today/ --previous "
                        "yesterday/", swapped[1], swapped[0])
    elif args.since:
        from summarizer.select.update import read_since

        articles, previous, read = read_since(args.since, articles)
    result = Summarizer(config).summarize(articles, one_story=args.one_story, previous=previous, read=read,
                                          newest=args.newest_day, bars=bars)
    result["skipped"] = unreadable + result["skipped"]  # files passed over, then articles left empty
    text = render_chunks(result, config.output.format)  # written as it is made, never held whole
    if args.output:
        try:
            write_atomic(args.output, text)
        except OSError as exc:
            raise InputError(f"cannot write {args.output} ({exc.strerror or exc}); choose a writable -o path") from None
    else:
        sys.stdout.writelines(text)
    return EXIT_OK


def run_batch(args: argparse.Namespace) -> int:
    from summarizer.run.batch import run_batch as batch
    from summarizer.run.pipeline import Summarizer

    config = config_from_args(args)
    if args.engine == "local" and (args.address or args.actors):
        raise ConfigError("--address and --actors need --engine ray")
    if Path(args.in_dir).is_dir() and resolved(args.out) == resolved(args.in_dir):
        raise InputError(f"--out {args.out} is the input folder; choose a folder of its own, e.g. --out briefs")
    summarizer = Summarizer(config)
    engine = None
    if args.engine == "ray":
        from summarizer.run.ray_engine import RayEngine

        engine = RayEngine(summarizer, address=args.address, actors=args.actors)
    try:
        report = batch(summarizer, args.in_dir, args.out, per_folder=args.per_folder,
                       fmt=config.output.format, force=args.force, progress=progress_bars(args).enabled,
                       engine=engine)
    finally:
        if engine is not None:
            engine.close()
    statuses = ", ".join(f"{len(ids)} {status}" for status, ids in report.stories_by_status.items() if ids)
    print(f"summarizer: {len(report.written)} written, {len(report.existing)} already done, "
          f"{len(report.skipped)} skipped -> {args.out} (stories: {statuses or 'none'})", file=sys.stderr)
    return EXIT_OK


def run_presets(args: argparse.Namespace) -> int:
    names = available_presets()
    for name in names:
        print(f"{name:<{max(map(len, names))}}  {preset_summary(name)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # told by the command's parser: "summarizer summarize: error: ...; see summarizer summarize --help"
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="summarizer: warning: %(message)s")
    try:
        return args.run(args)
    except ConfigError as exc:
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SummarizerError as exc:
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        resume = "run the same command again to resume" if args.command == "batch" else "nothing was written"
        print(f"summarizer: interrupted; {resume}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the machine, not the input: disk full, file vanished mid-run
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"summarizer: error: {exc.strerror or exc}{where}; check the disk and the paths", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug: one readable line, the traceback on request
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        print(f"summarizer: internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it with "
              "the input that caused it (SUMMARIZER_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
