"""Rewrite backends: the models that draft a brief (`rewrite.backend`: none, seq2seq, llm, openai),
loaded once per process, and what each can do without loading it."""
from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol

from summarizer.errors import ConfigError, MissingDependencyError, SummarizerError
from summarizer.hub import require_hub_model
from summarizer.rewrite.local_models import (
    SMOLLM2_GGUF,
    Progress,
    converted_gguf,
    llm_model_location,
    load_transformers,
    log_progress,
)
from summarizer.rewrite.prompts import (
    BRIEF_INSTRUCTION,
    HEADLINE_EXAMPLE,
    HEADLINE_SYSTEM,
    SHORTEN_INSTRUCTION,
    chat_messages,
    clean_headline,
)

log = logging.getLogger(__name__)

BACKENDS = ("none", "seq2seq", "llm", "openai")


HEADLINE_TOKENS = 20


PROMPT_LOOKUP_TOKENS = 10




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
        transformers = load_transformers()
        require_hub_model(model, "seq2seq model", "give a local model folder")
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(model)
            network = transformers.AutoModelForSeq2SeqLM.from_pretrained(model)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load seq2seq model '{model}' ({first_line(exc)}); give a local "
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
        transformers = load_transformers()
        report = progress or log_progress
        shown = model or SMOLLM2_GGUF
        report(0.0, f"loading rewrite model {shown}")
        folder, gguf_file = llm_model_location(model)
        if not gguf_file:
            require_hub_model(folder, "llm", "give a local model folder or .gguf file")
        try:
            if gguf_file:
                folder = str(converted_gguf(Path(folder) / gguf_file, report))
            tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
            report(0.8, f"loading rewrite model {shown}: weights")
            network = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype="float32")
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load llm '{shown}' ({first_line(exc)}); give a local "
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
            raise RewriteFailed(f"{where} answered HTTP {exc.status_code} ({first_line(exc)[:100]}); "
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


def backend_settings(c) -> tuple[tuple[str, Any], ...]:
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


def _generation_config(model, settings: dict[str, Any]):
    import copy

    config = copy.deepcopy(model.generation_config)
    for key, value in settings.items():
        setattr(config, key, value)
    return config


def first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
