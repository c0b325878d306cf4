"""Hostile inputs: each generated in a temporary folder and given to the real CLI, its answer judged."""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from eval.reliability.cli_runs import CASE_TIMEOUT, EXAMPLES, messages, run_cli


@dataclass
class Case:
    name: str
    group: str
    argv: list[str]
    code: int  # expected exit code
    says: str  # regex the CLI's messages must match
    unprivileged: bool = False
    check: Callable[[subprocess.CompletedProcess], str | None] | None = None  # -> a problem, or None


@dataclass
class Outcome:
    case: Case
    code: int | None
    seconds: float
    answer: str
    crash: str | None = None
    wrong: str | None = None


ACCENTED_TITLE = "Café owners on the Rua São João count the cost"


def flood_article() -> str:
    return (EXAMPLES / "mixed" / "harbor-flood-wire.txt").read_text(encoding="utf-8")


def accented_article() -> str:
    return f"{ACCENTED_TITLE}\n\n{flood_article()}"


FRENCH_ARTICLE = """Crue à Kesterby : le quartier du port évacué

La rivière Alder est sortie de son lit mardi à Kesterby après deux jours de pluie, inondant environ quatre cents maisons. Les habitants ont monté leurs meubles à l'étage pendant que l'eau continuait de monter dans les rues. Le maire a déclaré que les pompes fonctionneraient toute la nuit et que les écoles resteraient fermées jeudi. Les ingénieurs prévoient une baisse du niveau d'ici vendredi si la pluie cesse enfin. Les secours ont évacué une trentaine de personnes âgées d'une maison de retraite proche du quai.
"""

TOPICS = ("river", "harbour", "bridge", "council", "school", "market", "railway", "hospital", "library", "airport")


def tiny_note(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    return f"Note {n}: the {topic} office filed report number {n * 7 % 1000} on day {n % 28 + 1} of the month.\n"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _json_result(done: subprocess.CompletedProcess) -> dict:
    return json.loads(done.stdout)


def _title_kept(done: subprocess.CompletedProcess) -> str | None:
    title = _json_result(done)["stories"][0]["title"]
    if title != ACCENTED_TITLE:
        return f"title decoded as {title!r}"
    return None


def _identical_articles_check(done: subprocess.CompletedProcess) -> str | None:
    result = _json_result(done)
    if len(result["stories"]) != 1 or len(result["stories"][0]["articles"]) != 50:
        return f"{len(result['stories'])} stories; expected one story of 50 copies"
    texts = [s["text"] for s in result["stories"][0]["summary"]]
    if len(texts) != len(set(texts)):
        return "a sentence appears twice in the brief"
    group = {a["id"]: a["id"] for a in result["stories"][0]["articles"]}

    def root(a: str) -> str:
        while group[a] != a:
            a = group[a]
        return a

    for a, b in result["stories"][0]["duplicates"]:  # a pile lists each copy against its group's first
        group[root(a)] = root(b)
    if len({root(a) for a in group}) != 1:
        return "the copies are not all marked as near-duplicates of each other"
    return None


def _language_check(done: subprocess.CompletedProcess) -> str | None:
    result = _json_result(done)
    warned = [w["article_id"] for w in result.get("warnings", [])]
    if len(warned) != 1 or not warned[0].startswith("crue"):
        return f"warnings name {warned}; expected the French article only"
    summarized = {a["id"] for s in result["stories"] for a in s["articles"]}
    if warned[0] not in summarized:
        return "the French article was dropped instead of summarized"
    return None


def _briefs_check(out: Path, count: int) -> Callable[[subprocess.CompletedProcess], str | None]:
    def check(done: subprocess.CompletedProcess) -> str | None:
        briefs = [p for p in out.glob("*.md")]
        if len(briefs) != count:
            return f"{len(briefs)} briefs written; expected {count}"
        if list(out.glob(".*.tmp")):
            return "temporary files left behind"
        return None
    return check


def _loop_check(out: Path) -> Callable[[subprocess.CompletedProcess], str | None]:
    def check(done: subprocess.CompletedProcess) -> str | None:
        manifest = json.loads((out / "manifest.json").read_text())
        skipped = [Path(s["path"]).name for s in manifest["skipped"] if "path" in s]
        if skipped != ["loop.txt"]:
            return f"skipped {skipped}; expected loop.txt only"
        return None
    return check


def _case_empty(root):
    return Case("empty file", "text", ["summarize", str(write(root / "empty.txt", b""))], 1, "is empty")


def _case_whitespace(root):
    return Case("whitespace only", "text", ["summarize", str(write(root / "blank.txt", " \n\t\n  \r\n"))], 1,
                "is empty")


def _case_one_word(root):
    return Case("one word", "text", ["summarize", str(write(root / "word.txt", "Flood"))], 1,
                "no sentences left")


def _case_long_line(root):
    line = " ".join(random.Random(1).choice(TOPICS) for _ in range(150_000))[: 2**20]
    return Case("1 MB line, no punctuation", "text", ["summarize", "-p", "fast", str(write(root / "line.txt", line))],
                1, "no sentences left")


def _case_binary(root):
    return Case("binary file", "not text", ["summarize", str(write(root / "photo.txt", random.Random(2).randbytes(50_000)))],
                1, "not a text file")


def _case_binary_suffix(root):
    return Case("binary file, unsupported type", "not text",
                ["summarize", str(write(root / "photo.jpg", random.Random(3).randbytes(5000)))], 1,
                "unsupported file type")


def _case_invalid_utf8(root):
    data = accented_article().encode("utf-8")
    cut = data.index(b"Tuesday")
    data = data[:cut] + b"\xff\xc3(" + data[cut:]  # a stray byte and a broken two-byte sequence
    return Case("invalid UTF-8", "not text", ["summarize", "-p", "fast", "-f", "json", str(write(root / "damaged.txt", data))],
                0, "", check=_title_kept)


def _case_latin1(root):
    path = write(root / "latin1.txt", accented_article().encode("cp1252", errors="replace"))
    return Case("Latin-1", "not text", ["summarize", "-p", "fast", "-f", "json", str(path)], 0, "", check=_title_kept)


def _case_utf16(root):
    path = write(root / "utf16.txt", "\ufeff".encode("utf-16-le") + accented_article().encode("utf-16-le"))
    return Case("UTF-16 with BOM", "not text", ["summarize", "-p", "fast", "-f", "json", str(path)], 0, "",
                check=_title_kept)


def _case_script_html(root):
    page = ("<html><head><title>Live</title><script>var story = 'The river burst its banks on Tuesday, "
            "flooding homes across the town.';</script></head><body><nav>Home | News | Sport</nav>"
            "<script>document.write('<p>Loading the article, please wait for the page to finish.</p>')</script>"
            "<noscript>Enable JavaScript to read this page.</noscript></body></html>")
    return Case("HTML with scripts, no article", "not text", ["summarize", str(write(root / "app.html", page))], 1,
                "no article text found|no sentences left")


def _case_identical(root):
    for n in range(50):
        write(root / "copies" / f"copy-{n:02d}.txt", flood_article())
    return Case("50 identical articles", "content", ["summarize", "-p", "fast", "-f", "json", str(root / "copies")], 0,
                "", check=_identical_articles_check)


def _case_language(root):
    folder = root / "news"
    write(folder / "crue.txt", FRENCH_ARTICLE)
    for name in ("harbor-flood-wire.txt", "harbor-flood-local.md"):
        write(folder / name, (EXAMPLES / "mixed" / name).read_text(encoding="utf-8"))
    return Case("article in another language", "content", ["summarize", "-p", "fast", "-f", "json", str(folder)], 0,
                "does not look like English", check=_language_check)


def _case_wrong_fields(root):
    path = write(root / "feed.json", json.dumps([{"headline": "Flood", "summary_id": 3}]))
    return Case("JSON with the wrong fields", "content", ["summarize", str(path)], 1,
                r"record 1 has no article text \(it has 'headline', 'summary_id'\)")


def _case_news_api_fields(root):
    path = write(root / "feed.json", json.dumps({"status": "ok", "articles": [
        {"headline": "Flood", "body": flood_article(), "source": {"id": None, "name": "Harbour Post"},
         "publishedAt": "2019-02-18T09:00:00Z"}]}))
    return Case("JSON with a news API's field names", "content", ["summarize", "-f", "txt", str(path)], 0,
                "", check=lambda run: None if re.search(r"Flood — Harbour Post.* — 2019-02-18 09:00", run.stdout)
                else f"title, outlet or date not read: {run.stdout[-300:]}")


def _case_empty_record(root):
    local = (EXAMPLES / "mixed" / "harbor-flood-local.md").read_text(encoding="utf-8")
    records = [{"text": flood_article()}, {"text": "  "}, {"text": local}]
    path = write(root / "feed.jsonl", "\n".join(json.dumps(r) for r in records))
    return Case("JSON lines with one empty text", "content", ["summarize", "-p", "fast", str(path)], 0,
                r"1 record\(s\) with empty text skipped \(line 2\)")


def _case_json_shape(root):
    path = write(root / "feed.json", json.dumps({"articles": 5}))
    return Case("JSON whose articles is not a list", "content", ["summarize", str(path)], 1,
                "no list of article records found")


def _case_json_deep(root):
    return Case("JSON nested 100,000 deep", "content",
                ["summarize", str(write(root / "deep.json", "[" * 100_000 + "]" * 100_000))], 1, "nested too deeply")


def _case_jsonl_broken(root):
    lines = json.dumps({"text": flood_article()}) + "\n" + '{"text": "unfinished\n'
    return Case("JSON Lines with a broken line", "content", ["summarize", str(write(root / "feed.jsonl", lines))], 0,
                r"1 line\(s\) that are not JSON passed over \(line 2\)")


def _case_tiny_files(root):
    folder = root / "notes"
    folder.mkdir()
    for n in range(10_000):
        (folder / f"note-{n:05d}.txt").write_text(tiny_note(n))
    return Case("10,000 tiny files, clustered", "file system",
                ["batch", str(folder), "--out", str(root / "out"), "-p", "fast"], 0, "written")


def _case_tiny_per_folder(root):
    folder = root / "notes"
    for n in range(10_000):
        write(folder / f"group-{n // 100:03d}" / f"note-{n:05d}.txt", tiny_note(n))
    out = root / "out"
    return Case("10,000 tiny files in 100 subfolders", "file system",
                ["batch", str(folder), "--out", str(out), "--per-folder", "-p", "fast"], 0, "100 written",
                check=_briefs_check(out, 100))


def _big_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    block = (flood_article().replace("\n", " ") + "\n").encode()
    with open(path, "wb") as handle:
        for _ in range(50 * 2**20 // len(block) + 1):
            handle.write(block)
    return path


def _case_big_file(root):
    return Case("50 MB text file", "file system", ["summarize", str(_big_file(root / "huge.txt"))], 1,
                "over the 20 MiB limit")


def _case_big_file_batch(root):
    folder = root / "news"
    _big_file(folder / "huge.txt")
    for path in (EXAMPLES / "mixed").iterdir():
        write(folder / path.name, path.read_bytes())
    out = root / "out"
    return Case("50 MB text file in a batch", "file system", ["batch", str(folder), "--out", str(out), "-p", "fast"],
                0, "warning: skipped: .*huge.txt is 50 MiB, over the 20 MiB limit", check=_briefs_check(out, 2))


def _case_symlink_loop(root):
    link = root / "loop.txt"
    link.symlink_to(link.name)
    return Case("symlink loop", "file system", ["summarize", str(link)], 1, "looping symlink")


def _case_symlink_loop_batch(root):
    folder = root / "news"
    for path in (EXAMPLES / "mixed").iterdir():
        write(folder / "flood" / path.name, path.read_bytes())
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "flood" / "up").symlink_to("..", target_is_directory=True)  # a folder loop for walkers
    out = root / "out"
    return Case("symlink loops in a batch folder", "file system", ["batch", str(folder), "--out", str(out), "-p", "fast"],
                0, "warning: skipped: .*loop.txt is a broken or looping symlink",
                check=lambda done: _briefs_check(out, 2)(done) or _loop_check(out)(done))


def _case_fifo(root):
    pipe = root / "pipe.txt"
    os.mkfifo(pipe)
    return Case("named pipe", "file system", ["summarize", str(pipe)], 1, "not a regular file")


def _locked(path: Path) -> Path:
    path.chmod(0)
    return path


def _case_unreadable(root):
    path = _locked(write(root / "locked.txt", flood_article()))
    return Case("unreadable file", "file system", ["summarize", str(path)], 1, "permission denied", unprivileged=True)


def _case_unreadable_batch(root):
    folder = root / "news"
    for path in (EXAMPLES / "mixed").iterdir():
        write(folder / path.name, path.read_bytes())
    _locked(write(folder / "locked.txt", flood_article()))
    out = root / "out"
    return Case("unreadable file in a batch", "file system", ["batch", str(folder), "--out", str(out), "-p", "fast"],
                0, "warning: skipped: .*locked.txt: permission denied", unprivileged=True,
                check=_briefs_check(out, 2))


def _case_unwritable_out(root):
    out = root / "read-only"
    out.mkdir()
    out.chmod(0o555)
    return Case("output folder that cannot be written", "file system",
                ["batch", str(EXAMPLES / "mixed"), "--out", str(out), "-p", "fast"], 1, "cannot write to",
                unprivileged=True)


def _case_out_is_file(root):
    out = write(root / "briefs", "not a folder")
    return Case("output path is a file", "file system",
                ["batch", str(EXAMPLES / "mixed"), "--out", str(out), "-p", "fast"], 1, "cannot write to")


def _case_unwritable_o(root):
    out = root / "read-only"
    out.mkdir()
    out.chmod(0o555)
    return Case("-o into a folder that cannot be written", "file system",
                ["summarize", str(EXAMPLES / "mixed"), "-p", "fast", "-o", str(out / "brief.md")], 1, "cannot write",
                unprivileged=True)


CASES: dict[str, Callable[[Path], Case]] = {
    "empty": _case_empty,
    "whitespace": _case_whitespace,
    "one-word": _case_one_word,
    "long-line": _case_long_line,
    "binary": _case_binary,
    "binary-suffix": _case_binary_suffix,
    "invalid-utf8": _case_invalid_utf8,
    "latin1": _case_latin1,
    "utf16-bom": _case_utf16,
    "script-html": _case_script_html,
    "identical-50": _case_identical,
    "other-language": _case_language,
    "json-wrong-fields": _case_wrong_fields,
    "json-news-api-fields": _case_news_api_fields,
    "jsonl-empty-record": _case_empty_record,
    "json-shape": _case_json_shape,
    "json-deep": _case_json_deep,
    "jsonl-broken": _case_jsonl_broken,
    "tiny-10000": _case_tiny_files,
    "tiny-10000-per-folder": _case_tiny_per_folder,
    "big-50mb": _case_big_file,
    "big-50mb-batch": _case_big_file_batch,
    "symlink-loop": _case_symlink_loop,
    "symlink-loop-batch": _case_symlink_loop_batch,
    "fifo": _case_fifo,
    "unreadable": _case_unreadable,
    "unreadable-batch": _case_unreadable_batch,
    "unwritable-out": _case_unwritable_out,
    "out-is-file": _case_out_is_file,
    "unwritable-o": _case_unwritable_o,
}


def try_case(case: Case) -> Outcome:
    """Run one case through the CLI and judge the answer."""
    started = time.perf_counter()
    try:
        done = run_cli(case.argv, case.unprivileged)
    except subprocess.TimeoutExpired:
        return Outcome(case, None, time.perf_counter() - started, "", crash=f"hung for over {CASE_TIMEOUT} s")
    seconds = time.perf_counter() - started
    said = messages(done.stderr)
    errors = [line for line in said if line.startswith("summarizer: error:")]
    outcome = Outcome(case, done.returncode, seconds, (errors or said or [""])[-1])
    if "Traceback" in done.stderr or done.returncode not in (0, 1, 2, 130):
        outcome.crash = f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:] or ''}"
    elif done.returncode != 0 and (len(errors) != 1 or not said or said[-1] != errors[0]):
        outcome.crash = f"the error is not one line: {said}"
    elif done.returncode != case.code:
        outcome.wrong = f"exit {done.returncode}, expected {case.code}: {outcome.answer}"
    elif case.says and not re.search(case.says, "\n".join(said)):
        outcome.wrong = f"expected a message matching {case.says!r}; got {said}"
    elif case.check is not None:
        outcome.wrong = case.check(done)
    return outcome


def hostile_inputs(work: Path, names: list[str] | None = None) -> list[Outcome]:
    outcomes = []
    for name in names or list(CASES):
        root = work / name
        root.mkdir(parents=True)
        case = CASES[name](root)
        outcomes.append(try_case(case))
    return outcomes


