"""Sphinx configuration of the KOK-Archiv."""

import os
import sys
from pathlib import Path

# the extension lives in _ext/, found relative to this file, not the working directory
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "KOK-Archiv"
author = "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK)"
copyright = "KOK e.V."
# German; Read the Docs builds each edition as a project of its own and names its language
# (docs/anleitung/englisch.md#auf-read-the-docs)
language = os.environ.get("READTHEDOCS_LANGUAGE", "de")
# the newest year in the archive (epub, LaTeX and man pages name it): years/JJJJ.md, nothing to edit
version = release = max((p.stem for p in Path(__file__).parent.glob("years/[0-9][0-9][0-9][0-9].md")), default="")

extensions = ["myst_parser", "sphinx_design", "kok_archive"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
# the site is the home page and the year pages; nothing else in the repository
include_patterns = ["index.md", "organisationen.md", "kategorien.md", "years/*.md"]
exclude_patterns = ["years/_*.md"]  # templates such as years/_vorlage.md

html_theme = "furo"
html_title = "KOK-Archiv"
html_static_path = ["_static"]
html_last_updated_fmt = None

# The four categories of the printed review; keys are what authors write in :category:.
# The English edition translates these four labels itself; a new category gets its English label
# with "label_en": "…" beside "label" (otherwise it keeps the German one).
kok_categories = {
    "veranstaltung": {"label": "Veranstaltung", "color": "#2a6f97"},
    "politik": {"label": "Politik", "color": "#b5473a"},
    "publikation": {"label": "Publikation", "color": "#4d7c32"},
    "sonstiges": {"label": "Sonstiges", "color": "#7a5195"},
}

# Publishing (docs/anleitung/veroeffentlichen.md): the one public address is Sphinx's
# html_baseurl, e.g. "https://archiv.example.org/kok/". Taken from KOK_ADRESSE on any host, or from
# Read the Docs' READTHEDOCS_CANONICAL_URL; a fixed address may replace this line. With it, the build
# adds canonical links, sitemap.xml, robots.txt, OpenGraph tags, a 404 page and absolute links in the
# data files (kok_archive/publishing/online.py); without it, links stay relative and none of that is made.
html_baseurl = os.environ.get("KOK_ADRESSE") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# German interface: the theme's strings from locale/de/LC_MESSAGES/sphinx.po (compiled at
# build time), no link to the Markdown sources, the footer credit without "@pradyunsg's"
locale_dirs = ["locale"]
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False  # the catalogue's footer reads "Erstellt mit Sphinx und Furo"
html_theme_options: dict[str, object] = {"top_of_page_buttons": []}  # no "View this page"

# the English edition: one catalogue per year page (locale/en/LC_MESSAGES/years/2020.po, make uebersetzung)
gettext_compact = False
