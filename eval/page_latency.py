"""End-to-end latency of the web page: a five-article story through the page's API.

Starts `app.py` on a free localhost port (models preloaded at start), times the first request
of each preset and story (the page must not be slower the first time: its models load when
the server starts), then `--runs` more requests, and reports the first and the median.
`--rewrite` adds the abstractive rewrite (its model also loads at start). Before the first timed
request the client sends one empty request (refused at once): that sets up the client's
connection, not the server's models. The peer, measured in the same run, is the same story through an in-process
`Summarizer.summarize()` call with the model loaded: the ratio is what the page adds
(upload, queue, rendering the cards, downloads).

    .venv/bin/python eval/page_latency.py            # the seed story + the bridge example
    .venv/bin/python eval/page_latency.py --runs 5 --presets fast default

Stories, both uploaded as five files: ../shared/data/seeds (five real scraped reports of one
story, ~3,000 words with page boilerplate; read from ../shared, never copied) and examples/bridge
(five short articles the project wrote, ~900 words).
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "data" / "seeds"
sys.path.insert(0, str(ROOT))

TARGETS = {"fast": 2.0, "default": 5.0}  # seconds, from the issue


def serve(port: int, log) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while True:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"app.py did not start; see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(call, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presets", nargs="+", default=["fast", "default"])
    parser.add_argument("--rewrite", action="store_true", help="also time the abstractive rewrite (bridge, default)")
    args = parser.parse_args(argv)

    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    from summarizer.interfaces.page import gather_articles
    from summarizer.run.pipeline import Summarizer

    if not SEEDS.is_dir():
        raise SystemExit(f"{SEEDS} not found; the benchmark reads the seed articles from ../shared/data/seeds")
    stories = [(f"seeds ({SEEDS.relative_to(ROOT.parent)})", sorted(SEEDS.glob("*.txt"))),
               ("examples/bridge", sorted((ROOT / "examples" / "bridge").iterdir()))]

    log = tempfile.NamedTemporaryFile("w", prefix="page-latency-", suffix=".log", delete=False)
    port = free_port()
    server = serve(port, log)
    rows = []
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        try:
            client.predict("", [], 100, 0.7, args.presets[0], False, False, False, api_name="/summarize")
        except AppError:  # "Nothing to summarize": expected
            pass
        for name, paths in stories:
            files = [str(p) for p in paths]
            articles = gather_articles(None, files)
            words = sum(len(a.text.split()) for a in articles)
            for preset in args.presets:
                summarizer = Summarizer.from_config(preset)

                def page():
                    client.predict("", [handle_file(f) for f in files], 100, 0.7, preset, False, False, False,
                                   api_name="/summarize")

                def direct():
                    summarizer.summarize(articles)

                first_s = timed(page, 1)[0]  # the first request of this preset since the server started
                direct()  # the peer's first-call costs (model load) are not counted
                page_s = statistics.median(timed(page, args.runs))
                direct_s = statistics.median(timed(direct, args.runs))
                target = TARGETS.get(preset)
                rows.append((name, len(articles), words, preset, first_s, page_s, direct_s, page_s / direct_s,
                             f"< {target:g} s {'yes' if page_s < target else 'NO'}" if target else "-"))
        if args.rewrite:
            rows.append(rewrite_row(client, handle_file))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    print(f"Page latency through gradio_client: the first request of each preset after start, then the "
          f"median of {args.runs}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    header = ("story", "articles", "words", "preset", "first s", "page s", "direct s", "page/direct", "target")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, n, words, preset, first_s, page_s, direct_s, ratio, target in rows:
        direct = f"{direct_s:.2f}" if direct_s else "-"
        ratio = f"{ratio:.2f}x" if ratio else "-"
        print(f"| {name} | {n} | {words} | {preset} | {first_s:.2f} | {page_s:.2f} | {direct} | {ratio} | {target} |")
    return 0


def rewrite_row(client, handle_file) -> tuple:
    """The bridge story with the abstractive rewrite on: first request, then the median of 2."""
    files = sorted((ROOT / "examples" / "bridge").iterdir())

    def page():
        client.predict("", [handle_file(str(f)) for f in files], 100, 0.7, "default", True, False,
                       api_name="/summarize")

    first_s = timed(page, 1)[0]
    later = statistics.median(timed(page, 2))
    return ("examples/bridge, rewrite on", len(files), "-", "default", first_s, later, None, None, "-")


if __name__ == "__main__":
    sys.exit(main())
