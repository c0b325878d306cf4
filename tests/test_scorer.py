"""The learned sentence scorer: the bundled model, its features, its training script, its config."""
from __future__ import annotations

import gzip
import json
import logging

import numpy as np
import pytest
from conftest import require

from summarizer.config import load_config
from summarizer.errors import ConfigError
from summarizer.records import Sentence
from summarizer.select.learned_relevance import (
    FEATURES,
    LearnedScorer,
    case_free_features,
    load_scorer,
    story_features,
)
from summarizer.select.selector import MMRSelector


def story(*docs: list[str]) -> list[Sentence]:
    return [Sentence(t, f"d{d}", i, i / len(doc)) for d, doc in enumerate(docs) for i, t in enumerate(doc)]


FLOOD = story(
    ["The Kesterby dam burst on Tuesday night, flooding 300 homes and forcing 1,200 people to flee.",
     "Follow us on social media for more updates and join the conversation.",
     "Engineers had warned the council in March that the dam's spillway was cracked."],
    ["About 1,200 residents of Kesterby left their homes after the dam gave way late on Tuesday.",
     "I have always loved the quiet of a village morning, she wrote in her diary years ago.",
     "The council said it had ordered repairs to the cracked spillway in April."],
)


def test_presets_use_the_case_free_scorer_and_a_minilm_model_needs_minilm(caplog):
    # the default (and presets built on it) score whole articles with the `duc` model, and so does
    # the quality preset with MiniLM's sentences (no embedding block); the Multi-News preset keeps
    # the model trained on Multi-News
    for preset, model in (("default", "duc"), ("multinews", "multinews"), ("abstractive", "duc"), ("quality", "duc")):
        config = load_config(preset)
        assert config.embed.model == ("minilm" if preset == "quality" else "wordllama")
        assert config.select.scorer == model
        scorer = MMRSelector.from_config(config).scorer
        assert isinstance(scorer, LearnedScorer) and scorer.feature_set == "story" and scorer.dimension is None
    assert load_config("multinews").select.budget == 280  # its own length on top of the default preset
    legacy = load_config("quality", overrides={"select.scorer": "minilm-multinews"})
    scorer = MMRSelector.from_config(legacy).scorer
    assert scorer.embedder == "minilm" and scorer.dimension == 384
    assert MMRSelector.from_config(load_config("fast")).scorer is None
    with caplog.at_level(logging.WARNING):
        selector = MMRSelector.from_config(legacy.replace({"embed.model": "wordllama"}))
    assert selector.scorer is None and "trained with embed.model minilm" in caplog.text


def test_case_free_features_and_words_ignore_case(summarizer):
    """Multi-News is lower-cased; other news is not. Apart from the embedding cosines, the
    features and the indicator words must not see the difference."""
    recased = [Sentence(s.text.lower() if n % 2 else s.text.upper(), s.article_id, s.index, s.position)
               for n, s in enumerate(FLOOD)]
    emb = summarizer.embedder.encode([s.text for s in FLOOD])
    ones = np.ones(len(FLOOD), dtype=bool)
    plain, changed = case_free_features(FLOOD, emb, ones), case_free_features(recased, emb, ones)
    assert np.allclose(plain, changed)
    scorer = load_scorer("multinews")
    assert [scorer.word_score(s.text) for s in FLOOD] == [scorer.word_score(s.text) for s in recased]
    assert np.allclose(scorer(FLOOD, emb, ones), scorer(recased, emb, ones))


def test_features_are_finite_and_one_row_per_sentence(summarizer):
    from summarizer.select.learned_relevance import STORY_FEATURES

    emb = summarizer.embedder.encode([s.text for s in FLOOD])
    features = story_features(FLOOD, emb, np.ones(len(FLOOD), dtype=bool))
    assert features.shape == (len(FLOOD), len(FEATURES))
    assert np.isfinite(features).all()
    assert features[0, FEATURES.index("first")] == 1 and features[1, FEATURES.index("first")] == 0
    features = case_free_features(FLOOD, emb, np.ones(len(FLOOD), dtype=bool))
    assert features.shape == (len(FLOOD), len(STORY_FEATURES)) and np.isfinite(features).all()
    assert list(features[:3, STORY_FEATURES.index("log_index")]) == list(np.log1p([0, 1, 2]))


def test_learned_relevance_prefers_reported_facts_to_asides_and_prompts(summarizer):
    emb = summarizer.embedder.encode([s.text for s in FLOOD])
    for name in ("duc", "multinews", "minilm-multinews"):
        model = load_scorer(name)
        vectors = emb if model.dimension is None else quality_embedder().encode([s.text for s in FLOOD])
        scores = model(FLOOD, vectors, np.ones(len(FLOOD), dtype=bool))
        facts, asides = scores[[0, 2, 3, 5]], scores[[1, 4]]
        assert np.median(facts) > asides.max() and facts.min() > scores[1], name  # the prompt is last
        assert np.array_equal(scores, model(FLOOD, vectors, np.ones(len(FLOOD), dtype=bool)))


def quality_embedder():
    from summarizer.embed.embedders import make_embedder

    return make_embedder(load_config("quality"))


def test_training_script_writes_a_model_that_loads_and_fits(tmp_path, multinews_val, summarizer, capsys):
    import pickle

    from eval.train_scorer import main as train
    from eval.tune_cache import prepare_cluster
    from summarizer.evaluation.harness import load_data

    slice_path = tmp_path / "slice.jsonl"
    with gzip.open(multinews_val, "rt", encoding="utf-8") as handle:
        slice_path.write_text("".join(next(handle) for _ in range(12)), encoding="utf-8")
    cache = tmp_path / "cache.pkl"
    cache.write_bytes(pickle.dumps([prepare_cluster(summarizer, c) for c in load_data(slice_path)]))
    out = tmp_path / "model.npz"
    train(["--cache", str(cache), "--min-df", "3", "--alpha", "10", "--label", "precision", "--out", str(out)])
    report = capsys.readouterr().out
    fit = float(report.split("R^2 on training sentences ")[1].split()[0])
    assert fit > 0.1
    model = LearnedScorer(out)
    assert model.embedder == "wordllama" and model.feature_set == "story" and model.dimension is None
    assert len(model.words) > 20 and any(w.startswith("_") for w in model.words)  # first words count apart
    emb = summarizer.embedder.encode([s.text for s in FLOOD])
    assert np.isfinite(model(FLOOD, emb, np.ones(len(FLOOD), dtype=bool))).all()


def test_bad_scorer_and_preset_cycles_are_config_errors(tmp_path):
    junk = tmp_path / "junk.npz"
    junk.write_text(json.dumps({"not": "a model"}))
    with pytest.raises(ConfigError, match="not a scorer model"):
        LearnedScorer(junk)
    loop = tmp_path / "loop.yaml"
    loop.write_text(f"extends: {loop}\n")
    with pytest.raises(ConfigError, match="loops back"):
        load_config(str(loop))


def test_scores_do_not_depend_on_the_hash_seed():
    """Word weights are summed over a set: the result must not follow its hash-seeded order."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; sys.path.insert(0, 'tests'); from test_scorer import FLOOD; "
            "from summarizer.select.learned_relevance import load_scorer; scorer = load_scorer('multinews'); "
            "print([repr(scorer.word_score(s.text)) for s in FLOOD])")
    root = Path(__file__).resolve().parent.parent
    outputs = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "2", "3")}
    assert len(outputs) == 1, outputs


# The learned model likes short, dense report sentences; the centroid blend likes the most
# central one, here a long quote with an aside (features the learned model marks down).
HARBOUR = story(
    ["Fishing boats in the region were stranded in the harbour on Friday.",
     ('"We will rebuild this harbour, if you give us time," the mayor (a former fisherman) told us of the '
      "storms that closed Penmorrow harbour and stranded its fishing boats."),
     "The town has about 4,000 people."],
    ["The harbour of Penmorrow was shut by the storms in the region, and the boats of the fleet were stranded.",
     "Fishermen said the storms kept the Penmorrow harbour shut and their fishing boats stranded.",
     "The town's museum reopens next month."],
)


def test_centroid_weight_adds_the_fast_presets_relevance_and_changes_the_pick(summarizer):
    emb = summarizer.embedder.encode([s.text for s in HARBOUR])
    ones = np.ones(len(HARBOUR))

    def selector(weight: float) -> MMRSelector:  # one sentence, chosen by relevance alone
        return MMRSelector(budget=1, unit="sentences", scorer=load_scorer("duc"), coverage_weight=0.0,
                           centroid_weight=weight, self_contained=False, compress=False)

    learned = selector(0.0).relevance(HARBOUR, emb, ones)
    centroid = MMRSelector.from_config(load_config("fast")).relevance(HARBOUR, emb, ones)
    assert np.allclose(selector(0.5).relevance(HARBOUR, emb, ones), learned + 0.5 * centroid)
    alone, blended = (selector(w)(HARBOUR, emb)[0].sentence.text for w in (0.0, 50.0))
    assert alone == HARBOUR[int(np.argmax(learned))].text
    assert blended == HARBOUR[int(np.argmax(centroid))].text != alone
    assert MMRSelector.from_config(load_config("default")).centroid_weight == 0.2  # the shipped blend
    for preset in ("quality", "multinews", "fast"):  # chosen for WordLlama on whole articles only
        assert MMRSelector.from_config(load_config(preset)).centroid_weight == 0.0


def test_a_judged_dev_set_trains_only_with_a_fold_held_out_or_the_flag():
    from eval.scorer_folds import fold_of
    from eval.train_scorer import DEV, dev_clusters

    require(DEV / "duc2007_update_A.jsonl.gz")
    with pytest.raises(SystemExit, match="judged"):
        dev_clusters("duc2007_update_A")
    whole = dev_clusters("duc2007_update_A", include_judged=True)
    held_out = {c["id"] for c in fold_of(whole, 5)[1]}
    rest = dev_clusters("duc2007_update_A", held_out)
    assert len(whole) == 10 and len(held_out) == 2
    assert {c["id"] for c in rest} == {c["id"] for c in whole} - held_out


def test_scorer_folds_reports_held_out_rows_of_each_folded_set(capsys):
    from eval.scorer_folds import main as folds

    # two folds of DUC 2007 A: each half is summarized by a model trained on the other half only
    folds(["--set", "duc2007_update_A", "--also", "", "--folds", "2", "--systems", "summarizer,lead"])
    report = capsys.readouterr().out
    assert "duc2007_update_A: 10 clusters in 2 held-out folds" in report and "cut to 100 words" in report
    rows = [line for line in report.splitlines() if line.startswith(("| summarizer |", "| lead |"))]
    assert len(rows) == 3  # both systems' scores, and the paired difference against lead
