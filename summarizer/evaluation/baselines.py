"""Classic extractive baselines for `summarizer eval`.

Every baseline gets the sentences the summarizer's own splitter kept (exact repeats
dropped) and fills the same budget with the same rule as `select.mmr`: take sentences
in the baseline's order, skip one that would overflow, always take the first.
A baseline is a callable `(sentences, references) -> list[Sentence]`.
"""
from __future__ import annotations

import random
from collections import Counter
from typing import Iterable, Sequence

import numpy as np

from summarizer.errors import MissingDependencyError
from summarizer.records import Sentence
from summarizer.text import tokens


def lengths_of(sentences: Sequence[Sentence], unit: str) -> np.ndarray:
    if unit == "words":
        return np.array([s.word_count for s in sentences], dtype=int)
    return np.ones(len(sentences), dtype=int)


def fill(order: Iterable[int], lengths: np.ndarray, budget: int) -> list[int]:
    """Indices taken in `order` until the budget is used; overflowing ones are skipped."""
    chosen: list[int] = []
    used = 0
    for i in order:
        if used >= budget:
            break
        if chosen and used + lengths[i] > budget:
            continue
        chosen.append(int(i))
        used += int(lengths[i])
    return chosen


def unique(sentences: Sequence[Sentence]) -> list[Sentence]:
    """Drop exact repeats (the same sentence in two copies of a wire story)."""
    seen: set[str] = set()
    kept = []
    for s in sentences:
        key = " ".join(s.text.lower().split())
        if key not in seen:
            seen.add(key)
            kept.append(s)
    return kept


class Baseline:
    """Base: rank sentences, fill the budget, return them in source order."""

    name = "baseline"
    keep_rank_order = False

    def __init__(self, budget: int = 100, unit: str = "words"):
        self.budget = budget
        self.unit = unit

    def order(self, sentences: list[Sentence], references: Sequence[str]) -> Iterable[int]:
        raise NotImplementedError

    def __call__(self, sentences: Sequence[Sentence], references: Sequence[str] = ()) -> list[Sentence]:
        sentences = unique(sentences)
        if not sentences:
            return []
        chosen = fill(self.order(sentences, references), lengths_of(sentences, self.unit), self.budget)
        if not self.keep_rank_order:
            chosen.sort()
        return [sentences[i] for i in chosen]


class Lead(Baseline):
    """Leading sentences, round-robin across documents: every first sentence, then every second..."""

    name = "lead"
    keep_rank_order = True

    def order(self, sentences, references):
        by_article: dict[str, list[int]] = {}
        for i, s in enumerate(sentences):
            by_article.setdefault(s.article_id, []).append(i)
        columns = list(by_article.values())
        depth = max(len(c) for c in columns)
        return [c[k] for k in range(depth) for c in columns if k < len(c)]


class RandomBaseline(Baseline):
    """Sentences in a random order, seeded per cluster (reproducible)."""

    name = "random"

    def __init__(self, budget: int = 100, unit: str = "words", seed: int = 0):
        super().__init__(budget, unit)
        self.seed = seed

    def order(self, sentences, references):
        key = f"{self.seed}:" + "|".join(s.article_id for s in sentences[:1]) + f":{len(sentences)}"
        order = list(range(len(sentences)))
        random.Random(key).shuffle(order)
        return order


class _SumyWords:
    """sumy tokenizer over already split sentences: lower-cased word tokens."""

    language = "english"

    @staticmethod
    def to_words(text: str) -> list[str]:
        return tokens(text)


class SumyRanker(Baseline):
    """Rank with a sumy graph summarizer (LexRank or TextRank), English stemmer and stop words."""

    algorithm = ""

    def __init__(self, budget: int = 100, unit: str = "words"):
        super().__init__(budget, unit)
        try:
            from sumy.nlp.stemmers import Stemmer
            from sumy.summarizers.lex_rank import LexRankSummarizer
            from sumy.summarizers.text_rank import TextRankSummarizer
            from sumy.utils import get_stop_words
        except ImportError:
            raise MissingDependencyError("sumy", "eval") from None
        base = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[self.algorithm]

        class Rater(base):  # sumy returns the top sentences; keep every rating instead
            @staticmethod
            def _get_best_sentences(sentences, count, rating, *args, **kwargs):
                return rating

        self._summarizer = Rater(Stemmer("english"))
        self._summarizer.stop_words = get_stop_words("english")

    def order(self, sentences, references):
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        tokenizer = _SumyWords()
        items = [SumySentence(s.text, tokenizer) for s in sentences]
        ratings = self._summarizer(ObjectDocumentModel([Paragraph(items)]), len(items))
        scores = np.array([ratings.get(item, 0.0) for item in items], dtype=np.float64)
        return np.argsort(-scores, kind="stable")


class LexRank(SumyRanker):
    name = algorithm = "lexrank"


class TextRank(SumyRanker):
    name = algorithm = "textrank"


class Oracle(Baseline):
    """Greedy extractive upper bound: add the sentence that most raises the mean of
    ROUGE-1 and ROUGE-2 (in the eval's measure) against the references; stop when
    nothing raises it or the budget is used."""

    name = "oracle"

    def __init__(self, budget: int = 100, unit: str = "words", measure: str = "f1", stem: bool = True):
        super().__init__(budget, unit)
        self.measure = measure
        try:
            from rouge_score import tokenizers
        except ImportError:
            raise MissingDependencyError("rouge-score", "eval") from None
        self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer=stem)

    def _grams(self, text: str) -> tuple[Counter, Counter]:
        tokens = self._tokenizer.tokenize(text)
        return Counter(tokens), Counter(zip(tokens, tokens[1:]))

    def _value(self, overlap: float, produced: float, wanted: float) -> float:
        recall = overlap / wanted if wanted else 0.0
        precision = overlap / produced if produced else 0.0
        if self.measure == "recall":
            return recall
        if self.measure == "precision":
            return precision
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def order(self, sentences, references):
        refs = [self._grams(r) for r in references]
        wanted = [[sum(g.values()) for g in ref] for ref in refs]
        candidates = [self._grams(s.text) for s in sentences]
        lengths = lengths_of(sentences, self.unit)
        summary = (Counter(), Counter())
        produced = [0, 0]
        overlap = [[0, 0] for _ in refs]  # per reference: unigram and bigram matches
        chosen: list[int] = []
        best_value, used = 0.0, 0
        while used < self.budget:
            best, best_overlap = -1, overlap
            for i, grams in enumerate(candidates):
                if i in chosen or (chosen and used + lengths[i] > self.budget):
                    continue
                size = [produced[k] + sum(grams[k].values()) for k in (0, 1)]
                matches = [[o[k] + sum(min(summary[k][g] + c, ref[k][g]) - min(summary[k][g], ref[k][g])
                                       for g, c in grams[k].items() if g in ref[k])
                            for k in (0, 1)] for o, ref in zip(overlap, refs)]
                value = np.mean([(self._value(m[0], size[0], w[0]) + self._value(m[1], size[1], w[1])) / 2
                                 for m, w in zip(matches, wanted)])
                if value > best_value + 1e-12:
                    best, best_value, best_overlap = i, value, matches
            if best < 0:
                break
            chosen.append(best)
            overlap = best_overlap
            for k in (0, 1):
                summary[k].update(candidates[best][k])
                produced[k] += sum(candidates[best][k].values())
            used += int(lengths[best])
        return chosen


BASELINES = {"lead": Lead, "lexrank": LexRank, "textrank": TextRank, "random": RandomBaseline, "oracle": Oracle}
