"""A learned probability that two articles report the same story, from features of the pair
and of how crowded each article's neighbourhood is (trained on Multi-News train piles by
eval/train_pair_model.py; weights in summarizer/models/pair-<name>.npz, numpy only).

Features (PAIR_FEATURES), all free of case and of article length beyond `cluster.max_words`:
similarity (the blended word + embedding inner product), the same minus the mean of both
articles' background (k-th neighbour) similarity, the word and the embedding parts alone, the
mean and the larger background, the log rank of each article in the other's candidate list
(a pair outside the candidates ranks after them all), and the rare words (Zipf frequency
under 3.5) both share: log count and share of the smaller set; the log word counts of the
shorter and the longer article (within `cluster.max_words`, so any length is in the range
the model was trained on).
The model is a logistic regression over piecewise-linear terms of each standardized feature
(hinges at training quantiles; values clipped to the training range, so nothing extrapolates).
It records the article vectors it was trained on (`vectors`: the lead embedder's name, as
`multinews` with MiniLM, or `sentences` for mean sentence vectors, as `multinews-sentences`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import ConfigError

MODELS = Path(__file__).resolve().parents[1] / "models"
PAIR_FEATURES = ("similarity", "adjusted", "lexical", "semantic", "background_mean", "background_max",
                 "log_rank_min", "log_rank_max", "log_shared_rare", "shared_rare_share",
                 "log_words_min", "log_words_max")


@dataclass(frozen=True)
class PairInputs:
    """Per-pair raw values, each an array over the same pairs."""
    similarity: np.ndarray
    semantic: np.ndarray
    lexical_weight: float
    background_a: np.ndarray
    background_b: np.ndarray
    rank_a: np.ndarray  # rank of b among a's candidates (0 = nearest)
    rank_b: np.ndarray
    shared_rare: np.ndarray
    rare_a: np.ndarray  # rare words of each article
    rare_b: np.ndarray
    words_a: np.ndarray  # words of each article (within cluster.max_words)
    words_b: np.ndarray


def pair_features(x: PairInputs) -> np.ndarray:
    """(pairs, len(PAIR_FEATURES)) in PAIR_FEATURES order."""
    w = x.lexical_weight
    lexical = (x.similarity - (1.0 - w) * x.semantic) / w if w > 0 else np.zeros_like(x.similarity)
    background = (x.background_a + x.background_b) / 2
    return np.column_stack([
        x.similarity, x.similarity - background, lexical, x.semantic, background,
        np.maximum(x.background_a, x.background_b),
        np.log1p(np.minimum(x.rank_a, x.rank_b)), np.log1p(np.maximum(x.rank_a, x.rank_b)),
        np.log1p(x.shared_rare), x.shared_rare / np.maximum(1.0, np.minimum(x.rare_a, x.rare_b)),
        np.log1p(np.minimum(x.words_a, x.words_b)), np.log1p(np.maximum(x.words_a, x.words_b)),
    ])


def hinge_basis(features: np.ndarray, mean, scale, low, high, knots) -> np.ndarray:
    """Each standardized feature z (clipped to [low, high]) and max(0, z - knot) per knot."""
    z = np.clip((features - mean) / scale, low, high)
    hinges = np.maximum(0.0, z[:, :, None] - knots[None, :, :])
    return np.hstack([z, hinges.reshape(len(z), -1)])


@dataclass(frozen=True)
class PairModel:
    mean: np.ndarray
    scale: np.ndarray
    low: np.ndarray
    high: np.ndarray
    knots: np.ndarray  # (features, knots)
    coef: np.ndarray
    intercept: float
    vectors: str = "sentences"  # the article vectors it was trained on: a lead model's name, or sentence means

    @classmethod
    def fit(cls, features: np.ndarray, same: np.ndarray, quantiles=(0.1, 0.25, 0.5, 0.75, 0.9),
            regularization: float = 1.0, vectors: str = "sentences") -> "PairModel":
        from sklearn.linear_model import LogisticRegression

        mean, scale = features.mean(axis=0), np.maximum(features.std(axis=0), 1e-9)
        z = (features - mean) / scale
        low, high, knots = z.min(axis=0), z.max(axis=0), np.quantile(z, quantiles, axis=0).T
        basis = hinge_basis(features, mean, scale, low, high, knots)
        fitted = LogisticRegression(C=regularization, max_iter=5000).fit(basis, same)
        return cls(mean, scale, low, high, knots, fitted.coef_.ravel(), float(fitted.intercept_[0]), vectors)

    def probability(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0)
        basis = hinge_basis(features, self.mean, self.scale, self.low, self.high, self.knots)
        return 1.0 / (1.0 + np.exp(-(basis @ self.coef + self.intercept)))

    def save(self, path: Path) -> None:
        import os
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        os.close(handle)
        np.savez(tmp, features=np.array(PAIR_FEATURES), mean=self.mean, scale=self.scale, low=self.low,
                 high=self.high, knots=self.knots, coef=self.coef, intercept=np.array(self.intercept),
                 vectors=np.array(self.vectors))
        os.replace(tmp, path)


@lru_cache(maxsize=4)
def load_pair_model(name: str) -> PairModel:
    """A bundled model by name ('multinews') or a path to an .npz written by `PairModel.save`."""
    path = Path(name) if name.endswith(".npz") else MODELS / f"pair-{name}.npz"
    if not path.is_file():
        raise ConfigError(f"cluster.pair_model '{name}' not found at {path}; train one with "
                          "`python -m eval.train_pair_model` or set cluster.pair_model to ''")
    with np.load(path) as data:
        if tuple(data["features"]) != PAIR_FEATURES:
            raise ConfigError(f"{path} was trained on other features; retrain it with `python -m eval.train_pair_model`")
        vectors = str(data["vectors"]) if "vectors" in data.files else "sentences"
        return PairModel(data["mean"], data["scale"], data["low"], data["high"], data["knots"], data["coef"],
                         float(data["intercept"]), vectors)
