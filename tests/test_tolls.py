"""Tolls that disagree (select/tolls.py): a brief never states two counts of one toll."""
from __future__ import annotations

import pytest

from summarizer import Summarizer
from summarizer.records import Article, Sentence
from summarizer.select.tolls import toll_conflicts, toll_counts


@pytest.mark.parametrize("text, counts", [
    ("A typhoon killed at least 82 people in the Harlow islands on Friday.", {("dead", 82)}),
    ("The death toll from the typhoon rose to 156 on Sunday.", {("dead", 156)}),
    ("The toll from two weeks of frost has reached at least 74.", {("dead", 74)}),
    ("The blast killed the two bombers and injured 21 shoppers.", {("dead", 2), ("injured", 21)}),
    ("Some 100 people were feared dead and 1,000 injured.", {("dead", 100), ("injured", 1000)}),
    ("Three people are missing and 1.2 million were left homeless.", {("missing", 3)}),
    # ages, spans of time, years, fractions and parts are no tolls
    ("A 15-year-old died in the fire, two weeks after a 1978 blaze.", set()),
    ("One of the dead was identified on Friday.", set()),
    ("Flight 447 crashed into the sea, killing all 228 aboard.", {("dead", 228)}),
    ("A magnitude 6.7 quake killed hundreds.", set()),
    ("Officials said 2,000 homes were destroyed.", set()),
])
def test_toll_counts(text, counts):
    assert toll_counts(text) == counts


def _sentences(*items):
    return [Sentence(text=text, article_id=article, index=n, position=0.0) for n, (article, text) in enumerate(items)]


def test_two_articles_tolls_of_one_event_disagree_and_other_counts_do_not():
    articles = {"fri": Article("fri", "", date="2019-10-18 09:00"), "sun": Article("sun", "", date="2019-10-20 06:00"),
                "later": Article("later", "", date="2019-11-20"), "undated": Article("undated", "")}
    sentences = _sentences(
        ("fri", "Typhoon Kell battered the islands with rain that killed at least 82 people, officials said."),
        ("sun", "Typhoon Kell lashed the coast on Sunday after killing at least 96 people in the islands."),
        ("sun", "Kell's winds and floods killed at least 170 people across the islands by Sunday night."),
        ("sun", "At least 53 people were killed in landslides on Arden island, where Kell first hit land."),
        ("sun", "In 1991 a typhoon killed 2,361 people in the northern islands."),
        ("later", "A month on, the typhoon's toll stands at 170, officials said."),
        ("undated", "The typhoon killed 90 people, officials said."),
        ("fri", "By the evening officials said Typhoon Kell had killed 90 people."),
    )
    conflicts = toll_conflicts(sentences, articles)
    # Friday's 82 and 90 are revised by Sunday's 96 (not by its 170: that toll has grown, news of its own)
    assert conflicts[0] and conflicts[0] == conflicts[1] == conflicts[7] and not conflicts[2]
    # a count with a place of its own, background of an earlier year, a month later, undated: no conflict
    assert not any(conflicts[3:7])
    europe = _sentences(("fri", "A cold wave has killed at least 62 people across Europe, police said."),
                        ("sun", "In Poland, 36 people died of the cold wave, police said."))
    assert not any(toll_conflicts(europe, articles))
    # counts of different people: the blast's toll and its American dead
    embassy = _sentences(("fri", "The blast at the embassy killed 11 people, officials said."),
                         ("sun", "The bodies of the 12 Americans who died in the embassy blast were flown home."))
    assert not any(toll_conflicts(embassy, articles))


def test_a_brief_states_one_toll_of_an_event_not_two():
    kell = ("Typhoon Kell headed north on Friday after battering the Harlow islands with rain that killed at least 82 "
            "people, flattened crops and drove thousands from their homes, officials said. Fishing fleets stayed in "
            "port across the islands as the storm passed. The islands' governor declared a state of calamity in three "
            "provinces and asked the capital for rice and tents.")
    later = ("Typhoon Kell lashed the northern coast on Sunday after killing at least 96 people in the Harlow "
             "islands, officials said. Ferries to the islands resumed on Sunday as the winds eased. Relief flights "
             "carried rice, tents and medicine to the worst-hit provinces.")
    articles = [Article("a", kell, date="2019-10-18 09:00"), Article("b", later, date="2019-10-20 06:00")]
    brief = Summarizer.from_config("default", **{"select.budget": 300}).summarize(articles, one_story=True)
    text = " ".join(item["text"] for item in brief["stories"][0]["summary"])
    assert "Ferries to the islands resumed" in text  # the budget holds every sentence but one toll
    assert ("at least 82" in text) != ("at least 96" in text), text
