"""Parallel, incremental and non-HTML builds give the same, complete output."""

from __future__ import annotations

import functools
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kok_archive.access import kok_domain
from kok_archive.core import search_index
from sphinx.builders.html._assets import _file_checksum_inner
from sphinx.testing.util import SphinxTestApp

from .helpers import (
    EDITS,
    EVENT,
    Kept,
    MakeApp,
    article,
    build_app,
    edit,
    events_by_section,
    fresh_build,
    outputs,
    rebuild,
    subtypes,
    text_of,
    timeline_with_years,
    touch,
    warnings_of,
    write_year,
)


@pytest.fixture
def project(rootdir: Path, tmp_path: Path) -> Callable[[str], Path]:
    """Fresh copies of test-timeline with eight more years, by name."""
    return lambda name: timeline_with_years(rootdir, tmp_path / name)


def built_once(srcdir: Path) -> SphinxTestApp:
    """``srcdir`` built as html, fresh, without a warning (as ``build_app``, for a module's fixture)."""
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, confoverrides={"kok_pdf": False})
    try:
        app.build()
        assert subtypes(app) == [], warnings_of(app)
    finally:
        app.cleanup()
    return app


def build_kept(srcdir: Path) -> tuple[Callable[[], Path], SphinxTestApp]:
    """``srcdir`` built once (``built_once``) and kept (``Kept``): each call of the function returned
    restores that built state (sources, environment, output) at ``srcdir``; with the build's app (read
    only: its output may have been changed since, restore first)."""
    app = built_once(srcdir)
    return Kept(srcdir, srcdir.with_name(f"{srcdir.name}-fresh")), app


@pytest.fixture(scope="module")
def built_years(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Callable[[], Path], SphinxTestApp]:
    """test-timeline with eight more years (``project``) built once; each call restores that built state
    (``build_kept``)."""
    return build_kept(timeline_with_years(rootdir, tmp_path_factory.mktemp("built-years") / "incremental"))


@pytest.mark.slow
def test_parallel_build_equals_serial(
    make_app: MakeApp,
    project: Callable[[str], Path],
    built_years: tuple[Callable[[], Path], SphinxTestApp],
    tmp_path: Path,
) -> None:
    restore, serial = built_years
    restore()  # the serial build's output as it wrote it
    readers = tmp_path / "reader-pids"

    def note_reader(app: Any, docname: str, source: list[str]) -> None:
        with readers.open("a") as file:
            file.write(f"{os.getpid()}\n")

    parallel = make_app("html", srcdir=project("parallel"), freshenv=True, parallel=2)
    parallel.connect("source-read", note_reader)
    parallel.build()
    assert warnings_of(parallel) == []
    parallel.cleanup()
    pids = set(readers.read_text().split())
    assert len(pids) >= 2  # really read by forked workers, in chunks
    assert str(os.getpid()) not in pids
    assert outputs(parallel.outdir) == outputs(serial.outdir)
    assert kok_domain(parallel.env).data["events"] == kok_domain(serial.env).data["events"]


@pytest.mark.slow
def test_incremental_build_equals_fresh_build(
    make_app: MakeApp, built_years: tuple[Callable[[], Path], SphinxTestApp]
) -> None:
    srcdir = built_years[0]()

    # round 1: one page changes (an event moves to another month, one is added)
    page = srcdir / "years" / "2021.md"
    text = page.read_text(encoding="utf-8").replace(":date: 2021-03-17", ":date: 2021-01-05")
    touch(page, text + EVENT.format(title="Nachgetragen", date="2021-02-01", category="politik", org="KOK", body=""))
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2021"]  # really incremental
    assert "index" in written  # it shows other pages' data: re-written although not re-read
    assert "Jahresrückblick 2021 – 7 Ereignisse" in text_of(article(app.outdir / "index.html"))
    january = events_by_section(article(app.outdir / "years" / "2021.html"))["monat-2021-01"]
    assert text_of(january[0].find(class_="kok-event-title")) == "Ein Tag im März"

    # round 2: a year is added, another removed
    write_year(srcdir, 2023, 3)
    (srcdir / "years" / "2022.md").unlink()
    app, reread, _ = rebuild(make_app, srcdir)
    assert reread == ["index", "years/2023"]  # index: Sphinx re-reads pages with a glob toctree
    home = text_of(article(app.outdir / "index.html"))
    assert "Jahresrückblick 2023 – 3 Ereignisse" in home
    assert "Jahresrückblick 2022" not in home

    # round 3: an event's details change, which no other page shows
    edit(srcdir / "years" / "2021.md", "Details mit", "Geänderte Details mit")
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2021"]
    # the page itself, and (Sphinx's rule) the page whose toctree includes it; not the listings
    assert [page for page in written if page not in ("genindex", "search")] == ["index", "years/2021"]
    assert "Geänderte Details" in (app.outdir / "kok-events.json").read_text(encoding="utf-8")

    # round 4: a referenced event is retitled: the pages that show its title, not every page
    edit(srcdir / "years" / "2021.md", ":::{kok-event} Eigener Anker", ":::{kok-event} Umbenannter Anker")
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2021"]
    assert {"listen", "kategorien/veranstaltung"} <= set(written)  # it refers to the event, or lists it
    assert "organisationen" not in written  # the A–Z list of organisation pages shows no titles
    assert "kategorien" not in written  # nor does the category index
    assert category_pages(written) == ["kategorien/veranstaltung"]  # only the event's category
    assert not [page for page in written if page.startswith("organisationen/")]  # the event names none
    assert not [page for page in written if page.startswith("years/201")]  # eight years that do neither
    assert "Umbenannter Anker" in text_of(article(app.outdir / "listen.html"))

    _, reread, written = rebuild(make_app, srcdir)
    assert reread == []  # nothing changed: nothing re-read, and no document re-written
    assert [page for page in written if page not in ("genindex", "search")] == []  # Sphinx always writes these

    expected = outputs(fresh_build(make_app, srcdir))
    got = outputs(app.outdir)
    assert {name: got[name] for name in expected} == expected  # the removed page's old file aside


# a moved event keeps its date, which lies outside the review of its new page
EXPECTED = {
    "event moved to another year file": ("kok.year",),
    "a linked month moved to another year file": ("kok.year",),
}


@pytest.fixture(scope="module")
def built_timeline(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """test-timeline built once; each call restores that built state (sources, environment and
    output, with their times) at one fixed path, since Sphinx keeps an environment only in the
    source folder it was built in."""
    srcdir = tmp_path_factory.mktemp("built-timeline") / "incremental"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    return build_kept(srcdir)[0]


@pytest.mark.parametrize("change", list(EDITS))
def test_every_kind_of_edit_builds_incrementally_exactly_as_fresh(
    make_app: MakeApp, built_timeline: Callable[[], Path], change: str
) -> None:
    srcdir = built_timeline()
    before = outputs(srcdir / "_build" / "html")

    EDITS[change](srcdir)
    app, _, _ = rebuild(make_app, srcdir, EXPECTED.get(change, ()))
    got = outputs(app.outdir)
    assert got != before  # the edit shows

    expected = outputs(fresh_build(make_app, srcdir, EXPECTED.get(change, ())))
    assert {name: got[name] for name in expected} == expected  # a deleted page's old file aside


DAMAGE = [
    b"",
    b"not a pickle",
    pickle.dumps(1),
    pickle.dumps({"key": "not bytes"}),
    b"\x80\x04cnosuchmodule\nX\n.",  # a class that cannot be imported
]


# each cache a build keeps beside the doctrees, with the files made from it
CACHES = {"kok-calendar-entries.pickle": (".ics",), "kok-search-terms.pickle": (".js",)}


@pytest.fixture(scope="module")
def details_changed_fresh(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test-timeline with ``EDITS["details changed"]``, built fresh once (``fresh_build`` of that edit, for
    every damaged cache): what an incremental build after the edit must equal. Read only."""
    srcdir = tmp_path_factory.mktemp("details-changed") / "incremental-fresh"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    EDITS["details changed"](srcdir)
    return Path(built_once(srcdir).outdir)


@pytest.mark.parametrize("cache_name", list(CACHES))
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_is_rebuilt(
    make_app: MakeApp, built_timeline: Callable[[], Path], details_changed_fresh: Path, damage: bytes, cache_name: str
) -> None:
    srcdir = built_timeline()
    cache = srcdir / "_build" / "doctrees" / cache_name
    assert cache.is_file()  # remembered for the next build
    cache.write_bytes(damage)
    EDITS["details changed"](srcdir)
    app, _, _ = rebuild(make_app, srcdir)
    got = outputs(app.outdir, CACHES[cache_name])

    assert got == outputs(details_changed_fresh, CACHES[cache_name])
    assert b"Ge\xc3\xa4nderte Details" in (app.outdir / "kok-events.ics").read_bytes()
    assert "geandert" in (app.outdir / "_static" / "kok-suche" / "v-ge.js").read_text(encoding="utf-8")


def test_the_search_index_finds_the_words_only_of_changed_texts(
    make_app: MakeApp, built_timeline: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit re-reads one page; the words of every other text come from the last build."""
    srcdir = built_timeline()
    found: list[str] = []
    terms = search_index.Index._terms

    def counted(index: search_index.Index, text: str) -> search_index.Terms:
        found.append(text)
        return terms(index, text)

    monkeypatch.setattr(search_index.Index, "_terms", counted)
    EDITS["details changed"](srcdir)
    app, _, _ = rebuild(make_app, srcdir)
    changed = list(found)
    assert changed
    assert all("Geänderte Details" in text for text in changed), changed
    got = outputs(app.outdir, (".js",))

    cache = Path(app.doctreedir) / "kok-search-terms.pickle"
    kept = cache.stat().st_mtime_ns
    found.clear()
    rebuild(make_app, srcdir)
    assert found == []  # nothing changed: every text's words known
    assert cache.stat().st_mtime_ns == kept  # and the cache left as it was

    found.clear()
    assert got == outputs(fresh_build(make_app, srcdir), (".js",))
    assert len(found) > 5 * len(changed)  # a fresh build finds every text's words


def test_site_wide_downloads_alone_on_a_page_stay_current(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    """The download links of the whole site count its events without a day."""
    srcdir = tmp_path / "downloads"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    (srcdir / "daten.md").write_text("# Daten\n\n:::{kok-downloads}\n:::\n", encoding="utf-8")
    edit(srcdir / "index.md", "listen\n", "listen\ndaten\n")
    before = text_of(article(build_app(make_app, srcdir, freshenv=True).outdir / "daten.html"))
    edit(srcdir / "years" / "2021.md", ":date: 2021-03-17", ":date: 2021-03")
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2021"]
    assert "daten" in written
    after = text_of(article(app.outdir / "daten.html"))
    assert after != before
    assert "2 Ereignisse ohne Tag" in after


BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "xml"]


def each_builders_build(builders: list[str]) -> list[Any]:
    """A parameter per builder whose ``app`` is test-timeline's shared build with it (conftest.py's
    ``app``: built once in the session, read only, also by test_indexes and test_timeline)."""
    return [pytest.param(builder, marks=pytest.mark.sphinx(builder, testroot="timeline")) for builder in builders]


@pytest.mark.parametrize("builder", each_builders_build(BUILDERS))
def test_every_builder_survives_our_nodes(app: SphinxTestApp, builder: str) -> None:
    app.build()  # built already: the shared build
    assert app.builder.name == builder
    assert warnings_of(app) == []
    written = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in app.outdir.rglob("*")
        if path.is_file() and path.suffix in {".html", ".xhtml", ".tex", ".txt", ".1", ".texi", ".xml"}
    )
    for text in ("Ein Tag im", "später geschrieben", "Erika Musterfrau; Max Mustermann", "Januar 2021"):
        assert text in written, (builder, text)


def org_pages(written: list[str]) -> list[str]:
    return sorted(page for page in written if page.startswith("organisationen/"))


def category_pages(written: list[str]) -> list[str]:
    return sorted(page for page in written if page.startswith("kategorien/"))


@pytest.mark.slow
def test_an_organisations_page_is_written_only_when_what_it_shows_changes(
    make_app: MakeApp, built_years: tuple[Callable[[], Path], SphinxTestApp]
) -> None:
    srcdir = built_years[0]()
    outdir = srcdir / "_build" / "html"
    pages = sorted(path.relative_to(outdir).as_posix() for path in (outdir / "organisationen").iterdir())
    assert pages == [
        "organisationen/aerztinnenbund.html",
        "organisationen/buendnis-a-b-und-c.html",
        "organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v.html",
    ]

    # an event of the Ärztinnenbund alone is retitled: its page, not the others, not the A–Z list
    edit(srcdir / "years" / "2013.md", ":::{kok-event} Ereignis 2 im Jahr 2013", ":::{kok-event} Umbenannt 2013")
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2013"]
    assert org_pages(written) == ["organisationen/aerztinnenbund"]
    assert "organisationen" not in written
    assert "Umbenannt 2013" in text_of(article(app.outdir / "organisationen" / "aerztinnenbund.html"))

    # its details: no organisation page
    edit(srcdir / "years" / "2013.md", "Details zu *Ereignis 5*.", "Andere Details.")
    _, _, written = rebuild(make_app, srcdir)
    assert org_pages(written) == []

    # an event moves to another day: the pages of its organisations (Bündnis and KOK by another spelling)
    edit(srcdir / "years" / "2013.md", ":date: 2013-11-02", ":date: 2013-11-20")
    _, _, written = rebuild(make_app, srcdir)
    assert org_pages(written) == [
        "organisationen/buendnis-a-b-und-c",
        "organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v",
    ]

    # the output folder lost a page: written again, although nothing changed
    (app.outdir / "organisationen" / "aerztinnenbund.html").unlink()
    _, _, written = rebuild(make_app, srcdir)
    assert org_pages(written) == ["organisationen/aerztinnenbund"]

    # the Ärztinnenbund leaves the archive: its page goes, the A–Z list changes
    for year in range(2010, 2018):
        page = srcdir / "years" / f"{year}.md"
        touch(page, page.read_text(encoding="utf-8").replace(":org: Ärztinnenbund\n", ":org: KOK\n"))
    app, _, written = rebuild(make_app, srcdir)
    assert "organisationen" in written
    assert not (app.outdir / "organisationen" / "aerztinnenbund.html").exists()

    assert outputs(app.outdir) == outputs(fresh_build(make_app, srcdir))


def test_a_categorys_page_is_written_only_when_what_it_shows_changes(
    make_app: MakeApp, built_years: tuple[Callable[[], Path], SphinxTestApp]
) -> None:
    srcdir = built_years[0]()

    # an event is retitled: its category's page, not the others, not the index
    edit(srcdir / "years" / "2013.md", ":::{kok-event} Ereignis 2 im Jahr 2013", ":::{kok-event} Umbenannt 2013")
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2013"]
    assert category_pages(written) == ["kategorien/publikation"]
    assert "kategorien" not in written
    assert "Umbenannt 2013" in text_of(article(app.outdir / "kategorien" / "publikation.html"))

    # its details: no category page
    edit(srcdir / "years" / "2013.md", "Details zu *Ereignis 5*.", "Andere Details.")
    _, _, written = rebuild(make_app, srcdir)
    assert category_pages(written) == []

    # another category: both pages, and the index with its counts
    edit(srcdir / "years" / "2013.md", ":category: publikation", ":category: politik")
    app, _, written = rebuild(make_app, srcdir)
    assert category_pages(written) == ["kategorien/politik", "kategorien/publikation"]
    assert "kategorien" in written

    # the output folder lost a page: written again, although nothing changed
    (app.outdir / "kategorien" / "sonstiges.html").unlink()
    _, _, written = rebuild(make_app, srcdir)
    assert category_pages(written) == ["kategorien/sonstiges"]

    assert outputs(app.outdir) == outputs(fresh_build(make_app, srcdir))


def test_a_category_left_out_of_the_configuration_loses_its_page(
    make_app: MakeApp, built_timeline: Callable[[], Path]
) -> None:
    srcdir = built_timeline()
    EDITS["category colour changed"](srcdir)
    conf = srcdir / "conf.py"
    touch(
        conf, conf.read_text(encoding="utf-8").replace(', "sonstiges": {"label": "Sonstiges", "color": "#7a5195"}', "")
    )
    app, _, written = rebuild(make_app, srcdir, ("kok.category",))  # the event of "sonstiges" is warned about
    assert category_pages(written) == ["kategorien/politik", "kategorien/publikation", "kategorien/veranstaltung"]
    assert not (app.outdir / "kategorien" / "sonstiges.html").exists()


def test_a_fresh_build_writes_every_organisation_page_and_deletes_those_gone(
    make_app: MakeApp, built_timeline: Callable[[], Path]
) -> None:
    srcdir = built_timeline()
    edit(srcdir / "years" / "2021.md", ":org: Bündnis A, B und C; KOK\n", ":org: KOK\n")
    written: list[str] = []
    app = make_app("html", srcdir=srcdir, freshenv=True)  # -E: a fresh environment, the same output folder
    app.connect("html-page-context", lambda app, page, *args: written.append(page))
    app.build()
    app.cleanup()
    assert org_pages(written) == ["organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v"]
    assert not (app.outdir / "organisationen" / "buendnis-a-b-und-c.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_organisation_pages_link_only_to_what_exists(
    make_app: MakeApp,
    project: Callable[[str], Path],
    built_years: tuple[Callable[[], Path], SphinxTestApp],
    builder: str,
) -> None:
    if builder == "html":  # the html build is the one kept (built without a warning), restored as it was
        outdir = built_years[0]() / "_build" / "html"
    else:
        app = make_app(builder, srcdir=project(builder), freshenv=True)
        app.build()
        assert warnings_of(app) == []
        app.cleanup()
        outdir = app.outdir
    pages = [
        *(outdir / "organisationen").rglob("*.html"),
        outdir / "years" / ("2013.html" if builder == "html" else "2013/index.html"),
    ]
    assert len(pages) >= 4  # three organisations and a year; dirhtml: the index too
    read = functools.cache(article)  # each page parsed once, however many links lead to it
    for page in pages:
        for link in read(page).find_all("a", href=True):
            path, _, fragment = str(link["href"]).partition("#")
            if path.startswith("https:"):
                continue
            target = (page.parent / path).resolve() if path else page
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), (page, link["href"])
            if fragment:
                assert read(target).find(id=fragment) is not None, (page, link["href"])


def test_exports_are_written_only_when_they_change(make_app: MakeApp, built_timeline: Callable[[], Path]) -> None:
    """JSON, CSV, the calendars and the search data keep their files (and times) on a build
    that changes none of their rows; a changed row writes them again."""
    srcdir = built_timeline()
    outdir = srcdir / "_build" / "html"
    search = sorted((outdir / "_static" / "kok-suche").glob("*.js"))
    files = [*outdir.glob("kok-events*"), *search]
    assert len(files) >= 5
    assert search
    past = 1_000_000_000  # an old time: a file written again gets the time of now
    for path in files:
        os.utime(path, (past, past))
    edit(srcdir / "index.md", "\n", "\n\nEin neuer Absatz auf der Startseite.\n\n")
    rebuild(make_app, srcdir)
    assert {path.name: path.stat().st_mtime for path in files} == {path.name: past for path in files}
    EDITS["details changed"](srcdir)
    app, _, _ = rebuild(make_app, srcdir)
    assert (app.outdir / "kok-events.json").stat().st_mtime > past
    assert any(path.stat().st_mtime > past for path in search)  # what a result shows


@pytest.mark.slow  # several builds of a root: not in make test-fast
def test_html_and_dirhtml_sharing_one_doctree_folder_both_lose_a_gone_organisations_page(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    """Both builders keep their doctrees in ``_build/doctrees`` (as the test apps and ``-d`` do): each
    remembers its own pages, so each deletes the page of an organisation that left the archive."""
    srcdir = tmp_path / "shared-doctrees"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    gone = "buendnis-a-b-und-c"

    def build_with(name: str) -> SphinxTestApp:
        _file_checksum_inner.cache_clear()
        app = make_app(name, srcdir=srcdir, freshenv=False)
        app.build()
        assert warnings_of(app) == []
        app.cleanup()
        return app

    html, dirhtml = build_with("html"), build_with("dirhtml")
    assert html.doctreedir == dirhtml.doctreedir
    assert (html.outdir / "organisationen" / f"{gone}.html").is_file()
    assert (dirhtml.outdir / "organisationen" / gone / "index.html").is_file()
    edit(srcdir / "years" / "2021.md", ":org: Bündnis A, B und C; KOK\n", ":org: KOK\n")
    for name in ("dirhtml", "html", "dirhtml"):  # each after the other has built the change
        build_with(name)
    assert not (html.outdir / "organisationen" / f"{gone}.html").exists()
    assert not (dirhtml.outdir / "organisationen" / gone).exists()
    assert (html.outdir / "organisationen" / "bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v.html").is_file()
    # and each output is what a fresh build of its own makes (the A–Z list without the organisation too)
    copy = tmp_path / "shared-doctrees-fresh"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    for app in (html, dirhtml):
        fresh = make_app(app.builder.name, srcdir=copy, freshenv=True)
        fresh.build()
        fresh.cleanup()
        # not the PDFs: printed.py decides staleness from this build's re-read pages (its own change)
        pages = (".html", ".js", ".inv", ".css", ".json", ".csv", ".ics")
        assert outputs(app.outdir, pages) == outputs(fresh.outdir, pages), app.builder.name


CATEGORY_LINKS = {  # builder: (the output of years/2021, how a link to the category politik is written there)
    "html": ("years/2021.html", 'href="../kategorien/politik.html"'),
    "dirhtml": ("years/2021/index.html", 'href="../../kategorien/politik/"'),
    "singlehtml": ("index.html", 'href="#kategorie-politik"'),
    "epub": ("years/2021.xhtml", 'href="../kategorien.xhtml#kategorie-politik"'),
    "latex": ("projectnamenotset.tex", r"\hyperref[\detokenize{kategorien:kategorie-politik}]"),
    "texinfo": ("projectnamenotset.texi", ",,Politik}"),
    "xml": ("years/2021.xml", 'refuri="../kategorien#kategorie-politik"'),
    "text": ("years/2021.txt", "Politik"),
    "man": ("projectnamenotset.1", "Politik"),
}


@pytest.mark.slow  # several builds of a root: not in make test-fast
@pytest.mark.parametrize("builder", each_builders_build(list(CATEGORY_LINKS)))
def test_a_category_badge_links_to_its_category(
    make_app: MakeApp, app: SphinxTestApp, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    """On html and dirhtml the badge leads to the category's own page, elsewhere to its section of
    the category index; without a category index it is the badge alone."""
    app.build()  # built already: the shared build (read only)
    assert app.builder.name == builder
    assert warnings_of(app) == []
    page, link = CATEGORY_LINKS[builder]
    written = (app.outdir / page).read_text(encoding="utf-8")
    assert link in written, builder
    assert kok_domain(app.env).category_target("gibt-es-nicht") is None
    if builder in ("html", "dirhtml", "singlehtml", "epub"):
        badges = article(app.outdir / page).select(".kok-event-meta .kok-category")
        assert len(badges) >= 6
        for badge in badges:
            anchor = badge.parent
            assert anchor is not None
            assert anchor.name == "a"
            assert "kok-category-link" in anchor["class"], badge
            href = str(anchor["href"])
            key = next(c for c in badge["class"] if c != "kok-category").removeprefix("kok-category-")
            path, _, fragment = href.partition("#")
            target = (app.outdir / page).parent / path if path else app.outdir / page
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), href
            shown = article(target)
            if fragment:
                shown = shown.find(id=fragment)  # type: ignore[assignment]
            assert shown is not None, href
            assert badge.get_text() in text_of(shown), href
            assert key in href, href

    # no category index: the badges link nowhere
    srcdir = tmp_path / builder
    shutil.copytree(rootdir / "test-timeline", srcdir)
    (srcdir / "kategorien.md").write_text("# Kategorien\n\nNoch keine.\n", encoding="utf-8")
    again = make_app(builder, srcdir=srcdir, freshenv=True, confoverrides={"kok_pdf": False})
    again.build()
    assert warnings_of(again) == []
    again.cleanup()
    written = (again.outdir / page).read_text(encoding="utf-8")
    assert "kok-category-link" not in written
    assert "kategorie-politik" not in written
    assert "kategorien/politik" not in written


@pytest.mark.slow  # several builds of a root: not in make test-fast
def test_year_pages_gain_their_category_links_when_a_category_index_is_added(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    """The year pages are not re-read when the category index appears on another page; they are
    written again all the same, with their badges now links (``freshness.site_digest``)."""
    srcdir = tmp_path / "category-index-added"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    index = (srcdir / "kategorien.md").read_text(encoding="utf-8")
    touch(srcdir / "kategorien.md", "# Kategorien\n\nNoch keine.\n")
    app = build_app(make_app, srcdir, freshenv=True)
    year = app.outdir / "years" / "2021.html"
    assert not article(year).select("a.kok-category-link")
    touch(srcdir / "kategorien.md", index)
    _, reread, written = rebuild(make_app, srcdir)
    assert "years/2021" not in reread
    assert "years/2021" in written
    links = article(year).select("a.kok-category-link")
    assert len(links) == len(article(year).select(".kok-event-meta .kok-category")) >= 6
    assert "../kategorien/politik.html" in {a["href"] for a in links}
