"""The page's API end to end: gradio_client against the real app.py server (real models, real files)."""
from __future__ import annotations

import html
import json
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from summarizer.interfaces.page import (
    MAX_INPUT_CHARS,
    TOO_LITTLE_PROSE,
    rewrite_availability,
)
from summarizer.stories.timeline import with_dates
from tests.conftest import word_set

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "examples" / "mixed"
FLOOD_WIRE, FLOOD_REPRINT = MIXED / "harbor-flood-wire.txt", MIXED / "harbor-flood-reprint.txt"
PROBE = MIXED / "probe-launch-agency.txt"


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


def summarize(client, pasted="", files=(), budget=100, mmr_lambda=0.7, preset="fast", rewrite=False,
              one_story=False, newest=False):
    return client.predict(pasted, [handle_file(str(f)) for f in files], budget, mmr_lambda, preset, rewrite,
                          one_story, newest, api_name="/summarize")


def result_json(downloads) -> dict:
    [path] = [d for d in downloads if d.endswith(".json")]
    return json.loads(Path(path).read_text(encoding="utf-8"))


def pasted(*paths: Path) -> str:
    return "\n\n---\n\n".join(p.read_text(encoding="utf-8") for p in paths)


def error_of(call) -> str:
    with pytest.raises(AppError) as caught:
        call()
    return str(caught.value)


def test_uploaded_example_files_give_one_cited_card_per_story(client):
    status, cards, downloads = summarize(client, files=sorted(MIXED.iterdir()), preset="default")
    result = result_json(downloads)
    stories = result["stories"]
    ids = [a["id"] for s in stories for a in s["articles"]]
    assert len(ids) == len(set(ids)) == 6  # every file read, each article in one story
    assert len(stories) == 2
    for story in stories:  # the flood and the launch never share a story
        assert len({a["id"].split("-")[0] for a in story["articles"]}) == 1
    assert result["config"]["preset"] == "default"
    assert f"{len(stories)} stories** from 6 articles" in status and re.search(r"\d+\.\d\d s", status)

    assert cards.count('class="story-card"') == len(stories)
    for story in stories:
        numbers = {a["number"] for a in story["articles"]}
        assert story["summary"] and {s["citation"] for s in story["summary"]} <= numbers
        for s in story["summary"]:
            text = html.escape(s["text"])
            shown = html.escape(with_dates(s["text"], s.get("dates", [])))  # "on Thursday (Mar 12)"
            assert f'<span class="sent">{shown}</span><span class="cite-wrap"><a class="cite" href=' in cards  # [n]
            # the full source sentence (a compressed one keeps its words) is marked in the citation's
            # passage and highlighted in its source text
            assert any(word_set(text) <= word_set(m) for m in re.findall(r"<mark>(.*?)</mark>", cards))
            assert any(word_set(text) <= word_set(m) for m in re.findall(r'<mark id="[^"]+">(.*?)</mark>', cards))
            assert f'{s["relevance"]:.3f}' in cards and f'+ {s["coverage"]:.3f}' in cards  # why view
    # outlet names come from the HTML page's metadata and the JSON record
    assert "Sella Coast Herald" in cards and "Science Desk Weekly" in cards
    assert cards.count('class="download" download=') == 2 * len(stories)
    markdown = Path(next(d for d in downloads if d.endswith(".md"))).read_text(encoding="utf-8")
    assert markdown.count("\n## ") + markdown.startswith("## ") == len(stories) and "[1]" in markdown


def test_an_unreadable_or_repeated_upload_is_passed_over_and_no_server_path_is_shown(client, tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    status, cards, downloads = summarize(client, files=[FLOOD_WIRE, FLOOD_WIRE, FLOOD_REPRINT, binary])
    result = result_json(downloads)
    files = [a["file"] for s in result["stories"] for a in s["articles"]]
    assert sorted(files) == sorted([FLOOD_WIRE.name, FLOOD_REPRINT.name])  # read once each, by name only
    assert "Skipped a file: binary.txt is not a text file" in cards and "/tmp/" not in cards
    assert error_of(lambda: summarize(client, files=[binary])).count("binary.txt is not a text file") == 1


def test_pasted_articles_split_on_separator_lines(client):
    status, cards, downloads = summarize(client, pasted=pasted(FLOOD_WIRE, FLOOD_REPRINT, PROBE))
    stories = result_json(downloads)["stories"]
    assert "2 stories** from 3 articles" in status
    assert [len(s["articles"]) for s in stories] == [2, 1]  # the reprint joins the wire story
    assert cards.count('class="story-card"') == 2


def test_controls_change_the_briefs(client):
    text = pasted(FLOOD_WIRE, FLOOD_REPRINT, PROBE)
    short = result_json(summarize(client, pasted=text, budget=40)[2])
    long = result_json(summarize(client, pasted=text, budget=200, mmr_lambda=0.3)[2])
    one = result_json(summarize(client, pasted=text, one_story=True)[2])
    words = lambda r: sum(len(s["text"].split()) for st in r["stories"] for s in st["summary"])  # noqa: E731
    assert words(short) < words(long)
    assert short["config"]["select"]["budget"] == 40 and long["config"]["select"]["mmr_lambda"] == 0.3
    assert len(one["stories"]) == 1 and len(one["stories"][0]["articles"]) == 3
    assert short["config"]["preset"] == "fast"


def test_same_input_gives_the_same_briefs(client):
    text = pasted(FLOOD_WIRE, PROBE)
    first, second = (result_json(summarize(client, pasted=text)[2]) for _ in range(2))
    first.pop("seconds"), second.pop("seconds")
    assert first == second


def test_rewrite_toggle_follows_availability(client):
    backend, note = rewrite_availability()
    call = lambda: summarize(client, pasted=pasted(FLOOD_WIRE, PROBE), rewrite=True)  # noqa: E731
    if backend is None:
        assert "Abstractive rewrite is unavailable" in error_of(call) and note
    else:
        assert result_json(call()[2])["config"]["rewrite"]["backend"] == backend


def test_bad_input_gives_readable_errors_and_the_server_stays_up(client, tmp_path):
    assert "Nothing to summarize" in error_of(lambda: summarize(client))
    assert TOO_LITTLE_PROSE in error_of(lambda: summarize(client, pasted="One sentence alone is not a brief."))
    assert "Nothing to summarize" in error_of(lambda: summarize(client, pasted="  \n---\n  "))

    too_long = "The council met again today. " * (MAX_INPUT_CHARS // 29 + 10)
    message = error_of(lambda: summarize(client, pasted=too_long))
    assert f"over the {MAX_INPUT_CHARS:,}-character limit" in message

    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    message = error_of(lambda: summarize(client, files=[binary]))
    assert "photo.txt is not a text file" in message and str(tmp_path) not in message and "/gradio" not in message

    broken = tmp_path / "feed.json"
    broken.write_text('{"text": "unfinished', encoding="utf-8")
    assert "feed.json: invalid JSON" in error_of(lambda: summarize(client, files=[broken]))

    big = tmp_path / "big.txt"
    big.write_text("The council met again today. " * (MAX_INPUT_CHARS // 29 + 10), encoding="utf-8")
    assert "-character limit" in error_of(lambda: summarize(client, files=[big]))

    status, cards, _ = summarize(client, files=[FLOOD_WIRE, PROBE])  # still serving
    assert "2 stories** from 2 articles" in status and cards.count('class="story-card"') == 2


def raw_call(app_url: str, data: list) -> str:
    """POST to the page's HTTP API without gradio_client (which would upload local files itself)."""
    request = urllib.request.Request(app_url + "gradio_api/call/summarize", json.dumps({"data": data}).encode(),
                                     {"Content-Type": "application/json"})
    event_id = json.load(urllib.request.urlopen(request, timeout=30))["event_id"]
    with urllib.request.urlopen(f"{app_url}gradio_api/call/summarize/{event_id}", timeout=60) as stream:
        return stream.read().decode()


def test_files_the_client_did_not_upload_are_refused(client, app_url, tmp_path):
    outside = {"path": str(MIXED / "probe-launch-agency.txt"), "meta": {"_type": "gradio.FileData"},
               "orig_name": "probe-launch-agency.txt"}  # a real article on the server, never uploaded
    reply = raw_call(app_url, ["", [outside], 100, 0.7, "fast", False, False, False])
    assert "event: error" in reply and "Lumen" not in reply

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 not an article")
    assert "Invalid file type" in error_of(lambda: summarize(client, files=[pdf]))


def run_app_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarizer", "app", "--no-preload", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_app_command_reports_bad_options_in_one_line():
    done = run_app_command("--example", "no-such-set", "--port", "0")
    assert done.returncode == 2 and "unknown example set 'no-such-set'" in done.stderr
    assert "Traceback" not in done.stderr

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run_app_command("--port", str(taken.getsockname()[1]))
    assert done.returncode == 1 and "pass another --port" in done.stderr and "Traceback" not in done.stderr


def test_seed_sources_are_shown_by_outlet_and_date(client, seeds_dir):
    status, cards, downloads = summarize(client, files=sorted(seeds_dir.iterdir()), one_story=True)
    [story] = result_json(downloads)["stories"]
    assert len(story["articles"]) == 5
    for a in story["articles"]:  # whatever outlet and date were found are on the card
        for key in ("source", "date"):
            if a.get(key):
                assert f'<span class="{key}">{html.escape(a[key])}</span>' in cards
    named = re.findall(r'<span class="src-title">(.*?)</span>', cards)
    assert len(named) == 5 and not any(re.search(r"[0-9a-f]{8}", n) for n in named)
