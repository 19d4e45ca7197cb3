"""HTML polish: our stylesheet and search script, and the category colours as CSS
custom properties.

They are written into the output's ``_static`` folder when an HTML builder
starts: before any page is written (so Sphinx gives them their checksum) and
before an epub is packed. The configuration is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import paths
from ..config import categories
from ..core.dates import is_german
from ..core.files import write_if_changed
from ..i18n import script_text

STATIC = paths.STATIC
STYLESHEET = STATIC / "kok.css"
COLOURS = "kok-categories.css"
# what the scripts in static/ show, in German (msgids of kok.po, context "script"); the German edition
# needs no file: a script's kokText() gives back the German text when KOK_TEXTE is missing
SCRIPT_TEXTS_FILE = "kok-texte.js"
SCRIPT_TEXTS = (
    "Ereignisse nach Kategorie filtern",
    "{visible} von {total} Ereignissen sichtbar",
    "Kategorien:",
    "Ereignisse eingrenzen",
    "Weitere Ereignisse anzeigen",
    "Eingrenzen nach Jahr, Kategorie, Organisation",
    "Ereignisse",
    "Jahr",
    "Kategorie",
    "Organisation",
    "Alle {count} Organisationen zeigen",
    "Meinten Sie {suggestion}?",
    "Ein Ereignis",
    "% Ereignisse",
    "{shown} von {total} gefunden, eingegrenzt.",
    "{shown} gefunden.",
    "Keine Ereignisse gefunden.",
    "Suche",
)


def add_static_files(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for source in sorted(STATIC.iterdir()):
        if source.name.startswith("kok-suche"):  # the event search's sources: search.py joins them into one script
            continue
        write_if_changed(static / source.name, source.read_bytes())
    write_if_changed(static / COLOURS, colour_rules(app.config).encode("utf-8"))
    app.add_css_file(STYLESHEET.name)
    app.add_css_file(COLOURS)
    texts = script_texts(app)
    if texts:  # another edition: the scripts' texts in its language
        write_if_changed(static / SCRIPT_TEXTS_FILE, texts.encode())
        app.add_js_file(SCRIPT_TEXTS_FILE, priority=200)  # before the scripts that read it
    app.add_js_file("kok-filter.js", defer="defer")
    app.add_js_file("kok-moved.js", defer="defer")  # old addresses of events moved to another year


def script_texts(app: Sphinx) -> str:
    """``var KOK_TEXTE = {…}``: the scripts' texts in another edition's language; none in German.
    The event search, which runs before the head's other scripts, carries it too (search.py)."""
    if is_german(app.config.language or "de"):
        return ""
    texts = json.dumps({text: script_text(text) for text in SCRIPT_TEXTS}, ensure_ascii=False, indent=0)
    return f"var KOK_TEXTE = {texts};\n"


def colour_rules(config: Config) -> str:
    """Generated from ``kok_categories``: colours are configuration, not CSS."""
    known = categories(config).values()
    lines = [":root {", *(f"  --kok-color-{c.key}: {c.color};" for c in known), "}"]
    lines += [f".kok-category-{c.key} {{ --kok-color: var(--kok-color-{c.key}); }}" for c in known]
    return "\n".join(lines) + "\n"
