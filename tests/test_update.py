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

import pytest

from summarizer.run.pipeline import Summarizer
from summarizer.select.update import repeats_known, repetition_rate

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


def test_without_previous_there_is_no_whats_new(summarizer):
    story = summarizer.summarize(NEW, one_story=True)["stories"][0]
    assert "whats_new" not in story


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
    # --since: yesterday's JSON output; its articles given again count as read
    done = _cli("summarize", "earlier", "--one-story", "-f", "json", "-o", "yesterday.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _cli("summarize", "earlier", "new", "--since", "yesterday.json", "--one-story", "-f", "json",
                cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    story = json.loads(done.stdout)["stories"][0]
    assert all(a["id"].startswith("repairs") for a in story["articles"])  # the brief covers only the new ones
    assert all(item["article_id"].startswith("repairs") for item in story["whats_new"])
    same = _cli("summarize", "earlier", "--since", "yesterday.json", cwd=tmp_path)
    assert same.returncode == 1 and "nothing new since" in same.stderr
    bad = _cli("summarize", "new", "--since", "earlier/closure-0.txt", cwd=tmp_path)
    assert bad.returncode == 1 and "not a summarizer JSON output" in bad.stderr


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
