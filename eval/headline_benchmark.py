"""Story titles made without article titles, against the titles the articles' editors wrote.

A user who pastes untitled articles gets a title from `select/headline.py` (`extractive_headline`:
a whole sentence of the brief or an article's lead). This benchmark strips the titles from the
whole-article dev clusters that have them (DUC 2006, DUC 2007 A), summarizes each cluster as one
story, and scores the story's title by ROUGE-1 F1 (stemmed) against every editor's title of the
cluster (mean over them), beside a baseline in the same run: the lead headline of the earliest
article (`lead`). It also counts titles a reader would stumble on:
  - opener: opens on a word that points back or a subordinate phrase ("Now, ...", "Last year, ...",
    "Prompting ..."), or needs an antecedent (select/readability.needs_antecedent);
  - cut: ends on a word that needs more (headline.is_cut_off).
DUC 2003 has no article titles; it is counted for openers and cuts only.

--titled keeps the article titles (the story title is then one of them) and asks whether the
chosen one is about what the brief says: ROUGE-1 precision of the title against the cluster's
human summaries (the share of its words they use), ROUGE-1 F1 against the topic's name (the first
sentence of the DUC query, "steps toward introduction of the Euro"), and the share of titles
taken from an article the brief cites.

    python -m eval.headline_benchmark [--preset default] [--sets duc2006,duc2007_update_A,duc2003_task2] [--show]
    python -m eval.headline_benchmark --titled [--sets duc2006,duc2007_update_A]
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from summarizer.evaluation.harness import load_data
from summarizer.evaluation.rouge import Scorer, bootstrap_ci
from summarizer.read.sources import iso_date
from summarizer.run.pipeline import Summarizer
from summarizer.select.headline import (
    extractive_headline,
    is_cut_off,
    lead_sentences,
    opens_on_aside,
)
from summarizer.select.readability import needs_antecedent

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"


def stumbles(title: str) -> str | None:
    if needs_antecedent(title) or opens_on_aside(title):
        return "opener"
    if is_cut_off(title):
        return "cut"
    return None


def lead_title(articles) -> str:
    """The headline of the earliest article's lead (undated articles last, then file order)."""
    order = sorted(range(len(articles)), key=lambda n: (iso_date(articles[n].date) is None,
                                                          iso_date(articles[n].date) or "", n))
    return extractive_headline(lead_sentences([articles[order[0]]])) or "Untitled story"


def topic_names(path: Path) -> dict[str, str]:
    """Cluster id -> the first sentence of its DUC query ("" where there is none)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {r["id"]: (r.get("query") or "").split(". ")[0] for r in records}


def titled(summarizer: Summarizer, sets: list[str], dev: Path, show: bool) -> None:
    """Story titles chosen among the article titles, scored against the summaries and the topic."""
    precision = Scorer("precision", stem=True, metrics=("rouge1",))
    f1 = Scorer("f1", stem=True, metrics=("rouge1",))
    print("| set | stories | title words in the human summaries (R1 precision) | R1 F1 vs the topic's name | "
          "title from a cited article |")
    print("|---|--:|--:|--:|--:|")
    for name in sets:
        clusters = load_data(dev / f"{name}.jsonl.gz")
        topics = topic_names(dev / f"{name}.jsonl.gz")
        in_summaries, vs_topic, cited = [], [], []
        for cluster in clusters:
            story = summarizer.summarize(list(cluster.articles), one_story=True)["stories"][0]
            numbers = {a["number"]: a for a in story["articles"]}
            sources = {s["citation"] for s in story["summary"]}
            in_summaries.append(100 * precision.score(story["title"], cluster.references)["rouge1"])
            if topics.get(cluster.id):
                vs_topic.append(100 * f1.score(story["title"], [topics[cluster.id]])["rouge1"])
            cited.append(any(numbers[n].get("title") and story["title"] in numbers[n]["title"] for n in sources))
            if show:
                print(f"  {cluster.id}: {story['title']} || topic: {topics.get(cluster.id, '-')}")
        topic = f"{np.mean(vs_topic):.2f}" if vs_topic else "–"
        print(f"| {name} | {len(clusters)} | {np.mean(in_summaries):.2f} | {topic} | {np.mean(cited):.0%} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="default")
    parser.add_argument("--sets", default="duc2006,duc2007_update_A,duc2003_task2")
    parser.add_argument("--dev", default=str(DEV), help="folder of the dev sets")
    parser.add_argument("--show", action="store_true", help="print every title beside the editors' first one")
    parser.add_argument("--titled", action="store_true",
                        help="keep the article titles and score the one chosen against the summaries and the topic")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # "no sentences left" notes of empty articles
    summarizer = Summarizer.from_config(args.preset)
    if args.titled:
        titled(summarizer, [s for s in args.sets.split(",") if s != "duc2003_task2"], Path(args.dev), args.show)
        return 0
    scorer = Scorer("f1", stem=True, metrics=("rouge1",))
    print("| set | stories | title | ROUGE-1 F1 vs editors' titles | openers | cut off | words |")
    print("|---|--:|---|--:|--:|--:|--:|")
    for name in args.sets.split(","):
        clusters = load_data(Path(args.dev) / f"{name}.jsonl.gz")
        rows = {"summarizer": ([], [], []), "lead": ([], [], [])}
        for cluster in clusters:
            editors = [a.title for a in cluster.articles if a.title]
            untitled = [replace(a, title=None) for a in cluster.articles]
            made = {"summarizer": summarizer.summarize(untitled, one_story=True)["stories"][0]["title"],
                    "lead": lead_title(untitled)}
            for system, title in made.items():
                scores, problems, words = rows[system]
                scores.append(100 * scorer.score(title, editors)["rouge1"] if editors else np.nan)
                problems.append(stumbles(title))
                words.append(len(title.split()))
            if args.show:
                print(f"  {cluster.id}: {made['summarizer']} || lead: {made['lead']} || editor: "
                      f"{editors[0] if editors else '-'}")
        for system, (scores, problems, words) in rows.items():
            scores = np.array(scores)
            scored = f"{np.nanmean(scores):.2f}" if not np.isnan(scores).all() else "–"
            print(f"| {name} | {len(clusters)} | {system} | {scored} | {problems.count('opener')} | "
                  f"{problems.count('cut')} | {np.mean(words):.1f} |")
        ours, lead = np.array(rows["summarizer"][0]), np.array(rows["lead"][0])
        if not np.isnan(ours).all():
            low, high = bootstrap_ci(ours - lead)
            print(f"| {name} | | summarizer − lead | {np.mean(ours - lead):+.2f} ({low:+.2f} to {high:+.2f}) | | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
