"""The extension's own texts for readers in the edition's language: the ``kok`` message catalogue.

German is the source language: each msgid is the German text as the code writes it, and the
German edition has no ``kok`` catalogue, so gettext gives every text back unchanged. The
catalogue, ``locale/<language>/LC_MESSAGES/kok.po`` beside this module, is compiled at
``config-inited`` as Sphinx compiles a project's catalogues (the ``.mo`` is not in git) and
registered under Sphinx's translators. Warnings and other messages for authors stay German:
they are for staff, not readers.

``_()`` and ``ngettext()`` are called when a text is written, never at import time: before
the catalogue is registered, Sphinx's ``_`` gives a lazy proxy.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.util import logging
from sphinx.util.i18n import CatalogInfo, CatalogRepository

from . import paths
from .core.catalogues import SOURCE_LANGUAGE
from .core.files import write_whole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CATALOGUE = "kok"
LOCALE_DIR = paths.LOCALE
NAMESPACE = "general"  # Sphinx's namespace for the translators of a build (not the console's)

logger = logging.getLogger(__name__)
_ = locale.get_translation(CATALOGUE)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The singular or plural text for ``number`` (``get_translation`` gives no plural forms)."""
    return locale.get_translator(CATALOGUE, NAMESPACE).ngettext(singular, plural, number)


def script_text(text: str) -> str:
    """A text of the scripts in ``static/``: its own context in the catalogue (a heading „Suche“
    is "Search", a link „Suche“ in a sentence "search")."""
    return locale.get_translator(CATALOGUE, NAMESPACE).pgettext("script", text)


def load_catalogue(app: Sphinx, config: Config) -> None:
    """``config-inited``: the catalogue of the build's language, compiled when its ``.po`` is
    newer. ``sphinx.locale.init`` only ever adds to a translator it has; a process that builds
    one edition after another (tests, an editor's preview) starts each build afresh, so the
    German edition never shows English."""
    language = config.language or SOURCE_LANGUAGE
    locale.translators.pop((NAMESPACE, CATALOGUE), None)
    repository = CatalogRepository(LOCALE_DIR.parent, [LOCALE_DIR.name], language, "utf-8")
    for catalogue in repository.catalogs:
        if catalogue.domain == CATALOGUE and catalogue.is_outdated():
            _compile(catalogue, language)
    locale.init([LOCALE_DIR], language, CATALOGUE, NAMESPACE)


def _compile(catalogue: CatalogInfo, language: str) -> None:
    """``CatalogInfo.write_mo``, but written whole or not at all: two builds at once (the
    editions, a test run beside ``make html``) must never read half a file. Fuzzy entries
    are left out, as Sphinx does."""
    try:
        with open(catalogue.po_path, encoding="utf-8") as po_file:
            messages = read_po(po_file, language)
        mo_file = io.BytesIO()
        write_mo(mo_file, messages, use_fuzzy=False)
        write_whole(Path(catalogue.mo_path), mo_file.getvalue())
    except (OSError, ValueError) as error:  # a read-only installation, a broken .po: for developers
        logger.warning(
            "Der Katalog %s ist nicht übersetzbar (%s); die Texte bleiben deutsch.", catalogue.po_path, error
        )


def setup(app: Sphinx) -> None:
    app.connect("config-inited", load_catalogue, priority=100)  # before anything writes a label
