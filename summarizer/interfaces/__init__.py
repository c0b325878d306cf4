"""Interfaces: what a person runs.

The command line (summarize, batch, presets, eval, app) and the Gradio page's wiring; they parse input and call the run layer.
"""
