"""summarizer: multi-source news summarization with per-story, cited briefs."""
from summarizer.config import Config, load_config
from summarizer.errors import (
    ConfigError,
    InputError,
    MissingDependencyError,
    SummarizerError,
)
from summarizer.records import Article, Selected, Sentence, Story

__all__ = [
    "Article", "Config", "ConfigError", "InputError", "MissingDependencyError", "Selected",
    "Sentence", "Story", "Summarizer", "SummarizerError", "load_config",
]
__version__ = "0.1.0"


def __getattr__(name):
    if name == "Summarizer":  # imported lazily: it pulls in numpy and the model stack
        from summarizer.run.pipeline import Summarizer

        return Summarizer
    raise AttributeError(name)
