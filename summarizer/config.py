"""Configuration: YAML presets in configs/, overridden by a --config file and CLI flags.

Every key has a default here, so a preset only names what it changes. Unknown keys
are an error, not a silent no-op.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from summarizer.errors import ConfigError


@dataclass(frozen=True)
class EmbedConfig:
    model: str = "minilm"  # minilm | wordllama | any sentence-transformers id or path
    backend: str = "onnx"  # onnx (exported once, cached) | torch; onnx needs a local mean-pooling model
    batch_size: int = 16  # fused int8 ONNX MiniLM is fastest at 16 on a 2-core CPU
    max_seq_length: int = 128
    quantize: bool = True  # backend onnx: int8 weights per channel (ONNX Runtime's quantizer); torch runs float32
    threads: int = 0  # 0: leave torch's default


@dataclass(frozen=True)
class SplitConfig:
    min_words: int = 5
    max_words: int = 80
    min_chars: int = 25
    quotes: bool = True  # TeX and straight quotes become typographic and balanced; quotes are never cut


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float = 0.85  # distance (1 - adjusted similarity) cut for average-linkage article clustering
    lexical_weight: float = 0.8  # share of rarity-weighted word similarity vs embedding similarity
    attach_threshold: float = 0.1  # a lone article joins its most similar story at this mean adjusted similarity
    neighbors: int = 20  # nearest-neighbour candidates per article (faiss; HNSW beyond a few thousand)
    background_k: int = 10  # similarities are taken minus the mean of both articles' k-th neighbour similarity
    window_days: float = 7.0  # hand-set score only (piles of at most background_k articles, or pair_model ""):
    #   articles dated further apart are not one story unless a chain of similar reports, each within the window
    #   of the next, joins them (0 = no window); the pair model weighs the gap itself
    window_spacing: float = 20.0  # hand-set score: the window widens to this x the median gap between a group's reports
    block_max: int = 1500  # largest group clustered as one dense block; larger ones are split first
    pair_model: str = "multinews"  # learned same-story probability (summarizer/models/pair-<name>.npz); "" = hand-set scores
    min_similarity: float = 0.06  # with pair_model: pairs less alike than this are never one story (a small pile
    #   of unrelated reports has no crowd for the model to read; docs/stories.md)
    outlier_similarity: float = 0.1  # with pair_model: two articles whose nearest neighbours are both less alike
    #   than this, and alike to each other less than this (and under 0.4 by lead embedding), are never one story
    burst_ratio: float = 4.0  # with pair_model: a story parts at a silence this many times longer than the bursts
    #   of reports on either side (two floods a month apart; 0 = never)
    min_probability: float = 0.35  # with pair_model: edge cut on that probability, and average-linkage cut on its log-odds
    max_words: int = 120  # stories are found from each article's first max_words words (0 = all): a 1,500-word
    #   article reads as its 120-word lead (the pair model's; the hand-set score reads 500)
    lead_model: str = "minilm"  # articles are compared by this embedder over their lead;
    #   "" = the mean of their sentence vectors (then pair_model: multinews-sentences)
    lead_words: int = 120  # words of each article the lead_model reads
    fast_leads_above: int = 20_000  # larger piles compare WordLlama leads (pair_model "wordllama"; 0 = never)
    duplicate_threshold: float = 0.5  # word 3-gram containment that marks two articles as near-copies
    sentence_duplicate_threshold: float = 0.6  # token Jaccard for duplicate sentences
    later_take_similarity: float = 0.8  # a later same-day take rewording a sentence this closely (cosine) replaces it


@dataclass(frozen=True)
class SelectConfig:
    budget: int = 100
    unit: str = "words"  # words | sentences
    mmr_lambda: float = 0.9  # MMR: weight of relevance against redundancy, in [0, 1]
    position_weight: float = 0.15
    order: str = "source"  # source: by date, then article and position | score
    agreement_weight: float = 0.0  # weight of similarity to the other sources' centroids
    coverage_weight: float = 1.0  # weight of new content words/bigrams shared across sources
    length_exponent: float = 0.0  # gains scaled by (mean length / length) ** r: favours dense, short sentences
    skip_questions: bool = True  # leave out questions unless nothing else is left
    min_sentence_words: int = 0  # brief sentences have at least this many words unless nothing else is left
    max_quote_words: int = 40  # sentences quoting more words are picked only when nothing else is left (0: off)
    one_count_once: bool = True  # MMR: a count ("229 people") stated by one brief sentence is not stated by another
    restate_similarity: float = 0.8  # MMR: a sentence this alike to a pick (cosine; above 1: off) and holding
    restate_share: float = 0.7  # this share of its word stems in it restates the pick, and is left out
    self_contained: bool = True  # a sentence that points back ("But", "He", a bare quote) follows its antecedent
    compress: bool = True  # chosen sentences drop datelines, asides and empty connectives (compress.py); attributions and quotes kept
    scorer: str = "centroid"  # relevance: centroid (+ position, agreement) | a learned model name or .npz path
    centroid_weight: float = 0.0  # with a learned scorer: plus this x the centroid (+ position) relevance
    method: str = "mmr"  # mmr: greedy relevance - redundancy + coverage | ilp: exact bigram coverage (concept_ilp.py)
    ilp_relevance: float = 0.0  # ilp: weight of each sentence's relevance (scaled to [0, 1]) beside its bigrams
    ilp_min_articles: int = 3  # ilp: a bigram counts when at least this many articles use it


@dataclass(frozen=True)
class UpdateConfig:
    """Update briefs ("what's new" since earlier articles, update.py)."""

    novelty_weight: float = 0.0  # relevance loses this x the largest cosine to an earlier sentence
    repeat_similarity: float = 0.9  # a sentence this close (cosine) to an earlier one is left out
    known_share: float = 0.9  # a sentence whose content words and bigrams were this much used before is left out
    concept_factor: float = 3.0  # coverage weight of a content word or bigram used before, x its weight
    dated_weight: float = 0.0  # relevance bonus of a sentence reporting a day after the newest earlier article
    bigram_weighting: str = "none"  # select.method ilp: none | novel | share | add (update.py, bigram_weights)
    bigram_discount: float = 1.0  # the strength of bigram_weighting
    min_articles: int = 2  # concept_factor applies to content words and bigrams this many earlier articles used
    retell_similarity: float = 0.8  # a sentence this close (cosine) to one earlier sentence
    retell_share: float = 0.6  # that holds this share of its word stems retells it and is left out (above 1: off)


@dataclass(frozen=True)
class RewriteConfig:
    backend: str = "none"  # none | seq2seq | llm | openai
    model: str = ""  # seq2seq: hub id or folder; llm: "" = bundled SmolLM2-135M-Instruct GGUF, id, folder or .gguf; openai: served model name
    base_url: str = ""  # openai: the endpoint, e.g. http://localhost:11434/v1 (Ollama)
    api_key_env: str = "OPENAI_API_KEY"  # openai: environment variable holding the key (unset is fine for local servers)
    timeout: float = 60.0  # openai: seconds to wait for one reply
    beams: int = 4  # seq2seq beam search width
    no_repeat_ngram_size: int = 3  # seq2seq: never repeat an n-gram of this size
    min_new_tokens: int = 8  # seq2seq: length bounds of each chunk's summary, in tokens
    max_new_tokens: int = 160  # at most this many new tokens per chunk or story brief
    max_input_tokens: int = 0  # seq2seq chunk size; 0: the model's own input limit
    threads: int = 1  # torch threads while generating (0: unchanged); small decoders gain little from more
    max_novel: float = 0.5  # guard: largest share of content words absent from the source sentences


@dataclass(frozen=True)
class OutputConfig:
    format: str = "md"  # md | txt | json


@dataclass(frozen=True)
class Config:
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    split: SplitConfig = field(default_factory=SplitConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    select: SelectConfig = field(default_factory=SelectConfig)
    update: UpdateConfig = field(default_factory=UpdateConfig)
    rewrite: RewriteConfig = field(default_factory=RewriteConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    preset: str = "default"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, overrides: dict[str, Any]) -> "Config":
        """A copy with `{"section.key": value}` or nested-dict overrides applied."""
        return _from_dict(_merge(self.to_dict(), _nest(overrides)))


AT_LEAST_ONE = {("select", "budget"), ("embed", "batch_size")}  # a brief of 0 words says nothing
NOT_EMPTY = {("embed", "model"): "embed.model=wordllama", ("select", "scorer"): "select.scorer=centroid"}
CHOICES = {
    ("embed", "backend"): ("onnx", "torch"),
    ("select", "unit"): ("words", "sentences"),
    ("select", "order"): ("source", "score"),
    ("select", "method"): ("mmr", "ilp"),
    ("update", "bigram_weighting"): ("none", "novel", "share", "add"),
    ("rewrite", "backend"): ("none", "seq2seq", "llm", "openai"),
    ("output", "format"): ("md", "txt", "json"),
}


def preset_dir() -> Path:
    """configs/ in a source checkout, else the copy installed inside the package."""
    repo = Path(__file__).resolve().parent.parent / "configs"
    if repo.is_dir():
        return repo
    return Path(str(resources.files("summarizer") / "configs"))


def available_presets() -> list[str]:
    return sorted(p.stem for p in preset_dir().glob("*.yaml"))


def preset_summary(name: str, width: int = 100) -> str:
    """The opening of a preset file's comment, less its "X preset: " label, cut to `width`."""
    lines = (preset_dir() / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    comment = " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))
    comment = comment.split(": ", 1)[1] if " preset: " in comment[:40] else comment
    sentence = comment.split(". ", 1)[0].rstrip(".")
    sentence = sentence[:1].upper() + sentence[1:]
    return sentence if len(sentence) <= width else sentence[:width - 1].rsplit(" ", 1)[0] + "…"


def load_config(
    preset: str = "default",
    config_file: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    defaults: dict[str, Any] | None = None,
) -> Config:
    """Resolve a preset name (or YAML path), then `defaults` (what the run implies, e.g. the
    output format of `-o briefs.json`), then a config file, then overrides."""
    data = _apply_yaml(Config().to_dict(), _preset_path(preset))
    data["preset"] = Path(preset).stem
    if defaults:
        data = _merge(data, _nest(defaults))
    if config_file is not None:
        data = _apply_yaml(data, Path(config_file))
    if overrides:
        data = _merge(data, _nest(overrides))
    return _from_dict(data)


def _preset_path(preset: str) -> Path:
    path = Path(preset)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            hint = f"for the preset, use -p {path.stem}" if path.stem in available_presets() else "check the path"
            raise ConfigError(f"config file {preset} not found; {hint}")
        return path
    path = preset_dir() / f"{preset}.yaml"
    if not path.is_file():
        raise ConfigError(
            f"unknown preset '{preset}'; choose one of: {', '.join(available_presets())}"
        )
    return path


def _apply_yaml(data: dict[str, Any], path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Merge a YAML config onto `data`, after the preset its `extends:` key names."""
    update = _read_yaml(path)
    parent = update.pop("extends", None)
    if parent is not None:
        if path.resolve() in seen:
            raise ConfigError(f"{path}: 'extends' loops back to itself; remove the cycle")
        data = _apply_yaml(data, _preset_path(str(parent)), seen + (path.resolve(),))
    return _merge(data, update)


def _read_yaml(path: Path) -> dict[str, Any]:
    if path.is_dir():
        raise ConfigError(f"config file {path} is a folder; give a .yaml file, e.g. configs/default.yaml")
    if not path.is_file():
        raise ConfigError(f"config file {path} not found; check the path")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({str(exc).splitlines()[0]}); fix its syntax") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save the config as UTF-8 YAML") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping of sections; see configs/default.yaml")
    return data


def _nest(overrides: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        if isinstance(value, dict):
            nested = _merge(nested, {key: value}, strict=False)
            continue
        section, _, name = key.partition(".")
        if not name:
            nested[section] = value
        else:
            nested.setdefault(section, {})[name] = value
    return nested


def _merge(base: dict[str, Any], update: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    merged = dict(base)
    for key, value in update.items():
        if strict and key not in base:
            raise ConfigError(
                f"unknown config key '{key}'; valid keys are: {', '.join(sorted(base))}"
            )
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, strict)
        elif strict and isinstance(merged.get(key), dict):
            raise ConfigError(f"config key '{key}' must be a mapping of settings")
        else:
            merged[key] = value
    return merged


def _from_dict(data: dict[str, Any]) -> Config:
    sections = {}
    for f in dataclasses.fields(Config):
        if f.name == "preset":
            continue
        section_type = f.default_factory  # type: ignore[misc]
        values = {}
        for sf in dataclasses.fields(section_type):
            values[sf.name] = _coerce(f.name, sf.name, data[f.name][sf.name], type(getattr(section_type(), sf.name)))
        sections[f.name] = section_type(**values)
    return Config(preset=str(data.get("preset", "default")), **sections)


def _coerce(section: str, name: str, value: Any, kind: type) -> Any:
    key = f"{section}.{name}"
    try:
        if kind is bool and isinstance(value, str):
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError
            value = value.lower() in ("true", "1", "yes")
        elif kind is int and isinstance(value, float) and not value.is_integer():
            raise ValueError
        elif kind is str and value is None:  # `--set key=` or `key:` in YAML: empty
            value = ""
        else:
            value = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"config key {key} must be {kind.__name__}, got {value!r}") from None
    choices = CHOICES.get((section, name))
    if choices and value not in choices:
        raise ConfigError(f"config key {key} must be one of {', '.join(choices)}, got {value!r}")
    if (section, name) in AT_LEAST_ONE and value < 1:
        raise ConfigError(f"config key {key} must be at least 1, got {value!r}")
    if kind in (int, float) and value < 0:
        raise ConfigError(f"config key {key} must not be negative, got {value!r}")
    if (section, name) in NOT_EMPTY and not value:
        raise ConfigError(f"config key {key} must name something, e.g. {NOT_EMPTY[(section, name)]}")
    return value
