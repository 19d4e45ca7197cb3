"""The printed yearly review: one PDF per year page (``make pdf``), from the page's own doctree
and event records, never from the built site.

``kok_pdf_dir`` (empty: no PDFs) names the folder. After an HTML build, each page with a
timeline becomes an HTML document of its own (cover, foreword, one page per month, funding
notice) and WeasyPrint makes it a tagged PDF. WeasyPrint is imported only here, when asked for:
if it is missing or fails, the site is built all the same and the year gets a ``kok.pdf`` warning.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .assets import colour_rules
from .config import categories
from .dates import format_short
from .directives import is_web_address
from .logs import warn
from .model import Event, group_by_month, slugify
from .nodes import kok_event
from .safety import is_comment
from .timeline import UNDATED_TITLE, month_title

FUNDING = "gefördert"  # the paragraph naming the review's funder closes the printed review
DIGESTS = "kok-pdf-digests"  # beside Sphinx's doctrees: which PDF was made from which document


def setup(app: Sphinx) -> None:
    # no rebuild: switching the PDFs on or off leaves the site as it is
    app.add_config_value("kok_pdf_dir", "", "", types=frozenset({str}))
    app.connect("build-finished", write_pdfs)


@dataclass(frozen=True)
class PrintedEvent:
    date: str  # as printed: 16./17.1.; empty for a month-only date
    category: str  # the key, for its colour
    label: str
    title: str
    orgs: tuple[str, ...]
    persons: tuple[str, ...]
    details: str  # HTML, made from the doctree
    link: str  # a web address, or empty


@dataclass(frozen=True)
class PrintedYear:
    title: str  # Jahresrückblick 2020
    publisher: str  # the KOK's full name (``author`` in conf.py)
    period: str  # Dezember 2019 bis November 2020; empty without dated events
    foreword: tuple[str, ...]  # HTML blocks
    funding: tuple[str, ...]
    months: tuple[tuple[str, tuple[PrintedEvent, ...]], ...]  # heading, events in page order


def pdf_name(docname: str) -> str:
    """``jahresrueckblick-2020.pdf`` for ``years/2020``."""
    return f"jahresrueckblick-{slugify(docname.rsplit('/', 1)[-1])}.pdf"


# -- Sphinx side ---------------------------------------------------------------------


def write_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a PDF per year page into ``kok_pdf_dir``, remade only when its document changed."""
    if exception is not None or not app.config.kok_pdf_dir or app.builder.format != "html":
        return
    out = Path(app.srcdir, app.config.kok_pdf_dir)
    out.mkdir(parents=True, exist_ok=True)
    digests = _read_digests(Path(app.doctreedir) / DIGESTS)
    written = set()
    for docname in year_pages(app.env):
        target = out / pdf_name(docname)
        written.add(target.name)
        try:
            document = to_html(printed_year(app, docname), colour_rules(app.config))
            digest = hashlib.sha256((document + _renderer_version()).encode()).hexdigest()
            if not (target.is_file() and digests.get(target.name) == digest):
                render_pdf(document, target)
            digests[target.name] = digest
        except Exception as error:  # any failure of one year: a warning, never a stopped site
            target.unlink(missing_ok=True)
            digests.pop(target.name, None)
            warn("pdf", f"Das PDF {target.name} konnte nicht erstellt werden: {error or type(error).__name__}", docname)
    for stale in out.glob("jahresrueckblick-*.pdf"):  # a year that was deleted
        if stale.name not in written:
            stale.unlink()
    _write_digests(Path(app.doctreedir) / DIGESTS, {k: v for k, v in digests.items() if k in written})


def year_pages(env: BuildEnvironment) -> list[str]:
    """Pages with a timeline (the legend stands where it begins), in document order."""
    return [docname for docname in sorted(env.found_docs) if _has_timeline(env.get_doctree(docname))]


def _has_timeline(doctree: nodes.document) -> bool:
    return any("kok-legend" in node["classes"] for node in doctree.findall(nodes.container))


def printed_year(app: Sphinx, docname: str) -> PrintedYear:
    doctree = app.env.get_doctree(docname)
    records: list[Event] = app.env.domains["kok"].events.get(docname, [])  # type: ignore[attr-defined]
    rendered = {node["ids"][0]: node for node in doctree.findall(kok_event) if node["ids"]}
    known = categories(app.config)
    language = app.config.language or "de"
    months = []
    for month, events in group_by_month(records):
        heading = month_title(month, language) if month else UNDATED_TITLE
        months.append((heading, tuple(_printed_event(e, rendered.get(e.anchor), known) for e in events)))
    dated = [e.date.month for e in records if e.date]
    period = f"{month_title(min(dated), language)} bis {month_title(max(dated), language)}" if dated else ""
    foreword, funding = _foreword(doctree)
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    return PrintedYear(title, app.config.author, period, foreword, funding, tuple(months))


def _printed_event(event: Event, node: nodes.Element | None, known: dict[str, Any]) -> PrintedEvent:
    category = known.get(event.category or "")
    details = ""
    if node is not None:
        body = [child for child in node.children if _has_class(child, "kok-event-details")]
        details = "".join(block_html(child) for container in body for child in container.children)
    return PrintedEvent(
        date=format_short(event.date) if event.date else event.raw_date,
        category=category.key if category else "none",
        label=category.label if category else "Ohne Kategorie",
        title=event.title,
        orgs=event.orgs,
        persons=event.persons,
        details=details,
        link=event.link if is_web_address(event.link) else "",
    )


def _foreword(doctree: nodes.document) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The blocks between the page title and the timeline; the one naming the funder is the funding notice."""
    section = next((child for child in doctree.children if isinstance(child, nodes.section)), None)
    foreword: list[str] = []
    funding: list[str] = []
    for child in section.children[1:] if section is not None else []:
        if isinstance(child, nodes.section) or _has_class(child, "kok-legend"):
            break
        block = block_html(child)
        if block:
            (funding if FUNDING in child.astext() else foreword).append(block)
    return tuple(foreword), tuple(funding)


def _has_class(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and name in node["classes"]


# -- doctree to HTML: known nodes only, every text escaped ------------------------------


def block_html(node: nodes.Node) -> str:
    if isinstance(node, (nodes.Invisible, nodes.system_message)) or is_comment(node):
        return ""
    if isinstance(node, nodes.paragraph):
        signature = len(node.children) == 1 and isinstance(node[0], nodes.emphasis)
        opening = '<p class="signature">' if signature else "<p>"  # the foreword's closing name
        return f"{opening}{inline_html(node)}</p>"
    if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
        tag = "ul" if isinstance(node, nodes.bullet_list) else "ol"
        items = "".join(f"<li>{''.join(block_html(c) for c in item.children)}</li>" for item in node.children)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(node, nodes.block_quote):
        return f"<blockquote>{''.join(block_html(c) for c in node.children)}</blockquote>"
    if isinstance(node, nodes.Element) and not isinstance(node, nodes.TextElement):
        return "".join(block_html(child) for child in node.children)
    text = node.astext().strip()
    return f"<p>{escape(text)}</p>" if text else ""


INLINE_TAGS: dict[type[nodes.Node], str] = {nodes.emphasis: "em", nodes.strong: "strong", nodes.literal: "code"}


def inline_html(node: nodes.Node) -> str:
    if isinstance(node, nodes.Text):
        return escape(node.astext())
    inner = "".join(inline_html(child) for child in node.children)
    tag = INLINE_TAGS.get(type(node))
    if tag:
        return f"<{tag}>{inner}</{tag}>"
    if isinstance(node, nodes.reference) and is_web_address(node.get("refuri", "")):
        return f'<a href="{escape(node["refuri"])}">{inner}</a>'  # never a local file or page
    return inner


# -- the printed document ------------------------------------------------------------

STYLESHEET = Path(__file__).with_name("printed.css")  # not in static/: no part of the site


def to_html(year: PrintedYear, colours: str) -> str:
    """The whole review as one HTML document for WeasyPrint."""
    parts = [
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">',
        f"<title>{escape(year.title)}</title>",
        f'<meta name="author" content="{escape(year.publisher)}">',
        f"<style>{colours}{STYLESHEET.read_text(encoding='utf-8')}</style></head><body>",
        *_cover(year),
        *_section("foreword", "Vorwort", year.foreword),
        *(_month(heading, events) for heading, events in year.months),
    ]
    if not year.months:
        parts.append('<section class="month"><p class="empty">Noch keine Ereignisse.</p></section>')
    parts += _section("funding", "", year.funding)
    return "".join([*parts, "</body></html>\n"])


def _cover(year: PrintedYear) -> Iterator[str]:
    yield f'<section class="cover"><h1>{escape(year.title)}</h1>'
    if year.period:
        yield f'<p class="period">{escape(year.period)}</p>'
    yield f'<p class="publisher">{escape(year.publisher)}</p></section>'


def _section(kind: str, heading: str, blocks: Iterable[str]) -> Iterator[str]:
    blocks = list(blocks)
    if blocks:
        yield f'<section class="{kind}">'
        if heading:
            yield f"<h2>{escape(heading)}</h2>"
        yield from blocks
        yield "</section>"


def _month(heading: str, events: Iterable[PrintedEvent]) -> str:
    return f'<section class="month"><h2>{escape(heading)}</h2>{"".join(map(_event, events))}</section>'


def _event(event: PrintedEvent) -> str:
    date = f'<span class="date">{escape(event.date)}</span> ' if event.date else ""
    parts = [
        '<article class="event">',
        f'<p class="meta">{date}<span class="category kok-category-{event.category}">{escape(event.label)}</span></p>',
        f"<h3>{escape(event.title)}</h3>",
    ]
    if event.orgs:
        parts.append(f'<p><span class="label">Organisationen:</span> {escape("; ".join(event.orgs))}</p>')
    if event.persons:
        parts.append(f'<p><span class="label">Personen:</span> {escape("; ".join(event.persons))}</p>')
    parts.append(event.details)
    if event.link:
        link = escape(event.link)
        parts.append(f'<p class="link"><span class="label">Mehr dazu:</span> <a href="{link}">{link}</a></p>')
    return "".join([*parts, "</article>"])


# -- WeasyPrint ----------------------------------------------------------------------


def render_pdf(document: str, target: Path) -> None:
    """A tagged PDF (PDF/UA-1) with embedded fonts; nothing is fetched but local files."""
    for name in ("weasyprint", "weasyprint.progress"):  # its progress and CSS notes are no author's business
        logging.getLogger(name).setLevel(logging.ERROR)
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: the site builds without it
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    partial = target.with_suffix(".partial")
    fetcher = URLFetcher(allowed_protocols={"file"}, allow_redirects=False)
    HTML(string=document, url_fetcher=fetcher).write_pdf(partial, pdf_variant="pdf/ua-1", pdf_tags=True)
    partial.replace(target)  # whole or not at all


def _renderer_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return ""


def _read_digests(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    digests = {}
    for line in lines:
        digest, _, name = line.partition(" ")
        digests[name] = digest
    return digests


def _write_digests(path: Path, digests: dict[str, str]) -> None:
    path.write_text("".join(f"{digest} {name}\n" for name, digest in sorted(digests.items())), encoding="utf-8")
