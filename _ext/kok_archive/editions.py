"""The editions of the site: German at the root, every translated language in a folder of its own
(``en/``), each page linking its counterparts.

An edition exists when the project has catalogues of its pages for that language
(``locale/en/LC_MESSAGES/years/2020.po``); ``make html`` builds each one with ``-D language=…``
into ``_build/html/<language>/``. Pages have the same names and anchors in every edition (event
anchors come from the German title or ``:id:``), so a counterpart is the same path under the
other edition's root: a visible link in the sidebar, and ``<link rel="alternate" hreflang>``.
With only the German edition nothing is added, and the site is as before.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.core import Locale

from .catalogues import SOURCE_LANGUAGE, edition_languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SITE_BUILDERS = frozenset({"html", "dirhtml"})
SWITCHER = "sidebar/kok-ausgaben.html"  # in templates/, after furo's search box
FURO_SIDEBAR = [
    "sidebar/brand.html",
    "sidebar/search.html",
    SWITCHER,
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/ethical-ads.html",
    "sidebar/scroll-end.html",
    "sidebar/variant-selector.html",
]


def folder(language: str) -> str:
    """An edition's folder below the German root: ``""`` or ``"en/"``."""
    return "" if language == SOURCE_LANGUAGE else f"{language}/"


def languages(app: Sphinx) -> list[str]:
    """The site's editions, German first; only German when no other has catalogues."""
    return [SOURCE_LANGUAGE, *edition_languages(Path(app.srcdir), app.config.locale_dirs, SOURCE_LANGUAGE)]


def edition_address(address: str, language: str) -> str:
    """The public address of an edition: the site's, with the edition's folder."""
    return address + folder(language) if address else ""


def name(language: str) -> str:
    """An edition's name in its own language: „Deutsch“, "English"."""
    return (Locale.parse(language).get_display_name(language) or language).capitalize()


def add_templates(app: Sphinx, config: Config) -> None:
    """``config-inited``: the switcher's template; in furo's sidebar unless the project chose its own."""
    config.templates_path = [*config.templates_path, str(Path(__file__).parent / "templates")]
    if config.html_theme == "furo" and "html_sidebars" not in config._raw_config and len(languages(app)) > 1:
        config.html_sidebars = {"**": FURO_SIDEBAR}


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the page's counterparts in the other editions."""
    editions = languages(app)
    if app.builder.name not in SITE_BUILDERS or len(editions) < 2:
        return
    own = app.config.language or SOURCE_LANGUAGE
    target = app.builder.get_target_uri(pagename)
    to_root = posixpath.relpath(".", posixpath.dirname(target) or ".")
    up = "../" * folder(own).count("/")  # from this edition's root to the German one
    links = []
    for language in editions:
        relative = posixpath.normpath(posixpath.join(to_root, up + folder(language), target))
        if not target or target.endswith("/"):
            relative += "/"  # dirhtml: a folder's address
        absolute = edition_address(_site_address(app), language) + target if app.config.html_baseurl else ""
        links.append((language, name(language), absolute or relative, relative, language == own))
    context["kok_editions"] = links
    alternates = "".join(
        f'\n<link rel="alternate" hreflang="{language}" href="{html.escape(href)}" />'
        for language, _, href, _, _ in links
    )
    context["metatags"] = context.get("metatags", "") + alternates


def _site_address(app: Sphinx) -> str:
    """The German root's public address (an edition's ``html_baseurl`` ends in its folder)."""
    own = folder(app.config.language or SOURCE_LANGUAGE)
    address: str = app.config.html_baseurl
    return address[: -len(own)] if own and address.endswith(own) else address
