"""Serve the summarizer web page: `python app.py [--host 127.0.0.1] [--port 7860] [--example mixed]`."""
import sys

from summarizer.interfaces.page import main

if __name__ == "__main__":
    sys.exit(main())
