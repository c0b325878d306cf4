"""An extra check for update briefs: turn generic clusters into update clusters by date.

Each cluster's articles are sorted by date; the earlier half becomes `previous`, the later
half `documents`, and the references stay (they summarize the whole cluster, not what is new,
so ROUGE here says only whether the update brief keeps to the story; the repeats column is
the figure to read). Clusters whose articles are not all dated are left out.
    python -m eval.update_split ../shared/data/dev/duc2003_task2.jsonl.gz /tmp/duc2003-split.jsonl.gz
    summarizer eval /tmp/duc2003-split.jsonl.gz --measure recall --max-words 100 --budget 110 --systems summarizer,lexrank
Write OUT outside the project: it holds the collection's text.
"""
from __future__ import annotations

import argparse
import gzip
import json

from summarizer.read.sources import iso_date


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("out")
    args = parser.parse_args()
    kept = 0
    with gzip.open(args.data, "rt", encoding="utf-8") as source, gzip.open(args.out, "wt", encoding="utf-8") as out:
        for line in source:
            record = json.loads(line)
            documents = record["documents"]
            dates = [iso_date(d.get("date")) for d in documents]
            if len(documents) < 4 or not all(dates):
                continue
            ordered = [d for _, _, d in sorted(zip(dates, range(len(documents)), documents))]
            half = len(ordered) // 2
            out.write(json.dumps({"id": record["id"], "previous": ordered[:half], "documents": ordered[half:],
                                  "references": record["references"]}) + "\n")
            kept += 1
    print(f"{kept} clusters written to {args.out}")


if __name__ == "__main__":
    main()
