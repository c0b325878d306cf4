"""Relevance and coverage in selection: shared content wins, repeats earn nothing, big stories stay fast."""
from __future__ import annotations

import time

import numpy as np

from summarizer.records import Sentence
from summarizer.select.features import concept_matrix, source_agreement
from summarizer.select.readability import quoted_words
from summarizer.select.selector import MMRSelector, mmr
from summarizer.text import content_tokens


def story(*docs: list[str]) -> list[Sentence]:
    return [Sentence(t, f"d{d}", i, i / len(doc)) for d, doc in enumerate(docs) for i, t in enumerate(doc)]


SENTENCES = story(
    ["The dam burst near Kesterby on Tuesday night.", "A local bakery sold out of bread."],
    ["Floodwater from the burst dam reached Kesterby homes.", "The weather was mild in the south."],
)


def test_content_tokens_drop_plurals_and_possessives():
    assert content_tokens("The dams' owner's homes") == ["the", "dam", "owner", "home"]


def test_concepts_weigh_what_several_sources_share():
    concepts = concept_matrix(SENTENCES, np.ones(4, dtype=bool)).toarray()
    shared = concepts.sum(axis=1)
    assert shared[0] > 0 and shared[2] > 0  # dam, burst, kesterby appear in both sources
    assert shared[1] == 0 and shared[3] == 0  # said by one source only


def test_coverage_picks_shared_content_and_not_its_repeat():
    emb = np.eye(4)  # embeddings say nothing: every sentence equally relevant and distinct
    concepts = concept_matrix(SENTENCES, np.ones(4, dtype=bool))
    picks = mmr(emb, np.zeros(4), np.ones(4, dtype=int), budget=2, mmr_lambda=1.0,
                concepts=concepts, coverage_weight=1.0)
    first, second = (p.index for p in picks)
    assert first in (0, 2)
    assert second not in (0, 2)  # what the other shared sentence adds is already covered


def test_source_agreement_rewards_what_other_sources_say():
    emb = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    agreement = source_agreement(emb, np.array(["a", "a", "b"]), np.ones(3))
    assert agreement[0] > agreement[1]


def test_a_story_of_ten_thousand_sentences_stays_fast():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(3000)]
    sentences = [Sentence(" ".join(rng.choice(words, 15)) + ".", f"d{i % 50}", i // 50, 0.0) for i in range(10_000)]
    emb = rng.normal(size=(10_000, 64)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    started = time.perf_counter()
    chosen = MMRSelector(budget=300)(sentences, emb)
    assert 15 <= len(chosen) <= 20
    assert time.perf_counter() - started < 20  # about 2 s here; an n x n matrix would need 800 MB


def test_length_exponent_prefers_the_denser_sentence():
    emb = np.eye(2)  # equally relevant, unrelated
    lengths = np.array([40, 10])
    plain = mmr(emb, np.ones(2), lengths, budget=40, mmr_lambda=1.0)
    scaled = mmr(emb, np.ones(2), lengths, budget=40, mmr_lambda=1.0, length_exponent=0.5)
    assert plain[0].index == 0  # a tie goes to the lower index
    assert scaled[0].index == 1  # same gain for a quarter of the words


def test_questions_are_skipped_unless_nothing_else_is_left():
    sentences = story(["Will the dam hold through the winter?", "The dam burst near Kesterby on Tuesday night."])
    emb = np.eye(2)
    chosen = MMRSelector(budget=8, coverage_weight=0.0)(sentences, emb)
    assert [c.sentence.index for c in chosen] == [1]
    asked = MMRSelector(budget=8, coverage_weight=0.0, skip_questions=False)(sentences, emb)
    assert [c.sentence.index for c in asked] == [0]  # the lead sentence wins on position
    only = story(["Will the dam hold through the winter?"])
    assert len(MMRSelector(budget=8)(only, np.eye(1))) == 1


def test_dense_and_sparse_coverage_pick_the_same(monkeypatch):
    import summarizer.select.selector as select

    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(60)]
    sentences = [Sentence(" ".join(rng.choice(words, 12)) + ".", f"d{i % 4}", i // 4, 0.0) for i in range(80)]
    emb = rng.normal(size=(80, 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    concepts = concept_matrix(sentences, np.ones(80, dtype=bool))
    args = (emb, rng.random(80), np.full(80, 12), 120, 0.8)
    dense = mmr(*args, concepts=concepts, coverage_weight=0.5)
    monkeypatch.setattr(select, "DENSE_CONCEPTS_MAX", 0)
    sparse = mmr(*args, concepts=concepts, coverage_weight=0.5)
    assert dense == sparse and len(dense) == 10


def test_short_sentences_are_picked_only_when_nothing_longer_is_left():
    sentences = story(
        ["Amounts have not been determined.",
         "The dam at Kesterby burst on Tuesday night and flooded four hundred homes in the harbour district."],
        ["Amounts have not been determined yet.",
         "Engineers said the Kesterby dam had shown cracks for two years before it burst on Tuesday."],
    )
    emb = np.eye(4)
    texts = [s.sentence.text for s in MMRSelector(budget=60, min_sentence_words=10)(sentences, emb)]
    assert texts and all(len(t.split()) >= 10 for t in texts)
    assert any(len(t.split()) < 10 for t in (s.sentence.text for s in MMRSelector(budget=60)(sentences, emb)))
    only_short = story(["Amounts have not been determined.", "The toll is not yet known."])
    assert MMRSelector(budget=60, min_sentence_words=10)(only_short, np.eye(2))  # never an empty brief


def test_a_long_quotation_is_picked_only_when_nothing_else_is_left():
    long_quote = ("As one engineer put it, “We told the council for two years that the concrete was cracking, that "
                  "the spillway could not take a spring flood, that the town below needed a warning siren, and every "
                  "year the answer was the same: there is no money this year, come back next year, and we will see "
                  "what can be done.”")
    assert quoted_words(long_quote) == 55
    sentences = story([long_quote,
                       "The dam at Kesterby burst on Tuesday night and flooded four hundred homes in the harbour district."],
                      ["Engineers said the Kesterby dam had shown cracks for two years before it burst on Tuesday."])
    emb = np.eye(3)
    texts = [s.sentence.text for s in MMRSelector(budget=80, max_quote_words=40)(sentences, emb)]
    assert texts and long_quote not in texts
    assert long_quote in [s.sentence.text for s in MMRSelector(budget=80)(sentences, emb)]  # the rule off
    assert MMRSelector(budget=80, max_quote_words=40)(story([long_quote]), np.eye(1))  # never an empty brief
