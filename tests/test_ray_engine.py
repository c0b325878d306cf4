"""The Ray engine on a real local Ray cluster started here (127.0.0.1, 2 CPUs, dashboard off).

Every check compares with the local engine, byte for byte: the examples, 20 Multi-News
validation stories, a Python dataset, an actor killed mid-run and a driver killed mid-run.
Ray starts once for the module; each test has a timeout, so a scheduling hang fails.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eval.reliability.interrupted_batch import multinews_stories
from tests.conftest import EXAMPLES, ROOT, free_port

RAY_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
           "RAY_BACKEND_LOG_LEVEL": "fatal"}
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def ray_address():
    """A one-node Ray cluster on 127.0.0.1 (2 CPUs, 200 MB object store, no dashboard)."""
    os.environ.update(RAY_ENV)
    import ray

    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1",
             object_store_memory=200 * 1024 ** 2, logging_level="ERROR", log_to_driver=False)
    address = ray.get_runtime_context().gcs_address
    assert address.startswith("127.0.0.1:"), address
    yield address
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_engine(ray_address, summarizer):
    from summarizer.run.ray_engine import RayEngine

    engine = RayEngine(summarizer)
    assert not engine.owns_ray and engine.actors == 2
    return engine


def briefs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != "manifest.json"
            and not p.name.startswith(".")}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def both_engines(summarizer, ray_engine, source: Path, work: Path, per_folder: bool = False):
    from summarizer.run.batch import run_batch

    local, remote = work / "local", work / "ray"
    run_batch(summarizer, source, local, per_folder=per_folder, progress=False)
    run_batch(summarizer, source, remote, per_folder=per_folder, progress=False, engine=ray_engine)
    assert manifest(remote)["engine"] == "ray" and manifest(local)["engine"] == "local"
    for key in ("stories", "written", "skipped", "warnings"):
        assert manifest(remote)[key] == manifest(local)[key], key
    return briefs(local), briefs(remote)


def test_examples_give_byte_identical_briefs_in_both_modes(summarizer, ray_engine, tmp_path):
    local, remote = both_engines(summarizer, ray_engine, EXAMPLES / "mixed", tmp_path / "mixed")
    assert len(local) == 2 and remote == local
    local, remote = both_engines(summarizer, ray_engine, EXAMPLES / "bridge", tmp_path / "bridge")
    assert len(local) == 1 and remote == local
    # --per-folder: each example folder is one given story
    import shutil

    for name in ("bridge", "mixed"):
        shutil.copytree(EXAMPLES / name, tmp_path / "examples" / name)
    local, remote = both_engines(summarizer, ray_engine, tmp_path / "examples", tmp_path / "folders",
                                 per_folder=True)
    assert sorted(local) == ["bridge.md", "mixed.md"] and remote == local


def test_forty_validation_stories_are_byte_identical(ray_address, multinews_val, tmp_path):
    """Clustered (at least the issue's 20 stories), with MiniLM (quality preset): its int8
    activations are quantized per batch, so a vector depends on its batch-mates; with over
    EMBED_CHUNK sentences the embedding spans several chunks, and the Ray engine must embed
    the very same chunks. The same holds for the article leads the story finder embeds with
    MiniLM on the actor pool (chunks made small here, so there are several)."""
    from summarizer import Summarizer
    from summarizer.read.ingest import iter_input_files
    from summarizer.run.engine import read_files
    from summarizer.run.pipeline import EMBED_CHUNK
    from summarizer.run.ray_engine import RayEngine

    quality = Summarizer.from_config("quality")
    source = multinews_stories(tmp_path / "news", 40, per_folder=False)
    articles, _ = read_files(iter_input_files(source))
    assert sum(len(quality.splitter(a)) for a in articles) > EMBED_CHUNK
    quality.clusterer.LEAD_CHUNK = 16
    assert len(articles) > 3 * quality.clusterer.LEAD_CHUNK
    local, remote = both_engines(quality, RayEngine(quality), source, tmp_path)
    assert len(local) >= 30 and remote == local
    names = set(actors_by_class())
    for stage in ("(_Embed)", "(_EmbedLeads)", "(_Brief)"):
        assert any(stage in name for name in names), (stage, names)


def actors_by_class() -> dict[str, set[str]]:
    """The actors this Ray cluster has run (GCS actor table): class name, such as
    MapWorker(MapBatches(_EmbedLeads)) -> the ids of the nodes they ran on."""
    from ray._private import state

    nodes: dict[str, set[str]] = {}
    for actor in state.actors().values():
        nodes.setdefault(actor["ActorClassName"], set()).add(actor["Address"]["NodeID"])
    return nodes


def test_python_dataset_gives_the_local_result(summarizer, ray_address, tmp_path):
    import ray.data

    from summarizer.interfaces.cli import read_inputs
    from summarizer.run.ray_engine import summarize_dataset

    articles = read_inputs([str(EXAMPLES / "mixed")])
    records = [{"text": a.text, "title": a.title, "source": a.source, "date": a.date} for a in articles]
    expected = summarizer.summarize(records)
    result = summarize_dataset(ray.data.from_items(records), summarizer.config)
    assert [s["summary"] for s in result["stories"]] == [s["summary"] for s in expected["stories"]]
    assert [s["id"] for s in result["stories"]] == [s["id"] for s in expected["stories"]]
    written = summarize_dataset(ray.data.from_items(records), summarizer.config, out_dir=tmp_path)
    assert written["engine"] == "ray" and written["stories"]["new"] == [s["id"] for s in expected["stories"]]
    assert sorted(p.name for p in tmp_path.glob("*story-*.md")) == sorted(written["written"])


def _map_workers(name: str) -> list[int]:
    import psutil

    pids = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if cmdline.startswith("ray::") and name in cmdline:
            pids.append(process.info["pid"])
    return pids


def test_actor_killed_mid_run_loses_and_duplicates_nothing(summarizer, ray_engine, multinews_val, tmp_path):
    from summarizer.run.batch import run_batch

    source = multinews_stories(tmp_path / "news", 16)
    reference = tmp_path / "local"
    run_batch(summarizer, source, reference, per_folder=True, progress=False)
    out = tmp_path / "ray"
    done: dict = {}
    worker = threading.Thread(target=lambda: done.update(report=run_batch(
        summarizer, source, out, per_folder=True, progress=False, engine=ray_engine)))
    worker.start()
    killed = None
    deadline = time.monotonic() + 240
    while killed is None and worker.is_alive() and time.monotonic() < deadline:
        pids = _map_workers("_FolderBrief")
        if pids and out.exists() and any(out.glob("*story-*.md")):
            killed = pids[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    worker.join(timeout=240)
    assert killed is not None, "the batch finished before an actor could be killed"
    report = done["report"]
    assert len(report.written) == len(set(report.written)) == 16  # nothing lost, nothing written twice
    assert briefs(out) == briefs(reference)


def _cli(*args, **kwargs):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **RAY_ENV)
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=240, **kwargs)


def test_killed_driver_resumes_to_the_same_briefs(summarizer, ray_address, multinews_val, tmp_path):
    from summarizer.run.batch import run_batch

    stories = 40  # enough that the briefs arrive over a second or more, not in one burst
    source = multinews_stories(tmp_path / "news", stories)
    reference = tmp_path / "local"
    run_batch(summarizer, source, reference, per_folder=True, progress=False)
    out = tmp_path / "ray"
    args = [sys.executable, "-m", "summarizer", "-q", "batch", str(source), "--out", str(out), "--per-folder",
            "--engine", "ray", "--address", ray_address]
    env = dict(os.environ, PYTHONPATH=str(ROOT), **RAY_ENV)
    driver = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 200
    while driver.poll() is None and time.monotonic() < deadline and not any(out.glob("*story-*.md")):
        time.sleep(0.005)
    driver.send_signal(signal.SIGKILL)
    driver.wait(timeout=30)
    done_at_kill = sorted(p.name for p in out.glob("*story-*.md"))
    assert 1 <= len(done_at_kill) < stories, done_at_kill
    again = _cli(*args[3:])
    assert again.returncode == 0, again.stderr[-2000:]
    assert briefs(out) == briefs(reference)
    written = manifest(out)["written"]
    assert sorted(written) == sorted(set(briefs(reference)) - set(done_at_kill))


def test_unreachable_address_is_a_one_line_error():
    port = free_port()  # closed again: nothing listens there
    run = _cli("batch", str(EXAMPLES / "mixed"), "--out", "/tmp/never-written", "--engine", "ray",
               "--address", f"127.0.0.1:{port}")
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 1 and len(lines) == 1, run.stderr
    assert lines[0].startswith("summarizer: error: cannot reach a Ray cluster") and "--address" in lines[0]


def test_missing_ray_names_the_extra(tmp_path):
    shadow = tmp_path / "shadow" / "ray"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = dict(os.environ, PYTHONPATH=f"{shadow.parent}{os.pathsep}{ROOT}")
    run = subprocess.run([sys.executable, "-m", "summarizer", "batch", str(EXAMPLES / "mixed"), "--out",
                          str(tmp_path / "out"), "--engine", "ray"], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=120)
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip() == ("summarizer: error: ray is not installed; install it with: "
                                  "pip install 'summarizer[ray]'")


def test_grown_folder_on_ray_keeps_ids_like_the_local_engine(summarizer, ray_engine, tmp_path):
    """Stable stories work the same on both engines: a first run, then a rerun after the folder
    gained articles, once locally and once on Ray; same statuses, same files, same bytes."""
    import shutil

    from summarizer.run.batch import run_batch
    from tests.test_incremental_batch import WILDFIRE, copy_examples

    news = tmp_path / "news"
    copy_examples(news, ["harbor-flood-wire.txt", "harbor-flood-local.md", "probe-launch-agency.txt"])
    run_batch(summarizer, news, tmp_path / "local", progress=False)
    shutil.copytree(tmp_path / "local", tmp_path / "ray")
    copy_examples(news, ["harbor-flood-reprint.txt", "probe-launch-science.json"])
    for name, text in WILDFIRE.items():
        (news / name).write_text(text)
    run_batch(summarizer, news, tmp_path / "local", progress=False)
    run_batch(summarizer, news, tmp_path / "ray", progress=False, engine=ray_engine)
    stories = manifest(tmp_path / "ray")["stories"]
    assert stories["grown"] and stories["new"]  # the flood story grew; the wildfire is new
    assert stories == manifest(tmp_path / "local")["stories"]
    assert briefs(tmp_path / "ray") == briefs(tmp_path / "local")


def test_actor_embedders_use_the_cpus_ray_gives_them(ray_address, summarizer):
    """ONNX Runtime starts a thread per core unless told; on a 16-core node 16 actors would
    each start 16. An actor's embedders use its Ray CPUs (1 here)."""
    import ray

    from summarizer.run.ray_engine import _Embed, _EmbedLeads

    @ray.remote(num_cpus=1)
    def session_threads(config) -> list[int]:
        quality = config.replace({"embed.model": "minilm"})
        return [embed.embedder.session.get_session_options().intra_op_num_threads
                for embed in (_Embed(quality), _EmbedLeads(config, "minilm"))]

    assert ray.get(session_threads.remote(summarizer.config), timeout=120) == [1, 1]
