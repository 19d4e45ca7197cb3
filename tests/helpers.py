"""The suite's helpers, in one place: building (in-process with sphinx.testing, or as ``sphinx-build`` and
``make html`` run it), copies of the real site, reading a build (pages, warnings, events), serving it.
Fixtures live in conftest.py; test modules import helpers from here, never from one another.

Building, by what a test needs:

- ``build_app(make_app, srcdir, expect)``: an in-process build of a project (sphinx.testing), its
  warnings checked; ``rebuild`` an incremental one, ``fresh_build`` the same sources afresh beside it;
  ``Kept`` keeps a built project so that each test that changes it restores that one build;
  ``open_warnings`` a build's ``kok.*`` warnings; ``build_draft`` the real conf.py with one draft year.
- ``sphinx_build(source, out, *options)``: ``sphinx-build`` in a subprocess, the one way every test runs it
  (output captured: the test decides what must hold); ``build_html`` a fresh build that must succeed,
  ``strict_build`` one that must succeed without a word on stderr (``-n -W --keep-going``).
- ``make_html(project)``: ``make html`` as the Makefile runs it (``kok_tools.build``, its summary);
  ``make_editions`` the same for a project with an English edition; ``make_check`` ``make check``.
- The real site's builds that many tests read are made once per session (conftest.py: ``site_builds``
  for strict builds of the real sources, ``second_year`` for the copy with a second year and its
  ``make check`` runs): a test that only reads asks for those, a test that changes sources or output
  copies first."""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from sphinx.builders.html._assets import _file_checksum_inner
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))  # test roots are copied away: find the extension here

from kok_check.cli import run as run_check  # noqa: E402 (needs _ext on the path)
from kok_check.sources import year_files  # noqa: E402 (needs _ext on the path)

from .generated import GeneratedYear, draw_year  # noqa: E402 (needs _ext on the path)

WARNING_START = re.compile(r"^(?:\S[^\n]*?: )?(?:WARNING|ERROR|CRITICAL): ")


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The build's warnings, without colour codes; a warning of several lines (kok.org's entry
    to paste) stays one item."""
    warnings: list[str] = []
    for line in strip_escape_sequences(app.warning.getvalue()).splitlines():
        if not line.strip():
            continue
        if WARNING_START.match(line) or not warnings:
            warnings.append(line)
        else:
            warnings[-1] += f"\n{line}"
    return warnings


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the n-th line containing ``needle``."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return found[occurrence - 1]


def article(html_file: Path) -> Tag:
    """The page's own content, without the theme around it."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    node = soup.find(attrs={"role": "main"})  # furo's <article>, basic's <div>
    assert isinstance(node, Tag), html_file
    return node


def events_by_section(page: Tag) -> dict[str, list[Tag]]:
    """Section id -> the events directly inside that section, in page order."""
    result: dict[str, list[Tag]] = {}
    for section in page.find_all("section"):
        events = [div for div in section.find_all("div", class_="kok-event", recursive=False)]
        if events:
            result[str(section["id"])] = events
    return result


def text_of(tag: Tag | None) -> str:
    assert tag is not None
    return re.sub(r"\s+", " ", tag.get_text()).strip()


CHROMIUM = Path("/usr/bin/chromium")  # Debian's; never a browser that Playwright downloads


def sphinx_build(
    source: Path,
    out: Path,
    *options: str,
    builder: str = "html",
    fresh: bool = True,
    strict: bool = False,
    doctrees: Path | None = None,
    **variables: str,
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` in a subprocess with a fixed time stamp (reproducible calendars), the doctrees
    beside ``out`` (epub would pack what is in its folder), output captured; ``fresh`` (``-E``) by
    default, ``strict`` adds ``-n -W --keep-going``; ``variables`` are set in its environment (e.g.
    ``KOK_ADRESSE``; a ``PYTHONPATH`` goes before the extension's), ``options`` go to sphinx-build."""
    path = os.pathsep.join(
        filter(None, [variables.pop("PYTHONPATH", ""), str(ROOT / "_ext"), os.environ.get("PYTHONPATH")])
    )
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder]
    command += ["-d", str(doctrees or out.parent / f"{out.name}.doctrees")]
    command += ["-E"] if fresh else []
    command += ["-n", "-W", "--keep-going"] if strict else []
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1600000000", "PYTHONPATH": path, **variables}
    return subprocess.run(
        [*command, *options, str(source), str(out)], capture_output=True, text=True, check=False, env=environment
    )


def build_html(source: Path, out: Path, *options: str, **variables: str) -> Path:
    """A fresh HTML build that must succeed (``sphinx_build``)."""
    result = sphinx_build(source, out, *options, **variables)
    assert result.returncode == 0, result.stderr
    return out


def clean_build(source: Path, out: Path, *options: str, **settings: Any) -> Path:
    """A build (``sphinx_build``, the same settings) that must succeed without a word on stderr."""
    result = sphinx_build(source, out, *options, **settings)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out


def strict_build(source: Path, out: Path, builder: str = "html") -> Path:
    """The real site (or a copy), built strictly: fresh environment, nitpicky, every warning an error,
    and nothing at all on stderr."""
    return clean_build(source, out, builder=builder, strict=True)


class SiteBuilds:
    """The strict builds of the real site's sources (the repository, or a session's copy such as the
    one with a generated year) that tests only read: each (sources, builder) built once per session
    (``site_builds`` in conftest.py). A test that writes into a build copies it first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[tuple[Path, str], Path] = {}

    def strict(self, source: Path, builder: str = "html") -> Path:
        key = (source.resolve(), builder)
        if key not in self.built:
            self.built[key] = strict_build(source, self.folder / f"{len(self.built)}-{builder}", builder)
        return self.built[key]


PUBLISHING_VARIABLES = ("KOK_ADRESSE", "READTHEDOCS", "READTHEDOCS_CANONICAL_URL")


SECOND_YEAR = ROOT / "tests" / "data" / "zweites-jahr-2021.md"


PROJECT_FILES = ("conf.py", "index.md", "organisationen.md", "kategorien.md", "organisationen.toml")


PROJECT_FOLDERS = ("years", "_static", "_ext", "locale")


def copy_of_the_site(target: Path) -> Path:
    """The real site's sources, as a staff member's clone has them."""
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, target / name)
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    return target


def add_second_year(project: Path, fixed: bool = True) -> int:
    """A realistic further year (tests/data, written for this test), as years/JJJJ.md for a year
    the archive does not have yet; its one new organisation pasted at the end of the registry."""
    taken = {int(year.docname[-4:]) for year in year_files(project) if year.docname[-4:].isdigit()}
    year = 2021 if 2021 not in taken else max(taken) + 1
    text = SECOND_YEAR.read_text(encoding="utf-8").replace("2021", str(year)).replace("2020-12", f"{year - 1}-12")
    (project / "years" / f"{year}.md").write_text(text, encoding="utf-8")
    with (project / "organisationen.toml").open("a", encoding="utf-8") as registry:
        registry.write('\n[[organisation]]\nname = "Datenschutzbeauftragte Beispielstadt"\n')
    if fixed:
        fix_addresses(project)  # as staff do before publishing: make adressen
    return year


def make_html(project: Path, out: Path | None = None, *options: str) -> subprocess.CompletedProcess[str]:
    """``make html`` as the Makefile runs it (``kok_tools.build``), in ``project``; by default into
    ``_build/html`` there."""
    return subprocess.run(
        [sys.executable, "-m", "kok_tools.build", str(out or project / "_build" / "html"), *options],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")},
    )


def fix_addresses(project: Path) -> subprocess.CompletedProcess[str]:
    """``make adressen`` in ``project``: every event gets an :id: of its own."""
    return subprocess.run(
        [sys.executable, "-m", "kok_tools.addresses", str(project)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")},
    )


@dataclass(frozen=True)
class Checked:
    """A ``make check`` run: the project, the output folder, the exit code and what it printed."""

    project: Path
    out: Path
    code: int
    printed: str


def make_check(project: Path, out: Path) -> Checked:
    """``make check`` (kok_check) of ``project`` into ``out``, in this process; what it prints is kept."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = run_check([str(project), "--out", str(out)])
    return Checked(project, out, code, printed.getvalue())


class SecondYear:
    """The real site with the realistic second year of tests/data, made once per session (conftest.py:
    ``second_year``): ``draft`` as written, its events without a fixed address yet, and ``fixed``
    after ``make adressen`` (what ``add_second_year`` makes); each one's ``make check`` run made on
    first use. Read only: a test that changes sources or output copies them first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.draft = copy_of_the_site(folder / "draft")
        self.year = add_second_year(self.draft, fixed=False)
        self.fixed = Path(shutil.copytree(self.draft, folder / "fixed"))
        fix_addresses(self.fixed)

    @functools.cached_property
    def draft_check(self) -> Checked:
        return make_check(self.draft, self.folder / "draft-check")

    @functools.cached_property
    def fixed_check(self) -> Checked:
        return make_check(self.fixed, self.folder / "fixed-check")


# The seed of the generated year: fixed, so that CI builds the same content every run; set
# KOK_SEED to try others (a failing seed is a bug to fix, then a seed to keep in GENERATED_SEEDS).
GENERATED_SEED = int(os.environ.get("KOK_SEED", "2022"))


def add_generated_year(project: Path, chosen_seed: int = GENERATED_SEED) -> GeneratedYear:
    """A year generated from every construct of the staff guide (tests/generated.py), as a staff
    member adds one: the year file, its new organisations pasted into the registry, make adressen."""
    taken = {int(year.docname[-4:]) for year in year_files(project) if year.docname[-4:].isdigit()}
    year = max(taken, default=2021) + 1
    generated = draw_year(year, project / "organisationen.toml", chosen_seed)
    (project / "years" / f"{year}.md").write_text(generated.text, encoding="utf-8")
    with (project / "organisationen.toml").open("a", encoding="utf-8") as registry:
        registry.write(generated.registry_entries())
    fix_addresses(project)
    return generated


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    """A built site over HTTP on 127.0.0.1, as a reader's browser sees it."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


ARCHIVE = Path(__file__).parent / "roots" / "test-archive"


SEARCH_ARCHIVE = Path(__file__).parent / "roots" / "test-search"


def redirect_pages(site: Path) -> dict[str, str]:
    """The small pages that lead from an organisation's other names to its page (org_redirects.py):
    page -> the page it leads to. Not pages of their own: no theme, no sitemap entry."""
    found = {}
    for path in (site / "organisationen").glob("**/*.html"):
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', path.read_text(encoding="utf-8"))
        if target:
            page = path.relative_to(site).as_posix()
            found[page] = posixpath.normpath(posixpath.join(posixpath.dirname(page), html.unescape(target[1])))
    return found


def year_pages(site: Path) -> list[str]:
    """The year pages of a built site (``years/2020.html`` …), whichever years it holds."""
    pages = sorted(path.relative_to(site).as_posix() for path in site.glob("years/*.html"))
    assert pages, f"no year page in {site}"
    return pages


def sampled_pages(site: Path, pages: list[str]) -> list[str]:
    """The pages a browser walks: a fixed sample, so that a walk costs the same for one year or
    thirty, ten organisations or three hundred (the HTML of every page is checked without a browser).
    Every page at the top (each is a kind of its own), and of each folder's pages (years,
    organisations, categories: one template each) the first, the last and the one whose main
    heading has the longest word, the hardest for a phone to break."""
    by_folder: dict[str, list[str]] = {}
    for page in sorted(pages):
        by_folder.setdefault(posixpath.dirname(page), []).append(page)
    chosen = set(by_folder.pop("", []))
    for own in by_folder.values():
        chosen.update({own[0], own[-1], max(own, key=lambda page: _longest_heading_word(site / page))})
    return sorted(chosen)


def _longest_heading_word(path: Path) -> int:
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", path.read_text(encoding="utf-8"), re.S)
    words = re.findall(r"[^\W_]+", re.sub(r"<[^>]+>", " ", html.unescape(heading[1]))) if heading else []
    return max((len(word) for word in words), default=0)


def sampled_year_pages(site: Path) -> list[str]:
    """The year pages a browser walks: the oldest and the newest, a fixed sample, so that a walk
    costs the same for one year or thirty (the HTML of every year page is checked without a browser)."""
    pages = year_pages(site)
    return sorted({pages[0], pages[-1]})


def site_events(site: Path, page: str | None = None) -> list[dict[str, Any]]:
    """The events of kok-events.json, in its order: all, or those of one page (``years/2020.html``)."""
    events: list[dict[str, Any]] = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))["events"]
    return [event for event in events if page is None or event["url"].split("#")[0] == page]


# -- in-process builds, incremental builds and what they write (tests/test_builds.py and others)


MakeApp = Callable[..., SphinxTestApp]


EVENT = """
:::{{kok-event}} {title}
:date: {date}
:category: {category}
:org: {org}
{body}
:::
"""


def write_year(srcdir: Path, year: int, count: int) -> None:
    """A year page with ``count`` events written out of order, across months."""
    events = "".join(
        EVENT.format(
            title=f"Ereignis {n} im Jahr {year}",
            date=f"{year}-{12 - n % 12:02d}-{1 + n % 27:02d}" if n % 5 else f"{year}-{1 + n % 12:02d}",
            category=("veranstaltung", "politik", "publikation", "sonstiges")[n % 4],
            n=n,
            org=("KOK", "Koordinierungskreis; Bündnis A, B und C", "Ärztinnenbund")[n % 3],
            body=f"Details zu *Ereignis {n}*." if n % 2 else "",
        )
        for n in range(count)
    )
    (srcdir / "years" / f"{year}.md").write_text(
        f"# Jahresrückblick {year}\n\nVorwort {year}.\n\n:::{{kok-timeline}}\n:::\n{events}", encoding="utf-8"
    )


def timeline_with_years(rootdir: Path, srcdir: Path) -> Path:
    """A copy of test-timeline plus eight generated years (enough for -j to split the reading)."""
    shutil.copytree(rootdir / "test-timeline", srcdir)
    for year in range(2010, 2018):
        write_year(srcdir, year, 9)
    return srcdir


def outputs(
    outdir: Path, suffixes: tuple[str, ...] = (".html", ".js", ".inv", ".css", ".json", ".csv", ".ics", ".pdf")
) -> dict[str, object]:
    """Every written file, the search index parsed."""
    files: dict[str, object] = {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.suffix in suffixes and ".doctrees" not in path.parts
    }
    files["searchindex.js"] = search_index(outdir)
    return files


def search_index(outdir: Path) -> dict[str, Any]:
    """The search index, less the empty term lists Sphinx itself leaves behind on
    incremental builds for words no page has any more (they find nothing)."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        index[key] = {term: docs for term, docs in index[key].items() if docs != []}
    return index


def build_app(make_app: MakeApp, srcdir: Path, expect: tuple[str, ...] = (), **kwargs: Any) -> SphinxTestApp:
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    assert subtypes(app) == list(expect), warnings_of(app)
    app.cleanup()  # unregister its nodes, so that a second app in this test starts clean
    return app


def open_warnings(make_app: MakeApp, srcdir: Path, **kwargs: Any) -> list[str]:
    """An in-process build's ``kok.*`` warnings, sorted (Sphinx's and MyST's own show only when a page
    is read; the extension's stay until they are fixed)."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    app.cleanup()
    return sorted(w for w in warnings_of(app) if re.search(r"\[kok\.\w+\]$", w))


def build_draft(make_app: MakeApp, project: Path, draft: str, year: int) -> tuple[list[str], list[tuple[str, str]]]:
    """The real conf.py and registry in ``project`` with ``draft`` as its only year, built in-process: the
    warnings, and each event's title and details as the site shows them."""
    for name in ("conf.py", "index.md", "organisationen.md", "kategorien.md", "organisationen.toml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "_static", project / "_static")
    (project / "years").mkdir()
    (project / "years" / f"{year}.md").write_text(draft, encoding="utf-8")
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    page = article(project / "_build" / "html" / "years" / f"{year}.html")
    assert "Vorschlag" not in page.get_text()  # the proposals are comments, not on the site
    shown = []
    for event in page.find_all("div", class_="kok-event"):
        details = event.find(class_="kok-event-details")
        shown.append((text_of(event.find(class_="kok-event-title")), text_of(details) if details else ""))
    return warnings_of(app), shown


class Kept:
    """``work``, a project as a build left it (sources, environment, output, with their times), kept in
    ``snapshot`` beside it (read only). Calling it puts that state back at the same path (Sphinx keeps an
    environment only in the folder it was built in), removes ``scratch`` (what tests wrote beside it) and
    returns ``work``: tests that change a built project start from one build instead of each their own."""

    def __init__(self, work: Path, *scratch: Path) -> None:
        self.work, self.scratch = work, scratch
        self.snapshot = work.with_name(f"{work.name}-kept")
        shutil.copytree(work, self.snapshot)

    def __call__(self) -> Path:
        for folder in (self.work, *self.scratch):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.snapshot, self.work)
        return self.work


def fresh_build(make_app: MakeApp, srcdir: Path, expect: tuple[str, ...] = ()) -> Path:
    """The same sources built afresh in a copy beside them: what an incremental build must equal."""
    copy = srcdir.parent / f"{srcdir.name}-fresh"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    return Path(build_app(make_app, copy, expect, freshenv=True).outdir)


def subtypes(app: SphinxTestApp) -> list[str]:
    """The ``kok.*`` type of each warning (the whole line for any other warning)."""
    return [match[1] if (match := re.search(r"\[(kok\.\w+)\]$", w)) else w for w in warnings_of(app)]


def rebuild(
    make_app: MakeApp, srcdir: Path, expect: tuple[str, ...] = ()
) -> tuple[SphinxTestApp, list[str], list[str]]:
    """An incremental build; returns the app, the re-read documents and the written pages."""
    reread: list[str] = []
    written: list[str] = []
    # Sphinx caches stylesheet checksums per process; `make html` always starts a new one
    _file_checksum_inner.cache_clear()
    app = make_app("html", srcdir=srcdir, freshenv=False)
    app.connect("env-before-read-docs", lambda app, env, docs: reread.extend(docs))
    app.connect("html-page-context", lambda app, page, *args: written.append(page))
    app.build()
    assert subtypes(app) == list(expect), warnings_of(app)
    app.cleanup()
    return app, sorted(reread), written


def touch(path: Path, text: str) -> None:
    """Write, with a modification time of now: after the last read, never in the future
    (a future mtime would make every later build re-read the page)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    touch(path, text.replace(old, new, 1))


def _move_event(src: Path, title: str = "Ein Tag im *März*", last_line: str = "- zwei") -> None:
    """An event leaves 2021 for 2022 (same date: listed under the same month)."""
    page = src / "years" / "2021.md"
    text = page.read_text(encoding="utf-8")
    start = text.index(f":::{{kok-event}} {title}")
    end = text.index(":::\n", text.index(last_line, start)) + 4
    touch(page, text[:start] + text[end:])
    other = src / "years" / "2022.md"
    touch(other, other.read_text(encoding="utf-8") + "\n" + text[start:end])


EDITS: dict[str, Callable[[Path], None]] = {
    "event added": lambda src: touch(
        src / "years" / "2022.md",
        (src / "years" / "2022.md").read_text(encoding="utf-8")
        + EVENT.format(title="Neu", date="2022-05-01", category="politik", org="Bündnis A, B und C", body=""),
    ),
    "event removed": lambda src: touch(
        src / "years" / "2022.md",
        (src / "years" / "2022.md").read_text(encoding="utf-8").split(":::{kok-event}")[0],
    ),
    "event moved to another year file": _move_event,
    "a linked month moved to another year file": lambda src: _move_event(src, "Eigener Anker", ":id: mv-dezember"),
    "category changed": lambda src: edit(
        src / "years" / "2021.md", ":category: veranstaltung", ":category: publikation"
    ),
    "organisation changed": lambda src: edit(src / "years" / "2021.md", ":org: KOK\n", ":org: Ärztinnenbund\n"),
    "date changed": lambda src: edit(src / "years" / "2021.md", ":date: 2021-03-17", ":date: 2021-01-05"),
    "year file added": lambda src: write_year(src, 2023, 3),
    "year file deleted": lambda src: (src / "years" / "2022.md").unlink(),
    "registry changed": lambda src: edit(
        src / "organisationen.toml",
        'name = "Bündnis A, B und C"',
        'name = "Bündnis ABC"\nauch = ["Bündnis A, B und C"]',
    ),
    "category colour changed": lambda src: touch(
        src / "conf.py",
        (src / "conf.py").read_text(encoding="utf-8")
        + 'kok_categories = {"politik": {"label": "Politik", "color": "#000000"}, '
        '"veranstaltung": {"label": "Veranstaltung", "color": "#123456"}, '
        '"publikation": {"label": "Publikation", "color": "#4d7c32"}, '
        '"sonstiges": {"label": "Sonstiges", "color": "#7a5195"}}\n',
    ),
    "referenced event retitled": lambda src: edit(
        src / "years" / "2021.md", ":::{kok-event} Eigener Anker", ":::{kok-event} Umbenannter Anker"
    ),
    "page retitled": lambda src: edit(src / "years" / "2022.md", "# Jahresrückblick 2022", "# Rückblick 2022"),
    "details changed": lambda src: edit(src / "years" / "2021.md", "Details mit", "Geänderte Details mit"),
    "link changed": lambda src: edit(src / "years" / "2021.md", "https://example.org/pm", "https://example.org/neu"),
    "base address set": lambda src: touch(
        src / "conf.py",
        (src / "conf.py").read_text(encoding="utf-8") + 'html_baseurl = "https://archiv.example.org/kok"\n',
    ),
}


# -- a project with its English edition (tests/test_edition*.py)


EDITION_ARCHIVE = Path(__file__).parent / "roots" / "test-edition"


def make_editions(source: Path, out: Path, *options: str) -> Path:
    """``make html`` in ``source``: the German edition in ``out``, the English one in ``out/en``."""
    result = subprocess.run(
        [sys.executable, "-m", "kok_tools.build", str(out), "-D", "kok_pdf=0", *options],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1600000000"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out
