"""A story's headline: the best article title, else a short extractive one.

`story_title` takes the title of the article behind the most relevant chosen sentence,
skipping titles that only name a site ("BBC News", "Home") or are cut off ("…"), and drops
a trailing " | Site" or " - Site". Without titles, `extractive_headline` takes the main
clause of the most relevant self-contained chosen sentence and cuts it at a clause
boundary to at most MAX_WORDS words, never ending on a word that needs more after it.
"""
from __future__ import annotations

import re

from summarizer.read.quotes import typographic_quotes
from summarizer.read.sources import DOMAINS, WIRES, is_date_line
from summarizer.select.readability import is_bare_quote, needs_antecedent

MAX_WORDS = 14
MIN_WORDS = 4
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
""".split())
_CLAUSE_SPLIT_RE = re.compile(r"\s*(?:[,;:]|\s[–—-]\s|\(|\)|…|\.\.\.+)\s*")
_SITE_ONLY = re.compile(r"^(?:home|homepage|news|latest news|breaking news|world news|top stories|"
                        r"untitled|index|article|page not found|404)$", re.IGNORECASE)
_OUTLETS = frozenset(n.lower() for n in (*DOMAINS.values(), *WIRES.values())) | {
    "bbc news", "cnn.com", "reuters.com", "the associated press", "associated press"}
_TITLE_SUFFIX_RE = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def clean_title(title: str | None, sources: tuple[str, ...] = ()) -> str | None:
    """A usable headline from an article title, or None (empty, site name only, cut off)."""
    if not title:
        return None
    title = typographic_quotes(" ".join(title.split()))
    suffix = _TITLE_SUFFIX_RE.search(title)
    if suffix and len(title[:suffix.start()].split()) >= 3:
        title = title[:suffix.start()]
    bare = title.strip(" .|-–—")
    if (not bare or _SITE_ONLY.match(bare) or len(bare.split()) < 2
            or any(s and (bare.lower() == s.lower() or s.lower().startswith(bare.lower() + " ")) for s in sources)
            or bare.lower() in _OUTLETS
            or bare.endswith(("…", "...")) or len(bare.split()) > 30 or is_date_line(bare)):
        return None
    return bare


def story_title(members, chosen) -> str:
    """Headline of a story from its articles (records with title/source) and chosen sentences."""
    sources = tuple(a.source for a in members if a.source)
    titles = {a.id: t for a in members if (t := clean_title(a.title, sources))}
    for pick in sorted(chosen, key=lambda c: -c.relevance):
        if pick.sentence.article_id in titles:
            return titles[pick.sentence.article_id]
    if titles:
        return next(iter(titles.values()))
    texts = [c.sentence.text for c in sorted(chosen, key=lambda c: -c.relevance)]
    return extractive_headline(texts) or "Untitled story"


def extractive_headline(sentences: list[str], max_words: int = MAX_WORDS) -> str | None:
    """The main clause of the first sentence (in the given order) that reads on its own."""
    usable = [s for s in sentences if not needs_antecedent(s) and not is_bare_quote(s)] or sentences
    for sentence in usable:
        headline = sentence_headline(sentence, max_words)
        if headline:
            return headline
    return None


def sentence_headline(sentence: str, max_words: int = MAX_WORDS) -> str | None:
    """A sentence's main clause, cut at a clause boundary to at most max_words words."""
    text = re.sub(r"[“”\"]", "", sentence).strip().rstrip(".!?…").strip()
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(text) if c and c.strip()]
    main = next((c for c in clauses if len(c.split()) >= MIN_WORDS and _opens_main_clause(c)), None)
    main = main or max(clauses, key=lambda c: len(c.split()), default="")
    words = main.split()
    if len(words) > max_words:
        words = _cut(words, max_words)
    while words and _bare(words[-1]) in DANGLING_END and not words[-1].strip(",.;:").isupper():
        words.pop()
    if len(words) < 3:
        return None
    headline = " ".join(words).strip(" ,;:–—-")
    return headline[:1].upper() + headline[1:]


def _opens_main_clause(clause: str) -> bool:
    first = _bare(clause.split()[0])
    return first not in _SUBORDINATE and first not in ("and", "but", "or", "so", "that")


def _cut(words: list[str], max_words: int) -> list[str]:
    """Cut before a preposition or conjunction within the limit (a phrase boundary)."""
    for end in range(max_words, MIN_WORDS - 1, -1):
        if _bare(words[end]) in _SUBORDINATE | {"and", "but", "or", "to", "that", "who", "which", "into",
                                                "over", "near", "against", "amid", "after"}:
            if _bare(words[end - 1]) not in DANGLING_END:
                return words[:end]
    return words[:max_words]


def _bare(word: str) -> str:
    return word.lower().strip(".,;:!?'’‘\"“”()")


def is_cut_off(title: str) -> bool:
    """A headline that stops mid-phrase: ends with an ellipsis or a word that needs more."""
    words = title.split()
    last = words[-1].strip(".,;:!?'’‘\"“”()") if words else ""
    acronym = len(last) > 1 and last.isupper()  # "... against IS"
    return (not words or title.rstrip().endswith(("…", "...")) or len(words) > 30
            or (_bare(last) in DANGLING_END and not acronym))
