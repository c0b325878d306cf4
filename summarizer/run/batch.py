"""Batch mode: a folder of articles in, one brief per story out.

Writes are atomic and briefs that are still current are skipped when the batch runs
again, so an interrupted batch resumes where it stopped, and a folder that gained
articles rewrites only the stories that changed (ids and file names are kept; see
`summarizer.run.story_state`). An engine runs the stages (`summarizer.run.engine`: local by
default, or Ray); this module plans the stories and writes every file, on the driver.
A manifest records the resolved config, the stories new, grown, changed, unchanged or
removed, what was written and the files skipped, and an index of every story: its title, file,
status and the articles (with their files and dates) that fed it. Brief files are named by a
slug of the story's title at its first run plus its stable id (`alder-street-bridge-story-26d7648633.md`),
and keep that name as the story grows. A grown story's brief gains a "What's new" section drawn
from the articles added since the brief on disk (select/update.py).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.read.ingest import folder_files, iter_input_files
from summarizer.read.sources import iso_date
from summarizer.render.formats import EXTENSIONS, first_words, render_chunks
from summarizer.run.engine import LocalEngine, skip_note
from summarizer.run.files import remove_stale_temp_files, write_atomic
from summarizer.run.progress import ProgressBars
from summarizer.run.story_state import (
    Entry,
    StoryState,
    assign_stories,
    inputs_hash,
    is_current,
    status,
)
from summarizer.select.headline import UNTITLED, story_title

log = logging.getLogger(__name__)
STATUSES = ("new", "grown", "changed", "unchanged", "removed")
SLUG_WORDS, SLUG_CHARS = 8, 60


@dataclass
class BatchReport:
    written: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    stories_by_status: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in STATUSES})
    index: dict[str, dict[str, Any]] = field(default_factory=dict)  # story id -> title, file, status, articles
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def stories(self) -> int:
        return len(self.written) + len(self.existing)


@dataclass
class _Job:
    entry: Entry
    status: str
    target: Path
    earlier: list[str] | None = None  # grown: the articles of the brief on disk


def run_batch(summarizer, in_dir: str | Path, out_dir: str | Path, per_folder: bool = False,
              fmt: str = "md", force: bool = False, progress: bool = True, engine=None) -> BatchReport:
    """Briefs for every story in `in_dir`, written to `out_dir`; `engine` runs the stages
    (a `LocalEngine` of `summarizer` when None)."""
    in_dir = Path(in_dir)
    if not in_dir.is_dir():
        raise InputError(f"{in_dir} is not a folder; pass the folder that holds the articles")
    engine = engine or LocalEngine(summarizer)
    if per_folder:
        return _execute(summarizer, engine, _PerFolder, in_dir, str(in_dir), out_dir, fmt, force, progress)
    files = folder_files(in_dir, exclude=[out_dir])
    read = lambda bars: engine.read(files, bars)  # noqa: E731
    return _execute(summarizer, engine, _Clustered, read, str(in_dir), out_dir, fmt, force, progress)


def run_dataset_batch(summarizer, engine, ds, out_dir: str | Path, fmt: str = "md", force: bool = False,
                      progress: bool = False) -> BatchReport:
    """`run_batch` (clustered) over the article rows of a `ray.data.Dataset`, on a `RayEngine`."""
    return _execute(summarizer, engine, _Clustered, lambda bars: engine.read_dataset(ds), "ray.data.Dataset", out_dir,
                    fmt, force, progress)


def _execute(summarizer, engine, mode, source, input_name: str, out_dir: str | Path, fmt: str, force: bool,
             progress: bool) -> BatchReport:
    out_dir = Path(out_dir)
    _check_writable(out_dir)
    for name in remove_stale_temp_files(out_dir):  # left by a batch that was killed mid-write
        log.info("removed the partial file %s of an interrupted run", name)
    previous = StoryState.load(out_dir)
    report = BatchReport()
    try:
        mode(summarizer, engine, source, out_dir, fmt, force, progress, report, previous).run()
    except KeyboardInterrupt:  # the manifest says what this run did before it was stopped
        _write_manifest(report, summarizer, engine, mode, input_name, out_dir, fmt, complete=False)
        raise
    _write_manifest(report, summarizer, engine, mode, input_name, out_dir, fmt, complete=True)
    if report.stories == 0:
        raise InputError(f"no story could be summarized from {input_name}; see the warnings above")
    return report


def _write_manifest(report: BatchReport, summarizer, engine, mode, input_name: str, out_dir: Path, fmt: str,
                    complete: bool) -> None:
    """`manifest.json`; `complete` false when the run was interrupted (rerunning it resumes)."""
    report.manifest = {
        "input": input_name,
        "complete": complete,
        "mode": "per-folder" if mode is _PerFolder else "clustered",
        "engine": engine.name,
        "format": fmt,
        "stories": report.stories_by_status,
        "index": list(report.index.values()),
        "written": report.written,
        "existing": report.existing,
        "skipped": report.skipped,
        "warnings": report.warnings,
        "config": summarizer.config.to_dict(),
    }
    write_atomic(out_dir / "manifest.json", json.dumps(report.manifest, indent=2, ensure_ascii=False) + "\n")


class _Batch:
    def __init__(self, summarizer, engine, source, out_dir: Path, fmt: str, force: bool, progress: bool,
                 report: BatchReport, previous: StoryState):
        self.summarizer, self.engine = summarizer, engine
        self.source, self.out_dir, self.fmt, self.force = source, out_dir, fmt, force
        self.bars = ProgressBars(progress)
        self.report, self.previous = report, previous
        self.config = summarizer.config.to_dict()
        self.state = StoryState(found=True)

    def plan(self, story_id: str, articles: list[str], extra: Any = None, name: str | None = None,
             sources: list[dict[str, Any]] | None = None) -> _Job | None:
        """The story's state entry; a job when its brief must be written. `name` (a title)
        names a new story's file; `sources` describe its articles in the manifest index."""
        old = self.previous.entries.get(story_id)
        ext = EXTENSIONS[self.fmt]
        # a story keeps its file name; in another format, the same name with that format's extension
        file = str(Path(old.file).with_suffix(ext)) if old else story_file_name(name, story_id, ext)
        inputs = inputs_hash(self.config, self.fmt, articles, extra)
        target = self.out_dir / file
        kind = status(old, articles, inputs, target.exists(), self.force)
        entry = Entry(story_id, file, list(articles), inputs,
                      old.brief if old else None, old.brief_articles if old else None, old.title if old else None)
        self.state.entries[story_id] = entry
        self.report.stories_by_status[kind].append(story_id)
        self.report.index[story_id] = {"id": story_id, "title": entry.title, "file": file, "status": kind,
                                       "articles": sources or [{"id": a} for a in articles]}
        if kind == "grown" and old:  # what came in since the last run
            seen = set(old.brief_articles or old.articles)
            self.report.index[story_id]["added"] = [a for a in articles if a not in seen]
        days = [d for d in (iso_date(s.get("date")) for s in sources or ()) if d]
        if days:
            self.report.index[story_id]["latest"] = max(days)[:10]
        if target.exists() and not self.force and is_current(old, inputs):
            entry.brief, entry.brief_articles = inputs, list(articles)
            self.report.existing.append(file)
            return None
        earlier = list(old.brief_articles or ()) if kind == "grown" and old else None
        return _Job(entry, kind, target, earlier)

    def finish_plan(self) -> None:
        """Stories of the last run with no article left; then the plan is saved before any write."""
        for sid in self.previous.entries:
            if sid not in self.state.entries:
                self.report.stories_by_status["removed"].append(sid)
        self.state.save(self.out_dir)

    def write(self, job: _Job, record: dict[str, Any]) -> None:
        job.entry.title = record.get("title")
        self.report.index[job.entry.id]["title"] = job.entry.title
        if "whats_new" in record:
            self.report.index[job.entry.id]["whats_new"] = len(record["whats_new"])  # its sentences (0: nothing new)
        write_atomic(job.target, render_chunks({"stories": [record], "config": self.config}, self.fmt))
        StoryState.record_written(self.out_dir, job.entry)
        self.report.written.append(job.target.name)

    def skip(self, items: list[dict[str, str]]) -> None:
        for item in items:
            if "path" in item:
                log.warning("skipped: %s", skip_note(item))
        self.report.skipped.extend(items)


class _Clustered(_Batch):
    def run(self) -> None:
        articles, skipped = self.source(self.bars)
        self.skip(skipped)
        if not articles:
            return
        prepared = self.engine.prepare(articles, self.bars)
        del articles  # the pile is held once, by `prepared`
        self.report.skipped.extend(prepared.skipped)
        self.report.warnings.extend(prepared.warnings)
        found = self.engine.cluster(prepared, self.bars)
        stories = assign_stories(found, prepared.ids, self.previous)
        jobs = {}
        for story in stories:
            members = [prepared.by_id[i] for i in story.article_ids]
            # an article's text counts: a record that keeps its own id may be edited (the brief is then redone)
            texts = [hashlib.sha1(a.text.encode("utf-8", "replace")).hexdigest()[:12] for a in members]
            job = self.plan(story.id, list(story.article_ids), [[list(p) for p in story.duplicates], texts],
                            name=_story_name(members, prepared),
                            sources=[{"id": a.id, "title": a.title, "date": a.date, "file": a.path} for a in members])
            if job:
                jobs[story.id] = (job, story)
        self.finish_plan()
        # a grown story's brief gains "What's new": what its added articles say that the earlier ones did not
        briefs = self.engine.briefs([(sid, s, tuple(job.earlier or ())) for sid, (job, s) in jobs.items()], prepared)
        for sid, record in self.bars.iterate(briefs, "briefs", "story", total=len(jobs)):
            job, story = jobs[sid]
            self.write(job, dict(record, id=sid))
        self.state.save(self.out_dir)


class _PerFolder(_Batch):
    def run(self) -> None:
        folders = sorted(p for p in self.source.iterdir() if p.is_dir() and not p.name.startswith(".")
                         and p.resolve() != self.out_dir.resolve())  # never its own output
        if not folders:
            raise InputError(f"{self.source} has no subfolders; drop --per-folder to cluster its files into stories")
        jobs = {}
        for folder in folders:
            prints = folder_fingerprint(folder)
            job = self.plan(_safe_name(folder.name), prints,
                            sources=[{"file": str(folder / p.rsplit(":", 1)[0])} for p in prints])
            if job:
                jobs[job.entry.id] = (job, folder)
        self.finish_plan()
        outcomes = self.engine.folder_briefs([(sid, folder) for sid, (_, folder) in jobs.items()])
        for sid, outcome in self.bars.iterate(outcomes, "briefs", "story", total=len(jobs)):
            job, folder = jobs[sid]
            self.skip(outcome.skipped)
            if outcome.error:
                self.skip([{"path": str(folder), "reason": outcome.error}])
            if outcome.record is None:
                self.report.stories_by_status[job.status].remove(sid)
                del self.state.entries[sid]
                continue
            self.report.warnings.extend(outcome.warnings)
            self.write(job, outcome.record)
        self.state.save(self.out_dir)


def _story_name(members, prepared) -> str:
    """A new story's name for its file, known before its brief: the story title made from its
    articles alone (their most central headline, else a lead), as the brief's title mostly is;
    else its opening words."""
    title = story_title(members, [])
    return title if title != UNTITLED else first_words(prepared.sentences[members[0].id][0].text, SLUG_WORDS)


def story_file_name(title: str | None, story_id: str, ext: str) -> str:
    """`<slug of the title>-<story id><ext>`, or `<story id><ext>` without a title."""
    slug = title_slug(title or "")
    return f"{slug}-{story_id}{ext}" if slug else f"{story_id}{ext}"


def title_slug(title: str) -> str:
    """Lower-case ASCII words of a title joined by '-', at most SLUG_WORDS words and SLUG_CHARS chars."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text.replace("'", ""))[:SLUG_WORDS]
    slug = "-".join(words)
    return slug[:SLUG_CHARS].rstrip("-") if len(slug) <= SLUG_CHARS else slug[:SLUG_CHARS].rsplit("-", 1)[0]


def folder_fingerprint(folder: Path) -> list[str]:
    """Each supported file of a story folder as `name:content-hash`, so an edited, added or
    removed file changes the story's inputs."""
    prints = []
    for path in iter_input_files(folder):
        try:
            digest = hashlib.sha1(path.read_bytes()).hexdigest()[:12]
        except OSError:
            digest = "unreadable"
        prints.append(f"{path.relative_to(folder).as_posix()}:{digest}")
    return prints


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
