"""The Summarizer: articles in, per-story briefs with citations out.

Stages are pluggable components with defaults built from the config:
    splitter (clean + split) -> embedder -> clusterer -> selector -> rewriter
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from summarizer.config import Config, load_config
from summarizer.embed.embedders import Embedder, make_embedder
from summarizer.errors import InputError
from summarizer.read.digests import with_digests_split
from summarizer.read.ingest import (
    article_id,
    articles_from_text,
    language_warning,
    record_metadata,
)
from summarizer.read.json_records import record_text
from summarizer.read.sources import dateline_day, dateline_place, here_places, is_opinion, parse_date
from summarizer.read.split import SentenceSplitter
from summarizer.records import Article, Selected, Sentence, Story
from summarizer.render.formats import first_words
from summarizer.run.progress import ProgressBars
from summarizer.select.features import number_facts, restates, word_stems
from summarizer.select.headline import source_title, story_title
from summarizer.select.selector import MMRSelector
from summarizer.select.tolls import toll_conflicts
from summarizer.select.update import Known, reports_after, unread
from summarizer.stories.features import LeadEncoder, article_vector
from summarizer.stories.grouping import StoryClusterer, digest_items_apart, story_id
from summarizer.stories.near_copies import duplicate_sentences, freshest_first, later_take, rewritten_in_later_take
from summarizer.stories.timeline import (
    article_day,
    newest_day,
    relative_dates,
    story_timeline,
)

log = logging.getLogger(__name__)
EMBED_CHUNK = 512
# Story clustering works on a sparse nearest-neighbour graph (time and memory grow about
# linearly; measured limits in docs/scale.md); beyond this, split the pile by date or folder.
MAX_ARTICLES = 100_000


@dataclass(frozen=True)
class Prepared:
    """Articles with their kept sentences and one embedding row per sentence."""

    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    embeddings: np.ndarray
    slices: dict[str, slice]
    skipped: list[dict[str, str]]
    warnings: list[dict[str, str]] = ()  # articles summarized despite a problem (e.g. not English)

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.articles]

    @cached_property
    def by_id(self) -> dict[str, Article]:
        """Article id -> Article, built once per pile (a story's brief looks up its members here)."""
        return {a.id: a for a in self.articles}

    def article_texts(self) -> list[str]:
        """Each article's kept sentences joined: what clustering and near-copy checks read."""
        return [" ".join(s.text for s in self.sentences[i]) for i in self.ids]

    def article_vectors(self) -> np.ndarray:
        return np.stack([article_vector(self.embeddings[self.slices[i]]) for i in self.ids])


class Summarizer:
    def __init__(
        self,
        config: Config | None = None,
        embedder: Embedder | None = None,
        splitter: SentenceSplitter | None = None,
        clusterer: StoryClusterer | None = None,
        selector: MMRSelector | None = None,
        rewriter: Any | None = None,
    ):
        self.config = config or load_config()
        self._embedder = embedder
        self.splitter = splitter or SentenceSplitter.from_config(self.config)
        self.clusterer = clusterer or StoryClusterer.from_config(self.config)
        self.selector = selector or MMRSelector.from_config(self.config)
        self._rewriter = rewriter  # a RewriteStage: summary items -> {"rewritten", "rejected"}

    @classmethod
    def from_config(cls, preset: str = "default", config_file: str | None = None, **overrides) -> "Summarizer":
        """`Summarizer.from_config("fast", **{"select.budget": 150})`."""
        return cls(load_config(preset, config_file, overrides))

    @property
    def rewriter(self):
        """The rewrite stage `rewrite.backend` names (None for none), loaded on first use."""
        if self._rewriter is None and self.config.rewrite.backend != "none":
            from summarizer.rewrite.stage import make_rewriter

            self._rewriter = make_rewriter(self.config)
        return self._rewriter

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:  # loaded on first use, shared per process
            self._embedder = make_embedder(self.config)
        return self._embedder

    def __call__(self, articles: Iterable[Article | str | Mapping[str, Any]]) -> dict[str, Any]:
        return self.summarize(articles)

    def summarize(self, articles: Iterable[Article | str | Mapping[str, Any]], one_story: bool = False,
                  progress: Callable[[int, int], None] | None = None,
                  bars: ProgressBars | None = None,
                  previous: Iterable[Article | str | Mapping[str, Any]] | None = None,
                  newest: bool = False, read: Sequence[str] = ()) -> dict[str, Any]:
        """Briefs for every story among `articles`, as the JSON structure of `--format json`.

        one_story=True treats all articles as a single given story (no clustering);
        progress(done, total) is called as sentences are embedded; `bars` shows every stage.
        `previous`: articles the reader has already read, grouped with the new ones; `read`:
        other text read before (an earlier brief's sentences), never cited. Only stories with a
        new article are briefed: one that continues what was read gains a "whats_new" section
        drawn from its new articles, leaving out what it read (select/update.py), above the brief
        of all its articles; one with only new articles is marked "new_story".
        newest=True: each story dated on two or more days gains a "whats_new" section drawn from
        its newest day's articles, against its earlier ones (`newest_brief`).
        """
        if newest and (previous is not None or read):
            raise InputError("give either what was read (previous articles, an earlier brief) or newest=True "
                             "(what the newest day adds), not both")
        started = time.perf_counter()
        bars = bars or ProgressBars()
        previous = list(previous) if previous is not None else []
        earlier = with_digests_split(as_articles(previous)) if previous else []
        articles = with_digests_split(as_articles(articles))  # the ids of items, as prepare makes them
        if earlier:  # an article given as new and as read was read
            articles = unread(articles, {a.id for a in earlier}, "the previous articles")
        briefs_read = [Article(id=f"read-brief-{n}", text=text) for n, text in enumerate(read, start=1) if text.strip()]
        combined = _dedupe_ids(articles + earlier + briefs_read)
        new_ids = {a.id for a in combined[:len(articles)]}
        read_ids = {a.id for a in combined[len(articles):]}
        uncited = {a.id for a in combined[len(articles) + len(earlier):]}
        prepared = self.prepare(combined, progress, bars)
        if read_ids and not new_ids & set(prepared.ids):  # what was read kept the run from failing
            raise InputError(NO_SENTENCES_LEFT)
        if one_story:
            stories = [self.given_story(prepared)]
        else:
            stories = self.cluster(prepared, bars=bars)
        if not read_ids:
            briefs = (self.newest_brief(story, prepared) if newest else self.brief(story, prepared)
                      for story in bars.iterate(stories, "briefs", "story"))
        else:
            briefs = (self.update_brief(story, prepared, read_ids, uncited)
                      for story in bars.iterate(stories, "briefs", "story")
                      if any(i not in read_ids for i in story.article_ids))
        return {
            "stories": list(briefs),
            "skipped": [item for item in prepared.skipped if item["article_id"] not in read_ids],  # of the new
            "warnings": [item for item in prepared.warnings if item["article_id"] not in read_ids],
            "config": self.config.to_dict(),
            "seconds": round(time.perf_counter() - started, 3),
        }

    def embed(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Each sentence once, in fixed-size chunks (the same chunks with or without progress),
        written into one array as they come (never the chunks and their concatenation at once)."""
        out = None
        for start in range(0, len(texts), EMBED_CHUNK):
            block = self.embedder.encode(texts[start:start + EMBED_CHUNK])
            if out is None:
                out = np.empty((len(texts), block.shape[1]), dtype=block.dtype)
            out[start:start + len(block)] = block
            if progress:
                progress(min(start + EMBED_CHUNK, len(texts)), len(texts))
        return out if out is not None else self.embedder.encode([])

    def split(self, articles: list[Article], bars: ProgressBars | None = None
              ) -> tuple[dict[str, list[Sentence]], list[dict[str, str]]]:
        sentences, skipped = {}, []
        for article in (bars or ProgressBars()).iterate(articles, "cleaning", "article"):
            kept = self.splitter(article)
            if kept:
                sentences[article.id] = kept
            else:
                skipped.append({"article_id": article.id, "reason": NO_PROSE})
        return sentences, skipped

    def prepare(self, articles: Iterable[Article | str | Mapping[str, Any]],
                progress: Callable[[int, int], None] | None = None,
                bars: ProgressBars | None = None) -> "Prepared":
        """Read (a press digest as its items), clean, split and embed: the shared work before
        clustering and selection."""
        bars = bars or ProgressBars()
        articles = _dedupe_ids(with_digests_split(as_articles(articles)))
        sentences, skipped = self.split(articles, bars)
        articles = [a for a in articles if a.id in sentences]
        if not articles:
            raise InputError(NO_SENTENCES_LEFT)
        if len(articles) > MAX_ARTICLES:
            raise InputError(f"{len(articles):,} articles is over the limit of {MAX_ARTICLES:,} per run; "
                             "summarize them in parts, one run per date window or subfolder, e.g. "
                             "`summarizer batch news/2026-03 --out briefs/2026-03` (see docs/scale.md)")
        warnings = []
        for article in articles:
            problem = language_warning(article.text)
            if problem:
                warnings.append({"article_id": article.id, "reason": problem})
        log_article_problems(skipped, "skipped")
        log_article_problems(warnings)
        flat = [s.text for a in articles for s in sentences[a.id]]
        embeddings = self.embed(flat, progress or bars.counter("embedding", "sentence"))
        return Prepared(articles, sentences, embeddings, _slices(articles, sentences), skipped, warnings)

    def stories(self, articles: Iterable[Article | str | Mapping[str, Any]]) -> list[Story]:
        """Only the grouping of articles into stories."""
        return self.cluster(self.prepare(articles))

    def cluster(self, prepared: "Prepared", progress: Callable[[int, int], None] | None = None,
                encode_leads: LeadEncoder | None = None, bars: ProgressBars | None = None) -> list[Story]:
        """Stories among prepared articles; progress(done, total) as their leads are embedded,
        here or by an engine's `encode_leads` (the same chunks, so the same vectors); `bars`
        shows the leads, then the grouping."""
        bars = bars or ProgressBars()
        dates = [a.date for a in prepared.articles]
        vectors = None if self.clusterer.lead_model else prepared.article_vectors()  # leads replace them
        grouping = bars.timer("grouping")
        leads = progress or bars.counter("story leads", "article")

        def leads_then_grouping(done: int, total: int) -> None:
            if leads:
                leads(done, total)
            if done >= total:
                grouping.start()

        if not self.clusterer.lead_model:
            grouping.start()
        stories = self.clusterer(prepared.ids, prepared.article_texts(), vectors, dates if any(dates) else None,
                                 leads_then_grouping, encode_leads)
        grouping.stop()
        return digest_items_apart(stories, prepared.by_id,
                                  lambda i: article_vector(prepared.embeddings[prepared.slices[i]]))

    def known(self, previous: Iterable[Article | str | Mapping[str, Any]]) -> Known:
        """What earlier articles said, for update briefs (an empty list: nothing known)."""
        previous = list(previous)
        if not previous:
            return Known.from_sentences([], np.zeros((0, 1)), self.config)
        earlier = self.prepare(previous)
        return self.known_of(earlier, earlier.ids)

    def known_of(self, prepared: Prepared, ids: Iterable[str]) -> Known:
        """What the articles `ids` of `prepared` said (a grown batch story's earlier articles)."""
        present = [i for i in ids if i in prepared.slices]
        sentences = [s for i in present for s in prepared.sentences[i]]
        vectors = (np.concatenate([prepared.embeddings[prepared.slices[i]] for i in present]) if present
                   else np.zeros((0, prepared.embeddings.shape[1])))
        known = Known.from_sentences([s.text for s in sentences], vectors, self.config,
                                     [s.article_id for s in sentences], self.config.update.min_articles)
        days = [d for d in (article_day(prepared.by_id[i].date) for i in present) if d]
        return replace(known, latest=max(days).isoformat() if days else None)

    def given_story(self, prepared: Prepared) -> Story:
        """All prepared articles as one story (`one_story=True`), with its near-copies noted."""
        ids = prepared.ids
        dups = self.clusterer.near_duplicates(ids, prepared.article_texts(), [prepared.by_id[i].date for i in ids])
        return Story(story_id(ids), tuple(ids), tuple(dups))

    def whats_new(self, story: Story, prepared: Prepared, known: Known,
                  new_ids: Iterable[str] | None = None, context_ids: Iterable[str] = ()) -> list[Selected]:
        """An update brief: sentences of the story's new articles (`new_ids`, default all)
        that say what `known` did not, within the same budget as the brief. The articles
        `context_ids` of `prepared` (earlier ones) weigh in relevance and coverage, never picked."""
        fresh = set(story.article_ids if new_ids is None else new_ids)
        members = [prepared.by_id[i] for i in story.article_ids if i in fresh]
        if not members:
            return []
        context = [prepared.by_id[i] for i in context_ids if i in prepared.by_id and i not in fresh]
        pool = context + members
        sentences = [s for a in pool for s in prepared.sentences[a.id]]
        vectors = np.concatenate([prepared.embeddings[prepared.slices[a.id]] for a in pool])
        used = fresh | {a.id for a in context}
        pairs = tuple(p for p in story.duplicates if p[0] in used and p[1] in used)
        duplicate_of = duplicate_sentences(sentences, pairs, self.config.cluster.sentence_duplicate_threshold)
        later = None
        if known.latest and known.dated_weight:  # sentences that report a day after the newest earlier article
            days = news_days(pool)
            later = np.array([reports_after(s.text, article_day(days[a.id]), known.latest)
                              for a in pool for s in prepared.sentences[a.id]])
        opinion = opinion_pieces(members)
        only_context = np.array([s.article_id not in fresh or s.article_id in opinion for s in sentences])
        only_context |= self.superseded(sentences, vectors, pairs, duplicate_of, prepared.by_id)
        return self.selector(sentences, vectors, duplicate_of, _article_rank(members), known=known, later=later,
                             context=only_context if only_context.any() else None,
                             conflicts=toll_conflicts(sentences, prepared.by_id))

    def update_brief(self, story: Story, prepared: Prepared, read_ids: set[str], uncited: set[str]) -> dict[str, Any]:
        """The brief of a story with new articles (those not in `read_ids`): with "whats_new"
        when it holds read ones, else marked "new_story". `uncited`: read text that is no
        article (an earlier brief): it counts as read, never as a source."""
        earlier = [i for i in story.article_ids if i in read_ids]
        if uncited & set(earlier):
            cited = [i for i in story.article_ids if i not in uncited]
            story = Story(story_id(cited), tuple(cited),
                          tuple(p for p in story.duplicates if not uncited & set(p)))
        if not earlier:
            return {**self.brief(story, prepared), "new_story": True}
        added = [i for i in story.article_ids if i not in read_ids]
        return self.brief(story, prepared, self.known_of(prepared, earlier), added)

    def grown_brief(self, story: Story, prepared: Prepared, earlier: Iterable[str] = ()) -> dict[str, Any]:
        """The brief of a story; when it grew since a brief of its articles `earlier` (a batch
        story on disk), with a "whats_new" section: what its added articles say that those did not."""
        seen = set(earlier)
        if not seen:
            return self.brief(story, prepared)
        added = [a for a in story.article_ids if a not in seen]
        return self.brief(story, prepared, self.known_of(prepared, [a for a in story.article_ids if a in seen]), added)

    def newest_brief(self, story: Story, prepared: Prepared) -> dict[str, Any]:
        """The story's brief; when its articles are dated on two or more days, with a "whats_new"
        section drawn from the newest day's articles against the others (undated ones count as
        earlier), and "whats_new_day", that day."""
        split = newest_day({i: prepared.by_id[i].date for i in story.article_ids})
        if split is None:
            return self.brief(story, prepared)
        day, fresh = split
        earlier = [i for i in story.article_ids if i not in fresh]
        record = self.brief(story, prepared, self.known_of(prepared, earlier), fresh)
        record["whats_new_day"] = day.isoformat()
        return record

    def superseded(self, sentences: list[Sentence], vectors: np.ndarray, pairs, duplicate_of: np.ndarray,
                   lookup: Mapping[str, Article]) -> np.ndarray:
        """Sentences of an earlier take of a wire story that a later take the same day (one outlet's,
        where both name theirs) says again in other words (stories/near_copies.later_take,
        rewritten_in_later_take)."""
        takes = [take for a, b in pairs if (take := later_take(lookup[a], lookup[b]))]
        return rewritten_in_later_take(sentences, vectors, takes, duplicate_of,
                                       self.config.cluster.later_take_similarity)

    def restating(self, sentences: list[Sentence], vectors: np.ndarray, shown: list[Selected]) -> np.ndarray:
        """restating[i]: sentence i says again what one of the `shown` picks (sentences of `sentences`)
        says: it states one of its counts (with select.one_count_once), or restates it in other words
        (the selector's rule: cosine at least select.restate_similarity, `restates`)."""
        select = self.config.select
        position = {(s.article_id, s.index): n for n, s in enumerate(sentences)}
        rows = [position[c.sentence.article_id, c.sentence.index] for c in shown]
        close = (vectors @ vectors[rows].T) >= select.restate_similarity
        counts = set().union(*(number_facts(c.sentence.text) for c in shown)) if select.one_count_once else set()
        stems = [word_stems(c.sentence.text) for c in shown]
        restating = np.zeros(len(sentences), dtype=bool)
        for i, sentence in enumerate(sentences):
            if counts and number_facts(sentence.text) & counts:
                restating[i] = True
            elif close[i].any():
                own = word_stems(sentence.text)
                restating[i] = any(restates(own, stems[k], select.restate_share) for k in np.flatnonzero(close[i]))
        return restating

    def brief(self, story: Story, prepared: Prepared, known: Known | None = None,
              new_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """Select the sentences of one story and shape its JSON record; with `known`, the
        record gains "whats_new", drawn from the articles `new_ids` (default: all), and the
        brief ("the story so far") leaves out the sentences it shows and those that say one of
        them again (`restating`)."""
        lookup = prepared.by_id
        members = [lookup[i] for i in story.article_ids]
        # Near-copies are read freshest (then longest) first: a sentence they share is cited to it.
        reading, pairs = freshest_first(list(story.article_ids), story.duplicates,
                                        lambda i: _freshness(lookup[i], prepared.sentences[i]))
        story_sentences = [s for i in reading for s in prepared.sentences[i]]
        story_vectors = np.concatenate([prepared.embeddings[prepared.slices[i]] for i in reading])
        duplicate_of = duplicate_sentences(
            story_sentences, tuple(pairs), self.config.cluster.sentence_duplicate_threshold
        )
        rank = _article_rank(members)
        fresh = self.whats_new(story, prepared, known, new_ids) if known is not None else []
        # never picked: what "What's new" shows (in any near-copy), beside news opinion pieces, and what
        # a later take of the day's wire story says in other words
        shown = {(c.sentence.article_id, c.sentence.index) for c in fresh} | {c.sentence.text for c in fresh}
        opinion = opinion_pieces(members)
        context = np.array([(s.article_id, s.index) in shown or s.text in shown or s.article_id in opinion
                            for s in story_sentences])
        context |= self.superseded(story_sentences, story_vectors, pairs, duplicate_of, lookup)
        if fresh:  # nor what says again, in other words or by its count, what "What's new" shows
            context |= self.restating(story_sentences, story_vectors, fresh)
        chosen = self.selector(story_sentences, story_vectors, duplicate_of, rank,
                               context=context if context.any() else None,
                               conflicts=toll_conflicts(story_sentences, lookup))
        openings = {a.id: prepared.sentences[a.id][0].text for a in members}
        record = story_record(story, members, chosen, openings, whats_new=fresh if known is not None else None)
        if known is not None and known.latest:  # "What's new since Mar 15": the newest day read before
            record["whats_new_since"] = known.latest
        if self.rewriter is not None:
            rewrite = self.rewriter(record["summary"])
            if any(a.title for a in members):  # an article's own title beats a generated headline
                rewrite.pop("title", None)
            record.update(rewrite)
        return record


def opinion_pieces(members: list[Article]) -> set[str]:
    """The ids of the editorials and opinion columns among `members`, when it has news reports
    too: what they argue is not quoted as news (an all-opinion story keeps them)."""
    opinion = {a.id for a in members if is_opinion(a.text, a.url, a.title)}
    return opinion if len(opinion) < len(members) else set()


def story_record(story: Story, members: list[Article], chosen: list[Selected],
                 openings: Mapping[str, str] | None = None, whats_new: list[Selected] | None = None) -> dict[str, Any]:
    """The JSON record of one story; `openings` (article id -> first kept sentence) gives
    each article the first words that name it when it has no headline; `whats_new`, when given,
    becomes the "whats_new" section (possibly empty); the title is drawn from the articles
    `chosen` and `whats_new` cite."""
    number = {a.id: n for n, a in enumerate(members, start=1)}
    articles = [
        {"id": a.id, "number": number[a.id], "title": source_title(a.title, (a.source or "",)), "source": a.source,
         "date": a.date, "url": a.url, "file": a.path, "opening": first_words((openings or {}).get(a.id, ""))}
        | ({"opinion": True} if is_opinion(a.text, a.url, a.title) else {})
        for a in members
    ]
    title = story_title(members, list(whats_new or ()) + chosen, whats_new=whats_new or (), openings=openings)
    places = {a.id: dateline_place(a.text) for a in members}
    days = news_days(members)
    record = {
        "id": story.id,
        "title": title,
        "articles": articles,
        "timeline": story_timeline(articles),
        "duplicates": [list(pair) for pair in story.duplicates],
        "summary": with_dateline(summary_items(chosen, number, days, places), places, title),
    }
    if whats_new is not None:
        record["whats_new"] = summary_items(whats_new, number, days, places)
    return record


def with_dateline(summary: list[dict[str, Any]], places: Mapping[str, str | None], title: str) -> list[dict[str, Any]]:
    """The items, the first gaining "dateline" when its article's dateline place (which cleaning
    took off) is the story's, that of at least half its articles, and neither the title nor any
    item names it: a brief on "Suicide bombers targeted a crowded open-air market" says where
    ("Jerusalem — Suicide bombers ...")."""
    place = places.get(summary[0]["article_id"]) if summary else None
    if not place or 2 * sum(p == place for p in places.values()) < len(places):
        return summary
    named = " ".join([title] + [item["text"] for item in summary])
    if any(re.search(rf"\b{re.escape(word)}\b", named) for word in place.split() if word[:1].isupper()):
        return summary
    return [{**summary[0], "dateline": place}] + summary[1:]


SHOWN_IDS = 5  # article ids a grouped warning names before "and N more"


def log_article_problems(items: list[dict[str, str]], outcome: str = "") -> None:
    """One warning line per reason, however many articles share it: the count, the first
    ids, and where the full list is (the JSON output's `warnings`/`skipped`, a batch's manifest)."""
    by_reason: dict[str, list[str]] = {}
    for item in items:
        by_reason.setdefault(item["reason"], []).append(item["article_id"])
    field = "skipped" if outcome == "skipped" else "warnings"
    for reason, ids in by_reason.items():
        done = f"; {outcome}" if outcome else ""
        if len(ids) == 1:
            log.warning("article %s: %s%s", ids[0], reason, done)
            continue
        more = f" and {len(ids) - SHOWN_IDS:,} more" if len(ids) > SHOWN_IDS else ""
        log.warning("%s articles: %s%s (%s%s; all are listed under \"%s\" in -f json output and in a batch's "
                    "manifest.json)", f"{len(ids):,}", reason, done, ", ".join(ids[:SHOWN_IDS]), more, field)


def news_days(members: list[Article]) -> dict[str, str | None]:
    """Each article's day for what it says ("today", "on Saturday"): its dateline's day when it
    gives one near the article's date (read/sources.dateline_day), else the article's date."""
    return {a.id: dateline_day(a.text, a.date) or a.date for a in members}


def summary_items(chosen: list[Selected], number: Mapping[str, int],
                  dates: Mapping[str, str | None] | None = None,
                  places: Mapping[str, str | None] | None = None) -> list[dict[str, Any]]:
    """Chosen sentences as JSON items, each citing its article's number in the story; with the
    articles' `dates`, an item whose sentence says "on Saturday" or "last month" gains "dates":
    those phrases resolved against its article's date (stories/timeline.py); with their dateline
    `places`, one that says "here" gains "places" (read/sources.here_places)."""
    days = {i: article_day(d) for i, d in (dates or {}).items()}
    years = len({d.year for d in days.values() if d}) > 1  # a story told over years dates its days in full
    places = places or {}
    return [
        _with_places(_with_resolved_dates({
            "text": c.sentence.text,
            "article_id": c.sentence.article_id,
            "sentence_index": c.sentence.index,
            "citation": number[c.sentence.article_id],
            "score": round(c.score, 4),
            "relevance": round(c.relevance, 4),
            "redundancy": round(c.redundancy, 4),
            "coverage": round(c.coverage, 4),
        }, days.get(c.sentence.article_id), years), places.get(c.sentence.article_id))
        for c in chosen
    ]


def _with_places(item: dict[str, Any], place: str | None) -> dict[str, Any]:
    found = here_places(item["text"], place)
    return {**item, "places": found} if found else item


def _with_resolved_dates(item: dict[str, Any], published, years: bool = False) -> dict[str, Any]:
    resolved = relative_dates(item["text"], published, years)
    return {**item, "dates": resolved} if resolved else item


NO_SENTENCES_LEFT = "no sentences left to summarize after cleaning; give articles with full sentences of prose"


def as_articles(items: Iterable[Article | str | Mapping[str, Any]]) -> list[Article]:
    """Accept Article records, plain strings (split on `---`), or dicts with a text field."""
    articles: list[Article] = []
    for n, item in enumerate(items):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, str):
            articles.extend(articles_from_text(item))
        elif isinstance(item, Mapping) and (text := record_text(dict(item))) is not None:
            articles.append(Article(id=str(item.get("id") or article_id(text, f"article-{n + 1}")),
                                    text=text, **record_metadata(dict(item))))
        else:
            raise InputError(f"article {n + 1} is not text; pass strings, Article records or dicts with a 'text' "
                             "(or 'body', 'content') field")
    if not any(a.text.strip() for a in articles):
        raise InputError("no articles given; pass article text, files, or paste articles separated by '---' lines")
    return articles


NO_PROSE = "no sentences of prose left after cleaning (only notes, lists, tables or page furniture)"


def _dedupe_ids(articles: list[Article]) -> list[Article]:
    seen: dict[str, int] = {}
    result = []
    for a in articles:
        if a.id in seen:
            seen[a.id] += 1
            a = replace(a, id=f"{a.id}-{seen[a.id]}")
        seen.setdefault(a.id, 0)
        result.append(a)
    return result


def _slices(articles: list[Article], sentences: dict[str, list[Sentence]]) -> dict[str, slice]:
    slices, start = {}, 0
    for a in articles:
        slices[a.id] = slice(start, start + len(sentences[a.id]))
        start += len(sentences[a.id])
    return slices


def _article_rank(members: list[Article]) -> dict[str, tuple]:
    """Output order: by date where it is known; an undated article goes after the dated article
    before it in the input (first when none is), level with the other undated ones there, so the
    selector puts the one with the most relevant chosen sentence first (input order says nothing
    about which report came first)."""
    rank, last = {}, ""
    for n, article in enumerate(members):
        known = _parse_date(article.date)
        last = known or last
        rank[article.id] = (known, 0, n) if known else (last, 1, 0)
    return rank


def _freshness(article: Article, sentences: list[Sentence]) -> tuple:
    """How to prefer one near-copy over another: dated and newer first, then longer."""
    date = _parse_date(article.date)
    return (date is not None, date or "", sum(s.word_count for s in sentences))


def _parse_date(value: str | None) -> str | None:
    parsed = parse_date(value)
    return parsed.isoformat() if parsed else None
