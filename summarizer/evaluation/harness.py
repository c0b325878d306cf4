"""The evaluation harness behind `summarizer eval DATA`: ROUGE for the summarizer and classic baselines side by side.

DATA is JSONL (one cluster a line), a Multi-News .src/.tgt pair, or a folder of story
subfolders with reference files; any file may be gzipped. Every system sees the same
articles, the same sentence splitter and the same length budget. Heavy imports
(models, sumy, rouge-score) happen inside the run, not at import time.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from summarizer.errors import ConfigError, InputError
from summarizer.evaluation.baselines import BASELINES, Oracle, RandomBaseline
from summarizer.evaluation.rouge import LABELS, bootstrap_ci
from summarizer.read.ingest import SUPPORTED_SUFFIXES, read_path, record_metadata
from summarizer.records import Article

SYSTEMS = ("summarizer", "plain", "lead", "lexrank", "textrank", "random", "oracle")
DEFAULT_SYSTEMS = "summarizer,lead,lexrank,textrank,random,oracle"
MULTINEWS_SEPARATOR = "|||||"
REFERENCE_DIRS = {"references", "reference", "refs", "summaries", "models"}
REFERENCE_STEM = re.compile(r"^(reference|summary|ref|gold|model)s?\b|\.(ref|summary)$", re.IGNORECASE)


@dataclass(frozen=True)
class EvalCluster:
    """One story to summarize: its source articles and one or more reference summaries."""

    id: str
    articles: tuple[Article, ...]
    references: tuple[str, ...]
    previous: tuple[Article, ...] = ()  # update task: articles the reader has read; references say what is new


@dataclass(frozen=True)
class Regime:
    """One evaluation setting of `summarizer eval --regimes`: the measure, the word cut, the
    budget every system gets, and how the clusters' sources are changed before summarizing."""

    name: str
    measure: str
    max_words: int | None
    budget: int
    transform: str = "none"  # none | long-cased
    note: str = ""


REGIMES = {
    "multinews-f1": Regime("multinews-f1", "f1", None, 280, note="F1 at the multinews preset's length"),
    "duc-recall100": Regime("duc-recall100", "recall", 100, 110, note="DUC-style recall of the first 100 words"),
    "long-cased": Regime("long-cased", "recall", 100, 110, "long-cased",
                         "sources joined in pairs into articles twice as long, every second one Title Cased; "
                         "DUC-style recall of the first 100 words"),
}


def long_cased(cluster: EvalCluster) -> EvalCluster:
    """A stress copy of a cluster: sources joined in pairs (1+2, 3+4, ...), so articles run past
    the ~450 words Multi-News keeps and the second source's lead sits mid-article; every second
    joined article is Title Cased, so case differs between the sources of one story."""
    joined = []
    for n in range(0, len(cluster.articles), 2):
        pair = cluster.articles[n:n + 2]
        text = "\n\n".join(a.text for a in pair)
        if (n // 2) % 2 == 1:
            text = text.title()
        joined.append(Article(id=f"{cluster.id}-joined-{n // 2 + 1}", text=text))
    return EvalCluster(cluster.id, tuple(joined), cluster.references, cluster.previous)


TRANSFORMS = {"none": lambda cluster: cluster, "long-cased": long_cased}


# ---------------------------------------------------------------- data loading


def load_data(path: str | Path) -> list[EvalCluster]:
    """Clusters from JSONL, a .src/.tgt pair (give either file or the shared stem) or a folder."""
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    src, tgt = _src_tgt_pair(path)
    if src is not None:
        return _load_src_tgt(src, tgt)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; give a JSONL file, a .src/.tgt pair or a folder of stories")
    return _load_jsonl(path)


def sample(clusters: list[EvalCluster], limit: int | None, seed: int = 0) -> list[EvalCluster]:
    """A reproducible random subset of `limit` clusters, kept in file order."""
    if not limit or limit >= len(clusters):
        return clusters
    keep = sorted(random.Random(seed).sample(range(len(clusters)), limit))
    return [clusters[i] for i in keep]


def _open_text(path: Path) -> io.TextIOBase:
    try:
        if path.suffix == ".gz":
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the file") from None


def _lines(path: Path) -> Iterator[str]:
    try:
        with _open_text(path) as handle:
            yield from handle
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc}); give a UTF-8 text file, optionally gzipped") from None


def _texts(items: Any, what: str, where: str) -> list[dict]:
    """Documents or references given as strings or {"text", ...} records."""
    if items is None:
        return []
    if isinstance(items, (str, dict)):
        items = [items]
    if not isinstance(items, list):
        raise InputError(f"{where}: '{what}' must be a list of strings or {{\"text\": ...}} records")
    records = []
    for item in items:
        record = {"text": item} if isinstance(item, str) else item
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f"{where}: each of '{what}' must be a string or a record with a \"text\" field")
        if record["text"].strip():
            records.append(record)
    return records


def _cluster(cluster_id: str, documents: list[dict], references: list[dict], where: str,
             previous: list[dict] = ()) -> EvalCluster:
    if not documents:
        raise InputError(f"{where}: no documents; each cluster needs non-empty \"documents\"")
    if not references:
        raise InputError(f"{where}: no reference; give \"summary\" or \"references\"")
    articles = tuple(
        Article(id=f"{cluster_id}-{n}", text=d["text"], **record_metadata(d))
        for n, d in enumerate(documents, start=1)
    )
    earlier = tuple(Article(id=f"{cluster_id}-previous-{n}", text=d["text"], **record_metadata(d))
                    for n, d in enumerate(previous, start=1))
    return EvalCluster(cluster_id, articles, tuple(r["text"].strip() for r in references), earlier)


def _load_jsonl(path: Path) -> list[EvalCluster]:
    clusters = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{where}: not JSON; give one cluster per line as JSONL") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: each line must be an object with \"documents\" and \"summary\"")
        refs = record.get("references", record.get("summary"))
        clusters.append(_cluster(
            str(record.get("id", number)),
            _texts(record.get("documents"), "documents", where),
            _texts(refs, "references" if "references" in record else "summary", where),
            where,
            _texts(record.get("previous"), "previous", where),
        ))
    if not clusters:
        raise InputError(f"{path} holds no clusters; give one JSON object per line")
    return clusters


def _src_tgt_pair(path: Path) -> tuple[Path | None, Path | None]:
    """(src, tgt) when `path` names a .src or .tgt file (optionally .gz) or their common stem."""
    name = path.name
    gz = ".gz" if name.endswith(".gz") else ""
    base = name[: -len(gz)] if gz else name
    for suffix in (".src", ".tgt"):
        if base.endswith(suffix):
            stem = base[: -len(suffix)]
            return path.with_name(stem + ".src" + gz), path.with_name(stem + ".tgt" + gz)
    for gz in ("", ".gz"):
        src, tgt = path.with_name(name + ".src" + gz), path.with_name(name + ".tgt" + gz)
        if src.exists():
            return src, tgt
    return None, None


def _load_src_tgt(src: Path, tgt: Path) -> list[EvalCluster]:
    for part in (src, tgt):
        if not part.exists():
            raise InputError(f"{part} not found; a .src file needs its .tgt beside it (and vice versa)")
    sources, targets = list(_lines(src)), list(_lines(tgt))
    if len(sources) != len(targets):
        raise InputError(f"{src} has {len(sources)} lines but {tgt} has {len(targets)}; they must pair up line by line")
    clusters = []
    for number, (source, target) in enumerate(zip(sources, targets), start=1):
        where = f"{src} line {number}"
        documents = [_multinews_text(d) for d in source.split(MULTINEWS_SEPARATOR)]
        summary = _multinews_text(target).lstrip("–- ").strip()
        clusters.append(_cluster(str(number), _texts(documents, "documents", where),
                                 _texts([summary], "summary", where), where))
    return clusters


def _multinews_text(text: str) -> str:
    return text.replace("NEWLINE_CHAR", "\n").strip()


def _load_folder(folder: Path) -> list[EvalCluster]:
    stories = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not stories:
        raise InputError(f"{folder} has no story subfolders; put each story's articles and reference files in its own folder")
    clusters = []
    for story in stories:
        documents, references = [], []
        for path in sorted(story.rglob("*")):
            if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            relative = path.relative_to(story)
            is_reference = REFERENCE_DIRS & {p.lower() for p in relative.parts[:-1]} or REFERENCE_STEM.search(path.stem)
            if is_reference:
                references.append({"text": path.read_text(encoding="utf-8", errors="replace")})
            else:
                documents.extend({"text": a.text, "title": a.title, "source": a.source, "date": a.date}
                                 for a in read_path(path))
        where = str(story)
        if not references:
            raise InputError(f"{story}: no reference files; name them reference*.txt or put them in a references/ folder")
        clusters.append(_cluster(story.name, documents, references, where))
    return clusters


# ---------------------------------------------------------------- systems


@dataclass
class System:
    """A named summarizer under test: `run(cluster) -> list of sentence texts`."""

    name: str
    run: Callable[[EvalCluster], list[str]]
    config: dict
    seconds: float = 0.0


def parse_systems(spec: str) -> list[str]:
    names = [s.strip() for s in spec.split(",") if s.strip()]
    if not names:
        raise ConfigError(f"--systems is empty; choose from {', '.join(SYSTEMS)} (summarizer:PRESET for a preset)")
    for name in names:
        base = name.split(":", 1)[0]
        if base not in SYSTEMS or (":" in name and base != "summarizer"):
            raise ConfigError(f"unknown system '{name}'; choose from {', '.join(SYSTEMS)}, or summarizer:PRESET")
    if len(set(names)) != len(names):
        raise ConfigError("--systems names a system twice; list each once")
    return names


def build_systems(names: list[str], base_config, variant_config: Callable[[str], Any],
                  measure: str = "f1", stem: bool = True, seed: int = 0) -> list[System]:
    """Summarizer variants and baselines sharing the base config's splitter and budget."""
    from summarizer.run.pipeline import Summarizer

    budget, unit = base_config.select.budget, base_config.select.unit
    splitter_owner = Summarizer(base_config)
    systems = []
    for name in names:
        if name == "plain":  # the summarizer's brief of the new articles, ignoring `previous`
            systems.append(System(name, _summarizer_run(splitter_owner, update=False), base_config.to_dict()))
            continue
        if name.split(":", 1)[0] == "summarizer":
            preset = name.split(":", 1)[1] if ":" in name else None
            config = base_config if preset is None else variant_config(preset).replace(
                {"select.budget": budget, "select.unit": unit})
            summarizer = Summarizer(config)
            summarizer.embedder  # load the model now, so the timings are per cluster, not start-up
            systems.append(System(name, _summarizer_run(summarizer), config.to_dict()))
            continue
        kind = BASELINES[name]
        if kind is Oracle:
            baseline = Oracle(budget, unit, measure=measure, stem=stem)
        elif kind is RandomBaseline:
            baseline = RandomBaseline(budget, unit, seed=seed)
        else:
            baseline = kind(budget, unit)
        systems.append(System(name, _baseline_run(splitter_owner, baseline),
                              {"select": {"budget": budget, "unit": unit}, "split": base_config.to_dict()["split"]}))
    return systems


def _summarizer_run(summarizer, update: bool = True) -> Callable[[EvalCluster], list[str]]:
    """The summarizer's brief; on update clusters (with `previous`) its "what's new" section."""
    def run(cluster: EvalCluster) -> list[str]:
        previous = list(cluster.previous) if update and cluster.previous else None
        try:
            result = summarizer.summarize(list(cluster.articles), one_story=True, previous=previous)
        except InputError:  # nothing left after cleaning: an empty brief scores 0
            return []
        story = result["stories"][0]
        return [item["text"] for item in story["whats_new" if previous else "summary"]]

    return run


def previous_sentences(base_config) -> Callable[[EvalCluster], list[str]]:
    """The sentences of a cluster's `previous` articles, as the summarizer splits them
    (what `evaluate` checks update briefs against for repetition)."""
    from summarizer.run.pipeline import Summarizer

    splitter = Summarizer(base_config)

    def sentences(cluster: EvalCluster) -> list[str]:
        split, _ = splitter.split(list(cluster.previous))
        return [s.text for part in split.values() for s in part]

    return sentences


UPDATE_NOTE = ("update task: summarizer gives the what's-new brief, plain the brief that ignores previous; "
               "repeats % = brief sentences with half their word bigrams in one previous sentence")


def _baseline_run(summarizer, baseline) -> Callable[[EvalCluster], list[str]]:
    def run(cluster: EvalCluster) -> list[str]:
        split, _ = summarizer.split(list(cluster.articles))
        sentences = [s for a in cluster.articles for s in split.get(a.id, [])]
        return [s.text for s in baseline(sentences, cluster.references)]

    return run


# ---------------------------------------------------------------- run and report


def evaluate(clusters: list[EvalCluster], systems: list[System], scorer, progress: bool = True,
             earlier: Callable[[EvalCluster], list[str]] | None = None) -> list[dict]:
    """Per-cluster rows: {cluster, system, words, rouge1, ...} (scores in [0, 1]); on update
    clusters also "repeats": the share of brief sentences that retell a `previous` sentence
    (update.repeats_known), with `earlier(cluster)` giving those sentences."""
    from tqdm import tqdm

    from summarizer.select.update import repetition_rate

    rows = []
    bar = tqdm(clusters, desc="eval", unit="cluster", disable=not progress, file=sys.stderr)
    for cluster in bar:
        known = earlier(cluster) if earlier is not None and cluster.previous else None
        for system in systems:
            started = time.perf_counter()
            sentences = system.run(cluster)
            system.seconds += time.perf_counter() - started
            scores = scorer.score(sentences, cluster.references)
            row = {"cluster": cluster.id, "system": system.name,
                   "words": len(scorer.prepare(sentences).split()), **scores}
            if known is not None:
                row["repeats"] = repetition_rate([sentences], [known])
                row["sentences"] = len(sentences)
            rows.append(row)
    return rows


def summarize_rows(rows: list[dict], systems: list[System], metrics: tuple[str, ...],
                   bootstrap: int = 1000, seed: int = 0) -> list[dict]:

    summary = []
    for system in systems:
        mine = [r for r in rows if r["system"] == system.name]
        entry = {"system": system.name, "clusters": len(mine),
                 "words": round(sum(r["words"] for r in mine) / max(len(mine), 1), 1),
                 "seconds": round(system.seconds, 2),
                 "seconds_per_cluster": round(system.seconds / max(len(mine), 1), 4)}
        for metric in metrics:
            values = [r[metric] for r in mine]
            low, high = bootstrap_ci(values, samples=bootstrap, seed=seed)
            entry[metric] = {"mean": 100 * sum(values) / max(len(values), 1), "ci95": [100 * low, 100 * high]}
        if mine and all("repeats" in r for r in mine):  # sentences that retell `previous`, over all briefs
            said = sum(r["sentences"] for r in mine)
            entry["repeats"] = 100 * sum(r["repeats"] * r["sentences"] for r in mine) / max(said, 1)
        summary.append(entry)
    return summary


def markdown_table(summary: list[dict], metrics: tuple[str, ...]) -> str:
    repeats = all("repeats" in entry for entry in summary)
    head = ["system"] + [LABELS[m] for m in metrics] + ["words", "s/cluster"] + (["repeats %"] if repeats else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["--:"] * (len(head) - 1)) + "|"]
    for entry in summary:
        cells = [entry["system"]]
        for metric in metrics:
            low, high = entry[metric]["ci95"]
            cells.append(f"{entry[metric]['mean']:.2f} ({low:.2f}–{high:.2f})")
        cells += [f"{entry['words']:.0f}", f"{entry['seconds_per_cluster']:.3f}"]
        if repeats:
            cells.append(f"{entry['repeats']:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def settings_line(settings: dict, clusters: list[EvalCluster], base_config) -> str:
    refs = sorted({len(c.references) for c in clusters})
    ref_note = (f"{'/'.join(map(str, refs))} references per cluster, score = mean over references"
                if refs != [1] else "1 reference per cluster")
    cut = f", cut to {settings['max_words']} words" if settings["max_words"] else ""
    return (f"{len(clusters)} clusters; ROUGE {settings['measure']}, Porter stemming "
            f"{'on' if settings['stemming'] else 'off'}{cut}; {ref_note}; budget "
            f"{base_config.select.budget} {base_config.select.unit} for every system; "
            f"mean with bootstrap 95% CI over clusters")


def paired_table(rows: list[dict], mine: str = "summarizer", against: tuple[str, ...] = ("lead", "lexrank"),
                 metrics: tuple[str, ...] = ("rouge1", "rouge2"), seed: int = 0) -> str:
    """`mine` minus each baseline, per cluster, with bootstrap 95% intervals, as Markdown."""
    import numpy as np


    by_system: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_system.setdefault(row["system"], {})[row["cluster"]] = row
    if mine not in by_system:
        return ""
    lines = [f"| {mine} minus | " + " | ".join(f"Δ{m.replace('rouge', 'R')}" for m in metrics) + " |",
             "|---|" + "--:|" * len(metrics)]
    for system in against:
        if system not in by_system or system == mine:
            continue
        cells = []
        for metric in metrics:
            diff = 100 * np.array([float(by_system[mine][c][metric]) - float(by_system[system][c][metric])
                                   for c in by_system[mine]])
            low, high = bootstrap_ci(diff, seed=seed)
            cells.append(f"{diff.mean():+.2f} ({low:+.2f} to {high:+.2f})")
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines) if len(lines) > 2 else ""


def csv_rows(rows: list[dict], metrics: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    extra = ["repeats", "sentences"] if rows and all("repeats" in r for r in rows) else []
    writer = csv.DictWriter(buffer, fieldnames=["cluster", "system", "words", *metrics, *extra],
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, **{m: f"{row[m]:.5f}" for m in metrics}})
    return buffer.getvalue()
