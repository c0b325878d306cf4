"""The faithfulness guard's frame checks (who said or did what, hedges, negations, merged claims), which
quotes may go to a model, and the guard's quality on the project's own test set (eval/guard_pairs.yaml)."""
from __future__ import annotations

import pytest

from eval.guard_benchmark import KINDS, load_pairs
from summarizer.rewrite.frames import attributions
from summarizer.rewrite.guard import FaithfulnessGuard, quote_can_go

TWO_SPEAKERS = ("Interior Minister Rafael Oduya said the two suspects were happy to be tried in Harwick, but their "
                "lawyers said they had not yet seen the indictment.")
HEDGED = "The ferry may resume service within about 10 days, the harbour authority said."


def reasons(sentence: str, sources: list[str]) -> tuple[str, ...]:
    return FaithfulnessGuard().check(sentence, sources).unsupported


def rejected_for(reason: str, sentence: str, sources: list[str]) -> bool:
    return any(r.startswith(reason) for r in reasons(sentence, sources))


def test_attribution_frames_name_speaker_and_what_was_said():
    first, second = attributions(TWO_SPEAKERS)
    assert first.head == "oduya" and {"happy", "harwic"} <= first.content
    assert second.head == "lawyer" and "indict" in second.content and "happy" not in second.content
    moved = attributions("The ferry may resume service within about 10 days, said the harbour authority.")
    assert [f.head for f in moved] == ["author"] and "ferry" in moved[0].content
    assert [f.head for f in attributions("According to the harbour authority, the ferry may resume.")] == ["author"]
    assert attributions("“It came faster than our models predicted,” Brandt said.")[0].head == "brandt"


@pytest.mark.parametrize("rewrite", [
    "The two suspects were happy to be tried in Harwick, Interior Minister Rafael Oduya said, but their lawyers "
    "said they had not yet seen the indictment.",
    "Their lawyers said the suspects had not yet seen the indictment, while Oduya said they were happy to be "
    "tried in Harwick.",
])
def test_moved_attributions_are_faithful(rewrite):
    assert reasons(rewrite, [TWO_SPEAKERS]) == ()


@pytest.mark.parametrize("rewrite, reason", [
    ("Their lawyers said the two suspects were happy to be tried in Harwick, but Interior Minister Rafael Oduya "
     "said they had not yet seen the indictment.", "speaker"),
    ("The two suspects are happy to be tried in Harwick, but their lawyers said they had not yet seen the "
     "indictment.", "attribution dropped"),
    ("Interior Minister Rafael Oduya said the two suspects were happy to be tried in Harwick, and their lawyers "
     "said they had seen the indictment.", "negation dropped"),
])
def test_swapped_speakers_dropped_attributions_and_flipped_negations_are_rejected(rewrite, reason):
    assert rejected_for(reason, rewrite, [TWO_SPEAKERS])


def test_hedges_must_stay_on_what_they_govern():
    assert reasons("The harbour authority said the ferry could resume service within some 10 days.", [HEDGED]) == ()
    assert rejected_for("hedge", "The ferry will resume service within about 10 days, the harbour authority said.", [HEDGED])
    assert rejected_for("hedge", "The ferry may resume service within 10 days, the harbour authority said.", [HEDGED])


def test_two_claims_may_not_be_merged_into_one_neither_makes():
    sources = ["Police in Lyon arrested five men on Saturday after the station bombing.",
               "Two other suspects were detained in Marseille."]
    assert reasons("Police in Lyon arrested five men on Saturday after the station bombing, and two other "
                   "suspects were detained in Marseille.", sources) == ()
    assert rejected_for("binding", "Police arrested five men in Marseille on Saturday after the station bombing.", sources)
    assert rejected_for("relation", "Two other suspects were detained in Marseille because police in Lyon arrested five men.", sources)


def test_quotes_go_to_the_model_only_with_their_speaker_and_stay_verbatim():
    quoted = "“The water came up faster than any of our models predicted,” Brandt told reporters."
    assert quote_can_go(quoted)
    assert quote_can_go("No quote here, the mayor said.")
    assert not quote_can_go("“The water came up faster than any of our models predicted.”")  # nobody named
    assert not quote_can_go("Brandt said “the water came up faster than any model.")  # marks do not pair up
    assert reasons("Brandt said the water had come up faster than any of the town's models predicted.", [quoted]) == ()
    assert reasons("Brandt told reporters: “The water came up faster than any of our models predicted.”", [quoted]) == ()
    assert rejected_for("quote", "“The water came up faster than our models said,” Brandt told reporters.", [quoted])
    assert rejected_for("attribution", "The water came up faster than any of the town's models predicted.", [quoted])


def test_the_guard_set_is_labelled_and_the_guard_meets_its_bar():
    pairs = load_pairs()
    kinds = {kind for _, _, kind in pairs}
    assert len(pairs) >= 300 and kinds == {"faithful", *KINDS}
    faithful = [p for p in pairs if p[2] == "faithful"]
    assert 0.35 <= len(faithful) / len(pairs) <= 0.65
    guard = FaithfulnessGuard()
    rejected = {kind: 0 for kind in kinds}
    for sources, rewrite, kind in pairs:
        rejected[kind] += not guard.check(rewrite, sources).ok
    unfaithful = len(pairs) - len(faithful)
    assert sum(rejected[k] for k in KINDS) / unfaithful >= 0.95
    assert rejected["faithful"] / len(faithful) <= 0.10


def test_pairs_built_from_the_dev_set_at_run_time_are_labelled_changes_of_real_sentences():
    from eval.guard_dev_pairs import DUC2003, dev_pairs

    if not DUC2003.exists():
        pytest.fail(f"{DUC2003} is missing: the dev sets live in ../shared beside the clone")
    pairs = dev_pairs(DUC2003, limit=80)
    assert len(pairs) == 80 and {kind for _, _, kind in pairs} == {"faithful", *KINDS}
    for sources, rewrite, kind in pairs:
        assert rewrite not in sources and 1 <= len(sources) <= 2
    guard = FaithfulnessGuard()
    unfaithful = [(s, r) for s, r, k in pairs if k != "faithful"]
    assert sum(not guard.check(r, s).ok for s, r in unfaithful) / len(unfaithful) >= 0.9


def test_a_clause_the_sources_do_not_hold_is_rejected_a_reworded_one_is_not():
    from summarizer.rewrite.guard import FaithfulnessGuard

    sources = ["Critics praised the restoration of the great hall's stained-glass ceiling, which had been "
               "covered since the 1960s."]
    invented = ("The great hall's stained-glass ceiling was restored to its former glory, a testament to the "
                "enduring legacy of the 1960s.")
    verdict = FaithfulnessGuard().check(invented, sources)
    assert not verdict.ok and any(r.startswith("added clause") for r in verdict.unsupported), verdict
    reworded = "The great hall's stained-glass ceiling, covered since the 1960s, was restored to critics' praise."
    assert FaithfulnessGuard().check(reworded, sources).ok
