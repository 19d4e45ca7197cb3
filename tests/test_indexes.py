"""The cross-year views on a real build: organisation index, category index, listings, references."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from docutils import nodes
from kok_archive.access import kok_domain
from sphinx.testing.util import SphinxTestApp

from .helpers import article, text_of, warnings_of


def listed(view: Tag) -> list[str]:
    """Titles of the events a listing links to, in order."""
    return [text_of(a) for a in view.select("ul.kok-listing-events a")]


KOK_ANCHOR = "org-bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v"
KOK_PAGE = "organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v.html"


@pytest.mark.sphinx("html", testroot="timeline")
def test_organisation_index_lists_every_organisation_a_to_z_linking_to_its_page(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / "organisationen.html")
    index = page.find(class_="kok-org-index")
    letters = [text_of(s.find("h2")).removesuffix("¶") for s in index.find_all("section", recursive=False)]
    assert letters == ["B", "K"]  # KOK is filed under K too; the unused Ärztinnenbund has no entry
    assert [text_of(a) for a in index.find(class_="kok-letters").find_all("a")] == letters
    entries = index.find_all(class_="kok-org-entry")
    assert [(e["id"], text_of(e)) for e in entries] == [  # DIN 5007: ü sorts as u
        (
            KOK_ANCHOR,
            "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK) – 2 Ereignisse"
            " · auch: Koordinierungskreis",
        ),
        ("org-buendnis-a-b-und-c", "Bündnis A, B und C – 1 Ereignis"),
    ]
    assert entries[0].find("a")["href"] == KOK_PAGE  # an old link to #org-… lands beside the link to the page
    assert entries[1].find("a")["href"] == "organisationen/buendnis-a-b-und-c.html"
    see = index.find(class_="kok-org-see")
    assert text_of(see) == "KOK → Bundesweiter Koordinierungskreis gegen Menschenhandel e.V."
    assert see.find("a")["href"] == KOK_PAGE
    assert not index.select("ul.kok-listing-events")  # the events are on the pages
    assert sorted(p.name for p in (app.outdir / "organisationen").iterdir()) == [
        "buendnis-a-b-und-c.html",
        "bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v.html",
    ]


@pytest.mark.sphinx("html", testroot="timeline")
def test_an_organisations_page_shows_its_names_website_count_and_events_by_year_and_month(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / KOK_PAGE)
    top = page.find("section")
    assert top["id"] == KOK_ANCHOR  # the search object's anchor
    assert text_of(top.find("h1")).removesuffix("¶") == "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V."
    assert [text_of(li) for li in page.select("ul.kok-org-facts li")] == [
        "Abkürzung: KOK",
        "Andere Schreibweisen: Koordinierungskreis",
        "Website: https://www.kok-gegen-menschenhandel.de/",
        "Im Archiv: 2 Ereignisse",
    ]
    assert page.select_one("ul.kok-org-facts a")["href"] == "https://www.kok-gegen-menschenhandel.de/"
    assert page.select_one(".kok-org-back a")["href"] == f"../organisationen.html#{KOK_ANCHOR}"  # its line of the index
    headings = [(h.name, text_of(h).removesuffix("¶")) for h in page.find_all(["h2", "h3"])]
    assert headings == [("h2", "2021"), ("h3", "Januar 2021"), ("h3", "März 2021")]
    assert listed(page) == ["Zwei Tage", "Ein Tag im März"]  # date order
    assert page.select_one("ul.kok-listing-events a")["href"] == "../years/2021.html#kok-2021-01-16-zwei-tage"
    assert text_of(page.select_one("ul.kok-listing-events li")) == "16./17.1. Zwei Tage (Veranstaltung)"
    whole = (app.outdir / KOK_PAGE).read_text(encoding="utf-8")
    assert "<title>Bundesweiter Koordinierungskreis gegen Menschenhandel e.V." in whole
    assert 'href="buendnis-a-b-und-c.html"' in whole  # previous/next: the neighbours A–Z
    assert 'href="#jahr-2021"' in whole  # the years in the page's table of contents


@pytest.mark.sphinx("singlehtml", testroot="timeline")
def test_one_document_builders_keep_the_index_with_every_event(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    index = article(app.outdir / "index.html").find(class_="kok-org-index")
    kok = index.find(id=KOK_ANCHOR)
    assert text_of(kok.find(class_="kok-org-facts")).startswith("2 Ereignisse · auch: Koordinierungskreis · ")
    assert listed(kok) == ["Zwei Tage", "Ein Tag im März"]
    assert index.find(class_="kok-org-see").find("a")["href"] == f"#{KOK_ANCHOR}"
    assert not (app.outdir / "organisationen").exists()
    links = article(app.outdir / "index.html").select(".kok-event-orgs a")
    assert {a["href"] for a in links} == {f"#{KOK_ANCHOR}", "#org-buendnis-a-b-und-c"}


@pytest.mark.sphinx("dirhtml", testroot="timeline")
def test_dirhtml_gives_each_organisation_a_folder(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    entry = article(app.outdir / "organisationen" / "index.html").find(id=KOK_ANCHOR)
    assert entry.find("a")["href"] == "bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v/"
    page = article(app.outdir / KOK_PAGE.replace(".html", "/index.html"))
    assert page.select_one("ul.kok-listing-events a")["href"] == "../../years/2021/#kok-2021-01-16-zwei-tage"
    event = article(app.outdir / "years" / "2021" / "index.html").find(id="kok-2021-03-17-ein-tag-im-maerz")
    assert {a["href"] for a in event.select(".kok-event-orgs a")} == {
        "../../organisationen/buendnis-a-b-und-c/",
        "../../organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v/",
    }


@pytest.mark.sphinx("html", testroot="timeline")
def test_an_events_organisations_link_to_their_pages(app: SphinxTestApp) -> None:
    app.build()
    event = article(app.outdir / "years" / "2021.html").find(id="kok-2021-03-17-ein-tag-im-maerz")
    links = {text_of(a): a["href"] for a in event.find(class_="kok-event-orgs").find_all("a")}
    assert links == {
        "Bündnis A, B und C": "../organisationen/buendnis-a-b-und-c.html",
        "KOK": f"../{KOK_PAGE}",
    }


CATEGORY_KEYS = ("veranstaltung", "politik", "publikation", "sonstiges")


@pytest.mark.sphinx("html", testroot="timeline")
def test_category_index_links_each_category_to_its_page_keeping_the_old_anchors(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / "kategorien.html")
    sections = page.find_all("section", class_="kok-category-section")
    assert [s["id"] for s in sections] == [f"kategorie-{key}" for key in CATEGORY_KEYS]  # old links land here
    summaries = [s.find(class_="kok-category-summary") for s in sections]
    assert [(text_of(s), s.find("a")["href"]) for s in summaries] == [
        (
            "4 Ereignisse – alle Ereignisse der Kategorie Veranstaltung nach Jahr und Monat",
            "kategorien/veranstaltung.html",
        ),
        ("1 Ereignis – alle Ereignisse der Kategorie Politik nach Jahr und Monat", "kategorien/politik.html"),
        ("1 Ereignis – alle Ereignisse der Kategorie Publikation nach Jahr und Monat", "kategorien/publikation.html"),
        ("1 Ereignis – alle Ereignisse der Kategorie Sonstiges nach Jahr und Monat", "kategorien/sonstiges.html"),
    ]
    assert "kok-category-politik" in summaries[1]["class"]  # its colour, as a swatch
    assert not page.select("ul.kok-listing-events")  # the events are on the pages
    toc = [ref["anchorname"] for ref in app.env.tocs["kategorien"].findall(nodes.reference)]
    assert "#kategorie-politik" in toc  # real sections: in the page's table of contents
    assert sorted(p.name for p in (app.outdir / "kategorien").iterdir()) == sorted(f"{k}.html" for k in CATEGORY_KEYS)
    listed_anywhere = [
        title for key in CATEGORY_KEYS for title in listed(article(app.outdir / "kategorien" / f"{key}.html"))
    ]
    events = [e for evs in kok_domain(app.env).data["events"].values() for e in evs]
    assert sorted(listed_anywhere) == sorted(e.title for e in events)  # each event exactly once


@pytest.mark.sphinx("html", testroot="timeline")
def test_a_categorys_page_shows_its_label_colour_count_and_events_by_year_and_month(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / "kategorien" / "veranstaltung.html")
    top = page.find("section")
    assert top["id"] == "kategorie-veranstaltung"
    assert text_of(top.find("h1")).removesuffix("¶") == "Veranstaltung"
    assert [text_of(li) for li in page.select("ul.kok-category-facts li")] == [
        "Farbe: Veranstaltung",
        "Im Archiv: 4 Ereignisse",
    ]
    assert page.select_one("ul.kok-category-facts .kok-category")["class"] == [
        "kok-category",
        "kok-category-veranstaltung",
    ]
    assert page.select_one(".kok-category-back a")["href"] == "../kategorien.html#kategorie-veranstaltung"
    headings = [(h.name, text_of(h).removesuffix("¶")) for h in page.find_all(["h2", "h3"])]
    assert headings == [
        ("h2", "2020"),
        ("h3", "Dezember 2020"),
        ("h2", "2021"),
        ("h3", "Januar 2021"),
        ("h2", "2022"),
        ("h3", "Februar 2022"),
    ]
    assert listed(page) == ["Eigener Anker", "Zwei Tage", "Gleiche Tage, später geschrieben", "Einziges Ereignis"]
    first = page.select_one("ul.kok-listing-events li")
    assert text_of(first) == "5.12. Eigener Anker"  # no label: the page is the category's
    assert first.find("a")["href"] == "../years/2021.html#mv-dezember"
    assert page.find(id="monat-2021-01").find_parent("section")["id"] == "jahr-2021"
    whole = (app.outdir / "kategorien" / "veranstaltung.html").read_text(encoding="utf-8")
    assert "<title>Veranstaltung" in whole
    assert 'href="politik.html"' in whole  # next: the following category, as configured
    assert 'href="#jahr-2021"' in whole  # the years in the page's table of contents
    assert 'content="Kategorie Veranstaltung' not in whole  # OpenGraph only with an address (test_online)


@pytest.mark.sphinx("html", testroot="timeline")
def test_a_categorys_page_is_found_by_its_label(app: SphinxTestApp) -> None:
    app.build()
    search = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(search[search.index("(") + 1 : search.rindex(")")])
    page = index["docnames"].index("kategorien/politik")
    assert index["titles"][page] == "Politik"
    assert page in index["titleterms"]["polit"]  # the German stem
    assert page not in index["terms"].get("tag", [])  # not by its events: their year page is


@pytest.mark.sphinx("singlehtml", testroot="timeline")
def test_one_document_builders_keep_the_category_index_with_every_event(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / "index.html")
    sections = {s["id"]: s for s in page.find_all("section", class_="kok-category-section")}
    assert list(sections) == [f"kategorie-{key}" for key in CATEGORY_KEYS]
    veranstaltung = sections["kategorie-veranstaltung"]
    assert listed(veranstaltung) == [
        "Eigener Anker",
        "Zwei Tage",
        "Gleiche Tage, später geschrieben",
        "Einziges Ereignis",
    ]
    assert [text_of(h) for h in veranstaltung.find_all(class_="rubric")] == [
        "2020",
        "Dezember 2020",
        "2021",
        "Januar 2021",
        "2022",
        "Februar 2022",
    ]
    assert text_of(veranstaltung.select_one("ul.kok-listing-events li")) == "5.12. Eigener Anker (Veranstaltung)"
    assert not page.select(".kok-category-summary")
    assert not (app.outdir / "kategorien").exists()


@pytest.mark.sphinx("dirhtml", testroot="timeline")
def test_dirhtml_gives_each_category_a_folder(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    section = article(app.outdir / "kategorien" / "index.html").find(id="kategorie-politik")
    assert section.select_one(".kok-category-summary a")["href"] == "politik/"
    page = article(app.outdir / "kategorien" / "politik" / "index.html")
    assert page.select_one("ul.kok-listing-events a")["href"] == "../../years/2021/#kok-2021-03-17-ein-tag-im-maerz"


def test_events_without_a_valid_category_or_date_on_the_category_pages(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "categories-odd"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    page = srcdir / "years" / "2022.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n:::{kok-event} Ohne Kategorie\n:date: 2022-03-01\n:::\n"
        + "\n:::{kok-event} Ohne Datum\n:date: irgendwann\n:category: politik\n:::\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert sorted(re.findall(r"\[(kok\.\w+)\]", " ".join(warnings_of(app)))) == ["kok.category", "kok.date"]
    politik = article(app.outdir / "kategorien" / "politik.html")
    assert listed(politik) == ["Ein Tag im März", "Ohne Datum"]
    undated = politik.find(id="ohne-datum")
    assert [text_of(undated.find("h2")).removesuffix("¶"), *listed(undated)] == ["Ohne gültiges Datum", "Ohne Datum"]
    everywhere = [t for key in CATEGORY_KEYS for t in listed(article(app.outdir / "kategorien" / f"{key}.html"))]
    assert "Ohne Kategorie" not in everywhere  # as documented: in no category
    section = article(app.outdir / "kategorien.html").find(id="kategorie-politik")
    assert text_of(section.find(class_="kok-category-summary")).startswith("2 Ereignisse – ")


def test_a_categorys_page_name_is_its_key_beside_the_index() -> None:
    from kok_archive.core.indexes import category_index, category_page_name

    assert category_page_name("kategorien", "politik") == "kategorien/politik"
    assert category_page_name("kategorien", "index") == "kategorien/kategorie-index"  # not dirhtml's index page
    assert category_index([], [("politik", "Politik", "#b5473a")])[0].anchor == "kategorie-politik"


@pytest.mark.sphinx("html", testroot="timeline")
def test_listings_filter_by_category_org_person_year_and_month(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "listen.html")
    views = {s["id"]: s.find(class_="kok-listing") for s in page.find_all("section") if s.find(class_="kok-listing")}
    assert listed(views["politik-2021"]) == ["Ein Tag im März"]
    assert listed(views["mit-dem-kok"]) == ["Zwei Tage", "Ein Tag im März"]  # the alias finds the KOK
    assert listed(views["erika-musterfrau-im-januar-oder-marz"]) == ["Ein Tag im März"]
    assert listed(views["veranstaltungen-oder-publikationen"]) == [
        "Eigener Anker",
        "Zwei Tage",
        "Gleiche Tage, später geschrieben",
        "Einzelne Tage",
        "Einziges Ereignis",
    ]
    headings = [text_of(h) for h in views["veranstaltungen-oder-publikationen"].find_all(class_="rubric")]
    assert headings == ["2020", "Dezember 2020", "2021", "Januar 2021", "2022", "Februar 2022"]
    first = views["politik-2021"].find("li")
    assert text_of(first) == "17.3. Ein Tag im März (Politik)"
    assert first.find("a")["href"] == "years/2021.html#kok-2021-03-17-ein-tag-im-maerz"


@pytest.mark.sphinx("html", testroot="timeline")
def test_org_and_event_references_resolve(app: SphinxTestApp) -> None:
    app.build()
    intro = article(app.outdir / "listen.html").find("p")
    links = [(text_of(a), a["href"]) for a in intro.find_all("a")]
    kok = KOK_PAGE
    assert links == [
        ("Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.", kok),  # the role shows the canonical name
        ("den Koordinierungskreis", kok),
        ("Eigener Anker", "years/2021.html#mv-dezember"),
        ("Dezember 2020", "years/2021.html#monat-2020-12"),  # a month section, from another page
    ]


@pytest.mark.sphinx("html", testroot="timeline")
def test_organisations_are_search_objects_linking_to_their_page(app: SphinxTestApp) -> None:
    app.build()
    objects = {
        name: (docname, anchor, disp)
        for name, disp, kind, docname, anchor, _ in kok_domain(app.env).get_objects()
        if kind == "org"
    }
    assert objects["org.org-buendnis-a-b-und-c"] == (
        "organisationen/buendnis-a-b-und-c",
        "org-buendnis-a-b-und-c",
        "Bündnis A, B und C",
    )
    search = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(search[search.index("(") + 1 : search.rindex(")")])
    page = index["docnames"].index("organisationen/buendnis-a-b-und-c")  # the page is in the index ...
    found = [
        entry for entries in index["objects"].values() for entry in entries if entry[3] == "org-buendnis-a-b-und-c"
    ]
    assert [entry[0] for entry in found] == [page]  # ... and the object links to it
    assert index["titles"][page] == "Bündnis A, B und C"
    kok = index["docnames"].index(KOK_PAGE.removesuffix(".html"))
    assert kok in index["terms"]["kok"]  # found by its abbreviation
    zwei = index["terms"].get("zwei", [])  # a page number, or a list of them
    assert kok not in (zwei if isinstance(zwei, list) else [zwei])  # but not by its events' words (search.py)


def test_an_organisations_page_name_is_its_anchor_short_enough_for_any_file_system() -> None:
    from kok_archive.core.indexes import OrgEntry, org_page_name
    from kok_archive.core.organisations import Organisation

    def page(name: str) -> str:
        org = Organisation(name=name)
        return org_page_name("organisationen", OrgEntry(org, org.anchor, ()))

    assert page("Bundesamt für Migration und Flüchtlinge") == "organisationen/bundesamt-fuer-migration-und-fluechtlinge"
    assert page("!!!") == "organisationen/organisation"  # no letters: still a file name
    assert page("Index") == "organisationen/organisation-index"  # not dirhtml's index page
    long = page("Verein " * 60)
    assert 90 < len(long.rsplit("/", 1)[1]) <= 100
    assert long != page("Verein " * 61)  # cut, but apart
    assert long == page("Verein " * 60)  # and stable


def toc_letters(page: Path) -> list[tuple[str, str]]:
    """The letters in the page's table of contents (the basic theme's sidebar): text and link."""
    toc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".sphinxsidebarwrapper")
    assert toc is not None
    return [(text_of(a), str(a["href"])) for a in toc.select("a") if str(a["href"]).startswith("#buchstabe-")]


@pytest.mark.slow  # five builds of a root: not in make test-fast
def test_the_letters_of_the_organisation_index_are_sections_in_its_table_of_contents(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    """Made when the page is written (they depend on every page), in the TOC all the same: furo's
    "Auf dieser Seite", singlehtml's contents, LaTeX's sections; kept current when a letter comes or goes."""
    srcdir = tmp_path / "letters"
    shutil.copytree(rootdir / "test-timeline", srcdir)

    def build(builder: str, fresh: bool = False) -> SphinxTestApp:
        app = make_app(builder, srcdir=srcdir, freshenv=fresh, confoverrides={"kok_pdf": False})
        app.build()
        assert warnings_of(app) == []
        app.cleanup()
        return app

    app = build("html", fresh=True)
    page = app.outdir / "organisationen.html"
    assert toc_letters(page) == [("B", "#buchstabe-b"), ("K", "#buchstabe-k")]
    sections = article(page).select(".kok-org-index > section")
    assert [(s["id"], text_of(s.find("h2")).removesuffix("¶")) for s in sections] == [
        ("buchstabe-b", "B"),
        ("buchstabe-k", "K"),
    ]
    assert toc_letters(app.outdir / "years" / "2021.html") == []  # only on the index's own page

    # a letter comes (the Ärztinnenbund, under A) and goes: the TOC of the page not re-read follows
    year = srcdir / "years" / "2022.md"
    source = year.read_text(encoding="utf-8")
    year.write_text(
        source.replace(":category: veranstaltung\n", ":category: veranstaltung\n:org: Ärztinnenbund\n"),
        encoding="utf-8",
    )
    app = build("html")
    assert [letter for letter, _ in toc_letters(page)] == ["A", "B", "K"]
    assert article(page).find(id="buchstabe-a") is not None
    year.write_text(source, encoding="utf-8")
    app = build("html")
    assert [letter for letter, _ in toc_letters(page)] == ["B", "K"]

    single = build("singlehtml")
    assert toc_letters(single.outdir / "index.html") == [("B", "#buchstabe-b"), ("K", "#buchstabe-k")]
    latex = build("latex")
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    organisations = tex[tex.index(r"\chapter{Organisationen}") : tex.index(r"\chapter{Kategorien}")]
    assert re.findall(r"\\section\{(\w)\}", organisations) == ["B", "K"]
    assert r"\subsection*{Bündnis A, B und C}" in organisations  # each organisation under its letter
