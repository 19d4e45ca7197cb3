"""The fixed test archive (tests/test_reader.py, tests/test_search.py): the real conf.py, for two small years.

The extension comes from PYTHONPATH (conftest.py builds a copy of this folder in tmp)."""

from importlib.util import find_spec
from pathlib import Path

# shared settings: tests/roots/conf_site.py and conf_base.py (found through the extension: roots are copied to tmp)
BASE = Path(find_spec("kok_archive").origin).parents[2] / "tests" / "roots"
exec((BASE / "conf_site.py").read_text(encoding="utf-8"))
version = release = "2021"
