"""The embedders: the default ONNX int8 MiniLM against the plain sentence-transformers model."""
import numpy as np

from summarizer import load_config
from summarizer.embed import OnnxEmbedder, SentenceTransformerEmbedder, WordLlamaEmbedder, make_embedder

SENTENCES = [
    "The river burst its banks and flooded about 400 homes in the town.",
    "Hundreds of houses were flooded when the river overflowed.",
    "The space probe was launched on a six-year journey to Jupiter.",
    "A rocket carried the spacecraft toward the outer planets.",
    "Shares in the bank fell sharply after the quarterly results.",
]


def test_default_embedder_is_onnx_and_close_to_plain_minilm():
    onnx = make_embedder(load_config("default"))
    assert isinstance(onnx, OnnxEmbedder)
    plain = SentenceTransformerEmbedder("minilm", quantize=False)
    a, b = onnx.encode(SENTENCES), plain.encode(SENTENCES)
    assert a.shape == b.shape == (5, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(axis=1).min() > 0.9
    assert np.array_equal(a, onnx.encode(SENTENCES))  # deterministic


def test_embedders_rank_paraphrases_above_unrelated_sentences():
    for embedder in (make_embedder(load_config("default")), WordLlamaEmbedder()):
        v = embedder.encode(SENTENCES)
        sims = v @ v.T
        assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 4], embedder.name
        assert sims[2, 3] > sims[2, 0] and sims[2, 3] > sims[2, 4], embedder.name
