"""Evaluation: briefs and references in, ROUGE tables out.

The ROUGE scorer with bootstrap intervals, classic baselines (lead, LexRank, TextRank, oracle) and the data loaders of `eval`.
"""
