"""The event search (issue 19) in a real browser, on the search archive (tests/roots/test-search).

What a reader sees on ``search.html?q=…`` (kok-suche.js, reading the index files that
search_index.py writes), with exact expectations on four small years written for the search:

- words as people type them: every gender form, a year or a month in the query, an
  organisation by its full, short or earlier name, parts of compounds, a typing error with its
  „Meinten Sie …?“;
- the order: a named period first, title matches before matches in details or organisations,
  exact matches before typing errors, newer before older;
- what a result shows: matched words in ``<mark>``, a title with ``<`` as text, never markup;
- the facets (year, category, organisation): counts that follow the query and each other,
  the address that keeps them, the keyboard; the paging of long lists;
- axe-core, and privacy: no year page fetched, no request beyond 127.0.0.1;
- the same search on a dirhtml build and from file://; no script error on any search.

Debian's Chromium through Playwright (never a downloaded browser); the tests skip without it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urljoin, urlsplit

import pytest

from .helpers import ROOT, serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # as test_reader.py runs it
WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"

FIRST = 10  # results shown at first; kok-suche.js shows 20 more per click

# the events of tests/roots/test-search, by their anchors
POLICE_2019 = "kok-2019-03-12-fortbildung-fuer-polizistinnen-in-hamburg"  # Polizistinnen
WORLD_DAY_2019 = "kok-2019-07-30-welttag-gegen-menschenhandel"
FACHTAG = "kok-2019-11-20-fachtag-zur-arbeitsausbeutung"  # „Fachberatungsstellen“ in its details
POLICE_2020 = "kok-2020-02-04-schulung-von-polizist-innen-zu-menschenhandel"  # Polizist*innen
HOSTILE = "kok-2020-05-06-zwangsarbeit-img-src-x-onerror-document-title-1"
WORLD_DAY_2020 = "kok-2020-07-30-welttag-gegen-menschenhandel"
STATEMENT = "kok-2020-09-15-stellungnahme-zur-umsetzung-der-richtlinie"  # BMJV; KOK
WANDEL = "kok-2021-03-10-fachgespraech-zum-wandel-der-arbeitsmigration"
JUDGES = "kok-2021-06-15-fortbildung-fuer-richter-und-staatsanwaelte"  # masculine forms only
POLICE_2021 = "kok-2021-04-21-austausch-mit-polizist-innen-der-landeskriminalaemter"  # Polizist:innen
WORLD_DAY_2021 = "kok-2021-07-30-welttag-gegen-menschenhandel"
LAGEBILD = "kok-2021-10-05-bka-veroeffentlicht-das-bundeslagebild-menschenhandel-2020"  # BKA only
POLICE_2022 = "kok-2022-01-25-seminar-fuer-polizistinnen-und-staatsanwaelt-innen"  # PolizistInnen; BMJ
WORLD_DAY_2022 = "kok-2022-07-30-welttag-gegen-menschenhandel"
NETWORK = "kok-2022-07-vernetzungstreffen-der-beratungsstellen"  # July 2022, no day
DIRECTIVE = "kok-2022-12-19-eu-kommission-schlaegt-aenderung-der-menschenhandelsrichtlinie-vor"

POLICE = [POLICE_2022, POLICE_2021, POLICE_2020, POLICE_2019]  # newest first
WORLD_DAYS = [WORLD_DAY_2022, WORLD_DAY_2021, WORLD_DAY_2020, WORLD_DAY_2019]
HOSTILE_TITLE = "Zwangsarbeit <img/src=x onerror=document.title=1> sichtbar machen & <3"
# „Menschenhandel“ in the title; every other event of KOK has it only in KOK's full name
TRAFFICKING_IN_TITLE = {*WORLD_DAYS, POLICE_2020, LAGEBILD, DIRECTIVE}
# every event with KOK among its organisations (the word „KOK“ in details adds none)
KOK_EVENTS = {
    POLICE_2019, WORLD_DAY_2019, FACHTAG, POLICE_2020, WORLD_DAY_2020, STATEMENT,
    POLICE_2021, WORLD_DAY_2021, POLICE_2022, WORLD_DAY_2022, NETWORK, DIRECTIVE,
}  # fmt: skip
KOK = "bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v"  # organisations' address slugs
LSI = "la-strada-international"
BMJ = "bundesministerium-der-justiz-und-fuer-verbraucherschutz"  # the address of its first name


# -- a search page ----------------------------------------------------------------------------

HITS = """items => items.map(li => {
  const link = li.querySelector('.kok-treffer-titel a');
  const snippet = li.querySelector('.kok-treffer-auszug');
  return {
    href: link.getAttribute('href'),
    title: link.textContent,
    html: link.innerHTML,
    marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
    snippet: snippet ? snippet.innerHTML : null,
    date: li.querySelector('.kok-date').textContent,
    category: li.querySelector('.kok-category')?.textContent ?? null,
    orgs: li.querySelector('.kok-treffer-orgs')?.textContent ?? null,
  };
})"""

FACET = """(inputs) => inputs.map(input => [input.value, input.checked,
  input.closest('label').querySelector('.kok-zahl').textContent])"""

# once the status names how many events are listed, the first of them are on screen
SETTLED = """(first) => {
  const status = document.getElementById('kok-suche-status')?.textContent ?? '';
  const number = status.match(/^(\\d+|Ein|Keine)/);
  if (!number) return false;
  const count = number[1] === 'Ein' ? 1 : number[1] === 'Keine' ? 0 : Number(number[1]);
  return document.querySelectorAll('#kok-suche-treffer > li.kok-treffer').length === Math.min(count, first);
}"""


@dataclass
class Search:
    """A search page, with its script errors and requests."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def hits(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.page.eval_on_selector_all("#kok-suche-treffer > li.kok-treffer", HITS)
        return result

    def anchors(self) -> list[str]:
        return [hit["href"].partition("#")[2] for hit in self.hits()]

    def status(self) -> str:
        text: str = self.page.inner_text("#kok-suche-status")
        return text.strip()

    def facet(self, name: str) -> dict[str, tuple[bool, int]]:
        """value -> (checked, count) of one facet's checkboxes, in their order."""
        rows = self.page.eval_on_selector_all(f"#kok-suche-filter input[type=checkbox][name={name}]", FACET)
        found = {}
        for value, checked, count in rows:
            number = re.fullmatch(r"\((\d+)\)", count)
            assert number, count
            found[value] = (checked, int(number[1]))
        return found

    def counts(self, name: str) -> dict[str, int]:
        return {value: count for value, (_, count) in self.facet(name).items()}

    def checked(self) -> dict[str, list[str]]:
        return {
            name: [value for value, (checked, _) in self.facet(name).items() if checked]
            for name in ("jahr", "kategorie", "organisation")
        }

    def toggle(self, name: str, value: str) -> None:
        """Checks or unchecks a facet's box, as a click does, and waits for the new list."""
        self.page.click(f"#kok-suche-filter input[name={name}][value='{value}']")
        self.settle()

    def settle(self) -> None:
        self.page.wait_for_function(SETTLED, arg=FIRST)

    def address(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def all_anchors(self) -> list[str]:
        """Every result, after „Weitere Ereignisse anzeigen“ as often as it is offered."""
        more = self.page.locator("#kok-suche-mehr")
        for _ in range(10):
            if not more.is_visible():
                break
            shown = len(self.hits())
            more.click()
            self.page.wait_for_function(
                f"document.querySelectorAll('#kok-suche-treffer > li.kok-treffer').length > {shown}"
            )
        assert not more.is_visible()
        return self.anchors()

    def suggestion(self) -> str | None:
        """The text of „Meinten Sie …?“, None when it is hidden."""
        if not self.page.locator("#kok-suche-vorschlag").is_visible():
            return None
        text: str = self.page.inner_text("#kok-suche-vorschlag")
        return text.strip()


Opener = Callable[..., Search]


def address(query: str, page: str = "search.html", **facets: str | list[str]) -> str:
    return f"{page}?{urlencode({'q': query, **facets}, doseq=True)}"


@pytest.fixture
def searching(browser: Any, search_served: str) -> Iterator[Opener]:
    """Opens search pages (``searching("Polizistinnen", jahr="2022")``, or ``url=`` any address)
    and waits for the event list; every page must end without a script error."""
    context = browser.new_context()
    context.set_default_timeout(10_000)  # a broken search fails soon; a sound one is done in far less
    opened: list[Search] = []

    def open_search(query: str = "", *, url: str | None = None, **facets: str | list[str]) -> Search:
        found = Search(context.new_page())
        found.page.on("pageerror", lambda error: found.errors.append(str(error)))
        found.page.on("request", lambda request: found.requests.append(request.url))
        opened.append(found)
        found.page.goto(url or f"{search_served}/{address(query, **facets)}")
        found.page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
        found.settle()
        return found

    yield open_search
    context.close()
    assert {found.page.url: found.errors for found in opened if found.errors} == {}  # no script error anywhere


# -- words as people type them -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Polizistinnen", "Polizisten", "Polizist*innen", "Polizist:innen", "PolizistInnen"])
def test_every_gender_form_finds_the_police_events_of_all_four_forms(searching: Opener, query: str) -> None:
    found = searching(query)
    assert found.status() == "4 Ereignisse gefunden."
    assert found.anchors() == POLICE  # one a year, each written another way; newest first
    # each title marks the word as it is written there
    assert [hit["marks"] for hit in found.hits()] == [
        ["PolizistInnen"],
        ["Polizist:innen"],
        ["Polizist*innen"],
        ["Polizistinnen"],
    ]


@pytest.mark.parametrize(
    "query", ["Staatsanwältinnen", "Staatsanwält*innen", "Staatsanwält:innen", "StaatsanwältInnen"]
)
def test_a_feminine_or_gender_form_finds_the_masculine_word(searching: Opener, query: str) -> None:
    found = searching(query)
    assert found.anchors() == [POLICE_2022, JUDGES]  # „Staatsanwält*innen“, „Staatsanwälte“
    assert [hit["marks"] for hit in found.hits()] == [["Staatsanwält*innen"], ["Staatsanwälte"]]


@pytest.mark.parametrize("query", ["Richterinnen", "Richter*innen", "Richter/-innen"])
def test_the_feminine_plural_of_a_short_word_finds_the_masculine(searching: Opener, query: str) -> None:
    found = searching(query)
    assert found.anchors()[0] == JUDGES
    assert found.hits()[0]["marks"] == ["Richter"]


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022])
def test_a_year_in_the_query_ranks_that_years_event_first(searching: Opener, year: int) -> None:
    found = searching(f"Welttag gegen Menschenhandel {year}")
    anchors = found.anchors()
    assert anchors[0] == f"kok-{year}-07-30-welttag-gegen-menschenhandel"
    assert anchors[1:] == [anchor for anchor in WORLD_DAYS if anchor != anchors[0]]  # the year ranks, never hides


def test_a_month_in_the_query_ranks_that_month_first(searching: Opener) -> None:
    # newer events hold „Menschenhandel“ in their titles; February's is of 2020
    found = searching("Menschenhandel Februar")
    assert found.anchors()[0] == POLICE_2020
    assert found.status() == "13 Ereignisse gefunden."  # the month ranks, never hides
    found = searching("Menschenhandel Juli 2022")
    assert set(found.anchors()[:2]) == {WORLD_DAY_2022, NETWORK}  # the month of that year: first
    assert found.anchors()[0] == WORLD_DAY_2022  # of the two, the one with the word in its title


def test_a_period_alone_lists_the_events_of_that_period(searching: Opener) -> None:
    found = searching("Juli 2022")
    assert found.status() == "2 Ereignisse gefunden."
    assert set(found.anchors()) == {WORLD_DAY_2022, NETWORK}  # the one without a day too
    found = searching("2019")
    assert found.anchors() == [FACHTAG, WORLD_DAY_2019, POLICE_2019]


def test_an_organisation_by_its_full_name_and_a_part_of_a_compound(searching: Opener) -> None:
    found = searching("Bundeskriminalamt Lagebild")  # the event says „BKA“ and „Bundeslagebild“
    assert found.anchors()[0] == LAGEBILD
    assert found.hits()[0]["marks"] == ["Bundeslagebild"]
    assert "Bundeskriminalamt (BKA)" in found.hits()[0]["orgs"]


@pytest.mark.parametrize("query", ["BMJV", "Bundesministerium der Justiz", "BMJ"])
def test_a_ministry_by_its_earlier_and_its_current_name(searching: Opener, query: str) -> None:
    # 2020 wrote its earlier short name (BMJV), 2022 its current one (BMJ)
    found = searching(query)
    assert set(found.anchors()) == {STATEMENT, POLICE_2022}
    assert all("Bundesministerium der Justiz (BMJ)" in hit["orgs"] for hit in found.hits())


def test_a_word_finds_the_compound_it_ends(searching: Opener) -> None:
    found = searching("Beratungsstellen")
    assert found.anchors() == [NETWORK, FACHTAG]  # in the title first, then in the details
    snippet = found.hits()[1]["snippet"]
    assert snippet == "Mit Berater*innen aus den <mark>Fachberatungsstellen</mark>."


def test_words_found_in_one_compound_of_the_title_rank_first(searching: Opener) -> None:
    found = searching("Richtlinie Menschenhandel")
    assert found.anchors() == [DIRECTIVE, STATEMENT]  # „Richtlinie“ alone, and KOK's name
    assert found.hits()[0]["marks"] == ["Menschenhandelsrichtlinie"]


def test_a_typing_error_finds_the_word_and_suggests_it(searching: Opener) -> None:
    found = searching("Arbeitsausbeutng")
    assert found.anchors() == [FACHTAG]
    assert found.status() == "Ein Ereignis gefunden."
    assert found.hits()[0]["marks"] == ["Arbeitsausbeutung"]
    assert found.suggestion() == "Meinten Sie Arbeitsausbeutung?"
    link = found.page.locator("#kok-suche-vorschlag a")
    assert link.inner_text() == "Arbeitsausbeutung"
    link.click()
    found.page.wait_for_url(re.compile(r"q=Arbeitsausbeutung$"))
    found.page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
    found.settle()
    assert found.address() == {"q": ["Arbeitsausbeutung"]}
    assert found.anchors() == [FACHTAG]
    assert found.suggestion() is None  # a word of the archive: nothing to correct


def test_the_suggestion_keeps_the_other_words_of_the_query(searching: Opener) -> None:
    found = searching("Arbeitsausbeutng Fachtg")  # two errors
    assert found.anchors() == [FACHTAG]
    assert found.suggestion() == "Meinten Sie Arbeitsausbeutung Fachtag?"
    href = found.page.get_attribute("#kok-suche-vorschlag a", "href")
    assert parse_qs(urlsplit(urljoin(found.page.url, href)).query) == {"q": ["Arbeitsausbeutung Fachtag"]}


def test_no_suggestion_when_every_word_is_in_the_archive(searching: Opener) -> None:
    found = searching("Polizistinnen Hamburg")
    assert found.anchors() == [POLICE_2019]
    assert found.suggestion() is None


def test_a_stem_finds_no_word_it_only_begins(searching: Opener) -> None:
    # „Richter“ and „Richtlinie“ share the letters „richt“ (the stem of „Richter“), not a word:
    # a compound begins with the whole word, as „Menschenhandelsrichtlinie“ with „Menschenhandel“
    found = searching("Richter")
    assert found.anchors() == [JUDGES]
    assert searching("Stelle").anchors() == [NETWORK, FACHTAG]  # „…stellen“, never „Stellungnahme“


def test_exact_matches_rank_before_typing_errors(searching: Opener) -> None:
    # „Handel“ ends „Menschenhandel“ (13 events: in the title or in KOK's name); „Wandel“ is one letter away
    found = searching("Handel")
    assert found.status() == "14 Ereignisse gefunden."
    anchors = found.all_anchors()
    assert len(anchors) == len(set(anchors)) == 14
    assert anchors[-1] == WANDEL  # newer than six of the others, yet last
    assert found.suggestion() is None  # „Handel“ found enough: „Wandel“ is no suggestion


# -- the order ----------------------------------------------------------------------------------


def test_title_matches_rank_before_matches_in_the_details(searching: Opener) -> None:
    # 2022's „Stellungnahme“ is in its details only: the older title comes first
    assert searching("Stellungnahme").anchors() == [STATEMENT, DIRECTIVE]


def test_title_matches_rank_before_matches_in_organisations(searching: Opener) -> None:
    # every KOK event holds „Menschenhandel“ in KOK's full name; the titles come first
    found = searching("Menschenhandel")
    anchors = found.all_anchors()
    assert len(anchors) == 13
    assert set(anchors[: len(TRAFFICKING_IN_TITLE)]) == TRAFFICKING_IN_TITLE
    assert anchors[len(TRAFFICKING_IN_TITLE) :] == [NETWORK, POLICE_2022, POLICE_2021, STATEMENT, FACHTAG, POLICE_2019]


def test_newer_events_rank_before_older_ones_among_equals(searching: Opener) -> None:
    assert searching("Welttag").anchors() == WORLD_DAYS
    assert searching("Polizistinnen").anchors() == POLICE


# -- what a result shows ---------------------------------------------------------------------


def test_a_result_shows_date_category_marked_title_and_organisations(searching: Opener, search_served: str) -> None:
    found = searching("EU-Kommission")
    [hit] = found.hits()
    assert urljoin(found.page.url, hit["href"]) == f"{search_served}/years/2022.html#{DIRECTIVE}"
    assert hit["date"] == "19.12.2022"
    assert hit["category"] == "Politik"
    assert hit["html"] == "<mark>EU</mark>-<mark>Kommission</mark> schlägt Änderung der Menschenhandelsrichtlinie vor"
    assert hit["snippet"] == "Der KOK begrüßt den Vorschlag und kündigt eine Stellungnahme an."
    assert hit["orgs"] == "Europäische Kommission · Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK)"


@pytest.mark.parametrize("query", ["Zwangsarbeit", "sichtbar"])
def test_a_title_with_markup_characters_stays_text(searching: Opener, query: str) -> None:
    found = searching(query)
    assert found.anchors() == [HOSTILE]
    [hit] = found.hits()
    assert hit["title"] == HOSTILE_TITLE
    assert hit["html"] == HOSTILE_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        query, f"<mark>{query}</mark>"
    )
    assert found.page.locator("#kok-suche img").count() == 0
    assert found.page.title() != "1"  # the onerror never ran


# -- facets ---------------------------------------------------------------------------------


def test_facet_counts_follow_the_query(searching: Opener) -> None:
    found = searching("KOK")
    assert found.status() == "12 Ereignisse gefunden."
    assert found.counts("jahr") == {"2022": 4, "2021": 2, "2020": 3, "2019": 3}  # newest year first
    assert found.counts("kategorie") == {"veranstaltung": 6, "politik": 2, "sonstiges": 4}  # configured order
    assert found.counts("organisation") == {KOK: 12, BMJ: 2, "bundesamt-fuer-migration-und-fluechtlinge": 2,
                                            LSI: 2, "bundeskriminalamt": 1, "europaeische-kommission": 1}  # fmt: skip
    found = searching("Polizistinnen")
    assert found.counts("jahr") == {"2022": 1, "2021": 1, "2020": 1, "2019": 1}
    assert found.counts("kategorie") == {"veranstaltung": 4}  # no category without a hit
    assert found.checked() == {"jahr": [], "kategorie": [], "organisation": []}


def test_checking_a_year_narrows_the_list_the_other_counts_and_the_address(searching: Opener) -> None:
    found = searching("KOK")
    found.toggle("jahr", "2022")
    assert found.status() == "4 Ereignisse von 12 gefunden, eingegrenzt."
    assert found.anchors() == [DIRECTIVE, NETWORK, WORLD_DAY_2022, POLICE_2022]
    assert found.counts("kategorie") == {"veranstaltung": 2, "politik": 1, "sonstiges": 1}
    assert found.counts("organisation")[LSI] == 1
    assert found.counts("jahr") == {"2022": 4, "2021": 2, "2020": 3, "2019": 3}  # a year's own choices stay
    assert found.address() == {"q": ["KOK"], "jahr": ["2022"]}
    found.toggle("jahr", "2019")  # either year
    assert found.status() == "7 Ereignisse von 12 gefunden, eingegrenzt."
    assert found.address() == {"q": ["KOK"], "jahr": ["2019", "2022"]}
    found.toggle("jahr", "2022")
    found.toggle("jahr", "2019")
    assert found.status() == "12 Ereignisse gefunden."
    assert found.address() == {"q": ["KOK"]}


def test_a_year_and_a_category_combine_and_their_address_restores_them(searching: Opener) -> None:
    found = searching("KOK")
    found.toggle("jahr", "2022")
    found.toggle("kategorie", "politik")
    assert found.status() == "Ein Ereignis von 12 gefunden, eingegrenzt."
    assert found.anchors() == [DIRECTIVE]
    assert found.counts("jahr") == {"2022": 1, "2020": 1}  # the years of KOK's politics
    assert found.address() == {"q": ["KOK"], "jahr": ["2022"], "kategorie": ["politik"]}
    again = searching(url=found.page.url)
    assert again.checked() == {"jahr": ["2022"], "kategorie": ["politik"], "organisation": []}
    assert again.status() == found.status()
    assert again.anchors() == [DIRECTIVE]
    assert again.counts("jahr") == found.counts("jahr")
    again.toggle("kategorie", "politik")  # the restored state goes on like the first
    assert again.anchors() == [DIRECTIVE, NETWORK, WORLD_DAY_2022, POLICE_2022]
    assert again.address() == {"q": ["KOK"], "jahr": ["2022"]}


def test_an_organisation_narrows_the_list_and_its_address_restores_it(searching: Opener) -> None:
    found = searching("KOK", organisation=LSI)
    assert found.checked()["organisation"] == [LSI]
    assert found.anchors() == [WORLD_DAY_2022, WORLD_DAY_2021]
    assert found.status() == "2 Ereignisse von 12 gefunden, eingegrenzt."
    found.toggle("organisation", LSI)
    assert found.status() == "12 Ereignisse gefunden."
    assert found.address() == {"q": ["KOK"]}


def test_the_keyboard_reaches_a_facet_and_space_toggles_it(searching: Opener) -> None:
    found = searching("KOK")
    page = found.page
    focused = None
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e?.matches('#kok-suche-filter input[type=checkbox]') ? [e.name, e.value] : null; })()"
        )
        if focused:
            break
    assert focused, "Tab never reached a facet's checkbox"
    name, value = focused
    page.keyboard.press("Space")
    found.settle()
    assert found.facet(name)[value][0] is True
    assert found.status().endswith("von 12 gefunden, eingegrenzt.")
    assert found.address() == {"q": ["KOK"], name: [value]}
    # the focus stays on the box just toggled, though the facets were drawn anew
    assert page.evaluate("[document.activeElement.name, document.activeElement.value]") == [name, value]
    page.keyboard.press("Space")
    found.settle()
    assert found.facet(name)[value][0] is False
    assert found.status() == "12 Ereignisse gefunden."


def test_long_lists_show_ten_then_more_on_request(searching: Opener) -> None:
    found = searching("KOK")
    assert len(found.hits()) == FIRST
    more = found.page.locator("#kok-suche-mehr")
    assert more.is_visible()
    assert more.inner_text() == "Weitere Ereignisse anzeigen"
    first = found.anchors()
    more.click()
    found.page.wait_for_function("document.querySelectorAll('#kok-suche-treffer > li.kok-treffer').length === 12")
    anchors = found.anchors()
    assert anchors[:FIRST] == first
    assert set(anchors) == KOK_EVENTS
    assert not more.is_visible()  # nothing more to show
    # the focus moves to the first of the new results
    assert found.page.evaluate("document.activeElement.getAttribute('href')").endswith(f"#{anchors[FIRST]}")


def test_narrowing_a_long_list_starts_it_again_at_ten(searching: Opener) -> None:
    found = searching("KOK")
    found.page.click("#kok-suche-mehr")
    found.page.wait_for_function("document.querySelectorAll('#kok-suche-treffer > li.kok-treffer').length === 12")
    found.toggle("kategorie", "veranstaltung")
    assert len(found.hits()) == 6
    assert not found.page.locator("#kok-suche-mehr").is_visible()
    found.toggle("kategorie", "veranstaltung")
    assert len(found.hits()) == FIRST
    assert found.page.locator("#kok-suche-mehr").is_visible()


# -- around the list ------------------------------------------------------------------------


def test_sphinx_results_stay_below_with_pages_and_organisations(searching: Opener) -> None:
    found = searching("Bundeskriminalamt")
    page = found.page
    page.wait_for_function("(document.querySelector('#search-results .search-summary')?.textContent || '') !== ''")
    assert page.evaluate(
        "!!(document.getElementById('kok-suche').compareDocumentPosition(document.getElementById('search-results'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    links = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))")
    assert "organisationen/bundeskriminalamt.html#org-bundeskriminalamt" in links
    assert not [link for link in links if "#kok-" in link]  # events are ours, above
    assert set(found.anchors()) == {LAGEBILD, POLICE_2020}


@pytest.mark.parametrize(("query", "facets"), [("KOK", {"jahr": "2022"}), ("Arbeitsausbeutng", {})])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_core_finds_no_violation_on_the_search_page(
    browser: Any, search_served: str, query: str, facets: dict[str, str], scheme: str
) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{search_served}/{address(query, **facets)}")
    page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
    page.wait_for_function("(document.querySelector('#search-results .search-summary')?.textContent || '') !== ''")
    assert page.locator("#kok-suche-filter input[type=checkbox]").count() > 0
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document, {WCAG})")
    found = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    context.close()
    assert found == []


def test_on_a_phone_the_facets_fold_away_above_the_results(browser: Any, search_served: str) -> None:
    """360 pixels: the results come first on the screen, the facets one tap away, nothing wider than
    the screen; chosen facets stay open (a shared address shows what narrows the list)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{search_served}/{address('KOK')}")
    page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
    assert not page.locator("#kok-suche-filter").is_visible()
    assert page.locator("#kok-suche-treffer > li").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(".kok-suche-eingrenzen > summary")
    assert page.locator("#kok-suche-filter input[name=jahr]").first.is_visible()
    page.goto(f"{search_served}/{address('KOK', jahr='2022')}")
    page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
    assert page.locator("#kok-suche-filter input[name=jahr][value='2022']").is_checked()
    assert page.locator("#kok-suche-filter").is_visible()
    context.close()


@pytest.mark.parametrize("query", ["Polizistinnen", "KOK", "Arbeitsausbeutng", "Juli 2022"])
def test_the_search_fetches_no_page_and_nothing_from_elsewhere(
    searching: Opener, search_served: str, query: str
) -> None:
    found = searching(query)
    if found.page.locator("#kok-suche-mehr").is_visible():
        found.all_anchors()
    found.page.wait_for_load_state("networkidle")
    assert found.requests
    outside = [url for url in found.requests if not url.startswith(f"{search_served}/")]
    assert outside == []
    paths = [urlsplit(url).path for url in found.requests]
    assert [path for path in paths if path.startswith("/years/") or path.startswith("/_sources/")] == []
    assert "/kok-events.json" not in paths


ODD_QUERIES = [
    "der die das",  # stop words only
    "2018",  # a year the archive does not have
    "Menschenhandel)(*",
    "<script>alert(1)</script>",
    "ä ö ü ß",
    "Polizist*inen",
    "x" * 300,
    "a:b*c_d·e/f",
    "Dezember",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_no_query_breaks_the_search(searching: Opener, query: str) -> None:
    found = searching(query)  # the fixture fails on any script error
    assert found.errors == []
    assert re.fullmatch(r"(Keine Ereignisse|Ein Ereignis|\d+ Ereignisse) gefunden\.", found.status())
    assert found.page.locator("#kok-suche script, #kok-suche img").count() == 0


# -- other builds and file:// ----------------------------------------------------------------


def dirhtml_file(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The file and anchor a link of a dirhtml page leads to."""
    target = urlsplit(urljoin(page_url, href))
    path = posixpath.normpath(unquote(target.path)).lstrip("/")
    file = site / path
    return (file / "index.html" if target.path.endswith("/") else file), target.fragment


@pytest.fixture(scope="module")
def dirhtml_served(search_dirhtml: Path) -> Iterator[str]:
    """The search archive's dirhtml build over HTTP."""
    yield from serve(search_dirhtml)


def open_police_search(context: Any, url: str, errors: list[str], resolved: bool) -> tuple[Any, list[str]]:
    """A search for „Polizistinnen“ opened at ``url``, once its first results are on screen, and its
    title links: as written, or ``resolved`` into full addresses; script errors go into ``errors``."""
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
    page.wait_for_function(SETTLED, arg=FIRST)
    read = "as => as.map(a => a.href)" if resolved else "as => as.map(a => a.getAttribute('href'))"
    links: list[str] = page.eval_on_selector_all("#kok-suche-treffer .kok-treffer-titel a", read)
    return page, links


@pytest.mark.parametrize("path", ["search/index.html", "search/"])
def test_the_search_works_on_a_dirhtml_build(
    browser: Any, search_dirhtml: Path, dirhtml_served: str, path: str
) -> None:
    context = browser.new_context()
    errors: list[str] = []
    url = f"{dirhtml_served}/{address('Polizistinnen', page=path)}"
    page, hrefs = open_police_search(context, url, errors, resolved=False)
    assert [href.partition("#")[2] for href in hrefs] == POLICE
    for href in hrefs:
        file, anchor = dirhtml_file(search_dirhtml, page.url, href)
        assert f'id="{anchor}"' in file.read_text(encoding="utf-8"), href
    page.click("#kok-suche-treffer .kok-treffer-titel a >> nth=0")
    page.wait_for_url(re.compile(r"/years/2022/#"))
    assert page.locator(f"#{POLICE_2022}").is_visible()
    page.go_back()  # a facet on dirhtml too
    page.wait_for_selector("#kok-suche[data-zustand=fertig]", state="attached")
    page.click("#kok-suche-filter input[name=jahr][value='2021']")
    page.wait_for_function(SETTLED, arg=FIRST)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Polizistinnen"], "jahr": ["2021"]}
    assert urlsplit(page.url).path == f"/{path}"
    context.close()
    assert errors == []


def test_the_search_works_from_file(browser: Any, search_site: Path) -> None:
    context = browser.new_context()
    errors: list[str] = []
    url = f"{search_site.as_uri()}/{address('Polizistinnen')}"
    page, links = open_police_search(context, url, errors, resolved=True)
    assert [link.partition("#")[2] for link in links] == POLICE
    for link in links:
        target = urlsplit(link)
        assert target.scheme == "file"
        html = Path(unquote(target.path)).read_text(encoding="utf-8")
        assert f'id="{target.fragment}"' in html, link
    page.click("#kok-suche-filter input[name=jahr][value='2020']")  # the address changes on file:// too
    page.wait_for_function(SETTLED, arg=FIRST)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Polizistinnen"], "jahr": ["2020"]}
    assert [hit.partition("#")[2] for hit in page.eval_on_selector_all(
        "#kok-suche-treffer .kok-treffer-titel a", "as => as.map(a => a.href)")] == [POLICE_2020]  # fmt: skip
    page.click("#kok-suche-treffer .kok-treffer-titel a")
    page.wait_for_url(re.compile(r"years/2020\.html#"))
    assert page.locator(f"#{POLICE_2020}").is_visible()
    context.close()
    assert errors == []
