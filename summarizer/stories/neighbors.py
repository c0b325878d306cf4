"""Nearest neighbours of article vectors by inner product (faiss).

Up to EXACT_MAX vectors the search is exact (faiss' flat index, which scans in blocks and
never holds all pairs); beyond, an HNSW graph index answers in about log n per query, so a
pile of n articles costs about n log n. The HNSW index is built on one thread, so the same
vectors always give the same neighbours.
"""
from __future__ import annotations

import numpy as np

EXACT_MAX = 2048
HNSW_LINKS = 16  # graph degree M
HNSW_BUILD = 40  # efConstruction
HNSW_SEARCH = 64  # efSearch


def nearest_neighbors(vectors: np.ndarray, k: int, exact_max: int = EXACT_MAX) -> tuple[np.ndarray, np.ndarray]:
    """(indices, scores), each n x min(k, n - 1): every row's k best other rows, best first
    (index -1 and score -inf where the index returns fewer)."""
    import faiss

    n = len(vectors)
    k = min(k, n - 1)
    if k <= 0:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    threads = faiss.omp_get_max_threads()
    if n <= exact_max:
        index = faiss.IndexFlatIP(data.shape[1])
    else:
        faiss.omp_set_num_threads(1)  # HNSW insertion order decides the graph: keep it fixed
        index = faiss.IndexHNSWFlat(data.shape[1], HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD
        index.hnsw.efSearch = max(HNSW_SEARCH, k + 1)
    try:
        index.add(data)
        scores, indices = index.search(data, k + 1)
    finally:
        faiss.omp_set_num_threads(threads)
    return _drop_self(indices, scores, k)


def _drop_self(indices: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Remove each row's own index (or the last hit, where ties hid it) from its k + 1 hits."""
    n = len(indices)
    is_self = indices == np.arange(n)[:, None]
    missing = ~is_self.any(axis=1)
    is_self[missing, -1] = True  # self not returned: drop the weakest hit instead
    keep = ~is_self
    out_i = indices[keep].reshape(n, k)
    out_s = scores[keep].reshape(n, k)
    out_s[out_i < 0] = -np.inf
    return out_i, out_s
