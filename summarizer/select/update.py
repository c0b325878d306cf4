"""Update briefs: what is new in a story for a reader who has read earlier articles.

The classic update-summarization task (DUC 2007, TAC 2008-2011). The earlier articles
become `Known` content, and the story's ordinary selection (select.MMRSelector) runs on
the new articles with these changes:
  * a sentence that restates an earlier sentence (cosine >= `repeat_similarity`), retells one
    in other words (cosine >= `retell_similarity` with `retell_share` of its word stems in it),
    or whose content words and bigrams were nearly all used before (share >= `known_share`),
    is not eligible;
  * content words and bigrams that `min_articles` earlier articles used (`core`) weigh
    `concept_factor` times their coverage weight: above 1 (the defaults: 3, by 2 articles),
    the earlier articles say what the story is about, and a new sentence that carries the
    story's core with something new wins;
  * off by default (tried on DUC 2007 B, docs/daily-use.md): relevance loses `novelty_weight`
    x the largest cosine to an earlier sentence; relevance gains `dated_weight` for a sentence
    that reports a day after the newest earlier article; with select.method ilp, bigram
    weights follow `bigram_weighting`.
`repeats_known` is the independent check used by tests and eval: a brief sentence repeats
an earlier fact when half or more of its word bigrams occur in one earlier sentence.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from summarizer.errors import InputError
from summarizer.read.sources import iso_date
from summarizer.records import Article
from summarizer.select.features import sentence_concepts, word_stems
from summarizer.stories.timeline import relative_dates
from summarizer.text import STOP_WORDS, content_tokens

REPEAT_BIGRAM_SHARE = 0.5  # repeats_known: share of a sentence's bigrams found in one earlier sentence


@dataclass(frozen=True)
class Known:
    """What the reader has already read: sentence vectors and content concepts."""

    embeddings: np.ndarray  # (m, d) L2-normalised rows of the earlier sentences
    concepts: frozenset[str]  # content words and bigrams any earlier article used (known_share)
    core: frozenset[str] = frozenset()  # those `min_articles` earlier articles used (concept_factor)
    novelty_weight: float = 0.0
    repeat_similarity: float = 0.9
    known_share: float = 0.9
    concept_factor: float = 3.0  # a known concept's coverage weight, x its weight
    latest: str | None = None  # ISO day of the newest dated earlier article
    dated_weight: float = 0.0  # relevance bonus of a sentence that reports a day after `latest`
    bigram_articles: Mapping[str, int] = field(default_factory=dict)  # ILP bigram -> earlier articles using it
    n_articles: int = 0  # earlier articles
    bigram_weighting: str = "none"  # ILP bigram weights: none | novel | share | add (see bigram_weights)
    bigram_discount: float = 1.0
    stems: tuple[frozenset[str], ...] = ()  # each earlier sentence's word stems (retells)
    retell_similarity: float = 0.8  # with retell_share: a paraphrase of one earlier sentence
    retell_share: float = 0.6

    @classmethod
    def from_sentences(cls, texts: list[str], embeddings: np.ndarray, config=None,
                       groups: list[str] | None = None, min_articles: int = 1) -> "Known":
        """Known content of earlier sentences (`groups`: each sentence's article); a concept is
        in the story's core once `min_articles` earlier articles used it, or all of them when fewer."""
        groups = groups or list(range(len(texts)))
        seen: dict[str, set] = {}
        for text, group in zip(texts, groups):
            for gram in sentence_concepts(text):  # content words, and the ILP's bigrams (with a space)
                seen.setdefault(gram, set()).add(group)
        articles = len(set(groups))
        floor = max(1, min(min_articles, articles))
        core = frozenset(g for g, where in seen.items() if len(where) >= floor)
        settings = {} if config is None else {
            "novelty_weight": config.update.novelty_weight,
            "repeat_similarity": config.update.repeat_similarity,
            "known_share": config.update.known_share,
            "concept_factor": config.update.concept_factor,
            "dated_weight": config.update.dated_weight,
            "bigram_weighting": config.update.bigram_weighting,
            "bigram_discount": config.update.bigram_discount,
            "retell_similarity": config.update.retell_similarity,
            "retell_share": config.update.retell_share,
        }
        return cls(np.asarray(embeddings, dtype=np.float32), frozenset(seen), core,
                   stems=tuple(word_stems(text) for text in texts),
                   bigram_articles={g: len(where) for g, where in seen.items() if " " in g},
                   n_articles=articles, **settings)

    def bigram_weights(self, weights: dict[str, float], n_new: int) -> dict[str, float]:
        """Update-aware weights of the ILP's bigrams (select.method ilp), from `weights` (the
        number of the `n_new` new articles using each bigram) and the earlier articles' use:
          novel: a bigram the earlier articles used keeps `bigram_discount` of its weight
                 ("novel bigrams", after ICSI's TAC update runs);
          share: it keeps 1 - discount x the share of earlier articles that used it;
          add:   it gains discount x its earlier article count, scaled to the new articles'
                 number (the earlier articles as evidence of what the story is about)."""
        if self.bigram_weighting == "none" or not self.n_articles:
            return weights
        discount = self.bigram_discount
        adjusted = {}
        for gram, weight in weights.items():
            earlier = self.bigram_articles.get(gram, 0)
            if self.bigram_weighting == "novel":
                weight = weight if earlier == 0 else weight * discount
            elif self.bigram_weighting == "share":
                weight = weight * max(0.0, 1.0 - discount * earlier / self.n_articles)
            else:  # add
                weight = weight + discount * earlier * n_new / self.n_articles
            if weight > 0:
                adjusted[gram] = weight
        return adjusted

    def cosines(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, m): each sentence's cosine to each earlier sentence (m = 0 when nothing is known)."""
        if len(self.embeddings) == 0 or len(embeddings) == 0:
            return np.zeros((len(embeddings), 0), dtype=np.float32)
        return np.asarray(embeddings, dtype=np.float32) @ self.embeddings.T

    def share(self, texts: list[str]) -> np.ndarray:
        """Share of each sentence's content concepts the earlier articles used."""
        shares = []
        for text in texts:
            grams = sentence_concepts(text)
            shares.append(len(grams & self.concepts) / len(grams) if grams else 1.0)
        return np.array(shares)

    def retells(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        """Whether each sentence retells one earlier sentence in other words: cosine at least
        `retell_similarity` and at least `retell_share` of its word stems in that sentence."""
        return self._retells(texts, self.cosines(embeddings))

    def _retells(self, texts: list[str], cosines: np.ndarray) -> np.ndarray:
        flags = np.zeros(len(texts), dtype=bool)
        if self.retell_similarity > 1 or not cosines.size:
            return flags
        for i, text in enumerate(texts):
            close = np.flatnonzero(cosines[i] >= self.retell_similarity)
            if not close.size:
                continue
            mine = word_stems(text)
            flags[i] = bool(mine) and any(len(mine & self.stems[j]) >= self.retell_share * len(mine) for j in close)
        return flags

    def adjust(self, texts: list[str], embeddings: np.ndarray, relevance: np.ndarray,
               eligible: np.ndarray, later: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Relevance less the novelty penalty (plus the dated bonus where `later` marks the
        sentences that report a day after the earlier articles); eligibility without the
        repeats (none left: the new articles only repeat, and the update brief is empty)."""
        cosines = self.cosines(embeddings)  # once, for the largest cosine and for retellings
        similarity = cosines.max(axis=1).astype(np.float64) if cosines.size else np.zeros(len(texts))
        repeats = ((similarity >= self.repeat_similarity) | (self.share(texts) >= self.known_share)
                   | self._retells(texts, cosines))
        relevance = relevance - self.novelty_weight * similarity
        if later is not None and self.dated_weight:
            relevance = relevance + self.dated_weight * np.asarray(later, dtype=np.float64)
        return relevance, eligible & ~repeats


def reports_after(text: str, published, latest: str) -> bool:
    """True when a relative date in `text` ("on Friday", "last month") resolves, against its
    article's day `published`, to after `latest` (an ISO day), compared at the resolved date's
    precision; never without the article's day."""
    return any(r["date"] > latest[:len(r["date"])] for r in relative_dates(text, published))


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = content_tokens(text)
    return {(a, b) for a, b in zip(words, words[1:]) if not (a in STOP_WORDS and b in STOP_WORDS)}


def repeats_known(sentence: str, earlier: list[str], share: float = REPEAT_BIGRAM_SHARE) -> bool:
    """True when `share` or more of the sentence's word bigrams (two stop words are not one)
    occur together in a single earlier sentence: the sentence retells an earlier fact."""
    grams = _bigrams(sentence)
    if not grams:
        return False
    return any(len(grams & _bigrams(e)) >= share * len(grams) for e in earlier)


def repetition_rate(briefs: list[list[str]], earlier: list[list[str]]) -> float:
    """Share of all brief sentences that repeat an earlier fact (`repeats_known`)."""
    flags = [repeats_known(s, known) for sentences, known in zip(briefs, earlier) for s in sentences]
    return sum(flags) / len(flags) if flags else 0.0


def unread(articles: list[Article], read_ids: set[str], read_from: str) -> list[Article]:
    """The articles not among `read_ids`; an InputError when there are none."""
    fresh = [a for a in articles if a.id not in read_ids]
    if not fresh:
        raise InputError(f"nothing new since {read_from}: every given article was in it; add the new articles")
    return fresh


def read_later_than_new(articles: list[Article], previous: list[Article]) -> tuple[str, str] | None:
    """(the newest new article's day, the oldest read one's) when every dated article given as
    read is later than every dated new one: the two were likely given the wrong way round."""
    new_days = [d for a in articles if (d := iso_date(a.date))]
    read_days = [d for a in previous if (d := iso_date(a.date))]
    if new_days and read_days and max(new_days)[:10] < min(read_days)[:10]:
        return max(new_days)[:10], min(read_days)[:10]
    return None


def read_since(path: str | Path, articles: list[Article]) -> tuple[list[Article], list[Article], list[str]]:
    """(new articles, articles read, briefs read) for `summarize --since FILE`: FILE is an
    earlier JSON output, whose briefs (one text per story) count as read, and so do the given
    articles it listed; or a batch folder's manifest.json, whose stories' articles count as read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if "index" in data and "complete" in data:  # a batch folder's manifest.json: its articles were read
            read_ids, briefs = {a["id"] for story in data["index"] for a in story["articles"]}, []
        else:
            stories = data["stories"]
            read_ids = {a["id"] for story in stories for a in story["articles"]}
            briefs = [" ".join(item["text"] for item in story.get("whats_new", []) + story["summary"])
                      for story in stories]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--since {path}: cannot read it ({exc}); give an earlier --format json output") from None
    except (ValueError, KeyError, TypeError):
        raise InputError(f"--since {path} is not a summarizer JSON output or batch manifest; write one with "
                         "--format json") from None
    fresh = unread(articles, read_ids, str(path))
    return fresh, [a for a in articles if a.id in read_ids], [text for text in briefs if text]
