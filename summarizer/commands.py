"""Registry of optional subcommands (eval, app, ...).

Each entry is a function `register(subparsers)` that adds one subcommand whose
`run(args) -> int` imports its heavy dependencies lazily.
"""
from __future__ import annotations

REGISTRARS: list = []

from . import evaluate  # noqa: E402  (light at import: heavy deps load in its run)

REGISTRARS.append(evaluate.register)

from . import ui  # noqa: E402  (light at import: gradio and the models load in its run)

REGISTRARS.append(ui.register)
