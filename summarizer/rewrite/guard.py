"""Faithfulness guard: a rewritten sentence may only state what its source sentences state.

Checked, against the source sentences the rewrite was made from:
- numbers: every numeric value (digits or number words such as "two", "million") must appear;
- dates: month names, weekdays and relative days ("yesterday") must appear;
- named entities: capitalized spans (no NER model is used) must appear as a contiguous
  run of words, case-insensitively, after dropping a leading title such as "Mr." or "President";
- negation: a "not", "no", "never" ... the sources do not have flips the meaning;
- novelty: at most `max_novel` of the content words may be absent from the sources
  (compared by a crude 6-letter stem), which catches invented clauses without names or numbers;
- quotes: a quotation in the sentence must be word for word a quotation of the sources.

Pure Python, no model: the same input always gives the same verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"['’]s\b")
_NUMBER_RE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
# Any sign of a direct quote: double quotes of every style, TeX quotes, an opening single quote.
_QUOTE_MARK_RE = re.compile(r"[\"“”„«»]|``|''|‘|(?:^|(?<=[\s(\[]))'(?=\w)")
_QUOTED_RE = re.compile(r"[\"“„«]\s*(.+?)\s*[\"”»]|``\s*(.+?)\s*(?:''|\"|”)|‘\s*(.+?)\s*’(?!\w)")

NUMBER_WORDS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}  # "one" is left out: far more often a pronoun ("one of them") than a count
DATE_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
    "today", "tomorrow", "tonight", "weekend",
}
NEGATIONS = {"not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without"}
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "prime", "minister", "sen", "senator", "rep",
    "gov", "governor", "mayor", "judge", "chief", "officer", "secretary", "general", "gen", "lt", "col",
    "capt", "sgt", "st", "saint", "king", "queen", "prince", "princess", "pope", "rev", "chancellor",
}
STOPWORDS = set("""
a about above after again against all also although am an and any are as at be because been before being
below between both but by can could did do does doing down during each even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it its
itself just last later like many may me meanwhile might more most much must my myself new next now of off
on once only or other our ours out over own per said same say says she should since so some still such
than that the their theirs them themselves then there these they this those though through thus to too
under until up upon us very via was we were what when where whether which while who whom whose why will
with within would yet you your yours also according told added
""".split())


@dataclass(frozen=True)
class Verdict:
    """Whether a rewritten sentence is supported, and what was not."""

    ok: bool
    unsupported: tuple[str, ...] = ()  # e.g. ("number 4812", "entity Paris", "novel 0.62")


class FaithfulnessGuard:
    def __init__(self, max_novel: float = 0.5, min_words: int = 4):
        self.max_novel = max_novel
        self.min_words = min_words

    def check(self, sentence: str, sources: list[str]) -> Verdict:
        source = " ".join(sources)
        problems: list[str] = []
        if len(_words(sentence)) < self.min_words:
            problems.append("fragment")
        problems += unsupported_facts(sentence, sources)
        share = novel_share(sentence, source)
        if share > self.max_novel:
            problems.append(f"novel {share:.2f}")
        problems += changed_quotes(sentence, sources)
        return Verdict(not problems, tuple(dict.fromkeys(problems)))

    def check_headline(self, headline: str, sources: list[str], max_words: int = 16) -> Verdict:
        """A headline: 3 to `max_words` words, otherwise the same checks as a sentence."""
        count = len(_words(headline))
        problems = [] if 3 <= count <= max_words else [f"length {count} words"]
        problems += [p for p in FaithfulnessGuard(self.max_novel, 3).check(headline, sources).unsupported]
        return Verdict(not problems, tuple(dict.fromkeys(problems)))


def has_quote(text: str) -> bool:
    """Whether `text` holds a direct quote (or any quotation mark): such text is never rewritten."""
    return bool(_QUOTE_MARK_RE.search(text))


def quotations(text: str) -> list[str]:
    """The quoted passages of `text`, whatever the quotation marks."""
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED_RE.finditer(text)]


def changed_quotes(sentence: str, sources: list[str]) -> list[str]:
    """A quotation of `sentence` that is not word for word in a quotation of `sources` (or an
    unbalanced quotation mark) is reported as "quote ..."."""
    quoted = quotations(sentence)
    if not quoted:
        return ["quote unbalanced"] if has_quote(sentence) else []
    source_quotes = [" ".join(_lower_words(q)) for s in sources for q in quotations(s)]
    problems = []
    for passage in quoted:
        words = " ".join(_lower_words(passage))
        if not any(f" {words} " in f" {q} " for q in source_quotes):
            problems.append(f"quote {passage[:40]}")
    return problems


def unsupported_facts(sentence: str, sources: list[str]) -> list[str]:
    """Numbers, dates, negations and entities of `sentence` absent from `sources`, as "kind value"."""
    source = " ".join(sources)
    source_words = set(_lower_words(source))
    source_seq = " " + " ".join(_lower_words(source)) + " "
    return ([f"number {n}" for n in sorted(numbers(sentence) - numbers(source))]
            + [f"date {d}" for d in sorted(dates(sentence)) if d not in source_words]
            + [f"negation {w}" for w in sorted(negations(sentence) - negations(source))]
            + [f"entity {e}" for e in entities(sentence) if not _entity_supported(e, source_seq)])


def numbers(text: str) -> set[str]:
    """Numeric values as canonical strings: "1,200" and "1200" agree, as do "two" and "2"."""
    found = set()
    for match in _NUMBER_RE.finditer(text):
        value = match.group().rstrip(",").replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.add(value.lstrip("0") or "0")
    for word in _lower_words(text):
        if word in NUMBER_WORDS:
            found.add(str(NUMBER_WORDS[word]))
    return found


def dates(text: str) -> set[str]:
    return {w for w in _lower_words(text) if w in DATE_WORDS and not (w == "may" and "May" not in text)}


def negations(text: str) -> set[str]:
    return {w for w in _lower_words(re.sub(r"n['’]t\b", " not", text)) if w in NEGATIONS}


def entities(text: str) -> list[str]:
    """Capitalized spans ("Bank of England", "Kesterby"), leading/trailing function words dropped."""
    text = _POSSESSIVE_RE.sub("", text)
    spans: list[list[str]] = []
    previous_end = None
    for match in _WORD_RE.finditer(text):
        word = match.group()
        capital = word[0].isupper() or (word == "of" and previous_end is not None)
        joined = previous_end is not None and text[previous_end:match.start()].strip() == ""
        if capital:
            if joined and spans:
                spans[-1].append(word)
            else:
                spans.append([word])
            previous_end = match.end()
        else:
            previous_end = None
    result = []
    for span in spans:
        while span and span[0].lower() in STOPWORDS:
            span = span[1:]
        while span and span[-1].lower() in STOPWORDS:
            span = span[:-1]
        if span and not all(w.isdigit() for w in span):
            result.append(" ".join(span))
    return list(dict.fromkeys(result))


def novel_share(sentence: str, source: str) -> float:
    """Share of the sentence's content words whose stem is absent from the source."""
    content = [w for w in _lower_words(sentence) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()]
    if not content:
        return 0.0
    stems = {_stem(w) for w in _lower_words(source)}
    return sum(_stem(w) not in stems for w in content) / len(content)


def content_overlap(sentence: str, source: str) -> int:
    """How many distinct content stems of `sentence` occur in `source`."""
    stems = {_stem(w) for w in _lower_words(source) if w not in STOPWORDS and len(w) > 2}
    return len({_stem(w) for w in _lower_words(sentence) if w not in STOPWORDS and len(w) > 2} & stems)


def keeps(sentence: str, source: str, min_recall: float = 0.5) -> bool:
    """Whether `sentence` keeps every number of `source` and at least `min_recall` of its content stems."""
    if not numbers(source) <= numbers(sentence):
        return False
    wanted = {_stem(w) for w in _lower_words(source) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}
    if not wanted:
        return True
    have = {_stem(w) for w in _lower_words(sentence)}
    return len(wanted & have) / len(wanted) >= min_recall


def _entity_supported(entity: str, source_seq: str) -> bool:
    words = [w.lower() for w in entity.split()]
    while len(words) > 1 and words[0] in TITLES:  # "President Obama" is supported by "Obama"
        if f" {' '.join(words)} " in source_seq:
            return True
        words = words[1:]
    return f" {' '.join(words)} " in source_seq


def _stem(word: str) -> str:
    word = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return word[:6]


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _lower_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(_POSSESSIVE_RE.sub("", text))]
