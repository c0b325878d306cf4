"""Reliability: hostile inputs, an interrupted batch and the page under load.

    .venv/bin/python eval/reliability.py              # all three parts (about 3 minutes on 2 CPUs)
    .venv/bin/python eval/reliability.py --no-load    # without the page

1. Every hostile input of issue 6 is generated in a temporary folder and given to the real
   CLI (one subprocess each, fast preset). A crash is a traceback, an exit code other than
   0/1/2/130, a hang (over 300 s) or an error that is not one line; an answer is wrong when
   the exit code or the message differs from the expected one.
2. A per-folder batch of Multi-News stories (read from ../shared, never copied) and a
   clustered batch are stopped with SIGINT or SIGKILL once some briefs exist, then run
   again. A brief is lost when it is missing after the rerun, corrupted when its bytes
   differ from an uninterrupted run's; a partial file is any file in the output folder
   (temporary ones included) that differs from its finished brief right after the stop.
3. The page (app.py, default host) gets 20 concurrent requests through gradio_client; each
   must be answered or cleanly refused, and the server must answer afterwards. Requests
   naming files outside Gradio's upload folder must be refused without their contents.

The tests (tests/test_hostile_inputs.py, test_interrupted_batch.py, test_page_load.py) run
these same functions.
"""
from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MULTINEWS_VAL = ROOT.parent / "shared" / "data" / "multinews" / "val.jsonl.gz"
sys.path.insert(0, str(ROOT))

CASE_TIMEOUT = 300  # seconds; longer counts as a hang
# A file the server can see but no client uploaded; its text must never come back.
SECRET_TEXT = ("The harbour council kept this report private on Tuesday after the flood, officials said. "
               "It lists the streets that will be cleared first when the water goes down.\n")  # two: a brief needs two
SECRET_MARKER = "kept this report private"

# --- running the CLI -------------------------------------------------------------------------


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


# --- hostile inputs --------------------------------------------------------------------------

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
    path = write(root / "feed.json", json.dumps([{"headline": "Flood", "body": flood_article()}]))
    return Case("JSON with the wrong fields", "content", ["summarize", str(path)], 1, "has no 'text' field")


def _case_empty_record(root):
    local = (EXAMPLES / "mixed" / "harbor-flood-local.md").read_text(encoding="utf-8")
    records = [{"text": flood_article()}, {"text": "  "}, {"text": local}]
    path = write(root / "feed.jsonl", "\n".join(json.dumps(r) for r in records))
    return Case("JSON lines with one empty text", "content", ["summarize", "-p", "fast", str(path)], 0,
                r"1 record\(s\) with empty text skipped \(record 2\)")


def _case_json_shape(root):
    path = write(root / "feed.json", json.dumps({"articles": 5}))
    return Case("JSON whose articles is not a list", "content", ["summarize", str(path)], 1, "must be a list")


def _case_json_deep(root):
    return Case("JSON nested 100,000 deep", "content",
                ["summarize", str(write(root / "deep.json", "[" * 100_000 + "]" * 100_000))], 1, "nested too deeply")


def _case_jsonl_broken(root):
    lines = json.dumps({"text": flood_article()}) + "\n" + '{"text": "unfinished\n'
    return Case("JSON Lines with a broken line", "content", ["summarize", str(write(root / "feed.jsonl", lines))], 1,
                "invalid JSON on line 2")


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
                0, "warning: skipped .*huge.txt is 50 MiB, over the 20 MiB limit", check=_briefs_check(out, 2))


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
                0, "warning: skipped .*loop.txt is a broken or looping symlink",
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
                0, "warning: skipped .*locked.txt: permission denied", unprivileged=True,
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


# --- interrupted batch -----------------------------------------------------------------------

def multinews_stories(folder: Path, count: int, per_folder: bool = True) -> Path:
    """The first `count` Multi-News validation clusters as article files: one subfolder per
    story (per_folder) or all in one folder."""
    assert MULTINEWS_VAL.exists(), f"{MULTINEWS_VAL} is missing; put ../shared/data beside the checkout"
    written = 0
    with gzip.open(MULTINEWS_VAL, "rt", encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            documents = [d for d in cluster["documents"] if len(d.split()) >= 150]
            if len(documents) < 2:
                continue
            for n, text in enumerate(documents):
                name = f"story-{written:03d}/doc-{n}.txt" if per_folder else f"story-{written:03d}-doc-{n}.txt"
                write(folder / name, text)
            written += 1
            if written == count:
                return folder
    return folder


def brief_names(out: Path) -> list[str]:
    """The visible briefs in a batch's output folder (not the manifest, not temporary files)."""
    return sorted(p.name for p in out.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json")


def brief_files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in brief_names(out)}


@dataclass
class Interruption:
    mode: str
    signal: str
    stories: int
    done_at_stop: int  # briefs on disk right after the stop
    still_running: bool  # the batch had not finished when the signal arrived
    exit_code: int | None
    stop_message: str
    partial: int  # files after the stop (temporary ones included) that differ from the finished brief
    temp_left_at_stop: int
    written_on_rerun: int
    rerun_wrote_only_missing: bool
    lost: int
    corrupted: int
    temp_left: int
    problems: list[str] = field(default_factory=list)


def interrupted_batch(work: Path, sig: signal.Signals, per_folder: bool = True, stories: int = 40,
                      stop_after: int = 3, preset: str = "fast") -> Interruption:
    """Stop a batch with `sig` once `stop_after` briefs exist, run it again, and compare every
    brief with an uninterrupted run's, byte for byte."""
    source = multinews_stories(work / "news", stories, per_folder)
    mode = ["--per-folder"] if per_folder else []

    def batch_args(out: Path) -> list[str]:
        return ["batch", str(source), "--out", str(out), "-p", preset, *mode]

    reference_out, out = work / "reference", work / "out"
    reference = run_cli(batch_args(reference_out))
    assert reference.returncode == 0, reference.stderr[-2000:]
    expected = brief_files(reference_out)

    # Ctrl+C as in a terminal, even when this runs in a background job that ignores SIGINT.
    process = subprocess.Popen(cli_command(*batch_args(out)), cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, errors="replace",
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + CASE_TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        if out.is_dir() and len(brief_names(out)) >= stop_after:
            break
        time.sleep(0.005)
    still_running = process.poll() is None
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=CASE_TIMEOUT)

    at_stop = brief_files(out) if out.is_dir() else {}
    temps = sorted(out.glob(".*.tmp")) if out.is_dir() else []
    # A file is partial when it differs from the finished brief it is (or is about to become).
    partial = sum(1 for name, data in at_stop.items() if expected.get(name) != data) + sum(
        1 for temp in temps if expected.get(re.sub(r"^\.|\.[a-z0-9_]{8}\.tmp$", "", temp.name)) != temp.read_bytes())
    temp_at_stop = len(temps)
    said = messages(stderr)

    rerun = run_cli(batch_args(out))
    final = brief_files(out)
    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {}
    missing = sorted(set(expected) - set(at_stop))
    result = Interruption(
        mode="per-folder" if per_folder else "clustered", signal=sig.name, stories=len(expected),
        done_at_stop=len(at_stop), still_running=still_running, exit_code=process.returncode,
        stop_message=(said or [""])[-1], partial=partial, temp_left_at_stop=temp_at_stop,
        written_on_rerun=len(manifest.get("written", [])),
        rerun_wrote_only_missing=sorted(manifest.get("written", [])) == missing
        and sorted(manifest.get("existing", [])) == sorted(at_stop),
        lost=len(set(expected) - set(final)),
        corrupted=sum(1 for name in expected if name in final and final[name] != expected[name])
        + len(set(final) - set(expected)),
        temp_left=len(list(out.glob(".*.tmp"))),
    )
    if rerun.returncode != 0:
        result.problems.append(f"the rerun exited {rerun.returncode}: {messages(rerun.stderr)[-1:]}")
    reference_manifest = json.loads((reference_out / "manifest.json").read_text())
    for key in ("config", "skipped", "warnings", "mode", "format"):
        if manifest.get(key) != reference_manifest.get(key):
            result.problems.append(f"manifest {key} differs from the uninterrupted run's")
    if "Traceback" in stderr:
        result.problems.append("the interrupted run printed a traceback")
    return result


# --- the page under load ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_page(port: int, log) -> subprocess.Popen:
    """app.py with its defaults (host included) on `port`; returns once it answers."""
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"app.py exited with {server.returncode}")
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("app.py did not answer within 300 s")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)


def listening_addresses(port: int) -> list[str]:
    """Local addresses of the sockets listening on `port` (from /proc/net/tcp*, Linux)."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.append(socket.inet_ntop(socket.AF_INET6, words))
    return found


def page_text() -> str:
    mixed = EXAMPLES / "mixed"
    return "\n\n---\n\n".join((mixed / name).read_text(encoding="utf-8")
                              for name in ("harbor-flood-wire.txt", "probe-launch-agency.txt"))


@dataclass
class LoadResult:
    requests: int
    answered: int
    refused: int
    failed: int
    seconds: float
    alive: bool
    errors: list[str]


def page_under_load(url: str, requests: int = 20, preset: str = "fast") -> LoadResult:
    """`requests` clients submit at once; each must get briefs or a clean refusal (a Gradio
    error with a message); afterwards the page must still answer."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    text = page_text()
    answered, refused, failed, errors = [], [], [], []
    lock = threading.Lock()
    start = threading.Barrier(requests)

    def one(n: int) -> None:
        try:
            client = Client(url, verbose=False)
            start.wait(timeout=120)
            status, cards, downloads = client.predict(text, [], 100, 0.7, preset, False, False,
                                                      api_name="/summarize")
            ok = cards.count('class="story-card"') == 2 and "2 stories" in status
            with lock:
                (answered if ok else failed).append(n)
                if not ok:
                    errors.append(f"request {n}: unexpected answer {status!r}")
        except AppError as exc:
            with lock:
                (refused if str(exc).strip() else failed).append(n)
                errors.append(f"request {n}: refused: {str(exc)[:120]}")
        except Exception as exc:  # noqa: BLE001 (a dropped connection or a crash: counted, not raised)
            with lock:
                failed.append(n)
                errors.append(f"request {n}: {type(exc).__name__}: {str(exc)[:120]}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(requests)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    seconds = time.perf_counter() - started
    try:
        status, cards, _ = Client(url, verbose=False).predict(text, [], 100, 0.7, preset, False, False,
                                                              api_name="/summarize")
        alive = cards.count('class="story-card"') == 2
    except Exception:  # noqa: BLE001
        alive = False
    return LoadResult(requests, len(answered), len(refused), len(failed), seconds, alive, errors)


def path_probes(secret_file: Path) -> dict[str, dict]:
    """File references a client could send instead of an upload, all naming `secret_file`."""
    from gradio.utils import get_upload_folder

    upload_root = Path(get_upload_folder())
    relative = os.path.relpath(secret_file, upload_root)

    def file_data(path: str) -> dict:
        return {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": Path(path).name}

    return {
        "absolute path": file_data(str(secret_file)),
        "path escaping the upload folder": file_data(str(upload_root / relative)),
        "relative path": file_data(relative),
        "file:// URL": {**file_data(str(secret_file)), "url": secret_file.as_uri()},
        "/etc/passwd": file_data("/etc/passwd"),
    }


CONTROL = "the same file uploaded (control)"


def upload(url: str, path: Path) -> dict:
    """Upload a file the way the page does; the FileData that refers to it."""
    import httpx

    with open(path, "rb") as handle:
        reply = httpx.post(url + "gradio_api/upload", files={"files": (path.name, handle)}, timeout=60)
    reply.raise_for_status()
    [stored] = reply.json()
    return {"path": stored, "meta": {"_type": "gradio.FileData"}, "orig_name": path.name}


def probe_paths(url: str, secret_file: Path) -> dict[str, str]:
    """POST each probe to the page's HTTP API (gradio_client would upload local files itself);
    returns name -> 'refused' or what went wrong. The control uploads the file first and
    must be 'answered' (its text in the briefs), which shows the probes can reach the reader."""
    verdicts = {}
    probes = path_probes(secret_file)
    probes[CONTROL] = upload(url, secret_file)
    for name, data in probes.items():
        payload = json.dumps({"data": ["", [data], 100, 0.7, "fast", False, False]}).encode()
        request = urllib.request.Request(url + "gradio_api/call/summarize", payload,
                                         {"Content-Type": "application/json"})
        try:
            event_id = json.load(urllib.request.urlopen(request, timeout=30))["event_id"]
            with urllib.request.urlopen(f"{url}gradio_api/call/summarize/{event_id}", timeout=120) as stream:
                reply = stream.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:  # refused before the queue
            reply = f"event: error\nHTTP {exc.code}"
        if name == CONTROL:
            verdicts[name] = "answered" if SECRET_MARKER in reply and "event: error" not in reply else "NOT ANSWERED"
        elif SECRET_MARKER in reply or "root:x:0:0" in reply:
            verdicts[name] = "LEAKED"
        elif "event: error" not in reply:
            verdicts[name] = "not refused"
        else:
            verdicts[name] = "refused"
    return verdicts


# --- report ----------------------------------------------------------------------------------

def _row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-load", action="store_true", help="skip the page under load")
    parser.add_argument("--requests", type=int, default=20, help="concurrent page requests (%(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        work = Path(tmp)
        print("## Hostile inputs (CLI, one subprocess each)\n")
        print(_row("group", "input", "exit", "answer", "s", "verdict"))
        print(_row(*["---"] * 6))
        outcomes = hostile_inputs(work / "inputs")
        for o in outcomes:
            verdict = "CRASH: " + o.crash if o.crash else "WRONG: " + o.wrong if o.wrong else "ok"
            answer = o.answer.replace("summarizer: ", "").replace(str(work), "…").replace("|", "\\|")
            print(_row(o.case.group, o.case.name, o.code, answer[:110] or "(briefs)", f"{o.seconds:.1f}", verdict))
        crashes = sum(1 for o in outcomes if o.crash)
        wrong = sum(1 for o in outcomes if o.wrong)

        print("\n## Interrupted batch (fast preset, Multi-News validation stories)\n")
        print(_row("mode", "signal", "stories", "done at stop", "exit", "partial files", "rerun wrote",
                   "only missing", "lost", "corrupted", "temp files left"))
        print(_row(*["---"] * 11))
        runs = [
            interrupted_batch(work / "sigint", signal.SIGINT),
            interrupted_batch(work / "sigkill", signal.SIGKILL),
            interrupted_batch(work / "sigkill-clustered", signal.SIGKILL, per_folder=False, stop_after=1),
        ]
        for r in runs:
            print(_row(r.mode, r.signal, r.stories, r.done_at_stop, r.exit_code, r.partial, r.written_on_rerun,
                       "yes" if r.rerun_wrote_only_missing else "NO", r.lost, r.corrupted, r.temp_left))
        lost = sum(r.lost for r in runs)
        corrupted = sum(r.corrupted + r.partial for r in runs)
        batch_problems = [p for r in runs for p in r.problems] + [
            f"{r.mode}/{r.signal}: the rerun did not write exactly the missing briefs"
            for r in runs if not r.rerun_wrote_only_missing]

        load = None
        if not args.no_load:
            print(f"\n## The page under load ({args.requests} concurrent requests, fast preset)\n")
            secret = work / "secret.txt"
            secret.write_text(SECRET_TEXT)
            port = free_port()
            with open(work / "server.log", "w") as log:
                server = serve_page(port, log)
                try:
                    url = f"http://127.0.0.1:{port}/"
                    load = page_under_load(url, args.requests)
                    probes = probe_paths(url, secret)
                    addresses = listening_addresses(port)
                    up = server.poll() is None
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            print(_row("requests", "answered", "refused cleanly", "failed", "wall s", "server up after"))
            print(_row(*["---"] * 6))
            print(_row(load.requests, load.answered, load.refused, load.failed, f"{load.seconds:.1f}",
                       "yes" if load.alive and up else "NO"))
            print()
            print(_row("file reference sent instead of an upload", "result"))
            print(_row("---", "---"))
            for name, verdict in probes.items():
                print(_row(name, verdict))
            print(f"\nListening on: {', '.join(addresses) or '?'} (default host)")

        print("\n## Summary\n")
        print(f"inputs tried: {len(outcomes)}; crashes: {crashes}; wrong answers: {wrong}")
        print(f"interrupted batches: {len(runs)}; briefs lost: {lost}; briefs corrupted or partial: {corrupted}")
        for problem in batch_problems:
            print(f"  problem: {problem}")
        failed = crashes or wrong or lost or corrupted or batch_problems
        if load is not None:
            leaked = [n for n, v in probes.items() if v != ("answered" if n == CONTROL else "refused")]
            refused = sum(1 for n, v in probes.items() if n != CONTROL and v == "refused")
            print(f"page: {load.answered} answered, {load.refused} refused, {load.failed} failed of {load.requests}; "
                  f"server up: {'yes' if load.alive and up else 'NO'}; path probes refused: "
                  f"{refused}/{len(probes) - 1} (uploaded control: {probes[CONTROL]}); "
                  f"bound to {', '.join(addresses)}")
            failed = failed or load.failed or not (load.alive and up) or leaked \
                or any(a not in ("127.0.0.1", "::1") for a in addresses)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
