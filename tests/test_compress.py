"""Sentence compression (summarizer/compress.py): golden examples, quotes and attributions never
cut, and the selector spending the words it saves."""
from __future__ import annotations

import re

import numpy as np
import pytest

from summarizer.read.quotes import has_broken_quotes
from summarizer.records import Sentence
from summarizer.select.compress import compress, has_quote
from summarizer.select.readability import needs_antecedent
from summarizer.select.selector import MMRSelector

GOLDEN = [
    ("The council approved the new budget (its third this year) on Thursday evening.",
     "The council approved the new budget on Thursday evening."),
    ("WASHINGTON (AP) — The Senate voted 52-48 on Tuesday to confirm the new judge.",
     "The Senate voted 52-48 on Tuesday to confirm the new judge."),
    ("Cairo ( reuters ) - the main opposition group will not join the national dialogue.",
     "The main opposition group will not join the national dialogue."),
    ("But fishermen say they were given no warning and no offer of compensation.",
     "Fishermen say they were given no warning and no offer of compensation."),
    ("However, the mayor insisted that the harbour would reopen within a month.",
     "The mayor insisted that the harbour would reopen within a month."),
    ("Meanwhile, the council opened an emergency fund for the flooded shops.",
     "The council opened an emergency fund for the flooded shops."),
]

UNCHANGED = [
    # a connective stays where what follows still points back, or it is not a connective
    "But he said the ban was needed to protect the public and the fishing grounds.",
    "Yet another storm hit the coast on Friday night, cutting power to thousands.",
    "As a result, the harbour will stay closed to fishing boats for six weeks.",
    # a named person's claim keeps its speaker: dropping it would state an opinion as fact
    "The town is divided by the decision to close the mill, his brother said.",
    "Mayor Lund says the budget is fair to every district in the town.",
    # a quote keeps its attribution and its parenthetical
    "“We will rebuild (every house) by winter,” the mayor said on Tuesday.",
    "“The water is safe,” officials said, but residents were still buying bottled water.",
    # a name readers know, given after the generic one
    "Doctors prescribed celecoxib (Celebrex) and rofecoxib (Vioxx) to the patients in the study.",
    # what is left would point back to something said before
    "Officials said on Monday that he would stay in hospital for a week.",
    # what is left would be too short to read as a sentence
    "Rain fell (heavily), police said.",
    # an attribution in the middle of a clause of its own
    "The jury, which police said was sequestered, returned its verdict late on Friday.",
]


# Who said or reported a claim stays, whether it is a named person, an institution, a document or
# unnamed officials: "the river is safe" and "the agency says the river is safe" are different claims.
ATTRIBUTED = [
    "Nine boats sank in the harbour overnight, the coast guard said on Sunday.",
    "The toll from the landslide climbed to 14, according to the regional fire service.",
    "The ferry will not sail before April, a port spokesman told reporters.",
    "The pilot, investigators said, had flown the route twice that week.",
    "The reservoir will be drained in June, people briefed on the plan said, ending a long dispute.",
    "Officials said on Monday that the mountain pass will stay shut for ten days.",
    "Police said the stolen painting had been found in a barn outside the village.",
    "According to the audit, the hospital spent twice its budget on agency nurses.",
    "The health ministry said the outbreak was under control in all but two provinces.",
    "The vaccine cut infections by half in the trial (the company reported) across all age groups.",
    "WASHINGTON (AP) — Senators said on Tuesday that the vote on the judge would be delayed.",
]


@pytest.mark.parametrize("text", ATTRIBUTED)
def test_attribution_is_never_removed(text):
    out = compress(text)
    said = re.compile(r"\b(said|told|according to|reported)\b", re.IGNORECASE)
    assert said.search(out), out
    # what names the source stays word for word
    for source in ("coast guard", "regional fire service", "port spokesman", "investigators",
                   "people briefed", "Officials", "Police", "the audit", "health ministry", "the company",
                   "Senators"):
        if source in text:
            assert source.lower() in out.lower(), out


def test_selection_keeps_the_attribution_of_what_it_picks():
    sentences = [
        Sentence("Forty homes were flooded when the river burst its banks, the county council said on "
                 "Friday after a week of rain.", "a", 0, 0.0),
        Sentence("Volunteers handed out sandbags at the church hall until late in the evening.", "b", 0, 0.0),
    ]
    chosen = MMRSelector(budget=40, coverage_weight=0.0, compress=True)(sentences, np.eye(2))
    assert any("the county council said" in c.sentence.text for c in chosen)


@pytest.mark.parametrize("text, expected", GOLDEN)
def test_golden_compressions(text, expected):
    assert compress(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_what_is_not_cut(text):
    assert compress(text) == text


def test_a_compressed_sentence_still_reads_as_a_sentence():
    for text, _ in GOLDEN:
        out = compress(text)
        assert out[0].isupper() and out.endswith(".")
        assert not needs_antecedent(out) and not has_broken_quotes(out)
        assert len(out.split()) < len(text.split())


def test_quote_marks_are_recognised_in_every_form():
    for text in ["“Yes,” he said.", '"Yes," he said.', "``Yes,'' he said.", "‘Yes,’ he said."]:
        assert has_quote(text)
    assert not has_quote("The mayor's plan, which the town's board backed, passed.")


def test_selection_spends_the_saved_words_and_keeps_provenance():
    long_aside = ("Floodwater from the burst dam reached homes in Kesterby (a town of 4,000 people "
                  "on the lower river) early on Tuesday, police said.")  # the attribution stays
    sentences = [
        Sentence(long_aside, "a", 0, 0.0),
        Sentence("Rescue teams moved 300 residents to the school gym overnight.", "b", 0, 0.0),
    ]
    emb = np.eye(2)
    budget = 26  # the two sentences hold 37 words, the compressed first one 14 (+ 10)
    plain = MMRSelector(budget=budget, coverage_weight=0.0)(sentences, emb)
    short = MMRSelector(budget=budget, coverage_weight=0.0, compress=True)(sentences, emb)
    assert len(plain) == 1
    assert [c.sentence.text for c in short] == [
        "Floodwater from the burst dam reached homes in Kesterby early on Tuesday, police said.",
        "Rescue teams moved 300 residents to the school gym overnight.",
    ]
    assert [(c.sentence.article_id, c.sentence.index) for c in short] == [("a", 0), ("b", 0)]
    assert sum(c.sentence.word_count for c in short) <= budget


def test_the_default_preset_compresses(summarizer):
    assert summarizer.config.select.compress is True
