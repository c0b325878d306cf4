"""Configuration flags shared by the subcommands: `add_config_options` adds them to a parser and
`config_from_args` resolves preset, --config file and flags into one Config."""
from __future__ import annotations

import argparse
from typing import Any

from summarizer.config import Config, load_config
from summarizer.errors import ConfigError


def add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("configuration (flags override the preset)")
    group.add_argument("-p", "--preset", default="default", help="preset name from configs/ (%(default)s)")
    group.add_argument("--config", metavar="FILE", help="YAML file applied over the preset")
    group.add_argument("--set", metavar="KEY=VALUE", action="append", default=[],
                       help="override any setting, e.g. --set select.mmr_lambda=0.6 (repeatable)")
    group.add_argument("--budget", type=int, help="brief length, in --unit")
    group.add_argument("--unit", choices=["words", "sentences"], help="budget unit")
    group.add_argument("--lambda", dest="mmr_lambda", type=float, metavar="L",
                       help="MMR relevance weight in [0, 1]; lower gives more diverse briefs")
    group.add_argument("--embedder", metavar="NAME", help="minilm, wordllama, or a sentence-transformers id/path")
    group.add_argument("-f", "--format", choices=["md", "txt", "json"], help="output format")
    group.add_argument("--rewrite", metavar="BACKEND", choices=["none", "seq2seq", "llm", "openai"],
                       help="abstractive rewrite checked by the faithfulness guard: none, seq2seq, llm or openai "
                            "(model: --set rewrite.model=...; openai: --set rewrite.base_url=...)")


FLAG_KEYS = {
    "budget": "select.budget",
    "unit": "select.unit",
    "mmr_lambda": "select.mmr_lambda",
    "embedder": "embed.model",
    "format": "output.format",
    "rewrite": "rewrite.backend",
}


def set_overrides(items: list[str]) -> dict[str, Any]:
    """`--set section.key=value` items as {"section.key": value}, each value read as YAML."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or "." not in key:
            raise ConfigError(f"--set {item!r} must look like section.key=value, e.g. select.budget=120")
        overrides[key.strip()] = _yaml_value(value)
    return overrides


def config_from_args(args: argparse.Namespace, defaults: dict[str, Any] | None = None) -> Config:
    """The preset, `defaults`, --config, --set and the flags, each over the one before."""
    if getattr(args, "budget", None) is not None and args.budget < 1:
        raise ConfigError(f"--budget must be at least 1, got {args.budget}")
    if getattr(args, "mmr_lambda", None) is not None and not 0.0 <= args.mmr_lambda <= 1.0:
        raise ConfigError(f"--lambda must be between 0 and 1, got {args.mmr_lambda}")
    overrides = set_overrides(args.set)
    for flag, key in FLAG_KEYS.items():
        value = getattr(args, flag, None)
        if value is not None:
            overrides[key] = value
    config = load_config(args.preset, args.config, overrides, defaults)
    if not 0.0 <= config.select.mmr_lambda <= 1.0:  # from --set or a config file
        raise ConfigError(f"config key select.mmr_lambda must be between 0 and 1, got {config.select.mmr_lambda}")
    return config


def _yaml_value(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text
