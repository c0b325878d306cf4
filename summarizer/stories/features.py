"""What story grouping compares: each article as a blend of rarity-weighted content words and
an embedding of its lead (`ArticleSpace`), and exact similarities of candidate pairs."""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from summarizer.embed.embedders import embedder_named
from summarizer.read.sources import parse_date
from summarizer.text import CONTENT_WORD, word_rarity


def article_vector(embeddings: np.ndarray) -> np.ndarray:
    """Unit mean of an article's sentence vectors, the lead weighted most: 1 / (1 + index)."""
    weights = 1.0 / (1.0 + np.arange(len(embeddings)))
    vector = weights @ embeddings
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def content_word_counts(texts: list[str]):
    """Content-word counts (sparse CSR, texts x words; stop words dropped) and each word's
    rarity, or (None, None) when there are no content words at all."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(stop_words="english", token_pattern=CONTENT_WORD)
    try:
        counts = vectorizer.fit_transform(texts).astype(np.float64).tocsr()
    except ValueError:
        return None, None
    return counts, np.array([word_rarity(w) for w in vectorizer.get_feature_names_out()])


def lexical_vectors(texts: list[str], counted=None):
    """Unit rows (sparse CSR) of log term counts weighted by word rarity; their inner products
    are the lexical similarity. `counted`: `content_word_counts(texts)`, when already made."""
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    counts, rarity = content_word_counts(texts) if counted is None else counted
    if counts is None:
        return csr_matrix((len(texts), 1))
    logged = counts.copy()
    logged.data = np.log1p(logged.data)
    return normalize(logged.multiply(rarity[None, :]).tocsr())


def day_number(value: str | None) -> float:
    """Days since 0001-01-01 of a date string, NaN when there is none or it does not parse."""
    parsed = parse_date(value)
    if parsed is None:
        return float("nan")
    return parsed.toordinal() + (parsed.hour * 60 + parsed.minute) / 1440.0


def rare_word_sets(texts: list[str], max_zipf: float = 3.5, counted=None):
    """Binary rows (sparse CSR) of each article's rare words (Zipf frequency under max_zipf).
    `counted`: `content_word_counts(texts)`, when already made."""
    from scipy.sparse import csr_matrix

    counts, rarity = content_word_counts(texts) if counted is None else counted
    rare = np.flatnonzero(rarity >= 8.0 - max_zipf) if counts is not None else np.zeros(0, dtype=int)
    if not len(rare):
        return csr_matrix((len(texts), 1))
    present = counts[:, rare].tocsr()
    present.data[:] = 1.0
    return present


def leading_words(texts: list[str], max_words: int) -> list[str]:
    """Each text cut to its first max_words words (0: whole), so long articles are compared
    as the news of the length the models were trained on."""
    if max_words <= 0:
        return list(texts)
    return [" ".join(t.split()[:max_words]) for t in texts]


# (model, chunks of texts) -> (chunk number, unit vectors) per chunk, in any order
LeadEncoder = Callable[[str, list[list[str]]], Iterator[tuple[int, np.ndarray]]]


def encode_here(model: str, chunks: list[list[str]]) -> Iterator[tuple[int, np.ndarray]]:
    """The `LeadEncoder` of this process: each chunk in turn, the model loaded once."""
    embedder = embedder_named(model)
    for k, chunk in enumerate(chunks):
        yield k, embedder.encode(chunk)


def pair_dots(matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """Inner product of rows[k] and cols[k] of a dense matrix for each k, a chunk of pairs at
    a time: the rows gathered for a chunk, never for all pairs at once (2 million pairs of
    384-dim rows would take 12 GB)."""
    out = np.empty(len(rows))
    for lo in range(0, len(rows), chunk):
        out[lo:lo + chunk] = np.einsum("ij,ij->i", matrix[rows[lo:lo + chunk]], matrix[cols[lo:lo + chunk]])
    return out


def sparse_pair_products(matrix, rows: np.ndarray, cols: np.ndarray, block: int = 512) -> np.ndarray:
    """Inner product of rows[k] and cols[k] of a sparse matrix for each k; rows sorted. Each
    block of rows is multiplied with the rows it pairs with, never with all of them."""
    out = np.zeros(len(rows))
    bounds = np.searchsorted(rows, np.arange(0, matrix.shape[0] + block, block))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        if lo == hi:
            continue
        r, c = rows[lo:hi], cols[lo:hi]
        targets, position = np.unique(c, return_inverse=True)
        first = r[0]
        product = (matrix[first:r[-1] + 1] @ matrix[targets].T).toarray()
        out[lo:hi] = product[r - first, position]
    return out


class ArticleSpace:
    """Articles as combined vectors: sqrt(w) x lexical (sparse) and sqrt(1 - w) x embedding,
    so an inner product is the blended similarity. Pairs are scored on demand."""

    PROXY_DIMS = 128  # SVD components of the lexical part in the search proxy
    SVD_SAMPLE = 2000  # articles the SVD is fitted on

    def __init__(self, texts: list[str], vectors: np.ndarray, lexical_weight: float):
        self.n = len(texts)
        self.texts = texts
        self.lexical_weight = weight = min(max(lexical_weight, 0.0), 1.0)
        self._counted = None  # content_word_counts(texts), made once for both word views
        self.lexical = lexical_vectors(texts, self.counted) * np.sqrt(weight) if weight > 0 else None
        self.vectors = np.asarray(vectors, dtype=np.float64)
        self.semantic = self.vectors * np.sqrt(1.0 - weight)
        self._rare = None

    @property
    def counted(self):
        if self._counted is None:
            self._counted = content_word_counts(self.texts)
        return self._counted

    @property
    def rare(self):
        if self._rare is None:
            self._rare = rare_word_sets(self.texts, counted=self.counted)
        return self._rare

    def pairs(self, rows: np.ndarray, cols: np.ndarray, block: int = 512) -> np.ndarray:
        """Exact similarity of each (rows[k], cols[k]) pair; rows must be sorted. Each block
        of rows is multiplied with the rows it pairs with, never with all articles."""
        out = pair_dots(self.semantic, rows, cols)
        if self.lexical is None or len(rows) == 0:
            return out
        return out + sparse_pair_products(self.lexical, rows, cols, block)

    def block(self, members: np.ndarray) -> np.ndarray:
        """Exact similarity among a few articles (a dense members x members block)."""
        sims = self.semantic[members] @ self.semantic[members].T
        if self.lexical is not None:
            part = self.lexical[members]
            sims += (part @ part.T).toarray()
        return sims

    def proxy(self) -> np.ndarray:
        """Dense vectors whose inner products approximate the similarity, for the ANN search."""
        if self.lexical is None:
            return self.semantic
        shared = np.flatnonzero(np.bincount(self.lexical.indices, minlength=self.lexical.shape[1]) >= 2)
        lexical = self.lexical[:, shared]  # a word in one article finds no neighbour
        dims = min(self.PROXY_DIMS, self.n - 1, lexical.shape[1] - 1)
        if dims < 1:
            reduced = lexical.toarray()
        else:
            from sklearn.decomposition import TruncatedSVD

            # fitted on an evenly spaced sample, so its cost does not grow with the pile
            sample = np.linspace(0, self.n - 1, min(self.n, self.SVD_SAMPLE)).astype(int)
            svd = TruncatedSVD(dims, algorithm="randomized", n_iter=2, random_state=0).fit(lexical[sample])
            reduced = lexical @ svd.components_.T
        return np.hstack([reduced, self.semantic])
