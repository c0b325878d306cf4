"""Concept coverage solved exactly (Gillick & Favre 2009, the ICSI system at TAC): choose the
sentences whose bigrams, weighted by how many articles of the story use them, cover the most
weight within the word budget, as a 0/1 integer program (scipy.optimize.milp, HiGHS).

    maximise   sum_c w_c * covered_c + sum_s bonus_s * chosen_s
    subject to sum_s length_s * chosen_s <= budget
               chosen_s <= covered_c          for every concept c in sentence s
               covered_c <= sum_{s holds c} chosen_s
               chosen_s <= chosen_t           when s reads only after t (depends_on)

A concept counts once however many chosen sentences hold it, so redundancy costs budget and
earns nothing: no redundancy penalty is needed. `bonus` lets a sentence-level relevance (a
learned scorer, the lead) break ties between equal coverings.
"""
from __future__ import annotations

import numpy as np

from summarizer.text import STOP_WORDS, content_tokens

MIN_ARTICLES = 3  # a bigram counts when at least this many articles use it (ICSI, 10-article stories)


def sentence_bigrams(text: str) -> set[str]:
    """A sentence's bigrams (of its lower-cased, lightly stemmed words) that are not two stop words."""
    words = content_tokens(text)
    return {f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in STOP_WORDS and b in STOP_WORDS)}


def bigram_weights(grams: list[set[str]], articles: list[str], counted: np.ndarray,
                   min_articles: int = MIN_ARTICLES) -> dict[str, float]:
    """The weight of each bigram: the number of articles whose counted sentences use it, kept
    when it reaches min_articles (lowered to what a story of few articles allows: a two-article
    story counts the bigrams the two share)."""
    users: dict[str, set[str]] = {}
    for bag, article, ok in zip(grams, articles, counted):
        if ok:
            for gram in bag:
                users.setdefault(gram, set()).add(article)
    n_articles = len(set(articles))
    floor = max(2, min(min_articles, n_articles)) if n_articles > 1 else 1
    return {g: float(len(a)) for g, a in users.items() if len(a) >= floor}


def solve(grams: list[set[str]], weights: dict[str, float], lengths: np.ndarray, budget: int,
          eligible: np.ndarray, depends_on: np.ndarray | None = None, bonus: np.ndarray | None = None,
          time_limit: float = 10.0) -> list[int]:
    """The indices of the chosen sentences (ascending). An empty list when nothing eligible fits."""
    from scipy.optimize import LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    n = len(grams)
    lengths = np.asarray(lengths, dtype=np.float64)
    usable = np.asarray(eligible, dtype=bool) & (lengths <= budget)
    concept_index = {g: k for k, g in enumerate(sorted(weights))}
    m = len(concept_index)
    rows, cols = [], []
    for s, bag in enumerate(grams):
        if usable[s]:
            for gram in bag:
                k = concept_index.get(gram)
                if k is not None:
                    rows.append(s)
                    cols.append(k)
    if not usable.any():
        return []
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    nnz = len(rows_a)
    size = n + m
    objective = np.zeros(size)
    objective[n:] = -np.array([weights[g] for g in sorted(weights)])
    if bonus is not None:
        objective[:n] -= np.asarray(bonus, dtype=np.float64)
    blocks, upper = [], []
    # the budget
    blocks.append(coo_matrix((lengths[usable], (np.zeros(usable.sum(), dtype=np.int64), np.flatnonzero(usable))),
                             shape=(1, size)))
    upper.append(np.array([float(budget)]))
    # chosen_s - covered_c <= 0 for every occurrence
    if nnz:
        r = np.arange(nnz)
        blocks.append(coo_matrix((np.concatenate([np.ones(nnz), -np.ones(nnz)]),
                                  (np.concatenate([r, r]), np.concatenate([rows_a, n + cols_a]))), shape=(nnz, size)))
        upper.append(np.zeros(nnz))
    # covered_c - sum chosen_s <= 0
    if m:
        blocks.append(coo_matrix((np.concatenate([np.ones(m), -np.ones(nnz)]),
                                  (np.concatenate([np.arange(m), cols_a]), np.concatenate([n + np.arange(m), rows_a]))),
                                 shape=(m, size)))
        upper.append(np.zeros(m))
    if depends_on is not None:
        dependent = np.flatnonzero((np.asarray(depends_on) >= 0) & usable)
        if len(dependent):
            k = len(dependent)
            blocks.append(coo_matrix((np.concatenate([np.ones(k), -np.ones(k)]),
                                      (np.concatenate([np.arange(k)] * 2),
                                       np.concatenate([dependent, np.asarray(depends_on)[dependent]]))),
                                     shape=(k, size)))
            upper.append(np.zeros(k))
    matrix = vstack(blocks).tocsr()
    bounds_upper = np.ones(size)
    bounds_upper[:n][~usable] = 0.0
    from scipy.optimize import Bounds

    result = milp(objective, constraints=LinearConstraint(matrix, -np.inf, np.concatenate(upper)),
                  integrality=np.ones(size), bounds=Bounds(np.zeros(size), bounds_upper),
                  options={"time_limit": time_limit})
    if result.x is None:
        return []
    return [int(i) for i in np.flatnonzero(result.x[:n] > 0.5)]
