"""The site online: one public address, Sphinx's own ``html_baseurl``.

With an address, three extensions of the ecosystem are switched on – ``sphinx-sitemap``,
``sphinxext-opengraph`` and ``sphinx-notfound-page`` – configured from that address, and this
module fills their gaps (see the functions). Without one, none of them is loaded: the site keeps
relative links and works from any folder.
"""

from __future__ import annotations

import contextlib
import html
import io
import queue
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.core import Locale, get_global
from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.config import Config

from ..access import kok_domain
from ..config import public_address, settings
from ..core.editions import add_sitemap_alternates, languages
from ..core.files import write_if_changed
from ..core.sites import SITE_BUILDERS
from ..i18n import _

ROBOTS = "robots.txt"
SALUTATION = re.compile(r".{0,80},")  # "Liebe Leser*innen," opens a foreword but says nothing


def setup(app: Sphinx) -> None:
    """Called from ``kok_archive.setup``: the address decides which extensions are loaded, so it
    is looked at here, before ``config-inited``; config.settle warns about it and derives the
    edition's address from it."""
    if not public_address(app.config.html_baseurl or "")[0]:
        app.connect("html-collect-pages", remove_stale_files)
        return

    # sphinxext-opengraph prints a note about matplotlib (social cards) when imported: not for authors
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("notfound.extension")
    app.connect("config-inited", configure_extensions, priority=160)  # after config.settle (150)

    app.connect("builder-inited", sitemap_in_this_process, priority=600)  # after sphinx-sitemap's (500)
    app.connect("builder-inited", german_404_page)
    app.connect("html-page-context", describe_year_page, priority=450)  # before opengraph (500)
    app.connect("html-page-context", root_of_404_page)
    app.connect("html-page-context", describe_own_page, priority=600)  # beside opengraph's (500)
    app.connect("html-collect-pages", write_robots)
    app.connect("build-finished", complete_sitemap, priority=450)  # before sphinx-sitemap (500)
    app.connect("build-finished", top_level_404_page)
    app.connect("build-finished", add_sitemap_alternates, priority=600)  # after sphinx-sitemap (500)


def configure_extensions(app: Sphinx, config: Config) -> None:
    """``config-inited``: sitemap, OpenGraph and 404 page from this edition's address."""
    address = settings(config).address
    config.ogp_site_url = address  # not derived from html_baseurl by the extension itself
    config.ogp_social_cards = {"enable": False}  # images drawn with matplotlib: none, no fonts either
    config.ogp_custom_meta_tags = [
        f'<meta property="og:locale" content="{og_locale(config.language or "de")}" />',
        '<meta name="twitter:card" content="summary" />',  # title and description: from og:*
    ]
    config.sitemap_url_scheme = "{link}"  # the default puts language and version into every address
    if len(languages(app)) > 1:  # its alternates assume a folder per language: editions.py adds ours
        config.sitemap_locales = [None]
    config.sitemap_show_lastmod = False  # no git: builds outside a checkout or from a shallow clone
    config.notfound_urls_prefix = urlsplit(address).path  # the default is Read the Docs' /en/latest/


def og_locale(language: str) -> str:
    """``de`` → ``de_DE``: OpenGraph wants language and territory."""
    likely = get_global("likely_subtags")
    locale = Locale.parse(likely.get(language, language))
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def german_404_page(app: Sphinx) -> None:
    """The page for unknown addresses, in the edition's language, with links that work from any depth."""
    if app.builder.name not in SITE_BUILDERS:  # no 404 page (epub, singlehtml), or no pages at all (latex)
        return
    prefix = app.config.notfound_urls_prefix
    search = prefix + app.builder.get_target_uri("search")
    title = _("Seite nicht gefunden")
    text = _(
        "Unter dieser Adresse gibt es keine Seite im {project}. Weiter geht es auf der {home} oder mit der {search}."
    )
    links = {
        "home": f'<a href="{prefix}">{html.escape(_("Startseite"))}</a>',
        "search": f'<a href="{search}">{html.escape(_("Suche"))}</a>',
    }
    body = html.escape(text).format(project=html.escape(app.config.project), **links)
    app.config.notfound_context = {"title": title, "body": f"<h1>{html.escape(title)}</h1>\n<p>{body}</p>"}


def root_of_404_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """sphinx-notfound-page makes every link and asset of the 404 page absolute, but not the
    ``data-content_root`` that Sphinx's scripts resolve against: relative, it would point into
    whichever folder the unknown address named."""
    if pagename == app.config.notfound_pagename and app.builder.name in SITE_BUILDERS:
        context["content_root"] = app.config.notfound_urls_prefix


def describe_year_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """sphinxext-opengraph describes a page by its first text; on a year page without a foreword
    that is the legend ("Kategorien: …") or the first event. A page with a timeline is described
    by its foreword's first paragraph instead (after a salutation such as "Liebe Leser*innen,"),
    given as page metadata, which the extension prefers, and as ``<meta name="description">``."""
    if doctree is None or app.builder.name not in SITE_BUILDERS:
        return
    meta = context.get("meta") or {}
    if "og:description" in meta:  # the page sets its own
        return
    text = year_page_description(doctree, app.config.ogp_description_length)
    if text:
        escaped = html.escape(text, quote=True)
        context["meta"] = {**meta, "og:description": escaped}  # a copy: never the environment's own
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{escaped}" />'


def describe_own_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """sphinxext-opengraph tags only documents (it needs a doctree); an organisation's or a
    category's own page (``pages``) gets the same tags from the extension, described by its
    name and count."""
    description = context.pop("kok_page_description", "")
    if not description or doctree is not None or app.builder.name not in SITE_BUILDERS:
        return
    from sphinxext.opengraph import get_tags  # type: ignore[import-untyped]

    document = new_document(pagename)
    document += nodes.paragraph(description, description)
    escaped = html.escape(description, quote=True)
    context["meta"] = {**(context.get("meta") or {}), "og:description": escaped}
    tags = get_tags(
        context,
        document,
        srcdir=app.srcdir,
        outdir=app.outdir,
        config=app.config,
        builder=app.builder,
        env=app.env,
    )
    context["metatags"] = context.get("metatags", "") + tags + f'\n<meta name="description" content="{escaped}" />'


def year_page_description(doctree: nodes.document, length: int) -> str:
    """The foreword's first paragraph, shortened at a word to ``length`` characters; empty for a
    page without a timeline. A timeline without a foreword: the page's title and its events."""
    if not any("kok-legend" in node["classes"] for node in doctree.findall(nodes.container)):
        return ""
    section = next(iter(doctree.findall(nodes.section)), None)
    paragraphs: list[str] = []
    for child in section.children if section else []:
        if isinstance(child, nodes.section | nodes.container):
            break  # the timeline, an event or a heading: the foreword has ended
        if isinstance(child, nodes.paragraph):
            paragraphs.append(" ".join(child.astext().split()))
    paragraphs = [text for text in paragraphs if text]
    content = [text for text in paragraphs if not SALUTATION.fullmatch(text)]
    if content:  # after a salutation the letter goes on in lower case: "die Corona-Pandemie …"
        first = content[0]
        return shorten(first[0].upper() + first[1:] if content[0] != paragraphs[0] else first, length)
    if paragraphs:
        return shorten(paragraphs[0], length)
    title = section[0].astext() if section and isinstance(section[0], nodes.title) else ""
    return _("{title}: die Ereignisse des Jahres, nach Monaten geordnet.").format(title=title) if title else ""


def shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:–-") + "…"


def write_robots(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: ``robots.txt`` names the sitemap by its absolute address (a static
    file in ``html_extra_path`` cannot know it). A ``robots.txt`` of one's own in
    ``html_extra_path`` is copied later and wins."""
    if app.builder.name in SITE_BUILDERS:
        sitemap = settings(app.config).address + app.config.sitemap_filename
        text = f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n"
        write_if_changed(Path(app.outdir, ROBOTS), text)
    return []


def remove_stale_files(app: Sphinx) -> list[Any]:
    """Without an address: what a build with one left in the output folder (it names the old
    address) goes, unless the project writes such a file itself (``html_extra_path`` is copied
    later, a ``404.md`` page was written before)."""
    if app.builder.name in SITE_BUILDERS:
        names = [ROBOTS, "sitemap.xml"]
        if "404" not in app.env.found_docs:
            names += ["404.html", "404/index.html"]
        for name in names:
            Path(app.outdir, name).unlink(missing_ok=True)
    return []


def sitemap_in_this_process(app: Sphinx) -> None:
    """sphinx-sitemap starts a multiprocessing server per build for a queue the ``-j`` writers share.
    ``complete_sitemap`` fills the list itself, so an ordinary queue serves; the server, no longer
    referenced, shuts down at once instead of outliving the build (it kept test processes from exiting)."""
    if getattr(app, "sitemap_links", None) is not None:
        app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """Before sphinx-sitemap writes: it lists only the pages written by *this* build (an
    incremental build would drop every unchanged page), in the order the writers finished (not
    reproducible with ``-j``), with search, index and 404 pages, and for any HTML-like builder
    (epub, singlehtml). Its queue gets exactly the site's documents instead, sorted, on html and
    dirhtml (with each organisation's and category's page); elsewhere nothing, so no sitemap is written."""
    links = getattr(app, "sitemap_links", None)
    if links is None:
        return
    with contextlib.suppress(queue.Empty):
        while True:
            links.get_nowait()
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    domain = kok_domain(app.env)
    own = [page for page, _ in [*domain.org_pages(), *domain.category_pages()]]
    pages = (app.env.found_docs | set(own)) - {app.config.notfound_pagename}
    for uri in sorted(app.builder.get_target_uri(page) for page in pages):
        links.put((uri, None))


def top_level_404_page(app: Sphinx, exception: BaseException | None) -> None:
    """dirhtml writes the 404 page as ``404/index.html``; static hosts look for ``404.html``.
    Its links are absolute, so a copy works."""
    if exception is None and app.builder.name == "dirhtml":
        written = Path(app.outdir, app.config.notfound_pagename, "index.html")
        if written.is_file():
            shutil.copyfile(written, Path(app.outdir, f"{app.config.notfound_pagename}.html"))
