"""HTML-only polish: our stylesheet, and the category colours as CSS custom properties.

Both are written into the output's ``_static`` after the build, so the
configuration (``html_static_path``) is never changed behind Sphinx's back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .config import categories

STYLESHEET = Path(__file__).parent / "static" / "kok.css"
COLOURS = "kok-categories.css"


def add_stylesheets(app: Sphinx) -> None:
    app.add_css_file(STYLESHEET.name)
    app.add_css_file(COLOURS)


def write_stylesheets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STYLESHEET, static / STYLESHEET.name)
    (static / COLOURS).write_text(colour_rules(app), encoding="utf-8")


def colour_rules(app: Sphinx) -> str:
    """Generated from ``kok_categories``: colours are configuration, not CSS."""
    known = categories(app.config).values()
    lines = [":root {", *(f"  --kok-color-{c.key}: {c.color};" for c in known), "}"]
    lines += [f".kok-category-{c.key} {{ --kok-color: var(--kok-color-{c.key}); }}" for c in known]
    return "\n".join(lines) + "\n"
