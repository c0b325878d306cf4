"""Stable stories across batch runs (real model, real files in a temporary folder).

A folder that gains articles keeps its story ids and file names: new articles join the
stories their cluster-mates are in, or open new stories; only changed briefs are written
again, and the manifest says which stories are new, grown, changed, unchanged or removed.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.timeout(300)

# A third story, written for these tests: a wildfire near the fictional town of Dunmore Ridge.
WILDFIRE = {
    "wildfire-wire.txt": """Wildfire forces evacuation of Dunmore Ridge as winds shift

DUNMORE RIDGE (Meridian Wire) - A wildfire driven by strong eastern winds forced the evacuation of about 2,000 residents of Dunmore Ridge on Saturday, the county fire service said.

The blaze has burned 3,400 hectares of pine forest since it started near the Callow Pass road on Thursday evening.

Fire chief Tomas Reyel said more than 300 firefighters and six water-bombing aircraft were fighting the flames along the ridge.

No injuries have been reported, but eleven cabins near the Callow Pass trailhead were destroyed, officials said.

Forecasters expect the winds to ease on Monday, which could let crews contain the eastern flank of the fire.
""",
    "wildfire-local.txt": """Dunmore Ridge residents wait in shelters as fire burns on

Families from Dunmore Ridge spent a second night in the school gymnasium in Harlow on Sunday as the wildfire kept burning across the ridge.

Fire chief Tomas Reyel said the blaze near Callow Pass had grown to 4,100 hectares overnight but that firefighters had held the line north of the town.

Volunteers handed out blankets and hot meals, and the county opened a second shelter for residents with pets.

"We packed the car in ten minutes and left everything else behind," said Marta Olund, who has lived in Dunmore Ridge for thirty years.

Officials said residents would not be allowed back into the town before Tuesday at the earliest.
""",
}

# A later flood report, written for these tests.
CLEANUP = """Kesterby begins the clean-up as the River Alder falls

KESTERBY (Meridian Wire) - The River Alder fell below its banks in Kesterby on Thursday, and residents of the harbour district began returning to their flooded homes.

Engineers said the washed-out track near Orrin Bridge would take three weeks to rebuild, so rail passengers will travel by replacement bus.

The regional government promised an emergency fund of 12 million crowns for households without flood insurance.

Insurers estimated the damage to homes and shops in the harbour district at more than 60 million crowns.
"""


def copy_examples(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(EXAMPLES / "mixed" / name, folder / name)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def sid(file: str) -> str:
    """The stable story id at the end of a brief's file name (`<title slug>-story-<hash>.md`)."""
    return re.search(r"(story-[0-9a-f]{10})\.md$", file).group(1)


def without_whats_new(brief: bytes) -> bytes:
    """A grown brief less its "What's new" section (what a fresh run cannot know)."""
    return re.sub(rb"\*\*What's new\*\*\n\n.*?\n\n\*\*The story so far\*\*\n\n", b"", brief, flags=re.S)


def story_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*story-*.md"))}


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of each brief: a rewrite (atomic rename) changes the inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("*story-*.md")}


def test_new_articles_join_their_stories_or_open_new_ones(summarizer, tmp_path):
    from summarizer.run.batch import run_batch

    news, out = tmp_path / "news", tmp_path / "out"
    copy_examples(news, ["harbor-flood-wire.txt", "harbor-flood-local.md",
                         "probe-launch-agency.txt", "probe-launch-science.json"])
    first = run_batch(summarizer, news, out, progress=False)
    assert len(first.written) == 2 and manifest(out)["stories"]["new"] == [sid(f) for f in first.written]
    flood = next(f for f, text in story_files(out).items() if b"Alder" in text)
    probe = next(f for f in story_files(out) if f != flood)
    before = stamps(out)

    # The pile grows: a third flood report (a near-copy reprint) and a new story of two articles.
    copy_examples(news, ["harbor-flood-reprint.txt"])
    for name, text in WILDFIRE.items():
        (news / name).write_text(text)
    second = run_batch(summarizer, news, out, progress=False)
    stories = manifest(out)["stories"]
    assert stories["grown"] == [sid(flood)] and stories["unchanged"] == [sid(probe)]
    assert len(stories["new"]) == 1 and stories["changed"] == stories["removed"] == []
    wildfire = next(s["file"] for s in manifest(out)["index"] if s["id"] == stories["new"][0])
    assert sorted(second.written) == sorted([flood, wildfire]) and second.existing == [probe]
    after = stamps(out)
    assert after[probe] == before[probe]  # not rewritten
    assert after[flood][0] != before[flood][0]  # rewritten in place of the old brief, same name
    briefs = story_files(out)
    assert b"Dunmore Ridge" in briefs[wildfire] and b"Dunmore" not in briefs[flood]
    assert briefs[flood].count(b"\n1. ") == 1 and b"\n3. " in briefs[flood]  # three sources now
    assert b"**What's new**" in briefs[flood] and b"**What's new**" not in briefs[wildfire]
    assert b"The added sources repeat what was already reported." in briefs[flood]  # a reprint adds nothing
    index = {s["id"]: s for s in manifest(out)["index"]}
    assert index[sid(flood)]["title"] and index[sid(flood)]["file"] == flood
    # the index says what came in since the last run and how much of it is news
    assert [a for a in index[sid(flood)]["added"]] == [a["id"] for a in index[sid(flood)]["articles"]
                                                      if a["file"].endswith("harbor-flood-reprint.txt")]
    assert index[sid(flood)]["whats_new"] == 0 and "added" not in index[sid(probe)]
    assert index[sid(probe)]["latest"] == "2026-03-13" and "latest" not in index[sid(flood)]  # undated reports
    assert [Path(a["file"]).name for a in index[sid(flood)]["articles"]] == [
        "harbor-flood-local.md", "harbor-flood-reprint.txt", "harbor-flood-wire.txt"]

    # The grown brief, less what is new (nothing: a reprint), is what a fresh run on the whole folder
    # writes for that story.
    fresh = tmp_path / "fresh"
    run_batch(summarizer, news, fresh, progress=False)
    assert sorted(story_files(fresh).values()) == sorted(without_whats_new(b) for b in briefs.values())

    # Nothing new: nothing written.
    third = run_batch(summarizer, news, out, progress=False)
    assert third.written == [] and sorted(manifest(out)["stories"]["unchanged"]) == sorted(
        sid(f) for f in briefs)
    assert stamps(out) == after

    # A later report with news of its own: the grown brief's "What's new" cites only it.
    (news / "harbor-flood-cleanup.txt").write_text(CLEANUP)
    run_batch(summarizer, news, out, progress=False)
    brief = (out / flood).read_text()
    number = next(line.split(".")[0] for line in brief.splitlines() if "harbor-flood-cleanup.txt" in line)
    new_part = brief.split("**The story so far**")[0]
    assert re.findall(r"\[(\d+)\]", new_part) and set(re.findall(r"\[(\d+)\]", new_part)) == {number}
    assert "Orrin Bridge" in new_part or "insurance" in new_part
    so_far = brief.split("**The story so far**")[1].split("\n\n")[1]
    told = [s.rsplit(" [", 1)[0] for s in re.findall(r"[^\]]+\[\d+(?:, \d+)*\]", new_part.split("**", 2)[2])]
    assert told and not any(t.strip() in so_far for t in told)  # what is new is not told twice


def test_removed_articles_and_force(summarizer, tmp_path):
    from summarizer.run.batch import run_batch

    news, out = tmp_path / "news", tmp_path / "out"
    copy_examples(news, ["harbor-flood-wire.txt", "harbor-flood-local.md", "harbor-flood-reprint.txt",
                         "probe-launch-agency.txt", "probe-launch-science.json"])
    run_batch(summarizer, news, out, progress=False)
    flood = next(f for f, text in story_files(out).items() if b"Alder" in text)
    probe = next(f for f in story_files(out) if f != flood)

    (news / "harbor-flood-reprint.txt").unlink()  # one flood article gone: the brief no longer cites it
    for name in ("probe-launch-agency.txt", "probe-launch-science.json"):  # the whole probe story gone
        (news / name).unlink()
    report = run_batch(summarizer, news, out, progress=False)
    stories = manifest(out)["stories"]
    assert stories["changed"] == [sid(flood)] and stories["removed"] == [sid(probe)]
    assert report.written == [flood] and b"\n3. " not in (out / flood).read_bytes()

    forced = run_batch(summarizer, news, out, progress=False, force=True)
    assert forced.written == [flood] and manifest(out)["stories"]["unchanged"] == [sid(flood)]


def test_a_story_keeps_its_file_name_in_another_format(summarizer, tmp_path):
    from summarizer.run.batch import run_batch

    news, out = tmp_path / "news", tmp_path / "out"
    copy_examples(news, ["harbor-flood-local.md", "probe-launch-agency.txt"])
    run_batch(summarizer, news, out, progress=False)
    first = {e["id"]: e for e in manifest(out)["index"]}
    # the flood story grows by an article read first, and its title changes
    shutil.copy(EXAMPLES / "mixed" / "harbor-flood-wire.txt", news / "a-harbor-flood-wire.txt")
    run_batch(summarizer, news, out, fmt="json", progress=False)
    second = {e["id"]: e for e in manifest(out)["index"]}
    flood = next(i for i, e in second.items() if "Alder" in e["title"])
    assert first[flood]["title"] != second[flood]["title"]
    assert {i: Path(e["file"]).stem for i, e in first.items()} == {i: Path(e["file"]).stem for i, e in second.items()}
    assert all(e["file"].endswith(".json") and (out / e["file"]).exists() for e in second.values())


def test_per_folder_rewrites_only_stories_whose_files_changed(summarizer, tmp_path):
    from summarizer.run.batch import run_batch

    news, out = tmp_path / "news", tmp_path / "out"
    copy_examples(news / "flood", ["harbor-flood-wire.txt", "harbor-flood-local.md"])
    copy_examples(news / "probe", ["probe-launch-agency.txt", "probe-launch-science.json"])
    run_batch(summarizer, news, out, per_folder=True, progress=False)
    before = {p.name: p.stat().st_ino for p in out.glob("*.md")}

    copy_examples(news / "flood", ["harbor-flood-reprint.txt"])
    (news / "wildfire").mkdir()
    for name, text in WILDFIRE.items():
        (news / "wildfire" / name).write_text(text)
    report = run_batch(summarizer, news, out, per_folder=True, progress=False)
    stories = manifest(out)["stories"]
    assert (stories["grown"], stories["new"], stories["unchanged"]) == (["flood"], ["wildfire"], ["probe"])
    assert sorted(report.written) == ["flood.md", "wildfire.md"]
    assert (out / "probe.md").stat().st_ino == before["probe.md"]
    assert (out / "flood.md").stat().st_ino != before["flood.md"]


def test_an_edited_record_that_keeps_its_own_id_is_summarized_again(summarizer, tmp_path):
    from summarizer.run.batch import run_batch

    news, out = tmp_path / "news", tmp_path / "out"
    news.mkdir()
    lines = [{"id": f"fire-{n}", "text": text} for n, text in enumerate(WILDFIRE.values())]
    (news / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in lines))
    run_batch(summarizer, news, out, progress=False)
    lines[0]["text"] = lines[0]["text"].replace("eleven cabins", "fourteen cabins")
    (news / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in lines))
    run_batch(summarizer, news, out, progress=False)
    stories = manifest(out)["stories"]
    assert stories["changed"] and not stories["unchanged"], stories  # the same ids, an edited text
    assert [a["id"] for s in manifest(out)["index"] for a in s["articles"]] == ["fire-0", "fire-1"]
