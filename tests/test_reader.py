"""The reader's archive in a real browser (Debian's Chromium through Playwright):
the category filter, phones, print, accessibility (axe-core), privacy, and the chart."""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, article

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "years/2020.html", "organisationen.html", "kategorien.html", "search.html?q=Menschenhandel"]
YEAR = "years/2020.html"


def events_by_category(site: Path) -> Counter[str]:
    data = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))
    return Counter(event["category"]["key"] for event in data["events"])


def open_page(browser: Any, url: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def visible_categories(page: Any) -> Counter[str]:
    keys = page.eval_on_selector_all(
        ".kok-month > .kok-event",
        "events => events.filter(e => e.offsetParent !== null)"
        ".map(e => [...e.classList].find(c => c.startsWith('kok-category-')).slice(13))",
    )
    return Counter(keys)


# -- the category filter ------------------------------------------------------------


def test_without_javascript_every_event_is_shown(browser: Any, served: str, site: Path) -> None:
    page = open_page(browser, f"{served}/{YEAR}?kategorie=politik", java_script_enabled=False)
    assert visible_categories(page) == events_by_category(site)
    assert page.locator(".kok-filter").count() == 0
    page.context.close()


def test_the_filter_works_with_the_keyboard_and_keeps_its_state_in_the_address(
    browser: Any, served: str, site: Path
) -> None:
    page = open_page(browser, f"{served}/{YEAR}")
    everything = events_by_category(site)
    assert visible_categories(page) == everything
    politik = page.locator(".kok-filter button.kok-category-politik")
    assert politik.get_attribute("aria-pressed") == "true"
    politik.focus()
    page.keyboard.press("Space")
    assert politik.get_attribute("aria-pressed") == "false"
    assert visible_categories(page) == everything - Counter({"politik": everything["politik"]})
    assert "kategorie=veranstaltung%2Cpublikation%2Csonstiges" in page.url
    status = page.locator(".kok-filter-status")
    assert status.get_attribute("role") == "status"  # announced to screen readers
    assert status.inner_text() == f"{sum(everything.values()) - everything['politik']} von 70 Ereignissen sichtbar"
    page.keyboard.press("Enter")
    assert visible_categories(page) == everything
    assert "kategorie" not in page.url
    page.context.close()


def test_a_shared_address_shows_the_filtered_view(browser: Any, served: str, site: Path) -> None:
    page = open_page(browser, f"{served}/{YEAR}?kategorie=politik,publikation")
    everything = events_by_category(site)
    assert visible_categories(page) == Counter({key: everything[key] for key in ("politik", "publikation")})
    data = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))
    with_wanted = {e["month"] for e in data["events"] if e["category"]["key"] in ("politik", "publikation")}
    all_months = {e["month"] for e in data["events"]}
    hidden = page.eval_on_selector_all(".kok-month[hidden]", "sections => sections.map(s => s.id)")
    assert sorted(hidden) == sorted(f"monat-{month}" for month in all_months - with_wanted)  # months left empty
    assert hidden  # February and November 2020 have neither
    page.context.close()


# -- phones and print -------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_a_360_pixel_phone_never_scrolls_sideways(browser: Any, served: str, path: str) -> None:
    page = open_page(browser, f"{served}/{path}", viewport={"width": 360, "height": 740})
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide"
    page.context.close()


def test_the_year_prints_as_a_clean_review(browser: Any, served: str, tmp_path: Path) -> None:
    page = open_page(browser, f"{served}/{YEAR}")
    page.emulate_media(media="print")
    display = page.eval_on_selector_all(
        ".sidebar-drawer, .toc-drawer, .kok-filter", "elements => elements.map(e => getComputedStyle(e).display)"
    )
    assert set(display) == {"none"}
    breaks = page.eval_on_selector_all(".kok-month", "s => s.map(x => getComputedStyle(x).breakBefore)")
    assert breaks == ["page"] * 12
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 13  # the foreword, then a page per month
    page.context.close()


# -- accessibility and privacy ------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_no_wcag_2_1_aa_violation(browser: Any, served: str, path: str, scheme: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    page = open_page(browser, f"{served}/{path}", color_scheme=scheme)  # the theme follows the reader's choice
    page.wait_for_timeout(500)  # the search page fills in its results
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_headings_never_skip_a_level(browser: Any, served: str, path: str) -> None:
    page = open_page(browser, f"{served}/{path}")
    levels = page.eval_on_selector_all(
        "[role=main] h1, [role=main] h2, [role=main] h3, [role=main] h4, [role=main] h5, [role=main] h6",
        "hs => hs.map(h => Number(h.tagName[1]))",
    )
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), levels
    page.context.close()


@pytest.mark.parametrize("path", [*PAGES, "kok-events.json"])
def test_no_page_requests_anything_from_another_host(browser: Any, served: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{served}/{path}")
    page.wait_for_load_state("networkidle")
    outside = [url for url in requests if not url.startswith(served) and not url.startswith(("data:", "blob:"))]
    assert requests
    assert outside == []
    context.close()


# -- the year at a glance ------------------------------------------------------------------


def test_the_charts_count_what_the_data_holds(site: Path) -> None:
    data = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))
    by_month = Counter((event["month"], event["category"]["key"]) for event in data["events"])
    html = (site / YEAR).read_text(encoding="utf-8")
    bars = Counter(
        {
            (month, category): int(count)
            for month, category, count in re.findall(
                r'data-bar="(\d{4}-\d{2})" data-category="(\w+)" data-count="(\d+)"', html
            )
        }
    )
    assert bars == by_month
    chart = article(site / YEAR).find(class_="kok-chart")
    assert chart.find("svg")["role"] == "img"
    description = chart.find("desc").get_text()
    assert description.startswith("Dezember 2019: 4 Ereignisse (Veranstaltung 3, Publikation 1); Januar 2020: 6")
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["td", "th"])] for row in chart.find_all("tr")]
    assert rows[0] == ["Monat", "Veranstaltung", "Politik", "Publikation", "Sonstiges", "Summe"]
    assert len(rows) == 13
    assert sum(int(row[-1]) for row in rows[1:]) == 70
    home = (site / "index.html").read_text(encoding="utf-8")
    totals = Counter(
        {
            category: int(count)
            for category, count in re.findall(r'data-bar="years/2020" data-category="(\w+)" data-count="(\d+)"', home)
        }
    )
    assert totals == events_by_category(site)


# -- screenshots for the README and the authoring guide ----------------------------------------


@pytest.mark.skipif(not os.environ.get("KOK_SCREENSHOTS"), reason="only with make screenshots")
def test_take_the_readme_screenshots(browser: Any, served: str) -> None:
    folder = Path(os.environ["KOK_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    desktop = open_page(browser, f"{served}/{YEAR}", viewport={"width": 1280, "height": 900})
    desktop.evaluate("document.querySelector('.kok-legend').scrollIntoView({behavior: 'instant'})")
    desktop.screenshot(path=str(folder / "jahr-desktop.png"))
    phone = open_page(
        browser,
        f"{served}/{YEAR}?kategorie=politik,publikation",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
    )
    phone.evaluate("document.querySelector('#monat-2020-07').scrollIntoView({behavior: 'instant'})")
    phone.screenshot(path=str(folder / "jahr-telefon.png"))
    printed = open_page(browser, f"{served}/{YEAR}", viewport={"width": 794, "height": 1123})
    printed.emulate_media(media="print")
    printed.locator("#monat-2020-03").screenshot(path=str(folder / "jahr-druck.png"))
    for page in (desktop, phone, printed):
        page.context.close()
