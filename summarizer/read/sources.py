"""Who published an article and when: outlet and date from metadata, URL or page text.

`outlet(...)` names the outlet from page metadata (trafilatura's sitename), the URL's domain,
header lines ("By Jo Dee | The Harbour Post", "Source: X", "*X* — April 3, 2024"), a "Published
in X" line, the outlet names a scraped page repeats, and wire credits ("(Reuters) -", "By AFP",
"REUTERS/", "an AFP reporter", "Story Filed By Cox Newspapers"); a site that runs a wire story
becomes "News24 with AFP". `page_date(...)` reads the date lines of a page ("February 20
2019 12:21 AM", "2019-02-17 17:34", "Updated February 11, 2019") and `iso_date` writes
any date as YYYY-MM-DD, or YYYY-MM-DD HH:MM when the time is given.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from urllib.parse import urlparse

from summarizer.read.clean import is_boilerplate, is_prose

# Wire agencies: credited in datelines and by-lines, often carried by another site.
WIRES = {"reuters": "Reuters", "ap": "AP", "associated press": "AP", "afp": "AFP",
         "agence france-presse": "AFP", "upi": "UPI", "dpa": "dpa", "efe": "EFE", "ani": "ANI",
         "pti": "PTI", "xinhua": "Xinhua", "bloomberg": "Bloomberg"}

# Domains of common outlets and the names readers know them by.
DOMAINS = {
    "reuters.com": "Reuters", "apnews.com": "AP", "ap.org": "AP", "afp.com": "AFP",
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "news24.com": "News24", "dawn.com": "Dawn",
    "cnn.com": "CNN", "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian", "guardian.co.uk": "The Guardian", "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times", "bloomberg.com": "Bloomberg", "aljazeera.com": "Al Jazeera",
    "euronews.com": "Euronews", "foxnews.com": "Fox News", "nbcnews.com": "NBC News", "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News", "npr.org": "NPR", "usatoday.com": "USA Today", "latimes.com": "Los Angeles Times",
    "politico.com": "Politico", "thehill.com": "The Hill", "time.com": "Time", "newsweek.com": "Newsweek",
    "independent.co.uk": "The Independent", "telegraph.co.uk": "The Telegraph", "dailymail.co.uk": "Daily Mail",
    "news.sky.com": "Sky News", "dw.com": "DW", "france24.com": "France 24", "cnbc.com": "CNBC",
    "huffpost.com": "HuffPost", "huffingtonpost.com": "HuffPost", "businessinsider.com": "Business Insider",
    "theatlantic.com": "The Atlantic", "axios.com": "Axios", "vox.com": "Vox", "slate.com": "Slate",
    "chicagotribune.com": "Chicago Tribune", "timesofindia.indiatimes.com": "The Times of India",
    "hindustantimes.com": "Hindustan Times", "gulf-times.com": "Gulf Times", "gulfnews.com": "Gulf News",
    "thenational.ae": "The National", "arabnews.com": "Arab News", "jpost.com": "The Jerusalem Post",
    "haaretz.com": "Haaretz", "smh.com.au": "The Sydney Morning Herald", "abc.net.au": "ABC News (Australia)",
    "cbc.ca": "CBC News", "theglobeandmail.com": "The Globe and Mail", "japantimes.co.jp": "The Japan Times",
    "scmp.com": "South China Morning Post", "straitstimes.com": "The Straits Times", "rt.com": "RT",
    "tass.com": "TASS", "xinhuanet.com": "Xinhua", "yahoo.com": "Yahoo News", "msn.com": "MSN",
}
# Outlet names a scraped page repeats in its own furniture ("Join the News24 Community").
_SITE_NAMES = sorted({name for name in DOMAINS.values() if name not in WIRES.values()} | {"BBC News"},
                     key=len, reverse=True)
# "The National" is not the first words of another name ("The National Education Association", "The
# Independent Counsel"); "BBC News Services" still names the BBC.
# a site's name as its own furniture names it: not "The Times Square ..." nor "Time to panic."
_SITE_RE = re.compile(r"\b(" + "|".join(re.escape(n) + (r"(?!\s+[A-Z])" if n.startswith("The ") else "")
                                       for n in _SITE_NAMES) + r")\b(?!\s+[a-z])")
# A syndicate's credit line: "Story Filed By Cox Newspapers".
_FILED_BY_RE = re.compile(r"^\s*(?:Story\s+)?Filed\s+By\s+((?:[A-Z][\w&.'’-]*\s?){1,5})\s*$", re.MULTILINE)
_WIRE_NAMES = r"Reuters|REUTERS|AP|Associated Press|AFP|Agence France-Presse|UPI|dpa|EFE|Xinhua|Bloomberg"
_WIRE_CREDIT_RE = re.compile(
    rf"\((?P<a>{_WIRE_NAMES})\)\s*(?:[-–—_]|$)"                 # WASHINGTON (AP) -   /  LONDON (AP) _
    rf"|^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}},\s*(?:The\s+)?(?P<f>{_WIRE_NAMES})\b"  # By Jo Dee, AP Writer
    rf"|^\s*(?:By|From|Source:?)\s+(?:the\s+)?(?P<b>{_WIRE_NAMES})\b"  # By Reuters
    rf"|^\s*(?P<c>{_WIRE_NAMES})\s*/"                            # Reuters/ Near Baghouz
    rf"|[-–—]\s*(?P<d>{_WIRE_NAMES})\s*$"                        # ... - AFP
    rf"|\b(?:an?|the)\s+(?P<e>{_WIRE_NAMES})\s+(?:reporter|correspondent|journalist|photographer|team)\b",
    re.MULTILINE,
)
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# "Published in The Guardian", never "Published in March 2024" (a month is no outlet)
_PUBLISHED_IN_RE = re.compile(r"\b(?:Published|First published|Originally published|Appeared) in (?:the )?"
                              rf"(?!{_MONTHS}(?:\s|,|$)|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?!\s+[A-Z]))"
                              r"([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})")
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}T?|[+-]\d{2}:?\d{2}))?)?"
_DATE_RE = re.compile(
    r"\b(?:"
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{_TIME}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}{_TIME}"
    rf"|\d{{1,2}}-{_MONTHS}-\d{{4}}{_TIME}"  # 04-Mar-2024
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}}{_TIME}"  # 3/4/2024 (month first, as US pages write it)
    rf"|\d{{2}}\.\d{{2}}\.\d{{4}}{_TIME}"  # 04.03.2024 (day first, as European pages write it)
    r")",
    re.IGNORECASE,
)
# A line that is a date stamp: "Updated February 11, 2019", "Published: 2019-02-17 17:34".
_DATE_LINE_RE = re.compile(r"^\s*(?:(?:last\s+)?(?:updated|published|posted|modified|first published|date)\b[:\s]*"
                           r"(?:on\s+)?)?(?:(?:\w+day|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?,?\s+)?$", re.IGNORECASE)
HEADER_LINES = 15


def wire_credit(text: str) -> str | None:
    """The wire agency a page credits (dateline, by-line or photo credit), if any."""
    found = Counter()
    for match in _WIRE_CREDIT_RE.finditer(text[:200_000]):
        name = next(g for g in match.groups() if g)
        found[WIRES[name.lower()]] += 1
    return found.most_common(1)[0][0] if found else None


def domain_name(url: str | None) -> str | None:
    """The outlet behind a URL: a known name for common domains, else the bare host."""
    if not url:
        return None
    host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    host = re.sub(r"^(?:www\d?|m|amp|edition|mobile)\.", "", host)
    if not host:
        return None
    for domain, name in DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


# "The following are major news items in leading Australian newspapers published today:"
_DIGEST_INTRO_RE = re.compile(r"\bfollowing (?:are|is) (?:the )?(?:major |main |top |leading )?(?:news )?"
                              r"(?:items|stories|headlines) (?:in|of|from)\b[^:.\n]{0,80}\b(?:newspapers|papers|press)\b",
                              re.IGNORECASE)


# A wire's news round-up ("AP Top News at 2 a.m. EST"): items of a headline on a line of its own, then
# a paragraph that opens on a dateline ("Budget Approved by House Committee\n\nWASHINGTON (AP) -- ...").
ROUNDUP_ITEM_RE = re.compile(r"^(?P<head>[A-Z][^\n.!?]{2,90}?)[ \t]*\n\s*\n[ \t]*"
                             r"(?=[A-Z][A-Z .,'’-]{1,40}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?"
                             r" \((?:AP|Reuters|AFP|UPI)\) ?(?:--|—|–|_))", re.MULTILINE)
ROUNDUP_ITEMS = 3  # items that make a text a round-up


def is_press_digest(text: str) -> bool:
    """A wire's round-up of other papers' stories, each item under the paper's name
    (`is_papers_digest`), or of its own stories, each under its headline (`is_news_roundup`)."""
    return is_papers_digest(text) or is_news_roundup(text)


def is_papers_digest(text: str) -> bool:
    """A wire's round-up of other papers' stories: "Following are major news items in leading ... newspapers"."""
    return _DIGEST_INTRO_RE.search(text[:600]) is not None


def is_news_roundup(text: str) -> bool:
    """A wire's round-up of its own stories: at least ROUNDUP_ITEMS headlines each before a dateline."""
    return len(list(islice(ROUNDUP_ITEM_RE.finditer(text), ROUNDUP_ITEMS))) == ROUNDUP_ITEMS


def outlet(text: str, sitename: str | None = None, url: str | None = None) -> str | None:
    """Outlet name from metadata, URL, "Published in X", repeated site names, then wire credits
    (a known agency anywhere, else one a dateline names: "(Meridian Wire)")."""
    site = _clean_site(sitename) or domain_name(url)
    if not site:
        site = header_outlet(text)
    if not site:
        published = _PUBLISHED_IN_RE.search(text)
        site = published.group(1).rstrip(".,") if published else None
    if not site and not is_press_digest(text):  # a digest's papers name its items' sources, not its own
        names = Counter(m.group(1) for line in _furniture(text) for m in _SITE_RE.finditer(line))
        site = names.most_common(1)[0][0] if names else None
    wire = wire_credit(text) or dateline_agency(text) or filed_by(text)
    if site and wire and wire.lower() not in site.lower() and site.lower() not in wire.lower():
        return f"{site} with {wire}"
    return site or wire


# "VARN, Norland (Meridian Wire) - ...": an agency the wire lists do not know, named in the dateline.
_DATELINE_AGENCY_RE = re.compile(
    r"^[A-Z][A-Z.'’ -]*(?:,\s*[A-Z][\w.'’ -]*)?\s*\(((?:[A-Z][\w&.'’-]*\s+){0,3}"
    r"(?:Wire|News|Newswire|Agency|Press|Service|Media))\)\s*[-–—_:]", re.MULTILINE)


# "RIO DE JANEIRO, Brazil _ ", "DAR ES SALAAM, Tanzania (AP) -- ", "WASHINGTON _ ": the place a
# wire story was filed from, in capitals, before the wire's dash or an agency in parentheses.
_DATELINE_PLACE_RE = re.compile(
    r"^\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,4})(?:,\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})?"
    rf"(?:,\s*{_MONTHS} \d{{1,2}})?\s*(?:\([^)]{{1,40}}\)\s*)?(?:_|--|—|–|-)\s+(?=[A-Z“\"])",
    re.MULTILINE)
_PLACE_SMALL_WORDS = frozenset({"de", "del", "da", "do", "dos", "das", "la", "le", "les", "el", "es", "al", "of",
                                "on", "upon", "du"})
NOT_PLACES = frozenset({"EDITORS", "EDS", "UNDATED", "ADVANCE", "URGENT", "BULLETIN", "CORRECTION", "NOTE",
                        "BREAKING", "EXCLUSIVE", "UPDATE", "UPDATED", "WATCH", "LIVE", "ANALYSIS", "OPINION",
                        "PHOTOS", "VIDEO", "REVIEW"})
NOT_PLACE_NAMES = frozenset({"NASA", "NATO", "FBI", "CIA", "UN", "WHO", "CDC", "EU", "IMF", "UNICEF", "OPEC", "FIFA",
                             "IOC", "SEC", "FDA", "EPA", "BBC", "CNN", "AP", "AFP", "UPI"})


def dateline_place(text: str) -> str | None:
    """The place in the article's wire dateline ("RIO DE JANEIRO, Brazil _ ..." -> "Rio de
    Janeiro"), within its first lines; None without one."""
    match = _DATELINE_PLACE_RE.search(text[:1_500])
    if not match or match.group(1).split()[0].rstrip(".") in NOT_PLACES or len(match.group(1)) < 3:
        return None
    if match.group(1) in NOT_PLACE_NAMES:
        return None  # "NASA — The probe ...": an organisation opens the sentence
    words = match.group(1).split()
    return " ".join(w.lower() if n and w.lower() in _PLACE_SMALL_WORDS else w.capitalize() if w.isalpha() else
                    "-".join(part.capitalize() for part in w.split("-")) for n, w in enumerate(words))


# "The New York Times said in an editorial for Wednesday, Oct. 7:" opens the wire's editorials.
# "The Gazette said in an editorial board statement: ..." (the editorial follows its colon; "... said in an
# editorial on Monday that ..." reports one: news); a headline or first line "Opinion: ...", "Editorial | ...".
_EDITORIAL_RE = re.compile(r"^\s*(?:The\s+)?[A-Z][\w.&'’ -]{1,60} said in (?:an |its )?editorial\b"
                           r"(?:(?! that\b)[^\n:]){0,60}:", re.MULTILINE)
_OPINION_LABEL_RE = re.compile(r"^[\s#*_]*(?:opinion|editorial|op-?ed|commentary|column|our view|viewpoint)"
                               r"\s*[:|—–-]\s", re.IGNORECASE | re.MULTILINE)
# A column's sign-off at its end: "(Jeff Jacoby is a Globe columnist.)", "Hines is a Houston Chronicle
# columnist based in ...", "Mr. Murchison is a senior columnist for ...".
_COLUMNIST_RE = re.compile(r"(?:^|[.!?”\"')]\s+|\()\s*(?:[A-Z][\w.'’-]*\s+){1,4}is\s+an?\s+(?:[\w.&'’-]+\s+){0,4}"
                           r"columnist(?:\s+(?:for|with|at|based in)\s+[^.()]{1,60})?\s*[.)]", re.MULTILINE)
_OPINION_PATH = frozenset({"opinion", "opinions", "editorial", "editorials", "commentary", "op-ed", "oped",
                           "column", "columns", "columnists"})


def is_opinion(text: str, url: str | None = None, title: str | None = None) -> bool:
    """An editorial or opinion column: the wire's "X said in an editorial:" opening, a headline
    or first line labelled "Opinion:", "Editorial |" ..., a columnist's sign-off at the end
    ("(Jeff Jacoby is a Globe columnist.)"), or a page filed under /opinion/, /editorials/,
    /commentary/ ...: what it argues is not news to report."""
    head = "\n".join(text[:400].splitlines()[:3])
    labelled = _OPINION_LABEL_RE.search(head) or (title and _OPINION_LABEL_RE.match(title))
    if _EDITORIAL_RE.search(text[:400]) or labelled or _COLUMNIST_RE.search(text[-400:]):
        return True
    segments = urlparse(url).path.lower().split("/") if url else []
    return any(segment in _OPINION_PATH for segment in segments)


# "here" after a word, not "here is ...", "here to stay", "here's"; but people "here are" the place's; "this
# capital city", "this town" (the dateline's)
_HERE_RE = re.compile(r"(?<=\w )here\b(?!\s+(?:is|are|was|were|and now|in|at|to stay|and there|or there|nor)\b|['’]s)"
                      r"|\b(?:those|people|residents|everyone|many|most|families|homeowners|businesses) (?P<of>here)"
                      r"(?=\s+(?:are|were)\b)"
                      r"|\bthis (?:capital city|capital|city|town|village|port city|port|island|resort)"
                      r"(?=\s*[,.;:]|\s+(?:about|on|in|at|near|outside|today|yesterday|where|which|that|who|and|"
                      r"last|this)\b)")  # not "this town hall", "this city's mayor"


def here_places(text: str, place: str | None) -> list[dict[str, object]]:
    """Each "here" (or "this city", "this town") outside a quotation in a sentence that means its
    article's dateline place ("elections here on Sunday"), as {"phrase", "start", "end", "label"}: the
    brief shows "here (Rio de Janeiro)"; a quote keeps its speaker's words as said."""
    if not place:
        return []
    spans = (m.span("of") if m.group("of") else m.span() for m in _HERE_RE.finditer(text)  # not in a quote's own words
             if text[:m.start()].count("“") <= text[:m.start()].count("”"))
    return [{"phrase": text[start:end], "start": start, "end": end, "label": place} for start, end in spans]


_OUTLET_NAME = r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of\s+|the\s+|&\s+)?[A-Z][\w&'’.-]*){0,4}"
# "*Harlow Public Radio* — ", "**Harlow Herald** · Published ": an outlet's name before its date stamp.
_OUTLET_STAMP = (rf"^\s*[*_]{{0,2}}(?!By\s)(?P<c>{_OUTLET_NAME})[*_]{{0,2}}\s*[·|•—–-]\s*"
                 r"(?:(?:Published|Updated|Posted)\b\s*:?\s*)?")
# Header lines that name the outlet: "By Erin Kowalski | Front Range Gazette", "Source: The Sporting
# Post", "**Harlow Herald** · Published April 3, 2024", "*Harlow Public Radio* — April 3, 2024".
_HEADER_OUTLET_RE = re.compile(
    rf"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}\s*[|·•]\s*(?P<a>{_OUTLET_NAME})\s*$"
    rf"|^\s*(?:Source|Outlet|Publication|Publisher):\s*(?P<b>{_OUTLET_NAME})\s*$"
    rf"|{_OUTLET_STAMP}(?=\S)")
_OUTLET_DATE_RE = re.compile(rf"{_OUTLET_STAMP}$")  # what comes before the date of such a stamp


# "Antarctica in the grip of global warming, THE INDEPENDENT": a digest names the paper after a headline
# in lower case (after an all-caps one, ", OLDER WORKERS" and ", REPORT SAYS" are the headline's own).
_TITLE_PAPER_RE = re.compile(r"^(?=.*[a-z])(?P<headline>.*\S),\s+(?P<paper>(?:[A-Z][A-Z&'’.]+ ?){2,4})$")


def title_outlet(title: str | None) -> str | None:
    """The paper a news digest took a story from, named in capitals after its headline."""
    paper = _TITLE_PAPER_RE.match(title or "")
    return " ".join(w if "." in w else w.capitalize() for w in paper["paper"].split()) if paper else None


def without_title_outlet(title: str) -> str:
    """The headline without the paper `title_outlet` reads after it."""
    paper = _TITLE_PAPER_RE.match(title)
    return paper["headline"] if paper else title


def header_outlet(text: str) -> str | None:
    """The outlet a header line of the article names (by-line, "Source:", "Outlet · date")."""
    for line in [line for line in text[:20_000].splitlines() if line.strip()][:HEADER_LINES]:
        match = _HEADER_OUTLET_RE.match(line)
        if match is None:
            continue
        name = next(g for g in match.groups() if g).strip()
        if match.group("c") is not None and not _DATE_RE.match(line, match.end()):
            continue  # "Name — " starts a sentence, not a stamp, unless a date follows
        if not _DATE_RE.fullmatch(name):
            return WIRES.get(name.lower(), name)
    return None


def filed_by(text: str) -> str | None:
    """The syndicate a "Story Filed By X" line credits, if any."""
    match = _FILED_BY_RE.search(text[:200_000])
    return match.group(1).strip() if match else None


def dateline_agency(text: str) -> str | None:
    """The agency named in parentheses in the article's dateline (within its first lines)."""
    match = _DATELINE_AGENCY_RE.search(text[:3_000])
    return match.group(1) if match else None


def _furniture(text: str) -> list[str]:
    """The page's lines that are not body prose (menus, by-lines, credits, sign-up prompts):
    where a site names itself, unlike a story that quotes another outlet."""
    return [line for line in text[:200_000].splitlines()
            if line.strip() and (is_boilerplate(line) or not is_prose(line))]


def _clean_site(name: str | None) -> str | None:
    if not name or not name.strip():
        return None
    name = name.strip()
    return DOMAINS.get(name.lower().removeprefix("www."), name)


def iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD, or YYYY-MM-DD HH:MM when a time is given; None when it is not a date."""
    if not value or not str(value).strip():
        return None
    from dateutil import parser

    value = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", str(value).strip())
    if not re.search(r"(?<!\d)\d{4}(?!\d)", value):
        return None
    try:
        parsed = parser.parse(value, fuzzy=True, default=_NO_TIME)
    except (ValueError, OverflowError, TypeError):
        try:  # "1998-23-06": year, day, month, as some wire feeds write it
            parsed = parser.parse(value, fuzzy=True, default=_NO_TIME, dayfirst=True)
        except (ValueError, OverflowError, TypeError):
            return None
    if not 1900 <= parsed.year <= 2100:
        return None
    has_time = re.search(r"\d{1,2}[:.]\d{2}", value) is not None and (parsed.hour or parsed.minute)
    return parsed.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")


# "PARIS, September 16 (Xinhua) -- ...", "WASHINGTON, Jan. 28 -- ...": a dateline's day, without its year
_DATELINE_DAY_RE = re.compile(rf"^\s*[A-Z][A-Za-z.'’ -]{{1,40}}?(?:,\s*[A-Z][\w.'’ -]{{1,30}}?)?,\s+({_MONTHS})\s+"
                              r"(\d{1,2})\s*(?:\([^)]{1,40}\))?\s*(?:--|_|—|–|-)(?=\s*[A-Z“\"])", re.MULTILINE)
_MONTH_NUMBERS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def dateline_day(text: str, date: str | None) -> str | None:
    """The day an article's wire dateline gives ("PARIS, September 16 (Xinhua) -- ..."), as
    YYYY-MM-DD, when the article is dated that day, the next, or the evening before: the day
    its "today" means.
    Xinhua's records are often dated a day after their datelines, and a late-evening stamp
    falls the day before a dateline in Asia ("CANBERRA, March 27" stamped "1996-03-26 23:38");
    a dateline further off is taken for a slip. None without a dated record."""
    published = parse_date(date)
    match = _DATELINE_DAY_RE.search(text[:300]) if published else None
    if not match:
        return None
    month = _MONTH_NUMBERS[match.group(1)[:3].lower()]
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            day = published.replace(year=year, month=month, day=int(match.group(2)))
        except ValueError:
            continue
        apart = (published.date() - day.date()).days
        if 0 <= apart <= 1 or (apart == -1 and published.hour >= 12):  # stamped the evening before
            return day.date().isoformat()
    return None


def parse_date(value: str | None):
    """A naive datetime of a date string (fuzzy, as dateutil reads it), None when it does not parse."""
    if not value:
        return None
    from dateutil import parser

    try:
        parsed = parser.parse(value, fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.replace(tzinfo=None)


def _no_time():
    from datetime import datetime

    return datetime(2000, 1, 1)


_NO_TIME = _no_time()


def is_date_line(line: str) -> bool:
    """A line that is only a date stamp ("Updated February 11, 2019", "2019-02-17 17:34")."""
    match = _DATE_RE.search(line)
    return bool(match and _DATE_LINE_RE.match(line[:match.start()]) and not line[match.end():].strip(" .,|"))


def page_date(text: str) -> str | None:
    """The publication date a page shows, never a date mentioned in a sentence: a date-stamp
    line anywhere (the first one), a "Published/Updated on ..." line, else a dateline or
    byline among the header lines that carries a full date ("WASHINGTON, Oct. 17, 1998 (AP) -",
    "By Jo Dee | March 3, 2021")."""
    lines = [line for line in text[:200_000].splitlines() if line.strip()]
    for line in lines:
        match = _DATE_RE.search(line)
        if match and _DATE_LINE_RE.match(line[:match.start()]) and len(line) - match.end() < 12:
            return parsed_page_date(match.group(0))
    for line in lines:  # "Published in The Guardian on March 4, 2024", "By Tom Hale | Published 3/4/2024"
        match = _STAMP_RE.search(line)
        if match:
            found = _DATE_RE.search(line, match.end())
            if found and len(line) - found.end() < 12:  # the line ends on it: a stamp, not a sentence
                return parsed_page_date(found.group(0))
    for line in lines[:HEADER_LINES]:
        match = _DATE_RE.search(line)
        if match and (_DATELINE_DATE_RE.match(line[:match.start()]) or _BYLINE_DATE_RE.match(line[:match.start()])
                      or _OUTLET_DATE_RE.match(line[:match.start()])):
            return parsed_page_date(match.group(0))
    return None


# "Published ..." opening a line or after a by-line's separator ("By Jo Dee | Updated ...")
_STAMP_RE = re.compile(r"(?:^|[|·•]\s*)[*_\s]*(?:Published|Updated|Posted)\b")
_DOTTED_DATE_RE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


def parsed_page_date(found: str) -> str | None:
    """A date `_DATE_RE` found, as ISO; "04.03.2024" is day first, as pages that write it mean."""
    dotted = _DOTTED_DATE_RE.match(found)
    if dotted:
        day, month, year = dotted.groups()
        found = f"{year}-{month}-{day}{found[dotted.end():]}"
    return iso_date(found)


def url_date(url: str | None) -> str | None:
    """The day in a page address: ".../2024/03/09/probe-launch" -> "2024-03-09"."""
    match = _URL_DATE_RE.search(urlparse(url).path) if url else None
    return iso_date("-".join(match.groups())) if match else None


_URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|-)")


# What may come before a date in a dateline or byline: an upper-case place and a comma
# ("WASHINGTON, ", "NEAR BAGHOUZ, Syria, "), or "By NAME" and a separator.
_DATELINE_DATE_RE = re.compile(r"^\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,4}"
                               r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?,\s*$")
_BYLINE_DATE_RE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:,\s*[\w.'’ -]{2,40})?"
                             r"\s*[|,·•–—-]\s*$")
