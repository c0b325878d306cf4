"""Pair scores for grouping: how likely two articles are one story, given how crowded their
neighbourhoods are; hand-set (`RelativeSimilarity`) or from the learned pair model (`LearnedSimilarity`)."""
from __future__ import annotations

import numpy as np

from summarizer.stories.features import ArticleSpace, pair_dots, sparse_pair_products
from summarizer.stories.pair_model import PROFILE_FEATURES, PairInputs, pair_features


def neighbour_ranks(n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray) -> np.ndarray:
    """For each entry of the neighbour pairs listed both ways (owner concat(rows, cols), other
    concat(cols, rows)), the other's rank among the owner's neighbours, 0 = most similar."""
    owner = np.concatenate([rows, cols])
    values = np.concatenate([sims, sims])
    order = np.lexsort((-values, owner))
    starts = np.searchsorted(owner[order], np.arange(n))
    rank = np.empty(len(owner), dtype=np.int64)
    rank[order] = np.arange(len(owner)) - starts[owner[order]]
    return rank


class RelativeSimilarity:
    """Hand-set scores: a pair's similarity minus the mean of both articles' background."""

    def __init__(self, space: ArticleSpace, background: np.ndarray):
        self.space, self.background = space, background

    def pairs(self, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray) -> np.ndarray:
        return sims - (self.background[rows] + self.background[cols]) / 2

    def block(self, piece: np.ndarray) -> np.ndarray:
        return self.space.block(piece) - (self.background[piece][:, None] + self.background[piece][None, :]) / 2


class LearnedSimilarity:
    """Scores from a `PairModel`: the probability that two articles are one story."""

    def __init__(self, space: ArticleSpace, background: np.ndarray, model, rows: np.ndarray,
                 cols: np.ndarray, ranks: np.ndarray, days: np.ndarray | None = None,
                 profile: tuple[np.ndarray, np.ndarray] | None = None, min_similarity: float = 0.0,
                 outlier_similarity: float = 0.0):
        """ranks: `neighbour_ranks` of the candidate pairs (rows, cols); days: `day_number` of
        each article's date (NaN: undated), None when none is dated; profile: each article's
        (nearest, NEAR_RANK-th) neighbour similarity, how steeply its neighbourhood falls off."""
        from scipy.sparse import csr_matrix

        if profile is None and model is not None and set(PROFILE_FEATURES) & set(model.features):
            raise ValueError("this pair model reads the neighbourhood profile: pass StoryClusterer.profile(...)")
        self.space, self.background, self.model = space, background, model
        n = space.n
        owner = np.concatenate([rows, cols])
        self.candidates = np.bincount(owner, minlength=n).astype(float)  # a non-candidate ranks after these
        # rank + 1 of the other article in each article's candidate list (0: not a candidate)
        self.ranks = csr_matrix((ranks + 1.0, (owner, np.concatenate([cols, rows]))), shape=(n, n))
        self.rare_counts = np.asarray(space.rare.sum(axis=1)).ravel()
        self.words = np.array([len(t.split()) for t in space.texts], dtype=float)
        self.days = days if days is not None and not np.isnan(days).all() else None
        self.top, self.near = profile if profile is not None else (np.zeros(n), np.zeros(n))
        self.min_similarity = min_similarity
        self.outlier_similarity = outlier_similarity

    def _inputs(self, a, b, sims, semantic, rank_a, rank_b, shared):
        return PairInputs(sims, semantic, self.space.lexical_weight, self.background[a], self.background[b],
                          rank_a, rank_b, shared, self.rare_counts[a], self.rare_counts[b], self.words[a], self.words[b],
                          None if self.days is None else np.abs(self.days[a] - self.days[b]),
                          self.near[a], self.near[b], self.top[a], self.top[b])

    def _rank(self, known: np.ndarray, owner: np.ndarray) -> np.ndarray:
        return np.where(known > 0, known - 1, self.candidates[owner])

    def pair_inputs(self, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray):
        semantic = pair_dots(self.space.vectors, rows, cols)
        rank_a = self._rank(np.asarray(self.ranks[rows, cols]).ravel(), rows)
        rank_b = self._rank(np.asarray(self.ranks[cols, rows]).ravel(), cols)
        return self._inputs(rows, cols, sims, semantic, rank_a, rank_b,
                            sparse_pair_products(self.space.rare, rows, cols))

    def pairs(self, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, pairs_per_chunk: int = 131_072) -> np.ndarray:
        """Probabilities of the candidate pairs, `pairs_per_chunk` at a time: the model's hinge
        terms take ~900 bytes a pair, so never all of a large pile's pairs at once (bounded memory)."""
        out = np.empty(len(rows))
        for lo in range(0, len(rows), pairs_per_chunk):
            part = slice(lo, lo + pairs_per_chunk)
            inputs = self.pair_inputs(rows[part], cols[part], sims[part])
            out[part] = self._floored(self.model.probability(pair_features(inputs)), inputs)
        return out

    FLOORED = 0.01  # the probability of a pair below min_similarity
    OUTLIER_SEMANTIC = 0.4  # two outliers are one story only with lead embeddings this alike

    def _floored(self, probability: np.ndarray, pair: PairInputs) -> np.ndarray:
        """Two articles that share almost nothing (similarity below `min_similarity`) are not one
        story when neither has a crowd of alike articles (both backgrounds below it too): in a pile
        of small, unrelated stories every pair looks far above its background. Nor are two that
        share little (similarity below `outlier_similarity`, leads less alike than
        OUTLIER_SEMANTIC) when neither has a close neighbour (both nearest neighbours below
        `outlier_similarity`): to the model, two outliers look like each other's best match (a TV
        column and an earthquake feature five months apart had 0.92)."""
        apart = np.zeros(len(probability), dtype=bool)
        if self.min_similarity:
            lonely = np.maximum(pair.background_a, pair.background_b) < self.min_similarity
            apart |= (pair.similarity < self.min_similarity) & lonely
        if self.outlier_similarity:
            outliers = np.maximum(pair.top_a, pair.top_b) < self.outlier_similarity
            apart |= (pair.similarity < self.outlier_similarity) & (pair.semantic < self.OUTLIER_SEMANTIC) & outliers
        return np.where(apart, np.minimum(probability, self.FLOORED), probability)

    def block(self, piece: np.ndarray, pairs_per_chunk: int = 32_768) -> np.ndarray:
        """Probabilities among a component's articles, a few rows at a time: about
        `pairs_per_chunk` pairs' features at once, however large the component (bounded memory)."""
        m = len(piece)
        rows_per_chunk = max(1, pairs_per_chunk // m)
        out = np.empty((m, m))
        known = self.ranks[piece][:, piece].toarray()
        rare = self.space.rare[piece]
        similarity = self.space.block(piece)
        vectors = self.space.vectors[piece]
        for lo in range(0, m, rows_per_chunk):
            hi = min(m, lo + rows_per_chunk)
            a, b = np.repeat(piece[lo:hi], m), np.tile(piece, hi - lo)
            inputs = self._inputs(a, b, similarity[lo:hi].ravel(), (vectors[lo:hi] @ vectors.T).ravel(),
                                  self._rank(known[lo:hi].ravel(), a), self._rank(known[:, lo:hi].T.ravel(), b),
                                  (rare[lo:hi] @ rare.T).toarray().ravel())
            out[lo:hi] = self._floored(self.model.probability(pair_features(inputs)), inputs).reshape(hi - lo, m)
        return out
