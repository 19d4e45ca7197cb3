"""The cross-year views on a real build: organisation index, category index, listings, references."""

from __future__ import annotations

import json

import pytest
from bs4 import Tag
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from .conftest import article, text_of, warnings_of


def listed(view: Tag) -> list[str]:
    """Titles of the events a listing links to, in order."""
    return [text_of(a) for a in view.select("ul.kok-listing-events a")]


KOK_ANCHOR = "org-bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v"
KOK_PAGE = "organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v.html"


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-orgs", freshenv=True)
def test_organisation_index_lists_every_organisation_a_to_z_linking_to_its_page(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / "organisationen.html")
    index = page.find(class_="kok-org-index")
    letters = [text_of(h) for h in index.find_all(class_="rubric", recursive=False)]
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


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-org-page", freshenv=True)
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
    assert page.select_one(".kok-org-back a")["href"] == "../organisationen.html"
    headings = [(h.name, text_of(h).removesuffix("¶")) for h in page.find_all(["h2", "h3"])]
    assert headings == [("h2", "2021"), ("h3", "Januar 2021"), ("h3", "März 2021")]
    assert listed(page) == ["Zwei Tage", "Ein Tag im März"]  # date order
    assert page.select_one("ul.kok-listing-events a")["href"] == "../years/2021.html#kok-2021-01-16-zwei-tage"
    assert text_of(page.select_one("ul.kok-listing-events li")) == "16./17.1. Zwei Tage (Veranstaltung)"
    whole = (app.outdir / KOK_PAGE).read_text(encoding="utf-8")
    assert "<title>Bundesweiter Koordinierungskreis gegen Menschenhandel e.V." in whole
    assert 'href="buendnis-a-b-und-c.html"' in whole  # previous/next: the neighbours A–Z
    assert 'href="#jahr-2021"' in whole  # the years in the page's table of contents


@pytest.mark.sphinx("singlehtml", testroot="timeline", srcdir="indexes-orgs-single", freshenv=True)
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


@pytest.mark.sphinx("dirhtml", testroot="timeline", srcdir="indexes-orgs-dirhtml", freshenv=True)
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


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-event-orgs", freshenv=True)
def test_an_events_organisations_link_to_their_pages(app: SphinxTestApp) -> None:
    app.build()
    event = article(app.outdir / "years" / "2021.html").find(id="kok-2021-03-17-ein-tag-im-maerz")
    links = {text_of(a): a["href"] for a in event.find(class_="kok-event-orgs").find_all("a")}
    assert links == {
        "Bündnis A, B und C": "../organisationen/buendnis-a-b-und-c.html",
        "KOK": f"../{KOK_PAGE}",
    }


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-categories", freshenv=True)
def test_category_index_has_a_section_per_category_with_every_event_once(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "kategorien.html")
    sections = page.find_all("section", class_="kok-category-section")
    assert [s["id"] for s in sections] == [
        f"kategorie-{key}" for key in ("veranstaltung", "politik", "publikation", "sonstiges")
    ]
    by_category = {s["id"]: listed(s) for s in sections}
    assert by_category["kategorie-veranstaltung"] == [
        "Eigener Anker",
        "Zwei Tage",
        "Gleiche Tage, später geschrieben",
        "Einziges Ereignis",
    ]
    assert by_category["kategorie-politik"] == ["Ein Tag im März"]
    all_listed = [title for titles in by_category.values() for title in titles]
    events = [e for evs in app.env.domains["kok"].data["events"].values() for e in evs]
    assert sorted(all_listed) == sorted(e.title for e in events)  # each event exactly once
    veranstaltung = sections[0]
    assert [text_of(h) for h in veranstaltung.find_all(class_="rubric")] == [
        "2020",
        "Dezember 2020",
        "2021",
        "Januar 2021",
        "2022",
        "Februar 2022",
    ]
    assert veranstaltung.find(class_="rubric").name == "h3"  # below the section's h2
    toc = [ref["anchorname"] for ref in app.env.tocs["kategorien"].findall(nodes.reference)]
    assert "#kategorie-politik" in toc  # real sections: in the page's table of contents


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-listings", freshenv=True)
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


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-references", freshenv=True)
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


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-search", freshenv=True)
def test_organisations_are_search_objects_linking_to_their_page(app: SphinxTestApp) -> None:
    app.build()
    objects = {
        name: (docname, anchor, disp)
        for name, disp, kind, docname, anchor, _ in app.env.domains["kok"].get_objects()
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
    assert kok not in index["terms"].get("zwei", [])  # but not by its events: their year page is


def test_an_organisations_page_name_is_its_anchor_short_enough_for_any_file_system() -> None:
    from kok_archive.indexes import OrgEntry, org_page_name
    from kok_archive.organisations import Organisation

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
