"""An interrupted batch: stopped with a signal once some briefs exist, run again, and every brief checked."""
from __future__ import annotations

import gzip
import json
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from eval.reliability.cli_runs import (
    CASE_TIMEOUT,
    MULTINEWS_VAL,
    ROOT,
    cli_command,
    cli_env,
    messages,
    run_cli,
)
from eval.reliability.hostile_inputs import write


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
    manifest_at_stop: dict  # {} when the stopped run wrote none (SIGKILL, or killed before its end)
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
    stopped = out / "manifest.json"
    manifest_at_stop = json.loads(stopped.read_text()) if stopped.exists() else {}

    rerun = run_cli(batch_args(out))
    final = brief_files(out)
    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {}
    missing = sorted(set(expected) - set(at_stop))
    result = Interruption(
        mode="per-folder" if per_folder else "clustered", signal=sig.name, stories=len(expected),
        done_at_stop=len(at_stop), still_running=still_running, exit_code=process.returncode,
        stop_message=(said or [""])[-1], partial=partial, temp_left_at_stop=temp_at_stop, manifest_at_stop=manifest_at_stop,
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


