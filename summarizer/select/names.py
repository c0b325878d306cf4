"""A person a brief names first by surname alone ("led by Holloway") is introduced by the
full name the story gave them ("led by Natalee Holloway").

Wire copy names a person in full once and by surname after that; a brief lifts the later
sentence out of that order. `introduce_names` gives the first bare mention of a surname in a
brief the name as the story first wrote it, when the story gives that surname one first name
only ("Elian Gonzalez" beside "Juan Miguel Gonzalez" is left alone). A word the story also
writes in lower case ("Police", "Hurricane", "Minister") is neither a first name nor a surname,
nor is a word the story writes before another capitalised word ("Ford Motor"); text inside a
quotation is never changed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from summarizer.read.quotes import SPEAKER_VERBS
from summarizer.select.compress import quote_open_at
from summarizer.text import STOP_WORDS

_NAME = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INITIAL = r"[A-Z]\."
_RUN_RE = re.compile(rf"\b(?:(?:{_NAME}|{_INITIAL})\s+)+{_NAME}\b")
_WORD_RE = re.compile(rf"\b{_NAME}\b")
_OPENING = " \t\"“‘'`(["
_DETERMINERS = frozenset("the a an this that these those".split())
# "in Sudan", "on Ritalin": a place or a thing.
_PLACE_WORDS = "in|at|on|into|near|across|throughout|inside|outside"
_AFTER_PLACE_WORD_RE = re.compile(rf"\b(?:{_PLACE_WORDS})\s+({_NAME})\b", re.IGNORECASE)
# a surname used of a person: "Holloway said", "said Holloway", "Dr. Linda Holloway", "Holloway, 52,"
_PERSON_RE = re.compile(
    rf"\b(?P<a>{_NAME})(?:'s)?,?\s+(?:{SPEAKER_VERBS})\b|\b(?:{SPEAKER_VERBS}),?\s+(?P<b>{_NAME})\b(?!\s+[A-Z])"
    rf"|\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?:(?:{_NAME}|{_INITIAL})\s+){{0,2}}(?P<c>{_NAME})\b|\b(?P<d>{_NAME}),\s+(?:\d{{1,3}},|who\b)")
# a capitalised word on its own inside a sentence: neither after nor before another one
_ALONE_RE = re.compile(rf"(?<=[a-z0-9,;:] ){_NAME}\b(?!\s+[A-Z])")
# Words before a name that are no first names, whether or not the story writes them in lower case.
_NOT_FIRST = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
president prime minister premier chancellor secretary senator sen rep representative governor gov
mayor judge justice chief general gen colonel col captain capt lieutenant lt sergeant sgt admiral
king queen prince princess pope cardinal bishop reverend rev father sister brother dr doctor
mr mrs ms miss sir lord lady dame officer detective inspector agent ambassador commissioner
chairman chairwoman director professor prof coach attorney prosecutor sheriff vice deputy
north south east west northern southern eastern western central new upper lower great saint st
""".split())


def introduce_names(chosen: list, articles: dict[str, list[str]]) -> list:
    """`chosen` (Selected, in brief order) with each person's first mention, when it is a bare
    surname, given the full name; `articles`: article id -> its sentences' texts, in order."""
    full_names = _full_names(articles)
    if not full_names:
        return chosen
    said = ""
    result = []
    for c in chosen:
        text, start = c.sentence.text, 0
        while match := _WORD_RE.search(text, start):
            surname, start = match.group(0), match.end()
            full = full_names.get(surname)
            if full is None or re.search(rf"\b{surname}\b", said + " " + text[:match.start()]):
                continue
            if _bare(text, match):
                text = text[:match.start()] + full + text[match.end():]
                start = match.start() + len(full)
        said += " " + text
        result.append(c if text == c.sentence.text else replace(c, sentence=replace(c.sentence, text=text)))
    return result


def _full_names(articles: dict[str, list[str]]) -> dict[str, str]:
    """Surname -> the full name the story writes first, for people it gives one first name."""
    sentences = [s for texts in articles.values() for s in texts]
    text = "\n".join(sentences)
    common = {w.lower() for w in re.findall(r"\b[a-z][a-z'’-]*\b", text)} | STOP_WORDS | _NOT_FIRST
    places = {m.group(1) for m in _AFTER_PLACE_WORD_RE.finditer(text)}  # "in Sudan", "the German ..."
    people = {m.group("a") or m.group("b") or m.group("c") or m.group("d") for m in _PERSON_RE.finditer(text)}
    alone = Counter(m.group(0) for m in _ALONE_RE.finditer(text))  # "Mongolia", "Bertelsmann"
    # "Republicans" beside "Republican", "Democrats" beside "Democrat": a group, no one's name
    groups = {w for w in set(re.findall(r"\b[A-Z][a-z]+s\b", text)) if re.search(rf"\b{w[:-1]}\b", text)}
    runs = [(sentence, run, [w for w in run.group(0).split() if w not in ("Jr", "Sr")])
            for sentence in sentences for run in _RUN_RE.finditer(sentence)]
    in_names = Counter(w for _, _, words in runs for w in words[:-1])
    compound = set(in_names)  # "Ford" in "Ford Motor" is no surname alone

    def given_name(word: str) -> bool:  # seen in names at least as often as on its own
        return word.lower() not in common and alone[word] <= in_names[word]

    first_of: dict[str, set[str]] = {}
    full_of: dict[str, str] = {}
    for sentence, run, words in runs:
        surname = words[-1]
        if surname not in people or surname in places or surname.lower() in common or surname in groups:
            continue
        # back from the surname: initials and at most two given names, up to a word that is no name
        name, given = [surname], 0
        for word in reversed(words[:-1]):
            initial = re.fullmatch(_INITIAL, word) is not None
            if not initial and (given == 2 or not given_name(word)):
                break
            name.insert(0, word)
            given += not initial
        first = next((w for w in reversed(name[:-1]) if not re.fullmatch(_INITIAL, w)), None)
        if first is not None:
            first_of.setdefault(surname, set()).add(first)
            # a name that opens its sentence may start on any capitalised word ("Twelve Americans")
            if len(name) < len(words) or sentence[:run.start()].strip(_OPENING):
                full_of.setdefault(surname, " ".join(name))
    return {last: name for last, name in full_of.items() if len(first_of[last]) == 1 and last not in compound}


def _bare(text: str, match: re.Match) -> bool:
    """The surname stands alone here: no capitalised word but a stop word before it, and no
    determiner ("the Clinton administration"), none after, and no open quotation around it."""
    previous = re.search(r"(\S+)\s*$", text[:match.start()])
    word = previous.group(1).lower().strip(",;:") if previous else ""
    if word in _DETERMINERS:  # "the Clinton administration", "the Norris testimony": a modifier
        return False
    if previous and previous.group(1)[:1].isupper() and word not in STOP_WORDS:
        return False
    if re.match(r"\s+[A-Z]", text[match.end():]):
        return False
    return not quote_open_at(text, match.start())
