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


@pytest.fixture(scope="session")
def app_url():
    """The real page (`app.py`) served by a subprocess on a free localhost port."""
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    log = open(artifacts / "app-server.log", "w")
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, f"app.py exited with {server.returncode}; see {log.name}"
            assert time.monotonic() < deadline, f"app.py did not answer on {url}; see {log.name}"
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
