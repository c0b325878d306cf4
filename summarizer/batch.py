"""Batch mode: a folder of articles in, one brief per story out.

Writes are atomic and finished outputs are skipped when the batch runs again, so an
interrupted batch resumes where it stopped. A manifest records the resolved config,
the stories written and the files skipped.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, SummarizerError
from .ingest import iter_input_files, read_path
from .output import remove_stale_temp_files, render, to_json, write_atomic
from .records import Article

log = logging.getLogger(__name__)
EXTENSIONS = {"md": ".md", "txt": ".txt", "json": ".json"}


@dataclass
class BatchReport:
    written: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    @property
    def stories(self) -> int:
        return len(self.written) + len(self.existing)


def read_folder(folder: Path, report: BatchReport) -> list[Article]:
    """Every readable article below `folder`; a bad file is warned about and skipped."""
    articles: list[Article] = []
    for path in iter_input_files(folder):
        try:
            articles.extend(read_path(path))
        except InputError as exc:
            log.warning("skipped %s", exc)
            report.skipped.append({"path": str(path), "reason": str(exc)})
    return articles


def run_batch(summarizer, in_dir: str | Path, out_dir: str | Path, per_folder: bool = False,
              fmt: str = "md", force: bool = False, progress: bool = True) -> BatchReport:
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    if not in_dir.is_dir():
        raise InputError(f"{in_dir} is not a folder; pass the folder that holds the articles")
    _check_writable(out_dir)
    for name in remove_stale_temp_files(out_dir):  # left by a batch that was killed mid-write
        log.info("removed the partial file %s of an interrupted run", name)
    report = BatchReport()
    if per_folder:
        _per_folder(summarizer, in_dir, out_dir, fmt, force, progress, report)
    else:
        _clustered(summarizer, in_dir, out_dir, fmt, force, progress, report)
    manifest = {
        "input": str(in_dir),
        "mode": "per-folder" if per_folder else "clustered",
        "format": fmt,
        "written": report.written,
        "existing": report.existing,
        "skipped": report.skipped,
        "warnings": report.warnings,
        "config": summarizer.config.to_dict(),
    }
    write_atomic(out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    if report.stories == 0:
        raise InputError(f"no story could be summarized from {in_dir}; see the warnings above")
    return report


def _clustered(summarizer, in_dir, out_dir, fmt, force, progress, report) -> None:
    articles = read_folder(in_dir, report)
    if not articles:
        return
    result = summarizer.summarize(articles, progress=_bar("embedding", progress))
    report.skipped.extend(result["skipped"])
    report.warnings.extend(result["warnings"])
    for story in result["stories"]:
        _write_story(story, result, out_dir / f"{story['id']}{EXTENSIONS[fmt]}", fmt, force, report)


def _per_folder(summarizer, in_dir, out_dir, fmt, force, progress, report) -> None:
    from tqdm import tqdm

    folders = sorted(p for p in in_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise InputError(f"{in_dir} has no subfolders; drop --per-folder to cluster its files into stories")
    for folder in tqdm(folders, desc="stories", unit="story", disable=not progress):
        target = out_dir / f"{_safe_name(folder.name)}{EXTENSIONS[fmt]}"
        if target.exists() and not force:
            report.existing.append(target.name)
            continue
        articles = read_folder(folder, report)
        if not articles:
            report.skipped.append({"path": str(folder), "reason": "no readable articles"})
            continue
        try:
            result = summarizer.summarize(articles, one_story=True)
        except SummarizerError as exc:
            log.warning("skipped %s: %s", folder, exc)
            report.skipped.append({"path": str(folder), "reason": str(exc)})
            continue
        report.skipped.extend(result["skipped"])
        report.warnings.extend(result["warnings"])
        story = dict(result["stories"][0], id=folder.name)
        _write_story(story, result, target, fmt, True, report)


def _write_story(story: dict[str, Any], result: dict[str, Any], target: Path, fmt: str,
                 force: bool, report: BatchReport) -> None:
    if target.exists() and not force:
        report.existing.append(target.name)
        return
    single = {"stories": [story], "config": result["config"]}
    write_atomic(target, to_json(single) if fmt == "json" else render(single, fmt))
    report.written.append(target.name)


def _bar(desc: str, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=desc, unit="sent")
        bar["bar"].n = done
        bar["bar"].refresh()
        if done >= total:
            bar["bar"].close()

    return update


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "story"


def _check_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"cannot write to {out_dir} ({exc.strerror}); choose a writable --out folder") from None
