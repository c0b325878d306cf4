"""Tolls that disagree: "killed at least 82" on Friday, "at least 96" on Sunday.

A brief that states both reads as a contradiction. `toll_conflicts` pairs the sentences of two
articles, filed within REVISED_WITHIN_DAYS of each other, that state counts of one kind (dead,
injured, missing) of one event that differ by no more than REVISION_RATIO (one toll revised; a toll
that grew from 82 to 156 is news of its own): the sentences share a word ("typhoon", "Kell") and
neither count has a place ("in Poland", "throughout Europe") the other sentence does not name. The
selector picks at most one of each pair. Counts in a sentence that names an earlier year ("the 1978
fire killed 20") are background; undated articles are never paired.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from summarizer.read.sources import parse_date
from summarizer.records import Article, Sentence
from summarizer.select.features import PEOPLE_WORDS
from summarizer.text import STOP_WORDS

REVISED_WITHIN_DAYS = 7
# Counts this close are one toll revised ("10" and "11" dead); one far larger is news of its own (82, then 156).
REVISION_RATIO = 1.5
MAX_TOLL_STATEMENTS = 300  # counts compared in one story (pairs grow with their square)
KINDS = {
    "dead": frozenset("killed killing kills kill dead deaths died dying toll fatalities perished lives".split()),
    "injured": frozenset("injured injuring injuries wounded wounding hurt".split()),
    "missing": frozenset("missing unaccounted".split()),
}
_KIND_OF = {word: kind for kind, words in KINDS.items() for word in words}
_KIND_WORD_RE = re.compile(r"\b(?:" + "|".join(sorted(_KIND_OF)) + r")\b", re.IGNORECASE)
# words that verb a count after them: "killing at least 237", "injured more than 1,000"
_COUNTING_VERBS = frozenset("killed killing kills injured injuring wounded wounding".split())
_QUALIFIERS = frozenset("the all at least more than about some nearly almost over up to around an estimated".split())
# a number that names, not counts: "Flight 447", "No. 13", "Route 9"
_NUMBERED = frozenset("flight no number route highway interstate apollo gate room channel section terminal".split())
# what links a toll to its number: "toll rose to 151", "toll of 60", "toll topped 750"
_TOLL_LINKS = frozenset("to at of reached topped hit passed exceeded was is stood now".split())
_NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                              "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                                              "twenty".split())}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_NOT_COUNTED = frozenset("year years month months week weeks day days hour hours minute minutes percent per "
                         "degree degrees magnitude of".split())  # "one of the dead" is a part, no toll
_TOKEN_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[A-Za-z]+")
_CLAUSE_RE = re.compile(r"[;:()\u2014]|,\s|\s-{1,2}\s")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
_YEAR_IN_TEXT_RE = re.compile(r"\b((?:1[89]|20)\d\d)\b")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                      "june july august september october november december".split())
_PLACE_PREPOSITIONS = frozenset("in across throughout on at near outside".split())
_NOT_EVENT_WORDS = frozenset("people persons said".split())


def toll_counts(text: str) -> set[tuple[str, float]]:
    """The (kind, number) counts of dead, injured or missing a sentence states: "237 people were
    killed", "killing at least 237", "the death toll topped 750", "100 feared dead"; not ages,
    spans of time or years ("a 15-year-old died", "two weeks", "in 1978")."""
    return {(kind, number) for kind, number, _ in _tolls(_TOKEN_RE.findall(text))}


def _tolls(tokens: list[str]) -> list[tuple[str, float, int]]:
    """(kind, number, the number's token position) of each count in a sentence's tokens: "Flight 447"
    and "No. 13" are no counts."""
    words = [t.lower() for t in tokens]
    found = []
    for i in range(len(words)):
        number = _count(words, i)
        if number is None:
            continue
        before = words[max(0, i - 8):i]
        while before and before[-1] in _QUALIFIERS:
            before.pop()
        kind = _KIND_OF[before[-1]] if before and before[-1] in _COUNTING_VERBS else _kind_after(words, i)
        if kind is not None:
            found.append((kind, number, i))
    for t, word in enumerate(words):  # "the death toll ... rose to at least 74"
        if word != "toll":
            continue
        kind = "injured" if t and words[t - 1] in ("injury", "casualty") else "dead"
        for i in range(t + 1, min(t + 16, len(words))):
            number = _count(words, i)
            link = i - 1
            while link > t and words[link] in _QUALIFIERS and words[link] not in _TOLL_LINKS:
                link -= 1
            if number is not None and words[link] in _TOLL_LINKS:
                found.append((kind, number, i))
                break
    return found


def _kind_after(words: list[str], i: int) -> str | None:
    """The kind of the first toll word within five words after the count at `i`, before any other
    number or a conjunction ("killed the two bombers and injured 21": the two are dead)."""
    for j in range(i + 1, min(i + 6, len(words))):
        if words[j] in _KIND_OF:
            return _KIND_OF[words[j]]
        if _count(words, j) is not None or words[j] in ("and", "but", "or"):
            return None
    return None


def _count(words: list[str], i: int) -> float | None:
    """The number `words[i]` states as a count (with its scale word), None for no number, a year,
    a fraction, an age or a span of time."""
    word, following = words[i], words[i + 1] if i + 1 < len(words) else ""
    if following in _NOT_COUNTED or (i and words[i - 1] in _NUMBERED):
        return None
    if word in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[word])
    elif word[0].isdigit() and not _YEAR_RE.fullmatch(word) and ("." not in word or following in _SCALE):
        value = float(word.replace(",", ""))
    else:
        return None
    return value * _SCALE.get(following, 1)


def toll_conflicts(sentences: list[Sentence], articles: Mapping[str, Article]) -> list[frozenset]:
    """conflicts[i]: the key of the group of sentences that disagree with sentence i on a toll
    (module docstring), for the selector's rule that a brief states a fact once (select/selector.mmr
    `facts`, the MMR method): once one of a group is picked, the others are not. Two counts of
    different people ("11" at one embassy, "the 12 Americans who died") never disagree. A story with
    more than MAX_TOLL_STATEMENTS counts is judged on its first ones."""
    moment: dict[str, object] = {}  # article id -> its parsed date (None: undated)
    stated = []  # (sentence, kind, number, who is counted, the names near the count)
    names = {}
    for i, sentence in enumerate(sentences):
        if len(stated) >= MAX_TOLL_STATEMENTS:
            break
        if not _KIND_WORD_RE.search(sentence.text):
            continue
        if sentence.article_id not in moment:  # each article's date parsed once
            moment[sentence.article_id] = parse_date(articles[sentence.article_id].date)
        if _looks_back(sentence.text, moment[sentence.article_id]):
            continue
        clauses = _CLAUSE_RE.split(sentence.text)
        opening = _places(_TOKEN_RE.findall(clauses[0]))  # "In Poland, 32 people died"
        for clause in clauses:
            tokens = _TOKEN_RE.findall(clause)
            stated += [(i, kind, number, _counted(tokens, n), _places(tokens) | opening)
                       for kind, number, n in _tolls(tokens)]
        if stated and stated[-1][0] == i:
            names[i] = _names(_TOKEN_RE.findall(sentence.text))
    if len({sentences[i].article_id for i in names}) < 2:
        return [frozenset()] * len(sentences)
    words = {i: _event_words(sentences[i].text) for i in names}
    group = list(range(len(sentences)))  # union-find over the sentences that disagree

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    linked = set()
    for n, (i, kind, count, who, scope) in enumerate(stated):
        first = moment[sentences[i].article_id]
        for j, other_kind, other_count, other_who, other_scope in stated[n + 1:]:
            then = moment[sentences[j].article_id]
            revised = count != other_count and max(count, other_count) <= REVISION_RATIO * min(count, other_count)
            if (other_kind != kind or not revised or sentences[i].article_id == sentences[j].article_id
                    or first is None or then is None or abs((then - first).days) > REVISED_WITHIN_DAYS
                    or (who and other_who and who != other_who)):
                continue
            if words[i] & words[j] and scope <= names[j] and other_scope <= names[i]:
                group[root(i)] = root(j)
                linked |= {i, j}
    return [frozenset({("toll", root(i))}) if i in linked else frozenset() for i in range(len(sentences))]


def _counted(tokens: list[str], n: int) -> str | None:
    """Who a count counts, the word after it ("12 Americans"; people, residents ... are people), if any."""
    after = tokens[n + 1].lower() if n + 1 < len(tokens) else ""
    if not after.isalpha() or after in _KIND_OF or after in STOP_WORDS or after in _QUALIFIERS:
        return None
    return "people" if after in PEOPLE_WORDS | _NOT_EVENT_WORDS else after


def _looks_back(text: str, moment) -> bool:
    """The sentence names a year before its article's (`moment`, its parsed date): background, no toll of the news."""
    return moment is not None and any(int(year) < moment.year for year in _YEAR_IN_TEXT_RE.findall(text))


def _names(tokens: list[str]) -> frozenset[str]:
    """Capitalized words after the first, less days and months."""
    return frozenset(t for t in tokens[1:] if _is_name(t))


def _places(tokens: list[str]) -> frozenset[str]:
    """The names after a place's preposition: "in the northern Philippines", "throughout Europe", "on
    Arden island" (a count's scope)."""
    found = set()
    for k, token in enumerate(tokens):
        if token.lower() not in _PLACE_PREPOSITIONS:
            continue
        j = k + 1
        while j < len(tokens) and j <= k + 3 and tokens[j].islower():  # "the", "northern"
            j += 1
        while j < len(tokens) and _is_name(tokens[j]):
            found.add(tokens[j])
            j += 1
    return frozenset(found)


def _is_name(token: str) -> bool:
    return token[:1].isupper() and token[1:].islower() and token.lower() not in _CALENDAR


def _event_words(text: str) -> set[str]:
    words = (w.lower() for w in _TOKEN_RE.findall(text))
    return {w for w in words if w.isalpha() and len(w) > 2 and w not in STOP_WORDS and w not in _KIND_OF
            and w not in _QUALIFIERS and w not in _NOT_EVENT_WORDS}
