"""Registry of optional subcommands (eval, app, ...).

Each entry is a function `register(subparsers)` that adds one subcommand whose
`run(args) -> int` imports its heavy dependencies lazily (both modules are light at import).
"""
from __future__ import annotations

from summarizer.interfaces import eval_command, page

REGISTRARS: list = [eval_command.register, page.register]
