"""Load Multi-News clusters from ../shared (never copied into the project)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

DEFAULT_VAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews" / "val.jsonl.gz"


def load_clusters(path: str | Path = DEFAULT_VAL, limit: int | None = None) -> list[dict]:
    path = Path(path)
    if not path.exists():
        raise SystemExit(f"{path} not found; put the Multi-News validation split at ../shared/data/multinews/")
    clusters = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            clusters.append(json.loads(line))
            if limit and len(clusters) >= limit:
                break
    return clusters
