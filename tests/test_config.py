"""The archive's settings: read and validated once per build into one typed object (config.py)."""

from __future__ import annotations

from pathlib import Path

from kok_archive.config import Settings, settings
from sphinx.testing.util import SphinxTestApp

from .helpers import warnings_of

CONF = """
extensions = ["myst_parser", "kok_archive"]
kok_categories = {
    "politik": {"label": "Politik", "color": "#b5473a", "label_en": "Policy"},
    "blass": {"label": "Blass", "color": "#eeeeee"},
}
kok_organisations = [{"name": "Bundeskriminalamt", "kurz": "BKA", "name_en": "Federal Criminal Police Office"}]
kok_pdf = False
language = "de"
html_baseurl = "https://archiv.example.org/kok"
"""


def _app(tmp_path: Path, **overrides: object) -> SphinxTestApp:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Archiv\n", encoding="utf-8")
    return SphinxTestApp("html", srcdir=tmp_path, confoverrides=overrides)


def test_settings_are_read_once_into_a_typed_object(tmp_path: Path) -> None:
    app = _app(tmp_path)
    try:
        read = settings(app.config)
        assert isinstance(read, Settings)
        assert settings(app.config) is read  # the same object on every call: nothing parsed again
        assert list(read.categories) == ["politik", "blass"]
        assert read.categories["politik"].label == "Politik"
        assert read.registry.resolve("BKA").display == "Bundeskriminalamt (BKA)"
        assert (read.pdf, read.pdf_dir) == (False, "")
        # the address normalised once, where Sphinx and the other extensions read it too
        assert read.address == app.config.html_baseurl == "https://archiv.example.org/kok/"
        app.build()
        # the pale colour is reported once, however often the build asks for the categories
        contrast = [w for w in warnings_of(app) if "weiße Schrift" in w]
        assert len(contrast) == 1, warnings_of(app)
        assert "conf.py:3:" in contrast[0]
        assert "[kok.config]" in contrast[0]
    finally:
        app.cleanup()


def test_each_configuration_has_its_own_settings(tmp_path: Path) -> None:
    """No memo shared across builds of one process: the English edition's settings are its own."""
    german = _app(tmp_path / "de")
    english = _app(tmp_path / "en", language="en", kok_pdf_dir="pdf")
    try:
        de, en = settings(german.config), settings(english.config)
        assert de.categories["politik"].label == "Politik"
        assert en.categories["politik"].label == "Policy"
        assert en.registry.resolve("BKA").display == "Federal Criminal Police Office (BKA)"
        assert en.registry.resolve("Bundeskriminalamt").display == "Federal Criminal Police Office (BKA)"
        assert (en.pdf, en.pdf_dir) == (True, "pdf")
        assert en.address == english.config.html_baseurl == "https://archiv.example.org/kok/en/"
    finally:
        german.cleanup()
        english.cleanup()
