"""Does a sentence read on its own? Pure text checks used by selection, headlines and eval.

- `needs_antecedent`: the sentence opens on a word that points back ("But", "He", "The two",
  "Seconds later", "There they") or names "those attacks" it has not introduced.
- `is_bare_quote`: the sentence is only a quotation, with no speaker named in it.
- `dependency`: why a sentence cannot open a brief on its own, if it cannot.
- `names_the_one_before`: it opens on "The park" when the sentence before it named the park.
- `continues_a_finding`: it states "40 percent of ..." right after "..., the survey found".
"""
from __future__ import annotations

import re

import numpy as np

from summarizer.read.quotes import OPEN, OPEN_SINGLE, SPEAKER_VERBS, quotes_balanced
from summarizer.text import STOP_WORDS

_SPEAKER_RE = re.compile(rf"\b(?:{SPEAKER_VERBS})\b", re.IGNORECASE)

_PRONOUNS = "he|she|they|it|him|her|them|his|hers|their|theirs|its"
# Openers that point back to something said before. Matched case-insensitively at the start,
# after leading quote marks and brackets.
_DANGLING_OPENERS = [
    rf"(?:{_PRONOUNS})\b",
    r"(?:but|and|yet|so|or|nor|also|still|instead|however|moreover|furthermore|nevertheless|"
    r"nonetheless|otherwise|therefore|thus|hence|besides|likewise|similarly|conversely|indeed|"
    r"again|too|then|thereafter|afterwards|accordingly|consequently|regardless)\b",
    r"(?:in addition|in fact|in turn|in response|in contrast|by contrast|on the other hand|as a result|"
    r"for example|for instance|even so|after that|because of (?:this|that|it)|despite (?:this|that|it)|"
    r"at the same time|as well|not only that|that said|apart from that|other than that)\b",
    r"(?:that|this|which)(?:'s| is| was)? (?:why|how|because|when|where|what)\b",
    r"(?:these|those|such|both|either|neither)\b",
    r"(?:the|these|those) (?:two|three|four|five|six|pair|couple|duo|trio|former|latter|same|"
    r"other|others|rest|remainder)\b(?!-)",  # "The two men", not "The three-time champion"
    r"(?:another|others|the latter|the former)\b",
    # "A third leading advocate ...", "The second man ...": after which first? Not "The second-largest city", "A
    # second straight day", "A third of the children", "The Second Circuit"
    r"(?:a|the) (?-i:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b(?!-)"
    r"(?! (?:largest|biggest|quarter|half|time|straight|consecutive|round|term|highest|lowest|most|place|of)\b)",
    r"among (?:them|those(?! (?:who|that|\w+ing)\b)|the (?:dead|injured|wounded|victims|missing|hostages|casualties|"
    r"worst|hardest|most))\b",
    # "The son of a broker, he opened ...", "In 1998, she won ...": who is she? Not "When the police arrived, they
    # found ...", "Hargrove said that if the UAW chose Ford, he would ..." (a clause of its own names them)
    r"(?![^,.;:\"“]{0,80}\b(?:when|if|while|because|although|though|once|unless|whenever|where|whereas|that|"
    r"after|before|as|until|said|says|who|which)\b)[^,.;:\"“]{1,80},\s*(?:he|she|they)\s",
    # "Seconds later, ...", "Two days earlier ...": later than what?
    r"(?:[\w-]+ ){0,2}?(?:seconds|minutes|hours|days|weeks|months|years|moments|decades|time)\s+"
    r"(?:later|earlier|afterwards?|before that)\b",
    # "Later, the ministers decided ...": later than what? Not "Later this week", "Earlier Wednesday", "Earlier
    # reports said ..."
    r"(?:later|earlier|afterwards?)(?=\s*,|\s+(?:the|he|she|they|it|we|i|a|an)\b)",
    r"(?:there|here|then) (?:they|he|she|we|it|i)\b",  # "There they found ..."
    r"which\b(?!.*\?\W*$)",  # "Which one prevails could be decided ...", not a question
    r"(?:[\w,-]+ )?other\b(?!-)",  # "Thirty other people died ...", "Other officials said ...": other than whom?
    # "In Sao Paulo, however, ...", "The Palestinians, in turn, ...": a connective set off in the first clause
    r"[^,.;:]{1,60},\s*(?:however|in turn|in particular|too|instead|meanwhile|though|nevertheless|moreover|"
    r"likewise|as well|in addition|for their part|for his part|for her part|in response)\s*,",
]
_DANGLING_RE = re.compile(r"^(?:" + "|".join(_DANGLING_OPENERS) + ")", re.IGNORECASE)
# "This"/"That" pointing back, unless it opens a time phrase ("This week", "That year").
_DEMONSTRATIVE_RE = re.compile(r"^(?:this|that)\b(?! (?:week|weekend|year|month|morning|afternoon|evening|"
                               r"night|summer|spring|autumn|fall|winter|season|time|day|past|coming|"
                               r"january|february|march|april|may|june|july|august|september|october|"
                               r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|"
                               r"sunday)\b)", re.IGNORECASE)
# "It" with nothing to point to: "It is not clear whether ...", "It was raining".
_EXPLETIVE_IT_RE = re.compile(
    r"^it(?:'s| is| was| has been| had been| remains| remained| seems| seemed| appears| appeared| will be| would be)"
    r" (?:still |also |now |not |yet |immediately |entirely |too |far |very |widely )*"
    r"(?:clear|unclear|known|unknown|likely|unlikely|possible|impossible|expected|hoped|believed|thought|"
    r"understood|reported|estimated|feared|alleged|said|time|the first|the second|the third|the latest|"
    r"the largest|the biggest|the worst|the most|the first time|raining|snowing|early|late|hard|easy|"
    r"difficult|important|necessary|illegal|legal|worth)\b",
    re.IGNORECASE,
)
# "It" opening a clause that has its own subject: "It seems the vote ...", "It's been a year since ...".
_IMPERSONAL_IT_RE = re.compile(
    r"^it (?:seems|seemed|appears|appeared|turns out|turned out|looks like|looked like)\b(?! to\b)|"
    r"^it(?:'s| has| had) been (?:[\w-]+ ){0,3}(?:long|while|time|minutes?|hours?|days?|weeks?|months?|years?|"
    r"decades?|centur(?:y|ies)) since\b",
    re.IGNORECASE,
)
# "... wanted for those attacks": a demonstrative noun phrase inside the sentence that points
# back ("those who ...", "these days", "those killed" do not).
_BACK_REFERENCE_RE = re.compile(
    r"\b(?:those|these)\s+(?!(?:who|whom|whose|which|that|of|in|on|at|with|from|for|by|to|and|or|are|were|"
    r"days|years|times|things|cases|countries|people|areas|men|women|responsible|present|aboard|inside|still|"
    r"here|there|now|today|alive|close|most|many|few|few|who)\b)(?![a-z]+(?:ed|ing)\b)"
    r"[a-z]+\b(?!\s+(?:who|which|that|whose|where|of|in|at|on|from|by)\b)",
    re.IGNORECASE)
_LEAD_PUNCT = "\"'“”‘’`([{—–- \t"
# A quote followed by a pronoun speaker: “...,” she said.
_PRONOUN_SPEAKER_RE = re.compile(
    rf"[”\"']\s*,?\s*(?:{_PRONOUNS}|we|i)\s+(?:{SPEAKER_VERBS})\b|"
    rf"[”\"']\s*,?\s*(?:{SPEAKER_VERBS})\s+(?:he|she|they)\b",
    re.IGNORECASE,
)


# A paraphrase credited to a pronoun: "Failure will bring more violence, he said." (who is he?)
_PRONOUN_ATTRIBUTION_RE = re.compile(
    rf",\s*(?:he|she|they)\s+(?:{SPEAKER_VERBS})\b(?:\s+[\w.]+){{0,4}}?\s*(?:,|[.!?]?[”\"’]?\s*$)",
    re.IGNORECASE,
)


# "The company already mines ...", "Members of the tribe have ...": a definite noun phrase that names something
# introduced before, unless a modifier or an apposition identifies it ("The company, Cameco, ...", "The plan to ...").
_DEFINITE_NOUNS = (
    "company|firm|agreement|deal|accord|plan|study|report|survey|decision|move|measure|ban|bill|proposal|"
    "group|organization|organisation|agency|project|program|programme|policy|regulation|case|trial|suit|"
    "lawsuit|investigation|probe|operation|panel|judge|man|woman|boy|girl|couple|victim|suspect|"
    "spokesman|spokeswoman|official|team|resort|plant|factory|mine|site|center|centre|ship|plane|vessel|"
    "aircraft|pilot|driver|child|teenager|doctor|researcher|researchers|scientists|findings|document|letter|"
    "militants|jihadists|rebels|insurgents|fighters|gunmen|protesters|demonstrators|hijackers|kidnappers|"
    "attackers|hostages|captives|troops|soldiers|victims|survivors|drug|drugs|medicine|pills|statement|"
    "statements|remarks|comments|allegations|tribe|march|rally|workshop|fatalities|casualties|deaths|blast|"
    "explosion|find|nomination|verdict"
)
# Words after a definite noun phrase that say which one it is ("The plan to ...", "The number of ...").
_IDENTIFIED_AFTER = frozenset("of to for that who which whose where in on at by from with between against called "
                              "named known behind involving".split())
_DEFINITE_RE = re.compile(
    r"^(?:(?:members|leaders|officials|some|many|most|all|one|two|three) of )?"
    rf"the\s+(?:{_DEFINITE_NOUNS})(?:['’]s)?\b"
    rf"(?!\s+(?:{'|'.join(sorted(_IDENTIFIED_AFTER))})\b)(?!,\s+(?-i:[A-Z]))",
    re.IGNORECASE)


# Inside the first clause: "Peace Now also revealed ..." (as well as what?), "Critics say that this is
# part of a pattern" (what is?), "... appear to avoid this problem entirely" (which problem?).
_ALSO_RE = re.compile(r"(?<!\bbut )(?<!\bonly )\balso\b(?!\s+(?:known|called|named|spelled|dubbed|referred)\b)",
                      re.IGNORECASE)
# Where a sentence's first clause ends: a clause of its own ("that ...", ", and ...", "; ...").
_CLAUSE_END_RE = re.compile(r"\b(?:that|which|who|whom|whose|while|although|because|if|when)\b"
                            r"|,\s*(?:and|but|or)\b|[;:]",
                            re.IGNORECASE)
_BARE_THIS_RE = re.compile(r"\b(?:that|said|says|and|but|because|if|as|when|whether) (?:this|that) "
                           r"(?:is|was|has|had|will|would|could|may|might|means|meant|shows|showed|makes|made|"
                           r"marks|marked)\b", re.IGNORECASE)
# "suspected of involvement in that and other attacks": which attack?
_THAT_AND_OTHER_RE = re.compile(r"\b(?:in|of|for|to|with|from|about|since|after|before|behind) (?:that|this) and "
                                r"(?:other|similar|subsequent|later|earlier|previous)\b", re.IGNORECASE)
_THIS_NOUN_RE = re.compile(r"(?<=\S )\b(?:this|these) (?:problem|problems|issue|issues|matter|situation|approach|idea|"
                           r"practice|practices|incident|decision|move|step|steps|effort|efforts|claim|claims|"
                           r"allegation|allegations|finding|findings|discovery|development|trend|threat|risk|drug|"
                           r"drugs|method|technique|arrangement|dispute|conflict|crisis|scheme|change|changes|"
                           r"attitude|attitudes|view|views|belief|beliefs|sentiment|mood|pattern|shift|phenomenon|"
                           r"tendency|contest|controversy|scandal|proposal|plan|deal|agreement|offer)\b",
                           re.IGNORECASE)

# "Shirk made the remarks while meeting ...", "Rerucha's statements came as ...": the remarks are in the
# sentence before, unless named here ("the remarks about ...") or quoted in this one ("..., said Stewart, who
# made the announcement").
_MADE_REMARKS_RE = re.compile(
    r"\b(?:made|making|makes|make) (?:the|these|those|such|this|that) (?:remarks?|comments?|statements?|"
    rf"announcement|claims?|accusations?|allegations?|pledge|promise|offer|appeal)\b(?!\s+(?:"
    rf"{'|'.join(sorted(_IDENTIFIED_AFTER | {'about'}))})\b)"
    r"|['’]s (?:remarks|comments|statements?|announcement) came\b",
    re.IGNORECASE)
# "Several bills to address the problem are pending": which problem? Not "the problem of ...", nor one the
# sentence's first words did not leave room to name ("... a memory error ..., and engineers worked to fix
# the problem").
_FIX_THE_PROBLEM_RE = re.compile(
    r"^(?:\S+\s+){0,10}?(?:address(?:es|ed|ing)?|solv(?:e|es|ed|ing)|tackl(?:e|es|ed|ing)|fix(?:es|ed|ing)?|"
    r"combat(?:s|ed|ing)?|resolv(?:e|es|ed|ing)|deal(?:s|t|ing)? with|eas(?:e|es|ed|ing)|confront(?:s|ed|ing)?|"
    r"alleviat(?:e|es|ed|ing)|remed(?:y|ies|ied|ying))\s+the\s+(?:problems?|issue|situation)\b"
    r"(?!\s+(?:of|in|at|with|that|which|posed|caused|created|\w+ing)\b)", re.IGNORECASE)

# "The park has brought in ...", "The arrests are the latest ...": "The" and up to three lower-case
# words (up to a stop word or punctuation), not identified by what follows ("The number of ...").
_THE_WORDS_RE = re.compile(r"^[Tt]he\s+((?:[a-z][a-z-]*\s*){1,3})")
_NOT_NAMING = frozenset("new old first last latest recent current next top main big major local national "
                        "international federal public final biggest largest early late same whole".split())


def names_the_one_before(text: str, previous: str | None) -> bool:
    """The sentence opens on a definite noun phrase whose noun the sentence before it (in its
    article) named: "The park has brought in insects ..." after "... the Temple of Heaven Park
    ...", "The arrests are the latest ..." after "Police arrested 15 people ...". Out of its
    article, which park or arrests is unknown."""
    head = _opening(text)
    if not previous or head[:3] not in ("The", "the"):  # most sentences: no regex needed
        return False
    match = _THE_WORDS_RE.match(head)
    if not match:
        return False
    words = []
    for word in match.group(1).split():
        if word in _NOT_NAMING:  # "The new law": the noun says what it is
            continue
        if word in STOP_WORDS:
            if word in _IDENTIFIED_AFTER:  # "The plan to ...", "The number of ...": the phrase says which
                return False
            break
        words.append(word)
    if words and re.match(rf"^[^,]*?\b{re.escape(words[-1])},\s*[A-Z]", head):  # "The company, Cameco, ..."
        return False
    low = previous.lower()
    named = {_stem(w) for w in re.findall(r"[a-z]+", low) if w not in STOP_WORDS}
    return any(_stem(w) in named or (w in _DEED_VERBS and re.search(_DEED_VERBS[w], low))
               for w in words if len(w) > 2)


def _stem(word: str) -> str:
    """Enough of a word to meet it again: "killings" and "killed" are "kill"."""
    return re.sub(r"(?:ings|ing|ed|es|s)$", "", word)[:5]


# "The request infuriated ..." after "... asked the Vatican to delay ...": a noun for what the
# sentence before told of, in other words than its own.
_DEED_VERBS = {noun: rf"\b(?:{verbs})" for nouns, verbs in (
    (("request", "requests", "plea", "appeal"), "ask|urg|call(?:ed|ing) (?:on|for)|plead|pled|appeal"),
    (("decision",), "decid"), (("ruling",), r"rul(?:ed|es|ing)\b"), (("shooting", "shootings"), r"shot\b|shoot"),
    (("resignation",), "resign"), (("refusal",), "refus"), (("announcement",), "announc"))
    for noun in nouns}


# "..., the survey found.", "According to the poll, ...": the sentence before reports a finding.
_FINDING_WORDS = ("survey", "poll", "study", "report", "research", "analysis", "census", "figures", "data")
_FINDING_SOURCE = rf"(?:{'|'.join(_FINDING_WORDS)}|researchers)"
_REPORTS_FINDING_RE = re.compile(
    rf"\b{_FINDING_SOURCE}\s+(?:also\s+)?(?:{SPEAKER_VERBS}|found|finds|showed|shows|suggests|suggested|indicated|"
    rf"indicates|revealed|reveals)\b|\baccording to (?:the|a|an|this)\b[^,.;]{{0,40}}\b{_FINDING_SOURCE}\b",
    re.IGNORECASE)
# A share of people or things: "40 percent", "12%", "one in five", "half of", "a majority of".
_SHARE_RE = re.compile(r"\d\s*(?:percent|per cent|%)|\b(?:one|two|three|four) (?:in|out of) (?:\w+)\b|"
                       r"\b(?:half|a third|a quarter|two-thirds|three-quarters|most|a majority|the majority) of\b",
                       re.IGNORECASE)
_OWN_SOURCE_RE = re.compile(rf"\b(?:{SPEAKER_VERBS}|found|finds|showed|shows|according)\b", re.IGNORECASE)


def continues_a_finding(text: str, previous: str | None) -> bool:
    """The sentence states a share ("40 percent of ...") with no source of its own right after a
    sentence that reports a survey's or study's finding: out of its article, the survey's
    figure reads as a fact."""
    if not previous or not any(word in previous.lower() for word in _FINDING_WORDS):  # most: no regex needed
        return False
    return bool(_SHARE_RE.search(text) and not _OWN_SOURCE_RE.search(text) and _REPORTS_FINDING_RE.search(previous))


def refers_back_inside(text: str) -> bool:
    """The sentence leans on one before it past its opening words: "also" in its first clause,
    a bare "this is", "this problem", "to address the problem", "that and other attacks", "made the
    remarks"."""
    low = text.lower()
    also, this = "also" in low, "this " in low or "these " in low or "that " in low
    made = "mak" in low or "made " in low or " came" in low
    problem = "the problem" in low or "the issue" in low or "the situation" in low
    if not (also or this or made or problem):  # most sentences: no regex needed
        return False
    plain = _unquoted(text)
    if problem and _FIX_THE_PROBLEM_RE.search(plain):
        return True
    if made and plain == text and (remarks := _MADE_REMARKS_RE.search(text)):
        if not _SPEAKER_RE.search(text[:remarks.start()]):
            return True
    if also and _ALSO_RE.search(_CLAUSE_END_RE.split(plain, maxsplit=1)[0]):
        return True
    return this and bool(_BARE_THIS_RE.search(plain) or _THIS_NOUN_RE.search(plain)
                         or _THAT_AND_OTHER_RE.search(plain))


def _opening(text: str) -> str:
    return text.lstrip(_LEAD_PUNCT)


def needs_antecedent(text: str) -> bool:
    """The sentence opens on a word that points back to something said before it.

    Pronouns (He, They, It, His), connectives (But, However, Also, That is why), and
    phrases such as "The two" or "These"; "It is unclear ..." and "This week ..." do not
    count. A quote needs one when its speaker is only a pronoun (“...,” she said); one
    whose speaker is named (“It works,” the mayor said) reads on its own. A paraphrase
    credited to a pronoun needs one too ("Prices will rise, he said." follows the sentence
    that names him), and so does a definite noun phrase naming something met before ("The
    company already mines ..."), unless a modifier or an apposition says which ("The plan
    to ...", "The company, Cameco, ..."), and so does one that leans back past its opening
    ("Peace Now also revealed ...", "... say that this is part of ...", "... this problem").
    """
    head = _opening(text)
    if not head:
        return False
    if _starts_with_quote(text):
        # A quote reads on its own once its speaker is named; “...,” she said does not.
        return _PRONOUN_SPEAKER_RE.search(text) is not None or (
            _SPEAKER_RE.search(_unquoted(text)) is None and _points_back(head))
    return (_points_back(head) or _BACK_REFERENCE_RE.search(_unquoted(head)) is not None
            or _PRONOUN_ATTRIBUTION_RE.search(text) is not None or _DEFINITE_RE.match(head) is not None
            or refers_back_inside(head))


def _points_back(head: str) -> bool:
    if _EXPLETIVE_IT_RE.match(head) or _IMPERSONAL_IT_RE.match(head):
        return False
    return bool(_DANGLING_RE.match(head) or _DEMONSTRATIVE_RE.match(head))


def _starts_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in ('"', OPEN, "`", "'", OPEN_SINGLE)


def _unquoted(text: str) -> str:
    """The text outside double quotes (an unclosed quote runs to the end)."""
    return re.sub(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|``.*?(?:''|$)", " ", text)


def quoted_words(text: str) -> int:
    """How many of the sentence's words stand inside double quotes."""
    if "“" not in text and '"' not in text and "``" not in text:
        return 0
    return len(text.split()) - len(_unquoted(text).split())


def is_bare_quote(text: str) -> bool:
    """A quotation with no speaker: it opens on a quote mark and, outside the quotes,
    names no one speaking (no said/told/added/according to ...)."""
    if not _starts_with_quote(text):
        return False
    rest = _unquoted(text)
    if not re.search(r"\w", rest):
        return True
    return _SPEAKER_RE.search(rest) is None and len(re.findall(r"\w+", rest)) < 4


def speaker_words(text: str) -> set[str]:
    """The attribution words outside quotes ("said", "according to", ...), lower-cased:
    a sentence that loses one has lost who said it."""
    return {m.group(0).lower() for m in _SPEAKER_RE.finditer(_unquoted(text))}


def dependency(text: str) -> str | None:
    """Why a sentence cannot open a brief on its own: 'antecedent', 'bare quote', or None."""
    if is_bare_quote(text):
        return "bare quote"
    if needs_antecedent(text):
        return "antecedent"
    return None


def follows(text: str, previous: str | None) -> bool:
    """The sentence reads only after the one before it in its article (`previous`, None when
    unknown): it cannot open on its own (`dependency`), names what that one introduced, or
    states a share that one's survey or study found."""
    return (dependency(text) is not None or names_the_one_before(text, previous)
            or continues_a_finding(text, previous))


def antecedents(sentences, eligible) -> tuple[np.ndarray, np.ndarray]:
    """For the sentences of one story: depends_on[i] = the position of the sentence that i
    follows in its article when i cannot open on its own (else -1), and readable[i] =
    False when i can never be chosen (its antecedent is not an eligible sentence, or its
    quotes do not balance)."""
    position = {(s.article_id, s.index): n for n, s in enumerate(sentences)}
    depends_on = np.full(len(sentences), -1, dtype=np.int64)
    readable = np.ones(len(sentences), dtype=bool)
    for n, sentence in enumerate(sentences):
        before = position.get((sentence.article_id, sentence.index - 1))
        if not quotes_balanced(sentence.text) or "``" in sentence.text or "''" in sentence.text:
            readable[n] = False
        elif follows(sentence.text, None if before is None else sentences[before].text):
            if before is None or not eligible[before]:
                readable[n] = False
            else:
                depends_on[n] = before
    return depends_on, readable


def keep_after_antecedent(chosen: list) -> list:
    """Move every chosen sentence that needs its predecessor right after it (order kept otherwise)."""
    place = {(c.sentence.article_id, c.sentence.index): c for c in chosen}
    followers = {}
    for c in chosen:
        before = place.get((c.sentence.article_id, c.sentence.index - 1))
        if before is not None and follows(c.sentence.text, before.sentence.text):
            followers[id(before)] = c
    moved = {id(c) for c in followers.values()}
    result = []
    for c in chosen:
        if id(c) in moved:
            continue
        result.append(c)
        while id(result[-1]) in followers:
            result.append(followers[id(result[-1])])
    return result
