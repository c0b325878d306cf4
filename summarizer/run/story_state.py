"""Stable stories across batch runs: `OUT/.story-state` (JSON) remembers each story's id, file and
articles, and what the brief on disk was made from.

On a rerun the pile is clustered as usual, then every article that was already in a story
stays there; a new article joins the old story that most of its new cluster-mates belong
to, and a cluster of only new articles opens a new story. So story ids and file names are
kept, and only stories whose inputs (articles, near-copies, config, format) changed are
written again. Each written brief is appended to a journal (`.story-state.journal`)
right after its rename, so a killed run loses no record; the next run folds it in.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from summarizer.records import Story
from summarizer.run.files import write_atomic
from summarizer.stories.grouping import story_id

log = logging.getLogger(__name__)
STATE_FILE = ".story-state"  # hidden: no story file name can start with a dot
JOURNAL_FILE = ".story-state.journal"
VERSION = 1


@dataclass
class Entry:
    id: str
    file: str
    articles: list[str]  # article ids (clustered) or file fingerprints (per folder), in order
    inputs: str  # hash of what this story's brief is made from, as planned by the last run
    brief: str | None = None  # inputs hash of the brief on disk (None: never written)
    brief_articles: list[str] | None = None  # the articles of the brief on disk
    title: str | None = None  # the title of the brief on disk


class StoryState:
    def __init__(self, entries: dict[str, Entry] | None = None, found: bool = False):
        self.entries = entries or {}
        self.found = found  # False: no state file (a first run, or an output folder of an older version)

    @classmethod
    def load(cls, out_dir: Path) -> "StoryState":
        path = Path(out_dir) / STATE_FILE
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {e["id"]: Entry(**e) for e in data["stories"]}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignored %s (%s); story ids start afresh", path, exc)
            return cls()
        state = cls(entries, found=True)
        state._replay_journal(Path(out_dir) / JOURNAL_FILE)
        return state

    def _replay_journal(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                item = json.loads(line)
                entry = self.entries[item["id"]]
            except (ValueError, KeyError, TypeError):
                continue  # a line cut by a kill, or a story dropped since
            if entry.inputs == item["inputs"]:
                entry.brief, entry.brief_articles = entry.inputs, list(entry.articles)
                entry.title = item.get("title", entry.title)

    def save(self, out_dir: Path) -> None:
        data = {"version": VERSION, "stories": [asdict(e) for e in self.entries.values()]}
        write_atomic(Path(out_dir) / STATE_FILE, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        (Path(out_dir) / JOURNAL_FILE).unlink(missing_ok=True)

    @staticmethod
    def record_written(out_dir: Path, entry: Entry) -> None:
        """Append one line to the journal (one write call, so a kill cannot interleave lines)."""
        entry.brief, entry.brief_articles = entry.inputs, list(entry.articles)
        line = (json.dumps({"id": entry.id, "inputs": entry.inputs, "title": entry.title}) + "\n").encode()
        fd = os.open(Path(out_dir) / JOURNAL_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def inputs_hash(config: dict[str, Any], fmt: str, articles: list[str], extra: Any = None) -> str:
    blob = json.dumps({"config": config, "format": fmt, "articles": articles, "extra": extra}, sort_keys=True)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def status(old: Entry | None, articles: list[str], inputs: str, target_exists: bool, force: bool) -> str:
    """unchanged (the brief on disk is current), new, grown (articles added) or changed."""
    if target_exists and not force and is_current(old, inputs):
        return "unchanged"
    if old is None or old.brief is None:
        return "new"
    before = set(old.brief_articles or ())
    if before < set(articles):
        return "grown"
    return "unchanged" if old.brief == inputs else "changed"


def is_current(old: Entry | None, inputs: str) -> bool:
    # No record (an older version's output, or written by a killed run before its record):
    # an existing brief counts as done, as batches always resumed.
    if old is None:
        return True
    return old.brief == inputs or (old.brief is None and old.inputs == inputs)


def assign_stories(stories: list[Story], order: list[str], previous: StoryState) -> list[Story]:
    """Fresh clusters mapped onto the previous run's stories (see the module docstring).

    `order` is the input order of article ids; members and stories keep the clusterer's
    ordering rules (members in input order; largest story first, ties by first member)."""
    old_story = {a: e.id for e in previous.entries.values() for a in e.articles}
    if not old_story:
        return stories
    members: dict[str, list[str]] = {}
    for story in stories:
        olds = [old_story[a] for a in story.article_ids if a in old_story]
        new = [a for a in story.article_ids if a not in old_story]
        for a in story.article_ids:
            if a in old_story:
                members.setdefault(old_story[a], []).append(a)
        if not new:
            continue
        if olds:
            votes = Counter(olds)
            target = max(votes, key=lambda s: (votes[s], -olds.index(s)))  # ties: the story met first
        else:
            target = story_id(new)
        members.setdefault(target, []).extend(new)
    position = {a: n for n, a in enumerate(order)}
    story_of = {a: sid for sid, ids in members.items() for a in ids}
    pairs_of: dict[str, list[tuple[str, str]]] = {}
    for pair in (p for story in stories for p in story.duplicates):  # a pair counts where both now are
        if story_of[pair[0]] == story_of[pair[1]]:
            pairs_of.setdefault(story_of[pair[0]], []).append(pair)
    result = []
    for sid, ids in members.items():
        ids = sorted(ids, key=position.__getitem__)
        dups = sorted(pairs_of.get(sid, ()), key=lambda p: (position[p[0]], position[p[1]]))
        result.append(Story(sid, tuple(ids), tuple(tuple(p) for p in dups)))
    result.sort(key=lambda s: (-len(s.article_ids), position[s.article_ids[0]]))
    return result
