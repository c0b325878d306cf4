"""Rewrite (optional): an extractive brief in, an abstractive one out.

Takes the chosen sentences; gives model rewrites that the faithfulness guard accepted, the sources kept.
"""
