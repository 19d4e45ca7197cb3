"""Shared fixtures: Sphinx's testing fixtures, our test roots, the real site, the browser. The helpers they
use, and that tests import, are in tests/helpers.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from .helpers import (
    ARCHIVE,
    CHROMIUM,
    PUBLISHING_VARIABLES,
    ROOT,
    SEARCH_ARCHIVE,
    GeneratedYear,
    SecondYear,
    SiteBuilds,
    add_generated_year,
    build_html,
    copy_of_the_site,
    serve,
)

pytest_plugins = ("sphinx.testing.fixtures",)

# `make test-fast` (pytest -m "not browser and not slow") is the edit-test cycle: no browser and no
# subprocess build. A test is marked by what it uses, so that a new test is marked without thinking:
# the browser fixture makes it `browser`; a fixture that builds in a subprocess, or a module whose
# tests all run sphinx-build or make, makes it `slow`. Any other slow test says so: @pytest.mark.slow.
SLOW_FIXTURES = {
    "online",
    "site_builds",
    "second_year",
    "site",
    "site_source",
    "generated_source",
    "generated_year",
    "archive_site",
    "search_site",
    "search_dirhtml",
    "dirhtml",
}
SLOW_MODULES = {
    "test_addresses",
    "test_check",
    "test_edition",
    "test_edition_interface",
    "test_edition_site",
    "test_generated",
    "test_new_year",
    "test_pdf",
    "test_site",
    "test_summary",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & SLOW_FIXTURES or item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


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
        builder = positional[0] if positional else "html"
        shared = SharedBuild(builder, srcdir=srcdir, status=StringIO(), warning=StringIO(), **kwargs)
        try:
            shared.build()
        finally:
            shared.cleanup()  # the global state of docutils and sys.path back as make_app leaves them
        _SHARED_BUILDS[key] = shared
    yield _SHARED_BUILDS[key]


# -- the real site in a real browser ---------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def _no_public_address_from_the_shell() -> None:
    """conf.py takes the site's address from the environment: tests set it where they mean to."""
    for name in PUBLISHING_VARIABLES:
        os.environ.pop(name, None)


# -- the real site, as it is and with a year more ---------------------------------------
# Every test of the real site runs twice: on the archive as it is, and on a copy with a
# realistic further year added. What holds for any content holds for both.
# Each distinct build of the real site is made once per session and shared by every test that
# reads it (a test that writes copies first): `site_builds` for strict builds by sources and
# builder (`site` is its html build of both variants), `second_year` for the copy with the
# second year of tests/data and its `make check` runs.


@pytest.fixture(scope="session")
def site_builds(tmp_path_factory: pytest.TempPathFactory) -> SiteBuilds:
    """Strict builds of the real site's sources, each (sources, builder) once per session: read only."""
    return SiteBuilds(tmp_path_factory.mktemp("site-builds"))


@pytest.fixture(scope="session")
def second_year(tmp_path_factory: pytest.TempPathFactory) -> SecondYear:
    """The real site with the second year of tests/data, before and after make adressen, and (on first
    use) the make check of each: read only."""
    return SecondYear(tmp_path_factory.mktemp("second-year"))


@pytest.fixture(scope="session")
def generated_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GeneratedYear]:
    """A copy of the real site with a generated further year (tests/generated.py), and that year."""
    project = copy_of_the_site(tmp_path_factory.mktemp("generated") / "project")
    return project, add_generated_year(project)


@pytest.fixture(scope="session")
def generated_source(generated_year: tuple[Path, GeneratedYear]) -> Path:
    """A copy of the real site with a generated further year: read only."""
    return generated_year[0]


@pytest.fixture(scope="session", params=["as-is", "with-a-generated-year"])
def site_source(request: pytest.FixtureRequest) -> Path:
    """The real site's sources: the repository itself, or a copy with a generated further year."""
    return ROOT if request.param == "as-is" else request.getfixturevalue("generated_source")


@pytest.fixture(scope="session")
def site(site_source: Path, site_builds: SiteBuilds) -> Path:
    """The real site (both variants), built strictly once for every test that reads it (test_site,
    the browser and export tests …)."""
    return site_builds.strict(site_source)


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
