"""Sentence compression (summarizer/compress.py): golden examples, quotes never cut, and the
selector spending the words it saves."""
from __future__ import annotations

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
    ("Six people died in the fire at the chemical plant, police said on Monday.",
     "Six people died in the fire at the chemical plant."),
    ("The death toll from the storm rose to 30, according to the Associated Press.",
     "The death toll from the storm rose to 30."),
    ("The bridge will stay closed until March, a county spokeswoman told reporters.",
     "The bridge will stay closed until March."),
    ("The driver, police said, was not wearing a seat belt at the time.",
     "The driver was not wearing a seat belt at the time."),
    ("The plant will close in May, people familiar with the matter said, ending 80 years of work there.",
     "The plant will close in May, ending 80 years of work there."),
    ("Officials said on Monday that the coastal road will stay shut for a week.",
     "The coastal road will stay shut for a week."),
    ("Police said the missing boy had been seen near the harbour on Friday afternoon.",
     "The missing boy had been seen near the harbour on Friday afternoon."),
    ("According to the report, the mill released twice the permitted amount of waste.",
     "The mill released twice the permitted amount of waste."),
    ("But fishermen say they were given no warning and no offer of compensation.",
     "Fishermen say they were given no warning and no offer of compensation."),
    ("However, the mayor insisted that the harbour would reopen within a month.",
     "The mayor insisted that the harbour would reopen within a month."),
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
    # what is left would point back to something said before
    "Officials said on Monday that he would stay in hospital for a week.",
    # what is left would be too short to read as a sentence
    "Rain fell (heavily), police said.",
    # an attribution in the middle of a clause of its own
    "The jury, which police said was sequestered, returned its verdict late on Friday.",
]


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
                  "on the lower river) early on Tuesday, police said.")
    sentences = [
        Sentence(long_aside, "a", 0, 0.0),
        Sentence("Rescue teams moved 300 residents to the school gym overnight.", "b", 0, 0.0),
    ]
    emb = np.eye(2)
    budget = 24  # the two sentences hold 37 words, the compressed first one 12 (+ 10)
    plain = MMRSelector(budget=budget, coverage_weight=0.0)(sentences, emb)
    short = MMRSelector(budget=budget, coverage_weight=0.0, compress=True)(sentences, emb)
    assert len(plain) == 1
    assert [c.sentence.text for c in short] == [
        "Floodwater from the burst dam reached homes in Kesterby early on Tuesday.",
        "Rescue teams moved 300 residents to the school gym overnight.",
    ]
    assert [(c.sentence.article_id, c.sentence.index) for c in short] == [("a", 0), ("b", 0)]
    assert sum(c.sentence.word_count for c in short) <= budget


def test_the_default_preset_compresses(summarizer):
    assert summarizer.config.select.compress is True
