"""Sentence selection: relevance scoring and maximal marginal relevance (MMR).

A sentence's relevance blends its similarity to the story centroid, its agreement
with the other sources and a lead-position prior, or comes from a learned scorer
(`select.scorer`, see learned_relevance.py) trained on what human summaries keep. The greedy MMR step also rewards
coverage of content words and bigrams that recur across the story (a submodular
coverage gain: a concept counts once, so repeating it earns nothing) and penalises
embedding similarity to what is already chosen. With `select.compress`, a sentence that can be
picked costs its compressed length (compress.py: datelines, asides and empty connectives
dropped, quotes kept) and is shown compressed, with its article and position.

`mmr` is a pure function over arrays. It never builds an n x n similarity matrix:
each greedy step compares the candidates with the one sentence just chosen, and
coverage gains are one product over the sentence x concept matrix (sparse once it is large), so a
story of n sentences and k picks costs O(k * (n * d + nnz)).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from summarizer.records import Selected, Sentence
from summarizer.select.compress import compress as compress_sentence
from summarizer.select.features import (
    centroid_relevance,
    concept_matrix,
    is_question,
    number_facts,
    position_prior,
    restates,
    source_agreement,
    word_stems,
)
from summarizer.select.learned_relevance import load_scorer
from summarizer.select.names import introduce_names
from summarizer.select.readability import antecedents, keep_after_antecedent, quoted_words

log = logging.getLogger(__name__)
DENSE_CONCEPTS_MAX = 1_000_000  # sentence x concept cells below which MMR uses a dense array


@dataclass(frozen=True)
class Pick:
    index: int
    score: float
    relevance: float
    redundancy: float
    coverage: float = 0.0  # the coverage term of the score when picked


def mmr(
    embeddings: np.ndarray,
    relevance: np.ndarray,
    lengths: np.ndarray,
    budget: int,
    mmr_lambda: float = 0.7,
    eligible: np.ndarray | None = None,
    concepts=None,
    coverage_weight: float = 0.0,
    length_exponent: float = 0.0,
    depends_on: np.ndarray | None = None,
    facts: list[frozenset] | None = None,
    stems: Sequence[frozenset] | None = None,
    restate_similarity: float = 0.8,
    restate_share: float = 0.7,
) -> list[Pick]:
    """Greedy MMR under a length budget.

    embeddings: (n, d) L2-normalised rows; relevance: (n,); lengths: (n,) cost of each
    sentence in budget units. score = lambda * relevance - (1 - lambda) * redundancy
    + coverage_weight * coverage, where redundancy is the maximum cosine similarity to
    the sentences already chosen and coverage is the weight of the not yet covered
    concepts a sentence holds (concepts: (n, m) sparse matrix of concept weights),
    relative to the largest such weight at the start.
    length_exponent r > 0 scales the gains (relevance and coverage) by
    (mean length / length) ** r, the cost scaling of budgeted submodular greedy
    (Lin & Bilmes 2010): a short sentence that says as much fits more into the budget.
    A sentence that would overflow the budget is skipped; the first pick is always made
    so that a brief is never empty. Ties break on the lower index (deterministic).
    depends_on[i] = j >= 0: sentence i reads only after sentence j (it opens on "But",
    "He", a bare quote ...), so it can be picked only once j is; -1: no condition.
    facts[i]: what sentence i states that no other brief sentence should state again (the
    counts it reports, features.number_facts); once it is picked, a sentence sharing one is not.
    stems[i]: sentence i's word stems (features.word_stems); once a sentence is picked, one that
    restates it in other words is not: cosine at least `restate_similarity` and at least
    `restate_share` of its stems in the picked sentence ("filed for divorce in July" twice).
    """
    n = len(relevance)
    if n == 0 or budget <= 0:
        return []
    relevance = np.asarray(relevance, dtype=np.float64)
    lengths = np.asarray(lengths)
    available = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    max_sim = np.zeros(n, dtype=np.float64)
    cost = np.maximum(lengths.astype(np.float64), 1.0)
    per_cost = (cost.mean() / cost) ** length_exponent if length_exponent else np.ones(n)
    use_coverage = concepts is not None and coverage_weight > 0 and concepts.shape[1] > 0
    if use_coverage:
        concepts = concepts.tocsr()
        if concepts.shape[0] * concepts.shape[1] <= DENSE_CONCEPTS_MAX:  # small: dense is faster
            concepts = concepts.toarray()
        uncovered = np.ones(concepts.shape[1], dtype=np.float64)
        coverage = np.asarray(concepts @ uncovered).ravel()
        scale = coverage_weight / max(coverage.max(), 1e-12)
    stating: dict = {}  # fact -> the sentences that state it
    for i, sentence_facts in enumerate(facts or ()):
        for fact in sentence_facts:
            stating.setdefault(fact, []).append(i)
    picks: list[Pick] = []
    used = 0
    if depends_on is not None:
        depends_on = np.asarray(depends_on)
        picked = np.zeros(n + 1, dtype=bool)
        picked[n] = True  # index -1 (no condition) reads picked[n]
        depends_on = np.where(depends_on < 0, n, depends_on)
    while available.any():
        fits = available & (lengths <= budget - used) if picks else available
        if depends_on is not None and (picks or (fits & picked[depends_on]).any()):
            fits = fits & picked[depends_on]
        if not fits.any():
            break
        gain = mmr_lambda * relevance
        if use_coverage:
            gain = gain + scale * coverage
        scores = gain * per_cost - (1.0 - mmr_lambda) * max_sim
        scores = np.where(fits, scores, -np.inf)
        best = int(np.argmax(scores))
        covered = float(scale * coverage[best] * per_cost[best]) if use_coverage else 0.0
        picks.append(Pick(best, float(scores[best]), float(relevance[best]), float(max_sim[best]), covered))
        used += int(lengths[best])
        available[best] = False
        for fact in facts[best] if facts is not None else ():
            available[stating[fact]] = False
        if depends_on is not None:
            picked[best] = True
        sims = embeddings @ embeddings[best]
        if stems is not None:
            for j in np.flatnonzero(available & (sims >= restate_similarity)):
                available[j] = not restates(stems[j], stems[best], restate_share)
        np.maximum(max_sim, sims, out=max_sim)
        if use_coverage:
            row = concepts[best]
            if isinstance(row, np.ndarray):
                uncovered[row > 0] = 0.0
            else:
                uncovered[row.indices[row.data > 0]] = 0.0
            coverage = np.asarray(concepts @ uncovered).ravel()
        if used >= budget:
            break
    return picks


class MMRSelector:
    """Pick salient, non-redundant sentences of one story within a budget."""

    def __init__(self, budget: int = 100, unit: str = "words", mmr_lambda: float = 0.9,
                 position_weight: float = 0.15, order: str = "source", agreement_weight: float = 0.0,
                 coverage_weight: float = 1.0, length_exponent: float = 0.0, skip_questions: bool = True,
                 scorer=None, self_contained: bool = False, compress: bool = False, method: str = "mmr",
                 ilp_relevance: float = 0.0, ilp_min_articles: int = 3, centroid_weight: float = 0.0,
                 min_sentence_words: int = 0, one_count_once: bool = True,
                 restate_similarity: float = 0.8, restate_share: float = 0.7, max_quote_words: int = 0):
        self.budget = budget
        self.unit = unit
        self.mmr_lambda = mmr_lambda
        self.position_weight = position_weight
        self.order = order
        self.agreement_weight = agreement_weight
        self.coverage_weight = coverage_weight
        self.length_exponent = length_exponent
        self.skip_questions = skip_questions
        self.scorer = scorer  # a LearnedScorer; None: the centroid + position (+ agreement) blend
        self.centroid_weight = centroid_weight  # with a scorer: plus this x the centroid blend's relevance
        self.self_contained = self_contained  # sentences that point back follow their antecedent
        self.compress = compress  # chosen sentences lose datelines and asides, never attributions (compress.py)
        self.method = method  # mmr: greedy MMR | ilp: exact bigram coverage (concept_ilp.py)
        self.ilp_relevance = ilp_relevance  # ilp: weight of the relevance bonus, in article-bigram units
        self.ilp_min_articles = ilp_min_articles  # ilp: a bigram counts when this many articles use it
        self.min_sentence_words = min_sentence_words  # shorter sentences are picked only when no other is left
        self.one_count_once = one_count_once  # MMR: a count one pick states rules out other sentences stating it
        self.restate_similarity = restate_similarity  # MMR: with restate_share, a pick rules out its retellings
        self.restate_share = restate_share
        self.max_quote_words = max_quote_words  # sentences quoting more words are picked only when none else is left

    @classmethod
    def from_config(cls, config) -> "MMRSelector":
        c = config.select
        return cls(c.budget, c.unit, c.mmr_lambda, c.position_weight, c.order,
                   c.agreement_weight, c.coverage_weight, c.length_exponent, c.skip_questions,
                   scorer=_configured_scorer(c.scorer, config.embed.model), self_contained=c.self_contained,
                   compress=c.compress, method=c.method, ilp_relevance=c.ilp_relevance,
                   ilp_min_articles=c.ilp_min_articles, centroid_weight=c.centroid_weight,
                   min_sentence_words=c.min_sentence_words, one_count_once=c.one_count_once,
                   restate_similarity=c.restate_similarity, restate_share=c.restate_share,
                   max_quote_words=c.max_quote_words)

    def relevance(self, sentences: list[Sentence], embeddings: np.ndarray, weights: np.ndarray,
                  concepts=None) -> np.ndarray:
        if self.scorer is not None:
            if self.scorer.dimension is None or embeddings.shape[1] == self.scorer.dimension:
                learned = self.scorer(sentences, embeddings, weights > 0, concepts)
                if not self.centroid_weight:
                    return learned
                return learned + self.centroid_weight * self._centroid_blend(sentences, embeddings, weights)
            log.warning("the scorer model expects %d-d embeddings, not %d-d; using centroid relevance",
                        self.scorer.dimension, embeddings.shape[1])
        return self._centroid_blend(sentences, embeddings, weights)

    def _centroid_blend(self, sentences: list[Sentence], embeddings: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The relevance of the `centroid` scorer: centroid similarity, lead prior (and agreement)."""
        prior = position_prior(np.array([s.index for s in sentences]))
        relevance = centroid_relevance(embeddings, weights) + self.position_weight * prior
        if self.agreement_weight:
            groups = np.array([s.article_id for s in sentences])
            relevance = relevance + self.agreement_weight * source_agreement(embeddings, groups, weights)
        return relevance

    def _ilp(self, sentences, texts, originals, relevance, lengths, eligible, depends_on, known=None) -> list[Pick]:
        """Exact bigram coverage (concept_ilp.py), bigrams weighted by the articles that use them;
        relevance (scaled to [0, 1]) adds ilp_relevance to a sentence's worth."""
        from summarizer.select.concept_ilp import bigram_weights, sentence_bigrams, solve

        grams = [sentence_bigrams(t) for t in texts]
        weights = bigram_weights(grams, [s.article_id for s in sentences], originals, self.ilp_min_articles)
        if known is not None:
            weights = known.bigram_weights(weights, len({s.article_id for s in sentences}))
        bonus = self.ilp_relevance * _minmax(relevance) if self.ilp_relevance else None
        chosen = solve(grams, weights, lengths, self.budget, eligible, depends_on, bonus)
        return [Pick(i, float(relevance[i]), float(relevance[i]), 0.0,
                     sum(weights.get(g, 0.0) for g in grams[i])) for i in chosen]

    def __call__(
        self,
        sentences: list[Sentence],
        embeddings: np.ndarray,
        duplicate_of: np.ndarray | None = None,
        article_rank: dict[str, tuple] | None = None,
        known=None,
        later: np.ndarray | None = None,
        context: np.ndarray | None = None,
        conflicts: list[frozenset] | None = None,
    ) -> list[Selected]:
        """duplicate_of[i] = j when sentence i repeats sentence j (else i); repeats
        neither weigh in the centroid nor get chosen. article_rank orders the output (articles of
        equal rank: the one with the most relevant chosen sentence first).
        known (select.update.Known): what the reader read before; an update brief leaves it out.
        later[i]: sentence i reports a day after the earlier articles (Known.dated_weight);
        context[i]: sentence i weighs in relevance and coverage but is never picked (it is from
        an earlier article, or the update section above the brief shows it).
        conflicts[i]: keys sentence i shares with the sentences that disagree with it (tolls.toll_conflicts):
        once it is picked, they are not (select.method mmr; the ILP does not read them)."""
        if not sentences:
            return []
        n = len(sentences)
        duplicate_of = np.arange(n) if duplicate_of is None else duplicate_of
        originals = duplicate_of == np.arange(n)
        use_ilp = self.method == "ilp"
        needs_concepts = (self.coverage_weight and not use_ilp) or self.scorer is not None
        concepts = concept_matrix(sentences, originals) if needs_concepts else None
        if use_ilp and not self.ilp_relevance:
            relevance = np.zeros(n)
        else:
            relevance = self.relevance(sentences, embeddings, originals.astype(np.float64), concepts)
        eligible = originals
        if self.skip_questions:  # a reporter's rhetorical question rarely belongs in a summary
            answers = originals & ~np.array([is_question(s.text) for s in sentences])
            eligible = answers if answers.any() else originals
        if context is not None:  # earlier articles: they weigh in relevance and coverage, never picked
            eligible = eligible & ~np.asarray(context, dtype=bool)
        if known is not None:
            relevance, eligible = known.adjust([s.text for s in sentences], embeddings, relevance, eligible, later)
            if concepts is not None and known.concept_factor != 1:
                concepts = concept_matrix(sentences, originals, known=known.core, known_factor=known.concept_factor)
        texts = [s.text for s in sentences]
        if self.compress:  # only sentences that can be picked; the budget counts what is left
            texts = [compress_sentence(t) if ok else t for t, ok in zip(texts, eligible)]
        depends_on = None
        if self.self_contained:  # judged as shown: "But fishermen say ..." compressed reads on its own
            shown = [_with_text(s, t) for s, t in zip(sentences, texts)]
            depends_on, readable = antecedents(shown, eligible)
            eligible = eligible & readable
        words = np.array([len(t.split()) for t in texts])
        if self.min_sentence_words:  # "Amounts have not been determined." says little out of its article
            long_enough = eligible & (words >= self.min_sentence_words)
            eligible = long_enough if long_enough.any() else eligible
        if self.max_quote_words:  # a 68-word quotation fills most of a brief: colour, not a summary
            short_quotes = eligible & np.array([ok and quoted_words(t) <= self.max_quote_words
                                                for t, ok in zip(texts, eligible)])
            eligible = short_quotes if short_quotes.any() else eligible
        lengths = words if self.unit == "words" else np.ones(n, dtype=int)
        picks = self._ilp(sentences, texts, originals, relevance, lengths, eligible, depends_on, known) if use_ilp else []
        if not picks:  # mmr, or nothing fits the budget whole: greedy makes its first pick anyway
            picks = mmr(embeddings, relevance, lengths, self.budget, self.mmr_lambda, eligible=eligible,
                        concepts=concepts, coverage_weight=self.coverage_weight,
                        length_exponent=self.length_exponent, depends_on=depends_on,
                        facts=self._facts(texts, eligible, conflicts),
                        stems=_Stems(texts) if self.restate_similarity <= 1 else None,
                        restate_similarity=self.restate_similarity, restate_share=self.restate_share)
        chosen = [Selected(_with_text(sentences[p.index], texts[p.index]), p.score, p.relevance, p.redundancy,
                           p.coverage) for p in picks]
        if self.order == "source":  # by article rank; articles ranked level: the most relevant first
            rank = article_rank or {}
            best: dict[str, float] = {}
            for c in chosen:
                best[c.sentence.article_id] = max(best.get(c.sentence.article_id, -np.inf), c.relevance)
            chosen.sort(key=lambda s: (rank.get(s.sentence.article_id, ()), -best[s.sentence.article_id],
                                       s.sentence.article_id, s.sentence.index))
        if depends_on is not None:
            chosen = keep_after_antecedent(chosen)
        if self.self_contained:  # "led by Holloway" first names her: "led by Linda Holloway"
            chosen = introduce_names(chosen, [s.text for s in sentences])
        return chosen


    def _facts(self, texts: list[str], eligible: np.ndarray, conflicts: list[frozenset] | None) -> list | None:
        """What each sentence states that no other brief sentence should state again or contradict."""
        if not self.one_count_once and conflicts is None:
            return None
        # only a sentence that may be picked needs its counts
        counts = [number_facts(t) if ok and self.one_count_once else frozenset() for t, ok in zip(texts, eligible)]
        return counts if conflicts is None else [c | d for c, d in zip(counts, conflicts)]


class _Stems:
    """Each sentence's `word_stems`, made when MMR first asks: it compares only a pick's close pairs."""

    def __init__(self, texts: list[str]):
        self.texts, self.made = texts, {}

    def __getitem__(self, i: int) -> frozenset[str]:
        if i not in self.made:
            self.made[i] = word_stems(self.texts[i])
        return self.made[i]


def _minmax(values: np.ndarray) -> np.ndarray:
    span = values.max() - values.min() if len(values) else 0.0
    return (values - values.min()) / span if span > 0 else np.zeros(len(values))


def _with_text(sentence: Sentence, text: str) -> Sentence:
    """The sentence as the brief shows it (compressed), with its article and position kept."""
    return sentence if text == sentence.text else replace(sentence, text=text)


def _configured_scorer(name: str, embedder: str):
    """The learned scorer `select.scorer` names, if it was trained with this embedder."""
    if name == "centroid":
        return None

    scorer = load_scorer(name)
    if not scorer.fits(embedder, scorer.dimension):
        log.warning("select.scorer %s was trained with embed.model %s, not %s; using centroid relevance",
                    name, scorer.embedder, embedder)
        return None
    return scorer
