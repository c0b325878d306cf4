"""Render a summarize() result as Markdown, plain text or JSON."""
from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

# write_atomic's temporary files: `.<name>.<random>.tmp` beside the target.
_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


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


def write_atomic(path: str | Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: never a partial file.

    On Linux the text goes into an unnamed file (O_TMPFILE) that gets a name only once it
    is complete, so even a kill leaves nothing partial behind. Elsewhere a named temporary
    file is used: Ctrl+C removes it; a kill leaves it, hidden, until
    `remove_stale_temp_files` clears it on the next batch run.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _write_unnamed_then_link(path, text.encode("utf-8")):
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_unnamed_then_link(path: Path, data: bytes) -> bool:
    """Linux: write and sync an O_TMPFILE, link it under a hidden name, rename it into place.
    False where the OS or file system cannot (then write_atomic uses a named temporary file)."""
    if not hasattr(os, "O_TMPFILE"):
        return False
    try:
        fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o666)  # the umask applies
    except OSError:
        return False
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        if not _link_fd(fd, tmp):
            return False
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        os.close(fd)
    return True


def _link_fd(fd: int, target: Path) -> bool:
    """linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, target, AT_SYMLINK_FOLLOW): os.link
    cannot ask for AT_SYMLINK_FOLLOW on Linux."""
    import ctypes

    try:
        linkat = ctypes.CDLL(None, use_errno=True).linkat
    except (OSError, AttributeError):
        return False
    at_fdcwd, at_symlink_follow = -100, 0x400
    return linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(target), at_symlink_follow) == 0


def remove_stale_temp_files(folder: str | Path) -> list[str]:
    """Delete temporary files a killed `write_atomic` left in `folder`; returns their names."""
    removed = []
    for path in sorted(Path(folder).glob(".*.tmp")):
        if _TEMP_RE.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
