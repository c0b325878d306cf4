"""Sentence features shared by the relevance blend and the learned scorer: position, centroid
similarity, agreement across sources, and concept (content word and bigram) coverage."""
from __future__ import annotations

import re

import numpy as np

from summarizer.records import Sentence
from summarizer.text import STOP_WORDS, content_tokens


NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve dozen dozens hundred hundreds "
                         "thousand thousands".split())
SCALE_WORDS = frozenset("million millions billion billions trillion trillions".split())
SPANS_OF_TIME = frozenset("hour hours day days week weeks month months year years decade decades".split())
# Counted words too common to tell one small count's fact from another ("two people were killed" /
# "... arrested", "rose 5 percent" / "fell 5 percent"); "229 people" still is one.
GENERIC_COUNTED = frozenset("people persons men women children countries nations sides parties others times "
                            "members officials percent per cent points".split())
PEOPLE_WORDS = frozenset("people persons residents inhabitants villagers townspeople citizens civilians locals "
                          "evacuees".split())
_NUMBER_TOKEN_RE = re.compile(r"[A-Za-z]+|\d[\d,.]*\d|\d")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
STEM_LETTERS = 5  # "killed"/"killing", "floods"/"flooded": words compared on their first letters, no stemmer


def number_facts(text: str) -> frozenset[tuple[str, str]]:
    """The counts a sentence states, as (number, the word it counts cut to STEM_LETTERS letters):
    "killing all 229 passengers aboard" -> ("229", "passe"), "$2 billion deal" -> ("2 billion",
    "deal"). Years, spans of time ("two weeks") and generic nouns ("two people", "5 percent") are
    not facts of their own; people, residents, villagers ... are one word ("4,000 residents" and
    "4,000 people"). Two sentences stating one count report one fact."""
    words = _NUMBER_TOKEN_RE.findall(text.lower())
    facts = set()
    for n, number in enumerate(words[:-1]):
        is_number = (number[0].isdigit() and not _YEAR_RE.fullmatch(number)) or number in NUMBER_WORDS
        after_number = n and (words[n - 1] in NUMBER_WORDS or
                              (words[n - 1][0].isdigit() and not _YEAR_RE.fullmatch(words[n - 1])))
        if not is_number or after_number:
            continue  # the second word of "two hundred" is part of the first's count
        counted = n + 1
        while counted < len(words) and words[counted] in SCALE_WORDS | NUMBER_WORDS:
            counted += 1
        if counted >= len(words):
            continue
        word = "people" if words[counted] in PEOPLE_WORDS else words[counted]  # "4,000 residents", "4,000 people"
        generic = word in GENERIC_COUNTED and not _large(number, counted - n > 1)
        if word not in STOP_WORDS and word not in SPANS_OF_TIME and not generic and not word[0].isdigit():
            facts.add((" ".join(words[n:counted]), word[:STEM_LETTERS]))
    return frozenset(facts)


def word_stems(text: str) -> frozenset[str]:
    """A sentence's content words cut to their first STEM_LETTERS letters."""
    return frozenset(w[:STEM_LETTERS] for w in content_tokens(text) if w not in STOP_WORDS and len(w) > 1)


def restates(stems: frozenset[str], pick: frozenset[str], share: float) -> bool:
    """A sentence of these word stems, alike to a picked one, restates it: `share` or more of its stems
    are the pick's (the MMR restatement rule, with the cosine test made by the caller)."""
    return len(stems & pick) >= share * len(stems)


def _large(number: str, scaled: bool) -> bool:
    """A count too large to be said of two facts by chance: "229 people", "4,000 people" (not
    "two people", "5 percent")."""
    digits = number.replace(",", "")
    try:
        return scaled or float(digits) > SMALL_COUNT
    except ValueError:  # a number word
        return scaled


SMALL_COUNT = 12


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


def source_agreement(embeddings: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Mean cosine of each sentence to the centroids of the *other* sources: what
    several outlets report scores higher than one outlet's aside. O(n * sources * d)."""
    labels, group_index = np.unique(groups, return_inverse=True)
    if len(labels) < 2:
        return centroid_relevance(embeddings, weights)
    sums = np.zeros((len(labels), embeddings.shape[1]))
    np.add.at(sums, group_index, embeddings * weights[:, None])
    centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    present = np.linalg.norm(sums, axis=1) > 0
    sims = embeddings @ centroids.T  # (n, sources)
    sims[:, ~present] = 0.0
    sims[np.arange(len(embeddings)), group_index] = 0.0
    others = present.sum() - present[group_index]
    return sims.sum(axis=1) / np.maximum(others, 1)


def is_question(text: str) -> bool:
    return text.rstrip(" \"'”’)»").endswith("?")


def sentence_concepts(text: str) -> set[str]:
    """A sentence's content words and bigrams (a bigram of two stop words is not one)."""
    words = content_tokens(text)
    grams = {w for w in words if w not in STOP_WORDS and len(w) > 1}
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in STOP_WORDS and b in STOP_WORDS))
    return grams


def concept_matrix(sentences: list[Sentence], eligible: np.ndarray, min_sources: int = 2,
                   known: frozenset[str] = frozenset(), known_factor: float = 0.0):
    """(n, m) sparse matrix: each sentence's content words and bigrams, weighted by the
    number of sources that use them; concepts used by fewer than `min_sources` sources
    (or, in a one-source story, said only once) get no weight; `known` ones (what earlier
    articles said, select/update.py) keep `known_factor` of theirs. Only eligible sentences
    count towards the weights."""
    from scipy.sparse import csr_matrix

    index: dict[str, int] = {}
    add = index.setdefault
    cols: list[int] = []
    indptr = [0]
    for sentence in sentences:
        cols.extend([add(gram, len(index)) for gram in sentence_concepts(sentence.text)])
        indptr.append(len(cols))
    n, m = len(sentences), len(index)
    cols_array = np.array(cols, dtype=np.int64)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    counted = np.asarray(eligible, dtype=bool)[rows]
    _, article = np.unique([s.article_id for s in sentences], return_inverse=True)
    n_sources = int(article.max()) + 1 if n else 0
    if n_sources >= min_sources:
        pairs = np.unique(cols_array[counted] * n_sources + article[rows[counted]])
        weights = np.bincount(pairs // n_sources, minlength=m).astype(np.float64)
        weights[weights < min_sources] = 0.0
    else:
        weights = np.bincount(cols_array[counted], minlength=m).astype(np.float64) - 1.0
    weights = np.maximum(weights, 0.0)
    if known:
        weights[[column for gram, column in index.items() if gram in known]] *= known_factor
    return csr_matrix((weights[cols_array], cols_array, np.array(indptr)), shape=(n, m))
