"""The English edition from the German source (issue 20), on tests/roots/test-edition: one German year
and its catalogue, partly translated (translated, missing, empty, fuzzy, hostile entries).

Built once per format by ``make html``'s own runner (``kok_tools.build``), which builds every edition."""

from __future__ import annotations

import json
import pickle
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from kok_check.site import Site
from pypdf import PdfReader

from .helpers import EDITION_ARCHIVE, ROOT, article, build_html, make_editions, serve, text_of

CATALOGUE = Path("locale/en/LC_MESSAGES/years/2021.po")
YEAR = "years/2021.html"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("edition") / "source"
    shutil.copytree(EDITION_ARCHIVE, source)
    return source


@pytest.fixture(scope="module")
def site(source: Path) -> Path:
    return make_editions(source, source.parent / "html")


@pytest.fixture(scope="module")
def dirhtml(source: Path) -> Path:
    return make_editions(source, source.parent / "dirhtml", "-b", "dirhtml")


def events(page: Tag) -> dict[str, Tag]:
    return {str(div["id"]): div for div in page.select("div.kok-event")}


def title(event: Tag) -> Tag:
    found = event.select_one(".kok-event-title")
    assert found is not None
    return found


def test_translated_title_and_details_replace_the_german(site: Path) -> None:
    english = events(article(site / "en" / YEAR))
    fachtag = english["kok-2021-03-12-fachtag-zur-arbeitsausbeutung"]
    assert text_of(title(fachtag)) == "Expert conference on labour exploitation"
    assert title(fachtag).select_one("em") is not None, "the translation's emphasis is markup"
    assert "With counsellors from the specialist counselling centres." in text_of(fachtag)
    assert "Berater" not in text_of(fachtag)
    assert title(fachtag).get("lang") is None
    assert not fachtag.select("[lang]")


def test_the_german_edition_is_untouched_by_the_catalogue(site: Path) -> None:
    german = events(article(site / YEAR))
    assert text_of(title(german["kok-2021-03-12-fachtag-zur-arbeitsausbeutung"])) == "Fachtag zur Arbeitsausbeutung"
    assert not article(site / YEAR).select("[lang]")


def test_untranslated_text_is_german_and_says_so(site: Path) -> None:
    page = article(site / "en" / YEAR)
    english = events(page)
    for anchor in ("kok-2021-07-30-welttag-gegen-menschenhandel", "kok-2021-11-02-schulung-zu-menschenhandel"):
        assert title(english[anchor]).get("lang") == "de", anchor  # no entry; an empty entry
    untranslated = [p for p in page.find_all("p") if text_of(p) == "Dieser Absatz ist nicht übersetzt."]
    assert untranslated
    assert untranslated[0].get("lang") == "de"
    assert page.find("h1") is not None
    assert text_of(page.find("h1")).startswith("Annual Review 2021")


def test_a_fuzzy_translation_is_never_shown(site: Path) -> None:
    stale = events(article(site / "en" / YEAR))["kok-stellungnahme"]
    assert text_of(title(stale)) == "Stellungnahme zum Gesetzentwurf"
    assert title(stale).get("lang") == "de"
    assert "old draft" not in (site / "en" / YEAR).read_text(encoding="utf-8")


def test_hostile_text_in_a_translation_is_text(site: Path) -> None:
    stale = events(article(site / "en" / YEAR))["kok-stellungnahme"]
    assert not stale.select("script")
    assert "<script>" in text_of(stale)
    assert not [a for a in stale.find_all("a") if "javascript" in str(a.get("href", "")).lower()]


def pages(root: Path) -> set[str]:
    """The pages of an edition, without the small pages that lead from another name to an organisation's page
    (an English name leads there too)."""
    found = (p for p in root.glob("**/*.html") if "refresh" not in p.read_text(encoding="utf-8")[:600])
    return {p.relative_to(root).as_posix() for p in found if "en" not in p.relative_to(root).parts[:1]}


def test_both_editions_have_the_same_anchors_and_pages(site: Path) -> None:
    assert events(article(site / YEAR)).keys() == events(article(site / "en" / YEAR)).keys()
    assert pages(site) == pages(site / "en")


def test_what_the_extension_writes_is_never_marked_german(site: Path) -> None:
    """Category headings come from the configuration, already in the edition's language."""
    headings = article(site / "en" / "kategorien.html").find_all("h2")
    assert [text_of(h).rstrip("¶").strip() for h in headings][:2] == ["Event", "Politics"]
    assert not [h for h in headings if h.get("lang")]


def test_month_headings_are_in_the_edition_language(site: Path) -> None:
    headings = [text_of(h).rstrip("¶") for h in article(site / "en" / YEAR).find_all("h2")]
    assert "March 2021" in headings
    assert "October 2021" in headings


def alternates(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {str(link["hreflang"]): str(link["href"]) for link in soup.find_all("link", rel="alternate")}


def switcher(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.kok-ausgaben")
    assert nav is not None, page
    return {str(a["hreflang"]): str(a["href"]) for a in nav.find_all("a")}


def resolve(site: Path, page: Path, href: str) -> Path:
    target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))
    return target / "index.html" if href.endswith("/") else target


@pytest.mark.parametrize("built", ["site", "dirhtml"])
def test_every_page_links_its_counterpart_both_ways(built: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(built)
    pages = [p for p in root.glob("**/*.html") if "_static" not in p.parts and "refresh" not in p.read_text()[:600]]
    assert len(pages) > 10
    for page in pages:
        edition = "en" if page.relative_to(root).parts[0] == "en" else "de"
        other = "de" if edition == "en" else "en"
        links = alternates(page)
        assert set(links) == {"de", "en"}, page
        counterpart = resolve(root, page, links[other])
        assert counterpart.is_file(), (page, links[other])
        assert resolve(root, page, links[edition]).resolve() == page.resolve()
        back = alternates(counterpart)[edition]
        assert resolve(root, counterpart, back).resolve() == page.resolve()
        if page.name != "404.html":
            assert switcher(page) == {other: links[other]}


def test_without_a_catalogue_no_edition_is_linked(source: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(source, plain, ignore=shutil.ignore_patterns("locale", "_build"))
    out = build_html(plain, tmp_path / "html", "-D", "kok_pdf=0")
    assert not (out / "en").exists()
    text = (out / YEAR).read_text(encoding="utf-8")
    assert "hreflang" not in text
    assert "kok-ausgaben" not in text


def test_the_edition_counts_translated_missing_and_stale(site: Path) -> None:
    environment = pickle.loads((site / "en" / ".doctrees" / "environment.pickle").read_bytes())
    counts = environment.domaindata["kok"]["translations"]["years/2021"]
    # translated: the page title, two foreword paragraphs, one title and two details paragraphs;
    # missing: a paragraph, a title without entry and one with an empty entry; stale: the fuzzy title
    assert (counts.translated, counts.missing, counts.stale) == (6, 3, 1)


def test_gettext_offers_the_event_titles(source: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "gettext", str(source), str(tmp_path / "pot")]
    subprocess.run(command, check=True, env={"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin"})
    pot = (tmp_path / "pot" / "years" / "2021.pot").read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.+)"$', pot, flags=re.MULTILINE)
    assert ids[:4] == [
        "Jahresrückblick 2021",
        "Liebe Leser\\\\*innen,",
        "dieses Jahr war ein Jahr der Beratung.",
        "Dieser Absatz ist nicht übersetzt.",
    ]
    assert "Fachtag zur Arbeitsausbeutung" in ids
    assert "Schulung zu Menschenhandel" in ids
    assert ids.index("Fachtag zur Arbeitsausbeutung") < ids.index(
        "Mit Berater\\\\*innen aus den *Fachberatungsstellen*."
    )


def test_the_english_data_are_english(site: Path) -> None:
    english = {event["id"]: event for event in json.loads((site / "en" / "kok-events.json").read_text())["events"]}
    fachtag = english["kok-2021-03-12-fachtag-zur-arbeitsausbeutung"]
    assert fachtag["title"] == "Expert conference on labour exploitation"
    assert fachtag["details"] == "With counsellors from the specialist counselling centres."
    assert fachtag["language"] == "en"
    assert fachtag["dates"]["text"] == "12 Mar 2021"
    assert fachtag["category"]["label"] == "Event"
    assert english["kok-stellungnahme"]["dates"]["text"] == "October 2021"
    assert english["kok-2021-07-30-welttag-gegen-menschenhandel"]["language"] == "de"
    assert "Expert conference on labour exploitation" in (site / "en" / "kok-events.ics").read_text()
    german = json.loads((site / "kok-events.json").read_text())["events"]
    assert {event["language"] for event in german} == {"de"}
    soup = BeautifulSoup((site / "en" / YEAR).read_text(encoding="utf-8"), "html.parser")
    script = soup.find("script", type="application/ld+json")
    assert script is not None
    graph = {item["name"]: item for item in json.loads(script.string or "")["@graph"]}
    assert graph["Expert conference on labour exploitation"]["inLanguage"] == "en"
    assert graph["Welttag gegen Menschenhandel"]["inLanguage"] == "de"


def test_the_english_search_finds_english_words(site: Path) -> None:
    english = {event["anchor"]: event for event in Site(site / "en").search_layer}
    fachtag = english["kok-2021-03-12-fachtag-zur-arbeitsausbeutung"]
    assert fachtag["title"] == "Expert conference on labour exploitation"
    assert "exploit" in fachtag["keys"]  # the English stemmer: exploitation, exploited, exploit
    german = {event["anchor"]: event for event in Site(site).search_layer}
    assert "exploit" not in german["kok-2021-03-12-fachtag-zur-arbeitsausbeutung"]["keys"]


NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_sitemaps_name_both_editions(source: Path, tmp_path: Path) -> None:
    out = make_editions(source, tmp_path / "html", "-D", "html_baseurl=https://archiv.example.org/kok/")
    for sitemap, own in ((out / "sitemap.xml", ""), (out / "en" / "sitemap.xml", "en/")):
        urls = ElementTree.parse(sitemap).getroot().findall("s:url", NAMESPACES)
        assert urls
        for url in urls:
            page = url.findtext("s:loc", "", NAMESPACES).removeprefix(f"https://archiv.example.org/kok/{own}")
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NAMESPACES)}
            assert alternates == {
                "de": f"https://archiv.example.org/kok/{page}",
                "en": f"https://archiv.example.org/kok/en/{page}",
            }
            assert (out / page).is_file() or (out / page / "index.html").is_file()
            assert (out / "en" / page).is_file() or (out / "en" / page / "index.html").is_file()


def test_on_read_the_docs_each_edition_is_a_project(source: Path, tmp_path: Path) -> None:
    """Read the Docs serves the projects side by side, /de/latest/ and /en/latest/."""
    variables = {"READTHEDOCS": "True", "READTHEDOCS_VERSION": "latest"}
    address = "https://kok-archiv.readthedocs.io/en/latest/"
    out = build_html(source, tmp_path / "en", "-D", "language=en", "-D", f"html_baseurl={address}", **variables)
    assert alternates(out / YEAR) == {
        "de": "https://kok-archiv.readthedocs.io/de/latest/years/2021.html",
        "en": "https://kok-archiv.readthedocs.io/en/latest/years/2021.html",
    }
    assert switcher(out / YEAR) == {"de": "../../../de/latest/years/2021.html"}


def test_make_check_counts_per_year(source: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kok_check", str(source), "--out", str(tmp_path / "check")],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin"},
    )
    assert "years/2021: 6 übersetzt, 3 fehlen, 1 veraltet" in result.stdout, result.stdout
    # the hostile translation is the English edition's own warning: counted once, with its file
    assert result.stdout.count("kok.html") == 1, result.stdout


def sphinx_en(source: Path, out: Path, *options: str) -> list[str]:
    """A build of the English edition into ``out`` (incremental unless ``-E``): the pages it read."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-D", "language=en", "-D", "kok_pdf=0", *options]
    environment = {"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1600000000"}
    result = subprocess.run([*command, str(source), str(out)], capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", result.stdout)


def written(out: Path) -> dict[str, bytes]:
    suffixes = (".html", ".js", ".inv", ".json", ".csv", ".ics", ".xml")
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.suffix in suffixes and ".doctrees" not in path.parts and path.name != "searchindex.js"
    }


def test_a_translation_edit_rereads_its_year_and_equals_a_fresh_build(source: Path, tmp_path: Path) -> None:
    project = tmp_path / "source"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("_build"))
    out = tmp_path / "incremental"
    assert set(sphinx_en(project, out)) >= {"years/2020", "years/2021", "index"}
    catalogue = project / CATALOGUE
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('msgstr "Expert conference', 'msgstr "Specialist conference'), encoding="utf-8")
    assert sphinx_en(project, out) == ["years/2021"]
    shown = events(article(out / YEAR))["kok-2021-03-12-fachtag-zur-arbeitsausbeutung"]
    assert text_of(title(shown)) == "Specialist conference on labour exploitation"
    organisation = (out / "organisationen" / "bundesweiter-koordinierungskreis-gegen-menschenhandel.html").read_text(
        encoding="utf-8"
    )
    assert "Specialist conference" in organisation
    fresh = tmp_path / "fresh"
    sphinx_en(project, fresh, "-E")
    assert written(out) == written(fresh)
    parallel = tmp_path / "parallel"
    sphinx_en(project, parallel, "-E", "-j", "2")
    assert written(parallel) == written(fresh)


def test_the_printed_review_in_english(source: Path, tmp_path: Path) -> None:
    out = make_editions(source, tmp_path / "html", "-D", "kok_pdf=1")
    pdf = PdfReader(out / "en" / "jahresrueckblick-2021.pdf")
    assert str(pdf.trailer["/Root"]["/Lang"]) == "en"
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Annual Review 2021"
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for english in ("March 2021 to November 2021", "Foreword", "Expert conference on labour exploitation", "Page 2 of"):
        assert english in text
    assert "Dieser Absatz ist nicht übersetzt." in text  # shown in German, as on the page
    for german in ("Vorwort", "Seite 2 von", "Organisationen:"):
        assert german not in text
    outline = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert outline[0] == "Annual Review 2021"
    assert str(PdfReader(out / "jahresrueckblick-2021.pdf").trailer["/Root"]["/Lang"]) == "de"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    yield from serve(site)


def test_the_scripts_speak_the_editions_language(browser: Any, served: str, site: Path) -> None:
    assert not (site / "_static" / "kok-texte.js").exists()  # the German edition needs none
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}/en/search.html?q=exploitation")
    page.wait_for_selector("#kok-suche-status:has-text('found')")
    assert page.inner_text("#kok-suche-titel") == "Events"
    assert page.inner_text("#kok-suche-status") == "One event found."
    assert page.inner_text("[role=main] h1") == "Search"
    page.goto(f"{served}/en/{YEAR}")
    page.wait_for_selector(".kok-filter")
    assert page.get_attribute(".kok-filter", "aria-label") == "Filter events by category"
    assert page.inner_text(".kok-filter-status") == "4 of 4 events shown"
    page.goto(f"{served}/search.html?q=Arbeitsausbeutung")
    page.wait_for_selector("#kok-suche-status:has-text('gefunden')")
    assert page.inner_text("#kok-suche-titel") == "Ereignisse"
    assert page.inner_text("#kok-suche-status") == "Ein Ereignis gefunden."
    assert errors == []
    page.context.close()


KOK_PAGE = "organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel.html"


def test_an_organisation_has_its_english_name_where_the_registry_gives_one(site: Path) -> None:
    english, german = article(site / "en" / KOK_PAGE), article(site / KOK_PAGE)  # the same address
    assert text_of(english.find("h1")).startswith("German NGO Network against Trafficking in Human Beings")
    assert text_of(german.find("h1")).startswith("Bundesweiter Koordinierungskreis gegen Menschenhandel")
    index = text_of(article(site / "en" / "organisationen.html"))
    assert "German NGO Network against Trafficking in Human Beings (KOK)" in index
    assert "Bundesamt für Migration und Flüchtlinge (BAMF)" in index  # no English name: the German one
    events = json.loads((site / "en" / "kok-events.json").read_text(encoding="utf-8"))["events"]
    assert {name for event in events for name in event["organisations"]} == {
        "German NGO Network against Trafficking in Human Beings",
        "Bundesamt für Migration und Flüchtlinge",
    }
    german_events = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))["events"]
    german_names = {name for event in german_events for name in event["organisations"]}
    assert "Bundesweiter Koordinierungskreis gegen Menschenhandel" in german_names


def test_an_english_name_that_is_no_text_is_reported_in_german() -> None:
    from kok_archive.core.organisations import Registry, in_edition

    entries = [{"name": "Verein", "name_en": 3}, {"name": "Stelle", "kurz": "S", "name_en": "Office", "kurz_en": "O"}]
    assert Registry.from_entries(entries).problems == ["»Verein«: »name_en« muss ein Text sein; ausgelassen."]
    english = Registry.from_entries(in_edition(entries, "en"))
    office = english.resolve("Stelle")  # as authors write it: the German name finds the English entry
    assert (office.name, office.short, office.slug) == ("Office", "O", "stelle")
    assert english.resolve("S").name == "Office"
