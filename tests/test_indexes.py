"""The cross-year views on a real build: organisation index, category index, listings, references."""

from __future__ import annotations

import pytest
from bs4 import Tag
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from .conftest import article, text_of, warnings_of


def listed(view: Tag) -> list[str]:
    """Titles of the events a listing links to, in order."""
    return [text_of(a) for a in view.select("ul.kok-listing-events a")]


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-orgs", freshenv=True)
def test_organisation_index_lists_every_organisation_a_to_z_with_its_events(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = article(app.outdir / "organisationen.html")
    index = page.find(class_="kok-org-index")
    letters = [text_of(h) for h in index.find_all(class_="rubric", recursive=False)]
    assert letters == ["B", "K"]  # KOK is filed under K too; the unused Ärztinnenbund has no entry
    assert [text_of(a) for a in index.find(class_="kok-letters").find_all("a")] == letters
    entries = index.find_all(class_="kok-org-entry")
    assert [text_of(e.find(class_="rubric")) for e in entries] == [  # DIN 5007: ü sorts as u
        "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK)",
        "Bündnis A, B und C",
    ]
    kok = index.find(id="org-bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v")
    assert text_of(kok.find(class_="kok-org-facts")).startswith("2 Ereignisse · auch: Koordinierungskreis · ")
    assert kok.find(class_="kok-org-facts").find("a")["href"] == "https://www.kok-gegen-menschenhandel.de/"
    assert [text_of(h) for h in kok.find_all(class_="rubric")][1:] == ["2021"]
    assert listed(kok) == ["Zwei Tage", "Ein Tag im März"]  # date order
    assert kok.select("a")[1]["href"] == "years/2021.html#kok-2021-01-16-zwei-tage"
    see = index.find(class_="kok-org-see")
    assert text_of(see) == "KOK → Bundesweiter Koordinierungskreis gegen Menschenhandel e.V."
    assert see.find("a")["href"] == f"#{kok['id']}"


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-event-orgs", freshenv=True)
def test_an_events_organisations_link_to_their_index_entries(app: SphinxTestApp) -> None:
    app.build()
    event = article(app.outdir / "years" / "2021.html").find(id="kok-2021-03-17-ein-tag-im-maerz")
    links = {text_of(a): a["href"] for a in event.find(class_="kok-event-orgs").find_all("a")}
    assert links == {
        "Bündnis A, B und C": "../organisationen.html#org-buendnis-a-b-und-c",
        "KOK": "../organisationen.html#org-bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v",
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
    kok = "organisationen.html#org-bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v"
    assert links == [
        ("Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.", kok),  # the role shows the canonical name
        ("den Koordinierungskreis", kok),
        ("Eigener Anker", "years/2021.html#mv-dezember"),
        ("Dezember 2020", "years/2021.html#monat-2020-12"),  # a month section, from another page
    ]


@pytest.mark.sphinx("html", testroot="timeline", srcdir="indexes-search", freshenv=True)
def test_organisations_are_search_objects_linking_to_their_entry(app: SphinxTestApp) -> None:
    app.build()
    objects = {
        name: (docname, anchor, disp)
        for name, disp, kind, docname, anchor, _ in app.env.domains["kok"].get_objects()
        if kind == "org"
    }
    assert objects["org.org-buendnis-a-b-und-c"] == ("organisationen", "org-buendnis-a-b-und-c", "Bündnis A, B und C")
    search = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "org-buendnis-a-b-und-c" in search
