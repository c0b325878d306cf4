"""Group articles into stories and detect near-duplicate copies, in time and memory that
grow about linearly with the number of articles.

1. Similarity of two articles: 0.8 x lexical similarity (log counts of content words
   weighted by how rare they are in English, so shared names count and shared common words
   do not) + 0.2 x embedding similarity, over each article's first `max_words` words. The
   embedding is the `lead_model` embedder's vector of the article's first `lead_words` words
   (MiniLM finds more same-story neighbours than the sentence embedder), or with no
   lead_model the lead-weighted mean of its sentence vectors. Both are inner products, so the
   pair similarity is one inner product of combined vectors.
2. Candidates: each article's nearest neighbours (faiss, exact up to a few thousand
   articles, HNSW beyond) on a dense proxy of the combined vector (the lexical part reduced
   by truncated SVD); every candidate pair is then scored exactly. Where both articles carry
   dates more than `window_days` apart, the pair is dropped.
3. A pair's score says how likely the two are one story given how crowded their
   neighbourhoods are, so a busy topic (an election, a war) does not melt its separate events
   into one story: with `pair_model` (the default), the probability from a model learned on
   Multi-News train piles (pair_model.py: similarity, background = each article's
   `background_k`-th neighbour similarity, neighbour ranks, shared rare words, lengths);
   without it, or in a pile of at most `background_k` articles (no neighbourhoods to read),
   the similarity minus the mean of both backgrounds.
4. Stories are average-linkage clusters cut at that score (`min_probability`, or distance
   `threshold` = 1 - score for the hand-set one), so their number is found, not given.
   Average linkage never merges two groups whose most similar pair is below the cut, so it
   runs exactly within each connected component of the graph of neighbour pairs above the
   cut (with a dense block only per component, at most `block_max` articles; a larger
   component is split by raising its edge threshold). No articles x articles matrix is ever built.
5. Near-copies (word 3-gram containment, MinHash LSH in a pile, see `dedup`) always share a
   story, and their shared sentences are marked so they count once.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Callable, Iterator

import numpy as np

from .dedup import near_duplicate_pairs, shingles, tokens  # noqa: F401 (re-exported)
from .records import Sentence, Story


def article_vector(embeddings: np.ndarray) -> np.ndarray:
    """Unit mean of an article's sentence vectors, the lead weighted most: 1 / (1 + index)."""
    weights = 1.0 / (1.0 + np.arange(len(embeddings)))
    vector = weights @ embeddings
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


CONTENT_WORD = r"(?u)\b[^\W\d_][\w'-]+\b"  # a word that starts with a letter


@lru_cache(maxsize=200_000)
def word_rarity(word: str) -> float:
    """8 minus the word's Zipf frequency in English (wordfreq): ~2 for 'said', ~5 for a
    surname, 8 for a word it has never seen."""
    from wordfreq import zipf_frequency

    return max(0.0, 8.0 - zipf_frequency(word, "en"))


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


def story_id(article_ids: list[str]) -> str:
    return "story-" + hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:10]


def day_number(value: str | None) -> float:
    """Days since 0001-01-01 of a date string, NaN when there is none or it does not parse."""
    if not value:
        return float("nan")
    from dateutil import parser

    try:
        parsed = parser.parse(value, fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return float("nan")
    return parsed.replace(tzinfo=None).toordinal() + (parsed.hour * 60 + parsed.minute) / 1440.0


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
    from .embed import embedder_named

    embedder = embedder_named(model)
    for k, chunk in enumerate(chunks):
        yield k, embedder.encode(chunk)


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


def pair_dots(matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray, chunk: int = 65536) -> np.ndarray:
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
                 cols: np.ndarray, ranks: np.ndarray):
        """ranks: `neighbour_ranks` of the candidate pairs (rows, cols)."""
        from scipy.sparse import csr_matrix

        self.space, self.background, self.model = space, background, model
        n = space.n
        owner = np.concatenate([rows, cols])
        self.candidates = np.bincount(owner, minlength=n).astype(float)  # a non-candidate ranks after these
        # rank + 1 of the other article in each article's candidate list (0: not a candidate)
        self.ranks = csr_matrix((ranks + 1.0, (owner, np.concatenate([cols, rows]))), shape=(n, n))
        self.rare_counts = np.asarray(space.rare.sum(axis=1)).ravel()
        self.words = np.array([len(t.split()) for t in space.texts], dtype=float)

    def _inputs(self, a, b, sims, semantic, rank_a, rank_b, shared):
        from .pair_model import PairInputs

        return PairInputs(sims, semantic, self.space.lexical_weight, self.background[a], self.background[b],
                          rank_a, rank_b, shared, self.rare_counts[a], self.rare_counts[b], self.words[a], self.words[b])

    def _rank(self, known: np.ndarray, owner: np.ndarray) -> np.ndarray:
        return np.where(known > 0, known - 1, self.candidates[owner])

    def pair_inputs(self, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray):
        semantic = pair_dots(self.space.vectors, rows, cols)
        rank_a = self._rank(np.asarray(self.ranks[rows, cols]).ravel(), rows)
        rank_b = self._rank(np.asarray(self.ranks[cols, rows]).ravel(), cols)
        return self._inputs(rows, cols, sims, semantic, rank_a, rank_b,
                            sparse_pair_products(self.space.rare, rows, cols))

    def pairs(self, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray) -> np.ndarray:
        from .pair_model import pair_features

        return self.model.probability(pair_features(self.pair_inputs(rows, cols, sims)))

    def block(self, piece: np.ndarray, rows_per_chunk: int = 128) -> np.ndarray:
        """Probabilities among a component's articles, a few rows at a time (bounded memory)."""
        from .pair_model import pair_features

        m = len(piece)
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
            out[lo:hi] = self.model.probability(pair_features(inputs)).reshape(hi - lo, m)
        return out


class StoryClusterer:
    PAIRWISE_MAX = 32  # up to this many articles, near-copies are found pair by pair

    def __init__(self, threshold: float = 0.85, lexical_weight: float = 0.8,
                 duplicate_threshold: float = 0.5, attach_threshold: float = 0.05,
                 neighbors: int = 20, background_k: int = 10, window_days: float = 7.0,
                 block_max: int = 1500, pair_model: str = "", min_probability: float = 0.3,
                 max_words: int = 0, lead_model: str = "", lead_words: int = 120):
        self.threshold = threshold
        self.lexical_weight = lexical_weight
        self.duplicate_threshold = duplicate_threshold
        self.attach_threshold = attach_threshold
        self.neighbors = neighbors
        self.background_k = background_k
        self.window_days = window_days
        self.block_max = block_max
        self.pair_model = pair_model
        self.min_probability = min_probability
        self.max_words = max_words
        self.lead_model = lead_model
        self.lead_words = lead_words
        self.last_run: dict = {}  # how the last call searched: articles, search, scored_pairs, largest_block, vectors

    @classmethod
    def from_config(cls, config) -> "StoryClusterer":
        c = config.cluster
        return cls(c.threshold, c.lexical_weight, c.duplicate_threshold, c.attach_threshold,
                   c.neighbors, c.background_k, c.window_days, c.block_max, c.pair_model,
                   c.min_probability, c.max_words, c.lead_model, c.lead_words)

    def near_duplicates(self, ids: list[str], texts: list[str]) -> list[tuple[str, str]]:
        """Pairs (earlier, later) whose shingle containment reaches duplicate_threshold.
        A few articles are compared pair by pair; many, through MinHash LSH."""
        pairs = near_duplicate_pairs(texts, self.duplicate_threshold, self.PAIRWISE_MAX)
        return [(ids[i], ids[j]) for i, j in pairs]

    def __call__(self, ids: list[str], texts: list[str], vectors: np.ndarray | None,
                 dates: list[str | None] | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 encode_leads: LeadEncoder | None = None) -> list[Story]:
        """ids/texts/vectors: one per article (vectors from `article_vector`, needed when no
        `lead_model` is set; otherwise articles are compared by `lead_vectors`); dates,
        where given, keep articles more than `window_days` apart out of one story; progress(done,
        total) is called as leads are embedded, by encode_leads where given (see `lead_vectors`)."""
        duplicates = self.near_duplicates(ids, texts)
        labels = self.labels(texts, vectors, duplicates, ids, dates, progress, encode_leads)
        groups: dict[int, list[str]] = {}
        for article, label in zip(ids, labels):
            groups.setdefault(int(label), []).append(article)
        story_of = {a: label for a, label in zip(ids, labels)}
        pairs_of: dict[int, list[tuple[str, str]]] = {}
        for pair in duplicates:  # a pair that a date window or a split kept apart is not noted
            if story_of[pair[0]] == story_of[pair[1]]:
                pairs_of.setdefault(int(story_of[pair[0]]), []).append(pair)
        stories = [Story(story_id(members), tuple(members), tuple(pairs_of.get(label, ())))
                   for label, members in groups.items()]
        # Largest story first; ties keep input order.
        order = {a: n for n, a in enumerate(ids)}
        stories.sort(key=lambda s: (-len(s.article_ids), order[s.article_ids[0]]))
        return stories

    def labels(self, texts: list[str], vectors: np.ndarray | None, duplicates: list[tuple[str, str]],
               ids: list[str], dates: list[str | None] | None = None,
               progress: Callable[[int, int], None] | None = None,
               encode_leads: LeadEncoder | None = None) -> np.ndarray:
        n = len(texts)
        if n == 1:
            self.last_run = {"articles": 1, "search": "all pairs", "scored_pairs": 0, "largest_block": 1,
                             "vectors": "sentences"}
            return np.zeros(1, dtype=int)
        learned = bool(self.pair_model) and n > self.background_k  # its features describe neighbourhoods: a pile
        if learned:
            from .pair_model import load_pair_model

            model = load_pair_model(self.pair_model)
            self.check_vectors(model)
        if self.lead_model:
            vectors = self.lead_vectors(texts, progress, encode_leads)
        elif vectors is None:
            raise ValueError("cluster.lead_model is off, so the clusterer needs the article vectors")
        space = ArticleSpace(leading_words(texts, self.max_words), vectors, self.lexical_weight)
        days = np.array([day_number(d) for d in dates]) if dates else np.full(n, np.nan)
        rows, cols, sims = self.neighbor_graph(space, days)
        ranks = neighbour_ranks(n, rows, cols, sims)
        background = self.background(n, rows, cols, sims, ranks)
        if learned:
            scorer = LearnedSimilarity(space, background, model, rows, cols, ranks)
            cut = linkage_cut = self.min_probability
        else:
            scorer = RelativeSimilarity(space, background)
            cut, linkage_cut = min(1.0 - self.threshold, self.attach_threshold), 1.0 - self.threshold
        scores = scorer.pairs(rows, cols, sims)
        index = {a: k for k, a in enumerate(ids)}
        duplicate_pairs = np.array([(index[a], index[b]) for a, b in duplicates], dtype=np.int64).reshape(-1, 2)
        keep = scores >= cut
        labels = np.full(n, -1, dtype=np.int64)
        next_label = 0
        pieces = self.pieces(n, rows[keep], cols[keep], scores[keep], duplicate_pairs)
        for piece in pieces:
            for part in self.cluster_piece(piece, scorer, 1.0 - linkage_cut, days, duplicate_pairs):
                labels[part] = next_label
                next_label += 1
        self.last_run = {"articles": n, "search": self._search_kind(n, days), "scored_pairs": len(rows),
                         "largest_block": max(len(p) for p in pieces),
                         "vectors": self.lead_model or "sentences"}
        return labels

    LEAD_CHUNK = 512  # leads embedded per call (a multiple of the batch size), for progress

    def lead_vectors(self, texts: list[str], progress: Callable[[int, int], None] | None = None,
                     encode_leads: LeadEncoder | None = None) -> np.ndarray:
        """Unit vectors of each article's first `lead_words` words by the `lead_model` embedder,
        in chunks of the length-sorted leads (so an embedder that batches by length forms the
        same batches as in one call); progress(done, total) as chunks come back.
        encode_leads(model, chunks) yields (chunk number, vectors) in any order: here by
        default (`encode_here`), on an engine's actor pool otherwise; the chunks are the same."""
        leads = leading_words(texts, self.lead_words)
        order = np.argsort([len(t) for t in leads], kind="stable")
        parts = [order[start:start + self.LEAD_CHUNK] for start in range(0, len(leads), self.LEAD_CHUNK)]
        out, done = None, 0
        for k, vectors in (encode_leads or encode_here)(self.lead_model, [[leads[i] for i in p] for p in parts]):
            if out is None:
                out = np.empty((len(leads), vectors.shape[1]))
            out[parts[k]] = vectors
            done += len(parts[k])
            if progress:
                progress(done, len(leads))
        if done != len(leads):  # an encoder that lost a chunk must not leave rows unset
            raise RuntimeError(f"lead embedding returned {done} of {len(leads)} vectors")
        return out if out is not None else np.zeros((0, 1))

    def check_vectors(self, model) -> None:
        """A pair model reads the article vectors it was trained on, or refuses with the fix."""
        from .errors import ConfigError

        if model.vectors != (self.lead_model or "sentences"):
            hint = "''" if model.vectors == "sentences" else model.vectors
            raise ConfigError(f"cluster.pair_model '{self.pair_model}' was trained on {model.vectors} article vectors, "
                              f"not {self.lead_model or 'sentences'}; set cluster.lead_model={hint} or pick "
                              "another pair_model")

    def _search_kind(self, n: int, days: np.ndarray) -> str:
        from .neighbors import EXACT_MAX

        if n - 1 <= self.neighbors * (1 if np.isnan(days).all() else 2):
            return "all pairs"
        return "exact" if n <= EXACT_MAX else "hnsw"

    def neighbor_graph(self, space: ArticleSpace, days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each article's nearest neighbours as exact-scored pairs (row < col, each once),
        pairs dated further apart than the window dropped."""
        from .neighbors import nearest_neighbors

        n = space.n
        dated = not np.isnan(days).all()
        k = self.neighbors * (2 if dated else 1)
        if n - 1 <= k:  # a small pile: every pair is a candidate
            rows, cols = np.triu_indices(n, 1)
        else:
            found, _ = nearest_neighbors(space.proxy(), k)
            rows = np.repeat(np.arange(n), found.shape[1])
            cols = found.ravel()
            ok = cols >= 0
            rows, cols = np.minimum(rows[ok], cols[ok]), np.maximum(rows[ok], cols[ok])
            unique = np.unique(rows * n + cols)
            rows, cols = unique // n, unique % n
            rows, cols = rows[rows != cols], cols[rows != cols]
        if dated:
            gap = np.abs(days[rows] - days[cols])
            ok = ~(gap > self.window_days)  # NaN (an undated side) keeps the pair
            rows, cols = rows[ok], cols[ok]
        return rows.astype(np.int64), cols.astype(np.int64), space.pairs(rows, cols)

    def background(self, n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray,
                   ranks: np.ndarray | None = None) -> np.ndarray:
        """Each article's `background_k`-th best neighbour similarity (0 with fewer neighbours);
        ranks: `neighbour_ranks` of the pairs, when already made."""
        out = np.zeros(n)
        k = self.background_k
        if k <= 0 or len(rows) == 0:
            return out
        ranks = neighbour_ranks(n, rows, cols, sims) if ranks is None else ranks
        kth = ranks == k - 1
        out[np.concatenate([rows, cols])[kth]] = np.concatenate([sims, sims])[kth]
        return out

    def pieces(self, n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray,
               duplicate_pairs: np.ndarray) -> list[np.ndarray]:
        """Connected components of the kept neighbour pairs and near-copies, each a sorted index
        array, in order of first member; one over `block_max` is split by raising its edge
        threshold in steps of 0.05 until every part fits."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        rows = np.concatenate([rows, duplicate_pairs[:, 0]])
        cols = np.concatenate([cols, duplicate_pairs[:, 1]])
        weights = np.concatenate([weights, np.full(len(duplicate_pairs), np.inf)])
        result = []
        stack = [(np.arange(n), rows, cols, weights)]
        while stack:
            members, r, c, w = stack.pop()
            local = np.full(n, -1)
            local[members] = np.arange(len(members))
            graph = coo_matrix((np.ones(len(r)), (local[r], local[c])), shape=(len(members), len(members)))
            _, labels = connected_components(graph, directed=False)
            for label in np.unique(labels):
                part = members[labels == label]
                inside = (local[r] >= 0) & (labels[local[r]] == label)
                floor = np.min(w[inside]) if len(part) > 1 else np.inf
                if len(part) <= self.block_max or floor == np.inf:  # fits, or near-copies only
                    result.append(part)
                    continue
                stronger = inside & (w >= floor + 0.05)
                stack.append((part, r[stronger], c[stronger], w[stronger]))
        result.sort(key=lambda part: part[0])
        return result

    def cluster_piece(self, piece: np.ndarray, scorer, distance_cut: float, days: np.ndarray,
                      duplicate_pairs: np.ndarray) -> list[np.ndarray]:
        """Average-linkage stories within one component (exact scores, one dense block)."""
        if len(piece) == 1 or len(piece) > self.block_max:  # one article, or a pile of near-copies
            return [piece]
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        similarity = scorer.block(piece)
        gap = np.abs(days[piece][:, None] - days[piece][None, :])
        similarity[gap > self.window_days] = -1.0  # events a window apart: kept apart
        local = np.searchsorted(piece, duplicate_pairs)
        inside = (local < len(piece)) & (piece[np.minimum(local, len(piece) - 1)] == duplicate_pairs)
        a, b = local[inside.all(axis=1)].T
        if len(a):  # near-copies count as one: every pair within a group of copies, not only listed pairs
            from scipy.sparse import coo_matrix
            from scipy.sparse.csgraph import connected_components

            _, copies = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(len(piece),) * 2),
                                             directed=False)
            similarity[copies[:, None] == copies[None, :]] = 1.0
        distance = np.clip(1.0 - similarity, 0.0, 3.0)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=distance_cut, criterion="distance")
        if isinstance(scorer, RelativeSimilarity):
            labels = self.attach_lone_articles(labels, similarity)
        _, first = np.unique(labels, return_index=True)
        return [piece[labels == labels[i]] for i in sorted(first)]

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
