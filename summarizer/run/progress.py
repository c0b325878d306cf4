"""Progress of long work on stderr: one bar per stage (reading, cleaning, embedding, story
leads, grouping, briefs), for `summarize` and `batch`. Off unless asked for; the CLI turns
it on when stderr is a terminal (`--progress/--no-progress` decide otherwise)."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class ProgressBars:
    """Stage bars, or nothing when disabled. Rates read as a person would say them
    ("1.2k sentences/s"): the count is scaled and each bar starts at the first count it
    hears, so a stage reported in chunks never shows the first chunk as done in no time."""

    def __init__(self, enabled: bool = False, file=None):
        self.enabled = enabled
        self.file = file

    @classmethod
    def for_terminal(cls, wanted: bool | None = None, file=None) -> ProgressBars:
        """On when `wanted`, or, when None, when stderr is a terminal."""
        stream = file or sys.stderr
        return cls(stream.isatty() if wanted is None else wanted, stream)

    def _tqdm(self, desc: str, total: int | None, unit: str, initial: int = 0):
        from tqdm import tqdm

        big = total is None or total >= 10_000  # "12.3k" for big counts, plain numbers for small ones
        return tqdm(total=total, initial=initial, desc=desc, unit=f" {unit}", unit_scale=big, dynamic_ncols=True,
                    file=self.file or sys.stderr, leave=True, smoothing=0.1, mininterval=0.5)

    def counter(self, desc: str, unit: str) -> Callable[[int, int], None] | None:
        """A progress(done, total) callback for work reported in chunks; None when disabled."""
        if not self.enabled:
            return None
        state: dict = {}

        def update(done: int, total: int) -> None:
            bar = state.get("bar")
            if bar is None:  # the first chunk is the bar's start: its time is unknown
                bar = state["bar"] = self._tqdm(desc, total, unit, initial=done)
            else:
                bar.update(done - bar.n)
            if done >= total:
                bar.close()

        return update

    def iterate(self, items: Iterable[T], desc: str, unit: str, total: int | None = None) -> Iterator[T]:
        """`items`, counted on a bar as they are consumed."""
        if not self.enabled:
            yield from items
            return
        if total is None and hasattr(items, "__len__"):
            total = len(items)  # type: ignore[arg-type]
        bar = self._tqdm(desc, total, unit)
        try:
            for item in items:
                yield item
                bar.update(1)
        finally:
            bar.close()

    def timer(self, desc: str) -> StageTimer:
        """A stage with no count (e.g. grouping): its name when started, its time when stopped."""
        return StageTimer(desc, self.file or sys.stderr, self.enabled)


class StageTimer:
    def __init__(self, desc: str, file, enabled: bool):
        self.desc, self.file, self.enabled = desc, file, enabled
        self.started: float | None = None

    def start(self) -> None:
        if self.enabled and self.started is None:
            self.started = time.perf_counter()
            self.file.write(f"{self.desc}…\n")
            self.file.flush()

    def stop(self) -> None:
        if self.enabled and self.started is not None:
            self.file.write(f"{self.desc}: done in {_duration(time.perf_counter() - self.started)}\n")
            self.file.flush()
            self.started = None


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s"
