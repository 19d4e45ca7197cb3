"""Search across all years: event objects, the stemmed event layer, and a real browser.

The browser tests use Debian's Chromium through Playwright (never a downloaded
browser); CI installs it (.ci/run). Elsewhere they skip when it is missing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer

CYBERGROOMING = "kok-2020-01-17-gesetzentwurf-zur-versuchsstrafbarkeit-des-cybergroomings-vom-bundestag-beschlossen"
MEMBER_ASSEMBLIES = {
    "kok-2020-03-05-erste-kok-mitgliederversammlung",
    "kok-2020-10-15-zweite-kok-mitgliederversammlung-virtuell",
}
BAMF_ENTRY = "organisationen.html#org-bundesamt-fuer-migration-und-fluechtlinge"
PRAXISFACHTAG = "kok-2020-11-26-gemeinsamer-virtueller-praxisfachtag-von-kok-und-bamf"
ROBBE = "kok-2020-03-04-schulung-beim-bka-zum-thema-menschenhandel-arbeitsausbeutung"


def load_js(path: Path, start: str, end: str) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(start) + len(start) : text.rindex(end)])


def test_every_event_is_a_search_object_linking_to_its_anchor(site: Path) -> None:
    index = load_js(site / "searchindex.js", "Search.setIndex(", ")")
    objects = {
        (prefix + "." if prefix else "") + entry[4]: entry
        for prefix, entries in index["objects"].items()
        for entry in entries
    }
    names = {index["objnames"][str(entry[1])][1] for entry in objects.values()}
    assert names == {"event", "org"}
    events = {name: entry for name, entry in objects.items() if index["objnames"][str(entry[1])][1] == "event"}
    assert len(events) == 70
    title = "17.1.2020 – Gesetzentwurf zur Versuchsstrafbarkeit des Cybergroomings vom Bundestag beschlossen"
    assert events[title][3] == CYBERGROOMING  # an explicit anchor: the link goes to the event
    assert index["docnames"][events[title][0]] == "years/2020"
    assert all(entry[3] not in ("", "-") for entry in objects.values())  # never rebuilt from the name


def test_month_sections_and_organisations_are_found_by_name(site: Path) -> None:
    index = load_js(site / "searchindex.js", "Search.setIndex(", ")")
    assert index["alltitles"]["März 2020"] == [[index["docnames"].index("years/2020"), "monat-2020-03"]]
    orgs = [entry for entries in index["objects"].values() for entry in entries if entry[3] == BAMF_ENTRY.split("#")[1]]
    assert len(orgs) == 1


def test_event_layer_holds_sphinx_stems_of_titles_details_organisations_and_persons(site: Path) -> None:
    data = load_js(site / "_static" / "kok-search-index.js", "const KOK_EVENTS = ", ";")
    events = {event["anchor"]: event for event in data["events"]}
    assert len(events) == 70
    stem = snowballstemmer.stemmer("german").stemWord  # the stemmer of Sphinx's German search
    assert {a for a, e in events.items() if stem("mitgliederversammlungen") in e["title_terms"]} >= MEMBER_ASSEMBLIES
    assert stem("robbe") in events[ROBBE]["terms"]  # a person, named in the details
    assert stem("bamf") in events[PRAXISFACHTAG]["terms"]
    assert stem("bundesamt") in events[PRAXISFACHTAG]["terms"]  # the registry's full name too
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


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Cybergroomings", f"years/2020.html#{CYBERGROOMING}"),  # a title word
        ("Robbe", f"years/2020.html#{ROBBE}"),  # a person named in the details
        ("März 2020", "years/2020.html#monat-2020-03"),  # a month
    ],
)
def test_search_in_a_browser_lands_on_the_event(browser: Any, served: str, query: str, first: str) -> None:
    links, errors = search(browser, served, query)
    assert errors == []
    assert links[0] == first


def test_an_inflected_word_finds_every_event_of_its_stem(browser: Any, served: str) -> None:
    links, errors = search(browser, served, "Mitgliederversammlungen")
    assert errors == []
    assert {link.split("#")[1] for link in links[:3]} >= MEMBER_ASSEMBLIES


def test_an_organisation_finds_its_events_and_its_index_entry(browser: Any, served: str) -> None:
    links, errors = search(browser, served, "BAMF")
    assert errors == []
    assert f"years/2020.html#{PRAXISFACHTAG}" in links[:5]
    assert BAMF_ENTRY in links


def test_a_result_link_opens_the_event(browser: Any, served: str) -> None:
    links, _ = search(browser, served, "Cybergroomings")
    page = browser.new_page()
    page.goto(f"{served}/{links[0]}")
    event = page.locator(f"#{CYBERGROOMING}")
    assert event.is_visible()
    assert "Gesetzentwurf zur Versuchsstrafbarkeit" in event.inner_text()
    page.close()
