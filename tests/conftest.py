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
