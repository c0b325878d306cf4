"""Sentence splitting with nupunkt (Punkt with a bundled model) and length filters."""
from __future__ import annotations

import re

from summarizer.read.clean import (
    clean_paragraphs,
    is_archive_notice,
    is_contributor_note,
    is_editors_advisory,
    is_furniture,
)
from summarizer.read.quotes import SPEAKER_VERBS, quote_depth
from summarizer.records import Article, Sentence

# "Rep. Charles Schumer. Publicly, ...": Punkt reads some name-final periods as abbreviations,
# and misses ends before "A" and "I" ("last month. A crossing", "baffled. I can't").
_MISSED_END_RE = re.compile(r"\b([A-Za-z][a-z]{3,})\.\s+(?=[“\"]?(?:[A-Z][a-z]|[AI]\s+[a-z]|I['’][a-z]))")
# Abbreviations of four letters or more that a capitalised word may follow.
_LONG_ABBREVIATIONS = frozenset(
    "calif conn mass mich minn tenn okla wash ariz colo penn wisc sept capt prof dept univ assn blvd "
    "sens reps govs gens corp bros supt cmdr approx treas atty comdr figs nos vols".split()
)
# A sentence end Punkt misses when the next sentence opens on a quote, or follows a quote, in
# lower case ("... dimes. “generally speaking ...", "... “hurtful.” the announcement ..."):
# a word of three letters or more, its period, then an opening quote; or a period inside a
# closing quote, then a word that is not the quote's speaker ("“I'm done.” he said").
_QUOTE_END_RE = re.compile(r"\b([A-Za-z][a-z]{2,}|\d+)\.\s+(?=“)|(?<=[a-z]{2}\.”)\s+(?=[a-z])")
_SPEAKER_AHEAD_RE = re.compile(rf"^(?:\S+\s+){{0,3}}?(?:{SPEAKER_VERBS})\b", re.IGNORECASE)
# Abbreviations a quote may follow ("Sen. “Bud” Jones"): the short ones and the long ones above.
_QUOTE_ABBREVIATIONS = _LONG_ABBREVIATIONS | frozenset(
    "gov sen rep gen col sgt capt maj adm cmdr det insp est inc ltd corp bros vol vols fig figs nos jan feb mar apr "
    "jun jul aug sep sept oct nov dec ave".split())
# Ends like a sentence, closing quotes and brackets allowed, spaced or not (`said . "`).
_END_RE = re.compile(r"[.!?…](?:\s*[\"'”’)\]»])*\s*$")


class SentenceSplitter:
    """Clean an article, split it into sentences, keep those within the length limits."""

    def __init__(self, min_words: int = 5, max_words: int = 80, min_chars: int = 25, quotes: bool = True):
        import nupunkt

        self._tokenize = nupunkt.sent_tokenize
        self.min_words = min_words
        self.max_words = max_words
        self.min_chars = min_chars
        self.quotes = quotes  # typographic, balanced quotes, never cut (split.quotes)

    @classmethod
    def from_config(cls, config) -> "SentenceSplitter":
        c = config.split
        return cls(c.min_words, c.max_words, c.min_chars, c.quotes)

    def split_text(self, text: str) -> list[str]:
        sentences: list[str] = []
        for paragraph in clean_paragraphs(text, quotes=self.quotes):
            pieces = [p for s in join_after_titles(join_after_initials(self._tokenize(paragraph), paragraph), paragraph)
                      for p in split_missed_ends(s.strip()) if p]
            if self.quotes:  # quotes are typographic: which side a mark is on is known
                pieces = merge_open_quotes([q for p in pieces for q in split_quote_ends(p)], paragraph)
            sentences.extend(pieces)
        return sentences

    def fits(self, sentence: str) -> bool:
        """Within the length limits and shaped like a whole sentence (boilerplate aside)."""
        words = len(sentence.split())
        if not self.min_words <= words <= self.max_words or len(sentence) < self.min_chars:
            return False
        if _END_RE.search(sentence) is None:  # a fragment cut mid-sentence
            return False
        first = sentence[0]
        # A short piece starting in lower case is a fragment split off a quote.
        return first.isupper() or first.isdigit() or not first.isalpha() or words >= 8

    def __call__(self, article: Article) -> list[Sentence]:
        """Kept sentences; `index` counts every sentence of the cleaned article. A page that is
        mostly furniture with a web archive's crawl notice, or a note to editors, keeps none."""
        if is_editors_advisory(article.text):
            return []
        split = self.split_text(article.text)
        furniture = [is_furniture(s) for s in split]
        for n in [n for n, chrome in enumerate(furniture) if not chrome][-2:]:  # who wrote it, at the end
            furniture[n] = is_contributor_note(split[n])
        kept = [
            Sentence(text=s, article_id=article.id, index=n, position=n / len(split))
            for n, (s, chrome) in enumerate(zip(split, furniture))
            if not chrome and self.fits(s) and s != article.title
        ]
        notices = sum(map(is_archive_notice, split))
        if notices and sum(furniture) + notices >= len(kept):
            return []  # an archive's crawl notice, not the article: its leftovers are no news either
        return kept


_INITIALS_END_RE = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){2,}$")


def join_after_initials(pieces: list[str], paragraph: str) -> list[str]:
    """Join what Punkt split after initials when the next piece goes on in lower case:
    "... into the V.I.P." + "lounge to see ...", "president, F.W." + "de Klerk, ..."; joined
    by the text between them in `paragraph`, so a sentence stays verbatim."""
    return _join_in_paragraph([p.strip() for p in pieces], paragraph,
                              lambda previous, piece: piece[:1].islower() and bool(_INITIALS_END_RE.search(previous)))


# A title before a name: "Former Lt." + "Col. Hugo Chavez ...", "Sgt. Maj." + "John Smith ...".
_TITLE_END_RE = re.compile(r"(?:^|\s)(?:Lt|Col|Sgt|Maj|Gen|Capt|Adm|Cmdr|Cpl|Pvt|Gov|Sen|Rep|Rev|Prof|Dr|Mr|Mrs|Ms)\.$")


# "visiting U.S." + "Secretary of State ...", "the U.N." + "Security Council ...": a modifier, not an end.
_COUNTRY_END_RE = re.compile(r"(?:^|\s)U\.[SN]\.$")
_NAMED_AFTER_COUNTRY_RE = re.compile(
    r"(?:Secretary|President|Ambassador|Attorney|District|Circuit|Supreme|Court|Navy|Army|Air Force|Marines?|"
    r"Embassy|Consulate|Senate|House|Congress|Rep\.|Sen\.|Gen\.|Trade|Special|Envoy|Security|General|"
    r"Commerce|Treasury|Defense|State|Justice|Department|Representative|Senator|Congress(?:man|woman)|Federal|"
    r"National|Coast Guard|Customs|Census|Postal|Olympic|Open|Forces?|Troops|Military|Mission|Peacekeep\w*|"
    r"Human Rights|High Commissioner|Undersecretary|Deputy|Assistant|Agency|Agriculture|Energy|Interior)\b")


def join_after_titles(pieces: list[str], paragraph: str) -> list[str]:
    """Join what Punkt split after a title when a capitalised word follows: a sentence does not
    end on "Lt." or "Sgt. Maj.", the name comes next; nor on "U.S." before "Secretary", "Navy", ..."""
    return _join_in_paragraph([p.strip() for p in pieces], paragraph,
                              lambda previous, piece: piece[:1].isupper() and (
                                  bool(_TITLE_END_RE.search(previous))
                                  or bool(_COUNTRY_END_RE.search(previous) and _NAMED_AFTER_COUNTRY_RE.match(piece))))


def split_missed_ends(sentence: str) -> list[str]:
    """Split where a name ends a sentence but Punkt took its period for an abbreviation."""
    pieces, start = [], 0
    for match in _MISSED_END_RE.finditer(sentence):
        if match.group(1).lower() in _LONG_ABBREVIATIONS:
            continue
        pieces.append(sentence[start:match.start(1) + len(match.group(1)) + 1].strip())
        start = match.end()
    pieces.append(sentence[start:].strip())
    return pieces


def split_quote_ends(sentence: str) -> list[str]:
    """Split where a sentence ends at a quote but the next one opens in lower case (_QUOTE_END_RE)."""
    pieces, start = [], 0
    for match in _QUOTE_END_RE.finditer(sentence):
        word = match.group(1)
        if word is not None and word.lower() in _QUOTE_ABBREVIATIONS:
            continue
        if word is None and _SPEAKER_AHEAD_RE.match(sentence[match.end():]):
            continue
        pieces.append(sentence[start:match.start() + (len(word) + 1 if word else 0)].strip())
        start = match.end()
    pieces.append(sentence[start:].strip())
    return [p for p in pieces if p]


def merge_open_quotes(sentences: list[str], paragraph: str | None = None) -> list[str]:
    """Join sentences while a quotation is open, so a quote is never cut; with the
    paragraph they came from, they are joined by the text between them there."""
    return _join_in_paragraph(sentences, paragraph, lambda previous, sentence: quote_depth(previous) > 0)


def _join_in_paragraph(pieces: list[str], paragraph: str | None, joins) -> list[str]:
    """`pieces` in order, each joined to the one before when joins(previous, piece), by the
    text between them in `paragraph` (one space where it is not found there)."""
    joined: list[str] = []
    cursor = 0
    for piece in pieces:
        start = paragraph.find(piece, cursor) if paragraph is not None else -1
        if joined and joins(joined[-1], piece):
            gap = paragraph[cursor:start] if start >= 0 else " "
            joined[-1] = f"{joined[-1]}{gap}{piece}"
        else:
            joined.append(piece)
        if start >= 0:
            cursor = start + len(piece)
    return joined
