"""Search across all years: the event search's data (kok_archive/publishing/search.py), what Sphinx's own
index keeps (pages, month sections, organisations), and a real browser.

Tests of the real site (`site`, `served`) hold for any content: every event of
kok-events.json, once, found by its own words. Which hit comes first is checked on the fixed
archives (tests/roots/test-archive here, tests/roots/test-search in test_search_browser.py).

The browser tests use Debian's Chromium through Playwright (never a downloaded browser); CI
installs it (.ci/run). Elsewhere they skip when it is missing.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from kok_archive.core.search_words import keys, searchable, words
from kok_check.site import Site
from sphinx.search._stopwords.de import GERMAN_STOPWORDS

from .helpers import article, site_events, text_of, year_pages

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


def keys_of(*texts: str) -> set[str]:
    """The keys of the event search (search_words.py), as Sphinx's German stemmer makes them."""
    return {
        key
        for text in texts
        for word, gendered, _ in words(text)
        if searchable(word, GERMAN_STOPWORDS)
        for key in keys(word, gendered, stem)
    }


# -- the search data of the real site, for any content ---------------------------------------


def test_every_event_is_once_in_the_event_search_with_what_a_result_shows(site: Path) -> None:
    layer = Site(site).search_layer
    events = site_events(site)
    assert events
    assert Counter(f"{e['page']}#{e['anchor']}" for e in layer) == Counter(event["url"] for event in events)
    by_url = {f"{e['page']}#{e['anchor']}": e for e in layer}
    for event in events:
        found = by_url[event["url"]]
        assert (found["date"], found["title"], found["year"]) == (event["dates"]["text"], event["title"], event["year"])
        assert found["category"] == event["category"]["key"]
        assert len(found["organisations"]) == len(event["organisations"]), event["url"]
        assert event["details"].startswith(found["snippet"].removesuffix(" …"))
    # newest last: the order the ranking's "newer first" relies on
    dated = [e["year"] for e in layer if e["year"] is not None]
    assert dated == sorted(dated)


def test_every_word_of_an_event_finds_it(site: Path) -> None:
    by_url = {f"{e['page']}#{e['anchor']}": e["keys"] for e in Site(site).search_layer}
    for event in site_events(site):
        found = by_url[event["url"]]
        assert {key for key, in_title in found.items() if in_title} >= keys_of(event["title"]), event["url"]
        others = keys_of(event["details"], *event["organisations"], *event["persons"], event["category"]["label"])
        assert set(found) >= others, event["url"]


def test_sphinx_index_keeps_pages_and_organisations_but_no_events(site: Path) -> None:
    index = search_index(site)
    assert {index["objnames"][str(entry[1])][1] for entries in index["objects"].values() for entry in entries} <= {
        "org"
    }
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


# -- the search data of the fixed test archive --------------------------------------------


def test_the_archive_keeps_event_text_out_of_sphinx_index(archive_site: Path) -> None:
    index = search_index(archive_site)
    assert objects_of(index, "event") == []
    assert stem("cybergroomings") not in index["terms"]  # only in an event's title
    assert stem("jahresrückblick") in index["titles"] or stem("jahresrückblick") in index["terms"]
    assert len(objects_of(index, "org")) == 12


def test_the_search_page_loads_only_what_it_uses(archive_site: Path) -> None:
    """Code colours and sphinx-design's files hold up the search page and show nothing there."""

    def assets(page: str) -> set[str]:
        soup = BeautifulSoup((archive_site / page).read_text(encoding="utf-8"), "html.parser")
        found = [tag.get("href") for tag in soup.find_all("link", rel="stylesheet")]
        found += [tag.get("src") for tag in soup.find_all("script") if tag.get("src")]
        return {Path(str(address).split("?")[0]).name for address in found}

    unused = {"pygments.css", "sphinx-design.min.css", "design-tabs.js", "kok-filter.js", "kok-moved.js"}
    assert unused <= assets("index.html")  # the other pages keep them
    search_page = assets("search.html")
    assert not unused & search_page
    assert {"furo.css", "kok.css", "kok-categories.css", "searchtools.js", "kok-suche-alles.js"} <= search_page


def test_the_archive_finds_a_month_and_an_organisation_by_name(archive_site: Path) -> None:
    index = search_index(archive_site)
    assert index["alltitles"]["März 2020"] == [[index["docnames"].index("years/2020"), "monat-2020-03"]]
    orgs = [entry for entry in objects_of(index, "org") if entry[3] == BAMF_ENTRY.split("#")[1]]
    assert len(orgs) == 1
    assert orgs[0][4] == "Bundesamt für Migration und Flüchtlinge (BAMF)"


def test_the_archive_event_search_holds_titles_details_organisations_and_persons(archive_site: Path) -> None:
    events = {event["anchor"]: event for event in Site(archive_site).search_layer}
    assert len(events) == 20
    assemblies = {a for a, e in events.items() if e["keys"].get(stem("mitgliederversammlungen"))}
    assert assemblies == {*MEMBER_ASSEMBLIES, PICUM_ASSEMBLY}
    assert stem("robbe") in events[ROBBE]["keys"]  # a person, named in the details
    assert stem("bamf") in events[PRAXISFACHTAG]["keys"]
    assert stem("bundesamt") in events[PRAXISFACHTAG]["keys"]  # the registry's full name too
    assert stem("bamf") in events[FLEISCHINDUSTRIE]["keys"]  # written in full, found by its short name
    assert events[CYBERGROOMING]["date"] == "17.1.2020"
    assert events[RUNDBRIEF]["date"] == "Dezember 2019"  # a month, in words
    assert events[RUNDBRIEF]["organisations"] == [
        "bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v",
        "bundesamt-fuer-migration-und-fluechtlinge",
    ]


# -- in a real browser (fixtures: conftest.py) ------------------------------------


def search(browser: Any, served: str, query: str) -> tuple[list[str], list[str], list[str]]:
    """The event results' links (best first, the first page of them), Sphinx's result links, and
    the page's script errors."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}/search.html?q={query}")
    page.wait_for_selector("#kok-suche[data-zustand=fertig]")
    page.wait_for_function("(document.querySelector('#search-results .search-summary')?.textContent || '') !== ''")
    events = page.eval_on_selector_all(
        "#kok-suche-treffer .kok-treffer-titel a", "a => a.map(a => a.getAttribute('href'))"
    )
    others = page.eval_on_selector_all("#search-results ul.search li a", "a => a.map(a => a.getAttribute('href'))")
    page.close()
    return [link.removeprefix("./") for link in events], others, errors


def test_every_search_result_on_the_real_site_leads_somewhere(browser: Any, served: str, site: Path) -> None:
    events, others, errors = search(browser, served, "Menschenhandel")  # in the home page's text, whatever the years
    assert errors == []
    assert others
    for link in [*events, *others]:
        path, _, anchor = link.partition("#")
        text = (site / path.split("?")[0]).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in text, link


def test_an_event_is_found_by_its_rarest_title_word_on_the_real_site(browser: Any, served: str, site: Path) -> None:
    layer = Site(site).search_layer
    in_titles = Counter(key for e in layer for key, in_title in e["keys"].items() if in_title)
    event, word = min(
        ((e, w) for e in site_events(site) for w, _, written in words(e["title"]) if keys_of(w) for w in [written]),
        key=lambda pair: (sum(in_titles[k] for k in keys_of(pair[1])), -len(pair[1]), pair[0]["url"]),
    )
    events, _, errors = search(browser, served, word)
    assert errors == []
    assert event["url"] in events, (word, events)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Cybergroomings", f"years/2020.html#{CYBERGROOMING}"),  # a title word
        ("Robbe", f"years/2020.html#{ROBBE}"),  # a person named in the details
    ],
)
def test_search_in_a_browser_lands_on_the_event(browser: Any, archive_served: str, query: str, first: str) -> None:
    events, _, errors = search(browser, archive_served, query)
    assert errors == []
    assert events[0] == first


def test_a_month_is_a_section_of_sphinx_and_ranks_its_events_first(browser: Any, archive_served: str) -> None:
    events, others, errors = search(browser, archive_served, "März 2020")
    assert errors == []
    assert "years/2020.html#monat-2020-03" in others
    assert events
    assert all(link.split("#")[1].startswith("kok-2020-03-") for link in events)


def test_an_inflected_word_finds_every_event_of_its_stem(browser: Any, archive_served: str) -> None:
    events, _, errors = search(browser, archive_served, "Mitgliederversammlungen")
    assert errors == []
    assert {link.split("#")[1] for link in events[:3]} == {*MEMBER_ASSEMBLIES, PICUM_ASSEMBLY}


def test_an_organisation_finds_its_events_and_its_page(browser: Any, archive_served: str) -> None:
    events, others, errors = search(browser, archive_served, "BAMF")
    assert errors == []
    assert {link.partition("#")[2] for link in events} >= {PRAXISFACHTAG, RUNDBRIEF, FLEISCHINDUSTRIE}
    assert f"years/2020.html#{PRAXISFACHTAG}" in events[:2]  # in the title
    assert BAMF_ENTRY in others


def test_a_result_link_opens_the_event(browser: Any, archive_served: str) -> None:
    events, _, _ = search(browser, archive_served, "Cybergroomings")
    page = browser.new_page()
    page.goto(f"{archive_served}/{events[0]}")
    event = page.locator(f"#{CYBERGROOMING}")
    assert event.is_visible()
    assert "Gesetzentwurf zur Versuchsstrafbarkeit" in event.inner_text()
    page.close()
