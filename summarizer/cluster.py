"""Group articles into stories and detect near-duplicate copies.

Articles are compared by a blend of lexical similarity (content words weighted by how
rare they are in English, so shared names count and shared common words do not) and
embedding similarity (lead-weighted mean of sentence vectors), then merged by
average-linkage agglomerative clustering with a distance cut, so the number of stories
is found, not given. Two articles whose word
3-gram shingles mostly overlap are near-copies (a wire story reprinted): they always
share a story, and their shared sentences are marked so they count once.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from .records import Sentence, Story

_TOKEN_RE = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}


def article_vector(embeddings: np.ndarray) -> np.ndarray:
    """Unit mean of an article's sentence vectors, the lead weighted most: 1 / (1 + index)."""
    weights = 1.0 / (1.0 + np.arange(len(embeddings)))
    vector = weights @ embeddings
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


@lru_cache(maxsize=200_000)
def word_rarity(word: str) -> float:
    """8 minus the word's Zipf frequency in English (wordfreq): ~2 for 'said', ~5 for a
    surname, 8 for a word it has never seen."""
    from wordfreq import zipf_frequency

    return max(0.0, 8.0 - zipf_frequency(word, "en"))


def lexical_similarity(texts: list[str]) -> np.ndarray:
    """Cosine of log term counts weighted by word rarity (English stop words dropped)."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    try:
        counts = vectorizer.fit_transform(texts).astype(np.float64)
    except ValueError:  # no content words at all
        return np.zeros((len(texts), len(texts)))
    rarity = np.array([word_rarity(w) for w in vectorizer.get_feature_names_out()])
    counts.data = np.log1p(counts.data)
    weighted = counts.multiply(rarity[None, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    weighted = weighted.multiply(1.0 / np.maximum(norms, 1e-12)[:, None]).tocsr()
    return (weighted @ weighted.T).toarray()


def story_id(article_ids: list[str]) -> str:
    return "story-" + hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:10]


class StoryClusterer:
    PAIRWISE_MAX = 32  # up to this many articles, near-copies are found pair by pair

    def __init__(self, threshold: float = 0.85, lexical_weight: float = 0.8,
                 duplicate_threshold: float = 0.5, attach_threshold: float = 0.1):
        self.threshold = threshold
        self.lexical_weight = lexical_weight
        self.duplicate_threshold = duplicate_threshold
        self.attach_threshold = attach_threshold

    @classmethod
    def from_config(cls, config) -> "StoryClusterer":
        c = config.cluster
        return cls(c.threshold, c.lexical_weight, c.duplicate_threshold, c.attach_threshold)

    def near_duplicates(self, ids: list[str], texts: list[str]) -> list[tuple[str, str]]:
        """Pairs (earlier, later) whose shingle containment reaches duplicate_threshold.
        A few articles are compared pair by pair; many, with one sparse product."""
        sets = [shingles(t) for t in texts]
        sizes = np.array([len(x) for x in sets])
        if len(sets) <= self.PAIRWISE_MAX:
            shared = ((i, j, len(sets[i] & sets[j])) for i in range(len(sets)) for j in range(i + 1, len(sets)))
        else:
            shared = self._shared_counts(sets)
        pairs = [(int(i), int(j)) for i, j, count in shared
                 if i < j and count / max(min(sizes[i], sizes[j]), 1) >= self.duplicate_threshold]
        return [(ids[i], ids[j]) for i, j in sorted(pairs)]

    @staticmethod
    def _shared_counts(sets: list[set]):
        """(i, j, shared shingles) for every pair that shares any, from one sparse product."""
        from scipy.sparse import csr_matrix

        index: dict[tuple[str, ...], int] = {}
        rows, cols = [], []
        for row, shingle_set in enumerate(sets):
            for shingle in shingle_set:
                rows.append(row)
                cols.append(index.setdefault(shingle, len(index)))
        incidence = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(index)))
        shared = (incidence @ incidence.T).tocoo()
        return zip(shared.row, shared.col, shared.data)

    def similarity(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        semantic = vectors @ vectors.T
        if self.lexical_weight <= 0:
            return semantic
        return self.lexical_weight * lexical_similarity(texts) + (1 - self.lexical_weight) * semantic

    def __call__(self, ids: list[str], texts: list[str], vectors: np.ndarray) -> list[Story]:
        """ids/texts/vectors: one per article (vectors from `article_vector`)."""
        duplicates = self.near_duplicates(ids, texts)
        labels = self.labels(texts, vectors, duplicates, ids)
        groups: dict[int, list[str]] = {}
        for article, label in zip(ids, labels):
            groups.setdefault(int(label), []).append(article)
        stories = []
        for members in groups.values():
            member_set = set(members)
            pairs = tuple(p for p in duplicates if p[0] in member_set)
            stories.append(Story(story_id(members), tuple(members), pairs))
        # Largest story first; ties keep input order.
        order = {a: n for n, a in enumerate(ids)}
        stories.sort(key=lambda s: (-len(s.article_ids), order[s.article_ids[0]]))
        return stories

    def labels(self, texts: list[str], vectors: np.ndarray,
               duplicates: list[tuple[str, str]], ids: list[str]) -> np.ndarray:
        n = len(texts)
        if n == 1:
            return np.zeros(1, dtype=int)
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        similarity = self.similarity(texts, vectors)
        index = {a: k for k, a in enumerate(ids)}
        for a, b in duplicates:
            similarity[index[a], index[b]] = similarity[index[b], index[a]] = 1.0
        distance = np.clip(1.0 - (similarity + similarity.T) / 2, 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=self.threshold, criterion="distance")
        return self.attach_lone_articles(labels, similarity)

    def attach_lone_articles(self, labels: np.ndarray, similarity: np.ndarray) -> np.ndarray:
        """A story of one article joins the story it is most similar to on average,
        when that similarity reaches attach_threshold (a short or off-angle report of
        the same event); otherwise it stays a story of its own."""
        labels = labels.copy()
        values, labels_index = np.unique(labels, return_inverse=True)
        members = np.zeros((len(labels), len(values)))
        members[np.arange(len(labels)), labels_index] = 1.0
        sums = similarity @ members  # (articles, stories): summed similarity to each story
        counts = members.sum(axis=0)
        for i in range(len(labels)):
            own = labels_index[i]
            if counts[own] > 1:
                continue
            means = np.where(counts > 0, sums[i] / np.maximum(counts, 1), -np.inf)
            means[own] = -np.inf
            best = int(np.argmax(means))
            if means[best] >= self.attach_threshold:
                sums[:, own] -= similarity[:, i]
                sums[:, best] += similarity[:, i]
                counts[own] -= 1
                counts[best] += 1
                labels_index[i] = best
                labels[i] = values[best]
        return labels


def duplicate_sentences(
    sentences: list[Sentence], duplicate_pairs: tuple[tuple[str, str], ...], threshold: float = 0.6
) -> np.ndarray:
    """duplicate_of[i] = j (j < i) when sentence i repeats sentence j, else i.

    Exact repeats (same words) are found everywhere; looser repeats (token Jaccard at
    least `threshold`) only between articles that are near-copies of each other.
    """
    n = len(sentences)
    duplicate_of = np.arange(n)
    token_sets = [frozenset(tokens(s.text)) for s in sentences]
    first_seen: dict[frozenset, int] = {}
    for i, key in enumerate(token_sets):
        if key in first_seen:
            duplicate_of[i] = first_seen[key]
        else:
            first_seen[key] = i
    if not duplicate_pairs:
        return duplicate_of
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_article.setdefault(s.article_id, []).append(i)
    for a, b in duplicate_pairs:
        for j in by_article.get(b, []):
            if duplicate_of[j] != j:
                continue
            for i in by_article.get(a, []):
                if duplicate_of[i] == i and _jaccard(token_sets[i], token_sets[j]) >= threshold:
                    duplicate_of[j] = i
                    break
    return duplicate_of


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
