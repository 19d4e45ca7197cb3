"""``python -m kok_import SRC OUT [--force]`` (with ``_ext`` on the path, as ``make import`` does)."""

import sys

from .cli import run

sys.exit(run())
