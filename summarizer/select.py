"""Sentence selection: relevance scoring and maximal marginal relevance (MMR).

`mmr` is a pure function over arrays. It never builds an n x n similarity matrix:
each greedy step compares the candidates with the one sentence just chosen, so a
story of n sentences and k picks costs O(n * k * d).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .records import Selected, Sentence


@dataclass(frozen=True)
class Pick:
    index: int
    score: float
    relevance: float
    redundancy: float


def mmr(
    embeddings: np.ndarray,
    relevance: np.ndarray,
    lengths: np.ndarray,
    budget: int,
    mmr_lambda: float = 0.7,
    eligible: np.ndarray | None = None,
) -> list[Pick]:
    """Greedy MMR under a length budget.

    embeddings: (n, d) L2-normalised rows; relevance: (n,); lengths: (n,) cost of each
    sentence in budget units. score = lambda * relevance - (1 - lambda) * redundancy,
    where redundancy is the maximum cosine similarity to the sentences already chosen.
    A sentence that would overflow the budget is skipped; the first pick is always made
    so that a brief is never empty. Ties break on the lower index (deterministic).
    """
    n = len(relevance)
    if n == 0 or budget <= 0:
        return []
    relevance = np.asarray(relevance, dtype=np.float64)
    lengths = np.asarray(lengths)
    available = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    max_sim = np.zeros(n, dtype=np.float64)
    picks: list[Pick] = []
    used = 0
    while available.any():
        fits = available & (lengths <= budget - used) if picks else available
        if not fits.any():
            break
        scores = mmr_lambda * relevance - (1.0 - mmr_lambda) * max_sim
        scores = np.where(fits, scores, -np.inf)
        best = int(np.argmax(scores))
        picks.append(Pick(best, float(scores[best]), float(relevance[best]), float(max_sim[best])))
        used += int(lengths[best])
        available[best] = False
        sims = embeddings @ embeddings[best]
        np.maximum(max_sim, sims, out=max_sim)
        if used >= budget:
            break
    return picks


def position_prior(indices: np.ndarray) -> np.ndarray:
    """Lead sentences of news articles matter most: 1 / sqrt(1 + index)."""
    return 1.0 / np.sqrt(1.0 + np.asarray(indices, dtype=np.float64))


def centroid_relevance(embeddings: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Cosine similarity of each sentence to the (weighted) story centroid."""
    centroid = np.average(embeddings, axis=0, weights=weights)
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(len(embeddings))
    return embeddings @ (centroid / norm)


class MMRSelector:
    """Pick salient, non-redundant sentences of one story within a budget."""

    def __init__(self, budget: int = 100, unit: str = "words", mmr_lambda: float = 0.7,
                 position_weight: float = 0.15, order: str = "source"):
        self.budget = budget
        self.unit = unit
        self.mmr_lambda = mmr_lambda
        self.position_weight = position_weight
        self.order = order

    @classmethod
    def from_config(cls, config) -> "MMRSelector":
        c = config.select
        return cls(c.budget, c.unit, c.mmr_lambda, c.position_weight, c.order)

    def relevance(self, sentences: list[Sentence], embeddings: np.ndarray, weights: np.ndarray) -> np.ndarray:
        prior = position_prior(np.array([s.index for s in sentences]))
        return centroid_relevance(embeddings, weights) + self.position_weight * prior

    def __call__(
        self,
        sentences: list[Sentence],
        embeddings: np.ndarray,
        duplicate_of: np.ndarray | None = None,
        article_rank: dict[str, tuple] | None = None,
    ) -> list[Selected]:
        """duplicate_of[i] = j when sentence i repeats sentence j (else i); repeats
        neither weigh in the centroid nor get chosen. article_rank orders the output."""
        if not sentences:
            return []
        n = len(sentences)
        duplicate_of = np.arange(n) if duplicate_of is None else duplicate_of
        originals = duplicate_of == np.arange(n)
        relevance = self.relevance(sentences, embeddings, originals.astype(np.float64))
        if self.unit == "words":
            lengths = np.array([s.word_count for s in sentences])
        else:
            lengths = np.ones(n, dtype=int)
        picks = mmr(embeddings, relevance, lengths, self.budget, self.mmr_lambda, eligible=originals)
        chosen = [Selected(sentences[p.index], p.score, p.relevance, p.redundancy) for p in picks]
        if self.order == "source":
            rank = article_rank or {}
            chosen.sort(key=lambda s: (rank.get(s.sentence.article_id, ()), s.sentence.index))
        return chosen
