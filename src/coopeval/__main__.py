"""``python -m coopeval``: the command line."""

import sys

from coopeval.cli import main

# Guarded: a worker process started by `spawn` (Windows, macOS) imports this module
# again, under another name, and must not run the command a second time.
if __name__ == "__main__":
    sys.exit(main())
