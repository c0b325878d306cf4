"""Faithfulness guard benchmark: how many unfaithful rewrites it rejects, by kind, and how many faithful ones.

    .venv/bin/python -m eval.guard_benchmark                 # the project's set, eval/guard_pairs.yaml
    .venv/bin/python -m eval.guard_benchmark --show-errors   # and every pair it got wrong, with its reasons
    .venv/bin/python -m eval.guard_benchmark --dev           # and pairs built at run time from DUC 2003

The set (see the head of eval/guard_pairs.yaml) is written by the project in its own words in newswire
style: faithful paraphrases (attribution moved, synonyms, reported speech, clauses reordered, details
dropped, two sentences fused) and unfaithful rewrites that each break one thing (speaker, attribution,
number/date/place, negation, hedge, invented entity, two claims merged). The guard is run with the
settings the rewrite stage uses (`rewrite.max_novel` of the preset). Prints a table per kind, then one
JSON line: {"pairs", "unfaithful_rejected", "faithful_rejected"} (with --dev, a second table first, for
pairs made at run time from DUC 2003 sentences by eval/guard_dev_pairs.py, held out from the rules'
development, and its figures under "dev" in the JSON line).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import load_config  # noqa: E402
from summarizer.rewrite.guard import FaithfulnessGuard  # noqa: E402

PAIRS = ROOT / "eval" / "guard_pairs.yaml"
KINDS = ("speaker", "attribution", "fact", "negation", "hedge", "entity", "merge", "addition")


def load_pairs(path: Path = PAIRS) -> list[tuple[list[str], str, str]]:
    """(sources, rewrite, kind) for every pair; kind "faithful" or one of KINDS."""
    pairs = []
    for n, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")), start=1):
        unknown = set(item) - {"sources", "faithful", *KINDS}
        if unknown:
            raise ValueError(f"{path} item {n}: unknown keys {sorted(unknown)}")
        for kind in ("faithful", *KINDS):
            texts = item.get(kind) or []
            for text in [texts] if isinstance(texts, str) else texts:
                pairs.append((list(item["sources"]), text, kind))
    return pairs


def evaluate(guard: FaithfulnessGuard, pairs, name: str, show_errors: bool = False) -> dict:
    """Print the table for `pairs`; return its figures."""
    totals, rejected = collections.Counter(), collections.Counter()
    reasons = collections.defaultdict(collections.Counter)
    for sources, rewrite, kind in pairs:
        verdict = guard.check(rewrite, sources)
        totals[kind] += 1
        rejected[kind] += not verdict.ok
        for reason in verdict.unsupported:
            reasons[kind][reason.split()[0]] += 1
        if show_errors and verdict.ok == (kind != "faithful"):
            print(f"[{kind}] {'accepted' if verdict.ok else 'rejected'}: {rewrite}\n    sources: {sources}\n"
                  f"    reasons: {list(verdict.unsupported)}", file=sys.stderr)
    unfaithful = sum(totals[k] for k in KINDS)
    unfaithful_rejected = sum(rejected[k] for k in KINDS)
    print(f"guard on {name}: {len(pairs)} pairs, max_novel {guard.max_novel}\n")
    print("| rewrite | pairs | rejected | share rejected | reasons given (any, by first word) |")
    print("|---|---:|---:|---:|---|")
    for kind in ("faithful", *KINDS):
        if not totals[kind]:  # a kind the pairs do not hold
            continue
        share = rejected[kind] / totals[kind]
        why = ", ".join(f"{r} {c}" for r, c in reasons[kind].most_common(4))
        print(f"| {kind} | {totals[kind]} | {rejected[kind]} | {100 * share:.1f}% | {why} |")
    print(f"| all unfaithful | {unfaithful} | {unfaithful_rejected} | {100 * unfaithful_rejected / unfaithful:.1f}% | |\n")
    return {"pairs": len(pairs), "unfaithful_rejected": round(unfaithful_rejected / unfaithful, 3),
            "faithful_rejected": round(rejected["faithful"] / totals["faithful"], 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("-p", "--preset", default="abstractive")
    parser.add_argument("--show-errors", action="store_true", help="print each pair the guard got wrong")
    parser.add_argument("--dev", action="store_true", help="also pairs built at run time from DUC 2003 sentences")
    parser.add_argument("--dev-pairs", type=int, default=400, help="how many dev pairs (%(default)s)")
    args = parser.parse_args(argv)
    guard = FaithfulnessGuard(load_config(args.preset).rewrite.max_novel)
    dev = None
    if args.dev:
        from eval.guard_dev_pairs import DUC2003, dev_pairs

        dev = evaluate(guard, dev_pairs(DUC2003, args.dev_pairs), f"{DUC2003.name} (built at run time)",
                       args.show_errors)
    result = evaluate(guard, load_pairs(args.pairs), args.pairs.name, args.show_errors)
    print(json.dumps({**result, **({"dev": dev} if dev else {})}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
