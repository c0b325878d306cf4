"""Train the learned sentence scorer: on whole articles (the default preset's `duc` model) or on
Multi-News *training* clusters (the `multinews` model; never the validation split).

    .venv/bin/python -m eval.train_scorer --dev duc2002_extracts,duc2006 --min-df 30 --alpha 10000 \
        --out summarizer/models/scorer-duc.npz     # the default preset's model (~1 min, reads ../shared/data/dev)
    .venv/bin/python -m eval.tune_cache --split train --limit 45000   # split + embed all 44,972 train clusters (~8 min)
    .venv/bin/python -m eval.train_scorer                             # writes summarizer/models/scorer-multinews.npz (~8 min, 2.7 GB)

`--dev` names full-length sets in ../shared/data/dev; they are split and embedded with the fast
preset's WordLlama first. DUC 2003 and 2007 A are what the model is judged on: `--dev` takes them
only with `--exclude` holding out some of their clusters (a fold, eval/scorer_folds.py) or with
`--include-judged`; a model trained on them whole is reported on them by the held-out folds of
eval/scorer_folds.py, never by itself (the shipped `duc` model is not: docs/selection.md). DUC 2002's
reference is its human extract, so its sentences are labelled by what the extract kept.

Label of a sentence (--label): `precision` (default, the shipped model's) is the mean of its
unigram and bigram precision against the reference (rouge-score's tokenizer and Porter
stemmer): how much of what it says the human summary says too. `recall` (how much of the
summary it says) and `f1` scored lower on validation and are there for comparison, as is
`oracle` (1 for the sentences the greedy ROUGE oracle picks at `--oracle BUDGET,MEASURE`, else 0).
Model: ridge regression on the standardized case-free story features (scorer.STORY_FEATURES)
plus lower-cased indicator words and first words used in at least --min-df training
sentences. No embedding block, so the model works with any embedder. Training sentences
are read lower-cased (the features are), so the mixed case of other news does not move them.
"""
from __future__ import annotations

import argparse
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from eval.tune_cache import cache_path, prepare_cluster
from eval.tune_select import ngram_counts
from summarizer.select.learned_relevance import (
    BUNDLED,
    FEATURES,
    STORY_FEATURES,
    case_free_features,
    design_matrix,
    indicator_text,
)

_LABEL_TOKENIZER = None
LABELS = ("recall", "precision", "f1", "oracle")
WEIGHTS = {"sentence": 0.0, "sqrt": 0.5, "cluster": 1.0}  # a sentence of an n-sentence cluster weighs n ** -x


def overlap_counts(texts: list[str], references: list[str]) -> np.ndarray:
    """(n, 6) per sentence: unigram and bigram matches (clipped by the reference counts),
    its unigram and bigram counts, and the reference's, averaged over the references."""
    from rouge_score import tokenizers

    global _LABEL_TOKENIZER
    _LABEL_TOKENIZER = _LABEL_TOKENIZER or tokenizers.DefaultTokenizer(use_stemmer=True)
    refs = [_LABEL_TOKENIZER.tokenize(r) for r in references]
    ref_counts = [(ngram_counts(ref, 1), ngram_counts(ref, 2), len(ref)) for ref in refs]
    out = np.zeros((len(texts), 6))
    for i, text in enumerate(texts):
        tokens = _LABEL_TOKENIZER.tokenize(text)
        mine1, mine2 = ngram_counts(tokens, 1), ngram_counts(tokens, 2)
        for ref1, ref2, size in ref_counts:
            out[i] += np.array([sum((mine1 & ref1).values()), sum((mine2 & ref2).values()),
                                len(tokens), max(len(tokens) - 1, 0), size, max(size - 1, 0)]) / len(refs)
    return out


def labels_from_counts(counts: np.ndarray, label: str = "recall") -> np.ndarray:
    m1, m2, n1, n2, r1, r2 = counts.T
    precision = (m1 / np.maximum(n1, 1) + m2 / np.maximum(n2, 1)) / 2
    recall = (m1 / np.maximum(r1, 1) + m2 / np.maximum(r2, 1)) / 2
    if label == "precision":
        return precision
    if label == "recall":
        return 100 * recall
    return 2 * precision * recall / np.maximum(precision + recall, 1e-12)


def labels(texts: list[str], references: list[str], label: str = "precision", sentences=None,
           oracle=None) -> np.ndarray:
    if label == "oracle":  # 1 for the sentences the greedy oracle picks, else 0
        out = np.zeros(len(texts))
        out[list(oracle.order(sentences, references))] = 1.0
        return out
    return labels_from_counts(overlap_counts(texts, references), label)


def load_cache(path: str | Path) -> list[dict]:
    """One cache, or several joined by commas."""
    clusters = []
    for one in str(path).split(","):
        with open(one, "rb") as handle:
            clusters.extend(c for c in pickle.load(handle) if c["sentences"])
    return clusters


DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev"
HELD_OUT = ("duc2003_task2", "duc2007_update_A")  # judged on, never trained on


@lru_cache(maxsize=8)
def _prepared(name: str) -> tuple[dict, ...]:
    """One dev set's clusters, split and embedded with the fast preset's WordLlama."""
    from summarizer.evaluation.harness import load_data
    from summarizer.run.pipeline import Summarizer

    summarizer = Summarizer.from_config("fast")
    return tuple(prepare_cluster(summarizer, c) for c in load_data(DEV / f"{name}.jsonl.gz"))


def dev_clusters(names: str, exclude: set[str] = frozenset(), include_judged: bool = False) -> list[dict]:
    """The clusters of the named full-length dev sets, less the ids in `exclude` (a held-out fold).
    A set the model is judged on (HELD_OUT) is refused unless `exclude` holds some of its
    clusters out or `include_judged` says the caller reports that set by held-out folds."""
    clusters = []
    for name in filter(None, names.split(",")):
        prepared = _prepared(name)
        if name in HELD_OUT and not include_judged and not exclude & {c["id"] for c in prepared}:
            raise SystemExit(f"--dev {name}: the model is judged on that set; hold a fold out with --exclude "
                             "(eval/scorer_folds.py), or pass --include-judged and report it by held-out folds")
        clusters.extend(c for c in prepared if c["sentences"] and c["id"] not in exclude)
    return clusters


def cluster_rows(c: dict, features: str, label: str, oracle=None, oracle_spec: str = "") -> tuple:
    """One cluster's (dense features, indicator texts, labels). Kept on the cluster's dict, so the
    folds of eval/scorer_folds.py, which train on the same dev clusters again and again, compute
    them once (labelling is most of a training's time)."""
    key = ("rows", features, label, oracle_spec if label == "oracle" else "")
    if key not in c:
        sentences = c["sentences"]
        originals = c["duplicate_of"] == np.arange(len(sentences))
        if features == "story":
            dense = case_free_features(sentences, c["embeddings"], originals)
            texts = [indicator_text(s.text) for s in sentences]
        else:
            dense = design_matrix(sentences, c["embeddings"], originals)
            texts = [s.text for s in sentences]
        c[key] = (dense, texts, labels([s.text for s in sentences], c["references"], label, sentences, oracle))
    return c[key]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", default=str(cache_path("fast", 0, 45000, "train")), help="eval/tune_cache.py output")
    parser.add_argument("--dev", help="train on these full-length dev sets instead of a cache "
                        "(comma list of ../shared/data/dev names, e.g. duc2002_extracts,duc2006)")
    parser.add_argument("--exclude", default="", help="cluster ids (comma list) left out of --dev: a held-out fold")
    parser.add_argument("--include-judged", action="store_true",
                        help="let --dev train on DUC 2003 / 2007 A whole (the shipped model; its figures on them "
                        "come from eval/scorer_folds.py)")
    parser.add_argument("--features", choices=["story", "legacy"], default="story",
                        help="story: case-free, embedder-free (default); legacy: the MiniLM model's, with embeddings")
    parser.add_argument("--label", choices=LABELS, default="precision")
    parser.add_argument("--oracle", default="100,recall", metavar="BUDGET,MEASURE",
                        help="--label oracle: the greedy oracle's word budget and ROUGE measure (%(default)s)")
    parser.add_argument("--limit", type=int, help="train on the cache's first N clusters")
    parser.add_argument("--min-df", type=int, default=50, help="indicator words: in at least this many sentences")
    parser.add_argument("--alpha", type=float, default=1000.0, help="ridge penalty")
    parser.add_argument("--weight", choices=sorted(WEIGHTS), default="sentence",
                        help="sentence: every sentence counts once; cluster: every cluster weighs the same, "
                        "however many sentences it has; sqrt: a cluster of n sentences weighs sqrt(n)")
    parser.add_argument("--embedder", default="wordllama", help="embed.model the cache was made with (recorded)")
    parser.add_argument("--out", default=str(BUNDLED["multinews"]))
    args = parser.parse_args(argv)

    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import Ridge

    if args.dev:
        clusters = dev_clusters(args.dev, set(filter(None, args.exclude.split(","))),
                                args.include_judged)[:args.limit]
    else:
        clusters = load_cache(args.cache)[:args.limit]
    oracle = None
    if args.label == "oracle":
        from summarizer.evaluation.baselines import Oracle

        budget, measure = args.oracle.split(",")
        oracle = Oracle(int(budget), "words", measure=measure)
    rows = [cluster_rows(c, args.features, args.label, oracle, args.oracle) for c in clusters]
    dense, y = np.concatenate([r[0] for r in rows]), np.concatenate([r[2] for r in rows])
    texts = [text for r in rows for text in r[1]]
    sizes = [len(r[2]) for r in rows]
    mean, std = dense.mean(axis=0), dense.std(axis=0) + 1e-9
    vectorizer = CountVectorizer(min_df=args.min_df, binary=True, lowercase=True, token_pattern=r"(?u)\b\w+\b")
    words = vectorizer.fit_transform(texts).astype(np.float64)
    design = sparse.hstack([sparse.csr_matrix((dense - mean) / std), words]).tocsr()
    weight = np.repeat(np.asarray(sizes, dtype=np.float64) ** -WEIGHTS[args.weight], sizes)
    weight *= len(weight) / weight.sum()  # mean 1, so alpha means the same
    model = Ridge(alpha=args.alpha, solver="sparse_cg", tol=1e-6, max_iter=2000).fit(design, y, sample_weight=weight)
    fitted = model.predict(design)
    names = STORY_FEATURES if args.features == "story" else FEATURES
    print(f"{len(clusters)} clusters, {len(y)} sentences, {words.shape[1]} words; label {args.label}; "
          f"R^2 on training sentences {1 - ((y - fitted) ** 2).mean() / y.var():.3f}")
    for name, weight in zip(names, model.coef_[:len(names)]):
        print(f"  {name:18s} {weight:+.4f}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".npz")
    with os.fdopen(fd, "wb") as handle:
        np.savez_compressed(handle, embedder=np.array(args.embedder), feature_set=np.array(args.features),
                            label=np.array(args.label), mean=mean, std=std,
                            coef=model.coef_[:dense.shape[1]], intercept=np.array(model.intercept_),
                            vocabulary=vectorizer.get_feature_names_out().astype(str),
                            word_coef=model.coef_[dense.shape[1]:].astype(np.float32))
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
