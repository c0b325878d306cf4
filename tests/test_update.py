"""Update briefs ("what's new"): the real embedder and selector on articles written here.

How repetition is measured (update.repeats_known): a brief sentence repeats a fact from
the earlier articles when half or more of its word bigrams (pairs of two stop words do not
count) occur together in a single earlier sentence. An update brief may have at most 10% of
its sentences repeat; the plain brief of the same new articles repeats more, which shows the
measure can fail.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from summarizer.errors import InputError
from summarizer.records import Sentence, Story
from summarizer.run.pipeline import Summarizer
from summarizer.select.concept_ilp import sentence_bigrams
from summarizer.select.features import concept_matrix, sentence_concepts
from summarizer.select.update import (
    Known,
    repeats_known,
    repetition_rate,
    reports_after,
)

EARLIER = [
    "The Alder Street bridge in Millbrook was closed to all traffic on Monday after inspectors found deep cracks "
    "in two of its steel supports. The city engineer said the bridge would stay shut until further notice. "
    "About 14,000 vehicles cross the bridge each day, according to the county transport office. "
    "Commuters were sent on a detour through the Ridgeway industrial park, which added twenty minutes to trips.",
    "Inspectors closed the Alder Street bridge in Millbrook on Monday when they found cracks in two steel supports. "
    "Traffic was diverted through the Ridgeway industrial park, and drivers reported long queues at rush hour. "
    "The bridge was built in 1962 and was last inspected three years ago. "
    "Local shop owners near the bridge said they feared losing customers during the closure.",
]
NEW = [
    "The Alder Street bridge in Millbrook was closed to all traffic on Monday after inspectors found deep cracks "
    "in two of its steel supports. On Thursday the city council approved four million dollars for emergency repairs "
    "to the bridge. Contractors from Halvorsen Steel will replace both damaged supports over the next six weeks. "
    "The council also voted to run a free shuttle bus across the river while the work goes on.",
    "Inspectors closed the Alder Street bridge in Millbrook on Monday when they found cracks in two steel supports. "
    "Repair crews from Halvorsen Steel arrived at the bridge on Friday and began removing the damaged supports. "
    "The mayor said the four million dollar repair would be paid from the city's reserve fund. "
    "A free shuttle bus will carry pedestrians and cyclists across the river every fifteen minutes.",
]


@pytest.fixture(scope="module")
def summarizer():
    return Summarizer.from_config("default", **{"select.budget": 60})


def test_repeats_known_counts_shared_bigrams():
    earlier = ["Inspectors closed the Alder Street bridge on Monday after finding cracks."]
    assert repeats_known("The Alder Street bridge was closed on Monday after finding cracks.", earlier)
    assert not repeats_known("The council approved money for repairs on Thursday.", earlier)
    assert repetition_rate([["The council approved money.", earlier[0]]], [earlier]) == 0.5


def test_whats_new_leaves_out_what_was_read(summarizer):
    result = summarizer.summarize(NEW, one_story=True, previous=EARLIER)
    story = result["stories"][0]
    earlier = [s.text for part in summarizer.split(summarizer.prepare(EARLIER).articles)[0].values() for s in part]
    new = [item["text"] for item in story["whats_new"]]
    plain = [item["text"] for item in story["summary"]]
    assert new, "an update brief is never empty"
    assert repetition_rate([new], [earlier]) <= 0.10
    assert repetition_rate([plain], [earlier]) > 0.10  # the plain brief retells Monday's closure
    assert any("council" in t or "Halvorsen" in t for t in new)
    ids = {a["id"]: a["number"] for a in story["articles"]}
    assert all(item["citation"] == ids[item["article_id"]] for item in story["whats_new"])
    assert sum(len(t.split()) for t in new) <= 60


def test_previous_articles_join_their_story_and_a_story_of_only_new_ones_is_new(summarizer):
    flood = ["Floodwater broke through a levee on the Carrow River early on Tuesday and forced about 4,000 people "
             "from their homes in the east of the town, officials said. Soldiers moved families to a sports hall. "
             "The regional flood office said the water rose nearly two metres overnight after days of rain.",
             "A levee on the Carrow River broke on Tuesday and flooded the eastern part of the town, forcing some "
             "4,000 people to leave their homes. Emergency crews worked through the night to shore up the bank. "
             "Two people were taken to hospital with hypothermia, the regional health office said."]
    earlier = [{"id": f"closure-{n}", "text": t} for n, t in enumerate(EARLIER)]
    new = [{"id": f"repairs-{n}", "text": t} for n, t in enumerate(NEW)] + [
        {"id": f"flood-{n}", "text": t} for n, t in enumerate(flood)]
    result = summarizer.summarize(new, previous=earlier)
    assert len(result["stories"]) == 2
    bridge = next(s for s in result["stories"] if any(a["id"].startswith("repairs") for a in s["articles"]))
    assert {a["id"] for a in bridge["articles"]} == {"closure-0", "closure-1", "repairs-0", "repairs-1"}
    assert bridge["whats_new"] and all(i["article_id"].startswith("repairs") for i in bridge["whats_new"])
    assert "new_story" not in bridge
    flood_story = next(s for s in result["stories"] if s is not bridge)
    assert flood_story["new_story"] and "whats_new" not in flood_story
    only_read = summarizer.summarize(new[:2], previous=earlier + [{"id": "flood-x", "text": flood[0]}])
    assert len(only_read["stories"]) == 1  # a story with nothing new is left out
    assert not any(i["article_id"].startswith(("closure", "flood")) for i in only_read["skipped"] + only_read["warnings"])
    with pytest.raises(InputError, match="nothing new since"):  # every given article was read
        summarizer.summarize(earlier, previous=earlier)
    with pytest.raises(InputError, match="no sentences left"):  # what was read does not stand in for the new
        summarizer.summarize([{"id": "stub", "text": "Bridge. Repairs."}], previous=earlier)


def test_a_paraphrase_of_one_earlier_sentence_is_a_retelling(summarizer):
    earlier = ("Floodwater broke through a levee on the Carrow River early Tuesday and forced about 4,000 people "
               "from their homes in the low-lying east of the town, officials said.")
    retold = ("A levee on the Carrow River broke on Tuesday, flooding the eastern part of the town and forcing "
              "some 4,000 people to leave their homes, local officials said.")
    new = "A second section of the levee failed on Wednesday morning and water reached the main rail line."
    vectors = summarizer.embedder.encode([earlier, retold, new])
    known = Known.from_sentences([earlier], vectors[:1], summarizer.config)
    assert known.retells([retold, new], vectors[1:]).tolist() == [True, False]
    assert known.share([retold])[0] < known.known_share  # the word-and-bigram share alone missed it
    off = replace(known, retell_similarity=1.01)
    assert off.retells([retold, new], vectors[1:]).tolist() == [False, False]


def test_without_previous_there_is_no_whats_new(summarizer):
    story = summarizer.summarize(NEW, one_story=True)["stories"][0]
    assert "whats_new" not in story


def _dated(texts, day, start):
    return [{"id": f"a{start + n}", "text": text, "date": day} for n, text in enumerate(texts)]


def test_newest_day_adds_a_whats_new_section_from_its_own_articles(summarizer):
    undated = {"id": "u", "text": EARLIER[1]}
    articles = _dated(EARLIER[:1], "2026-03-02", 0) + [undated] + _dated(NEW, "2026-03-05 09:00", 1)
    story = summarizer.summarize(articles, one_story=True, newest=True)["stories"][0]
    assert story["whats_new_day"] == "2026-03-05"
    new = {item["article_id"] for item in story["whats_new"]}
    assert new and new <= {"a1", "a2"}  # only the newest day's articles; the undated one counts as earlier
    assert repetition_rate([[i["text"] for i in story["whats_new"]]], [EARLIER]) <= 0.10
    shown = {(i["article_id"], i["sentence_index"]) for i in story["whats_new"]}
    assert not shown & {(i["article_id"], i["sentence_index"]) for i in story["summary"]}  # never told twice
    one_day = summarizer.summarize(_dated(NEW, "2026-03-05", 0), one_story=True, newest=True)["stories"][0]
    assert "whats_new" not in one_day and "whats_new_day" not in one_day  # one day: nothing is newer
    with pytest.raises(InputError, match="not both"):
        summarizer.summarize(NEW, previous=EARLIER, newest=True)


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "summarizer", "-q", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_summarize_previous_and_since(tmp_path):
    (tmp_path / "earlier").mkdir()
    (tmp_path / "new").mkdir()
    for n, text in enumerate(EARLIER):
        (tmp_path / "earlier" / f"closure-{n}.txt").write_text(text)
    for n, text in enumerate(NEW):
        (tmp_path / "new" / f"repairs-{n}.txt").write_text(text)
    done = _cli("summarize", "new", "--previous", "earlier", "--one-story", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "**What's new**" in done.stdout and "**The story so far**" in done.stdout
    text = _cli("summarize", "new", "--previous", "earlier", "--one-story", "-f", "txt", cwd=tmp_path)
    assert "What's new: " in text.stdout and "\n\nThe story so far: " in text.stdout
    # --since: yesterday's JSON output; its articles given again count as read
    done = _cli("summarize", "earlier", "--one-story", "-f", "json", "-o", "yesterday.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _cli("summarize", "earlier", "new", "--since", "yesterday.json", "--one-story", "-f", "json",
                cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    story = json.loads(done.stdout)["stories"][0]
    # the story so far covers the articles read and the new ones; the earlier brief is read, never a source
    assert sorted(a["id"].split("-")[0] for a in story["articles"]) == ["closure"] * 2 + ["repairs"] * 2
    assert all(item["article_id"].startswith("repairs") for item in story["whats_new"])
    same = _cli("summarize", "earlier", "--since", "yesterday.json", cwd=tmp_path)
    assert same.returncode == 1 and "nothing new since" in same.stderr
    same = _cli("summarize", "earlier", "--previous", "earlier", cwd=tmp_path)
    assert same.returncode == 1 and "nothing new since earlier" in same.stderr
    swallowed = subprocess.run([sys.executable, "-m", "summarizer", "summarize", "--previous", "earlier", "new"],
                               cwd=tmp_path, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert swallowed.returncode == 1 and "put the new ones first" in swallowed.stderr
    bad = _cli("summarize", "new", "--since", "earlier/closure-0.txt", cwd=tmp_path)
    assert bad.returncode == 1 and "not a summarizer JSON output" in bad.stderr
    # a batch folder's manifest: the articles it briefed count as read
    done = _cli("batch", "earlier", "--out", "briefs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _cli("summarize", "earlier", "new", "--since", "briefs/manifest.json", "--one-story", "-f", "json",
                cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    story = json.loads(done.stdout)["stories"][0]
    assert story["whats_new"] and all(item["article_id"].startswith("repairs") for item in story["whats_new"])
    (tmp_path / "dated").mkdir()
    for n, text in enumerate(NEW):  # the same story in dated files: --newest-day
        (tmp_path / "dated" / f"repairs-{n}.txt").write_text(f"Bridge repairs\nDate: 2026-03-05\n\n{text}")
    (tmp_path / "dated" / "closure.txt").write_text(f"Bridge closed\nDate: 2026-03-02\n\n{EARLIER[0]}")
    done = _cli("summarize", "dated", "--newest-day", "--one-story", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "**What's new on Mar 5, 2026**" in done.stdout
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "closure.txt").write_text(f"Bridge closed\nDate: 2026-03-02\n\n{EARLIER[0]}")
    for n, text in enumerate(NEW):
        (tmp_path / "later" / f"repairs-{n}.txt").write_text(f"Bridge repairs\nDate: 2026-03-05\n\n{text}")
    def loud(*args):  # warnings shown (no -q)
        return subprocess.run([sys.executable, "-m", "summarizer", "summarize", *args, "--one-story"], cwd=tmp_path,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)

    swapped = loud("later/closure.txt", "--previous", "later/repairs-0.txt", "later/repairs-1.txt")
    assert swapped.returncode == 0 and "is later than the new ones" in swapped.stderr, swapped.stderr  # said, not refused
    dated = loud("later/repairs-0.txt", "--previous", "later/closure.txt")
    assert "is later than" not in dated.stderr
    assert "**What's new since Mar 2, 2026**" in dated.stdout  # since the newest day read before


def test_eval_scores_the_update_brief_against_the_plain_brief(tmp_path):
    record = {"id": "bridge", "previous": EARLIER, "documents": NEW,
              "references": ["The council approved four million dollars to repair the bridge, and Halvorsen Steel "
                             "crews began replacing the supports; a free shuttle bus crosses the river."]}
    data = tmp_path / "update.jsonl.gz"
    with gzip.open(data, "wt") as handle:
        handle.write(json.dumps(record) + "\n")
    done = _cli("eval", str(data), "--systems", "summarizer,lead", "--measure", "recall", "--budget", "60",
                "--bootstrap", "10", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].endswith("repeats % |")
    assert any(r.startswith("| plain |") for r in rows)  # the plain brief runs in the same run
    assert any(r.startswith("| plain | ") for r in rows[rows.index(next(r for r in rows if "minus" in r)):])


def test_ilp_bigram_weights_follow_the_earlier_articles():
    earlier = ["The bridge closed after inspectors found cracks.", "Inspectors found cracks in the bridge supports."]
    known = Known.from_sentences(earlier, np.zeros((2, 2)), groups=["a", "b"])
    assert known.n_articles == 2 and known.bigram_articles["found crack"] == 2
    weights = {"found crack": 4.0, "council approv": 2.0}
    assert known.bigram_weights(weights, 8) == weights  # bigram_weighting none: unchanged
    assert replace(known, bigram_weighting="novel", bigram_discount=0.0).bigram_weights(weights, 8) == {
        "council approv": 2.0}
    assert replace(known, bigram_weighting="share", bigram_discount=0.5).bigram_weights(weights, 8) == {
        "found crack": 2.0, "council approv": 2.0}
    assert replace(known, bigram_weighting="add", bigram_discount=1.0).bigram_weights(weights, 8) == {
        "found crack": 12.0, "council approv": 2.0}


def test_known_concepts_weigh_more_in_coverage():
    sentences = [Sentence(text, f"a{n}", 0, 0.0) for n, text in enumerate(
        ["The council approved repairs to the bridge.", "The council approved a shuttle for the bridge."])]
    plain = concept_matrix(sentences, np.ones(2, dtype=bool)).toarray()
    boosted = concept_matrix(sentences, np.ones(2, dtype=bool), known=frozenset(sentence_concepts("bridge")), known_factor=1.5).toarray()
    assert np.allclose(boosted[boosted != plain], 1.5 * plain[boosted != plain])
    assert (boosted != plain).sum() == 2  # "bridge" in both sentences, nothing else


def test_reports_after_resolves_against_the_article_day():
    assert reports_after("The council will vote on Friday.", date(2024, 3, 4), "2024-03-01")
    assert reports_after("Crews arrived yesterday.", date(2024, 3, 4), "2024-03-01")
    assert not reports_after("The bridge was built last year.", date(2024, 3, 4), "2024-03-01")
    assert not reports_after("Crews arrived yesterday.", date(2024, 3, 2), "2024-03-01")
    assert not reports_after("The council will vote on Friday.", None, "2024-03-01")  # no day: nothing resolved


def test_dated_weight_favours_what_happened_after_the_earlier_articles():
    earlier = [{"id": "closure", "text": EARLIER[0], "date": "2024-03-04"}]
    new = [{"id": "repairs", "date": "2024-03-11", "text":
            "The mayor of Millbrook said the bridge repair would be paid from the city reserve fund. "
            "Repair crews from Halvorsen Steel arrived at the bridge on Friday to begin the work."}]
    runner = Summarizer.from_config("default", **{"select.budget": 16, "update.dated_weight": 5.0})
    known = runner.known(earlier)
    assert known.latest == "2024-03-04"
    prepared = runner.prepare(new)
    chosen = runner.whats_new(Story("s", ("repairs",)), prepared, known)
    assert [c.sentence.text for c in chosen] == [prepared.sentences["repairs"][1].text]


def test_context_articles_weigh_in_but_are_never_picked(summarizer):
    articles = [{"id": f"earlier-{n}", "text": t} for n, t in enumerate(EARLIER)] + \
               [{"id": f"new-{n}", "text": t} for n, t in enumerate(NEW)]
    prepared = summarizer.prepare(articles)
    known = summarizer.known_of(prepared, ["earlier-0", "earlier-1"])
    story = Story("s", tuple(prepared.ids))
    chosen = summarizer.whats_new(story, prepared, known, ["new-0", "new-1"], context_ids=["earlier-0", "earlier-1"])
    assert chosen and all(c.sentence.article_id.startswith("new-") for c in chosen)
    assert sum(len(c.sentence.text.split()) for c in chosen) <= 60


def test_ilp_update_brief_with_novel_bigram_weights():
    runner = Summarizer.from_config("default", **{"select.budget": 60, "select.method": "ilp",
                                                  "update.bigram_weighting": "novel", "update.bigram_discount": 0.0})
    story = runner.summarize(NEW, one_story=True, previous=EARLIER)["stories"][0]
    earlier = [s.text for part in runner.split(runner.prepare(EARLIER).articles)[0].values() for s in part]
    new = [item["text"] for item in story["whats_new"]]
    assert new and repetition_rate([new], [earlier]) <= 0.10


def test_the_core_is_what_min_articles_earlier_articles_used():
    earlier = ["Inspectors found cracks in the bridge supports."]
    alone = Known.from_sentences(earlier, np.zeros((1, 2)), groups=["a"], min_articles=2)
    assert sentence_concepts(earlier[0]) <= alone.core  # fewer earlier articles than min_articles: all of them
    two = Known.from_sentences(earlier + ["The council met."], np.zeros((2, 2)), groups=["a", "b"], min_articles=2)
    assert not two.core  # nothing was used by both
    assert sentence_concepts(earlier[0]) <= two.concepts  # a repeat is judged against any earlier article


def test_known_bigrams_are_the_ilp_bigrams():
    text = "Repair crews from Halvorsen Steel arrived at the bridge on Friday."
    known = Known.from_sentences([text], np.zeros((1, 2)), groups=["a"])
    assert set(known.bigram_articles) == sentence_bigrams(text)


def test_a_story_whose_every_sentence_is_new_shows_no_empty_story_so_far():
    from summarizer.render.formats import render

    item = {"text": "Repairs began on Friday.", "article_id": "a", "sentence_index": 0, "citation": 1}
    story = {"id": "s", "title": "Bridge repairs", "summary": [], "whats_new": [item], "timeline": None,
             "articles": [{"id": "a", "number": 1, "title": "Bridge repairs", "source": None, "date": None}]}
    for fmt in ("md", "txt"):
        shown = render({"stories": [story]}, fmt)
        assert "Repairs began on Friday. [1]" in shown and "story so far" not in shown


def test_the_story_so_far_says_nothing_again_that_whats_new_shows():
    summarizer = Summarizer.from_config("default", **{"select.budget": 120})
    story = summarizer.summarize(NEW, one_story=True, previous=EARLIER)["stories"][0]
    new = [item["text"] for item in story["whats_new"]]
    so_far = [item["text"] for item in story["summary"]]
    # "What's new" states the repair money; the story so far does not say it again ("the four million dollar
    # repair would be paid from ...")
    assert any("four million" in t for t in new) and not any("four million" in t for t in so_far), (new, so_far)
