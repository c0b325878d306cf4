"""Exact bigram coverage (summarizer/concept_ilp.py, select.method=ilp): the optimum under the
budget, not the greedy choice; a repeat earns nothing; a sentence that points back brings its
antecedent."""
from __future__ import annotations

import numpy as np

from summarizer.select.concept_ilp import bigram_weights, sentence_bigrams, solve
from summarizer.records import Sentence
from summarizer.select.selector import MMRSelector


def grams(text: str) -> set[str]:
    return sentence_bigrams(text)


def test_the_exact_optimum_beats_the_greedy_first_pick():
    # one long sentence holds the most weight, but the two short ones together hold more and fit
    bags = [{"a b", "c d", "e f"}, {"a b", "c d"}, {"e f", "g h"}]
    weights = {"a b": 3.0, "c d": 3.0, "e f": 3.0, "g h": 2.0}
    chosen = solve(bags, weights, np.array([10, 5, 5]), budget=10, eligible=np.ones(3, dtype=bool))
    assert chosen == [1, 2]


def test_a_dependent_sentence_brings_its_antecedent_or_stays_out():
    bags = [{"x y"}, {"a b", "c d"}, {"e f"}]
    weights = {"a b": 3.0, "c d": 3.0, "e f": 2.0, "x y": 0.5}
    depends_on = np.array([-1, 0, -1])
    lengths = np.array([6, 5, 5])
    chosen = solve(bags, weights, lengths, 11, np.ones(3, dtype=bool), depends_on)
    assert chosen == [0, 1]
    assert solve(bags, weights, lengths, 10, np.ones(3, dtype=bool), depends_on) == [2]


def test_bigrams_count_by_the_articles_that_use_them():
    texts = ["The river dam burst on Monday.", "The river dam was old.", "A river dam failed.", "Bread sold out."]
    bags = [grams(t) for t in texts]
    weights = bigram_weights(bags, ["a", "b", "c", "d"], np.ones(4, dtype=bool), min_articles=3)
    assert weights == {"river dam": 3.0}


def test_the_selector_covers_shared_facts_once():
    docs = [["Floodwater from the burst dam reached homes in Kesterby on Tuesday.",
             "The bakery on the square sold out of bread by noon."],
            ["The burst dam sent floodwater into homes in Kesterby overnight.",
             "Rescue boats carried 300 residents of Kesterby to the school gym."],
            ["Homes in Kesterby were flooded after the burst dam gave way.",
             "Rescue boats carried residents of Kesterby to safety, firefighters said."]]
    sentences = [Sentence(t, f"d{d}", i, i / 2) for d, doc in enumerate(docs) for i, t in enumerate(doc)]
    selector = MMRSelector(budget=25, coverage_weight=0.0, method="ilp", ilp_min_articles=2)
    chosen = selector(sentences, np.eye(len(sentences)))
    texts = [c.sentence.text for c in chosen]
    assert sum("burst dam" in t for t in texts) == 1  # the shared fact, once
    assert any("Rescue boats" in t for t in texts)
    assert sum(len(t.split()) for t in texts) <= 25
