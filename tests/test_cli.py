"""The CLI end to end in a temporary folder, as a user runs it (real subprocesses)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

BOILERPLATE_WORDS = ("share", "comments", "log in", "image", "photo", "media playback", "read more",
                     "leave a reply", "profile", "location settings", "you might also like", "copyright")


def cli(*args, stdin=None, cwd=None, env=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "summarizer", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=600)


def test_summarize_seeds_as_json_is_clean_and_cited(seeds_dir):
    run = cli("summarize", *map(str, sorted(seeds_dir.glob("*.txt"))), "--format", "json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert len(result["stories"]) == 1
    story = result["stories"][0]
    ids = {a["id"] for a in story["articles"]}
    words = sum(len(s["text"].split()) for s in story["summary"])
    assert 60 <= words <= 100
    for item in story["summary"]:
        assert item["article_id"] in ids and item["sentence_index"] >= 0
        lowered = item["text"].lower()
        assert not any(w in lowered for w in BOILERPLATE_WORDS), item["text"]
        assert not item["text"].startswith(("NEAR BAGHOUZ", "OMAR OIL"))
    assert result["config"]["select"]["budget"] == 100


def test_markdown_has_citations_and_source_list():
    run = cli("summarize", str(EXAMPLES / "mixed"), "-p", "fast")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("## ") == 2
    assert "[1]" in run.stdout and "**Sources**" in run.stdout
    assert "Sella Coast Herald" in run.stdout  # outlet from the HTML metadata


def test_stdin_articles_separated_by_dashes_and_output_is_deterministic(tmp_path):
    texts = [(EXAMPLES / "mixed" / name).read_text() for name in ("harbor-flood-wire.txt", "probe-launch-agency.txt")]
    pasted = "\n---\n".join(texts)
    first = cli("summarize", "-p", "fast", "-f", "txt", stdin=pasted)
    second = cli("summarize", "-p", "fast", "-f", "txt", "-o", str(tmp_path / "out.txt"), stdin=pasted)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == (tmp_path / "out.txt").read_text()
    assert "Sources:" in first.stdout


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "is empty"),
    ("blob.txt", bytes(range(256)) * 8, "not a text file"),
    ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
])
def test_bad_input_gives_one_line_error_and_exit_1(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    run = cli("summarize", str(path))
    assert run.returncode == 1
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_summarize_passes_over_one_bad_file_in_a_folder_with_a_warning(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("harbor-flood-wire.txt", "harbor-flood-local.md"):
        (folder / name).write_text((EXAMPLES / "mixed" / name).read_text())
    (folder / "empty.txt").write_bytes(b"")
    run = cli("summarize", str(folder), "-p", "fast", "-f", "json", "-q")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert len(result["stories"]) == 1
    assert [item["path"] for item in result["skipped"]] == [str(folder / "empty.txt")]  # the JSON says what was lost
    run = cli("summarize", str(folder), "-p", "fast", "-f", "txt")
    assert run.returncode == 0 and run.stderr.count("warning: skipped") == 1 and "empty.txt is empty" in run.stderr
    run = cli("summarize", str(folder / "harbor-flood-wire.txt"), str(folder / "typo.txt"))
    assert run.returncode == 1 and "typo.txt: no such file" in run.stderr  # a mistyped name is an error
    (folder / "harbor-flood-wire.txt").write_bytes(b"")
    (folder / "harbor-flood-local.md").write_bytes(b"")
    run = cli("summarize", str(folder))  # nothing readable: an error, exit 1
    assert run.returncode == 1 and "none of the 3 files could be read" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("hub, reason", [
    ({"HF_HUB_OFFLINE": "1"}, "HF_HUB_OFFLINE is set"),
    ({"HF_ENDPOINT": "http://127.0.0.1:9"}, "127.0.0.1 cannot be reached"),  # nothing listens on port 9
])
def test_a_hub_model_that_cannot_be_fetched_is_one_line_at_once(tmp_path, hub, reason):
    env = {"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "0", **hub}
    for flags, what in ((["--embedder", "nobody/no-such-embedder"], "embedding model"),
                        (["--set", "rewrite.backend=seq2seq", "--set", "rewrite.model=nobody/no-such-bart"],
                         "seq2seq model")):
        run = cli("summarize", str(EXAMPLES / "mixed"), *flags, env=env)
        assert run.returncode == 2, run.stderr
        assert run.stderr.strip().splitlines() == [run.stderr.strip()]
        assert f"cannot load {what}" in run.stderr and reason in run.stderr, run.stderr


def test_config_error_exits_2():
    run = cli("summarize", str(EXAMPLES / "mixed"), "--set", "select.nonsense=1")
    assert run.returncode == 2 and "unknown config key" in run.stderr
    run = cli("summarize", str(EXAMPLES / "mixed"), "--set", "select.scorer=no-such-model.npz")
    assert run.returncode == 2 and "not a scorer model" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_batch_clusters_writes_manifest_skips_bad_file_and_resumes(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for path in (EXAMPLES / "mixed").iterdir():
        (news / path.name).write_bytes(path.read_bytes())
    (news / "broken.json").write_text("{not json")
    out = tmp_path / "briefs"
    run = cli("batch", str(news), "--out", str(out), "-p", "fast")
    assert run.returncode == 0, run.stderr
    assert "broken.json" in run.stderr and "warning" in run.stderr
    briefs = sorted(out.glob("*story-*.md"))
    assert len(briefs) == 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["embed"]["model"] == "wordllama"
    assert len(manifest["written"]) == 2 and manifest["skipped"][0]["path"].endswith("broken.json")
    assert not list(out.glob(".*.tmp"))
    # a person finds a story by its title and sees which files fed it
    for story in manifest["index"]:
        assert story["file"].endswith(f"-{story['id']}.md") and story["title"]
        slug = story["file"][: -len(f"-{story['id']}.md")]
        assert slug and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        brief = (out / story["file"]).read_text()
        assert brief.startswith(f"## {story['title']}")
        for article in story["articles"]:
            assert (news / Path(article["file"]).name).exists()
            assert f"file {Path(article['file']).name}" in brief

    briefs[0].unlink()
    again = cli("batch", str(news), "--out", str(out), "-p", "fast")
    assert again.returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["written"] == [briefs[0].name] and len(manifest["existing"]) == 1


def test_outputs_written_into_the_input_folder_are_never_read_back(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for path in (EXAMPLES / "mixed").iterdir():
        (news / path.name).write_bytes(path.read_bytes())
    for _ in range(2):  # the second run finds the first run's output in the folder
        run = cli("summarize", str(news), "-p", "fast", "-q", "-o", str(news / "briefs.json"))
        assert run.returncode == 0, run.stderr
        result = json.loads((news / "briefs.json").read_text())  # the format follows the suffix
        assert sorted(len(s["articles"]) for s in result["stories"]) == [3, 3]
    (news / "briefs.json").unlink()
    for _ in range(2):
        run = cli("batch", str(news), "--out", str(news / "out"), "-p", "fast")
        assert run.returncode == 0 and "warning" not in run.stderr, run.stderr
        manifest = json.loads((news / "out" / "manifest.json").read_text())
        assert not manifest["skipped"] and sum(len(s["articles"]) for s in manifest["index"]) == 6
    assert manifest["stories"]["unchanged"] and not manifest["stories"]["grown"]


def test_an_output_path_never_writes_over_an_article(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for path in (EXAMPLES / "wire1998").iterdir():
        (news / path.name).write_bytes(path.read_bytes())
    before = {p.name: p.read_bytes() for p in news.iterdir()}
    first = news / "harbour-a.txt"
    run = cli("summarize", str(first), str(news / "harbour-b.txt"), "-q", "-o", str(first))
    assert run.returncode == 1 and "is one of the input files; choose another -o path" in run.stderr
    run = cli("summarize", str(news), "-q", "-o", str(news / "harbour-b.txt"))
    assert run.returncode == 1 and "would overwrite an article in the input folder" in run.stderr
    run = cli("batch", str(news), "--out", str(news), "-q")
    assert run.returncode == 1 and "is the input folder" in run.stderr
    assert {p.name: p.read_bytes() for p in news.iterdir()} == before
    (news / ".notes").mkdir()  # a hidden folder is not read; the same file given twice is read once
    (news / ".notes" / "draft.txt").write_text("A draft that nobody should summarize. " * 5)
    run = cli("summarize", str(first), str(news), str(first), "-q", "-f", "json")
    assert run.returncode == 0, run.stderr
    assert sorted(a["file"] for s in json.loads(run.stdout)["stories"] for a in s["articles"]) == [
        str(first), str(news / "harbour-b.txt")]


@pytest.mark.parametrize("args, message", [
    (["summarize", "x", "--unit", "chars"], "summarizer summarize: error: argument --unit: invalid choice"),
    (["summarize", "x", "--bogus"], "summarizer summarize: error: unrecognized arguments: --bogus"),
    (["frobnicate"], "summarizer: error: argument COMMAND: invalid choice"),
])
def test_a_usage_error_is_one_line_naming_the_help(args, message):
    run = cli(*args)
    assert run.returncode == 2 and run.stderr.startswith(message), run.stderr
    assert run.stderr.strip().splitlines() == [run.stderr.strip()] and run.stderr.strip().endswith("--help")


def test_config_mistakes_are_one_line_config_errors(tmp_path):
    (tmp_path / "latin.yaml").write_bytes(b"select:\n  budget: 90 \x94\n")
    for flags, message in ((["--config", str(tmp_path / "latin.yaml")], "is not UTF-8 text"),
                           (["--config", str(tmp_path)], "is a folder; give a .yaml file"),
                           (["--set", "embed.model="], "embed.model must name something"),
                           (["--embedder", str(tmp_path)], "cannot load embedding model"),
                           (["--embedder", "./models/missing"], "there is no such folder")):
        run = cli("summarize", str(EXAMPLES / "wire1998"), "-q", *flags)
        assert run.returncode == 2 and message in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1


def test_batch_of_a_folder_without_articles_is_an_error_that_writes_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    run = cli("batch", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert run.returncode == 1 and "holds no .txt, .md, .html, .json or .jsonl files" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_batch_per_folder_treats_subfolders_as_stories(tmp_path):
    news = tmp_path / "news"
    for story, prefix in (("flood", "harbor"), ("probe", "probe")):
        (news / story).mkdir(parents=True)
        for path in (EXAMPLES / "mixed").glob(f"{prefix}*"):
            (news / story / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    run = cli("batch", str(news), "--out", str(out), "--per-folder", "-p", "fast", "-f", "json")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["flood.json", "manifest.json", "probe.json"]
    flood = json.loads((out / "flood.json").read_text())
    assert len(flood["stories"]) == 1 and len(flood["stories"][0]["articles"]) == 3


def test_python_api_matches_cli_json(summarizer):
    from summarizer.interfaces.cli import read_inputs

    result = summarizer.summarize(read_inputs([str(EXAMPLES / "mixed")]))
    run = cli("summarize", str(EXAMPLES / "mixed"), "-f", "json")
    assert run.returncode == 0, run.stderr
    from_cli = json.loads(run.stdout)
    assert [s["summary"] for s in from_cli["stories"]] == [s["summary"] for s in result["stories"]]
