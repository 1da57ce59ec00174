"""`python -m generator` runs the `herald` command line."""

import sys

from generator.cli import main

sys.exit(main())
