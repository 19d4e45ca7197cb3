"""The site online: one address (html_baseurl), canonical links, sitemap, robots.txt, OpenGraph,
the 404 page, absolute links in the data files, Read the Docs – and nothing of it without an address."""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from .helpers import (
    EDITS,
    ROOT,
    MakeApp,
    SecondYear,
    article,
    build_app,
    build_html,
    clean_build,
    outputs,
    rebuild,
    redirect_pages,
    timeline_with_years,
    warnings_of,
    write_year,
    year_pages,
)

ADDRESS = "https://archiv.example.org/kok/"  # written without the trailing slash below: it is added
RTD_ADDRESS = "https://kok-archiv.readthedocs.io/de/latest/"
GENERATED = {"search.html", "genindex.html", "404.html"}  # Sphinx's and the extension's own pages
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
WITH_ADDRESS = (".html", ".js", ".inv", ".css", ".json", ".csv", ".ics", ".xml", ".txt")

NETWORK_GUARD = '''
"""Test only: records and refuses every connection to another host, and every git call."""
import os, socket

def _note(what):
    with open(os.environ["KOK_TEST_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{what}\\n")

_LOCAL = {None, "127.0.0.1", "::1", "localhost"}
_connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo

def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in _LOCAL:
        _note(f"connect {address}")
        raise OSError("no other host during the build")
    return _connect(self, address)

def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL:
        _note(f"getaddrinfo {host}")
        raise socket.gaierror("no other host during the build")
    return _getaddrinfo(host, *args, **kwargs)

socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
'''


def guarded(tmp: Path) -> dict[str, str]:
    """Environment for a build that may contact no other host and never run git."""
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "sitecustomize.py").write_text(NETWORK_GUARD, encoding="utf-8")
    git = tmp / "bin" / "git"
    git.parent.mkdir(exist_ok=True)
    git.write_text('#!/bin/sh\necho "git $*" >> "$KOK_TEST_LOG"\nexit 128\n', encoding="utf-8")
    git.chmod(0o755)
    log = tmp / "log.txt"
    log.write_text("", encoding="utf-8")
    return {"PYTHONPATH": str(tmp), "PATH": f"{git.parent}{os.pathsep}{os.environ['PATH']}", "KOK_TEST_LOG": str(log)}


def outside_git(tmp: Path) -> Path:
    """A copy of the site's sources, as a download or a CI artefact would have them: no .git."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "_build", "__pycache__", "tests", ".*cache")
    return Path(shutil.copytree(ROOT, tmp, ignore=ignore))


@pytest.fixture(scope="session")
def online(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The real site with an address under a sub-path, built from a copy outside git, in a guard;
    and what the guard saw."""
    work = tmp_path_factory.mktemp("online")
    environment = guarded(work / "guard")
    source = outside_git(work / "source")
    site = build_html(source, work / "html", "-n", "-W", KOK_ADRESSE=ADDRESS.rstrip("/"), **environment)
    return site, Path(environment["KOK_TEST_LOG"]).read_text(encoding="utf-8")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return str(tag["content"]) if isinstance(tag, Tag) else None


def canonical(page: BeautifulSoup) -> str | None:
    tag = page.find("link", rel="canonical")
    return str(tag["href"]) if isinstance(tag, Tag) else None


def pages_of(site: Path) -> list[str]:
    """The site's pages, without the redirects from organisations' other names (tested on their own)."""
    redirects = redirect_pages(site)
    pages = (path.relative_to(site).as_posix() for path in site.rglob("*.html") if "_static" not in path.parts)
    return sorted(page for page in pages if page not in redirects)


def real_pages(site: Path) -> list[str]:
    return [page for page in pages_of(site) if page not in GENERATED]


def sitemap(site: Path) -> list[str]:
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return [str(loc.text) for loc in root.iter(f"{SITEMAP}loc")]


# -- the real site with an address ------------------------------------------------------


def test_every_page_has_its_canonical_address(online: tuple[Path, str]) -> None:
    site, _ = online
    for page in pages_of(site):
        assert canonical(soup(site / page)) == ADDRESS + page, page


def test_the_sitemap_lists_exactly_the_real_pages(online: tuple[Path, str]) -> None:
    site, _ = online
    assert sitemap(site) == [ADDRESS + page for page in real_pages(site)]
    sources = {path.relative_to(ROOT).with_suffix(".html").as_posix() for path in ROOT.glob("years/[!_]*.md")}
    assert sources <= set(real_pages(site))  # every year of the sources, whichever they are
    assert {"index.html", *year_pages(site)} <= set(real_pages(site))


def test_robots_txt_names_the_sitemap_by_its_address(online: tuple[Path, str]) -> None:
    site, _ = online
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {ADDRESS}sitemap.xml" in lines


def test_every_real_page_carries_opengraph_and_twitter_card_metadata(online: tuple[Path, str]) -> None:
    site, _ = online
    for page in real_pages(site):
        html = soup(site / page)
        assert meta(html, "og:title") == heading(article(site / page))
        assert meta(html, "og:url") == canonical(html) == ADDRESS + page
        assert meta(html, "og:site_name") == "KOK-Archiv"
        assert meta(html, "og:locale") == "de_DE"
        assert meta(html, "og:type") == "website"
        assert meta(html, "twitter:card") == "summary"
        assert meta(html, "og:description")
        assert meta(html, "og:image") is None  # no picture, and nothing from another host


def heading(page: Tag) -> str:
    title = page.find("h1")
    for link in title.find_all("a", class_="headerlink"):
        link.decompose()
    return " ".join(title.get_text().split())


def foreword(page: Tag) -> list[str]:
    """The paragraphs of a year page above its timeline (the legend)."""
    legend = page.find(class_="kok-legend")
    assert legend is not None
    return [" ".join(p.get_text().split()) for p in legend.find_all_previous("p") if p.find_parent(role="main")]


def test_a_year_page_is_described_by_its_foreword(online: tuple[Path, str]) -> None:
    site, _ = online
    for page in year_pages(site):
        html = soup(site / page)
        description = meta(html, "og:description")
        assert description is not None
        assert meta(html, "description") == description  # one description for search engines, too
        start = description.removesuffix("…")
        paragraphs = foreword(article(site / page))
        assert any(text.lower().startswith(start.lower()) for text in paragraphs), (page, description)
        assert not description.startswith("Kategorien")  # not the legend, and no event:
        titles = [" ".join(t.get_text().split()) for t in article(site / page).find_all(class_="kok-event-title")]
        assert not any(description.startswith(title) for title in titles)
        assert len(description) <= 200


def test_data_files_and_calendars_link_to_the_public_address(online: tuple[Path, str]) -> None:
    site, _ = online
    events = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))["events"]
    assert events
    for event in events:
        assert event["url"].startswith(ADDRESS)
        page, anchor = event["url"].removeprefix(ADDRESS).split("#")
        assert (site / page).is_file()
        assert anchor == event["id"]
    table = csv.DictReader(io.StringIO((site / "kok-events.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    assert [row["url"] for row in table] == [event["url"] for event in events]
    urls = {event["url"] for event in events}
    calendars = list(site.glob("kok-events*.ics"))
    assert len(calendars) > 1
    for calendar in calendars:
        for entry in icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT"):
            assert str(entry["url"]) in urls
            assert str(entry["uid"]).startswith(str(entry["url"]).split("#")[1])  # its own event
    for page in year_pages(site):
        text = (site / page).read_text(encoding="utf-8")
        for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            for item in json.loads(script)["@graph"]:
                assert item["url"].startswith(f"{ADDRESS}{page}#")


def test_the_build_asks_no_other_host_and_runs_no_git(online: tuple[Path, str]) -> None:
    site, log = online
    assert log == ""  # sphinx-last-updated-by-git is installed, but never loaded: no git, no warning
    for page in pages_of(site):
        html = soup(site / page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in html.find_all(tag):
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                target = str(element.get(attribute) or "")
                assert "//" not in target, (page, target)  # relative, or from the site's own root


# -- the 404 page in a browser, at any depth ---------------------------------------------


@contextlib.contextmanager
def serve_under(site: Path, prefix: str) -> Iterator[str]:
    """The built folder at ``prefix`` of a host, as a static host serves it: an unknown address
    answers 404 with ``404.html``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            found = None
            if path.startswith(prefix):
                candidate = (site / path[len(prefix) :]).resolve()
                candidate = candidate / "index.html" if candidate.is_dir() else candidate
                if candidate.is_file() and candidate.is_relative_to(site.resolve()):
                    found = candidate
            answer = found or site / "404.html"
            body = answer.read_bytes()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", mimetypes.guess_type(answer.name)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_404_page_loads_its_assets_from_any_depth(online: tuple[Path, str], browser: Any) -> None:
    site, _ = online
    prefix = urlsplit(ADDRESS).path
    with serve_under(site, prefix) as host:
        page = browser.new_page()
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        answer = page.goto(f"{host}{prefix}ein/tiefer/pfad/gibt-es-nicht.html")
        page.wait_for_load_state("networkidle")
        assert answer.status == 404
        assert page.locator("h1").first.inner_text().startswith("Seite nicht gefunden")
        assets = [r for r in responses if r.request.resource_type in ("stylesheet", "script", "image", "font")]
        assert assets
        assert [r.url for r in assets if r.status != 200] == []
        assert all(r.url.startswith(f"{host}{prefix}") for r in responses)  # nothing from another host
        stylesheets = page.evaluate("document.querySelectorAll('link[rel=stylesheet]').length")
        assert page.evaluate("Array.from(document.styleSheets).filter(s => s.href && s.cssRules.length).length") == (
            stylesheets
        )
        page.get_by_role("link", name="Startseite").click()
        page.wait_for_load_state()
        assert page.url == f"{host}{prefix}"
        assert "KOK-Archiv" in page.title()
        page.close()


# -- without an address ---------------------------------------------------------------


def test_without_an_address_links_stay_relative_and_nothing_online_is_made(site: Path) -> None:
    for name in ("sitemap.xml", "robots.txt", "404.html"):
        assert not (site / name).exists(), name
    for page in pages_of(site):
        html = soup(site / page)
        assert canonical(html) is None
        assert meta(html, "og:url") is None
    events = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))["events"]
    assert all("://" not in event["url"] for event in events)
    urls = [str(e["url"]) for e in icalendar.Calendar.from_ical((site / "kok-events.ics").read_bytes()).walk("VEVENT")]
    assert urls
    assert all("://" not in url for url in urls)


def test_a_build_without_an_address_removes_what_one_with_an_address_wrote(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = Path(shutil.copytree(rootdir / "test-timeline", tmp_path / "then-without"))
    conf = srcdir / "conf.py"
    plain = conf.read_text(encoding="utf-8")
    out = build_app(make_app, with_address(srcdir), freshenv=True).outdir
    assert (out / "sitemap.xml").is_file()
    conf.write_text(plain, encoding="utf-8")
    out = build_app(make_app, srcdir).outdir
    for name in ("sitemap.xml", "robots.txt", "404.html"):
        assert not (out / name).exists(), name
    assert canonical(soup(out / "index.html")) is None


def test_the_guide_s_pages_workflow_builds_with_the_address() -> None:
    section = (ROOT / "docs" / "anleitung" / "veroeffentlichen.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.S)
    workflow = yaml.safe_load(block)
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    (build_step,) = [step for step in steps if "make html" in step.get("run", "")]
    assert re.search(r"KOK_ADRESSE=https://\S+/", build_step["run"])
    assert {"path": "_build/html"} in [step.get("with") for step in steps]


# -- Read the Docs ----------------------------------------------------------------------


@pytest.mark.slow
def test_read_the_docs_builds_it_with_its_canonical_address(tmp_path: Path) -> None:
    """As Read the Docs runs it (readthedocs.org, doc_builder/backends/sphinx.py), from the folder of
    the configured conf.py, with its environment, warnings as errors."""
    settings = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert settings["version"] == 2
    assert settings["build"] == {"os": "ubuntu-24.04", "tools": {"python": "3.11"}}
    assert settings["python"]["install"] == [{"requirements": "requirements.txt"}]
    assert settings["sphinx"]["fail_on_warning"] is True
    source = outside_git(tmp_path / "checkout")
    conf = source / settings["sphinx"]["configuration"]
    assert conf.is_file()
    out = tmp_path / "readthedocs_output" / "html"
    environment = {
        **guarded(tmp_path / "guard"),
        "READTHEDOCS": "True",
        "READTHEDOCS_PROJECT": "kok-archiv",
        "READTHEDOCS_LANGUAGE": "de",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_OUTPUT": str(out.parent),
        "READTHEDOCS_CANONICAL_URL": RTD_ADDRESS,
    }
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html", "-d", "_build/doctrees"]
    command += ["-D", "language=de", ".", str(out)]
    subprocess.run(command, cwd=conf.parent, env={**os.environ, **environment}, check=True)
    assert Path(environment["KOK_TEST_LOG"]).read_text(encoding="utf-8") == ""

    for page in year_pages(out):
        assert canonical(soup(out / page)) == RTD_ADDRESS + page
        assert meta(soup(out / page), "og:url") == RTD_ADDRESS + page
    assert sitemap(out) == [RTD_ADDRESS + page for page in real_pages(out)]
    assert f"Sitemap: {RTD_ADDRESS}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    urls = [str(e["url"]) for e in icalendar.Calendar.from_ical((out / "kok-events.ics").read_bytes()).walk("VEVENT")]
    assert urls
    assert all(url.startswith(RTD_ADDRESS + "years/") for url in urls)
    assets = [str(s["src"]) for s in soup(out / "404.html").find_all("script", src=True)]
    assert assets
    assert all(src.startswith("/de/latest/_static/") for src in assets)


# -- small projects: builders, incremental and parallel builds, settings ------------------


def with_address(srcdir: Path, address: str = ADDRESS.rstrip("/")) -> Path:
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"html_baseurl = {address!r}\n", encoding="utf-8")
    return srcdir


@pytest.fixture
def timeline(rootdir: Path, tmp_path: Path) -> Callable[[str], Path]:
    """Copies of test-timeline with eight more years and the address, by name."""
    return lambda name: with_address(timeline_with_years(rootdir, tmp_path / name))


@pytest.mark.slow
def test_parallel_build_with_an_address_equals_serial(make_app: MakeApp, timeline: Callable[[str], Path]) -> None:
    serial = build_app(make_app, timeline("serial"), freshenv=True)
    parallel = make_app("html", srcdir=timeline("parallel"), freshenv=True, parallel=2)
    parallel.build()
    assert warnings_of(parallel) == []
    parallel.cleanup()
    assert outputs(parallel.outdir, WITH_ADDRESS) == outputs(serial.outdir, WITH_ADDRESS)
    assert len(sitemap(serial.outdir)) == len(real_pages(serial.outdir)) > 8


@pytest.mark.slow
def test_incremental_build_with_an_address_equals_fresh(make_app: MakeApp, timeline: Callable[[str], Path]) -> None:
    srcdir = timeline("incremental")
    build_app(make_app, srcdir, freshenv=True)
    EDITS["details changed"](srcdir)
    app, reread, written = rebuild(make_app, srcdir)
    assert reread == ["years/2021"]  # really incremental: the sitemap still lists every page
    assert "years/2015" not in written
    write_year(srcdir, 2023, 3)
    app, _, _ = rebuild(make_app, srcdir)
    fresh = srcdir.parent / "fresh"
    shutil.copytree(srcdir, fresh, ignore=shutil.ignore_patterns("_build"))
    expected = outputs(build_app(make_app, fresh, freshenv=True).outdir, WITH_ADDRESS)
    assert outputs(app.outdir, WITH_ADDRESS) == expected
    assert f"{ADDRESS}years/2023.html" in sitemap(app.outdir)


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "xml"])
def test_every_builder_works_with_an_address(make_app: MakeApp, rootdir: Path, tmp_path: Path, builder: str) -> None:
    srcdir = with_address(Path(shutil.copytree(rootdir / "test-timeline", tmp_path / builder)))
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    assert "sphinx_last_updated_by_git" not in app.extensions
    site = builder in ("html", "dirhtml")
    for name in ("sitemap.xml", "robots.txt", "404.html"):
        assert (app.outdir / name).is_file() == site, name
    if builder == "dirhtml":  # pages are folders: years/2021/
        assert canonical(soup(app.outdir / "years" / "2021" / "index.html")) == f"{ADDRESS}years/2021/"
        assert f"{ADDRESS}years/2021/" in sitemap(app.outdir)
        assert ADDRESS in sitemap(app.outdir)  # the start page, as its folder
        scripts = [str(s["src"]) for s in soup(app.outdir / "404.html").find_all("script", src=True)]
        assert all(src.startswith("/kok/_static/") for src in scripts)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('html_baseurl = "archiv.example.org/kok"', "keine vollständige http(s)-Adresse"),
        ('html_baseurl = "https://archiv.example.org/?a=1"', "keine vollständige http(s)-Adresse"),
        ('kok_base_url = "https://archiv.example.org/"', "kok_base_url gibt es nicht mehr"),
    ],
)
def test_an_unusable_address_is_told_and_the_site_built_without(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, setting: str, expected: str
) -> None:
    srcdir = Path(shutil.copytree(rootdir / "test-timeline", tmp_path / "bad"))
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    app: SphinxTestApp = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    (warning,) = warnings_of(app)
    assert expected in warning
    assert warning.endswith("[kok.config]")
    assert "conf.py:" in warning  # where to fix it
    assert not (app.outdir / "sitemap.xml").exists()
    assert "://" not in json.loads((app.outdir / "kok-events.json").read_text(encoding="utf-8"))["events"][0]["url"]


@pytest.mark.parametrize("address", ["https://archiv.example.org/kok", "https://archiv.example.org/kok/"])
def test_an_address_with_a_sub_path_works_with_and_without_its_slash(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, address: str
) -> None:
    srcdir = with_address(Path(shutil.copytree(rootdir / "test-timeline", tmp_path / "slash")), address)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    assert sitemap(app.outdir)[0] == f"{ADDRESS}index.html"
    assert meta(soup(app.outdir / "years" / "2021.html"), "og:url") == f"{ADDRESS}years/2021.html"
    assert json.loads((app.outdir / "kok-events.json").read_text(encoding="utf-8"))["events"][0]["url"].startswith(
        f"{ADDRESS}years/"
    )


@pytest.mark.slow
def test_the_real_site_with_everything_on_builds_the_same_incrementally_and_in_parallel(
    second_year: SecondYear, tmp_path: Path
) -> None:
    """The real site with a year more, a public address, the German catalogue and fixed addresses:
    a -j 2 build equals a serial one, and an incremental -j 2 build after a corrected title a fresh one."""
    serial = with_address(Path(shutil.copytree(second_year.fixed, tmp_path / "serial")))
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)
    # where make html builds (a process of its own: furo in-process trips pytest's warnings)
    serial_out, parallel_out = serial / "_build" / "html", parallel / "_build" / "html"
    expected = outputs(clean_build(serial, serial_out, fresh=True), WITH_ADDRESS)
    assert outputs(clean_build(parallel, parallel_out, "-j", "2", fresh=True), WITH_ADDRESS) == expected

    for project in (serial, parallel):
        page = next(
            path for path in (project / "years").glob("*.md") if "Europäischer Tag gegen" in path.read_text("utf-8")
        )
        page.write_text(
            page.read_text("utf-8").replace("Europäischer Tag gegen", "Europäischer Aktionstag gegen"), "utf-8"
        )
        os.utime(page)
    incremental = clean_build(parallel, parallel_out, "-j", "2", fresh=False)
    assert outputs(incremental, WITH_ADDRESS) == outputs(clean_build(serial, serial_out, fresh=True), WITH_ADDRESS)
