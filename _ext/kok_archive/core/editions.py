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
import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin
from xml.etree import ElementTree

from babel.core import Locale

from .. import paths
from .catalogues import SOURCE_LANGUAGE, edition_languages
from .sites import SITE_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

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


def on_read_the_docs() -> bool:
    """Read the Docs builds each language as a project of its own, served side by side as
    ``/de/latest/`` and ``/en/latest/``; its address already names the language."""
    return os.environ.get("READTHEDOCS") == "True"


def way(own: str, language: str) -> str:
    """From the root of edition ``own`` to the root of edition ``language``, as a relative address."""
    if on_read_the_docs():
        version = os.environ.get("READTHEDOCS_VERSION", "latest")
        return "" if language == own else f"../../{language}/{version}/"
    return "../" * folder(own).count("/") + folder(language)


def languages(app: Sphinx) -> list[str]:
    """The site's editions, German first; only German when no other has catalogues. Looked up once per
    build (every page asks), kept on the application, which lives for one build."""
    found: list[str] | None = getattr(app, "kok_languages", None)
    if found is None:
        found = [SOURCE_LANGUAGE, *edition_languages(Path(app.srcdir), app.config.locale_dirs, SOURCE_LANGUAGE)]
        app.kok_languages = found  # type: ignore[attr-defined]
    return found


def edition_address(address: str, language: str) -> str:
    """The public address of an edition, from the site's (the German root's) address."""
    return address + folder(language) if address and not on_read_the_docs() else address


def name(language: str) -> str:
    """An edition's name in its own language: „Deutsch“, "English"."""
    return (Locale.parse(language).get_display_name(language) or language).capitalize()


def add_templates(app: Sphinx, config: Config) -> None:
    """``config-inited``: the switcher's template; in furo's sidebar unless the project chose its own."""
    config.templates_path = [*config.templates_path, str(paths.TEMPLATES)]
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
    links = []
    for language in editions:
        relative = posixpath.normpath(posixpath.join(to_root, way(own, language), target))
        if not target or target.endswith("/"):
            relative += "/"  # dirhtml: a folder's address
        address = app.config.html_baseurl  # this edition's root
        absolute = urljoin(address, way(own, language)) + target if address else ""
        links.append((language, name(language), absolute or relative, relative, language == own))
    context["kok_editions"] = links
    alternates = "".join(
        f'\n<link rel="alternate" hreflang="{language}" href="{html.escape(href)}" />'
        for language, _, href, _, _ in links
    )
    context["metatags"] = context.get("metatags", "") + alternates


SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def add_sitemap_alternates(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, after sphinx-sitemap: each address with its counterparts. sphinx-sitemap's
    own alternates put every language into a folder of its own (``{lang}``); German is the root here."""
    path = Path(app.outdir, getattr(app.config, "sitemap_filename", "sitemap.xml"))
    editions = languages(app)
    address = app.config.html_baseurl
    if exception is not None or len(editions) < 2 or not address or not path.is_file():
        return
    own = app.config.language or SOURCE_LANGUAGE
    ElementTree.register_namespace("", SITEMAP)
    ElementTree.register_namespace("xhtml", XHTML)
    tree = ElementTree.parse(path)
    for url in tree.getroot().iter(f"{{{SITEMAP}}}url"):
        loc = url.find(f"{{{SITEMAP}}}loc")
        if loc is None or not (loc.text or "").startswith(address):
            continue
        link = (loc.text or "")[len(address) :]
        for language in editions:
            href = urljoin(address, way(own, language)) + link
            ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=language, href=href)
    ElementTree.indent(tree)
    tree.write(path, xml_declaration=True, encoding="utf-8")
