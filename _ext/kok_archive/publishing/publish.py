"""Publishing the events as data next to the HTML site, and into its pages:
the export files, the search index (search.py), schema.org JSON-LD and the download links."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from ..access import kok_domain
from ..config import categories, settings
from ..core import editions, exports
from ..core.dates import DateKind, month_title
from ..core.file_names import CSV, ICS, JSON, calendar_file, pdf_name, pdf_pages
from ..core.files import read_cache, write_cache, write_if_changed
from ..core.sites import SITE_BUILDERS
from ..i18n import _, ngettext
from ..nodes import kok_downloads
from . import printed, search

CALENDAR_CACHE = "kok-calendar-entries.pickle"  # beside Sphinx's own caches


def export_rows(app: Sphinx) -> list[exports.Row]:
    """One row per event, in date order; computed once per build and builder."""
    domain = kok_domain(app.env)
    labels = {key: category.label for key, category in categories(app.config).items()}
    page = functools.cache(lambda docname: page_uri(app.builder, docname))
    return domain.view(
        f"rows:{app.builder.name}",
        lambda: exports.rows(
            domain.all_events(),
            domain.registry,
            labels,
            lambda event: page(event.docname) + "#" + event.anchor,
            functools.cache(lambda month: month_title(month, app.config.language)),
            app.config.language if len(editions.languages(app)) > 1 else "",
            app.config.language or "de",
            _("Ohne Kategorie"),
        ),
    )


def write_files(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: runs before the search page is written, so Sphinx sees our files.
    Each file is written only when its content differs from the one already there."""
    if app.builder.name not in SITE_BUILDERS:
        return []
    rows = export_rows(app)
    out = Path(app.outdir)
    address = settings(app.config).address  # empty: relative links
    entries = exports.Entries(os.environ.get("SOURCE_DATE_EPOCH"), address, _load(app))
    write_if_changed(out / JSON, exports.to_json(rows, address, entries).encode("utf-8"))
    # the BOM tells Excel: UTF-8
    write_if_changed(out / CSV, exports.to_csv(rows, address, entries).encode("utf-8-sig"))
    write_if_changed(out / ICS, exports.to_ics(rows, "KOK-Archiv", entries))
    by_page: dict[str, list[exports.Row]] = {}
    for row in rows:
        by_page.setdefault(row.page, []).append(row)
    for page, own in sorted(by_page.items()):
        title = app.env.titles[page].astext() if page in app.env.titles else page
        write_if_changed(out / calendar_file(page), exports.to_ics(own, f"KOK-Archiv: {title}", entries))
    written = {calendar_file(page) for page in by_page}
    for stale in out.glob("kok-events-*.ics"):  # a year that was deleted or lost its events
        if stale.name not in written:
            stale.unlink()
    search.write_index(app, rows, page_uri)
    if entries.used.keys() != entries.known.keys():  # unchanged: the cache stays as it is
        _save(app, entries.used)
    return []


def _load(app: Sphinx) -> dict[str, bytes]:
    """The calendar entries of the last build, unless this one starts afresh (``-E``)."""
    known = None if app.fresh_env_used else read_cache(Path(app.doctreedir) / CALENDAR_CACHE, exports.FORMAT)
    return known if isinstance(known, dict) else {}


def _save(app: Sphinx, entries: dict[str, bytes]) -> None:
    write_cache(Path(app.doctreedir) / CALENDAR_CACHE, exports.FORMAT, entries)


def page_extras(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: JSON-LD on year pages."""
    if app.builder.name not in SITE_BUILDERS:
        return
    domain = kok_domain(app.env)
    if domain.events.get(pagename):
        rows = [row for row in export_rows(app) if row.page == pagename]
        script = exports.to_jsonld(rows, settings(app.config).address)
        context["metatags"] = context.get("metatags", "") + f'\n<script type="application/ld+json">{script}</script>'


def resolve_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the links to the export files and the PDFs, relative to the page, on
    HTML sites; no links beside epub, LaTeX, man pages …, which have no such files."""
    placeholders = list(doctree.findall(kok_downloads))
    links = Downloads(app, docname) if placeholders and app.builder.name in SITE_BUILDERS else None
    for placeholder in placeholders:
        if links is None:
            placeholder.parent.remove(placeholder)
            continue
        lines = [links.data(placeholder["page"])]
        if printed.wanted(app.config):
            lines.insert(0, links.printed(placeholder["page"]))
        placeholder.replace_self([line for line in lines if line.children])


class Downloads:
    """The download lines of one page."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.env, self.domain = app.env, kok_domain(app.env)
        self.here = page_uri(app.builder, docname)

    def printed(self, page: str) -> nodes.paragraph:
        """The printed review (``printed.py``): the page's own, or each year's on the home page."""
        domain = self.domain
        line = nodes.paragraph(classes=["kok-printed"])
        # a page whose file name gives another page's PDF name has none (printed.py warns, kok.pdf-name)
        pages = domain.timeline_pages()
        owners = {docnames[0] for docnames in pdf_pages(pages).values()}
        years = [page] if page else [year for year in pages if year in owners]
        if not years or (page and page not in owners):
            return line
        label = (_("Zum Drucken:") if page else _("Die Jahresrückblicke als PDF:")) + " "
        line += nodes.inline(label, label, classes=["kok-label"])
        for number, year in enumerate(years):
            title = self.env.titles[year].astext() if year in self.env.titles else year
            text = _("{title} als PDF").format(title=title) if page else year.rsplit("/", 1)[-1]  # years/2020: 2020
            line += [nodes.Text(" · ")] if number else []
            line += self.file_link(text, pdf_name(year))
        return line

    def data(self, page: str) -> nodes.paragraph:
        line = nodes.paragraph(classes=["kok-downloads"])
        label = _("Daten:") + " "
        line += nodes.inline(label, label, classes=["kok-label"])
        domain = self.domain
        shown = domain.events.get(page, []) if page else domain.all_events()
        files = [("JSON", JSON), ("CSV", CSV), (_("iCalendar (alle Jahre)"), ICS)]
        if page and domain.events.get(page):
            files.append((f"iCalendar ({self.env.titles[page].astext()})", calendar_file(page)))
        for number, (label, filename) in enumerate(files):
            if number:
                line += nodes.Text(" · ")
            line += self.file_link(label, filename)
        without_day = sum(1 for event in shown if event.date is not None and event.date.kind is DateKind.MONTH)
        undated = sum(1 for event in shown if event.date is None)  # kok.date: no calendar entry either
        counts = (
            (without_day, ngettext("{count} Ereignis ohne Tag", "{count} Ereignisse ohne Tag", without_day)),
            (
                undated,
                ngettext("{count} Ereignis ohne gültiges Datum", "{count} Ereignisse ohne gültiges Datum", undated),
            ),
        )
        missing = [text.format(count=n) for n, text in counts if n]
        if missing:
            both = _("{first} und {second}").format(first=missing[0], second=missing[-1]) if len(missing) > 1 else ""
            sentence = ngettext(
                "({missing} fehlt im Kalender)", "({missing} fehlen im Kalender)", without_day + undated
            )
            line += nodes.Text(" " + sentence.format(missing=both or missing[0]))
        return line

    def file_link(self, label: str, filename: str) -> nodes.reference:
        return nodes.reference(
            "", "", nodes.inline(label, label), refuri=relative_uri(self.here, filename), classes=["kok-download"]
        )


def page_uri(builder: Builder, docname: str) -> str:
    """A page's address from the site root, without singlehtml's ``#document-…`` part."""
    return builder.get_target_uri(docname).split("#")[0]


NAVIGATION_CAPTION = '<p class="caption" role="heading">'


SINGLE_PAGE_SECTION_LINK = re.compile(r'href="#document-[^"#]+#')


def complete_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, after the theme's: a heading role needs its level (WCAG 4.1.2);
    the captions of the navigation's toctrees ("Jahre", "Verzeichnisse") have none. On
    singlehtml, Sphinx 9.0 links sections as ``#document-<page>#<anchor>``: no such id."""
    for key in ("furo_navigation_tree", "sidebar_tree", "toc", "body"):
        if isinstance(context.get(key), str):
            text = context[key].replace(NAVIGATION_CAPTION, NAVIGATION_CAPTION[:-1] + ' aria-level="2">')
            if app.builder.name == "singlehtml":
                text = SINGLE_PAGE_SECTION_LINK.sub('href="#', text)
            context[key] = text
