"""The reliability report: `python -m eval.reliability [--no-load]` (see the package docstring)."""
from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from pathlib import Path

from eval.reliability import __doc__ as DOC
from eval.reliability.cli_runs import SECRET_TEXT
from eval.reliability.hostile_inputs import hostile_inputs
from eval.reliability.interrupted_batch import interrupted_batch
from eval.reliability.page_load import (
    CONTROL,
    free_port,
    listening_addresses,
    page_under_load,
    probe_paths,
    serve_page,
)


def _row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DOC.splitlines()[0])
    parser.add_argument("--no-load", action="store_true", help="skip the page under load")
    parser.add_argument("--requests", type=int, default=20, help="concurrent page requests (%(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        work = Path(tmp)
        print("## Hostile inputs (CLI, one subprocess each)\n")
        print(_row("group", "input", "exit", "answer", "s", "verdict"))
        print(_row(*["---"] * 6))
        outcomes = hostile_inputs(work / "inputs")
        for o in outcomes:
            verdict = "CRASH: " + o.crash if o.crash else "WRONG: " + o.wrong if o.wrong else "ok"
            answer = o.answer.replace("summarizer: ", "").replace(str(work), "…").replace("|", "\\|")
            print(_row(o.case.group, o.case.name, o.code, answer[:110] or "(briefs)", f"{o.seconds:.1f}", verdict))
        crashes = sum(1 for o in outcomes if o.crash)
        wrong = sum(1 for o in outcomes if o.wrong)

        print("\n## Interrupted batch (fast preset, Multi-News validation stories)\n")
        print(_row("mode", "signal", "stories", "done at stop", "exit", "partial files", "rerun wrote",
                   "only missing", "lost", "corrupted", "temp files left"))
        print(_row(*["---"] * 11))
        runs = [
            interrupted_batch(work / "sigint", signal.SIGINT),
            interrupted_batch(work / "sigkill", signal.SIGKILL),
            interrupted_batch(work / "sigkill-clustered", signal.SIGKILL, per_folder=False, stop_after=1),
        ]
        for r in runs:
            print(_row(r.mode, r.signal, r.stories, r.done_at_stop, r.exit_code, r.partial, r.written_on_rerun,
                       "yes" if r.rerun_wrote_only_missing else "NO", r.lost, r.corrupted, r.temp_left))
        lost = sum(r.lost for r in runs)
        corrupted = sum(r.corrupted + r.partial for r in runs)
        batch_problems = [p for r in runs for p in r.problems] + [
            f"{r.mode}/{r.signal}: the rerun did not write exactly the missing briefs"
            for r in runs if not r.rerun_wrote_only_missing]

        load = None
        if not args.no_load:
            print(f"\n## The page under load ({args.requests} concurrent requests, fast preset)\n")
            secret = work / "secret.txt"
            secret.write_text(SECRET_TEXT)
            port = free_port()
            with open(work / "server.log", "w") as log:
                server = serve_page(port, log)
                try:
                    url = f"http://127.0.0.1:{port}/"
                    load = page_under_load(url, args.requests)
                    probes = probe_paths(url, secret)
                    addresses = listening_addresses(port)
                    up = server.poll() is None
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            print(_row("requests", "answered", "refused cleanly", "failed", "wall s", "server up after"))
            print(_row(*["---"] * 6))
            print(_row(load.requests, load.answered, load.refused, load.failed, f"{load.seconds:.1f}",
                       "yes" if load.alive and up else "NO"))
            print()
            print(_row("file reference sent instead of an upload", "result"))
            print(_row("---", "---"))
            for name, verdict in probes.items():
                print(_row(name, verdict))
            print(f"\nListening on: {', '.join(addresses) or '?'} (default host)")

        print("\n## Summary\n")
        print(f"inputs tried: {len(outcomes)}; crashes: {crashes}; wrong answers: {wrong}")
        print(f"interrupted batches: {len(runs)}; briefs lost: {lost}; briefs corrupted or partial: {corrupted}")
        for problem in batch_problems:
            print(f"  problem: {problem}")
        failed = crashes or wrong or lost or corrupted or batch_problems
        if load is not None:
            leaked = [n for n, v in probes.items() if v != ("answered" if n == CONTROL else "refused")]
            refused = sum(1 for n, v in probes.items() if n != CONTROL and v == "refused")
            print(f"page: {load.answered} answered, {load.refused} refused, {load.failed} failed of {load.requests}; "
                  f"server up: {'yes' if load.alive and up else 'NO'}; path probes refused: "
                  f"{refused}/{len(probes) - 1} (uploaded control: {probes[CONTROL]}); "
                  f"bound to {', '.join(addresses)}")
            failed = failed or load.failed or not (load.alive and up) or leaked \
                or any(a not in ("127.0.0.1", "::1") for a in addresses)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
