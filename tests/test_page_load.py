"""The page under load and its safety: the real app.py server (conftest's app_url, default host).

20 clients submit at once through gradio_client; every request is answered or cleanly
refused and the server keeps serving. File references that did not come through Gradio's
upload area are refused without their contents; the server listens on localhost only;
no model is ever loaded with trust_remote_code.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from eval.reliability.cli_runs import ROOT, SECRET_TEXT
from eval.reliability.page_load import (
    CONTROL,
    listening_addresses,
    page_under_load,
    probe_paths,
)
from summarizer.config import load_config
from summarizer.errors import ConfigError


def test_twenty_concurrent_requests_are_all_answered_or_cleanly_refused(app_url):
    load = page_under_load(app_url, requests=20, preset="fast")
    assert load.failed == 0, load.errors
    assert load.answered + load.refused == 20 and load.answered >= 1, load.errors
    assert load.alive, "the page stopped answering after the burst"


def test_no_request_can_make_the_server_read_an_arbitrary_path(app_url, tmp_path):
    secret = tmp_path / "private-notes.txt"
    secret.write_text(SECRET_TEXT)
    verdicts = probe_paths(app_url, secret)
    assert verdicts.pop(CONTROL) == "answered"  # the same file, uploaded, is read: the probes reach the reader
    assert set(verdicts) >= {"absolute path", "path escaping the upload folder", "relative path", "file:// URL"}
    assert all(v == "refused" for v in verdicts.values()), verdicts


def test_page_reports_an_article_in_another_language_and_still_summarizes_it(app_url):
    from gradio_client import Client

    from eval.reliability.hostile_inputs import FRENCH_ARTICLE, flood_article

    status, cards, _ = Client(app_url, verbose=False).predict(
        f"{flood_article()}\n---\n{FRENCH_ARTICLE}", [], 100, 0.7, "fast", False, True, False, api_name="/summarize")
    assert "does not look like English" in cards and "1 story** from 2 articles" in status
    assert cards.count('class="story-card"') == 1 and "[2]" in cards  # the French article is listed as source 2


def test_server_listens_on_localhost_only_by_default(app_url):
    from summarizer.interfaces.page import DEFAULT_HOST

    assert DEFAULT_HOST == "127.0.0.1"
    assert listening_addresses(urlparse(app_url).port) == ["127.0.0.1"]  # app.py started without --host


def test_trust_remote_code_is_never_enabled():
    sources = [ROOT / "app.py", *sorted((ROOT / "summarizer").rglob("*.py")), *sorted((ROOT / "eval").glob("*.py"))]
    uses = [(path.name, m.group(0)) for path in sources
            for m in re.finditer(r"trust_remote_code\s*[=:]\s*\w+", path.read_text(encoding="utf-8"))]
    assert uses, "the embedder must pass trust_remote_code=False explicitly"
    assert all(re.fullmatch(r"trust_remote_code\s*=\s*False", use) for _, use in uses), uses
    with pytest.raises(ConfigError):  # and no setting can switch it on
        load_config("default", overrides={"embed.trust_remote_code": True})
    with pytest.raises(ConfigError):
        load_config("default", overrides={"rewrite.trust_remote_code": True})


def test_loaded_embedders_run_no_remote_code():
    from summarizer.embed.embedders import OnnxEmbedder, make_embedder

    onnx = make_embedder(load_config("default", overrides={"embed.model": "minilm"}))
    assert isinstance(onnx, OnnxEmbedder)
    # ONNX Runtime runs a graph exported from the local weights; the tokenizer is library code.
    assert type(onnx.tokenizer).__module__.split(".")[0] == "transformers"
    assert onnx.session.get_providers() == ["CPUExecutionProvider"]

    embedder = make_embedder(load_config("default", overrides={"embed.model": "minilm", "embed.backend": "torch"}))
    modules = {type(m).__module__.split(".")[0] for m in embedder.model.modules()}
    # Only library code: a model with remote code would bring modules from the HF cache ("transformers_modules").
    assert "transformers_modules" not in modules and modules <= {"sentence_transformers", "transformers", "torch"}, modules
