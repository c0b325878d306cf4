"""Strip web boilerplate from article text before sentence splitting.

Works on plain text (scraped pages, pasted copy): line rules drop navigation, share and
comment prompts, credits and captions; a tail cut drops related-story lists and comment
sections; datelines are stripped from the sentence that carries them. Quotes become
typographic and balanced per paragraph (readability.typographic_quotes) before anything
else reads them.
"""
from __future__ import annotations

import html
import re
import unicodedata

from summarizer.read.quotes import typographic_quotes

# A whole line that is boilerplate when it matches (case-insensitive, anchored at start).
_LINE_PATTERNS = [
    r"(share|shares|tweet|email|print|save|copy link)\b.{0,40}$",
    r"share this",
    r"(comments?|\d+ comments?)\s*$",
    r"(click|tap) here",
    r"(sign|log) ?(in|up|out)\b",
    r"subscribe\b",
    r"(follow|like) us\b",
    r"(image|photo|picture|video|media) (copyright|caption|credit|source)",
    r"(file )?photo\s*:",
    r"(photo|image|picture)s? (by|courtesy)\b",
    r"(copyright|©|\(c\))",
    r"all rights reserved",
    r"media playback",
    r"read (more|next|also)\b",
    r"(see|more) also\b",
    r"(related|recommended|popular|trending|latest|more) (stories|articles|news|coverage|from)\b",
    r"you (might|may) (also )?like",
    r"leave a (reply|comment)",
    r"(there are )?no comments",
    r"join the (conversation|discussion|community)",
    r"your email address",
    r"required fields",
    r"(create|edit) (your )?profile",
    r"location settings",
    r"(advertisement|sponsored|promoted)\b",
    r"(updated|published|posted|last modified)\b.{0,40}$",
    r"(?-i:[Bb]y [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\s*$",
    r"\((?:reporting|writing|editing|additional reporting) by",
    r"(reporting|writing|editing) by\b",
    r"(getty images|reuters|afp|ap|epa|associated press)(\s*/.*)?\s*$",
    r"(reuters|afp|ap|epa)\s*/",
    r"find us\b",
    r"close button",
    r"skip to (main )?content",
    r"cookies?\b",
    r"newsletter",
    r"the (data|figures) (above|below) (are|is|were) (from|provided)",  # a data table's credit
    # a syndicate's contacts: "U.S. and Canada: DEBRA WEYDERT in New Jersey at 1-732-390-4480", "EDITOR: Visit The
    # New York Times Syndicate Web site ..."
    r"(?-i:[A-Z][\w .&]{1,40}: [A-Z]{2,}(?: [A-Z]{2,}){1,3} in [A-Z])",
    r"editors?: visit the .{0,40}syndicate",
]
_LINE_RE = re.compile(r"^\s*(?:" + "|".join(_LINE_PATTERNS) + r")", re.IGNORECASE)

# Phrases that mark a line as site chrome wherever they appear in it.
_ANYWHERE_RE = re.compile(
    r"(click here|log in with|sign in with|comments policy|your profile|username|"
    r"personalise|personalize|editorial discretion|considered for publication|"
    r"media playback|image copyright|image caption|media caption|enable javascript|"
    r"will not be published|terms of (use|service)|privacy policy|"
    r"send us your|user galleries|news in pictures|"
    r"\breuters/|─ file photo|- file photo|file photo\b|"
    # scraped-page furniture: archive notices, video players, error pages, sign-up prompts
    r"web ?crawl|crawl data|this crawl|crawls are|archive pages|wayback machine|internet archive|"
    r"interactive transcript|when the video has been rented|feature is not available right now|"
    r"video (is )?(unavailable|not available)|autoplay|skip in skip|embed x share|"
    r"page (you requested )?(was |could )?not (be )?found|page you (are|were) looking for|check the url|no more 404|trouble locating|crawl of|not publicly accessible|"
    r"breaking news (emails|alerts)|delivered (to your inbox|weekday)|sign up for|"
    r"javascript is disabled|legacy twitter|tweet with a location|location information to your tweets|"
    r"appear next to all of your comments|already a subscriber|subscriber account|log in to|your browser|ad blocker|"
    r"we('ve| have) (updated|detected)|accept (all )?cookies|"
    # a syndicate's sales lines: "(FOR PURCHASE INFORMATION, SEE BELOW.)", "... to connect to a New York Times
    # Syndicate sales executive near you"
    r"for purchase information|syndicate sales (representative|executive))",
)
# A syndicate's sales note, to the paragraph's end: "... (To publish this article, it must be purchased _ the
# rate is not prohibitive _ from New York Times Syndicate sales representative ...)", "To purchase this
# material contact ...", "NONSUBSCRIBERS: To publish ...": a sentence's start, not "... raised $2 million to
# purchase this material from the estate".
_SALES_NOTE_RE = re.compile(r"(?:^|(?<=[.)\s]))\(?(?:To publish (?:this|a) [^,.]{0,60}, it must be purchased|"
                            r"To purchase this [^.]{0,60}\b(?:contact|from)\b|NONSUBSCRIBERS:).*$", re.DOTALL)
# A contributor's note closing an article: "(Margaret Talbot is a contributing writer for The New York Times
# Magazine.)", "Jane Doe is a San Francisco-based free-lance writer."
_CONTRIBUTOR_RE = re.compile(r"^\(?(?:[A-Z][\w.'’-]*\s+){1,4}is an?\s+(?:[\w-]+\s+){0,3}(?:contributing|"
                             r"free-?lance)\s+(?:writer|editor|reporter)"
                             r"(?:\s+(?:for|with|at|in|based in)\s+[^()]{1,60}?)?\.?\)?$")
# A rights notice: "COPYRIGHT 1998 BY WORLDSOURCES, INC. ... NO PORTION OF THE MATERIALS CONTAINED HEREIN MAY
# BE USED ...", "copyright 2018 nexstar broadcasting, inc. All rights reserved. This material may not be
# published, ...": a copyright year, then the sentences that say what it forbids.
_COPYRIGHT_RE = re.compile(r"\bcopyright\s+(?:©\s*)?\d{4}\b", re.IGNORECASE)
_NOTICE_WORDS = ("all rights reserved", "no portion of", "contained herein", "may not be")
_PIECE_END_RE = re.compile(r"(?<=[.!?])\s+")
_LAST_SENTENCE_END_RE = re.compile(r"^.*[.!?][”\"’']?(?=\s|$)", re.DOTALL)


def up_to_last_sentence_end(text: str) -> str | None:
    """`text` up to the end of its last whole sentence, None when no sentence ends in it."""
    whole = _LAST_SENTENCE_END_RE.match(text)
    return whole.group(0) if whole else None

# Paywall, sign-up, consent and player prompts that scraping runs into the story's own
# paragraphs: only the sentence that holds one is dropped, not its paragraph.
_PROMPT_RE = re.compile(
    r"dow jones reprints|as an interest to stay up to date|push notifications|news you can trust|"
    r"get daily updates|select a newsletter|view all .{0,30}newsletters|subscribe to our newsletter|"
    r"may not be published, broadcast|requires javascript|enabling javascript|enable cookies|flash player|"
    r"confirmation email|verification (email|message)|activate your|consider subscribing|"
    r"journalism open and accessible|our journalism takes|promotional offers|unsubscribe at any time|"
    r"refresh the page|upgrade to a modern browser|not a robot|terms you agree|report abuse link|"
    r"add this (tweet|video) to your website"
)

# A web archive's description of a crawl or collection, captured instead of the page.
_ARCHIVE_NOTICE_RE = re.compile(
    r"for this collection|this (collection|is a collection) (is|was|will|contains|may|of web)|seed ?list|heritrix|"
    r"end of term (web )?archiv|web archiving|(wide|web|election|experimental|repeated) crawls?\b|"
    r"crawls? (of|performed|conducted)|scope of the crawl|crawled all of|crawler (software|configuration)|"
    r"crawl data to the internet archive"
)

# Lines after which the rest of the page is comments, related stories or footer.
_TAIL_RE = re.compile(
    r"^\s*(you (might|may) (also )?like|related (stories|articles|coverage|news)|"
    r"more (stories|from)|recommended( for you)?|read more on|leave a (reply|comment)|"
    r"there are no comments|join the conversation|comments?\s*$|share this article\s*comments)",
    re.IGNORECASE,
)

# "NEAR BAGHOUZ, Syria (Reuters) - ", "WASHINGTON (AP) — ", "LONDON (AP) _ ", "NEW YORK _ ",
# "BEIJING, Oct. 17 (Xinhua) -- ", "OMAR OIL FIELD (Syria): ", "(CNN) -- "
_WIRE_TAGS = r"(?i:reuters|ap|afp|cnn|upi|bloomberg|xinhua|dpa|efe)"
_DATELINE_RE = re.compile(
    r"^\s*(?:"
    r"(?:[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,5})"  # upper-case place
    r"(?:\s*,\s*[A-Z0-9][\w.'’\-]*(?:\s+[A-Z0-9][\w.'’\-]*){0,3})?"  # , Country  /  , Oct. 17
    r"(?:\s*,\s*\d{4})?"  # , 1998
    r"\s*(?:\([^)]{1,40}\))?\s*(?:(?:[-–—:_]{1,2}|\|)\s+|_(?=[A-Z]))"  # "_Venezuelan": the wire's _ run on
    rf"|\(\s*{_WIRE_TAGS}\s*\)\s*[-–—:_]{{1,2}}\s+"
    # "Washington _ Despite ...": a place of one or two words, not "In Washington _", and no second
    # " _ " later (then the pair is a dash aside: "President Clinton _ Despite his troubles _ remains")
    r"|(?!(?:In|On|At|The|A|An|For|By|From|To|With|And|But|Or|Of|As|Officials?)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:,\s*[A-Z][a-z.]+(?:\s+[A-Z][a-z.]+)?)?\s+_\s+(?=[A-Z])(?![^\n]*\s_\s)"
    rf"|[A-Z][a-z]+(?:\s+[A-Z]?[a-z]+){{0,2}}\s*\(\s*{_WIRE_TAGS}\s*\)\s*[-–—:_]{{1,2}}\s+"
    r")",
)
# A dateline that is one wherever a paragraph opens with it (a digest of wire items): a place and
# an agency or "(Undated)" tag, or a place and the wire's "_".
_WIRE_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,5}"
    r"(?:\s*,\s*[A-Z0-9][\w.'’\-]*(?:\s+[A-Z0-9][\w.'’\-]*){0,3})?(?:\s*,\s*\d{4})?"
    r"\s*(?:\([^)]{1,40}\)\s*[-–—_]{1,2}|_)\s+")
_UNDATED_RE = re.compile(r"^\s*\(\s*undated\s*\)\s*(?:[-–—:_]{1,2}\s*)?", re.IGNORECASE)
# A by-line run into the lead: "By JANE DOE, Associated Press Writer ", "By Jane Doe, AP Science Writer ".
_BYLINE_RE = re.compile(
    r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4},?\s*(?:The\s+)?"
    r"(?:Associated Press|AP|Reuters|AFP|Agence France-Presse|UPI|Xinhua|Bloomberg)"
    r"(?:\s+[A-Z][a-z]+){0,2}?\s+(?:Writer|Correspondent|Reporter|Editor)\b[.,:]?\s*"
)
# Photo and graphics slugs of wire copy: "= (PICTURES) =", "(PHOTO)", "=GRAPHIC=".
PHOTO_SLUG_RE = re.compile(r"\s*=\s*\(?\s*(?:PICTURES?|PHOTOS?|GRAPHICS?|VIDEO)\s*\)?\s*=?|"
                           r"\s*\((?:PICTURES?|PHOTOS?|GRAPHICS?)\)")

# Longer paragraphs are body text; their boilerplate is filtered per sentence instead.
LONG_PARAGRAPH_WORDS = 60
_END_PUNCT = tuple(".!?…")
# Control characters (tab and newline aside), zero-width and bidi marks, BOM.
_INVISIBLE_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CLOSERS = "\"'”’)]»"
_WORD_RE = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Unescape HTML entities, NFC, unify line breaks and spaces, drop control characters."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = PHOTO_SLUG_RE.sub("", _INVISIBLE_RE.sub("", text))
    return re.sub(r"[^\S\n]+", " ", text)


def is_boilerplate(line: str) -> bool:
    return bool(_LINE_RE.match(line) or _ANYWHERE_RE.search(line.lower()))


def without_rights_notice(paragraph: str) -> str:
    """The paragraph less a rights notice: from "copyright YEAR" through the sentences after it that
    say what it forbids (or are its owner's name in capitals); what comes before and after it stays.
    A notice that ends the paragraph takes with it the unfinished words before it ("Article continues
    below"), back to the last whole sentence."""
    found = _COPYRIGHT_RE.search(paragraph) if "opyright" in paragraph or "OPYRIGHT" in paragraph else None
    if found is None:  # most paragraphs: no notice
        return paragraph
    pieces = _PIECE_END_RE.split(paragraph[found.start():])
    if not any(w in " ".join(pieces[:4]).lower() for w in _NOTICE_WORDS):  # "copyright 1991, San Jose Mercury News"
        return paragraph
    rest = 1
    while rest < len(pieces) and (any(w in pieces[rest].lower() for w in _NOTICE_WORDS) or pieces[rest].isupper()):
        rest += 1
    before, after = paragraph[:found.start()].rstrip(), " ".join(pieces[rest:])
    if not after:
        return up_to_last_sentence_end(before) or before
    return f"{before} {after}".strip()


# A wire write-through's pick-up note ends a paragraph: "... near the border. Moussa told, 5th graf", "... A
# plane, 2nd graf, pvs", "The tribunal, graf 5 pvs" (go on at the previous version's paragraph that opens so).
_PICKUP_NOTE_RE = re.compile(r"(?:(?<=[.!?”\"'’)])\s+|^)(?:``|“)?[A-Z][^.!?\n]{0,60}?,\s*(?:picks? up\s+)?"
                             r"(?:\d+(?:st|nd|rd|th)\s+graf|graf\s+\d+)\b[^.!?\n]{0,40}?\.?\s*(?:\([a-z]{1,4}\))?\s*$")


# Markup of the TREC-era news archives: an AP header ("AP-NR-08-21-88 0234EDT"), an FBIS header ("Language:
# English Article Type:BFN [Text]") at the start; an FT index ("Countries:- GBZ United Kingdom, EC . Types:- ...",
# "The Financial Times London Page 8") and an LA Times caption and subject line (". Photo, Heading for ... SPACE
# EXPLORATION") at the end.
_ARCHIVE_HEAD_RE = re.compile(r"^\s*(?:AP-[A-Z]{2}-\d\d-\d\d-\d\d \d{4}[A-Z]{3}\s+|"
                              r"Language: \w+ Article Type:\s?\w+\s+(?:\[[^\]]{0,200}\]\s+)?\[Text\]\s*)")
_ARCHIVE_INDEX_RE = re.compile(r"(?:\s+(?:Companies|Countries|Industries|Markets|Types):-\s.*|"
                               r"\s+The Financial Times London Page \w+\s*)$", re.DOTALL)
_CAPTION_TAIL_RE = re.compile(r"(?<=[.!?\"'’”])\s+(?:Photos?|Tables?|Charts?|Graphics?|Maps?|Drawings?|"
                              r"Illustrations?), [A-Z(].*$", re.DOTALL)
# "laughing . Countries": the FT's space before a sentence's stop; ". . ." stays
_SPACED_STOP_RE = re.compile(r"(?<=[\w)'’\"”]) \.(?=\s|$)(?! \.)")


# A caption run ends on its credit or the archive's subject line: "... speaks. Associated Press Wire", "...
# ACQUISITIONS; MAXWELL, ROBERT; NEWSPAPERS -- UNITED STATES" (not news: "Maps, radios and food were handed out.")
_CAPTION_END_RE = re.compile(r"(?:\b(?:Wire|Press|Presse|International|Times(?: [A-Z][a-z]+){0,2})|"
                             r"[A-Z]{2,}[A-Z ,.'&()-]*(?:;|--)[A-Z ,.'&();-]*)\s*$")


def without_archive_markup(paragraph: str) -> str:
    """The paragraph less a news archive's header or index, caption and subject lines, stops unspaced."""
    paragraph = _ARCHIVE_INDEX_RE.sub("", _ARCHIVE_HEAD_RE.sub("", paragraph))
    caption = _CAPTION_TAIL_RE.search(paragraph)
    if caption and _CAPTION_END_RE.search(caption.group(0)):
        paragraph = paragraph[:caption.start()]
    return _SPACED_STOP_RE.sub(".", paragraph)


def without_sales_note(paragraph: str) -> str:
    """The paragraph less a syndicate's sales note from its start to the paragraph's end."""
    return _SALES_NOTE_RE.sub("", paragraph).rstrip() if "urchase" in paragraph or "NONSUB" in paragraph else paragraph


def is_contributor_note(sentence: str) -> bool:
    """"(Margaret Talbot is a contributing writer for The New York Times Magazine.)": at an
    article's end, a note on who wrote it (the splitter checks its last sentences)."""
    return _CONTRIBUTOR_RE.match(sentence.strip()) is not None


def without_pickup_note(paragraph: str) -> str:
    """The paragraph less a wire pick-up note at its end ("..., 5th graf pvs")."""
    return _PICKUP_NOTE_RE.sub("", paragraph) if "graf" in paragraph else paragraph


# A note before a speech's text (a sentence of its own, not the paragraph it opens)
_TEXT_NOTE_RE = re.compile(r"\s*here is (?:a|the) (?:partial )?(?:transcript|text) of\b", re.IGNORECASE)
# "John Major: 185 Michael Heseltine: 131 Douglas Hurd: 56": the rows of a results table run together
_TABLE_ROW_RE = re.compile(r"(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w'’-]+: \d[\d,.]*%?(?= [A-Z]|\s*$)")


def is_furniture(sentence: str) -> bool:
    """A sentence of site furniture: boilerplate, a paywall / sign-up / consent prompt, table rows or a
    note before a transcript."""
    return (is_boilerplate(sentence) or _PROMPT_RE.search(sentence.lower()) is not None
            or len(_TABLE_ROW_RE.findall(sentence)) >= 2 or _TEXT_NOTE_RE.match(sentence) is not None)


# A wire service's note to its clients' editors: a photo package or the day's story list (a news
# budget: "These columns for release Friday ... are moving today to clients ..."), no article.
_ADVISORY_RE = re.compile(r"\battention editors\b|\bthe following (?:photos|stories|features) (?:are|is|will)\b|"
                          r"\bplans to move the following\b|\bare moving today to clients\b|"
                          r"\bcan be found at the end of this budget\b|\bstory will move in the\b|"
                          r"\bprepared to give your readers\b", re.IGNORECASE)  # a syndicate's pitch of a package


def is_editors_advisory(text: str) -> bool:
    """An article that opens as a wire service's note to editors ("ATTENTION EDITORS: The following
    photos are part of ...", "The Republic plans to move the following stories ...", "Are you
    prepared to give your readers the coverage they crave?")."""
    return _ADVISORY_RE.search(text[:600]) is not None


def is_archive_notice(line: str) -> bool:
    """A web archive's note on its crawl or collection (a page captured as this note)."""
    return _ARCHIVE_NOTICE_RE.search(line.lower()) is not None


def is_prose(line: str, min_words: int = 6) -> bool:
    """Body text ends like a sentence and has enough words; headings and menus do not."""
    line = line.strip()
    words = len(_WORD_RE.findall(line))
    if words < min_words:
        return False
    if line.rstrip(_CLOSERS).endswith(_END_PUNCT):
        return True
    # A long block cut mid-sentence is still body text.
    return words >= 40 and re.search(r"[.!?][\"'”’)]?\s+[A-Z\"“]", line) is not None


def strip_dateline(text: str) -> str:
    """Remove a leading by-line and dateline such as 'NEAR BAGHOUZ, Syria (Reuters) - ',
    'LONDON (AP) _ ' or 'By JANE DOE, Associated Press Writer WASHINGTON _ '."""
    byline = _BYLINE_RE.match(text)
    if byline and len(text[byline.end():].split()) >= 4:
        text = text[byline.end():]
    undated = _UNDATED_RE.match(text)  # "(Undated) Here's a top 10 list ...": a dateline with no place
    if undated and len(text[undated.end():].split()) >= 4:
        text = text[undated.end():]
    match = _DATELINE_RE.match(text)
    if not match:
        return text
    rest = text[match.end():]
    # Keep the text when the "dateline" was really an upper-case sentence start.
    head = match.group(0)
    if (sum(c.isupper() for c in head) < 2 and " _ " not in head) or len(rest.split()) < 4:
        return text
    rest = strip_dateline(rest)  # an editors' slug before the dateline: "CUBA-ELIAN _ MIAMI _ As ..."
    return rest[:1].upper() + rest[1:]


def paragraphs(text: str) -> list[str]:
    """Blocks of text; a block of hard-wrapped lines is joined, other lines stay apart."""
    result: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and _hard_wrapped(lines):
            result.append(" ".join(lines))
        else:
            result.extend(lines)
    return result


def _hard_wrapped(lines: list[str]) -> bool:
    open_ends = sum(not line.rstrip(_CLOSERS).endswith(_END_PUNCT) for line in lines[:-1])
    long_lines = sum(len(line) >= 30 for line in lines[:-1])
    return open_ends >= 0.6 * (len(lines) - 1) and long_lines >= 0.8 * (len(lines) - 1)


# A list item's mark ("_ " or "-- " in wire copy, "• ", "* ", "- "): the sentence reads without it.
_LIST_MARK_RE = re.compile(r"^(?:--|[_•*·▪‣◦–—-])\s+(?=\S)|^(?:--|_)(?=[A-Z])")
# A word broken at a line end and joined with a space ("anti- terrorist"); a suspended hyphen
# ("mid- to late summer", "middle- and upper-level") stays.
_BROKEN_WORD_RE = re.compile(r"(?<=[A-Za-z])- (?!(?:and|or|to|nor|through|than|as|vs|versus|but|rather|not|yet)\b)(?=[a-z])")


def unwrap_aside(paragraph: str) -> str:
    """A paragraph that is one aside in brackets, "(Astronomers call them meteoroids. ... a
    meteorite.)", without them: its sentences read on their own. Any other paragraph as it is."""
    text = paragraph.strip()
    if not text.startswith("("):
        return paragraph
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:  # the opening bracket closes here: at the end (bar a full stop or quote), or it is no wrap
            rest = text[i + 1:]
            return text[1:i] + rest if rest.strip(".!?”’\"'") == "" and text[1:i].strip() else paragraph
    return paragraph


# A chronology's day: "Oct. 31", "May 30, 1990".
_MONTH_DAY = r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
# A fact sheet's label line: "*RESCUE OPERATION:", "DEATH TOLL:"; a chronology's day: "*Friday", "Oct. 31:".
_FACT_LABEL_RE = re.compile(r"^[*_•]?\s*(?:[A-Z][A-Z0-9 &/'’-]{2,40}:|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day:?"
                            rf"|{_MONTH_DAY}:?)$")
# A chronology's time-stamped or dated entry: "8:02 a.m. EDT -- Plane, diverted because of ..., lands at
# Newark", "May 30 _ The Federal Trade Commission staff opens an antitrust probe ...".
_TIMED_ENTRY_RE = re.compile(rf"^(?:\d{{1,2}}(?::\d{{2}})? ?[ap]\.?m\.?(?: [A-Z]{{2,4}})?|{_MONTH_DAY})"
                             r" ?(?:--|—|–|-|_) ")


def without_fact_sheet_entries(paras: list[str]) -> list[str]:
    """The paragraphs less the entries of a fact sheet or a chronology (two or more label lines,
    each followed by its entry: "*RESCUE OPERATION:" / "50,000 Turkish soldiers and ...", "*Friday"
    / "EgyptAir Boeing 767, leaves Cairo ..."; two or more time-stamped or dated lines: "8:02 a.m.
    EDT -- Plane lands ...", "May 30 _ The FTC opens a probe ..."): entries are notes, not
    sentences a brief can quote."""
    labels = [bool(_FACT_LABEL_RE.match(p)) for p in paras]
    timed = [bool(_TIMED_ENTRY_RE.match(p)) for p in paras]
    if sum(labels) < 2 and sum(timed) < 2:
        return paras
    if sum(timed) < 2:
        timed = [False] * len(paras)
    if sum(labels) < 2:
        labels = [False] * len(paras)
    return [p for n, p in enumerate(paras) if not (n and labels[n - 1] and not labels[n]) and not timed[n]]


def clean_paragraphs(text: str, min_words: int = 6, quotes: bool = True) -> list[str]:
    """Body paragraphs of an article, boilerplate removed, datelines stripped, fact-sheet entries
    left out; quotes typographic and balanced unless quotes=False."""
    paras = [without_pickup_note(without_sales_note(without_rights_notice(without_archive_markup(p))))
             for p in without_fact_sheet_entries(paragraphs(normalize(text)))]
    paras = [unwrap_aside(_LIST_MARK_RE.sub("", _BROKEN_WORD_RE.sub("-", p))) for p in paras]
    if quotes:
        paras = [typographic_quotes(p) for p in paras]
    body_seen = 0
    kept: list[str] = []
    for n, para in enumerate(paras):
        if _TAIL_RE.match(para) and body_seen >= 2:
            break
        if len(para.split()) < LONG_PARAGRAPH_WORDS and is_boilerplate(para):
            # A caption sits right before the credit line that names the photographer.
            if kept and n > 0 and kept[-1] == paras[n - 1] and _is_credit(para):
                kept.pop()
                body_seen -= 1
            continue
        if not is_prose(para, min_words):
            continue
        kept.append(para)
        body_seen += 1
    return [wire_typography(strip_dateline(p) if n < 3 or _WIRE_DATELINE_RE.match(p) else p)
            for n, p in enumerate(kept)]


# Wire copy types a dash as " _ " and dollars as "dlrs" ("dlrs 40 billion", "40 dlrs").
_WIRE_DASH_RE = re.compile(r" _ ")
_DOLLARS_BEFORE_RE = re.compile(r"\b(US |U\.S\. )?dlrs\.? ?(?=\d)")
_DOLLARS_AFTER_RE = re.compile(r"(?<![\d,.])(\d[\d,.]*(?: (?:million|billion|trillion))?) (?:US |U\.S\. )?dlrs\b")


# News archives' stand-ins for currency signs: the FT's "Pounds 55m", "Dollars 44bn"; the WSJ's "#440 million".
_CURRENCY_WORD_RE = re.compile(r"\b(?-i:Pounds|Dollars) (?=\d)|#(?=\d[\d,.]*(?: million\b| billion\b|m\b|bn\b))")


# "Energy Resources of Australia Ltd..": an abbreviation's stop and the sentence's, typed twice (". . ." and "..." stay)
_DOUBLE_STOP_RE = re.compile(r"(?<=[A-Za-z])\.\.(?=\s+[A-Z“\"]|\s*$)")  # a sentence's end: "know.. maybe" stays


def wire_typography(paragraph: str) -> str:
    """A paragraph with the wire's typewriter stand-ins as a reader expects them: " _ " as a
    dash, "dlrs 40 billion" and "40 dlrs" as "$40 billion" and "$40", "Pounds 55m" and "#440
    million" as "£55m" and "£440 million", and "Ltd.." as "Ltd."."""
    paragraph = _CURRENCY_WORD_RE.sub(lambda m: "$" if m.group(0).startswith("D") else "£", paragraph)
    paragraph = _DOUBLE_STOP_RE.sub(".", paragraph)
    paragraph = _WIRE_DASH_RE.sub(" — ", paragraph)
    paragraph = _DOLLARS_BEFORE_RE.sub(lambda m: "US$" if m.group(1) else "$", paragraph)
    return _DOLLARS_AFTER_RE.sub(lambda m: f"${m.group(1)}", paragraph)


def _is_credit(line: str) -> bool:
    return bool(re.match(r"^\s*(getty images|reuters|afp|ap|epa)\b|.*\b(REUTERS|AFP|AP)/", line, re.IGNORECASE))


def clean_text(text: str, min_words: int = 6, quotes: bool = True) -> str:
    return "\n\n".join(clean_paragraphs(text, min_words, quotes))
