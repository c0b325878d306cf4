"""JSON article records as news APIs, feeds and scrapers write them.

A record's body may be "text", "body", "content", "article", ...; its headline "title" or
"headline"; its date "date", "published", "publishedAt", "pubDate", ... (or Unix seconds); its
outlet "source" (a name, or an object with one, as NewsAPI writes it; when neither it nor the text
names one, the agency an LDC archive's "docno" names); its own id "id", "docno", "guid", ... becomes the
article's. A file may hold one
record, a list of them, or a list under "articles", "items", "data", "results", ...
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from summarizer.read.clean import up_to_last_sentence_end

TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "full_text", "fulltext", "story")
TITLE_FIELDS = ("title", "headline", "heading")
DATE_FIELDS = ("date", "published", "publishedAt", "published_at", "pubDate", "pub_date", "datePublished",
               "date_published", "publish_date", "publication_date", "created_at", "timestamp", "time")
URL_FIELDS = ("url", "link", "href", "permalink", "uri")
SOURCE_FIELDS = ("source", "outlet", "publisher", "site_name", "siteName", "site", "agency")
LIST_FIELDS = ("articles", "items", "data", "results", "documents", "stories", "entries", "hits", "news",
               "posts", "records")
# Document numbers of the LDC news archives (TREC, DUC, TAC, Gigaword) name their agency:
# "NYT19980922.0343", "APW_ENG_20050101.0001", "FT921-5089"; an article that names no outlet takes it.
DOCNO_FIELDS = ("docno", "DOCNO", "docid", "doc_id")
ARCHIVE_AGENCIES = {"NYT": "New York Times News Service", "APW": "AP", "AP": "AP", "XIE": "Xinhua",
                    "XIN": "Xinhua", "AFP": "AFP", "LTW": "Los Angeles Times-Washington Post",
                    "WSJ": "The Wall Street Journal", "FT": "Financial Times", "SJMN": "San Jose Mercury News",
                    "LA": "Los Angeles Times", "CNA": "Central News Agency", "WPB": "The Washington Post",
                    "FBIS": "Foreign Broadcast Information Service"}
_DOCNO_RE = re.compile(r"^(" + "|".join(sorted(ARCHIVE_AGENCIES, key=len, reverse=True)) + r")(?:_ENG_)?\d")
# A record's own id, kept as the article's so results map back to the input.
ID_FIELDS = ("id", "docno", "DOCNO", "docid", "doc_id", "guid", "uuid")
MAX_ID_CHARS = 200
MAX_DEPTH = 4  # {"data": {"article": {"body": {"text": ...}}}} and no deeper
UNIX_YEARS = (1990, 2100)  # a number read as Unix seconds only when it falls in these years


# NewsAPI cuts "content" short: "... the first 200 characters of the body… [+2345 chars]"
_CUT_SHORT_RE = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")


def record_text(record: dict[str, Any]) -> str | None:
    """The record's body text, or None when it has none: the first text field that holds a
    string, a list of paragraphs, or an object with a "text". A body cut short by the feed
    ("... [+2345 chars]") keeps its whole sentences, after the record's "description"."""
    for name in TEXT_FIELDS:
        value = _text(record.get(name))
        if value is not None:
            return _whole_sentences(value, _text(record.get("description")))
    return None


def _whole_sentences(body: str, description: str | None) -> str:
    if not _CUT_SHORT_RE.search(body):
        return body
    kept = up_to_last_sentence_end(_CUT_SHORT_RE.sub("", body))
    parts = [part for part in (description, kept) if part and part.strip()]
    return "\n\n".join(dict.fromkeys(p.strip() for p in parts))


def record_fields(record: dict[str, Any]) -> dict[str, str]:
    """The optional fields of a record under their Article names (title, source, date, url),
    as strings; a date given in Unix seconds as an ISO date."""
    found = {}
    for field, names in (("title", TITLE_FIELDS), ("source", SOURCE_FIELDS), ("url", URL_FIELDS),
                         ("date", DATE_FIELDS)):
        for name in names:
            value = _field_value(record.get(name), field)
            if value:
                found[field] = value
                break
    return found


def record_id(record: dict[str, Any]) -> str | None:
    """The record's own id ("id", "docno", ...: a string or a whole number), None without one."""
    for name in ID_FIELDS:
        value = record.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip() and len(value.strip()) <= MAX_ID_CHARS:
            return " ".join(value.split())
    return None


def archive_agency(record: dict[str, Any]) -> str | None:
    """The agency the record's LDC news archive document number names ("docno":
    "NYT19980922.0343" -> the New York Times News Service), None without one."""
    for name in DOCNO_FIELDS:
        match = _DOCNO_RE.match(record[name].strip()) if isinstance(record.get(name), str) else None
        if match:
            return ARCHIVE_AGENCIES[match.group(1)]
    return None


def archive_day(record: dict[str, Any]) -> str | None:
    """The day (YYYY-MM-DD) an LDC archive document number names ("APW19980603.0043" -> 1998-06-03)."""
    for name in DOCNO_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and _DOCNO_RE.match(value.strip()):
            found = re.search(r"((?:19|20)\d\d)(\d\d)(\d\d)", value)
            return "-".join(found.groups()) if found else None
    return None


def find_records(data: Any, depth: int = 0) -> list | None:
    """The list of article records in parsed JSON: the data itself when it is a list or a record,
    else the first list (or record) under a LIST_FIELDS key or an only key; None when there is none."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict) or depth > MAX_DEPTH:
        return None
    if record_text(data) is not None:
        return [data]
    keys = [k for k in LIST_FIELDS if k in data] or (list(data) if len(data) == 1 else [])
    for key in keys:
        inner = find_records(data[key], depth + 1)
        if inner is not None:
            return inner
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)
    if isinstance(value, dict):
        return _text(value.get("text"))
    return None


def _field_value(value: Any, field: str) -> str | None:
    if isinstance(value, dict):  # NewsAPI: "source": {"id": null, "name": "CNN"}
        value = value.get("name") or value.get("title")
    if field == "date" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _unix_date(value)
    if field == "date" and isinstance(value, str) and value.strip().isdigit() and len(value.strip()) in (9, 10):
        return _unix_date(int(value))
    return value.strip() if isinstance(value, str) and value.strip() else None


def _unix_date(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%d %H:%M") if UNIX_YEARS[0] <= moment.year < UNIX_YEARS[1] else None
