"""The printed yearly review: one PDF per year page, made with the HTML site.

Every html or dirhtml build (``make html``) writes ``jahresrueckblick-<year>.pdf`` beside the
site's pages; the year page and the home page link to it (``publish.resolve_downloads``). The
documents are made before the pages are written, rendered by as many processes as there are
cores while the pages are written, and collected (with their warnings) when the build finishes.
``kok_pdf = False`` switches them off; ``kok_pdf_dir`` (``make pdf``) copies them into a folder
of their own. Each PDF comes from the page's own doctree and event records
(``printed_document``), never from the built site, and is made again only when what it shows
changed. WeasyPrint is imported only here: if it fails, the site is built all the same
and the year gets a ``kok.pdf`` warning.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.util import docname_join

from ..access import kok_domain
from ..config import NO_CATEGORY, categories, settings
from ..core import printed_document
from ..core.dates import UNDATED_TITLE, format_short, month_title
from ..core.file_names import pdf_name, pdf_pages
from ..core.files import write_whole
from ..core.model import Event, group_by_month, is_web_address
from ..core.printed_document import STYLESHEET, WORDS, PrintedEvent, PrintedYear, Resolver, block_html, to_html
from ..core.sites import SITE_BUILDERS
from ..i18n import _
from ..logs import warn
from ..nodes import kok_event
from ..reading.translation import FALLBACK_CLASS
from .assets import colour_rules

FUNDING = "gefördert"  # the paragraph naming the review's funder closes the printed review
DIGESTS = "kok-pdf-digests"  # beside Sphinx's doctrees: which PDF was made from what


def setup(app: Sphinx) -> None:
    # each year's document is made before the pages are written and rendered by worker processes
    # meanwhile; the PDFs are collected after the pages are written, before the report (999)
    app.connect("write-started", start_pdfs)
    app.connect("build-finished", finish_pdfs)


PROCESSES = "KOK_PDF_PROZESSE"  # how many processes render PDFs; 1: one after another in the build's own


def wanted(config: Config) -> bool:
    """PDFs on the HTML sites (``SITE_BUILDERS``): by default, or asked for by ``make pdf``."""
    return settings(config).pdf


@dataclass
class _Job:
    """A PDF to render: its page, file, the digest it will have, and its result once rendered."""

    docname: str
    target: Path
    digest: str
    document: str
    result: Future[tuple[list[str], str]] | None = None


@dataclass
class _Batch:
    """One build's PDFs between ``write-started`` and ``build-finished``."""

    digests: dict[str, str]  # as the last build left them
    made: dict[str, str] = field(default_factory=dict)  # target -> digest: kept or to be rendered
    jobs: list[_Job] = field(default_factory=list)
    pool: ProcessPoolExecutor | None = None


_batches: WeakKeyDictionary[Sphinx, _Batch] = WeakKeyDictionary()


def start_pdfs(app: Sphinx, builder: Builder) -> None:
    """``write-started``: a PDF per year page beside the site; one whose page was not read again
    (``KokDomain.reread``) and whose settings are unchanged is kept without looking at the page.
    The others are handed to worker processes, which render while Sphinx writes the pages."""
    if app.builder.name not in SITE_BUILDERS or not wanted(app.config):
        return
    domain = kok_domain(app.env)
    out = Path(app.outdir)
    batch = _batches[app] = _Batch(_read_digests(Path(app.doctreedir) / DIGESTS))
    colours = colour_rules(app.config)
    settings = _settings(app, colours)  # once per build: the same for every year
    for docname in _own_names(app, domain.timeline_pages()):
        target = out / pdf_name(docname)
        key = _page_key(app, docname, settings)
        known = batch.digests.get(str(target), "")
        if docname not in domain.reread and target.is_file() and known.startswith(key):
            batch.made[str(target)] = known
            continue
        try:
            document = to_html(printed_year(app, docname), colours)
        except Exception as error:  # any failure of one year: a warning, never a stopped site
            _failed(docname, target, str(error) or type(error).__name__)
            continue
        digest = key + hashlib.sha256(document.encode()).hexdigest()
        batch.made[str(target)] = digest
        if not (target.is_file() and known == digest):
            batch.jobs.append(_Job(docname, target, digest, document))
    batch.pool = _start_pool(batch.jobs)


def finish_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the rendered PDFs collected (warnings of the workers given here, at
    their year's file), stale ones removed, ``make pdf``'s copies made, the digests stored."""
    batch = _batches.pop(app, None)
    if batch is None:
        return
    if exception is not None:  # nothing stored: the next build renders what is missing
        if batch.pool is not None:
            batch.pool.shutdown(cancel_futures=True)
        return
    try:
        for job in batch.jobs:
            missing, error = _rendered(job)
            if error:
                _failed(job.docname, job.target, error)
                del batch.made[str(job.target)]
            elif missing:  # printed as boxes; the PDF stays, and is made (and warned) again until fixed
                location = (job.docname, _line_with(app, job.docname, missing))
                warn("pdf", _missing_message(job.target.name, missing), location)
                batch.made[str(job.target)] = "unfinished"
    finally:
        if batch.pool is not None:
            batch.pool.shutdown()
    out = Path(app.outdir)
    names = {Path(path).name for path in batch.made}
    _remove_stale(out, names)
    kept = {path: digest for path, digest in batch.digests.items() if Path(path).parent != out}
    if app.config.kok_pdf_dir:  # make pdf: copies, noted as such, so only they are ever deleted there
        folder = Path(app.srcdir, app.config.kok_pdf_dir).resolve()
        before = {Path(path) for path in kept if Path(path).parent == folder}
        kept = {path: digest for path, digest in kept.items() if Path(path).parent != folder}
        kept |= {str(copy): "copy" for copy in _copy_into(folder, [out / name for name in sorted(names)], before)}
    _write_digests(Path(app.doctreedir) / DIGESTS, {**kept, **batch.made})


def _own_names(app: Sphinx, pages: list[str]) -> list[str]:
    """The year pages that get a PDF: of two whose file names give the same PDF name (``years/2020``,
    ``archiv/2020``) the one in ``years/`` (else the first A–Z) gets it, the other a warning."""
    by_name = pdf_pages(pages)
    for name, docnames in by_name.items():
        first = app.env.doc2path(docnames[0], base=False)
        for other in docnames[1:]:
            warn(
                "pdf-name",
                f"Die Jahresseiten {first} und {app.env.doc2path(other, base=False)} ergäben beide das PDF "
                f"{name}; es wird nur für {first} erstellt, diese Seite bekommt keins. Bitte eine der beiden "
                "Dateien umbenennen, z. B. in years/JJJJ.md mit der Jahreszahl.",
                (other, 1),
            )
    return [docnames[0] for docnames in by_name.values()]


def _start_pool(jobs: list[_Job]) -> ProcessPoolExecutor | None:
    """As many worker processes as cores (WeasyPrint is CPU-bound), each rendering one PDF after
    another; none for one PDF, one core or ``KOK_PDF_PROZESSE=1``: then they are rendered in the
    build's own process when the pages are written. WeasyPrint is imported first, so that the
    workers (forked where the system allows) need not import it each."""
    processes = min(len(jobs), _processes())
    if processes < 2:
        return None
    try:
        with _MissingGlyphs():  # its own notes while it parses its stylesheets go nowhere
            importlib.import_module("weasyprint")
    except Exception:
        return None  # rendered one by one, each failing with its own warning
    try:
        pool = ProcessPoolExecutor(processes)
        for job in jobs:
            job.result = pool.submit(render_job, job.document, job.target)
    except (OSError, RuntimeError):  # no processes here (a sandbox): one after another
        for job in jobs:
            job.result = None
        return None
    return pool


def _processes() -> int:
    wanted = os.environ.get(PROCESSES, "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))  # the cores this build may use (a container's share)
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def _rendered(job: _Job) -> tuple[list[str], str]:
    """The job's result from its worker, or rendered here (no pool, or a worker that died)."""
    if job.result is not None:
        try:
            return job.result.result()
        except BrokenProcessPool:
            pass
    return render_job(job.document, job.target)


def _failed(docname: str, target: Path, error: str) -> None:
    target.unlink(missing_ok=True)  # nothing half-made or outdated is published
    warn(
        "pdf",
        f"Das PDF {target.name} konnte nicht erstellt werden ({error}); "
        "die Jahresseite verweist trotzdem darauf. Bitte den Entwickler*innen melden.",
        docname,
    )


def _line_with(app: Sphinx, docname: str, characters: list[str]) -> int | None:
    """The first line of the year file where one of these characters stands, for the warning."""
    try:
        lines = Path(app.env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if any(c in line for c in characters)), None)


def _missing_message(name: str, characters: list[str]) -> str:
    shown = ", ".join(f"»{c}« (U+{ord(c):04X})" for c in characters[:10]) + (" …" if len(characters) > 10 else "")
    return (
        f"Im PDF {name} {'erscheint' if len(characters) == 1 else 'erscheinen'} {len(characters)} Schriftzeichen "
        "als leere Kästchen, weil auf diesem "
        f"Rechner keine Schrift sie enthält: {shown}. Bitte eine freie Schrift dafür installieren "
        "(unter Debian z. B. fonts-noto-core; für Chinesisch, Japanisch und Koreanisch fonts-wqy-microhei; "
        "für Emojis fonts-noto-color-emoji) "
        "und neu bauen."
    )


def _settings(app: Sphinx, colours: str) -> str:
    """What every PDF shows besides its own page: settings, the layout, the engine."""
    settings = (
        app.config.author,
        app.config.html_baseurl,
        app.config.language,
        colours,
        STYLESHEET.read_text(encoding="utf-8"),
        Path(printed_document.__file__).read_text(encoding="utf-8"),
        _renderer_version(),
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()


def _page_key(app: Sphinx, docname: str, settings: str) -> str:
    """The settings, the page's address, and where the events and pages it refers to stand
    (their addresses are printed)."""
    domain = kok_domain(app.env)
    referred = []
    for target in domain.data["references"].get(docname, ()):
        event = domain.events_by_anchor().get(target)
        # where an event stands, and whether a page ({doc}) still exists: both are printed links
        page = docname_join(docname, target)
        referred.append((target, event.docname if event is not None else page in app.env.all_docs))
    key = (settings, app.builder.get_target_uri(docname), referred)
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def printed_year(app: Sphinx, docname: str) -> PrintedYear:
    doctree = app.env.get_doctree(docname)
    domain = kok_domain(app.env)
    records: list[Event] = domain.events.get(docname, [])
    rendered = {node["ids"][0]: node for node in doctree.findall(kok_event) if node["ids"]}
    known = categories(app.config)
    language = app.config.language or "de"
    resolve = _resolver(app)
    months = []
    for month, events in group_by_month(records):
        heading = month_title(month, language) if month else _(UNDATED_TITLE)
        printed = tuple(_printed_event(app, e, rendered.get(e.anchor), known, resolve) for e in events)
        months.append((heading, printed))
    dated = [e.date.month for e in records if e.date]
    first, last = (month_title(min(dated), language), month_title(max(dated), language)) if dated else ("", "")
    period = _("{first} bis {last}").format(first=first, last=last) if dated else ""
    foreword, funding = _foreword(doctree, resolve)
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    legend = tuple((category.key, category.label) for category in known.values())
    words = tuple((german, _(german)) for german in WORDS)
    return PrintedYear(title, app.config.author, period, foreword, funding, tuple(months), legend, language, words)


def _address(app: Sphinx, docname: str, anchor: str = "") -> str:
    """A page or event of the archive at its public address; empty without one."""
    base = app.config.html_baseurl
    if not base:
        return ""
    page = app.builder.get_target_uri(docname).split("#")[0]
    return f"{base.rstrip('/')}/{page}" + (f"#{anchor}" if anchor else "")


def _resolver(app: Sphinx) -> Resolver:
    """References to events (``{kok:event}``) and pages (``{doc}``) link to the public address."""
    domain = kok_domain(app.env)

    def resolve(node: nodes.Element) -> str:
        if not isinstance(node, addnodes.pending_xref):
            return ""
        target = node.get("reftarget", "")
        if node.get("refdomain") == "kok" and node.get("reftype") == "event":
            event = domain.events_by_anchor().get(target)
            return _address(app, event.docname, event.anchor) if event else ""
        if node.get("refdomain") == "std" and node.get("reftype") == "doc":
            page = docname_join(node.get("refdoc", ""), target)  # as Sphinx resolves {doc}
            return _address(app, page) if page in app.env.all_docs else ""
        return ""

    return resolve


def _printed_event(
    app: Sphinx, event: Event, node: nodes.Element | None, known: dict[str, Any], resolve: Resolver
) -> PrintedEvent:
    category = known.get(event.category or "")
    details = ""
    if node is not None:
        body = [child for child in node.children if _has_class(child, "kok-event-details")]
        details = "".join(block_html(child, resolve) for container in body for child in container.children)
    return PrintedEvent(
        date=format_short(event.date, app.config.language or "de") if event.date else event.raw_date,
        category=category.key if category else "none",
        label=category.label if category else _(NO_CATEGORY),
        title=event.title,
        orgs=event.orgs,
        persons=event.persons,
        details=details,
        link=event.link if is_web_address(event.link) else "",
        address=_address(app, event.docname, event.anchor),
        german_title=node is not None and bool(node.children) and _has_class(node[0], FALLBACK_CLASS),
    )


def _foreword(doctree: nodes.document, resolve: Resolver) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The blocks between the page title and the timeline; the one naming the funder is the funding notice."""
    section = next((child for child in doctree.children if isinstance(child, nodes.section)), None)
    foreword: list[str] = []
    funding: list[str] = []
    for child in section.children[1:] if section is not None else []:
        if isinstance(child, nodes.section) or _has_class(child, "kok-legend"):
            break
        block = block_html(child, resolve)
        if block:
            german = child.rawsource if isinstance(child, nodes.TextElement) else ""  # another edition: the source
            (funding if FUNDING in child.astext() or FUNDING in german else foreword).append(block)
    return tuple(foreword), tuple(funding)


def _has_class(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and name in node["classes"]


# -- WeasyPrint ----------------------------------------------------------------------


def render_job(document: str, target: Path) -> tuple[list[str], str]:
    """One PDF, in a worker or in the build's process: the characters without a glyph, and the
    error (empty when it was made). Every failure comes back as text: a worker's exception need
    not be one that can be sent back."""
    try:
        return render_pdf(document, target), ""
    except Exception as error:
        return [], str(error) or type(error).__name__


def render_pdf(document: str, target: Path) -> list[str]:
    """A tagged PDF (PDF/UA-1) with embedded fonts; nothing is fetched but local files.
    Returns the characters no installed font could show (printed as boxes)."""
    with _MissingGlyphs() as missing:  # from the import on: it parses its own stylesheets then
        from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: the site builds without it
        from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

        fetcher = URLFetcher(allowed_protocols={"file"}, allow_redirects=False)
        pdf = HTML(string=document, url_fetcher=fetcher).write_pdf(None, pdf_variant="pdf/ua-1", pdf_tags=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, pdf)  # whole or not at all
    return missing.characters


class _MissingGlyphs(logging.Handler):
    """WeasyPrint's own notes while it renders: the characters without a glyph are kept (it logs
    each), everything else (progress, CSS notes) is no author's business and goes nowhere."""

    NOTDEF = ".notdef glyph rendered"

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.progress = logging.getLogger("weasyprint.progress")  # its own level: the theme's Pygments sets INFO

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(self.NOTDEF) and isinstance(record.args, tuple) and record.args:
            character = str(record.args[0])
            if character not in self.characters:
                self.characters.append(character)

    def __enter__(self) -> _MissingGlyphs:
        self.saved = self.logger.level, self.logger.propagate, self.progress.level
        self.logger.setLevel(logging.WARNING)
        self.progress.setLevel(logging.WARNING)
        self.logger.propagate = False
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self)
        self.logger.level, self.logger.propagate, self.progress.level = self.saved


def _renderer_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return ""


# -- the files around the PDFs ---------------------------------------------------------


def _remove_stale(folder: Path, names: set[str]) -> None:
    """A year that was deleted, or a PDF that failed: no old file in its place."""
    for stale in folder.glob("jahresrueckblick-*.pdf"):
        if stale.name not in names:
            stale.unlink()


def _copy_into(folder: Path, pdfs: list[Path], copied_before: set[Path]) -> list[Path]:
    """``make pdf``: the same files in a folder of their own, copied only when changed. Of the
    files there, only the copies of an earlier build are deleted, never anything else."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for pdf in pdfs:
        copy = folder / pdf.name
        if pdf.is_file() and not (copy.is_file() and copy.read_bytes() == pdf.read_bytes()):
            shutil.copyfile(pdf, copy)
        copies.append(copy)
    for stale in copied_before - set(copies):
        stale.unlink(missing_ok=True)
    return copies


def _read_digests(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    digests = {}
    for line in lines:
        digest, _, target = line.partition(" ")
        digests[target] = digest
    return digests


def _write_digests(path: Path, digests: dict[str, str]) -> None:
    """Whole or not at all: a build stopped while writing leaves the last complete list."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, "".join(f"{digest} {target}\n" for target, digest in sorted(digests.items())))
