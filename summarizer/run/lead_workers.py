"""Story leads embedded by worker processes, each running the lead model on one thread.

On a 2-core machine two single-threaded ONNX sessions embed leads faster than one session
on two threads (eval/scale_benchmark.py --leads), and give the same vectors: each chunk is
batched the same way whichever process embeds it. Small piles stay in this process, where
starting workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Iterator

import numpy as np

from summarizer.stories.features import encode_here

MIN_CHUNKS = 4  # fewer lead chunks (2,048 leads at 512 a chunk) are embedded here


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
        if self.processes < 2 or len(chunks) < MIN_CHUNKS:
            yield from encode_here(model, chunks)
            return
        # spawn: the workers start clean, not as copies of this process's model threads
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.processes, mp_context=context) as pool:
            waiting = iter(enumerate(chunks))
            running = {}
            for k, chunk in waiting:
                running[pool.submit(_encode_chunk, model, chunk)] = k
                if len(running) >= 2 * self.processes:
                    break
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    yield running.pop(future), future.result()
                    following = next(waiting, None)
                    if following is not None:
                        running[pool.submit(_encode_chunk, model, following[1])] = following[0]
