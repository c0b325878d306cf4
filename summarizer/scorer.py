"""Learned sentence relevance: a linear model over story-level features, the sentence
embedding and indicator words, trained to predict a sentence's n-gram overlap with
human summaries (eval/train_scorer.py, on Multi-News validation clusters outside the
evaluated sample).

The model is a small .npz file; predicting is numpy only. It is tied to the embedder
it was trained with (its embedding block has that model's dimension).
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from .cluster import tokens
from .errors import ConfigError
from .records import Sentence

MODELS = Path(__file__).resolve().parent / "models"
BUNDLED = {"minilm-multinews": MODELS / "scorer-minilm-multinews.npz"}
FEATURES = ("centroid", "agreement", "lead", "position", "first", "concept_mass", "concept_density",
            "log_words", "quote", "digits", "caps_after_first", "question", "article_share")


def story_features(sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
                   concepts=None) -> np.ndarray:
    """(n, len(FEATURES)) features of each sentence within its story; concepts: the story's
    `select.concept_matrix`, when the caller has it already."""
    from .select import centroid_relevance, concept_matrix, is_question, position_prior, source_agreement

    weights = originals.astype(np.float64)
    embeddings = embeddings.astype(np.float64)
    groups = np.array([s.article_id for s in sentences])
    index = np.array([s.index for s in sentences])
    concepts = concept_matrix(sentences, originals) if concepts is None else concepts
    mass = np.asarray(concepts.sum(axis=1)).ravel()
    words = np.array([max(s.word_count, 1) for s in sentences], dtype=np.float64)
    density = mass / words
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
    """The model's dense input before standardizing: story features, then the embedding."""
    return np.column_stack([story_features(sentences, embeddings, originals, concepts), embeddings])


def _caps_share(text: str) -> float:
    words = text.split()[1:]
    return sum(w[:1].isupper() for w in words) / max(len(words), 1)


def word_set(text: str) -> set[str]:
    """The indicator words of a sentence: lower-case `\\w+` runs, as the training
    script's scikit-learn CountVectorizer reads them."""
    return set(tokens(text))


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
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"select.scorer {path}: not a scorer model ({exc}); train one with eval/train_scorer.py "
                             "or set select.scorer: centroid") from None
        self.dimension = len(self.coef) - len(FEATURES)

    def __call__(self, sentences: list[Sentence], embeddings: np.ndarray, originals: np.ndarray,
                 concepts=None) -> np.ndarray:
        dense = (design_matrix(sentences, embeddings, originals, concepts) - self.mean) / self.std
        lexical = np.array([self.word_score(s.text) for s in sentences])
        return self.intercept + dense @ self.coef + lexical

    def word_score(self, text: str) -> float:
        """The summed weights of a sentence's indicator words; fsum is exact, so the result
        does not depend on the set's (hash-seeded) iteration order."""
        return math.fsum(self.words.get(w, 0.0) for w in word_set(text))


def scorer_path(name: str) -> Path:
    return BUNDLED.get(name) or Path(name).expanduser()


@lru_cache(maxsize=4)
def load_scorer(name: str) -> LearnedScorer:
    """A bundled model by name (`minilm-multinews`) or a path to a .npz."""
    return LearnedScorer(scorer_path(name))
