"""A story's headline: the most central article title, else a whole sentence of the brief.

`story_title` takes, among the titles of the articles the brief cites (all-caps ones in title
case; of all the articles, all-caps lines aside, when none of those has one; site names, cut-off
titles, wire slugs and sidebar labels skipped; a trailing " | Site", a desk code "(JT)", a note to
editors, a dateline and "= (PICTURES) =" dropped), the one whose words are found in the most of the
story's articles, so one reaction article joining a story
does not rename it. Without titles, `extractive_headline` takes the most central chosen
sentence that reads on its own, whole: its dateline, an opening subordinate phrase or a
trailing participle clause may go, its attribution ("..., officials said") never; a sentence
is never cut mid-clause, and never ends on a word that needs more after it.
"""
from __future__ import annotations

import math
import re

from summarizer.read.clean import PHOTO_SLUG_RE, clean_paragraphs, strip_dateline
from summarizer.read.quotes import balance_quotes, quote_depth, typographic_quotes
from summarizer.read.sources import DOMAINS, NOT_PLACE_NAMES, WIRES, is_date_line, is_opinion, without_title_outlet
from summarizer.select.readability import is_bare_quote, needs_antecedent, speaker_words
from summarizer.text import is_all_caps

MAX_WORDS = 22
MIN_WORDS = 4
CORE_WORDS = 5  # a title holds one of the story's this many most widespread words
# Words a headline may not end on: the phrase would go on after them.
DANGLING_END = frozenset("""
a an the of to in on at for with by from into onto over under about after before as than that which who
whom whose where when while and or but nor so yet if because since though although until unless whether
his her their its our my your this these those is are was were be been being has have had do does did
will would can could should may might must shall not no very more most less least such said says told
also just only even still then there here both either neither each every some any all many much few
several other another same own new first last next up down out off against between among during
without within through across along around toward towards near via per says say amid despite
""".split())
# Words that open a subordinate clause or an introductory phrase, not the main clause.
_SUBORDINATE = frozenset("""
after although as because before if since though unless until when whenever where whereas while
which who whom whose despite amid ahead following according in on at during with without by for from
through across among against along around over under toward towards between beyond within upon
""".split())
# Words too common to say what a story is about.
_STOP = frozenset("""
the and for that with was were are has have had from this but not his her their its they said says will
would could who which when where what about after before over into than then there these those been being
also more most some such only other new one two three year years week day monday tuesday wednesday
thursday friday saturday sunday today yesterday mr mrs ms
""".split())
_SITE_ONLY = re.compile(r"^(?:home|homepage|news|latest news|breaking news|world news|top stories|"
                        r"untitled|index|article|page not found|404)$|^(?:AP|AFP|Reuters) Photo\b", re.IGNORECASE)
_OUTLETS = frozenset(n.lower() for n in (*DOMAINS.values(), *WIRES.values())) | {
    "bbc news", "cnn.com", "reuters.com", "the associated press", "associated press"}
_TITLE_SUFFIX_RE = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")
# A wire desk code or part number after a headline: "THE ROAD TO LARAMIE (JT)", "... Places (1)".
_DESK_CODE_RE = re.compile(r"\s*\((?:[A-Z]{1,3}|\d{1,2})\)\s*$")
# A sidebar's label, not the story's headline: "Facts About the Turkish Earthquake", "Q&A: ...".
_SIDEBAR_RE = re.compile(r"(?:facts? (?:about|on|box)|factbox|key facts|fact sheet|q ?& ?a|timeline|chronology|"
                         r"text of|excerpts? from|highlights|at a glance|a look at|glance)\b", re.IGNORECASE)
# A press digest's title: "Major News Items In Leading Australian Newspapers", "News in Brief".
_DIGEST_RE = re.compile(r"\b(?:(?:major|main|top) news (?:items|in)\b|news (?:digest|in brief|briefs|roundup|round-up)|"
                        r"press (?:review|digest)|newspaper headlines|headlines (?:in|of|from) (?:\w+ )?(?:newspapers|papers|press))\b",
                        re.IGNORECASE)
# "GIFTS FOR THE GRAD (FOR IMMEDIATE RELEASE)", "(ADVANCE FOR SUNDAY)": a note to editors.
_EDITORS_NOTE_RE = re.compile(r"\s*\((?:FOR|ADVANCE|OPTIONAL|EDITORS?|EDS)\b[^)]*\)")
_ENDS_ON_INITIAL_RE = re.compile(r"(?:^|[\s(])(?:[A-Z]\.){2,}$")
# Wire furniture around a headline: "URGENT ", "hke- " (a desk code) before it; "-2" (a part) or
# ", HONGKONG STANDARD" (the paper a digest took it from) after it.
# (", HONGKONG STANDARD" after a lower-case headline goes with read/sources.without_title_outlet)
_TITLE_FURNITURE_RE = re.compile(r"^(?:URGENT|FLASH|BULLETIN|NEWSALERT)\b[\s:-]*|^[a-z]{2,4}-\s+|-\d{1,2}$"
                                 r"|^\d{3}-\d{3}-\d{4}\.?\)?\s+")  # a sales note's phone number left before it
# A wire slug or an editors' note given as the title: "BC-NJ--Evolution & Schools,730", "EDS: ADDS ...".
# (a word count after a slug's comma, never a number's thousands: "... Death Toll Exceeds 7,000" is a headline)
_SLUG_TITLE_RE = re.compile(r"^(?:BC-|EDS?[:-]|EDITORS?[:-]|ADDS\b|CORRECTS?\b|RECASTS\b)|(?<![\d,]),\d{2,4}$")


def clean_title(title: str | None, sources: tuple[str, ...] = (), shouted: bool = True) -> str | None:
    """A usable headline from an article title, or None (empty, site name only, cut off, a wire
    slug, or with `shouted` False an all-caps line at all); a dateline, photo slugs ("= (PICTURES)
    =") and notes to editors are dropped, and an all-caps headline is written in title case."""
    if not title:
        return None
    title = PHOTO_SLUG_RE.sub("", typographic_quotes(" ".join(title.split())))
    if _SLUG_TITLE_RE.search(title):
        return None
    if not is_all_caps(title):  # "BUSH AIDE: ..." names who says it; no dateline
        title = strip_dateline(title)
    title = without_title_outlet(_TITLE_FURNITURE_RE.sub("", title)).strip()
    suffix = _TITLE_SUFFIX_RE.search(title)
    if suffix and len(title[:suffix.start()].split()) >= 3:
        title = title[:suffix.start()]
    title = _EDITORS_NOTE_RE.sub("", _DESK_CODE_RE.sub("", title)).strip()
    bare = title.strip(" |-–—=")
    if not _ENDS_ON_INITIAL_RE.search(bare):  # "West Nile Virus Found in R.I." keeps its period
        bare = bare.rstrip(" .")
    # cut off in the feed: "... Differences on" (a Title Case "Giants Hold On" is whole)
    cut = is_cut_off(bare) and bare.split()[-1][:1].islower() if bare else False
    if (not bare or _SITE_ONLY.match(bare) or len(bare.split()) < 2 or cut
            or any(s and (bare.lower() == s.lower() or s.lower().startswith(bare.lower() + " ")) for s in sources)
            or bare.lower() in _OUTLETS or (is_all_caps(bare) and (not shouted or _WIRE_SLUG_RE.search(bare)))
            or bare.endswith(("…", "...")) or len(bare.split()) > 30 or is_date_line(bare)):
        return None
    return title_case(bare) if is_all_caps(bare) else bare


# An all-caps line that is a wire slug, not a shouted headline: "$ADV21 BEAT ARTHRITIS", "BC-FLOOD-TEXAS",
# or one opening on furniture ("* * *"); a headline may open on a quotation mark or a parenthesis.
_WIRE_SLUG_RE = re.compile(r"\$(?!\d)|[#@]|\b[A-Z]{2,}\d|\b[A-Z]+-[A-Z]+-[A-Z]+\b|^[^A-Za-z0-9‘“\"'(]")
_SMALL_TITLE_WORDS = frozenset("a an the and but or nor for on at to from by of in with as vs".split())
# Kept in capitals in a title-cased headline: the agencies and bodies a dateline never names, and these.
ACRONYMS = NOT_PLACE_NAMES | frozenset("ABC AIDS ANC ASEAN AT&T CBS CEO DNA GM GOP HIV IBM IRA KGB NBA NBC NFL NHL "
                                       "NPR PBS PLO PM PRI TV UAW UK US WTO NYC USA NAACP NRA MTV ESPN HBO INS "
                                       "IRS NSA DEA ATF NYSE".split())


_NOT_ACRONYMS = frozenset("MR MRS MS DR ST JR SR VS".split())
# "WHO" before these is the pronoun ("WHO ARE OUR CRIMINALS?"), not the World Health Organization.
_WHO_ASKS = frozenset("IS ARE WAS WERE WILL WOULD CAN COULD SHOULD MAY MIGHT HAS HAVE HAD DO DOES DID KNEW KNOWS "
                      "KILLED WANTS WANT GETS PAYS PAID".split())
_DOTTED_RE = re.compile(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?|[A-Z]\.")  # "U.S.", "D.C.", an initial "W."


def title_case(headline: str) -> str:
    """An all-caps headline as headlines are written: "CLINTON'S PLAN FOR THE U.S. ECONOMY" ->
    "Clinton's Plan for the U.S. Economy"; acronyms ("NTSB", a word without vowels; "Q&A"), dotted
    abbreviations and initials stay as they are, "MCCAIN" is "McCain" and "O'NEILL" "O'Neill"."""
    def part(bare: str, first: bool, after: str) -> str:
        core = bare.strip("\"'“”‘’()[],:;!?.")
        if core == "WHO" and after in _WHO_ASKS:  # "WHO ARE OUR CRIMINALS?", "JUDGES WHO WERE ...": not the agency
            return bare[0] + bare[1:].lower()
        if core in ACRONYMS or "&" in core or _DOTTED_RE.fullmatch(bare.strip("\"'“”‘’()[],:;!?")) or (
                1 < len(core) <= 5 and core.isalpha() and core not in _NOT_ACRONYMS and not re.search("[AEIOUY]", core)):
            return bare
        if not first and core.lower() in _SMALL_TITLE_WORDS | {"vs"}:
            return bare.lower()
        if re.fullmatch(r"\d+(?:ST|ND|RD|TH)", core):  # "1ST" -> "1st"
            return bare.lower()
        word = re.sub(r"[A-Za-z]", lambda m: m.group(0).upper(), bare.lower(), count=1)
        word = re.sub(r"\b(Mc|O['’]|D['’])([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)
        return word

    tokens = headline.split()
    following = [t.strip("\"'“”‘’()[],:;!?.") for t in tokens[1:]] + [""]
    return " ".join("-".join(part(piece, (n == 0 or tokens[n - 1].endswith(":")) and k == 0, following[n])
                             for k, piece in enumerate(token.split("-")))
                    for n, token in enumerate(tokens))


def source_title(title: str | None, sources: tuple[str, ...] = ()) -> str | None:
    """An article's headline as a source list shows it: `clean_title`'s, or a one-word headline
    given as such ("Flood"); None for a wire slug, a photo credit or a desk code."""
    cleaned = clean_title(title, sources)
    if cleaned or not title:
        return cleaned
    bare = title.strip(" .")
    return bare if re.fullmatch(r"[A-Z][a-z][\w'’-]*", bare) else None


UNTITLED = "Untitled story"


def story_title(members, chosen, whats_new=(), openings=None) -> str:
    """Headline of a story from its articles (records with title/source/text) and chosen
    sentences: the article title most central to the story (its words found in the most
    articles), among the titles of the articles `whats_new` cites (its selections, also in
    `chosen`: a returning reader's story is titled by what is new) or else the brief cites
    when any has one, else the most central chosen sentence that reads on its own, whole.
    `openings` (article id -> first kept sentence, when the articles were split) saves cleaning
    their texts again for their leads."""
    sources = tuple(a.source for a in members if a.source)
    spread = _word_spread(members)
    ranked = [c.sentence.article_id for c in sorted(chosen, key=lambda c: -c.relevance)]
    order = {i: n for n, i in enumerate(dict.fromkeys(ranked + [a.id for a in members]))}
    cited = {c.sentence.article_id for c in chosen}
    # the title names what the brief says: a cited article's (an all-caps one in title case), else
    # any article's that is no all-caps line (a shouted first line of an uncited reaction piece is none)
    # and shares a word with the brief (a stray article's headline names another story)
    fresh = {c.sentence.article_id for c in whats_new}
    said = _content_words(" ".join(c.sentence.text for c in chosen))
    titles = ([(a.id, t) for a in members if a.id in fresh and (t := clean_title(a.title, sources))]
              or [(a.id, t) for a in members if a.id in cited and (t := clean_title(a.title, sources))]
              or [(a.id, t) for a in members if (t := clean_title(a.title, sources, shouted=False))
                  and (not said or _content_words(t) & said)])
    titles = [it for it in titles if not _SIDEBAR_RE.match(it[1])] or titles  # "Facts About ..." heads a box
    titles = [it for it in titles if not _DIGEST_RE.search(it[1])]  # a press digest's title names no story
    if titles:
        return max(titles, key=lambda it: (_centrality(it[1], spread), -order[it[0]]))[1]
    texts = [c.sentence.text for c in sorted(chosen, key=lambda c: -c.relevance)]
    return (extractive_headline(texts, spread=spread, strict=True)  # a fact the brief states
            or extractive_headline(texts + lead_sentences(members, openings), spread=spread) or UNTITLED)


def lead_sentences(members, openings=None) -> list[str]:
    """Each article's first sentence (its opening in `openings`, else read from its text): wire
    copy says what happened there (an opinion piece's only when every article is one)."""
    news = [a for a in members if not is_opinion(a.text, a.url, a.title)] or members
    leads = []
    for article in news:
        if openings is not None and article.id in openings:
            first = openings[article.id]
        else:
            first = next(iter(clean_paragraphs(article.text[:5_000])), "")
        lead = _LEAD_END_RE.split(first, maxsplit=1)[0] if first else ""
        if lead and lead.rstrip("”\"’)").endswith((".", "!")):
            leads.append(lead)
    return leads


_LEAD_END_RE = re.compile(r"(?:(?<=[a-z0-9]{2}[.!?])|(?<=[a-z0-9]{2}[.!?][”\"’]))\s+(?=[A-Z“])")


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]{2,}", text.lower()) if w not in _STOP}


def _word_spread(members) -> dict[str, float]:
    """Share of the story's articles that use each word: what the story as a whole is about."""
    counts: dict[str, int] = {}
    for article in members:
        for word in _content_words(f"{article.title or ''} {article.text[:20_000]}"):
            counts[word] = counts.get(word, 0) + 1
    return {w: c / max(len(members), 1) for w, c in counts.items()}


def _core_words(spread: dict[str, float], top: int = CORE_WORDS) -> set[str]:
    """The story's most widespread content words (ties broken alphabetically)."""
    return set(sorted(spread, key=lambda w: (-spread[w], w))[:top])


def _centrality(text: str, spread: dict[str, float]) -> float:
    words = _content_words(text)
    # fsum: exact whatever the set's order (which changes with the process's hash seed)
    return math.fsum(spread.get(w, 0.0) for w in words) / (len(words) + 1) if words else 0.0


def extractive_headline(sentences: list[str], max_words: int = MAX_WORDS,
                        spread: dict[str, float] | None = None, strict: bool = False) -> str | None:
    """A whole sentence that reads on its own as the headline: the most central one that fits
    in max_words (by `spread`, else the first in the given order) of the first of these that has
    any: those that stand alone as a title (`stands_alone`) and did not open on an aside; those
    that stand alone once their aside ("In all, ...") is cut (either kind first among sentences that do
    not open on time gone by nor say what happened in a year: "Last week, Typhoon Zeb killed ...", "... the
    Asian Games in Hiroshima in 1994" are background); those that read on their own,
    without an aside first; any that read on their own; any. With `spread`, only those that hold
    one of the story's CORE_WORDS most widespread words, when any does (strict: always).
    Else the shortest sentence, shortened as far as it goes (no day, no trailing clause), one that
    opens on no aside and holds a core word first.
    strict: only those that stand alone, else None."""
    usable = [s for s in sentences if not needs_antecedent(s) and not is_bare_quote(s)] or sentences
    made = [(s, h) for s in usable if (h := sentence_headline(s, max_words))]
    readable = [(s, h) for s, h in made if not opens_on_aside(h) and not needs_antecedent(h)]
    standing = [
        [(s, h) for s, h in readable if stands_alone(h) and not opens_on_aside(_whole(s))],
        [(s, h) for s, h in readable if stands_alone(h)],  # its aside cut off ("In all, Georges killed ...")
    ]
    tiers = [[h for s, h in tier if not _looks_back(s)] for tier in standing] + [  # news before background
        [h for _, h in tier] for tier in standing] + [
        [h for s, h in readable if not opens_on_aside(_whole(s))],
        [h for _, h in readable],
        [h for _, h in made],
    ]
    tiers = tiers[:4 if strict else 7]
    core = _core_words(spread) if spread else set()  # a title names what the story is about
    if core:
        named = [[h for h in tier if _content_words(h) & core] for tier in tiers]
        tiers = named if strict or any(named) else tiers
    heads = next((tier for tier in tiers if tier), [])
    if strict and not heads:
        return None
    if heads:
        return max(heads, key=lambda h: _centrality(h, spread)) if spread else heads[0]
    shortest = [_shortened(s, max_words) for s in usable]
    return min((w for w in shortest if len(w.split()) >= 3), default=None,
               key=lambda w: (opens_on_aside(w), not _content_words(w) & core, len(w.split())))


# A sentence that opens on time gone by tells background, not the story: "Last week, Super Typhoon Zeb killed ..."
_LOOKS_BACK_RE = re.compile(r"\s*(?:last (?:week|month|year|spring|summer|fall|autumn|winter)|"
                            r"(?:a|an|one|two|three|four|five|six|several|many|\d+) (?:days?|weeks?|months?|years?|"
                            r"decades?) ago|earlier this (?:week|month|year)|in (?:19|20)\d\d)\b", re.IGNORECASE)
_IN_A_YEAR_RE = re.compile(r"\b(?:in|during)\s+(?:19|20)\d\d\b")  # "... the Asian Games in Hiroshima in 1994"


def _looks_back(sentence: str) -> bool:
    """The sentence tells background: it opens on time gone by or says what happened in a year."""
    return bool(_LOOKS_BACK_RE.match(sentence) or _IN_A_YEAR_RE.search(sentence))


_HERE_RE = re.compile(r"\bhere\b", re.IGNORECASE)  # "the attack on the embassy here": where is here?


_FIRST_PERSON = frozenset({"I", "My", "We", "Our", "Q.", "Q:"})  # a column's voice: "My computer was ..."


def stands_alone(headline: str) -> bool:
    """A headline a reader understands with nothing before it: it does not open on "the" and a
    common noun ("The sanctions, which ...", "The vote is expected ..."; "The New Economy" is a
    name) or in the first person, and has no "here" that only the article's stripped dateline
    explains."""
    words = headline.split()
    common_noun = len(words) > 1 and words[0].lower() == "the" and words[1][:1].islower()
    return not common_noun and words[0] not in _FIRST_PERSON and not _HERE_RE.search(headline)


# A day in a title dates it to the article it came from: "... toppled the government Wednesday".
_DAY_IN_TITLE_RE = re.compile(
    r",?\s+(?P<lead>(?:on|late|early|last|this|next)\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b(?![’'])|,?\s+(?:(?:early|late)\s+)?(?:last|this|next)\s+(?:week|month)\b"
    r"|,?\s+(?:earlier|late|later)\s+this\s+week\b|,?\s+(?:yesterday|today|tonight)\b")
# Before a day, words whose phrase would dangle without it ("set for", "due by")
_DAY_PREPOSITIONS = frozenset("for by until till from to since before after through of".split())
# After a weekday: a date ("Sunday, March 5") or a name it is part of ("Sunday Times")
_DAY_GOES_ON_RE = re.compile(r",?\s*(?:\d|[A-Z])")


def without_days(headline: str) -> str:
    """The headline without the weekday or relative day of its article ("on Saturday", "last
    week"), unless that leaves it too short; a possessive day ("Sunday's election"), a day that
    opens a date ("Sunday, March 5") and one in a name ("Black Friday", "the Sunday Times") stay."""
    def drop(match: re.Match) -> str:
        before = headline[:match.start()].split()
        if before and before[-1].lower() in _DAY_PREPOSITIONS:  # "set for late Tuesday", "by Friday": kept
            return match.group(0)
        if not match.group("day"):
            return ""
        in_name = not match.group("lead") and before and before[-1][:1].isupper()
        return match.group(0) if in_name or _DAY_GOES_ON_RE.match(headline, match.end()) else ""

    shorter = _DAY_IN_TITLE_RE.sub(drop, headline).strip()
    return shorter if len(shorter.split()) >= MIN_WORDS else headline


def sentence_headline(sentence: str, max_words: int = MAX_WORDS) -> str | None:
    """The sentence as a headline, never cut mid-clause: without its dateline, an opening
    subordinate phrase ("Responding to a warrant, ...") or a trailing participle clause
    (", prompting ...") when that leaves a whole clause; None when it stays over max_words.
    Attribution ("..., officials said") is always kept."""
    text = _shortened(sentence, max_words)
    return text if MIN_WORDS - 1 <= len(text.split()) <= max_words else None


def _shortened(sentence: str, max_words: int) -> str:
    """`sentence_headline`'s text, however long it stays."""
    text = _whole(sentence)
    if len(text.split()) > max_words:
        text = _drop_intro(text)
    if len(text.split()) > max_words:
        text = _drop_tail(text)
    if opens_on_aside(text):  # "Now, the clinic has ..." -> "The clinic has ..."
        text = _drop_intro(text)
    text = without_days(_HERE_IN_TITLE_RE.sub("", text))
    return text[:1].upper() + text[1:]


# "... the attack on the embassy here": the place is in a dateline the title does not carry
_HERE_IN_TITLE_RE = re.compile(r"\s+here\b(?!\s+(?:is|are|was|were)\b|['’]s)")


def _whole(sentence: str) -> str:
    text = strip_dateline(PHOTO_SLUG_RE.sub("", sentence.strip()))
    text = re.sub(r"\s*(?:\.\.\.+|…)\s*", " ", text)
    text = text.rstrip().rstrip(".!?").rstrip()
    text = balance_quotes(text.replace("”.", "”"))
    return text[:1].upper() + text[1:]


def _drop_intro(text: str) -> str:
    """Without an opening subordinate phrase ending at the first comma, when the rest is a clause
    that needs nothing from it: a year stays ("In 1966, sky watchers clocked ..." is no news of
    today), and so does what the rest names ("In a statement about the bombings of two embassies,
    the FBI said ... the attack on the embassy")."""
    head, sep, rest = text.partition(", ")
    if not sep or quote_depth(head) or not head.split() or _YEAR_RE.search(head):
        return text
    named = {w[:5] for w in re.findall(r"[a-z]{3,}", head.lower()) if w not in _STOP}
    if any(w[:5] in named for w in _THE_NOUN_RE.findall(rest)):
        return text
    first = _bare(head.split()[0])
    opener = first in _SUBORDINATE or first in _TIME_OPENERS or (first.endswith("ing") and len(head.split()) >= 3)
    # "As leaders from ..., as well as from ..., gathered": the phrase runs on past its first comma
    # and so does one that goes on into a list ("With attorneys locked up, harassed or plain scared, ...")
    runs_on = rest.split()[0].lower() in _RUNS_ON or _LIST_GOES_ON_RE.match(rest) if rest.split() else True
    if opener and not runs_on and len(rest.split()) >= MIN_WORDS and rest[:1].isalpha():
        return rest[:1].upper() + rest[1:] if not rest.split()[0].isupper() else rest
    return text


_RUNS_ON = frozenset("as and or but nor who whom whose which that including from with of to for in at on by "
                     "than like plus".split())
_LIST_GOES_ON_RE = re.compile(r"[a-z]{3,}ed\b|(?:[\w-]+\s+){1,3}or\s+(?:[\w-]+\s+){0,2}[\w-]+,")
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
_THE_NOUN_RE = re.compile(r"\bthe ([a-z]{3,})\b")
_TAIL_RE = re.compile(r"[;:]\s+|,\s+(?=(?:\w+ing|which|while|where|leaving|including|after|before|amid|as|despite|with)\b)")


# A relative or participle clause that closes on a comma before the main verb: the head before it is only a
# subject ("Scientists analyzing photographs ..., orbiting the largest planet, have concluded ...").
_EMBEDDED_CLAUSE_RE = re.compile(r"(?:which|who|\w+ing)\b[^,;:]*(?:,[^,;:]*)?,\s+(?!and\b|or\b|but\b|which\b|who\b|"
                                 r"while\b|as\b|including\b|according\b)(?:[a-z]+(?:s|ed)|have|has|had|is|are|was|"
                                 r"were|will|would|can|could|may|might|must|should)\b")


_DANGLING_AND_RE = re.compile(r",?\s+(?:and|or|but)$")


def _drop_tail(text: str) -> str:
    """Without a trailing participle or relative clause (", prompting ...") that holds no
    attribution and no quote."""
    for match in _TAIL_RE.finditer(text):
        # "... Discovery on Wednesday and, glinting in the sunlight, drifted ...": the "and" goes with its tail
        head, tail = _DANGLING_AND_RE.sub("", text[:match.start()]), text[match.end():]
        # "A disaster as terrible as Mitch, which killed ..., teaches ...": the head is only a subject (not
        # when it ends on "and": a second verb follows the aside)
        if _EMBEDDED_CLAUSE_RE.match(tail) and head == text[:match.start()]:
            continue
        if (len(head.split()) >= MIN_WORDS and not quote_depth(head) and not speaker_words(tail) and "“" not in tail
                and _bare(head.split()[0]) not in _SUBORDINATE):  # "As leaders from ..." is no clause alone
            return head
    return text


def opens_on_aside(text: str) -> bool:
    """Opens on a phrase that leans on what came before, not on the story's subject: a
    subordinate or time phrase up to the first comma ("Last year, ...", "Throughout the
    Philippines, ...", "Now, ..."), or a participle that trails a clause ("Prompting ...")."""
    words = text.split()
    if not words:
        return False
    first = _bare(words[0])
    head, sep, _ = text.partition(", ")
    # "Prompting the ...", never "Beijing, ..." or "King Hussein, ...": a participle takes a lower-case word
    participle = first.endswith("ing") and not words[0].endswith(",") and len(words) > 1 and words[1][:1].islower()
    if first in _TRAILING_PARTICIPLES:  # "Prompting PAL to revive talks ...": a clause's tail, with no subject
        return True
    return bool(sep and quote_depth(head) == 0 and len(head.split()) <= 6
                and (first in _SUBORDINATE or first in _TIME_OPENERS or participle))


# Participles that continue a clause before them ("..., prompting", "..., killing"), never a subject
_TRAILING_PARTICIPLES = frozenset("prompting forcing leaving sending bringing raising causing allowing triggering "
                                  "sparking killing injuring adding saying making giving".split())


_TIME_OPENERS = frozenset("now then meanwhile still also however but and so yet throughout last this next earlier later "
                          "today yesterday tomorrow".split())


def _bare(word: str) -> str:
    return word.lower().strip(".,;:!?'’‘\"“”()")


# Words in DANGLING_END that may still end a whole sentence ("..., officials said", "... are not new").
_SENTENCE_ENDS = frozenset("""
said says told say new then there here also still first last next more most less least up down out off
each both all many much few several other same own just only even very too over
""".split())


# A phrasal verb's particle ends a whole headline: "... closure drags on", "Talks break down".
_PHRASAL_END_RE = re.compile(r"\b(?:drag|go|goe|carr(?:y|ie)|move|hold|press|weigh|linger|rage|continue|push|hang|"
                             r"live|pass|take|sign|step|roll|close|shut|turn|crack|clamp|wrap|sell|pay|give|come|heat|"
                             r"cool|wind|wear|pile|break|stand|stay|shake|back|level|dry|ease|flare|tick|play|sit|set)"
                             r"(?:s|es|ed|ing)?\s+(?:on|up|down|out|off|over|in|back|away)[.!]?$", re.IGNORECASE)


def is_cut_off(title: str) -> bool:
    """A headline that stops mid-phrase: ends with an ellipsis or a word that needs more (not a
    phrasal verb's particle: "... closure drags on")."""
    words = title.split()
    last = words[-1].strip(".,;:!?'’‘\"“”()") if words else ""
    acronym = len(last) > 1 and last.isupper()  # "... against IS"
    return (not words or title.rstrip().endswith(("…", "...")) or len(words) > 30
            or (_bare(last) in DANGLING_END - _SENTENCE_ENDS and not acronym and not _PHRASAL_END_RE.search(title)))
