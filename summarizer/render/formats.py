"""Render a summarize() result as Markdown, plain text or JSON."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from summarizer.stories.timeline import date_range_label, day_label, with_dates


def render(result: dict[str, Any], fmt: str = "md") -> str:
    return "".join(render_chunks(result, fmt))


def render_chunks(result: dict[str, Any], fmt: str = "md") -> Iterator[str]:
    """`render` piece by piece, for writing a large result without building its text whole."""
    if fmt == "json":
        yield from json_chunks(result)
        return
    render_story = story_markdown if fmt == "md" else story_text
    stories = result["stories"]
    for n, story in enumerate(stories):
        text = render_story(story)
        yield text + "\n\n" if n < len(stories) - 1 else text.rstrip() + "\n"
    if not stories:
        yield "\n"


def to_json(result: dict[str, Any]) -> str:
    return "".join(json_chunks(result))


def json_chunks(result: dict[str, Any]) -> Iterator[str]:
    """The JSON of `result` (two-space indent, as `json.dumps`) as the encoder makes it."""
    yield from json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(result)
    yield "\n"


OPENING_WORDS = 8  # first words that name a source without a headline
EXTENSIONS = {"md": ".md", "txt": ".txt", "json": ".json"}  # file extension of each output format


def format_of(path: str | Path) -> str | None:
    """The output format a file name asks for by its suffix ("briefs.json" -> "json"), else None."""
    suffix = Path(path).suffix.lower()
    return "md" if suffix == ".markdown" else next((f for f, ext in EXTENSIONS.items() if ext == suffix), None)


def first_words(text: str, count: int = OPENING_WORDS) -> str:
    """The first `count` words of `text`, marked as cut when they are."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def source_label(article: dict[str, Any], with_file: bool = True) -> str:
    """Headline (else the article's first words, quoted), outlet, "opinion" for an editorial or
    column, date and (with `with_file`) the file it came from."""
    opening = (article.get("opening") or "").lstrip("“\"‘'`")  # a quotation's first words: one pair of marks
    name = article.get("title") or (f"“{opening}”" if opening else article["id"])
    parts = [name]
    if article.get("source"):
        parts.append(article["source"])
    if article.get("opinion"):
        parts.append("opinion")
    parts.append(article.get("date") or "undated")
    if with_file and article.get("file"):
        parts.append(f"file {Path(article['file']).name}")
    return " — ".join(parts)


def source_lines(story: dict[str, Any], number: str = "{}.") -> tuple[str, list[str]]:
    """(a note naming the one file every source came from, or "", each source's line): a file
    shared by all is named once, not on every line."""
    files = {a.get("file") for a in story["articles"]}
    shared = len(story["articles"]) > 1 and len(files) == 1 and None not in files
    note = f" (all from file {Path(files.pop()).name})" if shared else ""
    return note, [f"{number.format(a['number'])} {source_label(a, with_file=not shared)}" for a in story["articles"]]


def annotated(item: dict[str, Any]) -> str:
    """A summary item's sentence as shown: resolved dates and dateline places after their
    phrases ("on Saturday (Feb 16)", "here (Rio de Janeiro)"), and the brief's place before its
    first sentence when nothing else names it ("Jerusalem — Suicide bombers ...")."""
    text = with_dates(item["text"], item.get("dates", []) + item.get("places", []))
    return f"{item['dateline']} — {text}" if item.get("dateline") else text


def brief_text(story: dict[str, Any]) -> str:
    """The rewritten brief when there is one, else the extractive summary, each sentence cited."""
    if story.get("rewritten"):
        return " ".join(f"{s['text']} [{', '.join(map(str, s['sources']))}]" for s in story["rewritten"])
    return " ".join(f"{annotated(s)} [{s['citation']}]" for s in story["summary"])


NOTHING_NEW = "The added sources repeat what was already reported."


def whats_new_text(story: dict[str, Any]) -> str:
    """The update brief: what the story's new articles add, each sentence cited; "" when the
    story has no update brief, NOTHING_NEW when its new articles only repeat."""
    if "whats_new" not in story:
        return ""
    return " ".join(f"{annotated(s)} [{s['citation']}]"
                    for s in story["whats_new"]) or NOTHING_NEW


NEW_STORY = "New story: nothing about it was read before."


def whats_new_label(story: dict[str, Any]) -> str:
    """"What's new on Apr 11, 2001" when the section is what the newest day added, "What's new since
    Apr 10, 2001" when it is what came after articles read up to that day, else "What's new"."""
    if story.get("whats_new_day"):
        return f"What's new on {day_label(story['whats_new_day'])}"
    return f"What's new since {day_label(story['whats_new_since'])}" if story.get("whats_new_since") else "What's new"


MAX_NAMED_OUTLETS = 2  # a timeline day names at most this many outlets, else counts them


def timeline_days(story: dict[str, Any]) -> list[tuple[str, str, str, list[int]]]:
    """(ISO day, label, count, article numbers) per day of the story's timeline: the label has
    its year when the story spans years ("Oct 10, 1998"); the count is of articles, with their
    outlets when every article of the day names one ("2 articles (AP, Reuters)", "5 articles
    from 3 outlets")."""
    timeline = story.get("timeline")
    if not timeline:
        return []
    outlet = {a["number"]: a["source"] for a in story.get("articles", []) if a.get("source")}
    one_year = timeline["first"][:4] == timeline["latest"][:4]
    rows = []
    for d in timeline["days"]:
        label = day_label(d["date"])
        count = plural(len(d["articles"]), "article")
        if set(d["articles"]) <= set(outlet):
            names = list(dict.fromkeys(outlet[n] for n in d["articles"]))
            count += f" ({', '.join(names)})" if len(names) <= MAX_NAMED_OUTLETS else f" from {len(names)} outlets"
        rows.append((d["date"], label.rsplit(",", 1)[0] if one_year else label, count, d["articles"]))
    return rows


def plural(count: int, noun: str) -> str:
    """"1 story", "2 stories", "3 outlets"."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


TIMELINE_ENDS = 3  # a timeline of more days shows its first and last this many, and counts the rest


def timeline_text(story: dict[str, Any]) -> str:
    """"Feb 14 – Feb 16, 2019: Feb 14, 2 articles (AP, BBC) [1, 2]; Feb 16, 1 article [3]" ("" without
    dates); a long one keeps its first and last days: "...; … 19 more days …; ..."."""
    timeline = story.get("timeline")
    if not timeline:
        return ""
    rows = [f"{label}, {count} [{', '.join(map(str, numbers))}]" for _, label, count, numbers in timeline_days(story)]
    if len(rows) > 2 * TIMELINE_ENDS + 1:
        rows = rows[:TIMELINE_ENDS] + [f"… {len(rows) - 2 * TIMELINE_ENDS} more days …"] + rows[-TIMELINE_ENDS:]
    days = "; ".join(rows)
    undated = f"; {timeline['undated']} undated" if timeline.get("undated") else ""
    return f"{date_range_label(timeline)}: {days}{undated}"


def rewrite_note(story: dict[str, Any]) -> str:
    """One line on the rewrite: how many sentences were rewritten, how many the guard rejected."""
    if "rewritten" not in story:
        return ""
    if story.get("rewrite_error"):
        return f"Not rewritten ({story['rewrite_error']}); the extractive brief is shown."
    done = sum(s["rewritten"] for s in story["rewritten"])
    return (f"Rewritten: {done} of {len(story['rewritten'])} sentences; "
            f"{len(story.get('rejected', []))} rewrites rejected by the faithfulness guard.")


def story_markdown(story: dict[str, Any]) -> str:
    brief = brief_text(story)
    shared_file, lines_of_sources = source_lines(story)
    sources = "\n".join(lines_of_sources)
    lines = [f"## {story['title']}", ""]
    if whats_new_text(story):
        lines += [f"**{whats_new_label(story)}**", "", whats_new_text(story), ""]
        lines += ["**The story so far**", ""] if brief else []  # all it holds may be new
    elif story.get("new_story"):
        lines += [f"_{NEW_STORY}_", ""]
    lines += [brief, ""] if brief else []
    if timeline_text(story):
        lines += [f"**Timeline** {timeline_text(story)}", ""]
    lines += [f"**Sources**{shared_file}", "", sources]
    if rewrite_note(story):
        lines += ["", f"_{rewrite_note(story)}_"]
    if story.get("duplicates"):
        numbers = {a["id"]: a["number"] for a in story["articles"]}
        pairs = ", ".join(f"[{numbers[a]}]≈[{numbers[b]}]" for a, b in story["duplicates"])
        lines += ["", f"_Near-duplicate sources counted once: {pairs}_"]
    return "\n".join(lines)


def story_text(story: dict[str, Any]) -> str:
    brief = brief_text(story)
    shared_file, lines_of_sources = source_lines(story, "  [{}]")
    sources = "\n".join(lines_of_sources)
    note = f"\n\n{rewrite_note(story)}" if rewrite_note(story) else ""
    new = f"{whats_new_label(story)}: {whats_new_text(story)}\n\n" if whats_new_text(story) else ""
    if new and brief:
        brief = f"The story so far: {brief}"
    if story.get("new_story"):
        new = f"{NEW_STORY}\n\n"
    brief = f"{brief}\n\n" if brief else ""
    timeline = f"Timeline: {timeline_text(story)}\n\n" if timeline_text(story) else ""
    return f"{story['title']}\n\n{new}{brief}{timeline}Sources{shared_file}:\n{sources}{note}"


