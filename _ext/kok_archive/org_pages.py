"""One page per organisation on html and dirhtml: ``organisationen/<slug>.html`` beside the
A–Z index (``organisationen.html``), which keeps each organisation's old anchor.

The pages are no documents: they are made from the domain's records at ``html-collect-pages``
and rendered with the theme's ``page.html``, like every page (sidebar, search field, German
interface). A page is rendered and written again only when what it shows changed: a digest per
page is kept in ``kok-org-pages.json`` beside the doctrees (a fresh build, ``-E``, writes all).
Pages of organisations that left the archive are deleted. Each page is given to Sphinx's search
with its name and other spellings (not its events: their own year page is found for them), so
that the ``kok:org`` search objects can link to it.

Every other builder shows the index as one document with all events (``views``).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import CONFIG_OK
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

from . import __version__
from .freshness import site_digest
from .indexes import OrgEntry, org_page_signature
from .logs import warn
from .views import Views, count_events

if TYPE_CHECKING:
    from .domain import KokDomain

BUILDERS = ("html", "dirhtml")  # a page per organisation; elsewhere the index is one document
CACHE = "kok-org-pages.json"  # beside the doctrees: digest of each page as last written
LAYOUT = 1  # bump when the pages' markup changes: every page is written again


def start(app: Sphinx) -> None:
    """``builder-inited``: tell the domain whether organisations get pages of their own, and
    whether they are all written afresh."""
    domain = _domain(app)
    domain.org_pages_enabled = app.builder.name in BUILDERS
    # a fresh build, or a changed configuration: Sphinx reads and writes every document, and so
    # every page is written (the status is reset to "ok" after reading)
    domain.org_pages_afresh = app.fresh_env_used or app.env.config_status != CONFIG_OK


def _domain(app: Sphinx) -> KokDomain:
    return app.env.domains["kok"]  # type: ignore[return-value]


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the pages whose content or surroundings changed, or whose file is
    missing; every page fed to the search index; stale pages deleted."""
    domain = _domain(app)
    if not domain.org_pages_enabled:
        return
    builder, outdir = app.builder, Path(app.outdir)
    pages = [(name, entry) for name, entry in domain.org_pages() if _free(app, name)]
    before = _load(app)
    after: dict[str, str] = {}
    surroundings = _surroundings(app)
    _keep_in_search(builder, {name for name, _ in pages})
    navigation = SharedNavigation(app, pages[0][0]) if pages else None
    for number, (pagename, entry) in enumerate(pages):
        neighbours = [pages[n] for n in (number - 1, number + 1) if 0 <= n < len(pages)]
        digest = _digest(surroundings, org_page_signature(entry), [(n, e.organisation.name) for n, e in neighbours])
        after[pagename] = digest
        _feed_search(builder, pagename, entry)
        if before.get(pagename) == digest and _output(builder, pagename).is_file():
            continue
        context = _context(app, pagename, entry, pages, number)
        context["toctree"] = navigation
        yield pagename, context, "page.html"
    for stale in sorted(before.keys() - after.keys()):  # organisations no longer in the archive
        _delete(builder, outdir, stale)
    _save(app, after)


def _free(app: Sphinx, pagename: str) -> bool:
    """A document of the same name wins (``organisationen/<slug>.md``); said once per build."""
    if pagename not in app.env.all_docs:
        return True
    warn(
        "duplicate",
        f"Die Seite der Organisation »{pagename}« gibt es schon als Dokument; die Organisation "
        "bekommt keine eigene Seite.",
        pagename,
    )
    return False


def _context(
    app: Sphinx, pagename: str, entry: OrgEntry, pages: list[tuple[str, OrgEntry]], number: int
) -> dict[str, Any]:
    builder, env = app.builder, app.env
    index_page = _domain(app).page_with("orgs") or ""
    content = Views(env, builder, pagename).org_page(entry, index_page)
    years = nodes.bullet_list()
    for section in (child for child in content.children if isinstance(child, nodes.section)):
        title = section[0].astext()
        link = nodes.reference("", "", nodes.Text(title), refuri="#" + section["ids"][0], internal=True)
        years += nodes.list_item("", nodes.paragraph("", "", link))
    body = _render(builder, pagename, content)

    def neighbour(n: int) -> dict[str, str] | None:
        if not 0 <= n < len(pages):
            return None
        other, org = pages[n][0], pages[n][1].organisation
        return {"link": builder.get_relative_uri(pagename, other), "title": html.escape(org.name)}

    index_title = env.titles[index_page].astext() if index_page in env.titles else "Organisationen"
    return {
        "title": html.escape(entry.organisation.name),
        "body": body,
        "parents": [{"link": builder.get_relative_uri(pagename, index_page), "title": html.escape(index_title)}],
        "prev": neighbour(number - 1),
        "next": neighbour(number + 1),
        "meta": {},
        "metatags": "",
        "sourcename": "",
        "toc": "",  # set after the theme's handler (page_context): furo looks up the TOC of documents only
        "kok_org_toc": _render(builder, pagename, years) if years.children else "",
        "display_toc": bool(years.children),
        # for OpenGraph and search engines (online.describe_org_page)
        "kok_org_description": f"{entry.organisation.display} im {app.config.project}: "
        f"{count_events(len(entry.events))} aus den Jahresrückblicken, nach Jahr und Monat.",
    }


class SharedNavigation:
    """The theme's navigation (``toctree()`` in a template), made once for all organisation pages:
    none of them is in a toctree, and all stand at the same depth, so it is the same for each
    (Sphinx makes it anew for every page: about 20 ms at 30 years)."""

    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.app, self.pagename = app, pagename
        self.made: dict[tuple[tuple[str, Any], ...], str] = {}

    def __call__(self, **kwargs: Any) -> str:
        key = tuple(sorted(kwargs.items()))
        if key not in self.made:
            self.made[key] = self.make(**kwargs)
        return self.made[key]

    def make(self, collapse: bool = True, **kwargs: Any) -> str:
        """As Sphinx's ``toctree()`` of a page (``StandaloneHTMLBuilder._get_local_toctree``)."""
        kwargs.setdefault("includehidden", False)
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        builder = self.app.builder
        tree = global_toctree_for_doc(
            self.app.env, self.pagename, builder, tags=builder.tags, collapse=collapse, **kwargs
        )
        return str(builder.render_partial(tree)["fragment"])  # type: ignore[attr-defined]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, after the theme: the years of an organisation's page in the page TOC."""
    toc = context.pop("kok_org_toc", None)
    if toc:
        context["toc"] = toc
        context["display_toc"] = True
        context["furo_hide_toc"] = False


def _render(builder: Builder, pagename: str, content: nodes.Element) -> str:
    """HTML of builder-neutral nodes, written by the builder's own translator, as on every page."""
    document = new_document(f"<{pagename}>", builder.docsettings)  # type: ignore[attr-defined]
    document += content
    before = builder.current_docname  # type: ignore[attr-defined]
    builder.current_docname = pagename  # type: ignore[attr-defined]
    builder.secnumbers, builder.fignumbers = {}, {}  # type: ignore[attr-defined]
    builder.imgpath = relative_uri(builder.get_target_uri(pagename), "_images")
    try:
        translator = builder.create_translator(document, builder)
        document.walkabout(translator)
        return "".join(translator.fragment)  # type: ignore[attr-defined]
    finally:
        builder.current_docname = before  # type: ignore[attr-defined]


def _feed_search(builder: Builder, pagename: str, entry: OrgEntry) -> None:
    """The page in Sphinx's search with its names, so that ``kok:org`` objects link to it. Every
    build: Sphinx keeps only documents of the last index."""
    indexer = getattr(builder, "indexer", None)
    if indexer is None:
        return
    org = entry.organisation
    document = new_document(f"<{pagename}>", builder.docsettings)  # type: ignore[attr-defined]
    section = nodes.section(ids=[entry.anchor])
    section += nodes.title(org.name, org.name)
    spellings = [s for s in (org.short, *org.aliases) if s]
    if spellings:
        section += nodes.paragraph("", "; ".join(spellings))
    document += section
    indexer.feed(pagename, "", org.name, document)


def _keep_in_search(builder: Builder, pagenames: set[str]) -> None:
    """Sphinx prunes its search index to the documents just before writing it; the organisation
    pages are no documents. This build's indexer keeps them (an attribute of this one object)."""
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not pagenames:
        return
    prune = indexer.prune

    def prune_keeping_org_pages(docnames: Iterable[str]) -> None:
        prune(set(docnames) | pagenames)

    indexer.prune = prune_keeping_org_pages


def _surroundings(app: Sphinx) -> str:
    """What every page shows around its content: navigation (titles and toctrees), configuration
    and templates (Sphinx re-writes every document when these change), the extension."""
    builder = app.builder
    info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    return repr(
        (
            LAYOUT,
            __version__,
            builder.name,
            str(app.outdir),
            site_digest(app.env),
            (info.config_hash, info.tags_hash) if info else None,
            templates.newest_template_mtime() if templates else None,
        )
    )


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _output(builder: Builder, pagename: str) -> Path:
    return Path(builder.get_outfilename(pagename))  # type: ignore[attr-defined]


def _delete(builder: Builder, outdir: Path, pagename: str) -> None:
    path = _output(builder, pagename)
    if outdir in path.parents and path.is_file():
        path.unlink()
        if builder.name == "dirhtml" and not any(path.parent.iterdir()):
            path.parent.rmdir()


def _load(app: Sphinx) -> dict[str, str]:
    """The digests of the last build; none after ``-E`` or a change of configuration (Sphinx
    writes every document then, and so the pages), but
    the names still count, so that pages of organisations gone since are deleted."""
    try:
        known = json.loads((Path(app.doctreedir) / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(known, dict) or known.get("builder") != app.builder.name:
        return {}
    pages = known.get("pages")
    if not isinstance(pages, dict) or not all(isinstance(v, str) for v in pages.values()):
        return {}
    return dict.fromkeys(pages, "") if _domain(app).org_pages_afresh else pages


def _save(app: Sphinx, pages: dict[str, str]) -> None:
    """Written whole or not at all: a build stopped halfway leaves the last good file."""
    path = Path(app.doctreedir) / CACHE
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"builder": app.builder.name, "pages": pages}, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)
