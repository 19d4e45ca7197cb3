"""Shared fixtures: Sphinx's testing fixtures, our test roots, and small helpers."""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))  # test roots are copied away: find the extension here

from kok_check.sources import year_files  # noqa: E402 (needs _ext on the path)

from .generated import GeneratedYear, draw_year  # noqa: E402 (needs _ext on the path)

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


@pytest.fixture
def make_app(make_app: Callable[..., SphinxTestApp]) -> Callable[..., SphinxTestApp]:
    """sphinx.testing's ``make_app``, without the printed reviews unless a test asks for them
    (``confoverrides={"kok_pdf": True}``): projects built in tmp_path with the real conf.py
    (the guide's examples, imported drafts) would render a PDF per year with WeasyPrint."""

    def make(*args: Any, confoverrides: dict[str, Any] | None = None, **kwargs: Any) -> SphinxTestApp:
        return make_app(*args, confoverrides={"kok_pdf": False, **(confoverrides or {})}, **kwargs)

    return make


class SharedBuild(SphinxTestApp):
    """A test root's build that its tests read and never change: built once per (root, builder,
    settings) and handed to every test that asks for the same, as Sphinx's own suite shares a root's
    build. A test's own ``app.build()`` finds it built."""

    built = False

    def build(self, force_all: bool = False, filenames: Sequence[Path] = ()) -> None:
        if not self.built:
            super().build(force_all, filenames)
            self.built = True


_SHARED_BUILDS: dict[str, SharedBuild] = {}


@pytest.fixture
def app(
    request: pytest.FixtureRequest, make_app: Any, rootdir: Path, sphinx_test_tempdir: Path
) -> Iterator[SphinxTestApp]:
    """sphinx.testing's ``app``, shared: ``@pytest.mark.sphinx(builder, testroot=…, confoverrides=…)``
    builds the root once in the session for all tests with the same mark. A test that changes the
    source or the build names its own ``srcdir`` (and ``freshenv=True``): it gets a copy of its own."""
    args: dict[int, Any] = {}
    kwargs: dict[str, Any] = {}
    for mark in reversed(list(request.node.iter_markers("sphinx"))):
        args |= dict(enumerate(mark.args))
        kwargs.update(mark.kwargs)
    positional = [args[i] for i in sorted(args)]
    testroot = kwargs.pop("testroot", "root")
    if "srcdir" in kwargs:
        srcdir = sphinx_test_tempdir / kwargs.pop("srcdir")
        shutil.copytree(rootdir / f"test-{testroot}", srcdir, dirs_exist_ok=True)
        yield make_app(*positional, srcdir=srcdir, **kwargs)
        return
    key = repr((testroot, positional, sorted(kwargs.items())))
    if key not in _SHARED_BUILDS:
        srcdir = sphinx_test_tempdir / f"shared-{len(_SHARED_BUILDS)}-{testroot}"
        shutil.copytree(rootdir / f"test-{testroot}", srcdir)
        shared = SharedBuild(*positional, srcdir=srcdir, status=StringIO(), warning=StringIO(), **kwargs)
        try:
            shared.build()
        finally:
            shared.cleanup()  # the global state of docutils and sys.path back as make_app leaves them
        _SHARED_BUILDS[key] = shared
    yield _SHARED_BUILDS[key]


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


# -- the real site in a real browser ---------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; never a browser that Playwright downloads


def build_html(source: Path, out: Path, *options: str, **variables: str) -> Path:
    """A fresh HTML build with a fixed time stamp (reproducible calendars), doctrees beside ``out``;
    ``variables`` are set in its environment (e.g. ``KOK_ADRESSE``), ``options`` go to sphinx-build."""
    path = os.pathsep.join(
        filter(None, [variables.pop("PYTHONPATH", ""), str(ROOT / "_ext"), os.environ.get("PYTHONPATH")])
    )
    command = [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", "-d", str(out.parent / f"{out.name}.doctrees")]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1600000000", "PYTHONPATH": path, **variables}
    subprocess.run([*command, *options, str(source), str(out)], check=True, env=environment)
    return out


PUBLISHING_VARIABLES = ("KOK_ADRESSE", "READTHEDOCS", "READTHEDOCS_CANONICAL_URL")


@pytest.fixture(autouse=True, scope="session")
def _no_public_address_from_the_shell() -> None:
    """conf.py takes the site's address from the environment: tests set it where they mean to."""
    for name in PUBLISHING_VARIABLES:
        os.environ.pop(name, None)


# -- the real site, as it is and with a year more ---------------------------------------
# Every test of the real site runs twice: on the archive as it is, and on a copy with a
# realistic further year added. What holds for any content holds for both.

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


@pytest.fixture(scope="session")
def generated_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real site with a generated further year (tests/generated.py)."""
    project = copy_of_the_site(tmp_path_factory.mktemp("generated") / "project")
    add_generated_year(project)
    return project


@pytest.fixture(scope="session", params=["as-is", "with-a-generated-year"])
def site_source(request: pytest.FixtureRequest) -> Path:
    """The real site's sources: the repository itself, or a copy with a generated further year."""
    return ROOT if request.param == "as-is" else request.getfixturevalue("generated_source")


@pytest.fixture(scope="session")
def site(site_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (both variants), built once for the browser and export tests."""
    return build_html(site_source, tmp_path_factory.mktemp("site-html"))


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


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The real site over HTTP."""
    yield from serve(site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (CI installs it: .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


# -- the fixed test archive, and what any built site holds ------------------------------
# Tests of the real site (`site`, `served`) hold for any content a staff member may add:
# they find the year pages and the events in the build. Exact expectations (which hit
# comes first, how many events, which months are empty) use tests/roots/test-archive.

ARCHIVE = Path(__file__).parent / "roots" / "test-archive"


@pytest.fixture(scope="session")
def archive_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/roots/test-archive (two small years with fixed content), built once from a copy in tmp."""
    work = tmp_path_factory.mktemp("archive")
    shutil.copytree(ARCHIVE, work / "source")
    return build_html(work / "source", work / "html")


@pytest.fixture(scope="session")
def archive_served(archive_site: Path) -> Iterator[str]:
    """The fixed test archive over HTTP."""
    yield from serve(archive_site)


SEARCH_ARCHIVE = Path(__file__).parent / "roots" / "test-search"


@pytest.fixture(scope="session")
def search_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy in tmp of tests/roots/test-search (four small years written for the event search)."""
    source = tmp_path_factory.mktemp("search") / "source"
    shutil.copytree(SEARCH_ARCHIVE, source)
    return source


@pytest.fixture(scope="session")
def search_site(search_source: Path) -> Path:
    """The search archive, built once as html (without the printed reviews: no PDF needed)."""
    return build_html(search_source, search_source.parent / "html", "-D", "kok_pdf=0")


@pytest.fixture(scope="session")
def search_served(search_site: Path) -> Iterator[str]:
    """The search archive over HTTP."""
    yield from serve(search_site)


@pytest.fixture(scope="session")
def search_dirhtml(search_source: Path) -> Path:
    """The search archive, built once as dirhtml (``search/index.html``, ``years/2022/``)."""
    return build_html(search_source, search_source.parent / "dirhtml", "-b", "dirhtml", "-D", "kok_pdf=0")


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


def site_events(site: Path, page: str | None = None) -> list[dict[str, Any]]:
    """The events of kok-events.json, in its order: all, or those of one page (``years/2020.html``)."""
    events: list[dict[str, Any]] = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))["events"]
    return [event for event in events if page is None or event["url"].split("#")[0] == page]
