"""ROUGE with fixed, stated settings (rouge-score), and bootstrap confidence intervals.

ROUGE-Lsum needs one sentence a line: both the system text and each reference are
split on newlines, then each line into sentences with the same splitter (nupunkt).
With several references, a cluster's score is the mean over its references.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from summarizer.errors import MissingDependencyError

METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
LABELS = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum"}
MEASURES = {"f1": "fmeasure", "recall": "recall", "precision": "precision"}


def truncate_words(text: str, max_words: int | None) -> str:
    """The first `max_words` words, keeping line breaks (DUC-style length cut)."""
    if not max_words:
        return text
    lines, left = [], max_words
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        lines.append(" ".join(words[:left]))
        left -= min(len(words), left)
        if left == 0:
            break
    return "\n".join(lines)


def sentence_lines(text: str) -> str:
    """One sentence a line, for ROUGE-Lsum."""
    import nupunkt

    lines = []
    for paragraph in text.splitlines():
        lines.extend(s.strip() for s in nupunkt.sent_tokenize(paragraph) if s.strip())
    return "\n".join(lines)


class Scorer:
    """rouge-score's RougeScorer with the eval settings: stemming, measure, word cut."""

    def __init__(self, measure: str = "f1", stem: bool = True, max_words: int | None = None,
                 metrics: Sequence[str] = METRICS):
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
        try:
            from rouge_score import rouge_scorer
        except ImportError:
            raise MissingDependencyError("rouge-score", "eval") from None
        self.measure = measure
        self.stem = stem
        self.max_words = max_words
        self.metrics = tuple(metrics)
        self._rouge = rouge_scorer.RougeScorer(list(self.metrics), use_stemmer=stem)

    @property
    def settings(self) -> dict:
        return {"metrics": list(self.metrics), "measure": self.measure, "stemming": self.stem,
                "max_words": self.max_words, "lsum_split": "newlines, then nupunkt sentences",
                "multiple_references": "mean over references"}

    def prepare(self, summary: str | Sequence[str]) -> str:
        """System text as scored: sentences one a line, cut to max_words."""
        text = summary if isinstance(summary, str) else "\n".join(summary)
        return truncate_words(sentence_lines(text), self.max_words)

    def score(self, summary: str | Sequence[str], references: Sequence[str]) -> dict[str, float]:
        """{metric: value in [0, 1]}, averaged over the references."""
        if isinstance(references, str):
            references = [references]
        if not references:
            raise ValueError("at least one reference is needed")
        prediction = self.prepare(summary)
        field = MEASURES[self.measure]
        totals = dict.fromkeys(self.metrics, 0.0)
        for reference in references:
            scores = self._rouge.score(sentence_lines(reference), prediction)
            for metric in self.metrics:
                totals[metric] += getattr(scores[metric], field)
        return {metric: total / len(references) for metric, total in totals.items()}


def bootstrap_ci(values: Sequence[float], samples: int = 1000, level: float = 0.95,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, resampling clusters (deterministic)."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = np.empty(samples)
    for start in range(0, samples, 100):  # in blocks, so memory stays small for many clusters
        count = min(100, samples - start)
        picks = rng.integers(0, len(values), size=(count, len(values)))
        means[start:start + count] = values[picks].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)
