"""``python -m kok_check [PROJECT]`` (with ``_ext`` on the path, as ``make check`` does)."""

import sys

from .cli import run

sys.exit(run())
