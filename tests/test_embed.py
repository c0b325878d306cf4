"""The embedders: the quality preset's ONNX int8 MiniLM against the plain sentence-transformers
model, and the default preset's WordLlama."""
import numpy as np

from summarizer import load_config
from summarizer.embed.embedders import (
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    WordLlamaEmbedder,
    make_embedder,
)

SENTENCES = [
    "The river burst its banks and flooded about 400 homes in the town.",
    "Hundreds of houses were flooded when the river overflowed.",
    "The space probe was launched on a six-year journey to Jupiter.",
    "A rocket carried the spacecraft toward the outer planets.",
    "Shares in the bank fell sharply after the quarterly results.",
]


def test_default_embedder_is_wordllama():
    assert isinstance(make_embedder(load_config("default")), WordLlamaEmbedder)


def test_quality_embedder_is_onnx_and_close_to_plain_minilm():
    onnx = make_embedder(load_config("quality"))
    assert isinstance(onnx, OnnxEmbedder)
    plain = SentenceTransformerEmbedder("minilm")
    a, b = onnx.encode(SENTENCES), plain.encode(SENTENCES)
    assert a.shape == b.shape == (5, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(axis=1).min() > 0.9
    assert np.array_equal(a, onnx.encode(SENTENCES))  # deterministic


def test_embedders_rank_paraphrases_above_unrelated_sentences():
    for embedder in (make_embedder(load_config("quality")), WordLlamaEmbedder()):
        v = embedder.encode(SENTENCES)
        sims = v @ v.T
        assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 4], embedder.name
        assert sims[2, 3] > sims[2, 0] and sims[2, 3] > sims[2, 4], embedder.name


def test_onnx_export_is_fused_and_quantized_per_channel():
    import onnx

    onnx_embedder = make_embedder(load_config("quality"))
    graph = onnx.load(onnx_embedder.path).graph
    ops = {node.op_type for node in graph.node}
    assert {"QAttention", "SkipLayerNormalization"} <= ops  # fused attention and layer norms, int8
    plain = SentenceTransformerEmbedder("minilm")
    # Per-channel int8 stays close to fp32 (per-tensor int8 gave a mean cosine of about 0.96).
    assert (onnx_embedder.encode(SENTENCES) * plain.encode(SENTENCES)).sum(axis=1).mean() > 0.98


def test_wordllama_word_cache_matches_the_library_to_the_bit(multinews_val):
    import gzip
    import json

    from summarizer.read.split import SentenceSplitter
    from summarizer.records import Article

    splitter = SentenceSplitter.from_config(load_config())
    with gzip.open(multinews_val, "rt", encoding="utf-8") as handle:
        clusters = [json.loads(next(handle)) for _ in range(40)]
    texts = [s.text for c in clusters for n, d in enumerate(c["documents"]) for s in splitter(Article(str(n), d))]
    odd = ["Two  spaces inside.", " A leading space.", "Tabs\tand\nnewlines.", "Unicode: café, naïve, 中文, 😀.",
           "A literal \u2581 marker.", "x"]
    embedder = WordLlamaEmbedder()
    library = embedder.model
    for batch in (texts[:300], texts, odd, texts[:20] + odd[:1]):
        expected = library.embed(batch, norm=True, batch_size=embedder.batch_size)
        expected /= np.linalg.norm(expected, axis=1, keepdims=True)
        assert np.array_equal(embedder.encode(batch), expected)
    assert len(texts) > 300  # more than one library batch of 256
    for text in texts[:200] + odd:
        ids = embedder.token_ids(text)
        assert ids is None or ids == library.tokenizer.encode(text, add_special_tokens=False).ids


def test_torch_backend_uses_no_deprecated_torch_quantization():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        embedder = SentenceTransformerEmbedder("minilm")
        vectors = embedder.encode(SENTENCES)
    assert vectors.shape == (5, 384)
    assert not [m for m in embedder.model.modules() if ".quantized" in type(m).__module__]
    assert not [w for w in caught if "quantiz" in str(w.message).lower()], [str(w.message)[:80] for w in caught]
