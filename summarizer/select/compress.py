"""Sentence compression for a fixed word budget: pure text rules that drop words a brief can
spare, so the budget holds more content (MMRSelector with `select.compress`).

- a wire dateline: "WASHINGTON (AP) — The Senate ..." -> "The Senate ...";
- a parenthetical aside: "Williams syndrome (WS) is ..." -> "Williams syndrome is ...";
- a leading connective: "But fishermen say they had no warning." -> "Fishermen say they had no
  warning." (only when what is left no longer points back: "But he said ..." keeps its "But").

Who said or reported a claim is never dropped ("officials said", "according to police", "the
ministry said"): a claim without its source is a different claim. An aside that attributes
("(police said)", "(according to the report)") stays, and so does one inside a quote or holding a
quote mark. A change is kept only if what is left still reads as a sentence: at least MIN_WORDS
words, the same final punctuation, and no opening word that points back ("He", "But", "The two").
Every rule is a function from text to text that returns its input when it does not apply.
"""
from __future__ import annotations

import re

from summarizer.select.readability import needs_antecedent

MIN_WORDS = 6  # a compressed sentence keeps at least this many words
_QUOTES = "\"“”‘’`«»"
_QUOTE_RE = re.compile(r"[\"“”«»]|``|''|(?:^|\s)['‘]|['’](?=\s|[.,;:!?]|$)")

_PAREN_RE = re.compile(r"\s*\(\s*([^()]{1,80}?)\s*\)")
# "WASHINGTON (AP) — ", "Cairo ( reuters ) - ": a dateline before the first word of the news.
_DATELINE_RE = re.compile(r"^(?:[\w.'’-]+[ ,]+){0,4}\(\s*[^()\"“”]{1,30}?\s*\)\s*[-—–_:]{1,2}\s+")
# Additive and contrastive openers that carry no fact of their own (causal ones, "As a result", stay).
_CONNECTIVE_RE = re.compile(
    r"^(?:but|and|yet,|still,|also,|however,|moreover,|furthermore,|nevertheless,|nonetheless,|besides,|"
    r"indeed,|in addition,|in fact,|at the same time,|meanwhile,)\s+(?=[\w“\"‘'])", re.IGNORECASE)
# Words that name who said or reported a claim; what holds one is never cut.
ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|according to|reported|reports|reporting|announced|announces|"
    r"stated|added|adds|confirmed|confirms|claimed|claims|alleged|alleges|quoted|quoting|cited|citing|"
    r"estimated|estimates|testified|wrote|writes|believes?|believed|warned|warns|insisted|insists|"
    r"denied|denies|acknowledged|acknowledges|argued|argues)\b", re.IGNORECASE)
_CLOSING = "”’\"')] "


def has_quote(text: str) -> bool:
    """Any quotation mark (typographic, straight, TeX or a single quote that is not an apostrophe)."""
    return bool(_QUOTE_RE.search(text))


def attributes(text: str) -> bool:
    """The text names who said or reported something ("police said", "according to the report")."""
    return bool(ATTRIBUTION_RE.search(text))


def drop_dateline(text: str) -> str:
    """"WASHINGTON (AP) — The Senate ..." -> "The Senate ..."."""
    return _capitalize(_DATELINE_RE.sub("", text, count=1))


# "celecoxib (Celebrex)": the name readers know, after a common word; "(AP)", "(SUVs)" are no such name.
_NAME_GLOSS_RE = re.compile(r"[a-z]\s*\(\s*[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){0,2}\s*\)")


def drop_parentheticals(text: str) -> str:
    """Remove short "( ... )" asides that hold no quote mark and are not the whole sentence; a
    brand or common name after a generic one ("celecoxib (Celebrex)") stays."""
    def cut(match: re.Match) -> str:
        inner = match.group(1)
        if (any(q in inner for q in _QUOTES) or quote_open_at(text, match.start()) or attributes(inner)
                or _NAME_GLOSS_RE.match(text, max(0, match.start() - 1))):
            return match.group(0)
        return ""

    out = _PAREN_RE.sub(cut, text)
    if out == text:
        return text
    out = re.sub(r"\s+([,.;:!?])", r"\1", out).strip()
    out = re.sub(r"^[-—–:,;\s]+", "", out)
    return _capitalize(out) if out else text


def drop_leading_connective(text: str) -> str:
    """"But fishermen say ..." -> "Fishermen say ..." when the rest reads on its own."""
    match = _CONNECTIVE_RE.match(text)
    if match is None:
        return text
    rest = _capitalize(text[match.end():])
    return text if needs_antecedent(rest) else rest


ASIDE_RULES = (drop_dateline, drop_parentheticals)
OPENER_RULES = (drop_leading_connective,)


def compress(text: str, min_words: int = MIN_WORDS) -> str:
    """The sentence with every rule applied that leaves a readable sentence; else the sentence."""
    rules = ASIDE_RULES if "(" in text else ()
    if _CONNECTIVE_RE.match(text):
        rules += OPENER_RULES
    out = text.strip()
    for rule in rules:  # most sentences get none: nothing any rule could drop
        shorter = rule(out)
        if shorter != out and readable(shorter, out, min_words):
            out = shorter.strip()
    return out if out != text.strip() else text


def readable(shorter: str, before: str, min_words: int = MIN_WORDS) -> bool:
    """A compressed sentence still stands alone: enough words, it ends as a sentence ends, it
    does not open on a word that points back unless the sentence did already."""
    shorter, before = shorter.strip(), before.strip()
    words = shorter.split()
    if len(words) < min_words or len(words) >= len(before.split()):
        return False
    if not shorter.rstrip(_CLOSING).endswith((".", "!", "?")) and before.rstrip(_CLOSING).endswith((".", "!", "?")):
        return False
    return not needs_antecedent(shorter) or needs_antecedent(before)


def quote_open_at(text: str, i: int) -> bool:
    """Whether position i lies inside a double quotation."""
    head = text[:i]
    return head.count("“") > head.count("”") or head.count('"') % 2 == 1 or head.count("``") > head.count("''")


def _capitalize(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch.isdigit():
            return text
    return text
