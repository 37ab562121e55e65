"""``python -m coopeval``: the command line."""

import sys

from coopeval.cli import main

sys.exit(main())
