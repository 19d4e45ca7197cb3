"""Pages of our own beside the documents, on html and dirhtml only: one per organisation
(``org_pages``) and one per category (``category_pages``), each kind beside its index page.

The pages are no documents: they are made from the domain's records at ``html-collect-pages``
and rendered with the theme's ``page.html``, like every page (sidebar, search field, German
interface). A page is rendered and written again only when what it shows changed: a digest per
page is kept in a file per kind beside the doctrees (a fresh build, ``-E``, writes all). Pages
that left the archive are deleted. Each page is given to Sphinx's search with its title and a
few words (not its events: their own year page is found for them).

Every other builder shows the index as one document with all events (``views``).
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import CONFIG_OK
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

from ..access import kok_domain
from ..core.files import write_whole
from ..core.sites import SITE_BUILDERS
from ..i18n import _
from ..logs import warn
from ..reading.freshness import site_digest
from ..versions import __version__

if TYPE_CHECKING:
    from ..domain import KokDomain

E = TypeVar("E")


def start(app: Sphinx) -> None:
    """``builder-inited``: tell the domain whether organisations and categories get pages of
    their own, and whether they are all written afresh."""
    domain = _domain(app)
    domain.pages_enabled = app.builder.name in SITE_BUILDERS
    # a fresh build, or a changed configuration: Sphinx reads and writes every document, and so
    # every page is written (the status is reset to "ok" after reading)
    domain.pages_afresh = app.fresh_env_used or app.env.config_status != CONFIG_OK


def _domain(app: Sphinx) -> KokDomain:
    return kok_domain(app.env)


class PageSet(Generic[E]):
    """One kind of page of our own: which pages there are, what each shows and says."""

    kind: ClassVar[str]  # the kind of view on the index page ("orgs", "categories")
    cache: ClassVar[str]  # beside the doctrees, per builder: digest of each page as last written
    layout: ClassVar[int]  # versions.py: bumped when the pages' markup changes, every page is written again
    of_what: ClassVar[str]  # "der Organisation" and
    subject: ClassVar[str]  # "die Organisation": in messages
    index_title: ClassVar[str]  # the index page's title when it has none (German: translated when shown)

    def __init__(self, app: Sphinx) -> None:
        self.app, self.builder, self.env = app, app.builder, app.env
        self.domain = _domain(app)

    # -- what a kind says ---------------------------------------------------

    def pages(self) -> list[tuple[str, E]]:
        raise NotImplementedError

    def title(self, entry: E) -> str:
        raise NotImplementedError

    def signature(self, entry: E) -> tuple[object, ...]:
        """Everything the page shows of the records."""
        raise NotImplementedError

    def content(self, pagename: str, entry: E) -> nodes.section:
        raise NotImplementedError

    def description(self, entry: E) -> str:
        """For OpenGraph and search engines (``online.describe_own_page``)."""
        raise NotImplementedError

    def searched(self, entry: E) -> nodes.section:
        """What Sphinx's search knows of the page."""
        raise NotImplementedError

    # -- the machinery ------------------------------------------------------

    @property
    def index_page(self) -> str:
        return self.domain.page_with(self.kind) or ""

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        """``html-collect-pages``: the pages whose content or surroundings changed, or whose
        file is missing; every page fed to the search index; stale pages deleted."""
        if not self.domain.pages_enabled:
            return
        builder, outdir = self.builder, Path(self.app.outdir)
        pages = [(name, entry) for name, entry in self.pages() if self._free(name)]
        before = self._load()
        after: dict[str, str] = {}
        surroundings = _surroundings(self.app, self.layout)
        _keep_in_search(builder, {name for name, _ in pages})
        navigation = SharedNavigation(self.app, pages[0][0]) if pages else None
        for number, (pagename, entry) in enumerate(pages):
            neighbours = [pages[n] for n in (number - 1, number + 1) if 0 <= n < len(pages)]
            digest = _digest(surroundings, self.signature(entry), [(n, self.title(e)) for n, e in neighbours])
            after[pagename] = digest
            self._feed_search(pagename, entry)
            if before.get(pagename) == digest and _output(builder, pagename).is_file():
                continue
            context = self._context(pagename, entry, pages, number)
            context["toctree"] = navigation
            yield pagename, context, "page.html"
        for stale in sorted(before.keys() - after.keys()):  # no longer in the archive
            _delete(builder, outdir, stale)
        self._save(after)

    def _free(self, pagename: str) -> bool:
        """A document of the same name wins (e.g. ``organisationen/<slug>.md``); said once per build."""
        if pagename not in self.env.all_docs:
            return True
        warn(
            "duplicate",
            f"Die Seite {self.of_what} »{pagename}« gibt es schon als Dokument; {self.subject} "
            "bekommt keine eigene Seite.",
            pagename,
        )
        return False

    def _context(self, pagename: str, entry: E, pages: list[tuple[str, E]], number: int) -> dict[str, Any]:
        builder, env, index_page = self.builder, self.env, self.index_page
        content = self.content(pagename, entry)
        years = nodes.bullet_list()
        for section in (child for child in content.children if isinstance(child, nodes.section)):
            title = section[0].astext()
            link = nodes.reference("", "", nodes.Text(title), refuri="#" + section["ids"][0], internal=True)
            years += nodes.list_item("", nodes.paragraph("", "", link))
        body = render(builder, pagename, content)

        def neighbour(n: int) -> dict[str, str] | None:
            if not 0 <= n < len(pages):
                return None
            other, other_entry = pages[n]
            return {"link": builder.get_relative_uri(pagename, other), "title": html.escape(self.title(other_entry))}

        index_title = env.titles[index_page].astext() if index_page in env.titles else _(self.index_title)
        return {
            "title": html.escape(self.title(entry)),
            "body": body,
            "parents": [{"link": builder.get_relative_uri(pagename, index_page), "title": html.escape(index_title)}],
            "prev": neighbour(number - 1),
            "next": neighbour(number + 1),
            "meta": {},
            "metatags": "",
            "sourcename": "",
            "toc": "",  # set after the theme's handler (page_context): furo looks up the TOC of documents only
            "kok_page_toc": render(builder, pagename, years) if years.children else "",
            "display_toc": bool(years.children),
            "kok_page_description": self.description(entry),
        }

    def _feed_search(self, pagename: str, entry: E) -> None:
        """The page in Sphinx's search with its title and a few words. Every build: Sphinx keeps
        only documents of the last index."""
        indexer = getattr(self.builder, "indexer", None)
        if indexer is None:
            return
        document = new_document(f"<{pagename}>", self.builder.docsettings)  # type: ignore[attr-defined]
        document += self.searched(entry)
        indexer.feed(pagename, "", self.title(entry), document)

    def _load(self) -> dict[str, str]:
        """The digests of the last build; none after ``-E`` or a change of configuration (Sphinx
        writes every document then, and so the pages), but the names still count, so that
        pages gone since are deleted."""
        try:
            known = json.loads(self._cache_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(known, dict) or known.get("builder") != self.builder.name:
            return {}
        pages = known.get("pages")
        if not isinstance(pages, dict) or not all(isinstance(v, str) for v in pages.values()):
            return {}
        return dict.fromkeys(pages, "") if self.domain.pages_afresh else pages

    def _save(self, pages: dict[str, str]) -> None:
        """Written whole or not at all: a build stopped halfway leaves the last good file."""
        text = json.dumps({"builder": self.builder.name, "pages": pages}, sort_keys=True)
        write_whole(self._cache_file(), text)

    def _cache_file(self) -> Path:
        """One per builder: html and dirhtml may share the doctree folder (``-d``, the tests' apps),
        and each must delete the pages gone from its own output."""
        return builder_cache(self.app, self.cache)


class SharedNavigation:
    """The theme's navigation (``toctree()`` in a template), made once for all pages of a kind:
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
    """``html-page-context``, after the theme: the years of a page of our own in the page TOC."""
    toc = context.pop("kok_page_toc", None)
    if toc:
        context["toc"] = toc
        context["display_toc"] = True
        context["furo_hide_toc"] = False


def render(builder: Builder, pagename: str, content: nodes.Element) -> str:
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


def _keep_in_search(builder: Builder, pagenames: set[str]) -> None:
    """Sphinx prunes its search index to the documents just before writing it; our pages are no
    documents. This build's indexer keeps them (an attribute of this one object; each kind of
    page wraps it once more)."""
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not pagenames:
        return
    prune = indexer.prune

    def prune_keeping_own_pages(docnames: Iterable[str]) -> None:
        prune(set(docnames) | pagenames)

    indexer.prune = prune_keeping_own_pages


def builder_cache(app: Sphinx, name: str) -> Path:
    """``kok-org-pages.json`` of the html builder: ``<doctrees>/kok-org-pages.html.json``."""
    stem, dot, suffix = name.rpartition(".")
    return Path(app.doctreedir) / f"{stem}.{app.builder.name}{dot}{suffix}"


def _surroundings(app: Sphinx, layout: int) -> str:
    """What every page shows around its content: navigation (titles and toctrees), configuration
    and templates (Sphinx re-writes every document when these change), the extension."""
    builder = app.builder
    info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    return repr(
        (
            layout,
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
