"""Render a summarize() result as Markdown, plain text or JSON."""
from __future__ import annotations

import json
from typing import Any


def render(result: dict[str, Any], fmt: str = "md") -> str:
    if fmt == "json":
        return to_json(result)
    render_story = story_markdown if fmt == "md" else story_text
    return "\n\n".join(render_story(story) for story in result["stories"]).rstrip() + "\n"


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


OPENING_WORDS = 8  # first words that name a source without a headline


def first_words(text: str, count: int = OPENING_WORDS) -> str:
    """The first `count` words of `text`, marked as cut when they are."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def source_label(article: dict[str, Any], mark_undated: bool = False) -> str:
    """Headline (else the article's first words, quoted), outlet and date; with mark_undated,
    "date unknown" where the date is missing (a story whose other sources are dated)."""
    name = article.get("title") or (f"“{article['opening']}”" if article.get("opening") else article["id"])
    parts = [name]
    if article.get("source"):
        parts.append(article["source"])
    if article.get("date"):
        parts.append(article["date"])
    elif mark_undated:
        parts.append("date unknown")
    return " — ".join(parts)


def _some_dated(story: dict[str, Any]) -> bool:
    return any(a.get("date") for a in story["articles"])


def brief_text(story: dict[str, Any]) -> str:
    """The rewritten brief when there is one, else the extractive summary, each sentence cited."""
    if story.get("rewritten"):
        return " ".join(f"{s['text']} [{', '.join(map(str, s['sources']))}]" for s in story["rewritten"])
    return " ".join(f"{s['text']} [{s['citation']}]" for s in story["summary"])


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
    sources = "\n".join(f"{a['number']}. {source_label(a, _some_dated(story))}" for a in story["articles"])
    lines = [f"## {story['title']}", "", brief, "", "**Sources**", "", sources]
    if rewrite_note(story):
        lines += ["", f"_{rewrite_note(story)}_"]
    if story.get("duplicates"):
        numbers = {a["id"]: a["number"] for a in story["articles"]}
        pairs = ", ".join(f"[{numbers[a]}]≈[{numbers[b]}]" for a, b in story["duplicates"])
        lines += ["", f"_Near-duplicate sources counted once: {pairs}_"]
    return "\n".join(lines)


def story_text(story: dict[str, Any]) -> str:
    brief = brief_text(story)
    sources = "\n".join(f"  [{a['number']}] {source_label(a, _some_dated(story))}" for a in story["articles"])
    note = f"\n\n{rewrite_note(story)}" if rewrite_note(story) else ""
    return f"{story['title']}\n\n{brief}\n\nSources:\n{sources}{note}"


