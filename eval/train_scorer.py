"""Train the learned sentence scorer on Multi-News validation clusters outside the evaluated sample.

    .venv/bin/python -m eval.tune_cache --limit 5622          # split + embed every validation cluster
    .venv/bin/python -m eval.train_scorer                      # writes summarizer/models/scorer-minilm-multinews.npz

The clusters that `summarizer eval --limit 1000 --seed 0` scores (and tune_select tunes on)
are left out, so the README's ROUGE table is measured on clusters the scorer never saw.
Label of a sentence: mean of its unigram and bigram precision against the reference
(rouge-score's tokenizer and Porter stemmer): the share of what it says that a human
summary says too. Model: ridge regression on the standardized story features and
embedding, plus indicator words used in at least --min-df training sentences.
"""
from __future__ import annotations

import argparse
import os
import pickle
import tempfile
from pathlib import Path

import numpy as np

from eval.multinews import DEFAULT_VAL
from eval.tune_cache import cache_path
from eval.tune_select import ngram_counts
from summarizer.evaluate import load_data, sample
from summarizer.scorer import BUNDLED, FEATURES, design_matrix

_LABEL_TOKENIZER = None


def labels(texts: list[str], references: list[str]) -> np.ndarray:
    """Mean unigram + bigram precision of each sentence against the references (averaged over them)."""
    from rouge_score import tokenizers

    global _LABEL_TOKENIZER
    _LABEL_TOKENIZER = _LABEL_TOKENIZER or tokenizers.DefaultTokenizer(use_stemmer=True)
    refs = [_LABEL_TOKENIZER.tokenize(r) for r in references]
    ref_counts = [(ngram_counts(ref, n), n) for ref in refs for n in (1, 2)]
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        tokens = _LABEL_TOKENIZER.tokenize(text)
        for theirs, n in ref_counts:
            mine = ngram_counts(tokens, n)
            out[i] += sum((mine & theirs).values()) / max(sum(mine.values()), 1) / (2 * len(refs))
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", default=str(cache_path("default", 0, 5622)), help="eval/tune_cache.py output")
    parser.add_argument("--exclude-limit", type=int, default=1000, help="leave out the sample of this size ...")
    parser.add_argument("--exclude-seed", type=int, default=0, help="... drawn with this seed")
    parser.add_argument("--min-df", type=int, default=100, help="indicator words: in at least this many sentences")
    parser.add_argument("--alpha", type=float, default=1000.0, help="ridge penalty")
    parser.add_argument("--embedder", default="minilm", help="embed.model the cache was made with")
    parser.add_argument("--out", default=str(BUNDLED["minilm-multinews"]))
    args = parser.parse_args(argv)

    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import Ridge

    held_out = ({c.id for c in sample(load_data(DEFAULT_VAL), args.exclude_limit, args.exclude_seed)}
                if args.exclude_limit else set())
    with open(args.cache, "rb") as handle:
        clusters = [c for c in pickle.load(handle) if c["sentences"] and c["id"] not in held_out]
    dense, texts, y = [], [], []
    for c in clusters:
        sentences = c["sentences"]
        originals = c["duplicate_of"] == np.arange(len(sentences))
        dense.append(design_matrix(sentences, c["embeddings"], originals))
        texts.extend(s.text for s in sentences)
        y.append(labels([s.text for s in sentences], c["references"]))
    dense, y = np.concatenate(dense), np.concatenate(y)
    mean, std = dense.mean(axis=0), dense.std(axis=0) + 1e-9
    vectorizer = CountVectorizer(min_df=args.min_df, binary=True, token_pattern=r"(?u)\b\w+\b")
    words = vectorizer.fit_transform(texts).astype(np.float64)
    design = sparse.hstack([sparse.csr_matrix((dense - mean) / std), words]).tocsr()
    model = Ridge(alpha=args.alpha, solver="sparse_cg", tol=1e-6, max_iter=2000).fit(design, y)
    fitted = model.predict(design)
    print(f"{len(clusters)} clusters, {len(y)} sentences, {words.shape[1]} words; "
          f"R^2 on training sentences {1 - ((y - fitted) ** 2).mean() / y.var():.3f}")
    for name, weight in zip(FEATURES, model.coef_[:len(FEATURES)]):
        print(f"  {name:18s} {weight:+.4f}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".npz")
    with os.fdopen(fd, "wb") as handle:
        np.savez_compressed(handle, embedder=np.array(args.embedder), mean=mean, std=std,
                            coef=model.coef_[:dense.shape[1]], intercept=np.array(model.intercept_),
                            vocabulary=vectorizer.get_feature_names_out().astype(str),
                            word_coef=model.coef_[dense.shape[1]:])
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
