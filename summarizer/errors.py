"""Error types the pipeline raises for problems a user can fix."""


class SummarizerError(Exception):
    """Base class: a one-line message that names the fix."""


class InputError(SummarizerError):
    """The input cannot be read or holds nothing to summarize."""


class ConfigError(SummarizerError):
    """A preset, config file or override is invalid."""


class MissingDependencyError(SummarizerError):
    """An optional package is not installed."""

    def __init__(self, package: str, extra: str):
        super().__init__(
            f"{package} is not installed; install it with: pip install 'summarizer[{extra}]'"
        )
