"""The edition archive (tests/test_edition.py): the real conf.py, one German year, its catalogue partly translated.

The extension comes from PYTHONPATH (conftest.py builds a copy of this folder in tmp)."""

project = "KOK-Archiv"
author = "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK)"
copyright = "KOK e.V."
language = "de"
version = release = "2021"

extensions = ["myst_parser", "sphinx_design", "kok_archive"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
# the site is the home page and the year pages; nothing else in the repository
include_patterns = ["index.md", "organisationen.md", "kategorien.md", "years/*.md"]
exclude_patterns = ["years/_*.md"]  # templates such as years/_vorlage.md

html_theme = "furo"
html_title = "KOK-Archiv"
html_last_updated_fmt = None

# The four categories of the printed review; keys are what authors write in :category:.
kok_categories = {
    "veranstaltung": {"label": "Veranstaltung", "color": "#2a6f97"},
    "politik": {"label": "Politik", "color": "#b5473a"},
    "publikation": {"label": "Publikation", "color": "#4d7c32"},
    "sonstiges": {"label": "Sonstiges", "color": "#7a5195"},
}

# the English edition: one catalogue per year page (locale/en/LC_MESSAGES/years/2021.po)
locale_dirs = ["locale"]
gettext_compact = False
