"""The Ray engine against the local engine, in one run, on this machine.

    .venv/bin/python eval/ray_benchmark.py                      # all three tables
    .venv/bin/python eval/ray_benchmark.py --sentences 5000 --sample 500 --presets default,fast

Table 1: a clustered batch over the same set of Multi-News validation articles (about
`--sentences` sentences, written to a temporary folder), by the local engine and by Ray
with 1 and 2 actors, for the default (WordLlama) and quality (MiniLM) presets; the local
run is also split into its stages, to show the part that stays on the driver.
Table 2: Ray start-up: starting a local cluster, and the fixed cost of one actor-pool stage
(actors started, one trivial row).
Table 3: `--per-folder` over the first `--sample` clusters of the Multi-News train split
(44,972 clusters), local and Ray with 2 actors, per preset: stories/s and the hours the
whole split would take at that rate.
Ratios are between rows of the same run (same machine, same load); the load average is
printed with the tables.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "multinews"
TRAIN_CLUSTERS = 44_972


def write_articles(folder: Path, sentences: int, splitter) -> tuple[int, int]:
    """Validation articles as files until they hold `sentences` kept sentences."""
    from summarizer.records import Article

    folder.mkdir(parents=True)
    total = articles = 0
    with gzip.open(DATA / "val.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            for n, text in enumerate(cluster["documents"]):
                kept = len(splitter(Article("x", text)))
                if not kept:
                    continue
                (folder / f"{cluster['id']}-{n}.txt").write_text(text, encoding="utf-8")
                total += kept
                articles += 1
            if total >= sentences:
                return articles, total
    return articles, total


def write_story_folders(folder: Path, count: int) -> int:
    """The first `count` train clusters, one subfolder each."""
    written = 0
    with gzip.open(DATA / "train.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            story = folder / f"c{written:05d}"
            story.mkdir(parents=True)
            for n, text in enumerate(cluster["documents"]):
                (story / f"doc-{n}.txt").write_text(text, encoding="utf-8")
            written += 1
            if written >= count:
                break
    return written


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def local_stages(summarizer, folder: Path) -> dict[str, float]:
    """The local engine's stages, timed one by one (read, prepare, cluster, select, render+write);
    within the clustering, the lead embedding (Ray runs it on the actor pool) is timed apart
    from the grouping."""
    from summarizer.read.ingest import iter_input_files
    from summarizer.render.formats import render
    from summarizer.run.engine import read_files
    from summarizer.run.files import write_atomic
    from summarizer.stories.features import encode_here

    times = {}
    times["read"], (articles, _) = timed(read_files, list(iter_input_files(folder)))
    times["clean, split, embed"], prepared = timed(summarizer.prepare, articles)
    lead_s = []

    def timed_leads(model, chunks):
        spent, vectors = timed(lambda: list(encode_here(model, chunks)))
        lead_s.append(spent)
        return iter(vectors)

    cluster_s, stories = timed(summarizer.cluster, prepared, None, timed_leads)
    times["embed leads"] = sum(lead_s)
    times["group (driver)"] = cluster_s - times["embed leads"]
    times["select"], records = timed(lambda: [summarizer.brief(s, prepared) for s in stories])
    with tempfile.TemporaryDirectory() as out:
        times["render, write (driver)"], _ = timed(lambda: [
            write_atomic(Path(out) / f"{r['id']}.md", render({"stories": [r]}, "md")) for r in records])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=5000, help="size of the table-1 set (%(default)s)")
    parser.add_argument("--presets", default="default,quality", help="table 1 presets (%(default)s)")
    parser.add_argument("--sample", type=int, default=500, help="train clusters for table 3 (%(default)s)")
    parser.add_argument("--sample-presets", default="fast,default", help="table 3 presets (%(default)s)")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster (%(default)s)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from summarizer.run.batch import run_batch
    from summarizer.run.pipeline import Summarizer
    from summarizer.run.ray_engine import RayEngine, import_ray

    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    try:
        ray = import_ray(local=True)
        start_s, _ = timed(ray.init, num_cpus=args.cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
                           logging_level="ERROR", log_to_driver=False)
        summarizers = {p: Summarizer.from_config(p) for p in args.presets.split(",")}
        first = next(iter(summarizers.values()))
        articles, sentences = write_articles(work / "set", args.sentences, first.splitter)
        print(f"\nTable 1: clustered batch, {articles} Multi-News val articles, {sentences} kept sentences; "
              f"local Ray cluster with {args.cpus} CPUs; load average before: {os.getloadavg()[0]:.1f}\n")
        print("| preset | engine | actors | s | sentences/s | vs local |")
        print("|---|---|--:|--:|--:|--:|")
        stage_rows = []
        warm_up = [(work / "set" / n).read_text() for n in sorted(os.listdir(work / "set"))[:10]]
        for name, summarizer in summarizers.items():
            summarizer.summarize(warm_up)  # models and word lists loaded before any timing
            local_s, _ = timed(run_batch, summarizer, work / "set", work / f"out-{name}-local", progress=False)
            print(f"| {name} | local | – | {local_s:.1f} | {sentences / local_s:.0f} | 1.00x |")
            for actors in (1, 2):
                engine = RayEngine(summarizer, actors=actors)
                ray_s, _ = timed(run_batch, summarizer, work / "set", work / f"out-{name}-{actors}", progress=False,
                                 engine=engine)
                same = _same_briefs(work / f"out-{name}-local", work / f"out-{name}-{actors}")
                print(f"| {name} | ray | {actors} | {ray_s:.1f} | {sentences / ray_s:.0f} | "
                      f"{local_s / ray_s:.2f}x{'' if same else ' (briefs differ!)'} |")
            stage_rows.append((name, local_stages(summarizer, work / "set")))
        print("\nLocal engine by stage (same set; the driver-side stages stay serial on Ray):\n")
        stages = list(stage_rows[0][1])
        print("| preset | " + " | ".join(stages) + " | driver share |")
        print("|---|" + "--:|" * (len(stages) + 1))
        for name, times in stage_rows:
            driver = sum(v for k, v in times.items() if "driver" in k) / sum(times.values())
            print(f"| {name} | " + " | ".join(f"{times[s]:.2f}" for s in stages) + f" | {driver:.0%} |")

        print("\nTable 2: Ray start-up overhead\n")
        print("| step | s |")
        print("|---|--:|")
        print(f"| start a local cluster (ray.init, {args.cpus} CPUs) | {start_s:.1f} |")
        pool_s = _empty_pool_seconds(ray, 1)
        print(f"| one actor-pool stage, 1 actor, 1 trivial row | {pool_s:.1f} |")
        print(f"| one actor-pool stage, 2 actors, 2 trivial rows | {_empty_pool_seconds(ray, 2):.1f} |")
        for name in dict.fromkeys(args.presets.split(",") + args.sample_presets.split(",")):
            print(f"| an actor's imports and models, {name} preset (fresh process) | {_model_load_seconds(name):.1f} |")

        count = write_story_folders(work / "train", args.sample)
        print(f"\nTable 3: --per-folder over the first {count} Multi-News train clusters; projection for all "
              f"{TRAIN_CLUSTERS:,}; load average before: {os.getloadavg()[0]:.1f}\n")
        print("| preset | engine | actors | s | stories/s | hours for 44,972 | vs local |")
        print("|---|---|--:|--:|--:|--:|--:|")
        for name in args.sample_presets.split(","):
            summarizer = summarizers.get(name) or Summarizer.from_config(name)
            summarizer.summarize(warm_up)
            local_s, _ = timed(run_batch, summarizer, work / "train", work / f"train-{name}-local", per_folder=True,
                               progress=False)
            rate = count / local_s
            print(f"| {name} | local | – | {local_s:.1f} | {rate:.1f} | {TRAIN_CLUSTERS / rate / 3600:.2f} | 1.00x |")
            engine = RayEngine(summarizer, actors=2)
            ray_s, _ = timed(run_batch, summarizer, work / "train", work / f"train-{name}-ray", per_folder=True,
                             progress=False, engine=engine)
            rate = count / ray_s
            same = _same_briefs(work / f"train-{name}-local", work / f"train-{name}-ray")
            print(f"| {name} | ray | 2 | {ray_s:.1f} | {rate:.1f} | {TRAIN_CLUSTERS / rate / 3600:.2f} | "
                  f"{local_s / ray_s:.2f}x{'' if same else ' (briefs differ!)'} |")
        per_story = _driver_seconds_per_story(work / "train", work / f"train-{name}-local")
        print(f"\nDriver-side work per story in --per-folder mode (fingerprint the folder's files, render, atomic "
              f"write): {per_story * 1000:.1f} ms, so at most {1 / per_story:.0f} stories/s however many actors.")
        print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    finally:
        import ray

        ray.shutdown()
        shutil.rmtree(work, ignore_errors=True)


class _Noop:
    def __call__(self, batch):
        return batch


def _empty_pool_seconds(ray, actors: int) -> float:
    import ray.data

    start = time.perf_counter()
    ray.data.from_items([{"x": i} for i in range(actors)], override_num_blocks=actors).map_batches(
        _Noop, batch_size=1, compute=ray.data.ActorPoolStrategy(size=actors)).take_all()
    return time.perf_counter() - start


def _model_load_seconds(preset: str) -> float:
    """What an actor's constructor costs in a fresh process: imports, the Summarizer (selector,
    scorer) and the embedding model."""
    import subprocess

    code = ("import time; t = time.perf_counter(); from summarizer.run.pipeline import Summarizer; "
            f"s = Summarizer.from_config({preset!r}); s.embedder; print(time.perf_counter() - t)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(run.stdout.strip().splitlines()[-1])


def _driver_seconds_per_story(stories: Path, briefs: Path) -> float:
    """The batch's serial part per story: the folder fingerprint and the brief's atomic write."""
    from summarizer.run.batch import folder_fingerprint
    from summarizer.run.files import write_atomic

    folders = sorted(p for p in stories.iterdir() if p.is_dir())
    texts = [p.read_text() for p in sorted(briefs.glob("*.md"))]
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        for folder in folders:
            folder_fingerprint(folder)
        for n, text in enumerate(texts):
            write_atomic(Path(out) / f"{n}.md", text)
        return (time.perf_counter() - start) / max(len(folders), 1)


def _same_briefs(a: Path, b: Path) -> bool:
    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in folder.iterdir()
                if p.is_file() and p.name != "manifest.json" and not p.name.startswith(".")}

    return files(a) == files(b)


if __name__ == "__main__":
    main()
