"""Whole-article story clusters from the dev sets in ../shared/data/dev (read at run time, never
copied): DUC 2003 task 2 (TDT event clusters), DUC 2002 (topics, undated), DUC 2006 and DUC 2007
(topics; the update set's A, B and `previous` articles of one topic are one cluster), for story
grouping benchmarks and the pair model's training.

A wire's press digest is left out: its items belong to other stories, and no cluster's label fits them.
Clusters are split in two halves by a hash of their id within each set: `train` (the pair model
may learn from it) and `held` (benchmarks report on it). `load_dev_clusters("held")` is what
cluster_benchmark.py and scale_benchmark.py read by default.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from summarizer.read.sources import is_press_digest

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev"
SETS = ("duc2003_task2", "duc2002_extracts", "duc2006", "duc2007_update_A", "duc2007_update_B")


@dataclass(frozen=True)
class DevArticle:
    cluster: str  # set:topic
    docno: str
    text: str
    title: str | None
    date: str | None


def half_of(cluster: str) -> str:
    """'train' or 'held': a stable split by a hash of the cluster key."""
    return "train" if int(hashlib.sha1(cluster.encode()).hexdigest(), 16) % 2 == 0 else "held"


def load_dev_clusters(half: str = "all", sets: tuple[str, ...] = SETS) -> dict[str, list[DevArticle]]:
    """{cluster key: its articles (each docno once)} of the chosen half ('train', 'held', 'all')."""
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} not found; the dev sets live in ../shared/data/dev/")
    clusters: dict[str, dict[str, DevArticle]] = {}
    for name in sets:
        with gzip.open(DEV / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                topic = record["id"][:-1] if name.startswith("duc2007_update") else record["id"]
                key = f"{name.split('_update')[0]}:{topic}"
                if half != "all" and half_of(key) != half:
                    continue
                members = clusters.setdefault(key, {})
                for doc in record["documents"] + record.get("previous", []):
                    if doc["text"].strip() and not is_press_digest(doc["text"]):  # its items: other stories
                        members.setdefault(doc["docno"], DevArticle(key, doc["docno"], doc["text"],
                                                                    doc.get("title") or None,
                                                                    doc.get("date") or None))
    return {key: list(members.values()) for key, members in sorted(clusters.items())}


def dev_items(clusters: dict[str, list[DevArticle]], keys: list[str], dated: bool, seed: int, prefix: str = "d"):
    """(Article, cluster key) pairs of the chosen clusters, shuffled; dates and titles kept or dropped."""
    from summarizer import Article

    items = [(Article(id=f"{prefix}{n}-{a.docno}", text=a.text, title=a.title,
                      date=a.date if dated else None), key)
             for n, key in enumerate(keys) for a in clusters[key]]
    random.Random(seed).shuffle(items)
    return items


def dev_mixes(clusters: dict[str, list[DevArticle]], count: int, stories: int, seed: int,
              sets: tuple[str, ...] | None = None) -> list[list[str]]:
    """`count` seeded draws of `stories` cluster keys (from the named sets, default all)."""
    rng = random.Random(seed)
    keys = [k for k in clusters if sets is None or k.split(":")[0] in sets]
    return [rng.sample(keys, stories) for _ in range(count)]
