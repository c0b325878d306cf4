"""Sentence splitting with nupunkt (Punkt with a bundled model) and length filters."""
from __future__ import annotations

import re

from .clean import clean_paragraphs, is_boilerplate
from .records import Article, Sentence

# Ends like a sentence, closing quotes and brackets allowed, spaced or not (`said . "`).
_END_RE = re.compile(r"[.!?…](?:\s*[\"'”’)\]»])*\s*$")


class SentenceSplitter:
    """Clean an article, split it into sentences, keep those within the length limits."""

    def __init__(self, min_words: int = 5, max_words: int = 80, min_chars: int = 25):
        import nupunkt

        self._tokenize = nupunkt.sent_tokenize
        self.min_words = min_words
        self.max_words = max_words
        self.min_chars = min_chars

    @classmethod
    def from_config(cls, config) -> "SentenceSplitter":
        c = config.split
        return cls(c.min_words, c.max_words, c.min_chars)

    def split_text(self, text: str) -> list[str]:
        sentences: list[str] = []
        for paragraph in clean_paragraphs(text):
            sentences.extend(s.strip() for s in self._tokenize(paragraph) if s.strip())
        return sentences

    def keep(self, sentence: str) -> bool:
        words = len(sentence.split())
        if not self.min_words <= words <= self.max_words or len(sentence) < self.min_chars:
            return False
        if _END_RE.search(sentence) is None:  # a fragment cut mid-sentence
            return False
        if is_boilerplate(sentence):
            return False
        first = sentence[0]
        # A short piece starting in lower case is a fragment split off a quote.
        return first.isupper() or first.isdigit() or not first.isalpha() or words >= 8

    def __call__(self, article: Article) -> list[Sentence]:
        """Kept sentences; `index` counts every sentence of the cleaned article."""
        split = self.split_text(article.text)
        return [
            Sentence(text=s, article_id=article.id, index=n, position=n / len(split))
            for n, s in enumerate(split)
            if self.keep(s) and s != article.title
        ]
