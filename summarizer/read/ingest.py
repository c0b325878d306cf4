"""Read articles from files, folders, JSON/JSONL records and pasted text."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from summarizer.errors import InputError
from summarizer.read.clean import PHOTO_SLUG_RE, is_prose, strip_dateline
from summarizer.read.json_records import (archive_agency, archive_day, find_records, record_fields, record_id,
                                          record_text)
from summarizer.read.quotes import typographic_quotes
from summarizer.read.sources import is_date_line, iso_date, outlet, page_date, title_outlet, url_date
from summarizer.records import Article
from summarizer.text import is_all_caps

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
MAX_FILE_BYTES = 20 * 1024 * 1024
# A line of only `---` (Markdown-style) or Multi-News' `|||||` separates pasted articles.
SEPARATOR = re.compile(r"^\s*(?:-{3,}|\|{5})\s*$|\s*\|{5}\s*", re.MULTILINE)


def article_id(text: str, hint: str = "") -> str:
    """A stable id: a readable hint plus a short content hash."""
    digest = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:8]
    hint = re.sub(r"[^A-Za-z0-9_-]+", "-", hint).strip("-")[:40]
    return f"{hint}-{digest}" if hint else digest


# The commonest English function words: they make up a quarter or more of an English article.
ENGLISH_WORDS = frozenset(
    "the of and to in a is that for it was on with as by at from he she they be are were has have had "
    "his her their this an not but or which will said who its".split()
)
MIN_ENGLISH_SHARE = 0.08
_LETTERS_RE = re.compile(r"[^\W\d_]+")


def english_share(text: str) -> float | None:
    """Share of English function words among the first 2,000 words; None when too short to tell."""
    words = _LETTERS_RE.findall(text[:20_000].lower())[:2000]
    if len(words) < 12:
        return None
    return sum(w in ENGLISH_WORDS for w in words) / len(words)


def language_warning(text: str) -> str | None:
    """A one-line warning when the text does not look English (the splitter and models are English)."""
    share = english_share(text)
    if share is None or share >= MIN_ENGLISH_SHARE:
        return None
    return "does not look like English; summarized anyway, but sentence splitting and selection may be poor"


def split_pasted(text: str) -> list[str]:
    """Split pasted text into article bodies on `---` lines or `|||||`."""
    return [part.strip() for part in SEPARATOR.split(text) if part and part.strip()]


def articles_from_text(text: str, source: str | None = None) -> list[Article]:
    """Articles from pasted text; a first short line without end punctuation is a title."""
    articles = []
    for n, body in enumerate(split_pasted(text)):
        articles.append(_article(body, hint=f"{source or 'pasted'}-{n + 1}", source=source))
    return articles


def read_path(path: str | Path) -> list[Article]:
    """Articles from one file (a JSON/JSONL file may hold several)."""
    path = Path(path)
    return [replace(a, path=str(path)) for a in _read_articles(path)]


def _read_articles(path: Path) -> list[Article]:
    if not path.exists():
        if path.is_symlink():
            raise InputError(f"{path} is a broken or looping symlink; point it at an article file")
        raise InputError(f"{path}: no such file or folder; check the path")
    if path.is_dir():
        raise InputError(f"{path} is a folder; pass its files, or use `summarizer batch {path}`")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path}: unsupported file type '{suffix}'; use .txt, .md, .html, .json or .jsonl" if suffix else
            f"{path} has no file type suffix; name it .txt, .md, .html, .json or .jsonl"
        )
    text = _read_text(path)
    if suffix in HTML_SUFFIXES:
        return [_article_from_html(text, path)]
    if suffix in JSON_SUFFIXES:
        return _articles_from_json(text, path)
    if not text.strip():
        raise InputError(f"{path} is empty; give it the article's text")
    return [_article(text, hint=path.stem)]


def read_paths(paths: Iterable[str | Path]) -> list[Article]:
    articles: list[Article] = []
    for path in paths:
        articles.extend(read_path(path))
    return articles


def folder_files(folder: str | Path, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """`iter_input_files` of a folder that must hold some; an InputError naming the fix otherwise."""
    found = list(iter_input_files(folder, exclude))
    if not found:
        raise InputError(f"{folder} holds no .txt, .md, .html, .json or .jsonl files; check the folder")
    return found


def resolved(path: str | Path) -> Path:
    """The absolute path with links followed; a looping link as it is (reading it reports it)."""
    try:
        return Path(path).expanduser().resolve()
    except (RuntimeError, OSError):  # "Symlink loop from ..."
        return Path(path).expanduser().absolute()


def is_output(path: str | Path, outputs: Iterable[Path]) -> bool:
    """True when `path` is one of the (resolved) `outputs` or lies inside one."""
    where = resolved(path)
    return any(where == out or out in where.parents for out in outputs)


def is_summarizer_output(path: str | Path) -> bool:
    """True when the file at `path` is a brief this tool wrote (JSON with "stories", Markdown or
    text with its source list), so a run may write over it; False for anything else."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(200_000)
    except OSError:
        return False
    if head.lstrip().startswith("{"):  # the JSON output opens on its stories
        return re.match(r'\{\s*"stories":\s*\[', head.lstrip()) is not None
    return _OUTPUT_SOURCES_RE.search(head) is not None  # a Markdown or text brief's numbered source list


_OUTPUT_SOURCES_RE = re.compile(r"\n\*\*Sources\*\*(?: \(all from file [^\n]*\))?\n\n1\. "
                                r"|\nSources(?: \(all from file [^\n]*\))?:\n  \[1\] ")


def iter_input_files(folder: str | Path, exclude: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Supported files below a folder, in a stable order, without following symlinked dirs
    (so a link loop cannot recurse). Broken or looping file links are included, so the
    reader reports them instead of passing over them in silence. Files in or at `exclude`
    (the run's own output: `-o FILE`, `batch --out DIR` inside the input) are left out."""
    folder = Path(folder)
    inside = folder.resolve()
    outputs = [out for out in map(resolved, exclude) if inside in out.parents]  # never the folder itself
    found = []
    for where, folders, names in os.walk(folder):  # a symlinked folder is never entered (no link loops)
        folders[:] = [f for f in folders if not f.startswith(".")]  # .git/, .cache/: never walked
        found.extend(Path(where) / name for name in names if not name.startswith("."))
    for path in sorted(found):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if outputs and is_output(path, outputs):
            continue
        if path.is_file() or (path.is_symlink() and not path.exists()):
            yield path


def _read_text(path: Path) -> str:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or device would block or never end
            raise InputError(f"{path} is not a regular file; save the article to a file first")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(_too_big(path, info.st_size))
        with open(path, "rb") as handle:  # read at most the limit, even if the file grows meanwhile
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(_too_big(path, len(data)))
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the file") from None
    return decode_bytes(data, str(path))


def _too_big(path: Path, size: int) -> str:
    return (f"{path} is {size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit; "
            "split it into articles")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; reject binary data.

    Bytes that are not valid UTF-8 are read as Windows-1252 (a superset of Latin-1),
    unless the file is mostly valid UTF-8 with a few broken bytes: then only those
    bytes become U+FFFD, so the rest of the text keeps its accents and dashes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        if b"\x00" in data[:4096]:
            raise InputError(f"{name} is not a text file; give a .txt, .md, .html or .json article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_broken_utf8(data)
    if _control_share(text) > 0.05:
        raise InputError(f"{name} is not a text file; give a .txt, .md, .html or .json article")
    return text


def _decode_broken_utf8(data: bytes) -> str:
    lenient = data.decode("utf-8-sig", errors="replace")
    broken = lenient.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
    multibyte = sum(1 for c in lenient if ord(c) > 127 and c != "\ufffd")
    if multibyte >= broken:  # UTF-8 with a few damaged bytes
        return lenient
    return data.decode("cp1252", errors="replace")


def _control_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / len(sample)


def record_metadata(record: dict) -> dict[str, str]:
    """The optional Article fields a JSON record or dict carries (title, source, date, url),
    under any of the names news APIs use (json_records.py); a date that is no date is left out."""
    meta = record_fields(record)
    if "title" in meta:
        title = _title(meta.pop("title"))  # single-spaced, without a dateline
        if title:
            meta["title"] = title
    if "date" in meta:
        day = _as_archived(iso_date(meta.pop("date")), archive_day(record))
        if day:
            meta["date"] = day
    return meta


def _as_archived(day: str | None, archived: str | None) -> str | None:
    """"1998-03-06" from a feed that writes year, day, month is June 3 when the record's archive
    number says so (APW19980603.0043); any other date stays as read."""
    if day and archived and day[:10] != archived and f"{day[:4]}-{day[8:10]}-{day[5:7]}" == archived:
        return archived + day[10:]
    return day


def _article(body: str, hint: str, agency: str | None = None, **meta: str | None) -> Article:
    """agency: the outlet when neither the metadata, the text nor the title names one (an archive's docno)."""
    title = meta.pop("title", None)
    meta["source"] = outlet(body, meta.get("source"), meta.get("url")) or title_outlet(title) or agency
    meta["date"] = iso_date(meta.get("date")) or page_date(body) or url_date(meta.get("url"))
    return Article(id=article_id(body, hint), text=body, title=_title(title or _guess_title(body)), **meta)


# A wire's routing note before a headline: "(ATTN: N.H., N.C.) HORMONE SEEN AS ...", "(EDS: ...)"
_ROUTING_NOTE_RE = re.compile(r"^\s*\((?:attn|eds?|editors?|for release|for use)\b[^)]*\)\s*", re.IGNORECASE)


def _title(title: str | None) -> str | None:
    """A title with typographic quotes and single spaces, without a dateline or photo slug; an
    all-caps title keeps its "WHO:" ("BUSH AIDE: GAY GOP GROUP ...": who says it, not a dateline)."""
    if not title or not title.strip():
        return None
    title = _ROUTING_NOTE_RE.sub("", PHOTO_SLUG_RE.sub("", typographic_quotes(" ".join(title.split()))))
    title = (title if is_all_caps(title) else strip_dateline(title)).strip(" =")
    return title or None


# Not a title: a by-line, an editor's note ("Eds: ...", not "Ed Koch ...") or photo credit of wire
# copy, a bracketed credit line.
_BYLINE_LINE_RE = re.compile(r"^By\s+[A-Z]|^(?:eds?\s*[:.-]|editors?['’]?s? note\b)|\bAP Photo\b|\bPress Writer\b|"
                             r"^\(.*\)$", re.IGNORECASE)


def _guess_title(body: str) -> str | None:
    for line in body.splitlines()[:8]:
        line = line.strip().lstrip("#").strip()
        words = line.split()
        if is_prose(line):  # a title comes before the body, never after it (an editor's note)
            break
        if is_date_line(line) or _BYLINE_LINE_RE.match(line):
            continue
        if 3 <= len(words) <= 25 and line.rstrip("\"'”’)").strip()[-1:] not in ".!?:;,":
            return line
    return None


def _article_from_html(html: str, path: Path) -> Article:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    meta = trafilatura.extract_metadata(html)
    if not text or not text.strip():
        raise InputError(f"{path}: no article text found in the HTML; save the article page itself")
    return Article(
        id=article_id(text, path.stem),
        text=text,
        title=_title((meta.title if meta else None) or _guess_title(text)),
        source=outlet(text, meta.sitename or meta.hostname, meta.url) if meta else outlet(text),
        date=(iso_date(meta.date) if meta else None) or page_date(text) or url_date(meta.url if meta else None),
        url=(meta.url if meta else None),
    )


def _articles_from_json(text: str, path: Path) -> list[Article]:
    bad_lines: list[int] = []
    try:
        if path.suffix.lower() == ".json":
            records = find_records(json.loads(text))
        else:  # JSONL: a line that is no JSON is passed over, the others are read
            records, lines = [], []
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                        lines.append(number)
                    except json.JSONDecodeError:
                        bad_lines.append(number)
            if bad_lines and not records:
                raise InputError(f"{path}: invalid JSON on line {bad_lines[0]}; fix the file or save it as .txt")
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON at line {exc.lineno}; fix the file or save it as .txt") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply; give a list of records with a \"text\" field") from None
    if records is None:
        raise InputError(f"{path}: no list of article records found; give records with a \"text\" (or \"body\", "
                         "\"content\") field, or a list of them under \"articles\"")
    jsonl = path.suffix.lower() != ".json"
    articles, empty, undated, textless = [], [], [], []
    for n, record in enumerate(records):
        where = f"line {lines[n]}" if jsonl else f"record {n + 1}"
        body = record_text(record) if isinstance(record, dict) else None
        if body is None and jsonl:  # one line without an article is passed over
            textless.append(where)
            continue
        if body is None:
            found = f" (it has {', '.join(map(repr, list(record)[:6]))})" if isinstance(record, dict) and record else ""
            raise InputError(f"{path}: {where} has no article text{found}; each record needs \"text\", "
                             "\"body\" or \"content\" (optional title, source, date, url)")
        if not body.strip():  # a feed item with no body: nothing to read, the rest still is
            empty.append(where)
            continue
        meta = record_metadata(record)
        article = _article(body, hint=f"{path.stem}-{n + 1}", agency=archive_agency(record), **meta)
        if given := record_id(record):  # the input's own id (one given twice is told apart when prepared)
            article = replace(article, id=given)
        if article.date is None and "date" in record_fields(record):  # nor from the text or the address
            undated.append(where)
        articles.append(article)
    if not articles:
        if textless:
            raise InputError(f"{path}: no record has article text; each needs \"text\", \"body\" or \"content\"")
        raise InputError(f"{path} holds no articles; add records with a non-empty \"text\" field")
    for places, what in (([f"line {n}" for n in bad_lines], "line(s) that are not JSON passed over"),
                         (textless, "record(s) without article text passed over"),
                         (empty, "record(s) with empty text skipped"),
                         (undated, "record(s) whose date is no date read as undated")):
        if places:
            shown = ", ".join(places[:5]) + (", ..." if len(places) > 5 else "")
            log.warning("%s: %d %s (%s)", path, len(places), what, shown)
    return articles
