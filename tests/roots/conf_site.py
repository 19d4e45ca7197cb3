"""The real conf.py's shape (furo, the site's pages, the four categories) for the test roots of a
small archive: test-archive, test-edition, test-pdf, test-search. Runs conf_base.py first (see there)."""

exec((BASE / "conf_base.py").read_text(encoding="utf-8"))  # noqa: F821 (BASE: set by the root's conf.py)

project = "KOK-Archiv"
author = "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK)"
copyright = "KOK e.V."
version = release = "2022"

extensions = ["myst_parser", "sphinx_design", "kok_archive"]
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
