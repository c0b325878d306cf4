"""Shared fixtures: the real models and real data (../shared) the tests run on."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SEEDS = SHARED / "seeds"
MULTINEWS_VAL = SHARED / "multinews" / "val.jsonl.gz"
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT))


def require(path: Path) -> Path:
    """Data CI has: fail (never skip) when it is missing."""
    assert path.exists(), f"{path} is missing; tests need ../shared/data beside the checkout"
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require(SEEDS)


@pytest.fixture(scope="session")
def multinews_val() -> Path:
    return require(MULTINEWS_VAL)


@pytest.fixture(scope="session")
def summarizer():
    from summarizer import Summarizer

    return Summarizer.from_config("default")


@pytest.fixture(scope="session")
def fast_summarizer():
    from summarizer import Summarizer

    return Summarizer.from_config("fast")


def free_port() -> int:
    """A localhost port nothing listens on (closed again when returned)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(server, url: str, seconds: float, name: str, log) -> None:
    """Poll `url` until it answers; fail when the `server` process exits or `seconds` pass."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        assert server.poll() is None, f"{name} exited with {server.returncode}; see {log.name}"
        assert time.monotonic() < deadline, f"{name} did not answer on {url}; see {log.name}"
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)


@pytest.fixture(scope="session")
def app_url():
    """The real page (`app.py`) served by a subprocess on a free localhost port."""
    import subprocess

    port = free_port()
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    log = open(artifacts / "app-server.log", "w")
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_answering(server, url, 300, "app.py", log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def word_set(text: str) -> set[str]:
    """Lower-cased words: a compressed brief sentence's are a subset of its source sentence's."""
    import re

    return set(re.findall(r"\w+", text.lower()))
