"""A person a brief names first by surname alone ("led by Holloway") is introduced by the
full name the story gave them ("led by Linda Holloway").

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
from dataclasses import replace

from summarizer.read.quotes import SPEAKER_VERBS
from summarizer.select.compress import quote_open_at
from summarizer.select.features import NUMBER_WORDS
from summarizer.text import STOP_WORDS

_NAME = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INITIAL = r"[A-Z]\."
_WORD_RE = re.compile(rf"\b{_NAME}\b")
_OPENING = " \t\"“‘'`(["
_DETERMINERS = frozenset("the a an this that these those".split())
# "in Sudan", "on Ritalin": a place or a thing.
_PLACE_WORDS = "in|at|on|into|near|across|throughout|inside|outside"
_PLACE_BEFORE_RE = re.compile(rf"\b(?:{_PLACE_WORDS})\s+$", re.IGNORECASE)
# what comes right after a name's word when it is not the last: another name or an initial
_NAME_AFTER_RE = re.compile(rf"\s+(?!(?:Jr|Sr)\b)(?:{_NAME}|{_INITIAL})(?![\w'’-])")
_RUN_BEFORE_RE = re.compile(rf"(?:(?:{_NAME}|{_INITIAL})\s+)+$")
# a surname used of a person: "Holloway said", "said Holloway", "Dr. Linda Holloway", "Holloway, 52,"
_PERSON_AFTER_RE = re.compile(rf"(?:'s)?,?\s+(?:{SPEAKER_VERBS})\b|,\s+(?:\d{{1,3}},|who\b)")
_PERSON_BEFORE_RE = re.compile(rf"\b(?:{SPEAKER_VERBS}),?\s+$|\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?:(?:{_NAME}|{_INITIAL})\s+){{0,2}}$")
# "Neal Horsley, a 54-year-old computer programmer": a person named in full at a sentence's opening
_APPOSITION_RE = re.compile(r",\s+(?:a|an)\s+(?:\d[\w-]*|[a-z][\w-]*)")
_QUANTITY_WORDS = NUMBER_WORDS | frozenset("""
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety several many some most few both all
""".split())
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


def introduce_names(chosen: list, story: list[str]) -> list:
    """`chosen` (Selected, in brief order) with each person's first mention, when it is a bare
    surname, given the full name; `story`: the story's sentences, each article's in order."""
    names = None  # the story is read only when a brief names someone bare
    said = ""
    result = []
    for c in chosen:
        text, start = c.sentence.text, 0
        while match := _WORD_RE.search(text, start):
            surname, start = match.group(0), match.end()
            if surname.lower() in STOP_WORDS or not _bare(text, match):
                continue
            if _has_word(said + " " + text[:match.start()], surname):
                continue
            names = names or _StoryNames("\n".join(story))
            full = names.full_name(surname)
            if full:
                text = text[:match.start()] + full + text[match.end():]
                start = match.start() + len(full)
        said += " " + text
        result.append(c if text == c.sentence.text else replace(c, sentence=replace(c.sentence, text=text)))
    return result


class _StoryNames:
    """What a story's text (its sentences, one a line) says about a word, found when first asked:
    only the few words a brief names bare are looked at."""

    def __init__(self, text: str):
        self.text = text
        self.names: dict[str, str | None] = {}
        self.given: dict[str, bool] = {}

    def full_name(self, surname: str) -> str | None:
        """The full name the story writes first for `surname`, when it names a person and the
        story gives it one first name; else None."""
        if surname not in self.names:
            self.names[surname] = self._full_name(surname)
        return self.names[surname]

    def _full_name(self, surname: str) -> str | None:
        text = self.text
        if (surname.lower() in _NOT_FIRST or _has_word(text, surname.lower())
                or (surname.endswith("s") and re.search(rf"\b{surname[:-1]}\b", text))):
            return None  # a common word, or "Republicans" beside "Republican": a group
        person, firsts, full = False, set(), None
        for match in re.finditer(rf"\b{surname}\b", text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            window = max(line_start, match.start() - 80)  # enough for "said Dr. Juan Miguel "
            before, after = text[window:match.start()], text[match.end():match.end() + 80]
            if _PLACE_BEFORE_RE.search(before) or _NAME_AFTER_RE.match(after):
                return None  # "in Sudan", "on Ritalin"; "Ford Motor"
            person = person or bool(_PERSON_AFTER_RE.match(after) or _PERSON_BEFORE_RE.search(before)
                                    and not re.match(r"\s+[A-Z]", after))
            run = _RUN_BEFORE_RE.search(before)
            words = [w for w in run.group(0).split() if w not in ("Jr", "Sr")] if run else []
            # back from the surname: initials and at most two given names, up to a word that is no name
            name, given = [], 0
            for word in reversed(words):
                initial = re.fullmatch(_INITIAL, word) is not None
                if not initial and (given == 2 or not self._given_name(word)):
                    break
                name.insert(0, word)
                given += not initial
            first = next((w for w in reversed(name) if not re.fullmatch(_INITIAL, w)), None)
            if first is None:
                continue
            firsts.add(first)
            if len(firsts) > 1:
                return None  # "Elian Gonzalez" and "Juan Miguel Gonzalez": which one is unknown
            # a name that opens its sentence may start on any capitalised word ("Twelve Americans"):
            # there it is taken only when that mention is of a person ("Neal Horsley, a 54-year-old")
            opens = not (len(name) < len(words) or text[line_start:window + run.start()].strip(_OPENING))
            if full is None and (not opens or name[0].lower() not in _QUANTITY_WORDS
                                 and (_APPOSITION_RE.match(after) or _PERSON_AFTER_RE.match(after))):
                full = " ".join(name + [surname])
        return full if person and len(firsts) == 1 else None

    def _given_name(self, word: str) -> bool:
        """Neither a common word nor a title, and seen before another name at least as often
        as on its own ("Mongolia", "Bertelsmann" are no first names)."""
        if word not in self.given:
            lower = word.lower()
            named = alone = 0
            if lower not in _NOT_FIRST and lower not in STOP_WORDS and not _has_word(self.text, lower):
                for match in re.finditer(rf"\b{word}\b", self.text):
                    after = self.text[match.end():match.end() + 40]
                    named += _NAME_AFTER_RE.match(after) is not None
                    alone += (not re.match(r"\s+[A-Z]", after)
                              and re.search(r"[a-z0-9,;:] $", self.text[max(0, match.start() - 2):match.start()]) is not None)
            self.given[word] = named > 0 and alone <= named
        return self.given[word]


def _has_word(text: str, word: str) -> bool:
    """`word` stands in `text` as a word of its own (a substring test first: most names do not)."""
    return word in text and re.search(rf"\b{word}\b", text) is not None


def _bare(text: str, match: re.Match) -> bool:
    """The surname stands alone here: no capitalised word but a stop word before it (one before
    a comma may: "On Sunday, Merrow said"), no determiner ("the Clinton administration"), none
    after, and no open quotation around it."""
    previous = re.search(r"(\S+)\s*$", text[:match.start()])
    word = previous.group(1).lower().strip(",;:") if previous else ""
    if word in _DETERMINERS:  # "the Clinton administration", "the Norris testimony": a modifier
        return False
    if previous and previous.group(1)[:1].isupper() and word not in STOP_WORDS and previous.group(1)[-1] not in ",;:":
        return False
    if re.match(r"\s+[A-Z]", text[match.end():]):
        return False
    return not quote_open_at(text, match.start())
