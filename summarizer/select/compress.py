"""Sentence compression for a fixed word budget: pure text rules that drop words a brief can
spare, so the budget holds more content (MMRSelector with `select.compress`).

- a wire dateline: "WASHINGTON (AP) — The Senate ..." -> "The Senate ...";
- a parenthetical aside: "Williams syndrome (WS) is ..." -> "Williams syndrome is ...";
- a trailing attribution: "Six people died, police said on Monday." -> "Six people died.";
- an attribution between commas: "The man, police said, was armed." -> "The man was armed.";
- a leading attribution: "Officials said on Monday that the road is shut." -> "The road is shut.";
- a leading connective: "But fishermen say they had no warning." -> "Fishermen say they had no
  warning." (only when what is left no longer points back: "But he said ..." keeps its "But").

An attribution goes only when it names an institution, a document or unnamed officials
("police", "the report", "people familiar with the matter"): a named person's claim keeps its
speaker. Quotes are never cut: a sentence holding a quotation keeps its attribution (it names
who is quoted), and a parenthetical inside a quote or holding a quote mark stays. A change is
kept only if what is left still reads as a sentence: at least MIN_WORDS words, the same final
punctuation, and no opening word that points back ("He", "But", "The two").
Every rule is a function from text to text that returns its input when it does not apply.
"""
from __future__ import annotations

import re

from summarizer.select.readability import needs_antecedent

MIN_WORDS = 6  # a compressed sentence keeps at least this many words
_QUOTES = "\"“”‘’`«»"
_QUOTE_RE = re.compile(r"[\"“”«»]|``|''|(?:^|\s)['‘]|['’](?=\s|[.,;:!?]|$)")

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WHEN = (rf"(?:(?:on |last |this |late |early )?{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?|"
         r"yesterday|today|tonight|this week|last week|earlier|recently|initially|"
         r"in a (?:statement|news release|press release|report|release)|in an? (?:e-mail|email|interview))")
_SAYS = r"(?:said|says|told (?:the )?(?:[\w.'’&-]+ ?){1,3}?|reported|reports|announced)"
# Who speaks: a few words, no clause of its own (no comma, quote, or subordinate word).
_WORDS = r"(?:(?!(?:who|which|that|when|if|because|and|but)\b)[\w.'’&/-]+ ){0,6}?[\w.'’&/-]+"
_SPEAKER = rf"(?P<speaker>{_WORDS})"
_SOURCE = rf"(?P<source>{_WORDS})"  # the same, after "according to"
# An attribution is dropped only when it names an institution, a document or unnamed officials:
# their report reads as the news itself. A named person's claim or opinion keeps its speaker.
_SOURCE_RE = re.compile(
    r"\b(?:police|officials?|authorities|spokes(?:man|woman|person|people)|agency|agencies|department|"
    r"ministry|government|company|companies|firm|sources?|familiar|statement|reports?|study|studies|"
    r"researchers|data|figures|survey|poll|documents?|records|court|filings?|complaint|lawsuit|affidavit|"
    r"indictment|order|release|website|witnesses|investigators|prosecutors|officers?|sheriff'?s?|coroner|"
    r"examiner|military|army|navy|pentagon|white house|ap|associated press|reuters|afp|upi|cnn|bbc|"
    r"news|times|post|journal|network|station|newspaper|paper|magazine|media|office|service|commission|"
    r"council|committee|board|organi[sz]ation|group|university|hospital|school|district|county|city)\b",
    re.IGNORECASE)
_PAREN_RE = re.compile(r"\s*\(\s*([^()]{1,80}?)\s*\)")
# "WASHINGTON (AP) — ", "Cairo ( reuters ) - ": a dateline before the first word of the news.
_DATELINE_RE = re.compile(r"^(?:[\w.'’-]+[ ,]+){0,4}\(\s*[^()\"“”]{1,30}?\s*\)\s*[-—–_:]{1,2}\s+")
_TRAILING_RE = re.compile(
    rf",\s+(?:according to {_SOURCE}|{_SPEAKER} {_SAYS}(?: {_WHEN})*)\s*(?P<end>[.!])$", re.IGNORECASE)
_INNER_RE = re.compile(rf"(?<=\w),\s+{_SPEAKER} (?:said|says)(?: {_WHEN})?,\s+(?=\w)", re.IGNORECASE)
_LEADING_RE = re.compile(
    rf"^(?:according to {_SOURCE}, |"
    rf"(?!(?:if|when|as|while|because|although|after|before|but|and|so|he|she|they|it|we|i|you)\b)"
    rf"{_SPEAKER} (?:has |have |had )?(?:said|says|announced|reported)(?: {_WHEN})*,? "
    rf"(?:that |(?=(?:the|a|an|there|\d[\d,.]*)\s)))",
    re.IGNORECASE)
# Additive and contrastive openers that carry no fact of their own (causal ones, "As a result", stay).
_CONNECTIVE_RE = re.compile(
    r"^(?:but|and|yet,|still,|also,|however,|moreover,|furthermore,|nevertheless,|nonetheless,|besides,|"
    r"indeed,|in addition,|in fact,|at the same time,)\s+(?=[\w“\"‘'])", re.IGNORECASE)
_CLOSING = "”’\"')] "
_ATTRIBUTION_RE = re.compile(r"\b(?:said|says|told|reported|reports|announced|according)\b", re.IGNORECASE)


def has_quote(text: str) -> bool:
    """Any quotation mark (typographic, straight, TeX or a single quote that is not an apostrophe)."""
    return bool(_QUOTE_RE.search(text))


def is_source(speaker: str) -> bool:
    """The speaker is an institution, a document or unnamed officials ("police", "the report")."""
    return bool(_SOURCE_RE.search(speaker))


def drop_dateline(text: str) -> str:
    """"WASHINGTON (AP) — The Senate ..." -> "The Senate ..."."""
    return _capitalize(_DATELINE_RE.sub("", text, count=1))


def drop_parentheticals(text: str) -> str:
    """Remove short "( ... )" asides that hold no quote mark and are not the whole sentence."""
    def cut(match: re.Match) -> str:
        inner = match.group(1)
        if any(q in inner for q in _QUOTES) or quote_open_at(text, match.start()):
            return match.group(0)
        return ""

    out = _PAREN_RE.sub(cut, text)
    if out == text:
        return text
    out = re.sub(r"\s+([,.;:!?])", r"\1", out).strip()
    out = re.sub(r"^[-—–:,;\s]+", "", out)
    return _capitalize(out) if out else text


def drop_trailing_attribution(text: str) -> str:
    """"Six died, police said." -> "Six died." (not when the sentence quotes anyone)."""
    match = None if has_quote(text) else _TRAILING_RE.search(text)
    if match is None or not is_source(match.group("speaker") or match.group("source")):
        return text
    return text[:match.start()] + match.group("end")


def drop_inner_attribution(text: str) -> str:
    """"The man, police said, was armed." -> "The man was armed." (not with a quotation)."""
    match = None if has_quote(text) else _INNER_RE.search(text)
    if match is None or not is_source(match.group("speaker") or match.group("source")):
        return text
    return text[:match.start()] + _inner_gap(match) + text[match.end():]


def drop_leading_attribution(text: str) -> str:
    """"Officials said (on Monday) (that) the road is shut." -> "The road is shut." (not with a quotation)."""
    match = None if has_quote(text) else _LEADING_RE.search(text)
    if match is None or not is_source(match.group("speaker") or match.group("source")):
        return text
    return _capitalize(text[match.end():])


def drop_leading_connective(text: str) -> str:
    """"But fishermen say ..." -> "Fishermen say ..." when the rest reads on its own."""
    match = _CONNECTIVE_RE.match(text)
    if match is None:
        return text
    rest = _capitalize(text[match.end():])
    return text if needs_antecedent(rest) else rest


def _inner_gap(match: re.Match) -> str:
    """What replaces ", police said, ": nothing between a subject and its verb ("The man was
    armed"), a comma before a phrase that was set off anyway ("..., in what could be ...")."""
    rest = match.string[match.end():]
    word = rest.split(maxsplit=1)[0].lower() if rest.split() else ""
    return ", " if word.endswith("ing") or word in _SET_OFF else " "


_SET_OFF = frozenset("""in as with after before while when where which who whose but and although though
because since amid according despite including saying adding""".split())


ASIDE_RULES = (drop_dateline, drop_parentheticals)
OPENER_RULES = (drop_leading_connective,)
ATTRIBUTION_RULES = (drop_trailing_attribution, drop_inner_attribution, drop_leading_attribution)


def compress(text: str, min_words: int = MIN_WORDS) -> str:
    """The sentence with every rule applied that leaves a readable sentence; else the sentence."""
    rules = ASIDE_RULES if "(" in text else ()
    if _ATTRIBUTION_RE.search(text) and not has_quote(text):
        rules += ATTRIBUTION_RULES
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
