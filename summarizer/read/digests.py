"""Press digests: a wire's round-up of other papers' stories becomes one article per item.

"CANBERRA, March 27 (Xinhua) -- Following are major news items in leading Australian
newspapers today:" goes on with each paper's name and its items ("-- Ansett airlines is poised
..."). The items are unrelated stories: read as one article they made a story of their own
(Olympic airlines, the Oscars and mad cow disease) and their papers went unnamed. Each item is
an article of its own, credited to its paper via the wire ("The Age via Xinhua"), dated by the
dateline's day (the "yesterday" it says is the paper's), so grouping puts it with its story.
A wire's round-up of its own stories ("AP Top News at 2 a.m. EST": headlines, each before a
dateline paragraph) is split the same way, each item titled by its headline.
"""
from __future__ import annotations

import re
from dataclasses import replace

from summarizer.read.sources import ROUNDUP_ITEM_RE, dateline_day, is_news_roundup, is_papers_digest, outlet
from summarizer.records import Article

# A paper's name on a line of its own: "The Sydney Morning Herald", "Financial Times:", "Daily Nation",
# "The Sydney Morning Herald (SMH)".
_PAPER_RE = re.compile(r"^(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z&][\w&'’.-]*){0,5}"
                       r"(?:\s+\([A-Z]{2,6}\))?:?$")
_ITEM_RE = re.compile(r"^(?:--|—|–|-|\*|•)\s*(?=\S)")


def digest_items(article: Article) -> list[Article]:
    """The digest's items as articles (ids "<id>#1", "<id>#2", ...), each credited to its paper (a
    round-up's each titled by its headline); the article itself, as one, when it is no digest or
    its items are not under papers' names."""
    if is_news_roundup(article.text):
        return roundup_items(article)
    if not is_papers_digest(article.text):  # a round-up was checked just above
        return [article]
    lines = [line.strip() for line in article.text.splitlines() if line.strip()]
    agency = article.source or outlet(article.text)
    day = dateline_day(article.text, article.date) or article.date
    items, paper = [], None
    for n, line in enumerate(lines[1:], start=1):
        if _ITEM_RE.match(line) and paper:
            items.append((paper, _ITEM_RE.sub("", line)))
        elif (_PAPER_RE.match(line) and (n + 1 < len(lines) and _ITEM_RE.match(lines[n + 1]))
              and (not items or items[-1][1].rstrip("”\"’')").endswith((".", "!", "?")))):
            paper = line.rstrip(":").strip()  # a name before an item, after an item's end
        elif items and paper:  # an item that runs on over a line break
            items[-1] = (paper, f"{items[-1][1]} {line}")
    if not items:
        return [article]
    return [replace(article, id=f"{article.id}#{n}", text=text, title=None,
                    source=f"{name} via {agency}" if agency else name, date=day, digest_id=article.id)
            for n, (name, text) in enumerate(items, start=1)]


def roundup_items(article: Article) -> list[Article]:
    """A wire's round-up of its own stories ("AP Top News at 2 a.m. EST") as one article per item:
    its headline the title, the dateline paragraph and those after it up to the next headline the text."""
    starts = list(ROUNDUP_ITEM_RE.finditer(article.text))
    items = []
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(article.text)
        items.append((match.group("head").strip(), article.text[match.end():end].strip()))
    agency = article.source or outlet(article.text)
    return [replace(article, id=f"{article.id}#{n}", text=text, title=title, source=agency, digest_id=article.id)
            for n, (title, text) in enumerate(items, start=1) if text]


def with_digests_split(articles: list[Article]) -> list[Article]:
    """The articles, each press digest replaced by its items."""
    return [item for article in articles for item in digest_items(article)]
