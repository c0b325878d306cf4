"""Abstractive rewrite benchmark: sentences changed, guard verdicts, unsupported facts, ROUGE, time.

    .venv/bin/python -m eval.rewrite_benchmark --base-url http://localhost:11434/v1 --model llama3.1:8b
                                     # seeds + DUC 2003 (30 clusters of whole articles) through a served model
    .venv/bin/python -m eval.rewrite_benchmark --limit 5               # the offline llm backend, 5 clusters
    .venv/bin/python -m eval.rewrite_benchmark --data multinews --limit 100   # Multi-News validation instead

Nothing here assumes a model: any OpenAI-compatible server (Ollama, llama.cpp's llama-server, vLLM,
`transformers serve`) gets the same report. `--timeout` is the seconds one request may take.

Per story the extractive brief is made once (preset, default `abstractive` with the rewrite off),
then the rewrite stage runs on that same brief (one brief request, one request per sentence the brief
left extractive unless --no-second-chance, one headline request), so the two differ only by the rewrite. Reported:
- selected sentences: how many the model may see (no direct quote) and how many of those end up
  replaced by a changed sentence that passed the guard; the rest stay in their extractive form;
- model sentences written, accepted (changed / verbatim copies), rejected with the first reason;
- unsupported numbers, dates, entities and quotes (the guard's own checks) in the model's sentences
  before the guard (against the whole story's selected sentences) and in the final brief's
  rewritten sentences (against each one's cited sentences; an extractive sentence is its source);
- headlines written and accepted by the guard;
- ROUGE F1 (the project's Scorer: stemming, Lsum on nupunkt sentences) of the final brief against the
  extractive brief (how much of it the rewrite keeps) and, on DUC 2003 or Multi-News, of both briefs
  against the reference summaries; the unguarded model drafts alone as a brief;
- seconds per story of extraction and of the rewrite (same run, same machine).
On the seeds (no reference), the five pages are one story, as `summarize seeds/ --one-story` makes.
"""
from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.multinews import DEFAULT_VAL  # noqa: E402

DATASETS = {"duc2003": (ROOT.parent / "shared" / "data" / "dev" / "duc2003_task2.jsonl.gz", "DUC 2003 (task 2)"),
            "multinews": (DEFAULT_VAL, "Multi-News validation")}
from summarizer.config import load_config  # noqa: E402
from summarizer.errors import InputError  # noqa: E402
from summarizer.rewrite.guard import changed_quotes, unsupported_facts  # noqa: E402
from summarizer.rewrite.stage import make_rewriter  # noqa: E402

SEEDS = ROOT.parent / "shared" / "data" / "seeds"
FACT_KINDS = ("number", "date", "entity", "quote")


def facts(sentence: str, sources: list[str]) -> list[str]:
    return unsupported_facts(sentence, sources) + changed_quotes(sentence, sources)


def run_story(summarizer, stage, articles, references, scorer, one_story: bool) -> list[dict]:
    """One row per story among `articles`."""
    started = time.perf_counter()
    result = summarizer.summarize(articles, one_story=one_story)
    extract_seconds = time.perf_counter() - started
    rows = []
    for story in result["stories"]:
        summary = story["summary"]
        started = time.perf_counter()
        drafts = stage.draft(summary)
        rewrite = stage.apply(summary, drafts)
        title = stage.title(summary)
        rewrite_seconds = time.perf_counter() - started
        texts = [s["text"] for s in summary]
        written = [(sentence, d.group) for d in drafts for sentence in stage.sentences(d.text)]
        before = collections.Counter(p.split()[0] for sentence, group in written
                                     for p in facts(sentence, [texts[i] for i in group]))
        after = collections.Counter(p.split()[0] for s in rewrite["rewritten"] if s["rewritten"]
                                    for p in facts(s["text"], [texts[i] for i in s["from"]]))
        final = [s["text"] for s in rewrite["rewritten"]]
        changed = [s for s in rewrite["rewritten"] if s["rewritten"]]
        replaced = {i for s in changed for i in s["from"]} - {i for s in rewrite["rewritten"]
                                                             if not s["rewritten"] for i in s["from"]}
        empty = dict.fromkeys(scorer.metrics, 0.0)
        rows.append({
            "extract_seconds": extract_seconds / len(result["stories"]),
            "rewrite_seconds": rewrite_seconds,
            "rouge_extract": scorer.score(texts, references) if references else None,
            "rouge_rewrite": scorer.score(final, references) if references else None,
            "rouge_vs_extract": scorer.score(final, [" ".join(texts)]),
            "rouge_drafts": scorer.score([s for s, _ in written], references or [" ".join(texts)]) if written else empty,
            "words_extract": sum(len(t.split()) for t in texts),
            "words_rewrite": sum(len(t.split()) for t in final),
            "selected": len(texts),
            "eligible": len(stage.eligible(summary)),
            "replaced": len(replaced),
            "written": len(written),
            "accepted_changed": len(changed),
            "accepted_verbatim": len(written) - len(rewrite["rejected"]) - len(changed),
            "rejected": len(rewrite["rejected"]),
            "headline": bool(title),
            "reasons": collections.Counter(r.split()[0] for x in rewrite["rejected"] for r in x["reasons"][:1]),
            "before": before,
            "after": after,
        })
    return rows


def report(name: str, rows: list[dict], metrics) -> str:
    def mean(key, metric=None):
        values = [r[key][metric] if metric else r[key] for r in rows if r[key] is not None]
        return statistics.fmean(values) if values else float("nan")

    def total(key):
        return sum(r[key] for r in rows)

    written, changed, rejected = total("written"), total("accepted_changed"), total("rejected")
    verbatim = total("accepted_verbatim")
    reasons = sum((r["reasons"] for r in rows), collections.Counter())
    before = sum((r["before"] for r in rows), collections.Counter())
    after = sum((r["after"] for r in rows), collections.Counter())
    extract_s, rewrite_s = mean("extract_seconds"), mean("rewrite_seconds")
    pct = lambda n, d: f"{n}/{d} ({100 * n / d:.0f}%)" if d else f"{n}/0"  # noqa: E731
    lines = [f"### {name}: {len(rows)} stories", "",
             "| brief | words | " + " | ".join(metrics) + " |", "|---|---:|" + "---:|" * len(metrics)]
    if rows[0]["rouge_extract"] is not None:
        lines.append(f"| extractive vs reference | {mean('words_extract'):.0f} | "
                     + " | ".join(f"{100 * mean('rouge_extract', m):.2f}" for m in metrics) + " |")
        lines.append(f"| rewritten, guarded vs reference | {mean('words_rewrite'):.0f} | "
                     + " | ".join(f"{100 * mean('rouge_rewrite', m):.2f}" for m in metrics) + " |")
    lines.append(f"| rewritten, guarded vs extractive | {mean('words_rewrite'):.0f} | "
                 + " | ".join(f"{100 * mean('rouge_vs_extract', m):.2f}" for m in metrics) + " |")
    lines.append("| model drafts alone, unguarded | – | "
                 + " | ".join(f"{100 * mean('rouge_drafts', m):.2f}" for m in metrics) + " |")
    lines += ["",
              f"- selected sentences: {total('selected')}, of which the model may see (all but quotes without a named speaker) "
              f"{total('eligible')}; replaced by a changed sentence that passed the guard: "
              f"{pct(total('replaced'), total('eligible'))} ({pct(total('replaced'), total('selected'))} of all selected)",
              f"- model sentences: {written}; changed and accepted: {pct(changed, written)}, verbatim copies "
              f"{verbatim}, rejected {rejected}",
              "- first rejection reason: " + (", ".join(f"{k} {v}" for k, v in reasons.most_common()) or "none"),
              "- unsupported facts before the guard: " + ", ".join(f"{k} {before[k]}" for k in FACT_KINDS)
              + "; after: " + ", ".join(f"{k} {after[k]}" for k in FACT_KINDS),
              f"- model headlines accepted by the guard: {pct(total('headline'), len(rows))}",
              f"- seconds per story: extraction {extract_s:.2f}, rewrite {rewrite_s:.2f} "
              f"(rewrite / extraction = {rewrite_s / extract_s:.0f}x; median "
              f"{statistics.median(r['rewrite_seconds'] for r in rows):.2f}, max "
              f"{max(r['rewrite_seconds'] for r in rows):.2f})"]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=sorted(DATASETS), default="duc2003", help="clusters (%(default)s)")
    parser.add_argument("--limit", type=int, default=0, help="clusters sampled from --data (0: all)")
    parser.add_argument("--base-url", default="", help="an OpenAI-compatible /v1 endpoint: the openai backend")
    parser.add_argument("--model", default="", help="the model name the server knows (with --base-url)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one request may take (%(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (%(default)s)")
    parser.add_argument("-p", "--preset", default="abstractive")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override")
    parser.add_argument("--no-second-chance", action="store_true",
                        help="only the fused brief request: no second, one-by-one request for the sentences it "
                             "left extractive (the rewrite before the second chance, for comparison)")
    parser.add_argument("--shard", default="0/1", metavar="I/N",
                        help="run only every N-th story from the I-th (several processes can share --rows)")
    parser.add_argument("--report-only", action="store_true",
                        help="print the tables from the rows already in --rows (same settings), run nothing")
    parser.add_argument("--rows", type=Path, default=ROOT / "eval" / "results" / "tmp" / "rewrite_rows.jsonl",
                        help="per-story rows, appended as they finish; a rerun with the same config skips stories "
                             "already there (delete the file after changing the code)")
    args = parser.parse_args(argv)
    shard, shards = (int(x) for x in args.shard.split("/"))

    import yaml

    from summarizer.evaluation.harness import load_data, sample
    from summarizer.evaluation.rouge import Scorer
    from summarizer.run.pipeline import Summarizer

    overrides = {k: yaml.safe_load(v) for k, _, v in (s.partition("=") for s in args.set)}
    if args.base_url:
        overrides.update({"rewrite.backend": "openai", "rewrite.base_url": args.base_url,
                          "rewrite.model": args.model, "rewrite.timeout": args.timeout})
    config = load_config(args.preset, overrides=overrides)
    if config.rewrite.backend == "none":
        overrides["rewrite.backend"] = "llm"
        config = load_config(args.preset, overrides=overrides)
    stage = make_rewriter(config)
    stage.second_chance = not args.no_second_chance
    summarizer = Summarizer(config.replace({"rewrite.backend": "none"}))
    scorer = Scorer("f1", stem=True)
    print(f"rewrite: {stage.rewriter.name}; settings {json.dumps(config.to_dict()['rewrite'])}; "
          f"second chance {'on' if stage.second_chance else 'off'}; "
          f"preset {args.preset}, budget {config.select.budget} {config.select.unit}", file=sys.stderr)
    started = time.perf_counter()
    stage(summarizer.summarize(["Warm-up: the model loads before timing starts. It is a short text."],
                               one_story=True)["stories"][0]["summary"])
    print(f"model load + warm-up: {time.perf_counter() - started:.1f}s", file=sys.stderr)

    from summarizer.interfaces.cli import read_inputs

    # The whole config: the extractive brief the rewrite starts from depends on embed and select too.
    key = json.dumps({"config": config.to_dict(), "preset": args.preset, "seed": args.seed,
                      "second_chance": stage.second_chance}, sort_keys=True)
    done = load_rows(args.rows, key)
    seeds = sorted(SEEDS.glob("*.txt"))
    jobs = [("seeds", "all", lambda: (read_inputs([str(p) for p in seeds]), None))] if seeds else []
    path, label = DATASETS[args.data]
    clusters = sample(load_data(path), args.limit or None, args.seed)
    jobs += [(args.data, c.id, lambda c=c: (list(c.articles), list(c.references))) for c in clusters]
    args.rows.parent.mkdir(parents=True, exist_ok=True)
    with args.rows.open("a", encoding="utf-8") as sink:
        for n, (dataset, story_id, inputs) in enumerate(jobs, start=1):
            if (dataset, story_id) in done or args.report_only or (n - 1) % shards != shard:
                continue
            articles, references = inputs()
            try:
                rows = run_story(summarizer, stage, articles, references, scorer, True)
            except InputError:  # nothing left after cleaning
                rows = []
            done[(dataset, story_id)] = rows
            sink.write(json.dumps({"key": key, "dataset": dataset, "id": story_id, "rows": rows}) + "\n")
            sink.flush()
            if n % 10 == 0:
                print(f"{n}/{len(jobs)} stories", file=sys.stderr, flush=True)
    sections = []
    for dataset, title in (("seeds", f"seeds ({len(seeds)} pages as one story)"),
                           (args.data, f"{label} ({len(clusters)} clusters sampled with seed {args.seed})")):
        rows = [row for (d, _), story_rows in done.items() if d == dataset for row in story_rows]
        if rows:
            sections.append(report(title, rows, scorer.metrics))
    print("\n\n".join(sections))
    return 0


def load_rows(path: Path, key: str) -> dict[tuple[str, str], list[dict]]:
    """Rows from an earlier run with the same settings."""
    done: dict[tuple[str, str], list[dict]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["key"] == key:
                done[(record["dataset"], record["id"])] = [
                    {**row, **{k: collections.Counter(row[k]) for k in ("reasons", "before", "after")}}
                    for row in record["rows"]]
    return done


if __name__ == "__main__":
    sys.exit(main())
