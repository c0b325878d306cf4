"""A story's timeline: its dated sources in order, and relative dates resolved.

`story_timeline` lists the days a story's sources were published (first report, latest
update, how many outlets each day). `relative_dates` finds phrases such as "on Saturday",
"yesterday" or "last month" in a sentence and resolves them against the date of the article
the sentence came from; without that date nothing is resolved (never guessed). A bare weekday
means the last such day on or before the article's date, or the first one on or after it when
its clause speaks of the future before it ("will vote on Friday", "is expected to", "is
scheduled for", "ahead of", "next Monday", "as early as" unless a past verb comes before it, a
timetable in the present: "the sweeps end Wednesday"; past forms such as "was scheduled for" do
not count), or when the weekday's event is marked as still to come ("Friday's dinner will be
held", "Monday's upcoming trial"; not "Sunday's attack would not derail ..."). A plan told in the
past tense ("was expected to visit on Monday") is a day or two ahead rather than five or six back.
"Today" is resolved only next to a verb of what happened ("said today", "today ordered", "met here
today"); elsewhere it may mean "nowadays". "Last week" is the week before the article's (shown by
its Monday: "week of Feb 4"; on a Sunday, "this week" is the one ahead and "last week" the one
ending); "last summer" is the summer before the article's day ("summer 1997"; winter spans two
years and is left alone); "recently" is no date. In a story told over more than one year, days
carry their year ("Wednesday (Aug 12, 1998)"). Nothing inside a quotation is resolved: a quote
keeps the speaker's words as said ("“Weedless Wednesday”").
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Iterable

from summarizer.read.sources import iso_date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A weekday, with the word before it that bears on which one; not a kind of day ("Sunday hours", "Sunday and
# evening hours", "Sunday school") or a paper's name ("Sunday Times").
_WEEKDAY_RE = re.compile(r"\b(?:(on|last|next|this|by|until|till|through|since)\s+)?(" + "|".join(WEEKDAYS) + r")\b"
                         r"(?!\s+(?:and\s+\w+\s+)?(?:hours|opening|closing|services?|school|schedules?|shifts?|"
                         r"editions?|papers?|mass|worship|brunch|markets?|trading)\b)"
                         r"(?!\s+(?-i:Times|Telegraph|Express|Mirror|Post|Herald|Independent|Tribune|Star|"
                         r"Night Football)\b)",
                         re.IGNORECASE)
# "would count the ballots, about 4,000, by Friday": these read the whole sentence's tense
_UNTIL_WORDS = ("by", "until", "till", "through")
_DAY_WORD_RE = re.compile(r"\b(yesterday|tomorrow)\b", re.IGNORECASE)
_PERIOD_RE = re.compile(r"\b(last|next|this)\s+(week|month|year)\b", re.IGNORECASE)
# Northern seasons by their months (first, last); a season's year is the one it falls in.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}
_SEASON_RE = re.compile(r"\b(last|next|this)\s+(spring|summer|fall|autumn)\b", re.IGNORECASE)
_CLAUSE_BREAK_RE = re.compile(r"[,;:.()\u2013\u2014]")
# Forward-looking wording only: "was scheduled for Tuesday" or "more than expected on Tuesday" may
# report a day gone by, so past forms do not count.
_FUTURE_RE = re.compile(r"\b(will|would|shall|(?:is|are|['’]s|['’]re) (?:expected|scheduled|set|due|planning|going|poised|slated|about|likely) to|"
                        r"(?:is|are) (?:scheduled|due|expected) (?:for|on)|plans? to|upcoming|ahead of|"
                        r"in advance of)\b", re.IGNORECASE)
# An event marked as still to come: "upcoming", "is expected to", "will take place", "will be held".
_COMING_RE = re.compile(r"\b(?:upcoming|planned|scheduled|"
                        r"(?:is|are)\s+(?:expected|scheduled|set|due|slated)\s+(?:to|for)|"
                        r"will\s+(?:take place|be held|begin|start|open|close|end)\b)", re.IGNORECASE)
# A timetable in the present right before the day: "The sweeps end Wednesday", "the talks resume on Monday".
_SCHEDULED_RE = re.compile(r"\b(?:ends?|begins?|starts?|opens?|closes?|resumes?|expires?|reconvenes?|"
                           r"takes? effect)\s*$", re.IGNORECASE)
# A plan told in the past tense: its day may be before or after the article's; one or two days ahead rather than
# five or six back ("was expected to visit Turkey on Monday" written on a Sunday is the next day; on a Tuesday, the
# day before; "the vote that was scheduled for Thursday took place", on a Monday, last Thursday).
_PLANNED_RE = re.compile(r"\b(?:was|were)\s+(?:expected|scheduled|due|set|slated|supposed|planning|going)"
                         r"\s+(?:to|for)\b"
                         r"|\b(?:was|were)\s+to\b(?!\s+have\b)", re.IGNORECASE)  # "were to have begun": called off
# "could come as early as Friday" looks ahead; "began lining up as early as Thursday" does not.
_AS_EARLY_AS_RE = re.compile(r"\bas early as\b", re.IGNORECASE)
_PAST_VERB_RE = re.compile(r"\b(?:(?!expected|scheduled|planned|anticipated|slated)[a-z]+ed|began|came|went|was|"
                           r"were|had|did|got|left|took|made|saw|rose|fell|met|said|told|arrived|stood|ran|sat|"
                           r"won|lost)\b", re.IGNORECASE)
_MODAL_RE = re.compile(r"\b(?:could|may|might|can|should|must)\b", re.IGNORECASE)
# "said today", "voted today": the article's own day.
_TODAY_RE = re.compile(r"\b(?:said|says|announced|reported|told|added|declared|confirmed|denied|warned|urged|met|"
                       r"voted|signed|agreed|arrived|left|died|opened|closed|began|ended|launched|released|"
                       r"called|ordered|approved|rejected)\s+today\b", re.IGNORECASE)
# "The government today ordered ...", "was identified by his college today", "met here today": today
# next to a verb of what happened (a past form right after it, or within four words before it with
# no present-tense verb between), not "Membership is 3,300 today" or "Young people today need ...".
_BARE_TODAY_RE = re.compile(r"\btoday\b(?!['’]s)", re.IGNORECASE)
_PAST_AFTER_TODAY_RE = re.compile(
    r"^\s+(?:(?!(?:need|feed|seed|speed|breed|bleed|proceed|exceed|succeed)\b)[a-z]{2,}ed|said|told|met|began|"
    r"came|went|made|took|gave|won|lost|left|sent|held|set|cut|put|hit|ran|rose|fell|sought|fought|spoke|"
    r"wrote|broke|chose|drew|flew|froze|stole|swore|tore|wore|struck|unveiled)\b", re.IGNORECASE)
_PRESENT_RE = re.compile(r"\b(?:is|are|am|has|have|do|does|can|will|remains?|seems?)\b", re.IGNORECASE)
# "Monday's vote", "Tuesday night": weekday phrases news sentences use; a month or year after
# the weekday ("Saturday, February 16") is an explicit date already and is left alone.
_EXPLICIT_AFTER_RE = re.compile(r"^,?\s*(\d{1,2}\b|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
                                re.IGNORECASE)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def article_day(value: str | None) -> date | None:
    """The calendar day of an article's date string, None when it has none."""
    iso = iso_date(value)
    if not iso:
        return None
    return date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]))


def relative_dates(text: str, published: date | None, years: bool = False) -> list[dict[str, Any]]:
    """[{"phrase", "start", "end", "date", "label"}] for each relative date in `text` that the
    article's day `published` resolves; [] without a day. `date` is ISO (a day, or YYYY-MM for a
    month, YYYY for a year); `label` is how a reader sees it ("Feb 16", "January 2019"; with
    `years`, days too carry their year: "Feb 16, 2019")."""
    if published is None:
        return []

    def label(day: date) -> str:
        return f"{_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if years else "")

    def day_item(match: re.Match, day: date) -> dict[str, Any]:
        return _item(match, day.isoformat(), label(day))

    found = []
    for match in _WEEKDAY_RE.finditer(text):
        if _EXPLICIT_AFTER_RE.match(text[match.end():]):
            continue
        modifier = (match.group(1) or "").lower()
        target = WEEKDAYS.index(match.group(2).lower())
        clause = _CLAUSE_BREAK_RE.split(text[:match.start()])[-1]  # "... will vote" of "... will vote on Friday"
        if modifier in _UNTIL_WORDS:
            clause = text[:match.start()]
        ahead = modifier == "next" or (modifier not in ("last", "since") and (
            _looks_ahead(clause) or _possessive_looks_ahead(text[:match.start()], text[match.end():])))
        if modifier == "next":
            day = published + timedelta(days=(target - published.weekday() - 1) % 7 + 1)
        elif ahead:  # "will travel on Thursday" written on a Thursday is that day
            day = published + timedelta(days=(target - published.weekday()) % 7)
        elif (modifier not in ("last", "since") and _PLANNED_RE.search(clause)
              and 0 < (target - published.weekday()) % 7 <= 2):  # "was expected to visit on Monday", on a Sunday
            day = published + timedelta(days=(target - published.weekday()) % 7)
        else:
            day = published - timedelta(days=(published.weekday() - target) % 7)
            if modifier == "last" and day == published:
                day -= timedelta(days=7)
        found.append(day_item(match, day))
    for match in _DAY_WORD_RE.finditer(text):
        step = {"yesterday": -1, "tomorrow": 1}[match.group(1).lower()]
        found.append(day_item(match, published + timedelta(days=step)))
    for match in _TODAY_RE.finditer(text):
        found.append(day_item(match, published))
    said_today = {m.end() for m in _TODAY_RE.finditer(text)}
    for match in _BARE_TODAY_RE.finditer(text):
        if match.end() not in said_today and _today_happened(text, match):
            found.append(day_item(match, published))
    for match in _SEASON_RE.finditer(text):  # "last summer (summer 1997)"; winter spans two years: left alone
        first, last = _SEASONS[match.group(2).lower()]
        which = match.group(1).lower()
        year = published.year
        if which == "last" and published.month <= last:
            year -= 1
        elif which == "next" and published.month >= first:
            year += 1
        found.append(_item(match, str(year), f"{match.group(2).lower()} {year}"))
    for match in _PERIOD_RE.finditer(text):
        step = {"last": -1, "next": 1, "this": 0}[match.group(1).lower()]
        if match.group(2).lower() == "week":  # the week's Monday: "last week (week of Feb 4)"
            if published.weekday() == 6:  # on a Sunday "this week" is the one ahead, "last week" the one ending
                step += 1
            monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
            found.append(_item(match, monday.isoformat(), "week of " + label(monday)))
        elif match.group(2).lower() == "year":
            year = published.year + step
            found.append(_item(match, str(year), str(year)))
        else:
            index = published.year * 12 + published.month - 1 + step
            year, month = divmod(index, 12)
            found.append(_item(match, f"{year:04d}-{month + 1:02d}", f"{_FULL_MONTHS[month]} {year}"))
    # a quote keeps the speaker's words as said ("“Weedless Wednesday”", "“we meet on Friday,” she said")
    return sorted((item for item in found if not _quoted(text, item["start"])), key=lambda item: item["start"])


def _quoted(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("“") > before.count("”")


def _today_happened(text: str, match: re.Match) -> bool:
    """This "today" is the article's day: a verb of what happened comes right after it or shortly before it."""
    if _PAST_AFTER_TODAY_RE.match(text[match.end():]):
        return True
    words = _CLAUSE_BREAK_RE.split(text[:match.start()])[-1].split()[-4:]
    before = " ".join(w for w in words if not w[:1].isupper())  # "in the United States today": no verb
    return _PAST_VERB_RE.search(before) is not None and _PRESENT_RE.search(before) is None


def _looks_ahead(clause: str) -> bool:
    """The clause before a weekday speaks of the future ("will vote on", "as early as" after no past verb,
    a timetable's present: "the sweeps end Wednesday")."""
    if _FUTURE_RE.search(clause) or (_SCHEDULED_RE.search(clause) and not _PAST_VERB_RE.search(clause)):
        return True
    early = _AS_EARLY_AS_RE.search(clause)
    if early is None:
        return False
    before = clause[:early.start()]
    return _MODAL_RE.search(before) is not None or _PAST_VERB_RE.search(before) is None


def _possessive_looks_ahead(before: str, after: str) -> bool:
    """ "Monday's upcoming trial", "Sunday's march, which is expected to draw ...", "Friday's vote will take
    place ...": a weekday's event marked as still to come; not "Sunday's attack would not derail ..." nor
    "Friday's bombing will not stop ..." (the future is the consequences'), nor "the results of Monday's
    election ..." (the verb is the results')."""
    if not re.match(r"['’]s\b", after) or re.search(r"\b(?:of|from|since|after)\s+$", before, re.IGNORECASE):
        return False
    predicate = _CLAUSE_BREAK_RE.split(after[2:])[0]
    coming = _COMING_RE.search(predicate)
    return coming is not None and len(predicate[:coming.start()].split()) <= 3 \
        and _PAST_VERB_RE.search(predicate[:coming.start()]) is None


_FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _item(match: re.Match, value: str, label: str) -> dict[str, Any]:
    return {"phrase": match.group(0), "start": match.start(), "end": match.end(), "date": value, "label": label}


def with_dates(text: str, resolved: list[dict[str, Any]]) -> str:
    """The sentence with each resolved phrase followed by its date: "on Saturday (Feb 16)",
    "Saturday's (Feb 16) vote"."""
    for item in sorted(resolved, key=lambda r: -r["start"]):
        if text[item["start"]:item["end"]] == item["phrase"]:
            end = item["end"] + len(_POSSESSIVE_RE.match(text, item["end"]).group(0))
            text = f"{text[:end]} ({item['label']}){text[end:]}"
    return text


_POSSESSIVE_RE = re.compile(r"(?:['’]s\b)?")


def story_timeline(articles: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """{"first", "latest", "days": [{"date", "sources": n, "articles": [numbers]}], "undated": n}
    from a story record's articles (each with "number", "date" and "source"); None when none is dated."""
    days: dict[str, dict[str, Any]] = {}
    undated = 0
    for article in articles:
        day = article_day(article.get("date"))
        if day is None:
            undated += 1
            continue
        entry = days.setdefault(day.isoformat(), {"date": day.isoformat(), "articles": [], "outlets": set()})
        entry["articles"].append(article["number"])
        entry["outlets"].add(article.get("source") or f"article {article['number']}")
    if not days:
        return None
    ordered = [{"date": d["date"], "sources": len(d["outlets"]), "articles": d["articles"]}
               for d in sorted(days.values(), key=lambda d: d["date"])]
    return {"first": ordered[0]["date"], "latest": ordered[-1]["date"], "days": ordered, "undated": undated}


def newest_day(dates: dict[str, str | None]) -> tuple[date, list[str]] | None:
    """(the newest day, the ids of its articles) among `dates` (article id -> date string) when
    they are dated on two or more days; None otherwise. Undated articles are never the newest."""
    days: dict[date, list[str]] = {}
    for article_id, value in dates.items():
        day = article_day(value)
        if day is not None:
            days.setdefault(day, []).append(article_id)
    if len(days) < 2:
        return None
    latest = max(days)
    return latest, days[latest]


def day_label(iso: str) -> str:
    """"2019-02-16" -> "Feb 16, 2019"."""
    return f"{_MONTHS[int(iso[5:7]) - 1]} {int(iso[8:10])}, {iso[:4]}"


def date_range_label(timeline: dict[str, Any] | None) -> str:
    """"Feb 14 – Feb 16, 2019", "Feb 16, 2019" for one day, "" without dates."""
    if not timeline:
        return ""
    first, latest = timeline["first"], timeline["latest"]
    if first == latest:
        return day_label(first)
    if first[:4] == latest[:4]:
        return f"{day_label(first).rsplit(',', 1)[0]} – {day_label(latest)}"
    return f"{day_label(first)} – {day_label(latest)}"
