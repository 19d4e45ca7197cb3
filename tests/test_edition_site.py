"""The real site's English edition, for any content staff may add (the archive as it is, and with a generated
year that has no translation): what the German edition guarantees holds in English. Invariants only; fixed
expectations are in test_edition.py on tests/roots/test-edition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .helpers import ROOT, article, build_html, sampled_year_pages, serve, site_events, year_pages


@pytest.fixture(scope="module")
def english(site_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_html(site_source, tmp_path_factory.mktemp("site-en"), "-D", "language=en", "-D", "kok_pdf=0")


def test_every_event_is_once_on_its_english_year_page(site: Path, english: Path) -> None:
    for page in year_pages(site):
        german = [str(div["id"]) for div in article(site / page).select("div.kok-event")]
        shown = [str(div["id"]) for div in article(english / page).select("div.kok-event")]
        assert shown == german, page  # same anchors, same order, each once
        exported = [event["id"] for event in site_events(english, page)]
        assert sorted(exported) == sorted(german), page


def test_every_english_page_is_english_or_says_it_is_german(english: Path) -> None:
    for page in year_pages(english):
        soup = BeautifulSoup((english / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.html is not None
        assert soup.html.get("lang") == "en"
        events = {event["id"]: event for event in site_events(english, page)}
        for div in article(english / page).select("div.kok-event"):
            title = div.select_one(".kok-event-title")
            assert title is not None
            record = events[str(div["id"])]
            # a German title is marked, and the record says so; an English one is not
            if title.get("lang") == "de":
                assert record["language"] == "de", (page, div["id"])
            assert title.get_text(" ", strip=True) == record["title"], (page, div["id"])


def test_the_editions_link_each_other(site: Path, english: Path) -> None:
    for page in ["index.html", "organisationen.html", "kategorien.html", *year_pages(site)]:
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        link = soup.find("link", rel="alternate", hreflang="en")
        assert link is not None, page
        assert str(link["href"]).endswith(f"en/{page}"), page
        soup = BeautifulSoup((english / page).read_text(encoding="utf-8"), "html.parser")
        link = soup.find("link", rel="alternate", hreflang="de")
        assert link is not None, page


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


@pytest.fixture(scope="module")
def english_served(english: Path) -> Iterator[str]:
    yield from serve(english)


def test_axe_core_finds_no_violation_in_the_english_edition(browser: Any, english: Path, english_served: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    organisation = sorted((english / "organisationen").glob("*.html"))[0].relative_to(english).as_posix()
    # a fixed sample: the oldest and the newest year (the HTML of every year is checked above)
    pages = ["index.html", "organisationen.html", "kategorien.html", organisation, *sampled_year_pages(english)]
    problems = {}
    for path in [*pages, "search.html?q=trafficking"]:
        page = browser.new_context().new_page()
        page.goto(f"{english_served}/{path}")
        page.wait_for_load_state("load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(f"axe.run(document, {WCAG})")
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if found:
            problems[path] = found
        page.context.close()
    assert problems == {}
