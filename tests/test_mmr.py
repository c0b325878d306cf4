"""MMR on hand-made vectors: relevance, redundancy, budget, determinism."""
import numpy as np

from summarizer.select.features import centroid_relevance, number_facts, position_prior, word_stems
from summarizer.select.selector import mmr


def unit(*rows):
    m = np.array(rows, dtype=float)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_mmr_prefers_relevance_then_avoids_redundancy():
    # 0 and 1 are near-copies and most relevant; 2 is less relevant but different.
    emb = unit([1, 0, 0], [0.99, 0.01, 0], [0, 1, 0])
    relevance = np.array([1.0, 0.98, 0.6])
    picks = mmr(emb, relevance, np.ones(3, dtype=int), budget=2, mmr_lambda=0.5)
    assert [p.index for p in picks] == [0, 2]
    assert picks[1].redundancy == 0.0


def test_mmr_lambda_one_is_pure_relevance():
    emb = unit([1, 0, 0], [0.99, 0.01, 0], [0, 1, 0])
    relevance = np.array([1.0, 0.98, 0.6])
    picks = mmr(emb, relevance, np.ones(3, dtype=int), budget=2, mmr_lambda=1.0)
    assert [p.index for p in picks] == [0, 1]


def test_a_count_one_pick_states_is_not_stated_again():
    texts = ["The airliner crashed off the coast of Canada, killing all 229 people aboard.",
             "Investigators are still looking for the cause of the crash, which killed all 229 people aboard.",
             "Divers recovered the flight data recorder from the sea floor on Sunday."]
    facts = [number_facts(t) for t in texts]
    assert facts == [frozenset({("229", "peopl")})] * 2 + [frozenset()]
    emb = unit([1, 0, 0], [0, 1, 0], [0, 0, 1])  # no two alike: only the shared count tells the repeat
    relevance = np.array([1.0, 0.9, 0.5])
    assert [p.index for p in mmr(emb, relevance, np.ones(3, dtype=int), budget=2, mmr_lambda=1.0)] == [0, 1]
    picks = mmr(emb, relevance, np.ones(3, dtype=int), budget=2, mmr_lambda=1.0, facts=facts)
    assert [p.index for p in picks] == [0, 2]


def test_number_facts_are_counts_not_years_or_spans_of_time():
    assert number_facts("Four kidnapped foreigners were freed two weeks ago, in 1998.") == {("four", "kidna")}
    assert number_facts("Temperatures fell to minus 26 Celsius; 10,000 Turkish soldiers crossed.") == {
        ("26", "celsi"), ("10,000", "turki")}
    assert number_facts("The vote is on Sunday.") == frozenset()
    # small counts of common nouns tell no fact apart; a scale word joins its number
    assert number_facts("Two people were killed and shares rose 5 percent.") == frozenset()
    assert number_facts("Some 4,000 people left; the $2 billion deal and a $40 billion one.") == {
        ("4,000", "peopl"), ("2 billion", "deal")}
    # residents, villagers, civilians ... are people: one count
    assert number_facts("About 4,000 residents left their homes.") == number_facts("Some 4,000 people fled.")
    assert number_facts("Two villagers were hurt.") == frozenset()


def test_mmr_word_budget_is_respected_and_skips_what_does_not_fit():
    emb = unit([1, 0], [0, 1], [1, 1])
    relevance = np.array([0.9, 0.8, 0.7])
    lengths = np.array([60, 50, 30])
    picks = mmr(emb, relevance, lengths, budget=100, mmr_lambda=0.7)
    chosen = [p.index for p in picks]
    assert chosen == [0, 2]  # 60 + 50 would overflow; the 30-word sentence fits
    assert lengths[chosen].sum() <= 100


def test_mmr_first_pick_always_made_and_eligibility_honoured():
    emb = unit([1, 0], [0, 1])
    picks = mmr(emb, np.array([0.9, 0.1]), np.array([500, 5]), budget=100, eligible=np.array([False, True]))
    assert [p.index for p in picks] == [1]
    assert mmr(emb, np.array([0.9, 0.1]), np.array([500, 5]), budget=100)[0].index == 0


def test_mmr_is_pure_and_deterministic():
    rng = np.random.default_rng(0)
    emb = unit(*rng.normal(size=(50, 8)))
    relevance = rng.random(50)
    lengths = rng.integers(5, 30, size=50)
    before = (emb.copy(), relevance.copy(), lengths.copy())
    first = mmr(emb, relevance, lengths, budget=120)
    assert first == mmr(emb, relevance, lengths, budget=120)
    assert all(np.array_equal(a, b) for a, b in zip(before, (emb, relevance, lengths)))


def test_ties_break_on_lower_index():
    emb = unit([1, 0], [1, 0])
    assert mmr(emb, np.array([0.5, 0.5]), np.ones(2, dtype=int), budget=1)[0].index == 0


def test_centroid_and_position_prior():
    emb = unit([1, 0], [1, 0], [0, 1])
    rel = centroid_relevance(emb)
    assert rel[0] > rel[2]
    prior = position_prior(np.array([0, 3, 15]))
    assert prior[0] == 1.0 and prior[0] > prior[1] > prior[2]


def test_a_fact_one_pick_states_is_not_picked_again_in_other_words():
    texts = ["Turkey asked Russia to extradite Ocalan, who leads the banned Kurdish Workers Party, which has "
             "been fighting for Kurdish autonomy in Turkey since 1984.",
             "Ocalan leads the outlawed Kurdistan Workers Party, PKK, which has been fighting for autonomy "
             "in southeastern Turkey since 1984.",
             "Italy refused to extradite him because Turkish law allows the death penalty."]
    stems = [word_stems(t) for t in texts]
    assert len(stems[1] & stems[0]) == 10 and len(stems[1]) == 13  # "outlawed", "PKK", "southeastern" are new
    # the second retells the first; 0.87 alike, as WordLlama has them (DUC 2003 D30044)
    emb = unit([1, 0, 0], [0.87, np.sqrt(1 - 0.87 ** 2), 0], [0, 0, 1])
    relevance = np.array([1.0, 0.9, 0.5])
    lengths = np.ones(3, dtype=int)
    assert [p.index for p in mmr(emb, relevance, lengths, budget=2, mmr_lambda=0.9)] == [0, 1]
    assert [p.index for p in mmr(emb, relevance, lengths, budget=2, mmr_lambda=0.9, stems=stems)] == [0, 2]
    # alike in wording but less alike in meaning (cosine under 0.8): both stay
    apart = unit([1, 0, 0], [0.7, np.sqrt(1 - 0.7 ** 2), 0], [0, 0, 1])
    assert [p.index for p in mmr(apart, relevance, lengths, budget=2, mmr_lambda=0.9, stems=stems)] == [0, 1]
    # as alike, but under 70% of its words in the pick: a new fact about the same thing stays
    own = [stems[0], stems[1] | {"rome", "court", "judge", "asylu"}, stems[2]]
    assert len(own[1] & own[0]) < 0.7 * len(own[1])
    assert [p.index for p in mmr(emb, relevance, lengths, budget=2, mmr_lambda=0.9, stems=own)] == [0, 1]
