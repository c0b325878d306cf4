"""Hostile input through the real CLI: every case of issue 6, generated here, answered in one line.

The cases themselves (files, expected exit code and message, extra checks) live in
eval/reliability (`python -m eval.reliability`), which prints the same results as a table.
"""
from __future__ import annotations

import pytest

from eval.reliability.cli_runs import ROOT, messages, run_cli
from eval.reliability.hostile_inputs import CASES, hostile_inputs, write
from summarizer.errors import InputError
from summarizer.read.ingest import (
    MAX_FILE_BYTES,
    decode_bytes,
    iter_input_files,
    language_warning,
    read_path,
)


@pytest.mark.parametrize("name", list(CASES))
def test_cli_answers_hostile_input_without_crashing(name, tmp_path):
    [outcome] = hostile_inputs(tmp_path, [name])
    assert outcome.crash is None, f"{outcome.case.name}: {outcome.crash}"
    assert outcome.wrong is None, f"{outcome.case.name}: {outcome.wrong}"


def test_decoding_keeps_accents_in_every_supported_encoding():
    text = "Café owners on the Rua São João said the water rose “fast” — twice."
    assert decode_bytes(text.encode("utf-8"), "a") == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "a") == text
    assert decode_bytes(text.encode("utf-16"), "a") == text  # with its BOM
    assert decode_bytes(text.encode("cp1252"), "a") == text
    latin1 = "Café owners on the Rua São João said the water rose twice."
    assert decode_bytes(latin1.encode("latin-1"), "a") == latin1
    damaged = text.encode("utf-8").replace(b"water", b"wa\xfft\xc3er")
    decoded = decode_bytes(damaged, "a")
    assert decoded.startswith("Café owners on the Rua São João") and decoded.count("\ufffd") == 2


def test_folder_walk_reports_link_loops_and_does_not_follow_folder_links(tmp_path):
    write(tmp_path / "a" / "story.txt", "text")
    (tmp_path / "a" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files(tmp_path)]
    assert found == ["a/story.txt", "loop.txt"]


def test_size_limit_is_checked_before_reading(tmp_path):
    sparse = tmp_path / "sparse.txt"  # 50 MB on paper, no disk used
    with open(sparse, "wb") as handle:
        handle.truncate(50 * 2**20)
    with pytest.raises(InputError) as caught:
        read_path(sparse)
    assert f"over the {MAX_FILE_BYTES // 2**20} MiB limit" in str(caught.value)


def test_language_check_flags_other_languages_only(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")) + sorted((ROOT / "examples").glob("*/*.txt")):
        assert language_warning(path.read_text(encoding="utf-8")) is None, path.name
    from eval.reliability.hostile_inputs import FRENCH_ARTICLE

    assert "does not look like English" in language_warning(FRENCH_ARTICLE)
    german = ("Die Stadt hat am Dienstag den Marktplatz wegen Hochwasser gesperrt. Die Bewohner brachten ihre "
              "Möbel in die oberen Stockwerke, während das Wasser weiter stieg.")
    assert language_warning(german) is not None
    assert language_warning("Zu kurz.") is None  # too short to tell


def test_stdin_of_binary_noise_is_one_line_error():
    done = run_cli(["summarize", "-p", "fast"], stdin="\x00\x01\x02 \x03" * 100)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(messages(done.stderr)) == 1 and messages(done.stderr)[0].startswith("summarizer: error:")
