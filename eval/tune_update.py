"""Grid over update-brief settings on an update set (`previous` + `documents` + references of
what is new), e.g. DUC 2007 B, with a cross-validated figure for the choice.

Every cluster is read and embedded once; each setting only re-runs the selection.
    python -m eval.tune_update ../shared/data/dev/duc2007_update_B.jsonl.gz [--preset default] \\
        [--grid "method=ilp,min=3,weighting=share,discount=1;..."]
A setting is `key=value` pairs, keys: method (mmr | ilp), min (select.ilp_min_articles),
relevance (select.ilp_relevance), and the update.* keys weight (novelty_weight), similarity
(repeat_similarity), share (known_share), factor (concept_factor), weighting (bigram_weighting),
discount (bigram_discount), dated (dated_weight); context=1 runs the selection over the earlier and
the new articles together, only new sentences eligible (the earlier ones weigh in relevance and
coverage: Summarizer.whats_new's context_ids); known_min (update.min_articles); a list `a|b` in a value expands to every combination.
Prints R1/R2 recall (first 100 words, budget 110) and the repeats share per setting, with the
plain brief (previous ignored) as the first row; then leave-one-cluster-out: for each cluster the
setting with the best mean R2 on the others is picked, and the held cluster is scored with it;
and two folds (the first and second half of the clusters, each scored with the best setting of
the other half). --per-cluster adds each cluster's R2.
"""
from __future__ import annotations

import argparse
import itertools
from dataclasses import replace

import numpy as np

from summarizer.config import load_config
from summarizer.evaluation.harness import load_data
from summarizer.evaluation.rouge import Scorer
from summarizer.records import Story
from summarizer.run.pipeline import Summarizer
from summarizer.select.selector import MMRSelector
from summarizer.select.update import repetition_rate
from summarizer.stories.grouping import story_id

SELECT_KEYS = {"method": "select.method", "min": "select.ilp_min_articles", "relevance": "select.ilp_relevance",
               "coverage": "select.coverage_weight"}
KNOWN_KEYS = {"weight": ("novelty_weight", float), "similarity": ("repeat_similarity", float),
              "share": ("known_share", float), "factor": ("concept_factor", float),
              "weighting": ("bigram_weighting", str), "discount": ("bigram_discount", float),
              "dated": ("dated_weight", float)}
DEFAULT_GRID = "method=mmr,share=0.8|0.9,factor=1|1.25|1.5|2"  # keys left out take the preset's values


def expand(grid: str) -> list[dict[str, str]]:
    """'a=1|2,b=x;c=3' -> [{a:1,b:x}, {a:2,b:x}, {c:3}]."""
    settings = []
    for part in filter(None, (p.strip() for p in grid.split(";"))):
        pairs = [item.split("=", 1) for item in part.split(",")]
        unknown = [k for k, _ in pairs if k not in SELECT_KEYS and k not in KNOWN_KEYS and k not in ("context", "known_min")]
        if unknown:
            raise SystemExit(f"unknown key {unknown[0]}; use {', '.join([*SELECT_KEYS, *KNOWN_KEYS])}")
        for values in itertools.product(*(v.split("|") for _, v in pairs)):
            settings.append(dict(zip([k for k, _ in pairs], values)))
    return settings


def leave_one_out(scores: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """scores: (settings, clusters). Each cluster's score under the setting best on the others."""
    held, picked = [], []
    for c in range(scores.shape[1]):
        others = np.delete(scores, c, axis=1).mean(axis=1)
        best = int(np.argmax(others))  # ties: the earlier setting
        held.append(scores[best, c])
        picked.append(best)
    return np.array(held), picked


def two_folds(scores: np.ndarray) -> np.ndarray:
    """scores: (settings, clusters). Clusters in file order split in two halves; each half is
    scored with the setting best on the other half."""
    n = scores.shape[1]
    halves = [np.arange(n // 2), np.arange(n // 2, n)]
    held = np.zeros(n)
    for pick_on, score_on in (halves, halves[::-1]):
        best = int(np.argmax(scores[:, pick_on].mean(axis=1)))
        held[score_on] = scores[best, score_on]
    return held


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--grid", default=DEFAULT_GRID)
    parser.add_argument("--per-cluster", action="store_true", help="also print each cluster's R2 per setting")
    args = parser.parse_args()
    base = load_config(args.preset, overrides={"select.budget": 110})
    summarizer = Summarizer(base)
    scorer = Scorer("recall", stem=True, max_words=100)
    settings = expand(args.grid)
    use_context = any(s.get("context") == "1" for s in settings)
    known_mins = sorted({int(s.get("known_min", base.update.min_articles)) for s in settings})
    cases = []
    for cluster in load_data(args.data):
        prepared = summarizer.prepare(list(cluster.articles))
        known = {m: Summarizer(base.replace({"update.min_articles": m}), summarizer.embedder).known(list(cluster.previous))
                 for m in known_mins}
        earlier = [s.text for part in summarizer.split(list(cluster.previous))[0].values() for s in part]
        story = Story(story_id(prepared.ids), tuple(prepared.ids))
        context = (None, None, [])
        if use_context:  # the earlier and the new articles, prepared together
            pooled = summarizer.prepare(list(cluster.previous) + list(cluster.articles))
            context = (pooled, Story(story_id(pooled.ids), tuple(pooled.ids)), [a.id for a in cluster.previous])
        cases.append((cluster, prepared, known, earlier, story, context))
    runners: dict[tuple, Summarizer] = {}
    rows = []  # (name, r1 per cluster, r2 per cluster, repeats)
    for setting in [None] + settings:
        if setting is None:
            name = "plain (previous ignored)"
        else:
            name = " ".join(f"{k}={v}" for k, v in setting.items())
            chosen = {SELECT_KEYS[k]: v for k, v in setting.items() if k in SELECT_KEYS}
            key = tuple(sorted(chosen.items()))
            if key not in runners:
                overrides = {k: (v if k == "select.method" else float(v) if k in ("select.ilp_relevance", "select.coverage_weight") else int(v))
                             for k, v in chosen.items()}
                runners[key] = Summarizer(base, summarizer.embedder, selector=MMRSelector.from_config(base.replace(overrides)))
            tuned = {KNOWN_KEYS[k][0]: KNOWN_KEYS[k][1](v) for k, v in setting.items() if k in KNOWN_KEYS}
        r1, r2, briefs, earliers = [], [], [], []
        for cluster, prepared, known, earlier, story, (pooled, pooled_story, previous_ids) in cases:
            if setting is not None:
                known_here = replace(known[int(setting.get("known_min", base.update.min_articles))], **tuned)
            if setting is None:
                texts = [i["text"] for i in summarizer.brief(story, prepared)["summary"]]
            else:
                if setting.get("context") == "1":  # the earlier articles weigh in relevance and coverage
                    chosen = runners[key].whats_new(pooled_story, pooled, known_here, story.article_ids,
                                                    context_ids=previous_ids)
                else:
                    chosen = runners[key].whats_new(story, prepared, known_here)
                texts = [c.sentence.text for c in chosen]
            scores = scorer.score(texts, cluster.references)
            r1.append(100 * scores["rouge1"])
            r2.append(100 * scores["rouge2"])
            briefs.append(texts)
            earliers.append(earlier)
        rows.append((name, np.array(r1), np.array(r2), 100 * repetition_rate(briefs, earliers)))
    print("| setting | R1 | R2 | repeats % |\n|---|--:|--:|--:|")
    for name, r1, r2, repeats in rows:
        print(f"| {name} | {r1.mean():.2f} | {r2.mean():.2f} | {repeats:.1f} |")
    if args.per_cluster:
        print("\n| setting | " + " | ".join(c.id for c, *_ in cases) + " |")
        for name, _, r2, _ in rows:
            print(f"| {name} | " + " | ".join(f"{v:.1f}" for v in r2) + " |")
    plain_r2 = rows[0][2]
    tuned_rows = rows[1:]
    held, picked = leave_one_out(np.array([r2 for _, _, r2, _ in tuned_rows]))
    held_r1 = np.array([tuned_rows[p][1][c] for c, p in enumerate(picked)])
    print(f"\nleave-one-cluster-out over {len(tuned_rows)} settings: R1 {held_r1.mean():.2f}, R2 {held.mean():.2f} "
          f"(plain {rows[0][1].mean():.2f} / {plain_r2.mean():.2f}; R2 gain {held.mean() - plain_r2.mean():+.2f}, "
          f"{int((held > plain_r2).sum())} clusters up, {int((held < plain_r2).sum())} down)")
    folds = two_folds(np.array([r2 for _, _, r2, _ in tuned_rows]))
    print(f"two folds (clusters 1-{len(folds) // 2} / the rest, each scored with the setting best on the other): "
          f"R2 {folds.mean():.2f} (gain {folds.mean() - plain_r2.mean():+.2f})")
    for name in sorted({tuned_rows[p][0] for p in picked}):
        print(f"  picked {sum(tuned_rows[p][0] == name for p in picked)}x: {name}")


if __name__ == "__main__":
    main()
