"""Who said or did what: rule-based frames over the tokens of one news sentence (no parser, no model).

- `attributions(text)`: (speaker, verb, content) for "X said Y", "Y, X said", "Y, said X",
  "according to X, Y", "Y, according to X" and a quote followed or led by its speaker;
- `agent_triples(text)`: (actor, word, actor) in the order of who acts on whom, with the passive
  ("Y was hit by X") turned active; actors are capitalized names and a short list of actor nouns;
- `scoped(text, cues)`: the content words that a hedge ("may", "about") or negation ("not") governs;
- `segments(text)`: clauses, split at punctuation and at the words that join claims ("and", "after").

Words are compared by a crude stem (`stem`), the same the guard uses for novelty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*(?:-[^\W_]+)*|[^\W_]+(?:[-'’.][^\W_]+)*|``|''|[^\w\s]")
QUOTE_TOKENS = {'"', "“", "”", "„", "«", "»", "``", "''", "‘", "’"}
BREAKS = {",", ";", ":", "(", ")", "—", "–", "-", "_"} | QUOTE_TOKENS
# Words that start a new claim: a clause joined to another, or a relation between two facts.
JOINERS = {"and", "but", "while", "whereas", "although", "though", "because", "after", "before", "since", "as",
           "when", "which", "who", "where", "so", "following", "causing", "killing", "leaving", "forcing",
           "prompting", "leading", "due", "thanks", "despite", "until", "then", "thus", "therefore", "whose"}
# Joiners that state a relation between two facts (cause, time, consequence): a rewrite may not invent one.
RELATIONS = {"because", "after", "before", "since", "as", "when", "so", "following", "causing", "killing",
             "leaving", "forcing", "prompting", "leading", "due", "thanks", "despite", "until", "thus",
             "therefore", "amid", "consequently"}
# Relations of cause: a rewrite may state one only where its sources state a cause too.
CAUSES = {"because", "causing", "caused", "cause", "causes", "so", "therefore", "thus", "due", "thanks", "forcing",
          "forced", "prompting", "prompted", "leading", "led", "result", "resulted", "consequently", "triggered",
          "sparked", "killing", "blamed", "blames", "blame", "responsible"}
SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "announced", "announces", "reported",
    "reports", "stated", "states", "claimed", "claims", "denied", "denies", "insisted", "insists", "warned",
    "warns", "argued", "argues", "noted", "notes", "explained", "explains", "estimated", "estimates", "predicted",
    "predicts", "confirmed", "confirms", "acknowledged", "acknowledges", "admitted", "admits", "alleged",
    "alleges", "asserted", "declared", "declares", "disclosed", "revealed", "reveals", "testified", "wrote",
    "writes", "quoted", "believe", "believes", "think", "thinks", "fear", "fears", "feared", "suspect", "suspects",
    "concluded", "allege", "claim", "deny", "warn", "argue", "insist", "charged", "charges", "rejected",
    "rejects", "dismissed", "dismisses", "estimate", "predict", "confirm", "acknowledge", "admit", "declare",
    "conclude", "concludes", "found", "finds", "showed", "shows", "accused", "accuses", "blamed",
    "blames", "called", "calls", "described", "describes", "recalled", "recalls", "complained",
    "complains", "promised", "promises", "pledged", "pledges", "vowed", "vows", "urged", "urges", "demanded",
    "demands", "conceded", "concedes", "maintained", "maintains", "contended", "contends", "agreed", "agrees",
    "stressed", "stresses", "emphasized", "emphasised", "suggested", "suggests", "indicated", "indicates",
    "ruled", "rules", "decided", "decides", "expressed", "voiced",
}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
ACTOR_NOUNS = {
    "police", "officials", "official", "government", "troops", "soldiers", "army", "rebels", "suspects", "suspect",
    "protesters", "company", "companies", "court", "judge", "jury", "council", "ministry", "minister", "president",
    "prosecutors", "investigators", "workers", "union", "voters", "party", "leaders", "leader", "authorities",
    "residents", "victims", "students", "militants", "guerrillas", "forces", "board", "committee", "agency",
    "bank", "lawmakers", "senators", "congress", "parliament", "mayor", "governor", "officers", "doctors",
    "hospital", "team", "club", "players", "fans", "refugees", "villagers", "farmers", "owners", "firm", "report",
    "study", "scientists", "researchers", "experts", "analysts", "spokesman", "spokeswoman", "witnesses",
    "demonstrators", "gunmen", "attackers", "hijackers", "crew", "passengers", "pilots", "strikers", "employers",
}
BE_VERBS = {"is", "are", "was", "were", "be", "been", "being", "got", "get", "gets"}
FUNCTION = set("""
a an the this that these those of in on at to for from by with about as into over under after before and or but
is are was were be been being has have had do does did will would shall should can could may might must it its
he she they them his her their we our you your i me my him us there here than then so very also just not no
said says told that which who whom whose what when where while if because though although since until
""".split())


GENERIC = {"company", "firm", "government", "ministry", "agency", "party", "bank", "court", "council", "union",
           "group", "army", "police", "department", "office", "airline", "hospital", "club", "team", "board"}


@dataclass(frozen=True)
class Attribution:
    """One "who said what": the speaker's words (stems, titles and function words dropped), its head (the
    last such word before a preposition), the verb, the stems of the content words of what was said, the
    names of the speaker and the stems of its whole sentence (for a generic speaker, "the company")."""

    speaker: frozenset[str]
    head: str
    verb: str
    content: frozenset[str]
    names: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def stem(word: str) -> str:
    word = word.lower()
    word = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return word[:6]


def content_stems(words: list[str]) -> set[str]:
    return {stem(w) for w in words if _is_word(w) and w.lower() not in FUNCTION and (len(w) > 2 or w[0].isdigit())
            and w.lower() not in SPEECH_VERBS}


def segments(text: str) -> list[list[str]]:
    """The sentence's tokens cut into clauses at punctuation and joining words (which start the next one)."""
    parts: list[list[str]] = [[]]
    for token in tokens(text):
        lower = token.lower()
        if token in BREAKS or token in ".!?":
            parts.append([])
        elif lower in JOINERS:
            parts.append([token])
        else:
            parts[-1].append(token)
    return [p for p in parts if any(_is_word(t) for t in p)]


def attributions(text: str) -> list[Attribution]:
    """The attribution frames of one sentence (a speech verb inside a quotation is not one)."""
    toks = tokens(text)
    lower = [t.lower() for t in toks]
    quoted = _inside_quotes(toks)
    verbs = [v for v, w in enumerate(lower) if not quoted[v] and (
        (w == "according" and v + 1 < len(toks) and lower[v + 1] == "to")
        or (w in SPEECH_VERBS and (_speech_use(lower, v) or _passive_by(lower, v))))]
    verbs = [v for n, v in enumerate(verbs) if not any(_clause_start(toks, v) <= u < v for u in verbs[:n])]
    starts = [_clause_start(toks, v) for v in verbs]
    frames = []
    for n, v in enumerate(verbs):
        word, start = lower[v], starts[n]
        stop = starts[n + 1] if n + 1 < len(verbs) else len(toks)  # what is said ends where the next frame starts
        later = toks[v + 1:stop]
        if word == "according":
            end = _clause_end(toks, v + 2)
            rest = toks[end:stop]
            content = rest if len(content_stems(rest)) >= 2 else toks[:start]
            frames.append(_frame(toks[v + 2:end], "according to", content, toks))
            continue
        speaker = toks[start:v]
        if speaker and speaker[-1].lower() in SUBJECT_PRONOUNS:  # "... found a helmet they believe ...": "they"
            speaker = speaker[-1:]
        if v > 0 and lower[v - 1] in BE_VERBS and v + 1 < len(toks) and lower[v + 1] == "by":
            end = next((k for k in range(v + 2, len(toks)) if lower[k] in {"to", "that"} or toks[k] in BREAKS),
                       len(toks))
            frames.append(_frame(toks[v + 2:end], word, toks[:v - 1] + toks[end:stop], toks))
            continue
        if not _has_word(speaker) and start > 0 and lower[start - 1] in {"and", "but"}:
            speaker = _subject(toks)  # "X called it a betrayal and said ..."
        elif not _has_word(speaker) and start > 1 and toks[start - 1] == "," and _short_after(toks, v) is None:
            speaker = _appositive(toks, start - 1)  # "Brandt, the mayor, said ..."
        if not _has_word(speaker):  # "..., said Mayor Brandt" or "“...,” said Brandt"
            end = _clause_end(toks, v + 1)
            frames.append(_frame(toks[v + 1:end], word, toks[:start], toks))
            continue
        after = later
        if word in {"told", "tells", "tell"}:  # "told reporters" / "told the BBC": the hearer is not said
            after = after[1:] if after and after[0].lower() not in {"the", "a"} else after[2:]
        before = toks[:start]
        if "that" in (t.lower() for t in after[:6]):  # "said on Tuesday that ..."
            content = after[[t.lower() for t in after].index("that") + 1:]
        elif start > 0 and toks[start - 1] in {","} | QUOTE_TOKENS and len(content_stems(before)) >= 2 \
                and len(content_stems(after)) <= 3 and not any(t in BREAKS for t in after):
            content = before  # "Y, X said (on Tuesday)."
        else:
            content = after if len(content_stems(after)) >= 2 else before
        frames.append(_frame(speaker[-7:], word, content, toks))
    return [f for f in frames if f.speaker]


def _passive_by(lower: list[str], v: int) -> bool:
    """ "is alleged by prosecutors", "was reported by the agency": a speaker after "by"."""
    return v > 0 and lower[v - 1] in BE_VERBS and v + 1 < len(lower) and lower[v + 1] == "by"


def _short_after(toks: list[str], v: int) -> int | None:
    """The end of a short name after a verb that closes its clause ("..., said Mayor Brandt."), else None."""
    end = _clause_end(toks, v + 1)
    words = [t for t in toks[v + 1:end] if _is_word(t)]
    return end if words and len(words) <= 6 and (end >= len(toks) - 1 or toks[end] in BREAKS) and all(
        w.lower() not in {"that"} for w in words) else None


def _appositive(toks: list[str], comma: int) -> list[str]:
    """The name before "NAME, the mayor," (up to two comma-separated parts of at most 8 words)."""
    start = comma
    for _ in range(2):
        k = start
        while k > 0 and toks[k - 1] not in BREAKS and toks[k - 1] not in ".!?":
            k -= 1
        if start - k > 8:
            break
        start = k
        if k == 0 or toks[k - 1] != ",":
            break
        start = k - 1
    return [t for t in toks[start:comma] if t != ","]


def _subject(toks: list[str]) -> list[str]:
    """The sentence's opening noun phrase: function words, names and actor nouns from the start."""
    words = []
    for t in toks:
        if not _is_word(t) or not (t.lower() in FUNCTION or t[0].isupper() or t.lower() in ACTOR_NOUNS
                                   or re.search(r"['’]s$", t)):
            break
        words.append(t)
    return words[:7]


def _inside_quotes(toks: list[str]) -> list[bool]:
    """For each token, whether it stands inside a quotation (the marks themselves count as outside)."""
    inside, flags = False, []
    for t in toks:
        if t in {"``", "“", "‘", "„", "«"}:
            inside = True
            flags.append(False)
        elif t in {"''", "”", "’", "»"}:
            inside = False
            flags.append(False)
        elif t == '"':
            inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    return flags


def speakers_match(a: Attribution, b: Attribution) -> bool:
    """Whether rewrite frame `a` has the speaker of source frame `b`: the head (the last name or noun) of one
    is a word of the other (a pronoun was resolved to its sentence's subject), or `b` is generic ("the
    company") and `a` names someone of `b`'s sentence ("Kestrel Motors")."""
    if a.head in b.speaker or b.head in a.speaker:
        return True
    return b.head in {stem(w) for w in GENERIC} and bool(a.names) and a.names <= b.context


def agent_triples(text: str, actors: set[str]) -> set[tuple[str, str, str]]:
    """(agent, word, patient) stems for actors in one clause with a content word between them, in who-acts-
    on-whom order: "X hit Y" and "Y was hit by X" both give (x, hit, y)."""
    triples = set()
    for part in segments(text):
        lower = [t.lower() for t in part]
        found = [(i, stem(w)) for i, w in enumerate(lower) if _is_word(w) and (stem(w) in actors)]
        for a, (i, x) in enumerate(found):
            for j, y in found[a + 1:]:
                if x == y:
                    continue
                middle = [k for k in range(i + 1, j) if lower[k] not in FUNCTION and _is_word(lower[k])
                          and stem(lower[k]) not in actors]
                if not middle:
                    continue
                passive = "by" in lower[i + 1:j] and any(w in BE_VERBS for w in lower[i + 1:j])
                for k in middle:
                    triples.add((y, stem(lower[k]), x) if passive else (x, stem(lower[k]), y))
    return triples


def actor_stems(text: str) -> set[str]:
    """Stems of the words that may act: capitalized words (not at a sentence start alone) and actor nouns."""
    toks = tokens(text)
    found = set()
    for i, t in enumerate(toks):
        if not _is_word(t) or t.lower() in FUNCTION:
            continue
        inside = i > 0 and toks[i - 1] not in {".", "``", '"', "“"}  # not the sentence's first word
        name = t[0].isupper() and (inside or (i + 1 < len(toks) and toks[i + 1][:1].isupper()))
        if t.lower() in ACTOR_NOUNS or name:
            found.add(stem(t))
    return found


ADVERBS = {"yet", "even", "ever", "always", "also", "still", "immediately", "really", "necessarily", "fully",
           "soon", "already", "again", "officially", "publicly", "formally"}


def scoped(text: str, cues: set[str], reach: int = 4) -> list[tuple[str, str, str]]:
    """(cue, governed stem, the next content stem after it or "") for each cue word of `cues` in `text`: the
    first content word after the cue, within `reach` tokens and its clause ("may soon close" -> close)."""
    found = []
    for part in segments(text):
        lower = [t.lower() for t in part]
        content = [k for k, w in enumerate(lower) if _is_word(w) and (w not in FUNCTION or w[0].isdigit())]
        for i, word in enumerate(lower):
            if word not in cues:
                continue
            for k in range(i + 1, min(len(lower), i + 1 + reach)):
                w = lower[k]
                if k in content and w not in cues and w not in ADVERBS:
                    later = [lower[j] for j in content if j > k and lower[j] not in ADVERBS]
                    found.append((word, stem(w), stem(later[0]) if later else ""))
                    break
    return found


def follows(text: str, first: str, second: str) -> bool:
    """Whether content stem `second` comes right after `first` among the content words of a clause of `text`
    (or `first` is there at all, when `second` is "")."""
    for part in segments(text):
        stems = [stem(w) for w in part if _is_word(w) and (w.lower() not in FUNCTION or w[0].isdigit())
                 and w.lower() not in ADVERBS]
        for k, s in enumerate(stems):
            if s == first and (not second or second in stems[k + 1:k + 3]):
                return True
    return False


def near(text: str, target: str, cues: set[str], before: int = 4, after: int = 2) -> bool:
    """Whether a cue word stands within reach (in words) of a word with stem `target` in `text`."""
    lower = [t.lower() for t in tokens(text) if _is_word(t)]
    for i, w in enumerate(lower):
        if stem(w) == target and any(x in cues for x in lower[max(0, i - before):i + after + 1]):
            return True
    return False


TITLE_WORDS = {"mr", "mrs", "ms", "dr", "prof", "professor", "sir", "president", "prime", "minister", "sen",
               "senator", "rep", "gov", "governor", "mayor", "judge", "chief", "justice", "secretary", "general",
               "gen", "interior", "finance", "foreign", "defence", "defense", "leader", "spokesman", "spokeswoman"}
PREPOSITIONS = {"of", "for", "at", "in", "on", "from", "with", "near", "who", "which", "by"}


def _frame(speaker: list[str], verb: str, content: list[str], sentence: list[str]) -> Attribution:
    words = [t for t in speaker if _is_word(t)]
    lowered = [w.lower() for w in words]
    if lowered and all(w in PRONOUNS or w in FUNCTION for w in lowered) and any(w in PRONOUNS for w in lowered):
        words = _subject(sentence) or words  # "he said": the sentence's subject, else the pronoun itself
        lowered = [w.lower() for w in words]
    cut = next((k for k, w in enumerate(lowered) if k and w in PREPOSITIONS), len(lowered))
    kept = [w for w in lowered[:cut] if w not in FUNCTION and w not in SPEECH_VERBS and not re.search(r"['’]s$", w)]
    head = stem(kept[-1]) if kept else ""
    names = frozenset(stem(w) for w, raw in zip(lowered, words) if raw[0].isupper() and w not in FUNCTION
                      and w not in TITLE_WORDS)
    every = frozenset(stem(w) for w in lowered if w not in FUNCTION and w not in SPEECH_VERBS
                      and w not in TITLE_WORDS and not re.search(r"['’]s$", w)) | ({head} if head else set())
    return Attribution(every, head, verb, frozenset(content_stems(content)), names,
                       frozenset(stem(t) for t in sentence if _is_word(t)))


def _speech_use(lower: list[str], v: int) -> bool:
    """Not a speech verb in "is said to", "the so-called", "called off", "found guilty"..."""
    nxt = lower[v + 1] if v + 1 < len(lower) else ""
    prev = lower[v - 1] if v > 0 else ""
    if prev in BE_VERBS or prev in {"so", "to", "will", "would", "could", "may", "might", "should", "must", "the",
                                    "a", "an", "his", "her", "their", "its", "our", "whose"}:
        return False
    if lower[v] in {"charged", "charges"} and nxt == "with":
        return False
    if lower[v] in {"suspect", "suspects", "claims", "reports", "fears", "notes", "states", "charges"}:  # often nouns
        return (prev in PRONOUNS or prev in ACTOR_NOUNS or prev.endswith("s")) and nxt not in (
            BE_VERBS | FUNCTION | BREAKS | {".", ""}) and not prev.isdigit() and prev not in {
            "two", "three", "four", "five", "several", "other", "more", "many"}
    if lower[v] in {"rejected", "rejects", "dismissed", "dismisses"}:
        return (nxt in {"that", "it", "the", "this", "claims", "charges"} and prev not in FUNCTION) or nxt in (
            BREAKS | {".", "!", "?", ""})
    if lower[v] in {"ruled", "rules", "found", "finds", "decided", "agreed", "concluded"}:
        return "that" in lower[v + 1:v + 7]
    if lower[v] in {"called", "calls", "found", "finds", "ruled", "rules", "decided", "agreed", "agrees",
                    "described", "describes", "showed", "shows", "accused", "accuses", "blamed", "blames",
                    "urged", "urges", "demanded", "demands", "promised", "promises", "pledged", "vowed",
                    "expressed", "voiced"}:
        return nxt in {"that", "for", "on"} or lower[v] in {"accused", "accuses", "blamed", "blames", "urged",
                                                          "urges", "demanded", "expressed", "voiced", "vowed",
                                                          "pledged", "promised", "promises"}
    return True


def _clause_start(toks: list[str], v: int) -> int:
    k = v
    while k > 0 and toks[k - 1] not in BREAKS and toks[k - 1] not in ".!?" and toks[k - 1].lower() not in {
            "that", "and", "but", "while", "because", "as", "after", "when"}:
        k -= 1
    return k


def _clause_end(toks: list[str], k: int) -> int:
    while k < len(toks) and toks[k] not in BREAKS and toks[k] not in ".!?":
        k += 1
    return k


def _has_word(words: list[str]) -> bool:
    return any(_is_word(w) for w in words)


def _is_word(token: str) -> bool:
    return token[:1].isalnum()
