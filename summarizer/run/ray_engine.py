"""The Ray engine: a batch's stages on a Ray cluster through Ray Data (the `ray` extra).

    summarizer batch IN --out OUT --engine ray [--address ADDR] [--actors N]

    from summarizer.run.ray_engine import summarize_dataset
    result = summarize_dataset(ray.data.read_json("news.jsonl"), "default", out_dir="briefs")

Stages, each an actor pool (`map_batches` with a callable class, N actors, each loading
its models once):
- read, clean and split: one file (or dataset row) per task;
- embed: the same fixed chunks of sentences the local engine embeds (`EMBED_CHUNK`
  sentences in input order), so every vector is bit-identical to the local engine's;
- story clustering: the article leads embedded on an actor pool of the `cluster.lead_model`
  embedder, in the local engine's chunks (`StoryClusterer.lead_vectors`), the grouping on
  the driver through `Summarizer.cluster`;
- selection (and rewrite): one story per task, the actor holding the selector;
- writes: on the driver, each brief atomically as it arrives, so OUT only has to exist
  where the driver runs.
Ray Data restarts an actor that dies and retries its task (`max_restarts` and
`max_task_retries` are -1 for actor pools), and the driver writes each story once, so a
killed worker loses and duplicates nothing.
"""
from __future__ import annotations

import logging
import os
import pickle
import socket
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from summarizer.config import Config, load_config
from summarizer.embed.embedders import embedder_named, make_embedder
from summarizer.errors import InputError, MissingDependencyError
from summarizer.read.split import SentenceSplitter
from summarizer.records import Article, Sentence, Story
from summarizer.run.batch import run_dataset_batch
from summarizer.run.engine import FolderOutcome, folder_brief, read_files, story_part
from summarizer.run.pipeline import EMBED_CHUNK, NO_PROSE, Summarizer, as_articles

MAX_BLOCKS = 2000


def import_ray(local: bool = False):
    """`ray` with Ray Data, or a one-line error naming the extra. `local`: a cluster this
    process starts listens on 127.0.0.1 only (must be set before ray is imported)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Ray's C++ core logs advice at error level to the terminal (e.g. about actor arguments in
    # the object store); the log files keep it. Failures still arrive as Python exceptions.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    if local:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise MissingDependencyError("ray", "ray") from None
    return ray


def connect(address: str | None = None, num_cpus: int | None = None) -> bool:
    """Join the cluster at `address`, or start a local one on 127.0.0.1 (dashboard off).
    True when this call started Ray (the caller shuts it down)."""
    ray = import_ray(local=address is None)
    if ray.is_initialized():
        return False
    if address and address not in ("auto", "local"):
        _check_reachable(address)
    try:
        if address:
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
                     logging_level=logging.ERROR, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"at {address}" if address else "on this machine"
        raise InputError(f"cannot start or join a Ray cluster {where} ({str(exc).splitlines()[0][:120]}); "
                         "check --address (host:port of the head node's GCS, e.g. 10.0.0.5:6379)") from None
    return True


def _check_reachable(address: str) -> None:
    """Fail in seconds, in one line, where ray.init would retry for minutes."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=5):
            pass
    except ValueError:
        raise InputError(f"--address {address!r} is not host:port; give the head node's address, "
                         "e.g. 10.0.0.5:6379") from None
    except OSError as exc:
        raise InputError(f"cannot reach a Ray cluster at {address} ({exc.strerror or exc}); start one with "
                         "`ray start --head` or check --address") from None


def _quiet_ray_data(progress: bool) -> None:
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = progress
    context.print_on_execution_start = False
    context.execution_options.preserve_order = True  # results in input order: the same output every run
    for name in ("ray.data", "ray"):
        logging.getLogger(name).setLevel(logging.ERROR)


# --- the actors (callable classes for map_batches) ---------------------------------------


def _rows(batch: dict[str, Any]) -> list[dict[str, Any]]:
    names = list(batch)
    return [dict(zip(names, values)) for values in zip(*(batch[n] for n in names))]


def _value(item):
    return item.item() if isinstance(item, np.generic) else item


class _ReadSplit:
    """Read a file (or take a dataset row), clean it and split it into sentences."""

    def __init__(self, config):
        self.splitter = SentenceSplitter.from_config(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        out = []
        for row in _rows(batch):
            if "_path" in row:
                articles, skipped = read_files([Path(row["_path"])])
                items = [(a, self._split(a)) for a in articles]
            else:
                record = {k: _value(v) for k, v in row.items() if v is not None}
                article = _as_article(record)
                items, skipped = [(record, self._split(article))], []
            out.append(pickle.dumps((items, skipped)))
        return {"payload": out}

    def _split(self, article: Article) -> list[tuple[str, int, float]]:
        return [(s.text, s.index, s.position) for s in self.splitter(article)]


def _as_article(record: dict[str, Any]) -> Article:
    return as_articles([record])[0]


def _actor_threads() -> int:
    """The CPUs Ray gave this actor: ONNX Runtime would otherwise start a thread per core of
    the node in every actor (the vectors do not depend on the thread count)."""
    import ray

    return max(1, int(ray.get_runtime_context().get_assigned_resources().get("CPU", 1)))


class _Embed:
    """The embedding model, loaded once per actor; one chunk of sentences per call."""

    def __init__(self, config):
        if not config.embed.threads:
            config = config.replace({"embed.threads": _actor_threads()})
        self.embedder = make_embedder(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        keys, vectors = [], []
        for row in _rows(batch):
            keys.append(row["key"])
            vectors.append(pickle.dumps(self.embedder.encode(pickle.loads(row["texts"]))))
        return {"key": keys, "vectors": vectors}


class _EmbedLeads(_Embed):
    """The story finder's lead embedder (`cluster.lead_model`), loaded once per actor."""

    def __init__(self, config, model: str):
        self.embedder = embedder_named(model, _actor_threads())


class _Brief:
    """A Summarizer (selector, scorer, rewriter) per actor; one story per call."""

    def __init__(self, config):
        self.summarizer = Summarizer(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        keys, records = [], []
        for row in _rows(batch):
            story, part, earlier = pickle.loads(row["job"])
            keys.append(row["key"])
            records.append(pickle.dumps(self.summarizer.grown_brief(story, part, earlier)))
        return {"key": keys, "record": records}


class _FolderBrief:
    """`--per-folder`: one story folder per call, read on the worker."""

    def __init__(self, config):
        self.summarizer = Summarizer(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        keys, outcomes = [], []
        for row in _rows(batch):
            keys.append(row["key"])
            outcomes.append(pickle.dumps(folder_brief(self.summarizer, Path(row["folder"]))))
        return {"key": keys, "outcome": outcomes}


# --- the engine --------------------------------------------------------------------------


class _PresplitSummarizer(Summarizer):
    """`Summarizer.prepare` with the split done by the read stage and the embedding by the
    actor pool; everything else (ids, filters, warnings, limits) is the local code."""

    def __init__(self, base: Summarizer, engine: "RayEngine", presplit: list[tuple[str, list]]):
        super().__init__(base.config, splitter=base.splitter, clusterer=base.clusterer, selector=base.selector,
                         rewriter=base._rewriter)
        self._engine, self._presplit = engine, presplit

    def split(self, articles: list[Article], bars=None):
        split_before = dict(self._presplit)  # by text: a press digest's items are not what the read stage split
        sentences, skipped = {}, []
        for article in articles:
            kept = split_before.get(article.text)
            if kept is None:
                kept = [(s.text, s.index, s.position) for s in self.splitter(article)]
            if kept:
                sentences[article.id] = [Sentence(t, article.id, i, p) for t, i, p in kept]
            else:
                skipped.append({"article_id": article.id, "reason": NO_PROSE})
        return sentences, skipped

    def embed(self, texts: list[str], progress=None) -> np.ndarray:
        return self._engine.embed(texts, progress)


class RayEngine:
    """Runs the stages on a Ray cluster (see the module docstring)."""

    name = "ray"

    def __init__(self, summarizer: Summarizer, address: str | None = None, actors: int | None = None,
                 progress: bool = False):
        if actors is not None and actors < 1:
            raise InputError(f"--actors must be at least 1, got {actors}")
        self.summarizer = summarizer
        self.owns_ray = connect(address)
        import ray

        _quiet_ray_data(progress)
        self.actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._presplit: list[tuple[str, list[tuple[str, int, float]]]] = []  # (text, sentences) per article

    def _pool(self, ds, actor, rows: int, batch_size: int = 1, **arguments):
        """ds mapped by an actor pool of `actor(config, **arguments)`."""
        import ray.data

        size = max(1, min(self.actors, -(-rows // batch_size)))  # no idle actors for a small input
        return ds.map_batches(actor, fn_constructor_kwargs={"config": self.summarizer.config, **arguments},
                              batch_size=batch_size, compute=ray.data.ActorPoolStrategy(size=size))

    def _batch(self, rows: int, most: int = 16) -> int:
        """Rows per task: several where there are many (a task and a block cost milliseconds
        of scheduling), few enough that every actor gets about four tasks."""
        return max(1, min(most, rows // (4 * self.actors)))

    @staticmethod
    def _items(rows: list[dict[str, Any]], batch_size: int = 1):
        """A dataset of `rows` in blocks of one task's batch each."""
        import ray.data

        blocks = -(-len(rows) // batch_size)
        return ray.data.from_items(rows, override_num_blocks=max(1, min(blocks, MAX_BLOCKS)))

    # read, clean, split
    def read(self, files: list[Path], bars=None) -> tuple[list[Any], list[dict[str, str]]]:
        batch = self._batch(len(files), most=32)
        return self.read_dataset(self._items([{"_path": str(p)} for p in files], batch), len(files), batch)

    def read_dataset(self, ds, rows: int | None = None, batch: int = 8) -> tuple[list[Any], list[dict[str, str]]]:
        """Articles (Article records, or the dataset's dicts) in order, their sentences kept
        for `prepare`."""
        articles, skipped, self._presplit = [], [], []
        rows = rows if rows is not None else self.actors * batch
        for row in self._pool(ds, _ReadSplit, rows, batch_size=batch).iter_rows():
            items, skips = pickle.loads(row["payload"])
            skipped.extend(skips)
            for article, sentences in items:
                articles.append(article)
                self._presplit.append((article.text if isinstance(article, Article) else article["text"], sentences))
        return articles, skipped

    def prepare(self, articles: list[Any], bars=None):
        """`Summarizer.prepare` with the sentences the read stage split (an article it did
        not read is split here) and the embedding on the actor pool."""
        presplit, self._presplit = self._presplit, []
        return _PresplitSummarizer(self.summarizer, self, presplit).prepare(articles, bars=bars)

    def embed(self, texts: list[str], progress=None) -> np.ndarray:
        chunks = [texts[i:i + EMBED_CHUNK] for i in range(0, len(texts), EMBED_CHUNK)]
        vectors: list[np.ndarray | None] = [None] * len(chunks)
        done = 0
        for k, block in self._encode(_Embed, chunks):
            vectors[k] = block
            done += len(block)
            if progress:
                progress(done, len(texts))
        return np.concatenate(vectors)

    def _encode(self, actor, chunks: list[list[str]], **arguments) -> Iterator[tuple[int, np.ndarray]]:
        """(chunk number, vectors) for each chunk of texts, one chunk per task, as they come back."""
        rows = [{"key": k, "texts": pickle.dumps(chunk)} for k, chunk in enumerate(chunks)]
        for row in self._pool(self._items(rows), actor, len(rows), **arguments).iter_rows():
            yield row["key"], pickle.loads(row["vectors"])

    # story clustering
    def cluster(self, prepared, bars=None) -> list[Story]:
        """`Summarizer.cluster`, the article leads embedded on the actor pool."""
        return self.summarizer.cluster(prepared, encode_leads=self.encode_leads, bars=bars)

    def encode_leads(self, model: str, chunks: list[list[str]]) -> Iterator[tuple[int, np.ndarray]]:
        """The clusterer's `LeadEncoder` on this cluster: `model` loaded once per actor."""
        return self._encode(_EmbedLeads, chunks, model=model)

    # selection, per story
    def briefs(self, jobs: list[tuple[str, Story, tuple[str, ...]]], prepared) -> Iterator[tuple[str, dict[str, Any]]]:
        if not jobs:
            return
        rows = [{"key": key, "job": pickle.dumps((story, story_part(prepared, story), tuple(earlier)))}
                for key, story, earlier in jobs]
        batch = self._batch(len(rows))
        for row in self._pool(self._items(rows, batch), _Brief, len(rows), batch).iter_rows():
            yield row["key"], pickle.loads(row["record"])

    def folder_briefs(self, jobs: list[tuple[str, Path]]) -> Iterator[tuple[str, FolderOutcome]]:
        if not jobs:
            return
        rows = [{"key": key, "folder": str(folder)} for key, folder in jobs]
        batch = self._batch(len(rows))
        for row in self._pool(self._items(rows, batch), _FolderBrief, len(rows), batch).iter_rows():
            yield row["key"], pickle.loads(row["outcome"])

    def close(self) -> None:
        if self.owns_ray:
            import ray

            ray.shutdown()
            self.owns_ray = False


def summarize_dataset(ds, config="default", out_dir: str | Path | None = None, fmt: str | None = None,
                      actors: int | None = None, force: bool = False) -> dict[str, Any]:
    """Briefs for every story among the articles of a `ray.data.Dataset` (rows with `text`
    and optional `id`, `title`, `source`, `date`, `url`), on the cluster Ray is connected
    to (or a local one). `config`: a preset name or a Config.

    Without `out_dir`: the `summarize()` result, {"stories": [...], "skipped", "warnings",
    "config"}. With `out_dir`: each story's brief written there as by `summarizer batch`
    (stable ids across runs, only changed stories rewritten) and the manifest, returned."""
    summarizer = Summarizer(config if isinstance(config, Config) else load_config(config))
    engine = RayEngine(summarizer, actors=actors)
    try:
        if out_dir is not None:
            report = run_dataset_batch(summarizer, engine, ds, out_dir, fmt or summarizer.config.output.format, force)
            return report.manifest
        articles, skipped = engine.read_dataset(ds)
        if not articles:
            raise InputError("the dataset holds no articles; give rows with a 'text' field")
        prepared = engine.prepare(articles)
        stories = engine.cluster(prepared)
        records = dict(engine.briefs([(s.id, s, ()) for s in stories], prepared))
        return {"stories": [records[s.id] for s in stories], "skipped": skipped + prepared.skipped,
                "warnings": list(prepared.warnings), "config": summarizer.config.to_dict()}
    finally:
        engine.close()


__all__ = ["RayEngine", "connect", "import_ray", "summarize_dataset"]
