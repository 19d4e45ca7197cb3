"""The event search on html and dirhtml: its index files beside the site, its scripts on
Sphinx's search page, and Sphinx's own index left to pages and organisations.

Sphinx's search loads its whole index before the first result and fetches every result page to
show a summary; at thirty years of events that is half a megabyte and seconds of waiting. So the
events have a search of their own (search_index.py, static/kok-suche*.js), and Sphinx's index
holds what it is good at: the pages, their titles and forewords, and the organisations. The
events' text is kept out of it (``no-search``) and the events are no search objects of Sphinx
(priority -1 in ``KokDomain.get_objects``); ``html_show_search_summary`` is off unless
``conf.py`` sets it, as its summaries would fetch every page found.
"""

from __future__ import annotations

import functools
import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from .. import nodes as kok_nodes
from .. import paths
from ..access import kok_domain
from ..config import categories
from ..core.exports import Row, with_events
from ..core.files import read_cache, write_cache, write_if_changed
from ..core.search_index import Entry, Index, pack, unpack
from ..core.sites import SITE_BUILDERS
from ..versions import SEARCH_TERMS
from .assets import script_texts

if TYPE_CHECKING:
    pass

FOLDER = "kok-suche"  # in _static
WORDS = "kok-suche-worte.js"  # in static/: the word rules, in the search page itself
SOURCES = ("kok-suche-finden.js", "kok-suche.js")  # in static/, joined after the language's stemmer
SCRIPT = "kok-suche-alles.js"  # in _static: the stemmer and stop words of the site's language, then SOURCES
STATIC = paths.STATIC
TERMS_CACHE = "kok-search-terms.pickle"  # beside Sphinx's own caches
LOADER = "KOK_SUCHE.laden"  # each file calls it: script tags load them, on file:// too
# what the search page does not use: code colours and sphinx-design's components. Its stylesheets
# hold up the page (a script early in furo's body waits for every stylesheet) and with it the first
# result; without them the search page asks for 75 kB less before it can show anything.
NOT_ON_SEARCH_PAGE = frozenset(
    {"pygments.css", "sphinx-design.min.css", "design-tabs.js", "kok-filter.js", "kok-moved.js"}
)


def keep_summaries_off(app: Sphinx, config: Config) -> None:
    """``config-inited``: no summaries in Sphinx's results unless ``conf.py`` asks for them."""
    if "html_show_search_summary" not in config._raw_config:
        config.html_show_search_summary = False


def keep_events_out(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the events' text stays out of Sphinx's index (our own holds it)."""
    if app.builder.name in SITE_BUILDERS:
        for event in doctree.findall(kok_nodes.kok_event):
            if "no-search" not in event["classes"]:
                event["classes"].append("no-search")


def add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the event search first in the head of the search page, before the
    theme's styles and scripts, so that its files are fetched first and it runs while the page is
    read: ``meta`` preloaded; the word rules in the page itself, which at once ask for the index
    files of the query's words (a few kB: one round trip less than a script that would have to
    arrive first); then the rest of the search in one script (write_index). The page leaves out
    the stylesheets and scripts it does not use (NOT_ON_SEARCH_PAGE)."""
    if app.builder.name not in SITE_BUILDERS or pagename != "search":
        return
    folder = Path(app.outdir) / "_static" / FOLDER  # by write_index, at html-collect-pages: before this page
    files = json.dumps({kind: sorted(p.stem[2:] for p in folder.glob(f"{kind}-*.js")) for kind in "vh"})
    rules = (STATIC / WORDS).read_text(encoding="utf-8").replace("</", "<\\/")  # no end of the script tag
    meta = context["pathto"](f"_static/{FOLDER}/meta.js", 1)  # as kok-suche-finden.js asks for it
    script = f"{context['pathto'](f'_static/{SCRIPT}', 1)}?v={_checksum(folder.parent / SCRIPT)}"
    tags = [
        f'<link rel="preload" href="{meta}" as="script" fetchpriority="high">',
        f"<script>\n{rules}KOK_WORTE.preload({files});\n</script>",
        f'<script src="{script}"></script>',
    ]
    context["metatags"] = "\n".join(tags) + "\n" + context.get("metatags", "")
    for kind in ("css_files", "script_files"):  # the builder's lists: this page gets its own
        context[kind] = [asset for asset in context[kind] if _name(asset) not in NOT_ON_SEARCH_PAGE]


def _name(asset: Any) -> str:
    """The file name of a stylesheet or script of Sphinx's page context (a string in old themes)."""
    return Path(str(getattr(asset, "filename", asset))).name


class _Terms:
    """The words and keys of each text, kept between builds beside the doctrees (``TERMS_CACHE``):
    read into the index before it is made, kept when its texts changed; none after ``-E``."""

    def __init__(self, app: Sphinx, index: Index, language: str) -> None:
        self.index, self.cache = index, Path(app.doctreedir) / TERMS_CACHE
        # what the terms are made with: their shape, the language's stemmer and its stop words
        self.made_with = (SEARCH_TERMS.number, language, sorted(index.stopwords))
        packed = None if app.fresh_env_used else read_cache(self.cache, self.made_with)
        index.known_terms = unpack(packed) if packed else {}

    def keep(self) -> None:
        """After ``Index.files``: the terms of this build's texts, unless they are those already kept."""
        # every text's terms known, and as many texts as known: the same texts (distinct texts, distinct digests)
        index = self.index
        if index.made_terms or len(index.used_terms) != len(index.known_terms):
            write_cache(self.cache, self.made_with, pack(index.used_terms))


def _checksum(path: Path) -> str:
    """A new address when the file changes, as Sphinx gives its own scripts (``?v=``)."""
    return f"{zlib.crc32(path.read_bytes()):08x}"


def language_script(app: Sphinx) -> str:
    """Sphinx's stemmer for the site's language and its stop words, as its language_data.js has
    them, for the search before Sphinx's own scripts are read (its ``stopwords`` is a ``const``:
    ours has a name of its own)."""
    indexer = app.builder.indexer  # type: ignore[attr-defined]
    stopwords = json.dumps(sorted(indexer.lang.stopwords), ensure_ascii=False)
    return f"{indexer.get_js_stemmer_code()}\nvar KOK_STOPPWOERTER = new Set({stopwords});\n"


def search_script(app: Sphinx) -> str:
    """The search but its word rules, in one script, one request: the language's stemmer and stop
    words (not strict: Sphinx's stemmer code assigns globals), the finding and the showing (each
    strict in its own function)."""
    sources = [(STATIC / name).read_text(encoding="utf-8") for name in SOURCES]
    return "\n".join([language_script(app), script_texts(app), *sources])


def write_index(app: Sphinx, rows: list[Row], page_uri: Any) -> None:
    """The index files in ``_static/kok-suche``; a file no longer made is removed."""
    domain = kok_domain(app.env)
    language = app.builder.indexer.lang  # type: ignore[attr-defined]
    index = Index(functools.cache(language.stem), frozenset(language.stopwords))
    terms = _Terms(app, index, language.lang)
    index.categories = [(key, c.label, c.color) for key, c in categories(app.config).items()]
    pages: dict[str, int] = {}
    orgs: dict[str, int] = {}  # by address
    written_orgs: dict[str, int] = {}  # by the name as written: slug is slow, names recur
    for row, event in with_events(rows, domain.all_events()):
        found = []
        for written in event.orgs:
            if written not in written_orgs:
                org = domain.registry.resolve(written)
                if org.slug not in orgs:
                    orgs[org.slug] = len(index.organisations)
                    index.organisations.append((org.slug, org.display, org.spellings()))
                written_orgs[written] = orgs[org.slug]
            found.append(written_orgs[written])
        page = pages.setdefault(row.page, len(pages))
        month = int(row.month[5:]) if row.month else 0
        extra = (*row.persons, row.category_label)
        entry = Entry(page, row.id, row.date_text, row.year, month, row.category, row.title, row.details,
                      tuple(dict.fromkeys(found)), extra)  # fmt: skip
        index.entries.append(entry)
    index.pages = [page_uri(app.builder, page) for page in pages]
    folder = Path(app.outdir) / "_static" / FOLDER
    write_if_changed(folder.parent / SCRIPT, search_script(app).encode())
    made = set()
    for name, data in index.files().items():
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        write_if_changed(folder / f"{name}.js", f'{LOADER}("{name}",{text});\n'.encode())
        made.add(f"{name}.js")
    for stale in folder.glob("*.js"):
        if stale.name not in made:
            stale.unlink()
    terms.keep()
    # the search of earlier versions, in an old output
    for old in ("kok-search-index.js", "kok-search.js", WORDS, *SOURCES):
        (folder.parent / old).unlink(missing_ok=True)
