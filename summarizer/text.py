"""Text utilities every stage shares: tokenizing and word statistics.

- `tokens`: lower-cased words (near-copies, baselines, the rewrite guard);
- `content_tokens` and `STOP_WORDS`: lightly stemmed words for concepts and learned relevance;
- `word_rarity`: how rare a word is in English (wordfreq), for story grouping;
- `is_all_caps`: a shouted line (a wire headline or slug), for reading and titles.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own said same says she
should so some such than that the their theirs them themselves then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves one two new like get got year years told say mr ms mrs
""".split())


def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


_STEMS: dict[str, str] = {}  # word -> stem, cleared when large


def content_tokens(text: str) -> list[str]:
    """Lower-cased words with a light plural/possessive stem (stems are remembered)."""
    if len(_STEMS) > 200_000:
        _STEMS.clear()
    stems = _STEMS
    return [stems.get(w) or stems.setdefault(w, _stem(w)) for w in _WORD_RE.findall(text.lower())]


_TOKEN_RE = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


CONTENT_WORD = r"(?u)\b[^\W\d_][\w'-]+\b"  # a word that starts with a letter


@lru_cache(maxsize=200_000)
def word_rarity(word: str) -> float:
    """8 minus the word's Zipf frequency in English (wordfreq): ~2 for 'said', ~5 for a
    surname, 8 for a word it has never seen."""
    from wordfreq import zipf_frequency

    return max(0.0, 8.0 - zipf_frequency(word, "en"))


def is_all_caps(text: str) -> bool:
    """A wire slug or shouted line: nearly every letter upper case, over several words."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 3 and sum(c.isupper() for c in letters) > 0.8 * len(letters)
