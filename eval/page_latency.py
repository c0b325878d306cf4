"""End-to-end latency of the web page: a five-article story through the page's API.

Starts `app.py` on a free localhost port (models preloaded), sends each story through
gradio_client once to warm up, then times `--runs` requests per preset and reports the
median. The peer, measured in the same run, is the same story through an in-process
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
    args = parser.parse_args(argv)

    from gradio_client import Client, handle_file

    from summarizer.pipeline import Summarizer
    from summarizer.ui import gather_articles

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
        for name, paths in stories:
            files = [str(p) for p in paths]
            articles = gather_articles(None, files)
            words = sum(len(a.text.split()) for a in articles)
            for preset in args.presets:
                summarizer = Summarizer.from_config(preset)

                def page():
                    client.predict("", [handle_file(f) for f in files], 100, 0.7, preset, False, False,
                                   api_name="/summarize")

                def direct():
                    summarizer.summarize(articles)

                page(), direct()  # warm: models loaded, first-call costs paid
                page_s = statistics.median(timed(page, args.runs))
                direct_s = statistics.median(timed(direct, args.runs))
                target = TARGETS.get(preset)
                rows.append((name, len(articles), words, preset, page_s, direct_s, page_s / direct_s,
                             f"< {target:g} s {'yes' if page_s < target else 'NO'}" if target else "-"))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    print(f"Page latency, median of {args.runs} requests through gradio_client (model loaded); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    header = ("story", "articles", "words", "preset", "page s", "direct s", "page/direct", "target")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, n, words, preset, page_s, direct_s, ratio, target in rows:
        print(f"| {name} | {n} | {words} | {preset} | {page_s:.2f} | {direct_s:.2f} | {ratio:.2f}x | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
