"""Reliability: hostile inputs, an interrupted batch and the page under load.

    .venv/bin/python -m eval.reliability              # all three parts (about 3 minutes on 2 CPUs)
    .venv/bin/python -m eval.reliability --no-load    # without the page

1. Every hostile input of issue 6 is generated in a temporary folder and given to the real
   CLI (one subprocess each, fast preset). A crash is a traceback, an exit code other than
   0/1/2/130, a hang (over 300 s) or an error that is not one line; an answer is wrong when
   the exit code or the message differs from the expected one.
2. A per-folder batch of Multi-News stories (read from ../shared, never copied) and a
   clustered batch are stopped with SIGINT or SIGKILL once some briefs exist, then run
   again. A brief is lost when it is missing after the rerun, corrupted when its bytes
   differ from an uninterrupted run's; a partial file is any file in the output folder
   (temporary ones included) that differs from its finished brief right after the stop.
3. The page (app.py, default host) gets 20 concurrent requests through gradio_client; each
   must be answered or cleanly refused, and the server must answer afterwards. Requests
   naming files outside Gradio's upload folder must be refused without their contents.

The tests (tests/test_hostile_inputs.py, test_interrupted_batch.py, test_page_load.py) run
these same functions: cli_runs.py (the CLI in a subprocess), hostile_inputs.py,
interrupted_batch.py and page_load.py; __main__.py prints the report.
"""
