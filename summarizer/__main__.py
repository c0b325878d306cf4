"""`python -m summarizer ...`: the command line."""
import sys

from summarizer.interfaces.cli import main

sys.exit(main())
