"""An interrupted batch, with real subprocesses and signals: nothing partial, nothing lost.

Each test runs the batch once uninterrupted, then again stopped by a signal once a few
briefs exist, then a third time to resume; every brief must equal the uninterrupted run's
byte for byte, and the resumed run must write exactly the briefs that were missing.
Stories: Multi-News validation clusters read from ../shared (fast preset).
"""
from __future__ import annotations

import signal

from eval.reliability.interrupted_batch import interrupted_batch


def assert_resumed_cleanly(run, stopped_early=True):
    assert not run.problems, run.problems
    if stopped_early:
        assert run.still_running and 0 < run.done_at_stop < run.stories, run
    assert run.partial == 0, "a visible output was incomplete right after the stop"
    assert run.rerun_wrote_only_missing, run
    assert run.written_on_rerun == run.stories - run.done_at_stop
    assert run.lost == 0 and run.corrupted == 0 and run.temp_left == 0, run


def test_sigint_stops_in_one_line_and_resume_completes_only_the_missing(tmp_path, multinews_val):
    run = interrupted_batch(tmp_path, signal.SIGINT, stories=30, stop_after=3)
    assert run.exit_code == 130 and "run the same command again to resume" in run.stop_message
    assert run.temp_left_at_stop == 0  # Ctrl+C removes the temporary file it was writing
    assert run.manifest_at_stop["complete"] is False  # the stopped run's manifest says so, with what it wrote
    assert 0 < len(run.manifest_at_stop["written"]) <= run.done_at_stop
    assert_resumed_cleanly(run)


def test_sigkill_leaves_no_partial_brief_and_resume_matches_byte_for_byte(tmp_path, multinews_val):
    run = interrupted_batch(tmp_path, signal.SIGKILL, stories=30, stop_after=3)
    assert run.exit_code == -signal.SIGKILL
    assert_resumed_cleanly(run)


def test_killed_clustered_batch_resumes_to_the_same_briefs(tmp_path, multinews_val):
    run = interrupted_batch(tmp_path, signal.SIGKILL, per_folder=False, stories=30, stop_after=1)
    # Clustered mode embeds everything first and writes all briefs within milliseconds, so
    # the kill may land after the last one; the resume must hold either way.
    assert_resumed_cleanly(run, stopped_early=False)
    assert run.stories >= 10


def test_rerun_clears_temporary_files_a_killed_run_left_and_nothing_else(tmp_path):
    from eval.reliability.cli_runs import EXAMPLES, messages, run_cli

    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".story-0123456789.md.k3x9_a2b.tmp"  # as write_atomic names them (non-Linux fallback)
    stale.write_text("## River Alder floods lower Kes")
    kept = out / ".notes.tmp"  # the user's own hidden file: not ours to delete
    kept.write_text("mine")
    done = run_cli(["batch", str(EXAMPLES / "mixed"), "--out", str(out), "-p", "fast"])
    assert done.returncode == 0, messages(done.stderr)
    assert not stale.exists() and kept.read_text() == "mine"
    assert len(list(out.glob("*story-*.md"))) == 2
