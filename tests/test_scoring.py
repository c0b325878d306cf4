"""Golden ROUGE values for the eval settings, worked out by hand on tiny examples."""
from __future__ import annotations

import pytest

from summarizer.evaluation.rouge import (
    Scorer,
    bootstrap_ci,
    sentence_lines,
    truncate_words,
)

REF = "The cat sat on the mat."


def test_unigram_bigram_and_lcs_on_one_changed_word():
    # the cat [sat|lay] on the mat: 5 of 6 unigrams, 3 of 5 bigrams, LCS of 5 words
    scores = Scorer("f1").score("The cat lay on the mat.", [REF])
    assert scores["rouge1"] == pytest.approx(5 / 6)
    assert scores["rouge2"] == pytest.approx(3 / 5)
    assert scores["rougeL"] == pytest.approx(5 / 6)
    assert scores["rougeLsum"] == pytest.approx(5 / 6)


def test_measures_differ_on_a_short_summary():
    # "the cat" against six reference words: recall 2/6, precision 2/2, F1 = 2PR/(P+R) = 1/2
    assert Scorer("recall").score("The cat.", [REF])["rouge1"] == pytest.approx(1 / 3)
    assert Scorer("precision").score("The cat.", [REF])["rouge1"] == pytest.approx(1.0)
    assert Scorer("f1").score("The cat.", [REF])["rouge1"] == pytest.approx(0.5)
    assert Scorer("recall").score("The cat.", [REF])["rouge2"] == pytest.approx(1 / 5)


def test_porter_stemming_is_on_by_default():
    # cats/chased/dogs stem to cat/chase/dog; words of 3 letters or fewer are left as they are
    assert Scorer().score("Cat chase dog.", ["Cats chased dogs."])["rouge1"] == pytest.approx(1.0)
    assert Scorer(stem=False).score("Cat chase dog.", ["Cats chased dogs."])["rouge1"] == pytest.approx(0.0)


def test_lsum_splits_sentences_and_l_does_not():
    # swapped sentences: one LCS of 3 over 6 words, but each reference sentence is fully matched
    scores = Scorer().score("Delta epsilon zeta. Alpha beta gamma.", ["Alpha beta gamma. Delta epsilon zeta."])
    assert scores["rougeL"] == pytest.approx(0.5)
    assert scores["rougeLsum"] == pytest.approx(1.0)
    assert scores["rouge1"] == pytest.approx(1.0)
    assert scores["rouge2"] == pytest.approx(4 / 5)  # "zeta alpha" is new, "gamma delta" is missing


def test_max_words_cuts_the_system_text():
    scorer = Scorer("recall", max_words=3)
    assert scorer.score("The cat sat on the mat today.", [REF])["rouge1"] == pytest.approx(3 / 6)
    assert Scorer("recall").score("The cat sat on the mat today.", [REF])["rouge1"] == pytest.approx(1.0)


def test_several_references_average():
    scores = Scorer().score("The cat.", ["The cat.", "A dog."])
    assert scores["rouge1"] == pytest.approx(0.5)


def test_sentence_lists_and_text_score_the_same():
    scorer = Scorer()
    listed = scorer.score(["Alpha beta gamma.", "Delta epsilon zeta."], ["Alpha beta gamma. Delta epsilon zeta."])
    joined = scorer.score("Alpha beta gamma. Delta epsilon zeta.", ["Alpha beta gamma. Delta epsilon zeta."])
    assert listed == joined
    assert listed["rougeLsum"] == pytest.approx(1.0)


def test_truncate_and_sentence_lines():
    assert truncate_words("one two three\nfour five", 4) == "one two three\nfour"
    assert truncate_words("one two", None) == "one two"
    assert sentence_lines("First one here. Second one here.\nThird.") == "First one here.\nSecond one here.\nThird."


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="measure"):
        Scorer("accuracy")


def test_bootstrap_interval():
    assert bootstrap_ci([0.4] * 20) == pytest.approx((0.4, 0.4))
    values = [0.0, 1.0] * 50
    low, high = bootstrap_ci(values, seed=3)
    assert low < 0.5 < high
    assert 0.35 < low and high < 0.65  # the standard error of the mean is 0.05
    assert bootstrap_ci(values, seed=3) == (low, high)
