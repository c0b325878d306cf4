"""Running the real CLI in a subprocess, as a user would, and reading its own messages."""
from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MULTINEWS_VAL = ROOT.parent / "shared" / "data" / "multinews" / "val.jsonl.gz"
sys.path.insert(0, str(ROOT))

CASE_TIMEOUT = 300  # seconds; longer counts as a hang
# A file the server can see but no client uploaded; its text must never come back.
SECRET_TEXT = ("The harbour council kept this report private on Tuesday after the flood, officials said. "
               "It lists the streets that will be cleared first when the water goes down.\n")  # two: a brief needs two
SECRET_MARKER = "kept this report private"




def _without_root_file_access() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so even root meets file
    permissions (CI runs as root; chmod 000 would not stop it otherwise)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", *args]


def cli_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")


def run_cli(argv: list[str], unprivileged: bool = False, timeout: float = CASE_TIMEOUT,
            stdin: str | None = None) -> subprocess.CompletedProcess:
    preexec = _without_root_file_access if unprivileged and os.geteuid() == 0 else None
    return subprocess.run(cli_command(*argv), capture_output=True, text=True, cwd=ROOT, env=cli_env(),
                          timeout=timeout, preexec_fn=preexec, input=stdin, errors="replace")


def messages(stderr: str) -> list[str]:
    """The CLI's own lines (progress bars left out)."""
    lines = re.split(r"[\r\n]+", stderr)
    return [line for line in lines if line.startswith("summarizer:")]


