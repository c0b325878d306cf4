"""Embedding: sentence texts in, unit vectors out.

Takes sentences; gives one vector each from a pluggable embedder (WordLlama, MiniLM on ONNX Runtime, any sentence-transformers model).
"""
