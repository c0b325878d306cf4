"""Faithfulness guard: a rewritten sentence may only state what its source sentences state.

Checked, against the source sentences the rewrite was made from:
- numbers: every numeric value (digits or number words such as "two", "million") must appear;
- dates: month names, weekdays and relative days ("yesterday") must appear;
- named entities: capitalized spans (no NER model is used) must appear as a contiguous
  run of words, case-insensitively, after dropping a leading title such as "Mr." or "President";
- negation: a "not", "no", "never" ... the sources do not have flips the meaning;
- novelty: at most `max_novel` of the content words may be absent from the sources
  (compared by a crude 6-letter stem), which catches invented sentences without names or numbers,
  and no clause of three or more content words may be wholly absent ("added clause": "..., a
  testament to the enduring legacy of the 1960s");
- quotes: a quotation in the sentence must be word for word a quotation of the sources;
- who said what (`summarizer.frames`): each attribution frame of the sentence (speaker, said, what)
  must have a source frame with the same speaker, and no other speaker's frame may fit what it says
  better ("speaker"); a source frame whose content the sentence repeats must keep its speaker
  ("attribution dropped");
- who did what: "X hit Y" in the sources may not become "Y hit X" ("agent swapped");
- hedges and negations in scope: a word that the sources govern by "may", "about" or "not" may not
  appear in the sentence without one ("hedge dropped", "negation dropped"), and a word the sentence
  negates may not stand un-negated in the sources ("negation added");
- merged claims: a name, number or date must sit beside words of a source sentence that has it
  ("binding"), and a relation ("after", "because", "causing") may not join facts of two different
  source sentences or be absent from the sources ("relation").

Pure Python, no model: the same input always gives the same verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.rewrite import frames

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
    "today", "tomorrow", "tonight", "weekend", "week", "month", "year", "weeks", "months", "years", "decade",
    "spring", "summer", "autumn", "winter", "morning", "afternoon", "evening",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}
NEGATIONS = {"not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without", "unless"}
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
        stems = stems_of(source)  # once, for the novelty share and the added clauses
        share = novel_share(sentence, stems)
        if share > self.max_novel:
            problems.append(f"novel {share:.2f}")
        problems += [f"added clause: {part}" for part in added_clauses(sentence, stems)]
        problems += changed_quotes(sentence, sources)
        problems += frame_problems(sentence, sources)
        problems += scope_problems(sentence, sources)
        problems += merge_problems(sentence, sources)
        return Verdict(not problems, tuple(dict.fromkeys(problems)))

    def check_headline(self, headline: str, sources: list[str], max_words: int = 16) -> Verdict:
        """A headline: 3 to `max_words` words, otherwise the same checks as a sentence."""
        count = len(_words(headline))
        problems = [] if 3 <= count <= max_words else [f"length {count} words"]
        problems += [p for p in FaithfulnessGuard(self.max_novel, 3).check(headline, sources).unsupported]
        return Verdict(not problems, tuple(dict.fromkeys(problems)))


def has_quote(text: str) -> bool:
    """Whether `text` holds a direct quote (or any quotation mark)."""
    return bool(_QUOTE_MARK_RE.search(text))


def quote_can_go(text: str) -> bool:
    """Whether a sentence may go to a model: it has no quote, or its quotes pair up and it names who
    said them (an attribution frame outside the quotation marks)."""
    if not has_quote(text):
        return True
    return bool(quotations(text)) and not changed_quotes(text, [text]) and bool(frames.attributions(text))


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
    source_stems = {frames.stem(w) for w in source_words}
    first = (_WORD_RE.findall(sentence) or [""])[0]
    opening = first.lower() in STOPWORDS or first.lower() in NUMBER_WORDS or first.lower() in NEGATIONS \
        or frames.stem(first.lower()) in source_stems or first.endswith(("ing", "ly"))
    return ([f"number {n}" for n in sorted(numbers(sentence) - numbers(source))]
            + [f"number {w}" for w in sorted(_ordinals(sentence) - _ordinals(source))]
            + [f"date {d}" for d in sorted(dates(sentence)) if d not in source_words]
            + [f"negation {w}" for w in sorted(negations(sentence)) if not negations(source)]
            + [f"entity {e}" for e in entities(sentence) if not _entity_supported(e, source_seq)
               and not (e == first and opening)])


MODAL_HEDGES = {"may", "might", "could", "can", "possibly", "probably", "likely", "unlikely", "perhaps", "allegedly",
                "reportedly", "apparently", "expected", "believed", "suspected",
                "appears", "appeared", "seems", "seemed", "plans", "planned", "plan", "proposed", "potential",
                "potentially", "suggested", "unconfirmed", "considering", "tentatively", "sought", "seeking",
                "hoped", "hopes", "intends", "aims", "threatened", "threatens", "pending", "whether", "if",
                "unless", "only", "should", "scheduled", "alleged", "estimated", "fear", "fears", "feared",
                "hope", "warned", "warns"}
ATTRIBUTIVE_HEDGES = {"believed", "alleged", "allegedly", "reportedly", "suspected", "expected", "said", "thought"}
CONDITIONS = {"if", "unless", "provided", "once"}
APPROXIMATORS = {"about", "around", "nearly", "almost", "approximately", "roughly", "some", "up", "least", "estimated",
                 "more", "over", "fewer", "less", "under", "than", "several", "many", "most"}
NEGATION_CUES = NEGATIONS | {"denied", "denies", "refused", "refuses", "failed", "fails", "rejected", "lack",
                             "lacked", "unable", "cannot", "nobody", "none", "acquitted"}
# Word pairs where one turns the other's meaning around: a rewrite may not use one where its sources use the other.
ANTONYMS = [("denied", "admitted"), ("denied", "confirmed"), ("rejected", "accepted"), ("rejected", "approved"),
            ("convicted", "acquitted"), ("won", "lost"), ("rose", "fell"), ("increase", "decrease"),
            ("raised", "cut"), ("raised", "lowered"), ("guilty", "innocent"), ("opened", "closed"),
            ("alive", "dead"), ("survived", "died"), ("support", "oppose"), ("backed", "opposed")]
NOMINAL_ATTRIBUTIONS = {"claim", "claims", "statement", "report", "charge", "charges", "accusation", "allegation",
                        "allegations", "according", "view", "estimate", "forecast", "assertion", "denial"}


def frame_problems(sentence: str, sources: list[str]) -> list[str]:
    """Who said what: the sentence's attributions against the sources' (see `summarizer.frames`)."""
    said = frames.attributions(sentence)
    source_frames = [f for s in sources for f in frames.attributions(s)]
    toks = frames.tokens(sentence)
    words = frames.content_stems(toks)
    every = {frames.stem(t) for t in toks}
    nominal = any(t.lower() in NOMINAL_ATTRIBUTIONS for t in toks)
    hedged = any(t.lower() in ATTRIBUTIVE_HEDGES for t in toks)
    problems = []
    for frame in said:
        who = " ".join(sorted(frame.speaker))
        same = [f for f in source_frames if frames.speakers_match(frame, f)]
        if not same:
            problems.append(f"speaker {who}")
            continue
        if len(frame.content) >= 2:
            own = max(_cover(frame.content, f.content) for f in same)
            best = max(source_frames, key=lambda f: _cover(frame.content, f.content))
            verb = frames.stem(frame.verb)
            other = [f for f in source_frames if frames.stem(f.verb) == verb and not frames.speakers_match(frame, f)
                     and _cover(frame.content, f.content) >= max(own, 0.5)]
            if _cover(frame.content, best.content) >= own + 0.3 or (
                    other and not any(frames.stem(f.verb) == verb for f in same)):
                problems.append(f"speaker {who}")
    for frame in source_frames:
        if len(frame.content) < 2 or _cover(frame.content, words) < 0.5:
            continue
        if any(frames.speakers_match(f, frame) and (len(f.content) < 2 or _cover(frame.content, f.content) >= 0.3)
               for f in said):
            continue
        if frame.head in every and (nominal or hedged):  # "a claim by the rebels", "is believed by them"
            continue
        problems.append(f"attribution dropped ({' '.join(sorted(frame.speaker))} {frame.verb})")
    actors = set().union(*(frames.actor_stems(s) for s in sources)) if sources else set()
    source_triples = set().union(*(frames.agent_triples(s, actors) for s in sources)) if sources else set()
    for agent, act, patient in sorted(frames.agent_triples(sentence, actors)):
        if (patient, act, agent) in source_triples and (agent, act, patient) not in source_triples:
            problems.append(f"agent swapped {agent}/{patient}")
    return problems


def scope_problems(sentence: str, sources: list[str]) -> list[str]:
    """A hedge or negation of the sources lost on the words it governs, or a negation added to them."""
    sentence = _expand_not(sentence)
    sources = [_expand_not(s) for s in sources]
    toks = frames.tokens(sentence)
    lowered = {t.lower() for t in toks}
    words = frames.content_stems(toks)
    problems = []
    for source in sources:
        source_words = frames.content_stems(frames.tokens(source))
        for cue, target, after in frames.scoped(source, MODAL_HEDGES):
            if frames.follows(sentence, target, after) and not frames.near(sentence, target, MODAL_HEDGES,
                                                                          before=5, after=3):
                problems.append(f"hedge dropped {cue}")
        for cue, target, after in frames.scoped(source, APPROXIMATORS, reach=3):
            if _numeric(target) and target in words and not frames.near(sentence, target, APPROXIMATORS, 3, 0):
                problems.append(f"hedge dropped {cue}")
        conditions = {t.lower() for t in frames.tokens(source)} & CONDITIONS
        if conditions and _cover(source_words, words) >= 0.5 and not lowered & (CONDITIONS | MODAL_HEDGES):
            problems.append(f"hedge dropped {min(conditions)}")
        for cue, target, after in frames.scoped(source, NEGATIONS):
            if frames.follows(sentence, target, after) and not frames.near(sentence, target, NEGATION_CUES,
                                                                          before=6, after=3):
                problems.append(f"negation dropped {cue}")
    for cue, target, after in frames.scoped(sentence, NEGATION_CUES):
        present = [s for s in sources if frames.follows(s, target, after)]
        if present and not any(frames.near(s, target, NEGATION_CUES, before=6, after=3) for s in present):
            problems.append(f"negation added {cue}")
    source_stems = {frames.stem(t) for s in sources for t in frames.tokens(s)}
    for one, other in ANTONYMS:
        for a, b in ((one, other), (other, one)):
            if frames.stem(b) in {frames.stem(t) for t in toks} and frames.stem(b) not in source_stems \
                    and frames.stem(a) in source_stems:
                problems.append(f"negation {a}->{b}")
    return problems


def merge_problems(sentence: str, sources: list[str], window: int = 3) -> list[str]:
    """Two claims fused into one neither source makes: a name, number or date beside words (within `window`
    content words of its clause) that only a source sentence without it has ("binding"), or a relation
    between the facts of two source sentences ("relation")."""
    if not sources:
        return []
    source_stems = [frames.content_stems(frames.tokens(s)) | _item_keys(s) for s in sources]
    everywhere = set().union(*source_stems)
    problems = []
    parts = frames.segments(sentence)
    for part in parts:
        words = [t for t in part if frames._is_word(t) and (t.lower() not in frames.FUNCTION or t[0].isdigit())]
        for k, token in enumerate(words):
            key = _item_key(token)
            having = [i for i, st in enumerate(source_stems) if key in st] if key else []
            if not having or len(having) == len(sources):
                continue
            for n in words[max(0, k - window):k] + words[k + 1:k + 1 + window]:
                neighbour = _item_key(n) or frames.stem(n)
                if neighbour in everywhere and not any(neighbour in source_stems[i] for i in having):
                    problems.append(f"binding {token}")
                    break
    joined = {t.lower() for s in sources for t in frames.tokens(s)}
    for k, part in enumerate(parts):
        lowered = [t.lower() for t in part]
        causes = [w for w in lowered if w in frames.CAUSES]
        if causes and not joined & frames.CAUSES:
            problems.append(f"relation {causes[0]}")
        head = lowered[0]
        if k and head in frames.RELATIONS and len(sources) > 1:
            left = frames.content_stems(parts[k - 1])
            right = frames.content_stems(part[1:])
            if left and right and not (_best(left, source_stems) & _best(right, source_stems)):
                problems.append(f"relation {head}")
    return problems


def _best(stems: set[str], source_stems: list[set[str]]) -> set[int]:
    scores = [len(stems & st) for st in source_stems]
    top = max(scores)
    return {i for i, s in enumerate(scores) if s == top} if top else set(range(len(scores)))


def _item_key(token: str) -> str | None:
    """The key of a name, number or date token ("Kesterby" -> "kesterby", "two" -> "2"), else None."""
    lower = token.lower()
    if lower in NUMBER_WORDS:
        return str(NUMBER_WORDS[lower])
    if token[:1].isdigit():
        return token.replace(",", "")
    if lower in DATE_WORDS or (token[:1].isupper() and lower not in STOPWORDS and lower not in TITLES):
        return lower.replace("’s", "").replace("'s", "")
    return None


def _item_keys(text: str) -> set[str]:
    return {k for t in frames.tokens(text) if (k := _item_key(t)) is not None}


def _cover(part: frozenset[str] | set[str], whole: frozenset[str] | set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _numeric(stem: str) -> bool:
    return stem[:1].isdigit() or stem in {w[:6] for w in NUMBER_WORDS}


def _expand_not(text: str) -> str:
    text = re.sub(r"\b(can)not\b|\b(ca)n['’]t\b", "can not", text, flags=re.I)
    return re.sub(r"n['’]t\b", " not", text)


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


def _ordinals(text: str) -> set[str]:
    return {w for w in _lower_words(text) if w in ORDINALS}


def dates(text: str) -> set[str]:
    """Date words, not inside a compound ("52-year-old")."""
    return {w for w in (t.lower() for t in frames.tokens(text)) if w in DATE_WORDS
            and not (w == "may" and "May" not in text)}


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


def stems_of(text: str) -> set[str]:
    """The stems of every word of `text` (what a sentence's words are looked up in)."""
    return {frames.stem(w) for w in _lower_words(text)}


def novel_share(sentence: str, stems: set[str]) -> float:
    """Share of the sentence's content words whose stem is absent from the source's `stems`."""
    content = [w for w in _lower_words(sentence) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()]
    if not content:
        return 0.0
    return sum(frames.stem(w) not in stems for w in content) / len(content)


ADDED_CLAUSE_WORDS = 3  # a clause with this many content words, none from the sources, is invented


def added_clauses(sentence: str, stems: set[str]) -> list[str]:
    """The sentence's clauses (parts between commas, semicolons and dashes) whose content words
    (at least ADDED_CLAUSE_WORDS) are all absent from the source's `stems`: "..., a testament to the
    enduring legacy of the 1960s." comments where the sources only report."""
    found = []
    for part in re.split(r"[,;:—–()]|\s-\s", sentence):
        content = [w for w in _lower_words(part) if w not in STOPWORDS and len(w) > 2 and not w[0].isdigit()]
        if len(content) >= ADDED_CLAUSE_WORDS and not any(frames.stem(w) in stems for w in content):
            found.append(part.strip(" ."))
    return found


def content_overlap(sentence: str, source: str) -> int:
    """How many distinct content stems of `sentence` occur in `source`."""
    stems = {frames.stem(w) for w in _lower_words(source) if w not in STOPWORDS and len(w) > 2}
    return len({frames.stem(w) for w in _lower_words(sentence) if w not in STOPWORDS and len(w) > 2} & stems)


def keeps(sentence: str, source: str, min_recall: float = 0.5) -> bool:
    """Whether `sentence` keeps every number of `source` and at least `min_recall` of its content stems."""
    if not numbers(source) <= numbers(sentence):
        return False
    wanted = {frames.stem(w) for w in _lower_words(source) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}
    if not wanted:
        return True
    have = {frames.stem(w) for w in _lower_words(sentence)}
    return len(wanted & have) / len(wanted) >= min_recall


def _entity_supported(entity: str, source_seq: str) -> bool:
    words = [w.lower() for w in entity.split()]
    while len(words) > 1 and words[0] in TITLES:  # "President Obama" is supported by "Obama"
        if f" {' '.join(words)} " in source_seq:
            return True
        words = words[1:]
    return f" {' '.join(words)} " in source_seq


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _lower_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(_POSSESSIVE_RE.sub("", text))]
