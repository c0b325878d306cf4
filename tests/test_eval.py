"""`summarizer eval`: data formats, baselines, and an end-to-end run on 10 Multi-News clusters."""
from __future__ import annotations

import csv
import gzip
import json

import numpy as np
import pytest

from summarizer.errors import InputError
from summarizer.evaluation.baselines import (
    Lead,
    LexRank,
    Oracle,
    RandomBaseline,
    TextRank,
    fill,
)
from summarizer.evaluation.harness import load_data, sample
from summarizer.interfaces.cli import main
from summarizer.records import Sentence

ALL_SYSTEMS = "summarizer,summarizer:fast,lead,lexrank,textrank,random,oracle"


def sentences(*docs: list[str]) -> list[Sentence]:
    return [Sentence(text, f"d{d}", i, i / len(doc)) for d, doc in enumerate(docs) for i, text in enumerate(doc)]


DOCS = sentences(
    ["Storm floods the harbor town overnight.", "Boats were lost in the flood waters.", "The mayor spoke later."],
    ["Residents fled the harbor town as the storm hit.", "Rain fell for ten hours straight today."],
)


def test_fill_skips_what_overflows_but_always_takes_one():
    lengths = np.array([8, 5, 3, 4])
    assert fill([0, 1, 2, 3], lengths, 10) == [0]  # after 8 words, 5, 3 and 4 all overflow 10
    assert fill([1, 0, 2, 3], lengths, 12) == [1, 2, 3]
    assert fill([0], lengths, 2) == [0]  # never empty


def test_lead_is_round_robin_across_documents():
    picked = Lead(budget=3, unit="sentences")(DOCS)
    assert [(s.article_id, s.index) for s in picked] == [("d0", 0), ("d1", 0), ("d0", 1)]


def test_baselines_respect_the_budget_and_repeat_nothing():
    doubled = DOCS + sentences([], [], ["Storm floods the harbor town overnight."])
    for baseline in (Lead(12), LexRank(12), TextRank(12), RandomBaseline(12), Oracle(12)):
        picked = baseline(doubled, ["A storm flooded the harbor town and boats were lost."])
        assert picked, baseline.name
        assert sum(s.word_count for s in picked) <= 12 or len(picked) == 1
        assert len({s.text for s in picked}) == len(picked)


def test_oracle_picks_what_the_reference_says():
    picked = Oracle(budget=7)(DOCS, ["Boats were lost in the flood waters."])
    assert [s.text for s in picked] == ["Boats were lost in the flood waters."]


def test_random_is_reproducible():
    assert RandomBaseline(15, seed=1)(DOCS) == RandomBaseline(15, seed=1)(DOCS)


def write_jsonl(path, records):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


STORY = ["Storm floods the harbor town overnight. Boats were lost in the flood waters.",
         "Residents fled the harbor town as the storm hit. Rain fell for ten hours straight."]


def test_jsonl_with_records_and_several_references(tmp_path):
    path = tmp_path / "data.jsonl.gz"
    write_jsonl(path, [
        {"id": "a", "documents": [{"text": STORY[0], "title": "Flood"}, STORY[1]], "summary": "A storm flooded a town."},
        {"id": "b", "documents": STORY, "references": ["Storm hits.", {"text": "Town flooded."}]},
    ])
    clusters = load_data(path)
    assert [c.id for c in clusters] == ["a", "b"]
    assert clusters[0].articles[0].title == "Flood"
    assert clusters[1].references == ("Storm hits.", "Town flooded.")


def test_multinews_src_tgt_pair(tmp_path):
    (tmp_path / "val.src").write_text(" ||||| ".join(STORY) + "\n" + STORY[0] + "NEWLINE_CHARNEWLINE_CHAR" + STORY[1] + "\n")
    (tmp_path / "val.tgt").write_text("– A storm flooded the town.\n– Boats were lost.\n")
    for given in ("val.src", "val.tgt", "val"):
        clusters = load_data(tmp_path / given)
        assert len(clusters) == 2
        assert len(clusters[0].articles) == 2 and len(clusters[1].articles) == 1
        assert "\n\n" in clusters[1].articles[0].text
        assert clusters[0].references == ("A storm flooded the town.",)


def test_folder_of_stories(tmp_path):
    story = tmp_path / "flood"
    (story / "references").mkdir(parents=True)
    (story / "wire.txt").write_text(STORY[0])
    (story / "local.txt").write_text(STORY[1])
    (story / "references" / "A.txt").write_text("A storm flooded the town.")
    (story / "summary-B.txt").write_text("The harbor town flooded.")
    [cluster] = load_data(tmp_path)
    assert cluster.id == "flood" and len(cluster.articles) == 2
    assert sorted(cluster.references) == ["A storm flooded the town.", "The harbor town flooded."]


@pytest.mark.parametrize("content, message", [
    ('{"id": 1, "documents": []}\n', "no documents"),
    ('{"id": 1, "documents": ["x"]}\n', "no reference"),
    ("not json\n", "not JSON"),
])
def test_bad_data_names_the_fix(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_data(path)


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "missing.jsonl")]) == 1
    assert main(["eval", str(tmp_path / "missing.jsonl"), "--systems", "lead,bogus"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no such file" in err[0] and "unknown system 'bogus'" in err[1]


def test_sampling_is_reproducible(multinews_val):
    clusters = load_data(multinews_val)
    first = [c.id for c in sample(clusters, 25, seed=4)]
    assert first == [c.id for c in sample(clusters, 25, seed=4)]
    assert first != [c.id for c in sample(clusters, 25, seed=5)]
    assert len(set(first)) == 25


def test_end_to_end_on_ten_multinews_clusters(multinews_val, tmp_path, capsys):
    out = tmp_path / "results"
    code = main(["eval", str(multinews_val), "--limit", "10", "--seed", "1", "--systems", ALL_SYSTEMS,
                 "--bootstrap", "200", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr()
    table = [line for line in printed.out.split("\n\n")[0].splitlines() if line.startswith("| ")]
    assert len(table) == 1 + 7  # header and one row per system
    paired = printed.out.split("summarizer minus")[1].splitlines()  # paired intervals against lead and LexRank
    assert [line.split("|")[1].strip() for line in paired[2:4]] == ["lead", "lexrank"]
    assert "10 clusters; ROUGE f1, Porter stemming on" in printed.out
    assert "eval: config:" in printed.err and "eval: lexrank:" in printed.err

    report = json.loads((out / "rouge.json").read_text())
    systems = {s["system"]: s for s in report["systems"]}
    assert list(systems) == ALL_SYSTEMS.split(",")
    for name, entry in systems.items():
        assert entry["clusters"] == 10
        for metric in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
            low, high = entry[metric]["ci95"]
            assert 0 < low <= entry[metric]["mean"] <= high < 100, (name, metric)
        assert entry["words"] <= 100  # every system under the same 100-word budget
    assert report["configs"]["summarizer:fast"]["embed"]["model"] == "wordllama"
    assert systems["oracle"]["rouge2"]["mean"] > max(systems[s]["rouge2"]["mean"] for s in ("lead", "random"))
    assert systems["summarizer"]["rouge1"]["mean"] > systems["random"]["rouge1"]["mean"]

    with open(out / "rouge_clusters.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 70
    assert {r["system"] for r in rows} == set(ALL_SYSTEMS.split(","))
    assert (out / "rouge.md").read_text().startswith("| system |")


def test_recall_with_a_word_cut(multinews_val, tmp_path, capsys):
    out = tmp_path / "recall"
    assert main(["eval", str(multinews_val), "--limit", "5", "--systems", "lead,oracle", "--measure", "recall",
                 "--max-words", "50", "--budget", "60", "--out", str(out)]) == 0
    report = json.loads((out / "rouge.json").read_text())
    assert report["settings"]["max_words"] == 50 and report["settings"]["measure"] == "recall"
    assert all(s["words"] <= 50 for s in report["systems"])
    assert "cut to 50 words" in capsys.readouterr().out


def test_regimes_run_in_one_process_with_paired_intervals(multinews_val, tmp_path, capsys):
    from summarizer.evaluation.harness import REGIMES, long_cased

    out = tmp_path / "regimes"
    assert main(["eval", str(multinews_val), "--limit", "4", "--systems", "summarizer,lead,lexrank",
                 "--regimes", "all", "--bootstrap", "50", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name, regime in REGIMES.items():
        report = json.loads((out / name / "rouge.json").read_text())
        assert report["settings"]["measure"] == regime.measure and report["settings"]["max_words"] == regime.max_words
        assert report["configs"]["summarizer"]["select"]["budget"] == regime.budget
        assert f"## {name}" in printed
        assert "summarizer minus" in (out / name / "rouge.md").read_text()
    assert printed.count("| lexrank | ") >= 6  # a row in each table and in each paired table
    assert main(["eval", str(multinews_val), "--regimes", "nope", "--out", str(out)]) == 2
    assert main(["eval", str(multinews_val), "--regimes", "all", "--budget", "50", "--out", str(out)]) == 2

    cluster = load_data(multinews_val)[0]
    stressed = long_cased(cluster)
    assert len(stressed.articles) == (len(cluster.articles) + 1) // 2
    assert stressed.articles[0].text.startswith(cluster.articles[0].text)
    if len(stressed.articles) > 1:
        assert stressed.articles[1].text == stressed.articles[1].text.title()
