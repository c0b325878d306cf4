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
   by truncated SVD); every candidate pair is then scored exactly. With the hand-set score,
   two dated articles share a story only when a chain of similar dated reports joins them,
   each within the window of the next: `window_days`, or `window_spacing` times the group's
   median gap between reports when longer (`time_apart`: two floods a month apart stay apart,
   a trial reported weekly stays whole); the learned score weighs the gap between dates itself.
3. A pair's score says how likely the two are one story given how crowded their
   neighbourhoods are, so a busy topic (an election, a war) does not melt its separate events
   into one story: with `pair_model` (the default), the probability from a model learned on
   whole-article dev clusters and Multi-News train piles (pair_model.py, scored in
   similarity.py: similarity, background = each article's `background_k`-th neighbour
   similarity, neighbour ranks, shared rare words, lengths within `max_words`, the gap between
   dates, each article's nearest and third-nearest neighbour similarity; two articles that share
   almost nothing, neither with a crowd of alike neighbours, are never one: `min_similarity`;
   nor are two that share little, neither with a close neighbour: `outlier_similarity`);
   without it, or in a pile of at most `background_k` articles (no neighbourhoods to read),
   the similarity minus the mean of both backgrounds.
4. Stories are average-linkage clusters cut at that score (`min_probability`, or distance
   `threshold` = 1 - score for the hand-set one), so their number is found, not given. The
   learned probabilities are averaged as log-odds: two groups join when their pairs' mean
   log-odds reaches that of `min_probability`, so a few unlikely pairs (two events of one
   topic) keep them apart where a plain mean of probabilities let many likely ones outvote them.
   Average linkage never merges two groups whose most similar pair is below the cut, so it
   runs exactly within each connected component of the graph of neighbour pairs above the
   cut (with a dense block only per component, at most `block_max` articles; a larger
   component is split by raising its edge threshold). No articles x articles matrix is ever built.
   A learned story then parts at a silence between two bursts of reports (`split_bursts`,
   `burst_ratio`): the learned gap alone did not keep two look-alike floods a month apart apart.
5. Near-copies (word 3-gram containment, MinHash LSH in a pile, see near_copies.py) always share a
   story, and their shared sentences are marked so they count once.
"""
from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from typing import Callable

import numpy as np

from summarizer.errors import ConfigError
from summarizer.records import Article, Story
from summarizer.stories.features import (
    ArticleSpace,
    LeadEncoder,
    day_number,
    encode_here,
    leading_words,
)
from summarizer.stories.near_copies import near_duplicate_pairs
from summarizer.stories.neighbors import EXACT_MAX, nearest_neighbors
from summarizer.stories.pair_model import load_pair_model
from summarizer.stories.similarity import (
    LearnedSimilarity,
    RelativeSimilarity,
    neighbour_ranks,
)


def _pairs_by_piece(n: int, pieces: list[np.ndarray], pairs: np.ndarray) -> list[np.ndarray]:
    """The near-copy pairs inside each piece (pieces keep near-copies together), found in one
    pass, so clustering a piece does not scan every pair of the pile."""
    piece_of = np.full(n, -1, dtype=np.int64)
    for k, piece in enumerate(pieces):
        piece_of[piece] = k
    owner = np.where(piece_of[pairs[:, 0]] == piece_of[pairs[:, 1]], piece_of[pairs[:, 0]], -1)
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(pieces) + 1))
    return [pairs[order[lo:hi]] for lo, hi in zip(bounds[:-1], bounds[1:])]


def split_bursts(labels: np.ndarray, similarity: np.ndarray, days: np.ndarray, window: float,
                 ratio: float) -> np.ndarray:
    """Each story parted at a silence between two bursts of reports: the longest gap between its
    dated reports, when it is longer than twice `window` days and `ratio` times the span of the
    reports on either side, each side holding two or more (March's and April's jobs reports, two
    floods a month apart; a trial reported weekly, or a topic every few months, has no such gap).
    Undated articles go with the part they are most alike on average; parts are parted again the
    same way."""
    out = labels.copy()
    stack = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    next_label = labels.max() + 1
    while stack:
        members = stack.pop()
        dated = members[~np.isnan(days[members])]
        if len(dated) < 4:
            continue
        order = dated[np.argsort(days[dated], kind="stable")]
        gaps = np.diff(days[order])
        cut = int(np.argmax(gaps))
        left, right = order[:cut + 1], order[cut + 1:]
        spans = max(np.ptp(days[left]), np.ptp(days[right]))
        if len(left) < 2 or len(right) < 2 or gaps[cut] <= 2 * window or gaps[cut] < ratio * spans:
            continue
        undated = members[np.isnan(days[members])]
        to_right = [i for i in undated if similarity[i, right].mean() > similarity[i, left].mean()]
        moved = np.concatenate([right, np.array(to_right, dtype=int)])
        out[moved] = next_label
        next_label += 1
        stack += [np.setdiff1d(members, moved), moved]
    return out


def day_numbers(dates: list[str | None] | None) -> np.ndarray | None:
    """Each article's `day_number` (NaN where undated); None without dates."""
    return np.array([day_number(d) for d in dates]) if dates else None


def _log_odds(probability):
    """log(p / (1 - p)), p held within [1e-6, 1 - 1e-6] (a near-copy's 1.0 stays finite)."""
    p = np.clip(probability, 1e-6, 1.0 - 1e-6)
    return np.log(p / (1.0 - p))


def story_id(article_ids: list[str]) -> str:
    return "story-" + hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:10]


DIGEST_ITEMS_ALIKE = 0.5  # cosine of two press digest items' vectors that tells of one event


def digest_items_apart(stories: list[Story], articles: Mapping[str, Article],
                       vector: Callable[[str], np.ndarray], alike: float = DIGEST_ITEMS_ALIKE) -> list[Story]:
    """The stories, each made only of press digest items (read/digests.py) split where its items
    are not alike: one-paragraph items of round-ups (a union law, a phone company's writedown) look
    alike to the pair model by region and style; two papers' items on one event (England out of
    the World Cup) have a cosine of 0.5 or more (`vector(id)`: an item's unit-length vector). The
    parts are the groups of items linked by such pairs."""
    apart = []
    for story in stories:
        ids = story.article_ids
        if len(ids) < 2 or not all(articles[i].digest_id for i in ids):
            apart.append(story)
            continue
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        vectors = np.stack([vector(i) for i in ids])
        _, part = connected_components(csr_matrix((vectors @ vectors.T) >= alike), directed=False)
        for label in dict.fromkeys(part):  # in the order of each group's first item
            members = tuple(i for i, p in zip(ids, part) if p == label)
            apart.append(story if len(members) == len(ids) else
                         Story(story_id(list(members)), members,
                               tuple(pair for pair in story.duplicates if set(pair) <= set(members))))
    return apart


class StoryClusterer:
    HAND_SET_WORDS = 500  # the hand-set score's thresholds were set on articles' first 500 words
    PAIRWISE_MAX = 32  # up to this many articles, near-copies are found pair by pair
    LOGIT_TOP = 20.0  # learned-score distance = LOGIT_TOP - log-odds: above the largest log-odds, so never negative
    FAST_LEADS = ("wordllama", "wordllama")  # (lead_model, pair_model) of piles over fast_leads_above

    def __init__(self, threshold: float = 0.85, lexical_weight: float = 0.8,
                 duplicate_threshold: float = 0.5, attach_threshold: float = 0.05,
                 neighbors: int = 20, background_k: int = 10, window_days: float = 7.0,
                 block_max: int = 1500, pair_model: str = "", min_probability: float = 0.35,
                 max_words: int = 0, lead_model: str = "", lead_words: int = 120, fast_leads_above: int = 0,
                 window_spacing: float = 0.0, min_similarity: float = 0.0, burst_ratio: float = 0.0,
                 outlier_similarity: float = 0.0):
        self.threshold = threshold
        self.lexical_weight = lexical_weight
        self.duplicate_threshold = duplicate_threshold
        self.attach_threshold = attach_threshold
        self.neighbors = neighbors
        self.background_k = background_k
        self.window_days = window_days
        self.window_spacing = window_spacing  # the window widens to this x a group's median gap between reports
        self.min_similarity = min_similarity  # learned score: pairs less alike are never one story
        # learned score: two articles with no close neighbour, barely alike
        self.outlier_similarity = outlier_similarity
        self.burst_ratio = burst_ratio  # learned score: a story parts at a silence this x longer than its bursts
        self.block_max = block_max
        self.pair_model = pair_model
        self.min_probability = min_probability
        self.max_words = max_words
        self.lead_model = lead_model
        self.lead_words = lead_words
        self.fast_leads_above = fast_leads_above
        self.last_run: dict = {}  # how the last call searched: articles, search, scored_pairs, largest_block, vectors

    @classmethod
    def from_config(cls, config) -> "StoryClusterer":
        c = config.cluster
        return cls(c.threshold, c.lexical_weight, c.duplicate_threshold, c.attach_threshold,
                   c.neighbors, c.background_k, c.window_days, c.block_max, c.pair_model,
                   c.min_probability, c.max_words, c.lead_model, c.lead_words, c.fast_leads_above,
                   c.window_spacing, c.min_similarity, c.burst_ratio, c.outlier_similarity)

    def for_pile(self, n: int) -> "StoryClusterer":
        """This clusterer, or for a pile of more than `fast_leads_above` articles a copy that
        compares WordLlama leads with the pair model trained on them (FAST_LEADS): MiniLM
        leads cost about 8 ms an article on a 2-core CPU, 11 minutes for 100,000."""
        if not (self.fast_leads_above and n > self.fast_leads_above and self.lead_model
                and (self.lead_model, self.pair_model) != self.FAST_LEADS):
            return self
        fast = copy.copy(self)
        fast.lead_model, fast.pair_model = self.FAST_LEADS
        return fast

    def near_duplicates(self, ids: list[str], texts: list[str],
                        dates: list[str | None] | None = None) -> list[tuple[str, str]]:
        """Pairs (earlier, later) whose shingle containment reaches duplicate_threshold (more for
        two dated days apart: near_copies.COPY_DAYS). A few articles are compared pair by pair;
        many, through MinHash LSH."""
        return self._near_duplicates(ids, texts, day_numbers(dates))

    def _near_duplicates(self, ids: list[str], texts: list[str], days: np.ndarray | None) -> list[tuple[str, str]]:
        pairs = near_duplicate_pairs(texts, self.duplicate_threshold, self.PAIRWISE_MAX, days)
        return [(ids[i], ids[j]) for i, j in pairs]

    def __call__(self, ids: list[str], texts: list[str], vectors: np.ndarray | None,
                 dates: list[str | None] | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 encode_leads: LeadEncoder | None = None) -> list[Story]:
        """ids/texts/vectors: one per article (vectors from `article_vector`, needed when no
        `lead_model` is set; otherwise articles are compared by `lead_vectors`); dates,
        where given, keep articles more than `window_days` apart out of one story; progress(done,
        total) is called as leads are embedded, by encode_leads where given (see `lead_vectors`)."""
        days = day_numbers(dates)  # parsed once: near-copies and grouping both read them
        duplicates = self._near_duplicates(ids, texts, days)
        clusterer = self.for_pile(len(ids))
        labels = clusterer.labels(texts, vectors, duplicates, ids, days, progress, encode_leads)
        self.last_run = clusterer.last_run
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
               ids: list[str], days: np.ndarray | None = None,
               progress: Callable[[int, int], None] | None = None,
               encode_leads: LeadEncoder | None = None) -> np.ndarray:
        n = len(texts)
        if n == 1:
            self.last_run = {"articles": 1, "search": "all pairs", "scored_pairs": 0, "largest_block": 1,
                             "vectors": "sentences"}
            return np.zeros(1, dtype=int)
        learned = bool(self.pair_model) and n > self.background_k  # its features describe neighbourhoods: a pile
        if learned:

            model = load_pair_model(self.pair_model)
            self.check_vectors(model)
        if self.lead_model:
            vectors = self.lead_vectors(texts, progress, encode_leads)
        elif vectors is None:
            raise ValueError("cluster.lead_model is off, so the clusterer needs the article vectors")
        words = self.max_words if learned else self.HAND_SET_WORDS
        space = ArticleSpace(leading_words(texts, words), vectors, self.lexical_weight)
        days = days if days is not None else np.full(n, np.nan)
        window = 0.0 if learned else self.window_days  # the pair model weighs the gap itself
        rows, cols, sims = self.neighbor_graph(space, days, window)
        ranks = neighbour_ranks(n, rows, cols, sims)
        background = self.background(n, rows, cols, sims, ranks)
        if learned:
            scorer = LearnedSimilarity(space, background, model, rows, cols, ranks, days,
                                       self.profile(n, rows, cols, sims, ranks), self.min_similarity,
                                       self.outlier_similarity)
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
        piece_pairs = _pairs_by_piece(n, pieces, duplicate_pairs)
        for piece, pairs in zip(pieces, piece_pairs):
            for part in self.cluster_piece(piece, scorer, 1.0 - linkage_cut, days, pairs, window):
                labels[part] = next_label
                next_label += 1
        self.last_run = {"articles": n, "search": self._search_kind(n, days, window), "scored_pairs": len(rows),
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
        if model.vectors != (self.lead_model or "sentences"):
            hint = "''" if model.vectors == "sentences" else model.vectors
            raise ConfigError(f"cluster.pair_model '{self.pair_model}' was trained on {model.vectors} article vectors, "
                              f"not {self.lead_model or 'sentences'}; set cluster.lead_model={hint} or pick "
                              "another pair_model")

    @staticmethod
    def windowed(days: np.ndarray, window: float) -> bool:
        """Whether a hard date window applies: window > 0 and some article is dated."""
        return window > 0 and not np.isnan(days).all()

    def _search_kind(self, n: int, days: np.ndarray, window: float) -> str:
        if n - 1 <= self.neighbors * (2 if self.windowed(days, window) else 1):
            return "all pairs"
        return "exact" if n <= EXACT_MAX else "hnsw"

    def neighbor_graph(self, space: ArticleSpace, days: np.ndarray,
                       window: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each article's nearest neighbours as exact-scored pairs (row < col, each once). With
        a date window, twice as many are searched: the window (`time_apart`, applied within each
        group) keeps some of them apart."""
        n = space.n
        dated = self.windowed(days, window)
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
        return rows.astype(np.int64), cols.astype(np.int64), space.pairs(rows, cols)

    NEAR_RANK = 3  # the profile's second point: how alike an article's third-nearest neighbour is

    def profile(self, n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray,
                ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each article's nearest and NEAR_RANK-th neighbour similarity (with `background`, how
        steeply its neighbourhood falls off: a story of two articles or of twenty)."""
        return self.background(n, rows, cols, sims, ranks, 1), self.background(n, rows, cols, sims, ranks, self.NEAR_RANK)

    def background(self, n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray,
                   ranks: np.ndarray | None = None, k: int | None = None) -> np.ndarray:
        """Each article's k-th (default `background_k`-th) best neighbour similarity (0 with
        fewer neighbours); ranks: `neighbour_ranks` of the pairs, when already made."""
        out = np.zeros(n)
        k = self.background_k if k is None else k
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
            order = np.argsort(labels, kind="stable")  # each component's members in one pass, not one per component
            for positions in np.split(order, np.flatnonzero(np.diff(labels[order])) + 1):
                part = members[positions]
                if len(part) <= self.block_max:  # fits: its edges are not needed
                    result.append(part)
                    continue
                label = labels[positions[0]]
                inside = (local[r] >= 0) & (labels[local[r]] == label)
                floor = np.min(w[inside])
                if floor == np.inf:  # near-copies only
                    result.append(part)
                    continue
                stronger = inside & (w >= floor + 0.05)
                stack.append((part, r[stronger], c[stronger], w[stronger]))
        result.sort(key=lambda part: part[0])
        return result

    def cluster_piece(self, piece: np.ndarray, scorer, distance_cut: float, days: np.ndarray,
                      duplicate_pairs: np.ndarray, window: float = 0.0) -> list[np.ndarray]:
        """Average-linkage stories within one component (exact scores, one dense block)."""
        if len(piece) == 1 or len(piece) > self.block_max:  # one article, or a pile of near-copies
            return [piece]
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        similarity = scorer.block(piece)
        if self.windowed(days, window):
            similarity[self.time_apart(similarity, days[piece], window, 1.0 - distance_cut, self.window_spacing)] = -1.0
        local = np.searchsorted(piece, duplicate_pairs)
        inside = (local < len(piece)) & (piece[np.minimum(local, len(piece) - 1)] == duplicate_pairs)
        a, b = local[inside.all(axis=1)].T
        if len(a):  # near-copies count as one: every pair within a group of copies, not only listed pairs
            from scipy.sparse import coo_matrix
            from scipy.sparse.csgraph import connected_components

            _, copies = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(len(piece),) * 2),
                                             directed=False)
            similarity[copies[:, None] == copies[None, :]] = 1.0
        if isinstance(scorer, LearnedSimilarity):  # average the log-odds: a few unlikely pairs weigh more
            distance, distance_cut = self.LOGIT_TOP - _log_odds(similarity), self.LOGIT_TOP - _log_odds(1.0 - distance_cut)
        else:
            distance = np.clip(1.0 - similarity, 0.0, 3.0)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=distance_cut, criterion="distance")
        if isinstance(scorer, RelativeSimilarity):
            labels = self.attach_lone_articles(labels, similarity)
        elif self.burst_ratio and not np.isnan(days[piece]).all():
            labels = split_bursts(labels, similarity, days[piece], self.window_days, self.burst_ratio)
        _, first = np.unique(labels, return_index=True)
        return [piece[labels == labels[i]] for i in sorted(first)]

    @staticmethod
    def time_apart(similarity: np.ndarray, days: np.ndarray, window: float, cut: float,
                   spacing: float = 0.0) -> np.ndarray:
        """Pairs of dated articles kept apart by the date window: those not joined by a chain of
        similar (>= cut) dated articles each within the window of the next. The window is
        `window` days, or `spacing` times the median gap between the group's consecutive dated
        articles when that is longer: a gap far longer than the story's own rhythm of reports is
        a break (two floods a month apart, each reported over two days), while a story reported
        every few days for weeks, or every few months for years, stays whole. Pairs with an
        undated article are never apart."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        dated = ~np.isnan(days)
        if spacing and dated.sum() > 2:
            window = max(window, spacing * float(np.median(np.diff(np.sort(days[dated])))))
        gap = np.abs(days[:, None] - days[None, :])  # NaN with an undated article
        linked = (gap <= window) & (similarity >= cut)
        _, chain = connected_components(csr_matrix(linked), directed=False)
        return (chain[:, None] != chain[None, :]) & dated[:, None] & dated[None, :]

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


