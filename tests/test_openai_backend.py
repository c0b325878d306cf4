"""The `openai` rewrite backend against a real OpenAI-compatible server (`transformers serve` with the
bundled SmolLM2, started here on 127.0.0.1), and its failures: nobody listening, a reply that comes
too late, a reply that is not an OpenAI one. Every failure keeps the extractive brief, exit 0."""
from __future__ import annotations

import http.server
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, free_port, wait_until_answering

from summarizer.config import load_config
from summarizer.interfaces.cli import main
from summarizer.render.formats import render
from summarizer.rewrite.guard import FaithfulnessGuard, changed_quotes, has_quote
from summarizer.rewrite.local_models import export_model
from summarizer.rewrite.stage import RewriteStage, make_rewriter

FLOOD_FILES = [str(EXAMPLES / "mixed" / f) for f in ("harbor-flood-wire.txt", "harbor-flood-local.md")]


@pytest.fixture(scope="module")
def served_model():
    """(base_url, model name) of `transformers serve` running the bundled SmolLM2; always stopped."""
    folder = export_model()  # the GGUF converted once to a transformers folder (cached)
    port = free_port()
    command = [str(Path(sys.executable).parent / "transformers"), "serve", str(folder), "--host", "127.0.0.1",
               "--port", str(port)]
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    log = open(artifacts / "transformers-serve.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"})
    try:
        wait_until_answering(server, f"http://127.0.0.1:{port}/health", 120, "transformers serve", log)
        yield f"http://127.0.0.1:{port}/v1", str(folder)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def openai_flags(base_url: str, model: str = "any", timeout: float = 120) -> list[str]:
    return ["--rewrite", "openai", "--set", f"rewrite.base_url={base_url}", "--set", f"rewrite.model={model}",
            "--set", f"rewrite.timeout={timeout}"]


def summarize(tmp_path, flags, files=FLOOD_FILES, one_story=True) -> tuple[int, dict]:
    out = tmp_path / "brief.json"
    code = main(["summarize", *files, *(["--one-story"] if one_story else []), "-p", "fast", "--budget", "50",
                 *flags, "-f", "json", "-o", str(out)])
    return code, (json.loads(out.read_text()) if out.exists() else {})


def assert_complete_and_cited(story: dict) -> None:
    """Every selected sentence is in the brief (rewritten or kept) and each sentence cites its sources."""
    assert {i for s in story["rewritten"] for i in s["from"]} == set(range(len(story["summary"])))
    guard = FaithfulnessGuard()
    for sentence in story["rewritten"]:
        sources = [story["summary"][i]["text"] for i in sentence["from"]]
        assert sentence["sources"] == sorted({story["summary"][i]["citation"] for i in sentence["from"]})
        assert not sentence["rewritten"] or guard.check(sentence["text"], sources).ok


def assert_extractive(story: dict) -> None:
    assert [s["text"] for s in story["rewritten"]] == [s["text"] for s in story["summary"]]
    assert not any(s["rewritten"] for s in story["rewritten"]) and story["rejected"] == []


def rewrite_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "summarizer.rewrite.stage" and r.levelno == logging.WARNING]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_openai_backend_rewrites_through_a_real_server(served_model, tmp_path, caplog):
    base_url, model = served_model
    code, result = summarize(tmp_path, openai_flags(base_url, model))
    assert code == 0
    assert not rewrite_warnings(caplog)
    story = result["stories"][0]
    assert "rewrite_error" not in story
    assert_complete_and_cited(story)
    # the server's model really answered: its sentences are in the brief or in the rejected list
    assert any(s["rewritten"] for s in story["rewritten"]) or story["rejected"]
    if story["title"] != result["stories"][0]["articles"][0]["title"]:
        assert FaithfulnessGuard().check_headline(story["title"], [s["text"] for s in story["summary"]]).ok


QUOTED = [
    {"text": "The Kesterby council voted on Monday to close the Mill Street bridge for six months of repairs.",
     "citation": 1},
    {"text": "“Nobody will cross that bridge until it is safe,” council leader Tomas Reyes told reporters.",
     "citation": 2},
    {"text": "“It is a warning we cannot ignore.”", "citation": 2},  # nobody named: it stays as it is
]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_quote_with_its_speaker_goes_to_the_server_and_comes_back_verbatim_or_reported(served_model):
    base_url, model = served_model
    config = load_config("fast", overrides={"rewrite.backend": "openai", "rewrite.base_url": base_url,
                                            "rewrite.model": model, "rewrite.timeout": 120})
    stage = make_rewriter(config)
    assert stage.eligible(QUOTED) == [0, 1]
    result = stage(QUOTED)
    assert "rewrite_error" not in result
    assert any(b["rewritten"] for b in result["rewritten"]) or result["rejected"]  # the model answered
    assert {i for b in result["rewritten"] for i in b["from"]} == {0, 1, 2}
    assert 2 not in {i for r in result["rejected"] for i in r["from"]}  # the unattributed quote never went
    guard = FaithfulnessGuard()
    for b in result["rewritten"]:
        sources = [QUOTED[i]["text"] for i in b["from"]]
        if b["rewritten"]:
            assert guard.check(b["text"], sources).ok
            assert not has_quote(b["text"]) or changed_quotes(b["text"], sources) == []


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_server_that_answers_too_late_keeps_the_extract(served_model, tmp_path, caplog):
    base_url, model = served_model
    code, result = summarize(tmp_path, openai_flags(base_url, model, timeout=0.05))
    assert code == 0
    story = result["stories"][0]
    assert_extractive(story)
    assert "did not answer within 0.05s" in story["rewrite_error"]
    assert len(rewrite_warnings(caplog)) == 1


@pytest.mark.timeout(120)
def test_unreachable_server_warns_once_and_keeps_every_brief(tmp_path, caplog):
    files = sorted(str(p) for p in (EXAMPLES / "mixed").glob("*.*"))
    code, result = summarize(tmp_path, openai_flags(f"http://127.0.0.1:{free_port()}/v1", timeout=5),
                             files=files, one_story=False)
    assert code == 0
    assert len(result["stories"]) > 1
    for story in result["stories"]:
        assert_extractive(story)
        assert "cannot reach the rewrite server" in story["rewrite_error"]
        assert "Not rewritten (cannot reach the rewrite server" in render({"stories": [story]}, "md")
    warnings = rewrite_warnings(caplog)
    assert 1 <= len(warnings) <= 2 and "rewrite.base_url" in warnings[0]  # the second says it gave up


class Garbage(http.server.BaseHTTPRequestHandler):
    """A real HTTP server whose answers are not OpenAI chat completions."""

    bodies = {"/text/v1/chat/completions": ("text/plain", b"<html>not an API</html>"),
              "/nochoices/v1/chat/completions": ("application/json", b'{"object": "chat.completion"}')}

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        kind, body = self.bodies.get(self.path, ("application/json", b"{"))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def garbage_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("path", ["text", "nochoices", "badjson"])
def test_a_malformed_reply_keeps_the_extract(garbage_server, path, caplog):
    config = load_config("fast", overrides={"rewrite.backend": "openai", "rewrite.model": "any", "rewrite.timeout": 5,
                                            "rewrite.base_url": f"{garbage_server}/{path}/v1"})
    stage = make_rewriter(config)
    summary = [{"text": "The River Alder burst its banks in Kesterby on Tuesday, flooding 400 homes.", "citation": 1},
               {"text": "Mayor Ilse Brandt said crews rescued 37 people by boat.", "citation": 2}]
    result = stage(summary)
    assert [s["text"] for s in result["rewritten"]] == [s["text"] for s in summary]
    assert "malformed reply" in result["rewrite_error"] and "title" not in result
    assert len(rewrite_warnings(caplog)) == 1


def test_openai_settings_are_checked(tmp_path, capsys):
    code, _ = summarize(tmp_path, ["--rewrite", "openai", "--set", "rewrite.model=x"])
    assert code == 2 and "rewrite.base_url" in capsys.readouterr().err
    code, _ = summarize(tmp_path, ["--rewrite", "openai", "--set", "rewrite.base_url=http://127.0.0.1:1/v1"])
    assert code == 2 and "rewrite.model" in capsys.readouterr().err
    assert isinstance(make_rewriter(load_config("fast", overrides={
        "rewrite.backend": "openai", "rewrite.model": "m", "rewrite.base_url": "http://127.0.0.1:1/v1"})), RewriteStage)
