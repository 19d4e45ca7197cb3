"""Search across all years: event objects, the stemmed event layer, and a real browser.

Tests of the real site (`site`, `served`) hold for any content: every event of
kok-events.json, once. Which hit comes first is checked on the fixed test archive
(`archive_site`, `archive_served`: tests/roots/test-archive).

The browser tests use Debian's Chromium through Playwright (never a downloaded
browser); CI installs it (.ci/run). Elsewhere they skip when it is missing.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer
from bs4 import BeautifulSoup

from .conftest import article, site_events, text_of, year_pages

CYBERGROOMING = "kok-2020-01-17-gesetzentwurf-zur-versuchsstrafbarkeit-des-cybergroomings-vom-bundestag-beschlossen"
MEMBER_ASSEMBLIES = {
    "kok-2020-03-05-erste-kok-mitgliederversammlung",
    "kok-2020-10-15-zweite-kok-mitgliederversammlung-virtuell",
}
PICUM_ASSEMBLY = "kok-2020-04-24-virtuelle-picum-mitgliederversammlung"
BAMF_PAGE = "organisationen/bundesamt-fuer-migration-und-fluechtlinge.html"
BAMF_ENTRY = f"{BAMF_PAGE}#org-bundesamt-fuer-migration-und-fluechtlinge"
PRAXISFACHTAG = "kok-2020-11-26-gemeinsamer-virtueller-praxisfachtag-von-kok-und-bamf"
ROBBE = "kok-2020-03-04-schulung-beim-bka-zum-thema-menschenhandel-arbeitsausbeutung"
RUNDBRIEF = "kok-2019-12-2-kok-rundbrief-zum-thema-flucht-und-menschenhandel"
FLEISCHINDUSTRIE = "kok-2021-01-22-schulung-von-berater-innen-zu-arbeitsausbeutung-in-der"

stem = snowballstemmer.stemmer("german").stemWord  # the stemmer of Sphinx's German search


def load_js(path: Path, start: str, end: str) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(start) + len(start) : text.rindex(end)])


def search_index(site: Path) -> Any:
    return load_js(site / "searchindex.js", "Search.setIndex(", ")")


def objects_of(index: Any, kind: str) -> list[list[Any]]:
    """Sphinx's search objects of one type (event, org): [doc, type, priority, anchor, name]."""
    found = []
    for prefix, entries in index["objects"].items():
        for entry in entries:
            if index["objnames"][str(entry[1])][1] == kind:
                found.append([*entry[:4], (prefix + "." if prefix else "") + entry[4]])
    return found


def event_layer(site: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = load_js(site / "_static" / "kok-search-index.js", "const KOK_EVENTS = ", ";")[
        "events"
    ]
    return events


def stems(*texts: str) -> set[str]:
    """Sphinx's way: its words (\\w+), lower case, without numbers, stemmed."""
    return {stem(word.lower()) for text in texts for word in re.findall(r"\w+", text) if not word.isdigit()}


def label(event: dict[str, Any]) -> str:
    return f"{event['dates']['text']} – {event['title']}"


# -- the search data of the real site, for any content ---------------------------------------


def test_every_event_is_a_search_object_linking_to_its_anchor(site: Path) -> None:
    index = search_index(site)
    assert {index["objnames"][str(entry[1])][1] for entries in index["objects"].values() for entry in entries} <= {
        "event",
        "org",
    }
    objects = objects_of(index, "event")
    links = Counter(f"{index['docnames'][doc]}.html#{anchor}" for doc, _, _, anchor, _ in objects)
    events = site_events(site)
    assert events
    assert links == Counter(event["url"] for event in events)  # each event once, on its page
    # searchindex.js holds names HTML-escaped (Sphinx escapes them; an "&" in a title is "&amp;" there)
    names = {f"{index['docnames'][doc]}.html#{anchor}": html.unescape(name) for doc, _, _, anchor, name in objects}
    assert names == {event["url"]: label(event) for event in events}
    for entries in index["objects"].values():
        assert all(entry[3] not in ("", "-") for entry in entries)  # never rebuilt from the name


def test_month_sections_and_organisations_are_found_by_name(site: Path) -> None:
    index = search_index(site)
    for path in year_pages(site):
        doc = index["docnames"].index(path.removesuffix(".html"))
        months = article(site / path).find_all("section", class_="kok-month")
        assert len(months) == len({e["month"] or "" for e in site_events(site, path)}), path
        for section in months:
            title = text_of(section.find("h2")).removesuffix("¶").strip()
            assert [doc, section["id"]] in index["alltitles"][title], (path, title)
    page = BeautifulSoup((site / "organisationen.html").read_text(encoding="utf-8"), "html.parser")
    entries = {
        entry["id"]: (entry.find("a")["href"].removesuffix(".html"), text_of(entry.find("a")))
        for entry in page.find_all(class_="kok-org-entry")
    }
    assert entries
    orgs = objects_of(index, "org")
    # each organisation once, linking to its own page, which carries the anchor; an earlier name of a
    # renamed organisation ("…, heute …") leads to the same page and anchor
    current = [(anchor, (index["docnames"][doc], name)) for doc, _, _, anchor, name in orgs if ", heute " not in name]
    assert Counter(current) == Counter(entries.items())
    for doc, _, _, anchor, name in orgs:
        if ", heute " in name:
            assert (index["docnames"][doc], html.unescape(name).split(", heute ")[1]) == entries[anchor], name
    for anchor, (docname, _) in entries.items():
        assert f'id="{anchor}"' in (site / f"{docname}.html").read_text(encoding="utf-8")


def test_event_layer_holds_sphinx_stems_of_titles_details_organisations_and_persons(site: Path) -> None:
    layer = event_layer(site)
    events = site_events(site)
    assert Counter(f"{e['page']}.html#{e['anchor']}" for e in layer) == Counter(e["url"] for e in events)
    by_url = {f"{e['page']}.html#{e['anchor']}": e for e in layer}
    for event in events:
        terms = by_url[event["url"]]
        assert terms["label"] == label(event)
        assert terms["description"].startswith(f"{event['category']['label']}, ")
        assert set(terms["title_terms"]) == stems(event["title"])
        everything = stems(event["details"], *event["organisations"], *event["persons"], event["category"]["label"])
        assert set(terms["terms"]) >= everything, event["url"]


# -- the search data of the fixed test archive --------------------------------------------


def test_the_archive_names_its_search_objects_by_date_and_title(archive_site: Path) -> None:
    index = search_index(archive_site)
    events = {name: entry for *entry, name in objects_of(index, "event")}
    assert len(events) == 20
    title = "17.1.2020 – Gesetzentwurf zur Versuchsstrafbarkeit des Cybergroomings vom Bundestag beschlossen"
    assert events[title][3] == CYBERGROOMING  # an explicit anchor: the link goes to the event
    assert index["docnames"][events[title][0]] == "years/2020"
    rundbrief = "Dezember 2019 – 2. KOK-Rundbrief zum Thema Flucht und Menschenhandel an die Sonderbeauftragten"
    assert events[f"{rundbrief} für Opfer von Menschenhandel des BAMF"][3] == RUNDBRIEF  # a month, in words
    assert events["5./6.3.2020 – Erste KOK-Mitgliederversammlung"][3] in MEMBER_ASSEMBLIES
    assert events["22. und 28.1.2021 – Schulung von Berater*innen zu Arbeitsausbeutung in der Fleischindustrie"][3] == (
        FLEISCHINDUSTRIE
    )
    assert len(objects_of(index, "org")) == 12


def test_the_archive_finds_a_month_and_an_organisation_by_name(archive_site: Path) -> None:
    index = search_index(archive_site)
    assert index["alltitles"]["März 2020"] == [[index["docnames"].index("years/2020"), "monat-2020-03"]]
    orgs = [entry for entry in objects_of(index, "org") if entry[3] == BAMF_ENTRY.split("#")[1]]
    assert len(orgs) == 1
    assert orgs[0][4] == "Bundesamt für Migration und Flüchtlinge (BAMF)"


def test_the_archive_event_layer_holds_stems_of_titles_details_organisations_and_persons(
    archive_site: Path,
) -> None:
    events = {event["anchor"]: event for event in event_layer(archive_site)}
    assert len(events) == 20
    assemblies = {a for a, e in events.items() if stem("mitgliederversammlungen") in e["title_terms"]}
    assert assemblies == {*MEMBER_ASSEMBLIES, PICUM_ASSEMBLY}
    assert stem("robbe") in events[ROBBE]["terms"]  # a person, named in the details
    assert stem("bamf") in events[PRAXISFACHTAG]["terms"]
    assert stem("bundesamt") in events[PRAXISFACHTAG]["terms"]  # the registry's full name too
    assert stem("bamf") in events[FLEISCHINDUSTRIE]["terms"]  # written in full, found by its short name
    assert events[CYBERGROOMING]["label"].startswith("17.1.2020 – Gesetzentwurf")


# -- in a real browser (fixtures: conftest.py) ------------------------------------


def search(browser: Any, served: str, query: str) -> tuple[list[str], list[str]]:
    """The result links of a search, best first, and the page's script errors."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}/search.html?q={query}")
    page.wait_for_function("(document.querySelector('#search-results .search-summary')?.textContent || '') !== ''")
    links = page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
    )
    page.close()
    return links, errors


def test_every_search_result_on_the_real_site_leads_somewhere(browser: Any, served: str, site: Path) -> None:
    links, errors = search(browser, served, "Menschenhandel")  # in the home page's text, whatever the years
    assert errors == []
    assert links
    for link in links:
        path, _, anchor = link.partition("#")
        html = (site / path.split("?")[0]).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in html, link


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Cybergroomings", f"years/2020.html#{CYBERGROOMING}"),  # a title word
        ("Robbe", f"years/2020.html#{ROBBE}"),  # a person named in the details
        ("März 2020", "years/2020.html#monat-2020-03"),  # a month
    ],
)
def test_search_in_a_browser_lands_on_the_event(browser: Any, archive_served: str, query: str, first: str) -> None:
    links, errors = search(browser, archive_served, query)
    assert errors == []
    assert links[0] == first


def test_an_inflected_word_finds_every_event_of_its_stem(browser: Any, archive_served: str) -> None:
    links, errors = search(browser, archive_served, "Mitgliederversammlungen")
    assert errors == []
    assert {link.split("#")[1] for link in links[:3]} == {*MEMBER_ASSEMBLIES, PICUM_ASSEMBLY}


def test_an_organisation_finds_its_events_and_its_page(browser: Any, archive_served: str) -> None:
    links, errors = search(browser, archive_served, "BAMF")
    assert errors == []
    events = {link.partition("#")[2] for link in links if link.startswith("years/")}
    assert events >= {PRAXISFACHTAG, RUNDBRIEF, FLEISCHINDUSTRIE}
    assert f"years/2020.html#{PRAXISFACHTAG}" in links[:5]
    assert BAMF_ENTRY in links


def test_a_result_link_opens_the_event(browser: Any, archive_served: str) -> None:
    links, _ = search(browser, archive_served, "Cybergroomings")
    page = browser.new_page()
    page.goto(f"{archive_served}/{links[0]}")
    event = page.locator(f"#{CYBERGROOMING}")
    assert event.is_visible()
    assert "Gesetzentwurf zur Versuchsstrafbarkeit" in event.inner_text()
    page.close()
