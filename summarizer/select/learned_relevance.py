"""Learned sentence relevance: a linear model over story-level features and indicator
words (and, in the older MiniLM model, the sentence embedding), trained to predict a
sentence's n-gram overlap with human summaries (eval/train_scorer.py).

The model is a small .npz file; predicting is numpy only. The `story` feature set reads
text lower-cased and positions both relative and absolute, and has no embedding block:
its only embedding features are cosines within the story, standardized per story, so
it works with any embedder. The `legacy` set (scorer-minilm-multinews) is tied to MiniLM.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import ConfigError
from summarizer.records import Sentence
from summarizer.select.features import (
    centroid_relevance,
    concept_matrix,
    is_question,
    position_prior,
    source_agreement,
)
from summarizer.text import tokens

MODELS = Path(__file__).resolve().parents[1] / "models"
BUNDLED = {"minilm-multinews": MODELS / "scorer-minilm-multinews.npz",
           "multinews": MODELS / "scorer-multinews.npz",
           "duc": MODELS / "scorer-duc.npz"}
# Words that open a sentence leaning on an earlier one (pronouns, connectives).
OPENERS = frozenset("""he she it they his her its their this that these those him them but and also so
yet however meanwhile still instead then there here such both others another which while""".split())
STORY_FEATURES = ("centroid_z", "agreement_z", "centroid", "agreement", "lead", "position", "first",
                  "log_index", "concept_mass", "concept_density", "concept_rank", "log_words",
                  "relative_words", "quote", "digits", "question", "article_share", "opener",
                  "attribution", "parenthesis")
FEATURES = ("centroid", "agreement", "lead", "position", "first", "concept_mass", "concept_density",
            "log_words", "quote", "digits", "caps_after_first", "question", "article_share")


def _story_inputs(sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray, concepts=None):
    """What both feature sets start from: weights, float embeddings, article ids, indices in the
    article, shared-concept mass, word counts and concept density."""
    concepts = concept_matrix(sentences, originals) if concepts is None else concepts
    mass = np.asarray(concepts.sum(axis=1)).ravel()
    words = np.array([max(s.word_count, 1) for s in sentences], dtype=np.float64)
    return (originals.astype(np.float64), embeddings.astype(np.float64),
            np.array([s.article_id for s in sentences]), np.array([s.index for s in sentences]),
            mass, words, mass / words)


def story_features(sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
                   concepts=None) -> np.ndarray:
    """(n, len(FEATURES)) features of each sentence within its story; concepts: the story's
    `select.concept_matrix`, when the caller has it already."""
    weights, embeddings, groups, index, mass, words, density = _story_inputs(sentences, embeddings, originals,
                                                                            concepts)
    texts = [s.text for s in sentences]
    per_article = Counter(groups.tolist())
    return np.column_stack([
        centroid_relevance(embeddings, weights),
        source_agreement(embeddings, groups, weights),
        position_prior(index),
        np.array([s.position for s in sentences]),
        (index == 0).astype(np.float64),
        mass / max(mass.max(), 1e-9),
        density / max(density.max(), 1e-9),
        np.log(words),
        np.array([('"' in t or "“" in t) for t in texts], dtype=np.float64),
        np.array([any(c.isdigit() for c in t) for t in texts], dtype=np.float64),
        np.array([_caps_share(t) for t in texts]),
        np.array([is_question(t) for t in texts], dtype=np.float64),
        np.array([1.0 / per_article[g] for g in groups.tolist()]),
    ])


def design_matrix(sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
                  concepts=None) -> np.ndarray:
    """The legacy model's dense input before standardizing: story features, then the embedding."""
    return np.column_stack([story_features(sentences, embeddings, originals, concepts), embeddings])


def _zscore(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / (values.std() + 1e-9)


def case_free_features(sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
                       concepts=None) -> np.ndarray:
    """(n, len(STORY_FEATURES)): case-insensitive features of each sentence within its story.

    Story-size effects are normalized away (cosines as z-scores within the story, concept mass
    relative to the story's largest and as a rank), and position is given both relative and
    absolute, so ten long articles get the same kind of inputs as three short ones."""
    n = len(sentences)
    weights, embeddings, groups, index, mass, words, density = _story_inputs(sentences, embeddings, originals,
                                                                            concepts)
    lowered = [s.text.lower() for s in sentences]
    first_words = [tokens(t[:40])[:1] for t in lowered]
    per_article = Counter(groups.tolist())
    centroid = centroid_relevance(embeddings, weights)
    agreement = source_agreement(embeddings, groups, weights)
    rank = np.empty(n)
    rank[np.argsort(-mass, kind="stable")] = np.arange(n)
    return np.column_stack([
        _zscore(centroid),
        _zscore(agreement),
        centroid,
        agreement,
        position_prior(index),
        np.array([s.position for s in sentences]),
        (index == 0).astype(np.float64),
        np.log1p(index),
        mass / max(mass.max(), 1e-9),
        density / max(density.max(), 1e-9),
        rank / max(n - 1, 1),
        np.log(words),
        words / words.mean(),
        np.array([any(q in t for q in ('"', "“", "”", "``", "''")) for t in lowered], dtype=np.float64),
        np.array([any(c.isdigit() for c in t) for t in lowered], dtype=np.float64),
        np.array([is_question(t) for t in lowered], dtype=np.float64),
        np.array([1.0 / per_article[g] for g in groups.tolist()]),
        np.array([bool(w) and w[0] in OPENERS for w in first_words], dtype=np.float64),
        np.array([bool(_ATTRIBUTION.search(t)) for t in lowered], dtype=np.float64),
        np.array(["(" in t for t in lowered], dtype=np.float64),
    ])


_ATTRIBUTION = re.compile(r"\b(said|says|told|according to|reports?|reported)\b")


def _caps_share(text: str) -> float:
    words = text.split()[1:]
    return sum(w[:1].isupper() for w in words) / max(len(words), 1)


def word_set(text: str) -> set[str]:
    """The indicator words of a sentence: lower-case `\\w+` runs, as the training
    script's scikit-learn CountVectorizer reads them."""
    return set(tokens(text))


def indicator_text(text: str) -> str:
    """What the `story` model's indicator words read: the lower-cased words, plus the first
    word marked as an opener (`_he`), so a sentence that leans on an earlier one is told apart."""
    words = tokens(text)
    return " ".join(words + [f"_{words[0]}"] if words else words)


class LearnedScorer:
    """relevance = intercept + standardized features . coef + sum of the sentence's word weights."""

    def __init__(self, path: str | Path):
        try:
            with np.load(path, allow_pickle=False) as data:
                self.embedder = str(data["embedder"])
                self.mean = data["mean"]
                self.std = data["std"]
                self.coef = data["coef"]
                self.intercept = float(data["intercept"])
                self.words = dict(zip(data["vocabulary"].tolist(), data["word_coef"].tolist()))
                self.feature_set = str(data["feature_set"]) if "feature_set" in data else "legacy"
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"select.scorer {path}: not a scorer model ({exc}); train one with eval/train_scorer.py "
                             "or set select.scorer: centroid") from None
        if self.feature_set == "story":
            self.dimension = None  # any embedder: no embedding block
        else:
            self.dimension = len(self.coef) - len(FEATURES)

    def fits(self, embedder: str, dimension: int) -> bool:
        """Whether this model can score sentences embedded by `embedder` with `dimension` columns."""
        if self.dimension is None:
            return True
        return embedder == self.embedder and dimension == self.dimension

    def dense(self, sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
              concepts=None) -> np.ndarray:
        if self.feature_set == "story":
            return case_free_features(sentences, embeddings, originals, concepts)
        return design_matrix(sentences, embeddings, originals, concepts)

    def __call__(self, sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
                 concepts=None) -> np.ndarray:
        dense = (self.dense(sentences, embeddings, originals, concepts) - self.mean) / self.std
        lexical = np.array([self.word_score(s.text) for s in sentences])
        return self.intercept + dense @ self.coef + lexical

    def word_score(self, text: str) -> float:
        """The summed weights of a sentence's indicator words; fsum is exact, so the result
        does not depend on the set's (hash-seeded) iteration order."""
        if self.feature_set == "story":
            return math.fsum(self.words.get(w, 0.0) for w in set(indicator_text(text).split()))
        return math.fsum(self.words.get(w, 0.0) for w in word_set(text))


def scorer_path(name: str) -> Path:
    return BUNDLED.get(name) or Path(name).expanduser()


@lru_cache(maxsize=4)
def load_scorer(name: str) -> LearnedScorer:
    """A bundled model by name (`multinews`, `minilm-multinews`) or a path to a .npz."""
    return LearnedScorer(scorer_path(name))
