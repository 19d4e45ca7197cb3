"""The package's folders that are no modules: each found here, wherever a module using it stands."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
STATIC = PACKAGE / "static"  # copied to the site's _static (publishing.assets), read by publishing.search
TEMPLATES = PACKAGE / "templates"  # added to templates_path (core.editions)
LOCALE = PACKAGE / "locale"  # the catalogue "kok" of the extension's own texts (i18n)
