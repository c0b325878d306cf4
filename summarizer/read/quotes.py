"""Quotation marks in news text, and the verbs that name a speaker.

- `typographic_quotes`: TeX (`` '') and straight quotes become “ ” ‘ ’, apostrophes stay ',
  a wire '' opens or closes by its neighbours (''There've been ...'' opens, then closes),
  and a quote left open at the end of a paragraph is closed there (the newswire habit of
  leaving a quote open when it runs on into the next paragraph).
- `quotes_balanced` / `has_broken_quotes`: every “ has its ”, no TeX or straight marks.
- `SPEAKER_VERBS`: words that speak for a quoted speaker ("said", "according to", ...).
"""
from __future__ import annotations

import re

OPEN, CLOSE = "“", "”"


OPEN_SINGLE, CLOSE_SINGLE = "‘", "’"


APOSTROPHE = "'"


_TEX_OPEN_RE = re.compile(r"``")


_TEX_CLOSE_RE = re.compile(r"''")


# A ’ or ' between two letters/digits is an apostrophe (don't, O'Brien, rock'n'roll).
_INNER_APOSTROPHE_RE = re.compile(r"(?<=[^\W_])[’'](?=[^\W_])")


# Elisions that open on an apostrophe: '90s, 'em, 'til, 'n'.
_LEADING_ELISION_RE = re.compile(r"'(?=(?:\d0s|em|til|tis|twas|cause|n)\b)", re.IGNORECASE)


# Words that speak for a quoted speaker: a sentence holding one names who is quoted.
SPEAKER_VERBS = (
    "said|says|say|saying|told|tells|tell|added|adds|according to|asked|asks|wrote|writes|explained|"
    "explains|stated|states|declared|announced|insisted|insists|noted|notes|continued|recalled|argued|"
    "argues|tweeted|posted|warned|warns|claimed|claims|admitted|replied|responded|urged|stressed|"
    "acknowledged|conceded|confirmed|added|observed|remarked|suggested|predicted|vowed|pleaded|shouted|"
    "cried|joked|quipped|mused|wondered|testified|testifies|went on|put it|in a statement|in an interview"
)


_DOUBLE_MARK_RE = re.compile("[“”]")


_SINGLE_MARK_RE = re.compile("[‘’']")


def typographic_quotes(text: str) -> str:
    """Quotes of one paragraph as “ ” ‘ ’ (apostrophes as '), balanced.

    Straight and TeX marks are oriented by their neighbours, and by alternation where the
    neighbours do not tell (`" spaced quotes "`); spaces inside the marks are dropped. A
    quote still open at the end is closed there; a closing mark with no opener becomes
    an opener when nothing before it was quoted in this paragraph.
    """
    if not any(c in text for c in "\"'`“”‘’"):
        return text
    text = _TEX_OPEN_RE.sub(OPEN, text)
    # Wire copy writes '' for both ends of a quote (``a'' and ''a''): oriented like a straight mark.
    text = _TEX_CLOSE_RE.sub('"', text)
    text = text.replace("`", OPEN_SINGLE)
    text = _INNER_APOSTROPHE_RE.sub(APOSTROPHE, text)
    text = _LEADING_ELISION_RE.sub("\0", text)  # protect from being read as a quote mark
    text = _orient(text, '"', OPEN, CLOSE)
    text = _orient_single(text)
    text = text.replace("\0", APOSTROPHE)
    text = re.sub(r"“\s+", OPEN, text)
    text = re.sub(r"\s+”", CLOSE, text)
    text = re.sub(r"‘\s+(?=\S)", OPEN_SINGLE, text)
    text = re.sub(r"(?<=\S)\s+’(?=[\s,.;:!?”)]|$)", CLOSE_SINGLE, text)
    return balance_quotes(text)


def _side(text: str, i: int) -> tuple[bool, bool]:
    """(space or start before, space or end or punctuation after) around position i."""
    before = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/“‘"
    after = i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] in ".,;:!?)]}—–-”’"
    return before, after


def _orient(text: str, mark: str, opener: str, closer: str) -> str:
    """Straight double marks: a mark after a space opens, one before a space closes;
    where both sides are alike (`" spaced "`) they alternate."""
    out = list(text)
    depth = 0
    for match in re.finditer(f"[{re.escape(opener + closer + mark)}]", text):
        i, c = match.start(), match.group()
        if c == opener:
            depth += 1
        elif c == closer:
            depth = max(depth - 1, 0)
        else:
            before, after = _side(text, i)
            is_open = True if before and not after else False if after and not before else depth == 0
            out[i] = opener if is_open else closer
            depth = depth + 1 if is_open else max(depth - 1, 0)
    return "".join(out)


def _orient_single(text: str) -> str:
    """Straight single marks: a quote opens after a space and closes before one; a mark
    after a word with no single quote open is an apostrophe (the officials' plan)."""
    out = list(text)
    depth = 0
    for match in _SINGLE_MARK_RE.finditer(text):
        i, c = match.start(), match.group()
        if c == OPEN_SINGLE:
            depth += 1
        elif c == CLOSE_SINGLE:
            if depth:
                depth -= 1
            else:
                out[i] = APOSTROPHE  # ’ with nothing open: an apostrophe (officials’)
        elif c == "'":
            before, after = _side(text, i)
            if before and not after:
                out[i], depth = OPEN_SINGLE, depth + 1
            elif depth and (after or before):
                out[i], depth = CLOSE_SINGLE, depth - 1
            elif before and after and not depth:
                out[i], depth = OPEN_SINGLE, depth + 1
            else:
                out[i] = APOSTROPHE
    return "".join(out)


def balance_quotes(text: str) -> str:
    """Close a “ left open at the end; a leading ” with no opener becomes “ (or goes)."""
    depth, fixed = 0, list(text)
    for match in _DOUBLE_MARK_RE.finditer(text):
        if match.group() == OPEN:
            depth += 1
        elif depth:
            depth -= 1
        else:  # a closer with no opener: drop it, keeping the space a sentence end needs
            i = match.start()
            glued = 0 < i < len(text) - 1 and text[i - 1] in ".!?" and text[i + 1].isalpha()
            fixed[i] = " " if glued else ""
    text = "".join(fixed)
    if depth:
        end = len(text.rstrip())
        text = text[:end] + CLOSE * depth + text[end:]
    single = 0
    for match in _SINGLE_MARK_RE.finditer(text):
        if match.group() == OPEN_SINGLE:
            single += 1
        elif match.group() == CLOSE_SINGLE and single:
            single -= 1
    if single:
        # A ‘ left open is read as an apostrophe-like mark: turn the last open one back.
        idx = text.rfind(OPEN_SINGLE)
        text = text[:idx] + APOSTROPHE + text[idx + 1:]
    return text


def quote_depth(text: str) -> int:
    """“ minus ” over the text: > 0 while a double quote is open."""
    return text.count(OPEN) - text.count(CLOSE)


def quotes_balanced(text: str) -> bool:
    """Every “ closes with a ” after it, and no ” comes without an opener."""
    depth = 0
    for c in text:
        if c == OPEN:
            depth += 1
        elif c == CLOSE:
            if not depth:
                return False
            depth -= 1
    return depth == 0


def has_broken_quotes(text: str) -> bool:
    """TeX marks (`` ''), an odd number of straight double quotes, or “ ” that do not balance."""
    return "``" in text or "''" in text or text.count('"') % 2 == 1 or not quotes_balanced(text)
