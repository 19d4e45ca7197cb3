"""The edition archive (tests/test_edition.py): the real conf.py, one German year, its catalogue partly translated.

The extension comes from PYTHONPATH (conftest.py builds a copy of this folder in tmp)."""

from importlib.util import find_spec
from pathlib import Path

# shared settings: tests/roots/conf_site.py and conf_base.py (found through the extension: roots are copied to tmp)
BASE = Path(find_spec("kok_archive").origin).parents[2] / "tests" / "roots"
exec((BASE / "conf_site.py").read_text(encoding="utf-8"))
version = release = "2021"

# the English edition: one catalogue per year page (locale/en/LC_MESSAGES/years/2021.po)
locale_dirs = ["locale"]
gettext_compact = False

# written out here (as in conf_site.py): tests/test_edition_interface.py gives "Sonstiges" an English label
kok_categories = {
    "veranstaltung": {"label": "Veranstaltung", "color": "#2a6f97"},
    "politik": {"label": "Politik", "color": "#b5473a"},
    "publikation": {"label": "Publikation", "color": "#4d7c32"},
    "sonstiges": {"label": "Sonstiges", "color": "#7a5195"},
}
