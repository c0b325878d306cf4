"""Story leads embedded by worker processes, each running the lead model on one thread.

On a 2-core machine two single-threaded ONNX sessions embed leads faster than one session
on two threads, and give the same vectors: each chunk is batched the same way whichever
process embeds it. The workers are forked on Linux (a script needs no `__main__` guard), from
a single-threaded model loaded before the fork; elsewhere, and for small piles, where
starting workers would cost more than it saves, the leads are embedded in this process.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Iterator

import numpy as np

from summarizer.stories.features import encode_here

MIN_CHUNKS = 4  # fewer lead chunks (2,048 leads at 512 a chunk) are embedded here


def _die_with_parent() -> None:
    """Worker initializer: end this worker when the process that started it ends (killed
    outright, it cannot shut its pool down)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _encode_chunk(model: str, chunk: list[str]) -> np.ndarray:
    from summarizer.embed.embedders import embedder_named

    return embedder_named(model, threads=1).encode(chunk)


def worker_count(processes: int) -> int:
    """`cluster.lead_processes`: 0 = one per core this process may use."""
    if processes > 0:
        return processes
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LeadWorkers:
    """A `LeadEncoder` (stories/features.py) over `processes` worker processes; at most two
    chunks per worker are in flight, so the pile's leads are never all queued at once."""

    def __init__(self, processes: int = 0):
        self.processes = worker_count(processes)

    def __call__(self, model: str, chunks: list[list[str]]) -> Iterator[tuple[int, np.ndarray]]:
        if self.processes < 2 or len(chunks) < MIN_CHUNKS or not sys.platform.startswith("linux"):
            yield from encode_here(model, chunks)
            return
        from summarizer.embed.embedders import embedder_named

        embedder_named(model, threads=1)  # loaded once, here: a one-thread model is safe to fork
        gc.freeze()  # the workers' garbage collector leaves the pile's pages shared
        parallel = os.environ.get("TOKENIZERS_PARALLELISM")
        os.environ["TOKENIZERS_PARALLELISM"] = "false"  # the workers' tokenizer runs on one thread
        try:
            with ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"),
                                     initializer=_die_with_parent) as pool:
                yield from _in_flight(pool, model, chunks, 2 * self.processes)
        finally:
            gc.unfreeze()
            if parallel is None:
                os.environ.pop("TOKENIZERS_PARALLELISM", None)
            else:
                os.environ["TOKENIZERS_PARALLELISM"] = parallel


def _in_flight(pool, model: str, chunks: list[list[str]], most: int) -> Iterator[tuple[int, np.ndarray]]:
    """(chunk number, vectors) as the pool finishes them, at most `most` chunks submitted at once."""
    waiting = iter(enumerate(chunks))
    running = {}
    for k, chunk in waiting:
        running[pool.submit(_encode_chunk, model, chunk)] = k
        if len(running) >= most:
            break
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield running.pop(future), future.result()
            following = next(waiting, None)
            if following is not None:
                running[pool.submit(_encode_chunk, model, following[1])] = following[0]
