"""Engines run a batch's stages: in this process (`LocalEngine`) or on a Ray cluster
(`summarizer.run.ray_engine.RayEngine`, the `ray` extra).

Every engine offers the same four steps, and the batch (`summarizer.run.batch`) drives them:
    read(files)            -> articles, in file order (a bad file is warned about and skipped)
    prepare(articles, bars) -> Prepared: cleaned, split and embedded sentences
    cluster(prepared, bars) -> stories (`Summarizer.cluster`; the engine embeds the article leads)
    briefs(jobs)           -> (key, story record) for each (key, Story) job, any order
    folder_briefs(folders) -> (key, FolderOutcome) for each (key, folder) job, any order
The story grouping itself runs on the driver. The functions below are shared by the
engines, so both compute every brief the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from summarizer.errors import InputError, SummarizerError
from summarizer.read.ingest import iter_input_files, read_path
from summarizer.records import Article, Story
from summarizer.run.pipeline import Prepared


@dataclass
class FolderOutcome:
    """One `--per-folder` story: its record, or why it was skipped."""

    record: dict[str, Any] | None = None
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None


def read_files(files: Iterable[Path], bars=None) -> tuple[list[Article], list[dict[str, str]]]:
    """Articles from `files` in order; each unreadable file becomes a skip record."""
    articles: list[Article] = []
    skipped: list[dict[str, str]] = []
    for path in bars.iterate(files, "reading", "file") if bars else files:
        try:
            articles.extend(read_path(path))
        except InputError as exc:
            skipped.append({"path": str(path), "reason": str(exc)})
    return articles, skipped


def skip_note(item: dict[str, str]) -> str:
    """"PATH: reason" of a skip record (the reason alone when it names the path)."""
    return item["reason"] if item["path"] in item["reason"] else f"{item['path']}: {item['reason']}"


def folder_brief(summarizer, folder: Path) -> FolderOutcome:
    """All articles of `folder` as one given story (the `--per-folder` mode)."""
    articles, skipped = read_files(iter_input_files(folder))
    if not articles:
        return FolderOutcome(skipped=skipped + [{"path": str(folder), "reason": "no readable articles"}])
    try:
        result = summarizer.summarize(articles, one_story=True)
    except SummarizerError as exc:
        return FolderOutcome(skipped=skipped, error=str(exc))
    record = dict(result["stories"][0], id=folder.name)
    return FolderOutcome(record, skipped + result["skipped"], result["warnings"])


def story_part(prepared, story: Story):
    """The slice of `prepared` that one story's brief reads: its articles, sentences and
    embedding rows. `Summarizer.brief(story, story_part(p, story))` equals
    `Summarizer.brief(story, p)`; engines ship this part, not the whole pile, to a worker."""
    articles = [prepared.by_id[i] for i in story.article_ids]
    rows = [prepared.embeddings[prepared.slices[a.id]] for a in articles]
    slices, start = {}, 0
    for a, block in zip(articles, rows):
        slices[a.id] = slice(start, start + len(block))
        start += len(block)
    return Prepared(articles, {a.id: prepared.sentences[a.id] for a in articles}, np.concatenate(rows), slices,
                    [], [])


class LocalEngine:
    """Every stage in this process, one story after another."""

    name = "local"

    def __init__(self, summarizer):
        self.summarizer = summarizer

    def read(self, files: list[Path], bars=None) -> tuple[list[Article], list[dict[str, str]]]:
        return read_files(files, bars)

    def prepare(self, articles: list[Article], bars=None):
        return self.summarizer.prepare(articles, bars=bars)

    def cluster(self, prepared, bars=None) -> list[Story]:
        return self.summarizer.cluster(prepared, bars=bars)

    def briefs(self, jobs: list[tuple[Any, Story, tuple[str, ...]]], prepared) -> Iterator[tuple[Any, dict[str, Any]]]:
        """(key, brief) per (key, story, earlier article ids) job: a story with earlier articles
        grew since their brief and gains "What's new" (Summarizer.grown_brief)."""
        for key, story, earlier in jobs:
            yield key, self.summarizer.grown_brief(story, prepared, earlier)

    def folder_briefs(self, jobs: list[tuple[Any, Path]]) -> Iterator[tuple[Any, FolderOutcome]]:
        for key, folder in jobs:
            yield key, folder_brief(self.summarizer, folder)

    def close(self) -> None:
        pass
