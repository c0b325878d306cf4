"""Grid over the update-brief settings (update.novelty_weight, repeat_similarity, known_share)
on an update set (`previous` + `documents` + references of what is new), e.g. DUC 2007 B.

Every cluster is read and embedded once; each setting only re-runs the selection.
    python -m eval.tune_update ../shared/data/dev/duc2007_update_B.jsonl.gz [--preset default]
Prints R1/R2 recall (first 100 words, budget 110) and the repeats share per setting,
with the plain brief (previous ignored) as the first row. With 10 clusters, read it as a
direction, not a figure to report.
"""
from __future__ import annotations

import argparse
import itertools
from dataclasses import replace

from summarizer.config import load_config
from summarizer.evaluation.harness import load_data
from summarizer.evaluation.rouge import Scorer
from summarizer.records import Story
from summarizer.run.pipeline import Summarizer
from summarizer.select.update import repetition_rate
from summarizer.stories.grouping import story_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--weights", default="0,0.3,0.6,1.0")
    parser.add_argument("--similarities", default="0.7,0.8,1.01")
    parser.add_argument("--shares", default="0.6,0.8,1.01")
    parser.add_argument("--factors", default="0,0.5,1")
    parser.add_argument("--min-articles", default="1,2,3")
    args = parser.parse_args()
    summarizer = Summarizer(load_config(args.preset, overrides={"select.budget": 110}))
    scorer = Scorer("recall", stem=True, max_words=100)
    cases = []
    for cluster in load_data(args.data):
        prepared = summarizer.prepare(list(cluster.articles))
        known = {m: Summarizer(summarizer.config.replace({"update.min_articles": int(m)}), summarizer.embedder).known(list(cluster.previous))
                 for m in args.min_articles.split(",")}
        earlier = [s.text for part in summarizer.split(list(cluster.previous))[0].values() for s in part]
        story = Story(story_id(prepared.ids), tuple(prepared.ids))
        cases.append((cluster, prepared, known, earlier, story))
    grid = [("plain", None)] + [
        (f"w={w} sim={s} share={h} factor={f} min={m}", (float(w), float(s), float(h), float(f), m))
        for w, s, h, f, m in itertools.product(args.weights.split(","), args.similarities.split(","),
                                               args.shares.split(","), args.factors.split(","),
                                               args.min_articles.split(","))
        if not (float(f) == 1 and m != args.min_articles.split(",")[0])]
    print("| setting | R1 | R2 | repeats % |\n|---|--:|--:|--:|")
    for name, setting in grid:
        r1 = r2 = 0.0
        briefs, earliers = [], []
        for cluster, prepared, known, earlier, story in cases:
            if setting is None:
                texts = [i["text"] for i in summarizer.brief(story, prepared)["summary"]]
            else:
                tuned = replace(known[setting[4]], novelty_weight=setting[0], repeat_similarity=setting[1],
                                known_share=setting[2], concept_factor=setting[3])
                texts = [c.sentence.text for c in summarizer.whats_new(story, prepared, tuned)]
            scores = scorer.score(texts, cluster.references)
            r1 += scores["rouge1"] / len(cases)
            r2 += scores["rouge2"] / len(cases)
            briefs.append(texts)
            earliers.append(earlier)
        print(f"| {name} | {100 * r1:.2f} | {100 * r2:.2f} | {100 * repetition_rate(briefs, earliers):.1f} |", flush=True)


if __name__ == "__main__":
    main()
