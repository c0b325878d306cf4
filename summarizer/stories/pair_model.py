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
the model was trained on); and time: the log gap in days between the two articles' dates
(0 where either is undated) and whether both are dated, so the model learns how a gap trades
against similarity (a story that runs for weeks against look-alike events weeks apart) and
undated pairs get their own level instead of a guessed gap; and the neighbourhood profile
(`StoryClusterer.profile`): the mean of both articles' third-nearest neighbour similarity, the
pair's similarity minus it, and the mean nearest-neighbour similarity minus the pair's, which
with the background tell a story of two articles from one of twenty.
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
                 "log_words_min", "log_words_max", "log_gap_days", "dated",
                 "adjusted_undated", "near_mean", "adjusted_near", "below_top")
PROFILE_FEATURES = ("near_mean", "adjusted_near", "below_top")  # read StoryClusterer.profile


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
    gap_days: np.ndarray | None = None  # |date a - date b| in days, NaN where either is undated; None: all undated
    near_a: np.ndarray | None = None  # each article's NEAR_RANK-th neighbour similarity (None: 0)
    near_b: np.ndarray | None = None
    top_a: np.ndarray | None = None  # each article's nearest neighbour similarity (None: 0)
    top_b: np.ndarray | None = None


def pair_features(x: PairInputs) -> np.ndarray:
    """(pairs, len(PAIR_FEATURES)) in PAIR_FEATURES order."""
    w = x.lexical_weight
    lexical = (x.similarity - (1.0 - w) * x.semantic) / w if w > 0 else np.zeros_like(x.similarity)
    background = (x.background_a + x.background_b) / 2
    gap = np.full(len(x.similarity), np.nan) if x.gap_days is None else np.asarray(x.gap_days, dtype=float)
    dated = ~np.isnan(gap)
    zero = np.zeros(len(x.similarity))
    near = ((zero if x.near_a is None else x.near_a) + (zero if x.near_b is None else x.near_b)) / 2
    top = ((zero if x.top_a is None else x.top_a) + (zero if x.top_b is None else x.top_b)) / 2
    return np.column_stack([
        x.similarity, x.similarity - background, lexical, x.semantic, background,
        np.maximum(x.background_a, x.background_b),
        np.log1p(np.minimum(x.rank_a, x.rank_b)), np.log1p(np.maximum(x.rank_a, x.rank_b)),
        np.log1p(x.shared_rare), x.shared_rare / np.maximum(1.0, np.minimum(x.rare_a, x.rare_b)),
        np.log1p(np.minimum(x.words_a, x.words_b)), np.log1p(np.maximum(x.words_a, x.words_b)),
        np.where(dated, np.log1p(np.nan_to_num(gap)), 0.0), dated.astype(float),
        np.where(dated, 0.0, x.similarity - background),
        near, x.similarity - near, top - x.similarity,
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
    features: tuple[str, ...] = PAIR_FEATURES  # the PAIR_FEATURES it reads, in that order
    trained_on: tuple[str, ...] = ()  # the dev clusters (eval/dev_clusters.py keys) it learned from

    def columns(self, features: np.ndarray) -> np.ndarray:
        """The model's own columns of a full `pair_features` matrix."""
        if self.features == PAIR_FEATURES:
            return features
        return features[:, [PAIR_FEATURES.index(name) for name in self.features]]

    @classmethod
    def fit(cls, features: np.ndarray, same: np.ndarray, quantiles=(0.1, 0.25, 0.5, 0.75, 0.9),
            regularization: float = 1.0, vectors: str = "sentences", names: tuple[str, ...] = PAIR_FEATURES,
            trained_on: tuple[str, ...] = (), weights: np.ndarray | None = None) -> "PairModel":
        """features: full `pair_features` rows; the model learns from the `names` columns;
        weights: per-pair sample weights (None: equal)."""
        from sklearn.linear_model import LogisticRegression

        features = features[:, [PAIR_FEATURES.index(name) for name in names]]
        mean, scale = features.mean(axis=0), np.maximum(features.std(axis=0), 1e-9)
        z = (features - mean) / scale
        low, high, knots = z.min(axis=0), z.max(axis=0), np.quantile(z, quantiles, axis=0).T
        basis = hinge_basis(features, mean, scale, low, high, knots)
        fitted = LogisticRegression(C=regularization, max_iter=5000).fit(basis, same, sample_weight=weights)
        return cls(mean, scale, low, high, knots, fitted.coef_.ravel(), float(fitted.intercept_[0]), vectors,
                   tuple(names), tuple(trained_on))

    def probability(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0)
        basis = hinge_basis(self.columns(features), self.mean, self.scale, self.low, self.high, self.knots)
        return 1.0 / (1.0 + np.exp(-(basis @ self.coef + self.intercept)))

    def save(self, path: Path) -> None:
        import os
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        os.close(handle)
        np.savez(tmp, features=np.array(self.features), trained_on=np.array(self.trained_on, dtype=str), mean=self.mean, scale=self.scale, low=self.low,
                 high=self.high, knots=self.knots, coef=self.coef, intercept=np.array(self.intercept),
                 vectors=np.array(self.vectors))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model file is read by everyone
        os.replace(tmp, path)


@lru_cache(maxsize=4)
def load_pair_model(name: str) -> PairModel:
    """A bundled model by name ('multinews') or a path to an .npz written by `PairModel.save`."""
    path = Path(name) if name.endswith(".npz") else MODELS / f"pair-{name}.npz"
    if not path.is_file():
        raise ConfigError(f"cluster.pair_model '{name}' not found at {path}; train one with "
                          "`python -m eval.train_pair_model` or set cluster.pair_model to ''")
    with np.load(path) as data:
        names = tuple(str(f) for f in data["features"])
        if not set(names) <= set(PAIR_FEATURES):
            raise ConfigError(f"{path} was trained on other features; retrain it with `python -m eval.train_pair_model`")
        vectors = str(data["vectors"]) if "vectors" in data.files else "sentences"
        trained_on = tuple(str(k) for k in data["trained_on"]) if "trained_on" in data.files else ()
        return PairModel(data["mean"], data["scale"], data["low"], data["high"], data["knots"], data["coef"],
                         float(data["intercept"]), vectors, names, trained_on)
