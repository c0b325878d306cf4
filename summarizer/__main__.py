"""`python -m summarizer ...`: the command line."""
import sys

from summarizer.interfaces.cli import main

if __name__ == "__main__":
    sys.exit(main())
