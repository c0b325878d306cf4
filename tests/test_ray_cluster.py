"""The Ray engine on a simulated two-node cluster (`ray.cluster_utils.Cluster`, 2 logical
CPUs per node, both on 127.0.0.1): actors run on both nodes and the briefs equal the local
engine's byte for byte."""
from __future__ import annotations

import os

import pytest

from eval.reliability.interrupted_batch import multinews_stories
from tests.test_ray_engine import RAY_ENV, actors_by_class, briefs, manifest

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def two_nodes():
    os.environ.update(RAY_ENV)
    import ray
    from ray.cluster_utils import Cluster

    if ray.is_initialized():  # another module's one-node cluster
        ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={
        "num_cpus": 2, "include_dashboard": False, "object_store_memory": 100 * 1024 ** 2})
    cluster.add_node(num_cpus=2, object_store_memory=100 * 1024 ** 2)
    assert cluster.address.startswith("127.0.0.1:"), cluster.address
    ray.init(address=cluster.address, logging_level="ERROR", log_to_driver=False)
    try:
        cluster.wait_for_nodes()
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_two_nodes_run_actors_on_both_and_give_identical_briefs(two_nodes, summarizer, multinews_val, tmp_path):
    import ray

    from summarizer.run.batch import run_batch
    from summarizer.run.ray_engine import RayEngine

    assert len([n for n in ray.nodes() if n["Alive"]]) == 2
    source = multinews_stories(tmp_path / "news", 12)
    run_batch(summarizer, source, tmp_path / "local", per_folder=True, progress=False)
    engine = RayEngine(summarizer)
    assert engine.actors == 4
    run_batch(summarizer, source, tmp_path / "ray", per_folder=True, progress=False, engine=engine)
    brief_nodes = set().union(*(nodes for name, nodes in actors_by_class().items() if "_FolderBrief" in name))
    assert len(brief_nodes) == 2
    assert briefs(tmp_path / "ray") == briefs(tmp_path / "local")
    assert manifest(tmp_path / "ray")["written"] == manifest(tmp_path / "local")["written"]
