"""Rendering: a summarize() result in, text out.

Pure functions that give Markdown, plain text, JSON and the page's HTML cards; no wiring.
"""
