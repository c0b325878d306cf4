"""Small immutable records that flow between the pipeline stages."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One source article after reading; `text` is the raw body before cleaning."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None  # the file it was read from
    digest_id: str | None = None  # the id of the press digest it is an item of (read/digests.py)

    @property
    def given_id(self) -> str:
        """The id of the article as it was given: a press digest item's is its digest's."""
        return self.digest_id or self.id


@dataclass(frozen=True)
class Sentence:
    """A sentence with its provenance: the article it came from and its position there."""

    text: str
    article_id: str
    index: int
    position: float  # index / number of sentences in the article, in [0, 1)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Selected:
    """A sentence chosen for a brief, with the scores that explain why."""

    sentence: Sentence
    score: float
    relevance: float
    redundancy: float
    coverage: float = 0.0  # the coverage gain in the score (select.mmr)


@dataclass(frozen=True)
class Story:
    """Articles grouped as one story, with near-duplicate pairs that were detected."""

    id: str
    article_ids: tuple[str, ...]
    duplicates: tuple[tuple[str, str], ...] = field(default=())
