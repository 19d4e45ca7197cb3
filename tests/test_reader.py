"""The reader's archive in a real browser (Debian's Chromium through Playwright):
the category filter, phones, print, accessibility (axe-core), privacy, and the chart.

Tests of the real site (`site`, `served`) hold for any content: they visit the oldest and the
newest year page the build holds (a fixed sample: a walk costs the same however many years the
archive holds) and compare them with kok-events.json. Exact numbers, months and texts are
checked on the fixed test archive (`archive_site`, `archive_served`: tests/roots/test-archive).
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from kok_archive.core.model import UNDATED_ANCHOR

from .helpers import ROOT, article, sampled_year_pages, site_events, year_pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
YEARS = "years/*.html"  # the year pages of the built site, the oldest and the newest (sampled_year_pages)
PAGES = [
    "index.html",
    YEARS,
    "organisationen.html",
    "kategorien.html",
    "kategorien/politik.html",
    "search.html?q=Menschenhandel",
]
CATEGORIES = ["veranstaltung", "politik", "publikation", "sonstiges"]  # as configured, in order
WANTED = ("politik", "publikation")

# the fixed test archive: its 2020 runs from December 2019 to November 2020, August left empty
ARCHIVE_YEAR = "years/2020.html"
ARCHIVE_2020 = Counter({"veranstaltung": 7, "politik": 2, "publikation": 4, "sonstiges": 3})
ARCHIVE_MONTHS = ["2019-12", *(f"2020-{month:02d}" for month in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11))]
ARCHIVE_HIDDEN = ["monat-2020-02", "monat-2020-04", "monat-2020-06", "monat-2020-10", "monat-2020-11"]


def pages_of(site: Path, path: str) -> list[str]:
    return sampled_year_pages(site) if path == YEARS else [path]


def section_of(event: dict[str, Any]) -> str:
    """The id of the month section an event of kok-events.json belongs in."""
    return f"monat-{event['month']}" if event["month"] else UNDATED_ANCHOR


def expected(events: list[dict[str, Any]], keys: Any = CATEGORIES) -> Counter[tuple[str, str, str]]:
    """Each event once, in its month section: (section, anchor, category)."""
    return Counter(
        (section_of(e), e["url"].split("#")[1], e["category"]["key"]) for e in events if e["category"]["key"] in keys
    )


def by_category(events: list[dict[str, Any]]) -> Counter[str]:
    return Counter(event["category"]["key"] for event in events)


def open_page(browser: Any, url: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def visible_events(page: Any) -> Counter[tuple[str, str, str]]:
    """The events a reader sees: (month section, anchor, category)."""
    found = page.eval_on_selector_all(
        ".kok-month > .kok-event",
        "events => events.filter(e => e.offsetParent !== null).map(e => [e.parentElement.id, e.id,"
        " [...e.classList].find(c => c.startsWith('kok-category-')).slice(13)])",
    )
    return Counter(tuple(item) for item in found)


def visible_categories(page: Any) -> Counter[str]:
    return Counter(category for _, _, category in visible_events(page).elements())


def hidden_months(page: Any) -> list[str]:
    return sorted(page.eval_on_selector_all(".kok-month[hidden]", "sections => sections.map(s => s.id)"))


def months_without(events: list[dict[str, Any]], keys: tuple[str, ...]) -> list[str]:
    """The month sections left empty when only these categories are shown."""
    return sorted({section_of(e) for e in events} - {section_of(e) for e in events if e["category"]["key"] in keys})


# -- the category filter, on every year page of the real site ------------------------------


def test_without_javascript_every_event_is_shown(browser: Any, served: str, site: Path) -> None:
    assert {event["url"].split("#")[0] for event in site_events(site)} <= set(year_pages(site))
    for path in sampled_year_pages(site):
        events = site_events(site, path)
        page = open_page(browser, f"{served}/{path}?kategorie=politik", java_script_enabled=False)
        assert visible_events(page) == expected(events), path
        assert page.locator(".kok-filter").count() == 0
        assert hidden_months(page) == []
        page.context.close()


def test_with_javascript_every_year_page_starts_with_every_event_shown(browser: Any, served: str, site: Path) -> None:
    for path in sampled_year_pages(site):
        events = site_events(site, path)
        page = open_page(browser, f"{served}/{path}")
        assert visible_events(page) == expected(events), path
        if not events:  # a year just begun: nothing to filter
            assert page.locator(".kok-filter, .kok-filter-status").count() == 0, path
            page.context.close()
            continue
        buttons = page.locator(".kok-filter button")
        assert [buttons.nth(i).get_attribute("class") for i in range(buttons.count())] == [
            f"kok-category-{key}" for key in CATEGORIES
        ]
        assert [buttons.nth(i).get_attribute("aria-pressed") for i in range(buttons.count())] == ["true"] * 4
        status = page.locator(".kok-filter-status")
        assert status.get_attribute("role") == "status"
        assert status.inner_text() == f"{len(events)} von {len(events)} Ereignissen sichtbar"
        assert hidden_months(page) == []
        page.context.close()


def test_a_shared_address_shows_the_filtered_view(browser: Any, served: str, site: Path) -> None:
    for path in sampled_year_pages(site):
        events = site_events(site, path)
        if not events:
            continue  # no filter to share (test_with_javascript_every_year_page_starts_with_every_event_shown)
        page = open_page(browser, f"{served}/{path}?kategorie={','.join(WANTED)}")
        assert visible_events(page) == expected(events, WANTED), path
        assert hidden_months(page) == months_without(events, WANTED), path  # months left empty
        shown = sum(by_category(events)[key] for key in WANTED)
        assert page.locator(".kok-filter-status").inner_text() == f"{shown} von {len(events)} Ereignissen sichtbar"
        page.context.close()


# -- the category filter, with the fixed test archive's numbers --------------------------


def test_the_filter_works_with_the_keyboard_and_keeps_its_state_in_the_address(
    browser: Any, archive_served: str, archive_site: Path
) -> None:
    events = site_events(archive_site, ARCHIVE_YEAR)
    everything = by_category(events)
    assert everything == ARCHIVE_2020
    page = open_page(browser, f"{archive_served}/{ARCHIVE_YEAR}")
    assert visible_events(page) == expected(events)
    politik = page.locator(".kok-filter button.kok-category-politik")
    assert politik.get_attribute("aria-pressed") == "true"
    politik.focus()
    page.keyboard.press("Space")
    assert politik.get_attribute("aria-pressed") == "false"
    assert visible_categories(page) == Counter({"veranstaltung": 7, "publikation": 4, "sonstiges": 3})
    assert visible_events(page) == expected(events, ("veranstaltung", "publikation", "sonstiges"))
    assert "kategorie=veranstaltung%2Cpublikation%2Csonstiges" in page.url
    status = page.locator(".kok-filter-status")
    assert status.get_attribute("role") == "status"  # announced to screen readers
    assert status.inner_text() == "14 von 16 Ereignissen sichtbar"
    assert hidden_months(page) == ["monat-2020-05"]  # its only event is politics
    page.keyboard.press("Enter")
    assert politik.get_attribute("aria-pressed") == "true"
    assert visible_categories(page) == ARCHIVE_2020
    assert page.locator(".kok-filter-status").inner_text() == "16 von 16 Ereignissen sichtbar"
    assert "kategorie" not in page.url
    page.context.close()


def test_a_shared_address_hides_the_months_left_empty(browser: Any, archive_served: str, archive_site: Path) -> None:
    page = open_page(browser, f"{archive_served}/{ARCHIVE_YEAR}?kategorie=politik,publikation")
    assert visible_categories(page) == Counter({"politik": 2, "publikation": 4})
    assert visible_events(page) == expected(site_events(archive_site, ARCHIVE_YEAR), WANTED)
    assert hidden_months(page) == ARCHIVE_HIDDEN  # neither politics nor a publication
    assert page.locator(".kok-filter-status").inner_text() == "6 von 16 Ereignissen sichtbar"
    assert [b.get_attribute("aria-pressed") for b in page.locator(".kok-filter button").all()] == [
        "false",
        "true",
        "true",
        "false",
    ]
    page.context.close()


# -- phones and print -------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_a_360_pixel_phone_never_scrolls_sideways(browser: Any, served: str, site: Path, path: str) -> None:
    for each in pages_of(site, path):
        page = open_page(browser, f"{served}/{each}", viewport={"width": 360, "height": 740})
        page.wait_for_timeout(300)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{each} is {width}px wide"
        page.context.close()


def printed(browser: Any, url: str) -> tuple[list[str], list[str], bytes]:
    """A year page as printed: display of the screen-only parts, month page breaks, the PDF."""
    page = open_page(browser, url)
    page.emulate_media(media="print")
    display = page.eval_on_selector_all(
        ".sidebar-drawer, .toc-drawer, .kok-filter", "elements => elements.map(e => getComputedStyle(e).display)"
    )
    breaks = page.eval_on_selector_all(".kok-month", "s => s.map(x => getComputedStyle(x).breakBefore)")
    pdf = page.pdf(format="A4")
    page.context.close()
    return display, breaks, pdf


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_every_year_prints_as_a_clean_review(browser: Any, served: str, site: Path) -> None:
    for path in sampled_year_pages(site):
        display, breaks, pdf = printed(browser, f"{served}/{path}")
        assert set(display) == {"none"}, path
        months = {section_of(event) for event in site_events(site, path)}
        assert breaks == ["page"] * len(months), path  # a page per month that has events
        assert pdf_pages(pdf) >= len(months), path


def test_the_year_prints_as_a_clean_review(browser: Any, archive_served: str) -> None:
    display, breaks, pdf = printed(browser, f"{archive_served}/{ARCHIVE_YEAR}")
    assert set(display) == {"none"}
    assert breaks == ["page"] * 11  # August 2020 has no event, hence no page
    assert pdf_pages(pdf) >= 12  # the foreword, then a page per month


# -- accessibility and privacy ------------------------------------------------------------


class Visit(NamedTuple):
    """What one visit of a page in the light scheme saw: the requests it made, its heading levels,
    axe-core's violations (the last two None for a page that is no HTML)."""

    requests: list[str]
    levels: list[int] | None
    violations: list[tuple[str, str, list[Any]]] | None


def axe_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    page.wait_for_timeout(500)  # the search page fills in its results
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.fixture(scope="module")
def visit(browser: Any, served: str) -> Callable[[str], Visit]:
    """One walk for the checks below: each page visited once (not once per check), on first use."""
    seen: dict[str, Visit] = {}

    def visit(each: str) -> Visit:
        if each not in seen:
            context = browser.new_context()
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{served}/{each}")
            page.wait_for_load_state("networkidle")
            made = list(requests)  # before axe-core is added
            levels = violations = None
            if not each.endswith(".json"):
                levels = page.eval_on_selector_all(
                    "[role=main] h1, [role=main] h2, [role=main] h3, [role=main] h4, [role=main] h5, [role=main] h6",
                    "hs => hs.map(h => Number(h.tagName[1]))",
                )
                violations = axe_violations(page) if AXE.exists() else None
            context.close()
            seen[each] = Visit(made, levels, violations)
        return seen[each]

    return visit


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_no_wcag_2_1_aa_violation(
    browser: Any, served: str, site: Path, path: str, scheme: str, visit: Callable[[str], Visit]
) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    problems = {}
    for each in pages_of(site, path):
        if scheme == "light":  # the walk's visit
            found = visit(each).violations
        else:
            page = open_page(browser, f"{served}/{each}", color_scheme=scheme)  # the theme follows the reader's choice
            found = axe_violations(page)
            page.context.close()
        if found:
            problems[each] = found
    assert problems == {}


@pytest.mark.parametrize("path", PAGES)
def test_headings_never_skip_a_level(site: Path, path: str, visit: Callable[[str], Visit]) -> None:
    for each in pages_of(site, path):
        levels = visit(each).levels
        assert levels is not None
        assert levels[0] == 1, each
        assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), (each, levels)


@pytest.mark.parametrize("path", [*PAGES, "kok-events.json"])
def test_no_page_requests_anything_from_another_host(
    served: str, site: Path, path: str, visit: Callable[[str], Visit]
) -> None:
    for each in pages_of(site, path):
        requests = visit(each).requests
        outside = [url for url in requests if not url.startswith(served) and not url.startswith(("data:", "blob:"))]
        assert requests, each
        assert outside == [], each


# -- the year at a glance ------------------------------------------------------------------


def bars_of(html: str, key: str = r"\d{4}-\d{2}") -> Counter[tuple[str, str]]:
    pattern = rf'data-bar="({key})" data-category="(\w+)" data-count="(\d+)"'
    return Counter({(bar, category): int(count) for bar, category, count in re.findall(pattern, html)})


def table_of(chart: Any) -> list[list[str]]:
    return [[cell.get_text(strip=True) for cell in row.find_all(["td", "th"])] for row in chart.find_all("tr")]


def described(rows: list[list[str]]) -> str:
    """The chart's description, as its table's rows say it."""
    labels = rows[0][1:-1]
    items = []
    for name, *counts, total in rows[1:]:
        detail = ", ".join(f"{label} {n}" for label, n in zip(labels, counts, strict=True) if n != "0")
        noun = "Ereignis" if total == "1" else "Ereignisse"
        items.append(f"{name}: {total} {noun}" + (f" ({detail})" if detail else ""))
    return "; ".join(items) + "."


def months_from(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    result = []
    while f"{year:04d}-{month:02d}" <= last:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def test_the_charts_count_what_the_data_holds(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    with_events = {event["url"].split(".html#")[0] for event in site_events(site)}
    assert {bar for bar, _ in bars_of(home, r"years/[^\"]+")} == with_events  # a bar per year page
    for path in year_pages(site):
        events = site_events(site, path)
        dated = [event for event in events if event["month"]]
        by_month = Counter((event["month"], event["category"]["key"]) for event in dated)
        assert bars_of((site / path).read_text(encoding="utf-8")) == by_month, path
        chart = article(site / path).find(class_="kok-chart")
        assert chart.find("svg")["role"] == "img"
        rows = table_of(chart)
        assert rows[0] == ["Monat", "Veranstaltung", "Politik", "Publikation", "Sonstiges", "Summe"]
        months = months_from(min(by_month)[0], max(by_month)[0]) if dated else []
        assert len(rows) == 1 + len(months), path  # every month from the first to the last, empty ones too
        for month, row in zip(months, rows[1:], strict=True):
            counts = [by_month[(month, key)] for key in CATEGORIES]
            assert row[1:] == [str(n) for n in [*counts, sum(counts)]], (path, month)
        assert sum(int(row[-1]) for row in rows[1:]) == len(dated)
        assert chart.find("desc").get_text() == described(rows)
        home_bars = bars_of(home, re.escape(path.removesuffix(".html")))
        assert Counter({category: n for (_, category), n in home_bars.items()}) == by_category(events), path


def test_the_chart_of_a_year_shows_its_months_in_numbers_and_words(archive_site: Path) -> None:
    chart = article(archive_site / ARCHIVE_YEAR).find(class_="kok-chart")
    description = chart.find("desc").get_text()
    assert description.startswith(
        "Dezember 2019: 2 Ereignisse (Veranstaltung 1, Publikation 1); Januar 2020: 2 Ereignisse (Veranstaltung 1,"
        " Politik 1); Februar 2020: 1 Ereignis (Sonstiges 1);"
    )
    assert "; August 2020: 0 Ereignisse; " in description
    rows = table_of(chart)
    assert rows[0] == ["Monat", "Veranstaltung", "Politik", "Publikation", "Sonstiges", "Summe"]
    assert len(rows) == 13  # December 2019 to November 2020
    assert rows[9] == ["August 2020", "0", "0", "0", "0", "0"]
    assert sum(int(row[-1]) for row in rows[1:]) == 16
    bars = bars_of((archive_site / ARCHIVE_YEAR).read_text(encoding="utf-8"))
    assert sorted({month for month, _ in bars}) == ARCHIVE_MONTHS  # no bar for an empty month
    home = (archive_site / "index.html").read_text(encoding="utf-8")
    assert Counter({category: n for (_, category), n in bars_of(home, "years/2020").items()}) == ARCHIVE_2020
    assert bars_of(home, "years/2021") == Counter(
        {("years/2021", key): 1 for key in ("veranstaltung", "politik", "publikation", "sonstiges")}
    )


# -- screenshots for the README and the authoring guide ----------------------------------------


@pytest.mark.skipif(not os.environ.get("KOK_SCREENSHOTS"), reason="only with make screenshots")
def test_take_the_readme_screenshots(browser: Any, archive_served: str) -> None:
    folder = Path(os.environ["KOK_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    url = f"{archive_served}/{ARCHIVE_YEAR}"
    desktop = open_page(browser, url, viewport={"width": 1280, "height": 900})
    desktop.evaluate("document.querySelector('.kok-legend').scrollIntoView({behavior: 'instant'})")
    desktop.screenshot(path=str(folder / "jahr-desktop.png"))
    phone = open_page(
        browser, f"{url}?kategorie=politik,publikation", viewport={"width": 360, "height": 740}, device_scale_factor=2
    )
    phone.evaluate("document.querySelector('#monat-2020-07').scrollIntoView({behavior: 'instant'})")
    phone.screenshot(path=str(folder / "jahr-telefon.png"))
    paper = open_page(browser, url, viewport={"width": 794, "height": 1123})
    paper.emulate_media(media="print")
    paper.locator("#monat-2020-03").screenshot(path=str(folder / "jahr-druck.png"))
    for page in (desktop, phone, paper):
        page.context.close()
