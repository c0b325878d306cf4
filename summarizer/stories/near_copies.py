"""Near-duplicate articles (a wire story reprinted, a page saved twice).

Two articles are near-copies when most word 3-gram shingles of the shorter one are also in
the longer one (containment |A & B| / min(|A|, |B|) at least a threshold) and the longer is
at most MAX_RATIO times the shorter. A few articles are compared pair by pair; a pile goes
through MinHash LSH (datasketch) for candidates, and every candidate pair is checked on the
exact shingle hashes, so a reported pair always meets the threshold and memory stays linear.
"""
from __future__ import annotations

import zlib
from datetime import time

import numpy as np

from summarizer.read.sources import parse_date
from summarizer.records import Article, Sentence
from summarizer.text import tokens

NUM_PERM = 64
MAX_RATIO = 3.0  # near-copies: the longer has at most this many times the shingles of the shorter
MAX_CANDIDATES = 64  # LSH candidates checked per text in a pile
LSH_SLACK = 0.8  # the LSH index looks for Jaccard this share of the bound, so few true pairs are missed
# A text of FIRST_TAKE_SHINGLES or more found almost whole (FIRST_TAKE_CONTAINMENT) in a much longer
# one is its first take, a copy whatever MAX_RATIO says (a one-line teaser is shorter).
FIRST_TAKE_SHINGLES = 60
FIRST_TAKE_CONTAINMENT = 0.9
# Dated more than COPY_DAYS apart, two articles are copies only at LATE_COPY_CONTAINMENT (a reprint):
# below it the later one is a new report that reuses the earlier's background (House passage, then
# Senate passage nine days later, with containment 0.53).
COPY_DAYS = 3.0
LATE_COPY_CONTAINMENT = 0.8


def shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}


def containment(a, b) -> float:
    """Share of the smaller shingle collection (sets, or sorted unique hash arrays) found in the other."""
    if isinstance(a, np.ndarray):
        shared = len(np.intersect1d(a, b, assume_unique=True))
    else:
        shared = len(a & b)
    return shared / max(min(len(a), len(b)), 1)


def shingle_hashes(text: str, n: int = 3) -> np.ndarray:
    """Sorted unique CRC-32 values of the text's word n-gram shingles: 4 bytes a shingle,
    the same in every process."""
    words = tokens(text)
    values = [zlib.crc32(" ".join(words[i:i + n]).encode("utf-8")) for i in range(max(len(words) - n + 1, 0))]
    return np.unique(np.array(values, dtype=np.uint32))


def near_duplicate_pairs(texts: list[str], threshold: float = 0.5, pairwise_max: int = 32,
                         days: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Sorted index pairs (i, j), i < j, whose shingle containment reaches `threshold`, the
    longer at most MAX_RATIO times the shorter (a one-line teaser inside a long article, or a
    page of boilerplate, is not a copy of it). Up to `pairwise_max` texts every pair is checked;
    in a pile each text is paired with the earlier texts it copies among its LSH candidates
    (see `_lsh_pairs`), which keeps every group of copies connected. `days`: each text's date as
    a day number (NaN where unknown); two dated more than COPY_DAYS apart need
    LATE_COPY_CONTAINMENT."""
    sets = [shingle_hashes(t) for t in texts]
    if len(sets) > pairwise_max:
        pairs = _lsh_pairs(sets, threshold)
    else:
        candidates = ((i, j) for i in range(len(sets)) for j in range(i + 1, len(sets)))
        pairs = sorted((i, j) for i, j in candidates if _near_copies(sets[i], sets[j], threshold))
    if days is None or threshold >= LATE_COPY_CONTAINMENT:
        return pairs
    return [(i, j) for i, j in pairs
            if not abs(days[i] - days[j]) > COPY_DAYS or containment(sets[i], sets[j]) >= LATE_COPY_CONTAINMENT]


def _near_copies(a, b, threshold: float) -> bool:
    small, large = sorted((len(a), len(b)))
    if small == 0:
        return False
    if large <= MAX_RATIO * small:
        return containment(a, b) >= threshold
    # a wire's first take: its first paragraphs, word for word, before the full story moved
    return small >= FIRST_TAKE_SHINGLES and containment(a, b) >= FIRST_TAKE_CONTAINMENT


def _lsh_pairs(sets: list[np.ndarray], threshold: float) -> list[tuple[int, int]]:
    """Near-copy pairs (j, i), j < i, found through MinHash LSH, in bounded work.

    Containment c of the shorter set in one up to MAX_RATIO times its size means Jaccard at
    least c / (1 + MAX_RATIO - c); the index looks a little below that, and every candidate is
    checked on the exact sets. Texts are taken in order; each is checked against at most
    MAX_CANDIDATES earlier indexed texts (lowest index first) and is indexed itself only when
    it copies none of them, so a pile of templated notes (thousands of mutual near-copies)
    costs linear work instead of listing every pair: a copy is linked to the first text of its
    group, which is all that story grouping and sentence de-duplication need."""
    from datasketch import MinHash, MinHashLSH

    jaccard = threshold / (1.0 + MAX_RATIO - threshold)
    index = MinHashLSH(threshold=jaccard * LSH_SLACK, num_perm=NUM_PERM)
    pairs = []
    for i, shingle_set in enumerate(sets):
        if not len(shingle_set):
            continue
        sketch = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)  # shingles are hashed already
        sketch.update_batch(shingle_set)
        found = sorted(index.query(sketch))[:MAX_CANDIDATES]
        copies = [(j, i) for j in found if _near_copies(sets[j], shingle_set, threshold)]
        pairs.extend(copies)
        if not copies:
            index.insert(i, sketch, check_duplication=False)
    return sorted(pairs)


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


def later_take(a: Article, b: Article) -> tuple[str, str] | None:
    """(later, earlier) ids when two near-copies are takes of one story filed the same day at
    different times of day (a write-through), from one outlet where both name theirs; None
    otherwise: another day's report, another outlet's copy, or a record with no time of day."""
    first, second = parse_date(a.date), parse_date(b.date)
    if not first or not second or first.date() != second.date() or first == second:
        return None
    if first.time() == time(0) or second.time() == time(0) or (a.source and b.source and a.source != b.source):
        return None
    return (a.id, b.id) if first > second else (b.id, a.id)


def rewritten_in_later_take(sentences: list[Sentence], vectors: np.ndarray, takes: list[tuple[str, str]],
                            duplicate_of: np.ndarray, similarity: float = 0.8) -> np.ndarray:
    """rewritten[i]: sentence i is of an earlier take of a wire story that a later take
    (`takes`: (later, earlier) article ids) says again in other words, cosine at least
    `similarity` (above 1: never): the later wording stands, its figures may be newer ("56
    percent" in preliminary returns at 20:58, "51 percent" at 22:00). A sentence the later take
    repeats (`duplicate_of`) is left to the duplicates."""
    rewritten = np.zeros(len(sentences), dtype=bool)
    if not takes or similarity > 1:
        return rewritten
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_article.setdefault(s.article_id, []).append(i)
    for later, earlier in takes:
        new, old = by_article.get(later, []), by_article.get(earlier, [])
        if not new or not old:
            continue
        repeated = {int(duplicate_of[j]) for j in new} | {j for j in new}
        close = (vectors[old] @ vectors[new].T).max(axis=1) >= similarity
        for i, near in zip(old, close):
            if near and i not in repeated and int(duplicate_of[i]) not in repeated:
                rewritten[i] = True
    return rewritten


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def freshest_first(ids: list[str], pairs, preference) -> tuple[list[str], list[tuple[str, str]]]:
    """Near-copies read freshest first: `ids` reordered so that in every group of near-copies
    the preferred copy (the highest `preference(id)`, e.g. newest, then longest) comes where
    the group's first member was, the rest after it; and the pairs oriented (preferred, copy).
    A sentence the copies share is then kept from the preferred one, and cited to it."""
    parent = {i: i for i in ids}

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(root(i), []).append(i)
    order, seen = [], set()
    for i in ids:
        group = groups[root(i)]
        if root(i) in seen:
            continue
        seen.add(root(i))
        order.extend(sorted(group, key=preference, reverse=True))  # stable: ties keep input order
    place = {i: n for n, i in enumerate(order)}
    oriented = [(a, b) if place[a] < place[b] else (b, a) for a, b in pairs if a in place and b in place]
    return order, sorted(oriented, key=lambda p: (place[p[0]], place[p[1]]))
