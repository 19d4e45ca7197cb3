"""The extension's own texts in the English edition (its ``kok`` catalogue) and short dates in
the edition's language; the German edition as before.

Built once by ``make html``'s runner on a copy of tests/roots/test-edition with a second year
that has what the first lacks: a span, separate days, persons, a link, an event without a
category and one without a valid date, an earlier name, and a category with ``label_en``."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po
from bs4 import Tag
from kok_archive import i18n
from kok_archive.config import DEFAULT_CATEGORIES, NO_CATEGORY
from kok_archive.core.dates import UNDATED_TITLE, format_long_day, format_short, parse_date
from kok_archive.publishing import online

from .helpers import EDITION_ARCHIVE, ROOT, article, make_editions, text_of

CATALOGUE = ROOT / "_ext" / "kok_archive" / "locale" / "en" / "LC_MESSAGES" / "kok.po"
SECOND_YEAR = """# Jahresrückblick 2022

:::{kok-event} Fachtag zu Zwangsarbeit
:date: 2022-12-05/06
:category: politik
:org: BAMF
:person: Erika Mustermann
:link: https://example.org/fachtag
:::

:::{kok-event} Zwei Publikationen
:date: 2022-01-22, 2022-01-28
:category: publikation
:org: KOK
:::

:::{kok-event} Ohne Einordnung
:date: 2022-02-01
:::

:::{kok-event} Ein Ereignis mit Tippfehler im Datum
:date: 2022-02-30
:category: sonstiges
:::
"""
# the page's address follows the earliest name; the present one's leads there
BAMF = "organisationen/bundesamt-fuer-die-anerkennung-auslaendischer-fluechtlinge.html"
BAMF_NOW = "organisationen/bundesamt-fuer-migration-und-fluechtlinge.html"
FORMER_NAME = """
[[organisation.frueher]]
name = "Bundesamt für die Anerkennung ausländischer Flüchtlinge"
bis = 2004-12-31
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("interface") / "source"
    shutil.copytree(EDITION_ARCHIVE, source)
    (source / "years" / "2022.md").write_text(SECOND_YEAR, encoding="utf-8")
    registry = source / "organisationen.toml"
    text = registry.read_text(encoding="utf-8").replace('kurz = "BAMF"\n', 'kurz = "BAMF"\n' + FORMER_NAME, 1)
    registry.write_text(text, encoding="utf-8")
    conf = source / "conf.py"
    own_label = '"label": "Sonstiges", "label_en": "Other activities",'
    conf.write_text(conf.read_text(encoding="utf-8").replace('"label": "Sonstiges",', own_label), encoding="utf-8")
    return make_editions(source, source.parent / "html")


def labels(page: Tag) -> list[str]:
    return [text_of(label) for label in page.select(".kok-event .kok-label")]


def dates(page: Tag) -> list[str]:
    return [text_of(when) for when in page.select(".kok-event .kok-date")]


def headings(page: Tag) -> list[str]:
    return [text_of(heading).rstrip("¶") for heading in page.select("h2")]


def categories(page: Tag) -> list[str]:
    return [text_of(label) for label in page.select(".kok-event-meta .kok-category")]


def test_english_year_page_labels_dates_categories_and_headings(site: Path) -> None:
    page = article(site / "en" / "years" / "2022.html")
    assert labels(page) == ["Organisations:", "Organisations:", "People:", "More information:"]
    assert dates(page) == ["22 and 28 Jan", "1 Feb", "5–6 Dec", "2022-02-30"]  # an unreadable date as written
    assert categories(page) == ["Publication", "No category", "Politics", "Other activities"]
    assert headings(page) == ["January 2022", "February 2022", "December 2022", "No valid date"]
    legend = page.select_one(".kok-legend-items")
    assert text_of(legend) == "Categories: Event Politics Publication Other activities"
    assert not page.select(".kok-event-meta [lang], .kok-label[lang], .kok-legend [lang]")
    downloads = text_of(page.select_one(".kok-downloads"))
    assert downloads.startswith("Data: JSON · CSV · iCalendar (all years) · iCalendar (")
    assert downloads.endswith("(1 event without a valid date is missing from the calendar)")
    chart = page.select_one(".kok-chart svg title")
    assert chart is not None
    assert chart.get_text().startswith("Events per month – ")
    table = [text_of(cell) for cell in page.select(".kok-chart-table thead th, .kok-chart-table thead td")]
    assert table[0] == "Month"
    assert table[-1] == "Total"


def test_english_dates_of_the_first_year(site: Path) -> None:
    page = article(site / "en" / "years" / "2021.html")
    assert dates(page) == ["12 Mar", "30 Jul", "2 Nov"]  # the month-only event has no day
    assert categories(page) == ["Event", "Other activities", "Politics", "Event"]


def test_german_year_page_unchanged(site: Path) -> None:
    page = article(site / "years" / "2022.html")
    assert labels(page) == ["Organisationen:", "Organisationen:", "Personen:", "Mehr dazu:"]
    assert dates(page) == ["22. und 28.1.", "1.2.", "5./6.12.", "2022-02-30"]
    assert categories(page) == ["Publikation", "Ohne Kategorie", "Politik", "Sonstiges"]
    assert headings(page) == ["Januar 2022", "Februar 2022", "Dezember 2022", "Ohne gültiges Datum"]
    assert text_of(page.select_one(".kok-legend-items")) == "Kategorien: Veranstaltung Politik Publikation Sonstiges"
    downloads = text_of(page.select_one(".kok-downloads"))
    assert downloads.startswith("Daten: JSON · CSV · iCalendar (alle Jahre)")
    assert downloads.endswith("(1 Ereignis ohne gültiges Datum fehlt im Kalender)")
    assert dates(article(site / "years" / "2021.html")) == ["12.3.", "30.7.", "2.11."]


def test_home_page_counts_and_calendar_note(site: Path) -> None:
    english, german = article(site / "en" / "index.html"), article(site / "index.html")
    assert re.search(r"– 4 events\b", text_of(english.select_one(".kok-years")))
    note = "(1 event without a day and 1 event without a valid date are missing from the calendar)"
    assert text_of(english.select_one(".kok-downloads")).endswith(note)
    assert re.search(r"– 4 Ereignisse\b", text_of(german.select_one(".kok-years")))
    note = "(1 Ereignis ohne Tag und 1 Ereignis ohne gültiges Datum fehlen im Kalender)"
    assert text_of(german.select_one(".kok-downloads")).endswith(note)


def test_organisation_pages_in_english(site: Path) -> None:
    page = article(site / "en" / BAMF)
    facts = [text_of(item) for item in page.select(".kok-org-facts li")]
    assert facts == [
        "Abbreviation: BAMF",
        "Former names: Bundesamt für die Anerkennung ausländischer Flüchtlinge until 31 December 2004",
        "In the archive: 4 events",
    ]
    back = text_of(page.select_one(".kok-org-back"))
    assert back == "The events involving this organisation, by year and month. All organisations from A to Z"
    assert "12 Mar" in dates_of_listing(page)
    assert "5–6 Dec" in dates_of_listing(page)
    assert "(Event)" in text_of(page)
    redirect = (site / "en" / BAMF_NOW).read_text(encoding="utf-8")
    assert "<p>This organisation's page is here: <a href=" in redirect
    assert "<p>Die Seite dieser Organisation steht hier: <a href=" in (site / BAMF_NOW).read_text(encoding="utf-8")
    index = text_of(article(site / "en" / "organisationen.html"))
    assert "Bundesamt für Migration und Flüchtlinge (BAMF) – 4 events · formerly: " in index
    assert "Bundesamt für die Anerkennung ausländischer Flüchtlinge → now: " in index


def test_organisation_pages_in_german_unchanged(site: Path) -> None:
    page = article(site / BAMF)
    facts = [text_of(item) for item in page.select(".kok-org-facts li")]
    assert facts == [
        "Abkürzung: BAMF",
        "Frühere Namen: Bundesamt für die Anerkennung ausländischer Flüchtlinge bis 31. Dezember 2004",
        "Im Archiv: 4 Ereignisse",
    ]
    assert "12.3." in dates_of_listing(page)
    assert "5./6.12." in dates_of_listing(page)
    assert "Bundesamt für die Anerkennung ausländischer Flüchtlinge → heute: " in text_of(
        article(site / "organisationen.html")
    )


def test_category_pages_in_english(site: Path) -> None:
    page = article(site / "en" / "kategorien" / "veranstaltung.html")
    assert text_of(page.select_one("h1")).rstrip("¶") == "Event"
    facts = [text_of(item) for item in page.select(".kok-category-facts li")]
    assert facts == ["Colour: Event", "In the archive: 3 events"]
    assert text_of(page.select_one(".kok-category-back")) == (
        "Events in the category Event, by year and month. All categories"
    )
    assert dates_of_listing(page) == ["4 May", "12 Mar", "2 Nov"]
    own = article(site / "en" / "kategorien" / "sonstiges.html")
    assert text_of(own.select_one("h1")).rstrip("¶") == "Other activities"
    index = article(site / "en" / "kategorien.html")
    summaries = [text_of(line) for line in index.select(".kok-category-summary")]
    assert "3 events – all events in the category Event by year and month" in summaries
    german = article(site / "kategorien" / "veranstaltung.html")
    facts = [text_of(item) for item in german.select(".kok-category-facts li")]
    assert facts == ["Farbe: Veranstaltung", "Im Archiv: 3 Ereignisse"]


def dates_of_listing(page: Tag) -> list[str]:
    return [text_of(when) for when in page.select(".kok-listing-events .kok-date")]


# -- without a build -------------------------------------------------------------------


def test_short_dates_follow_the_language() -> None:
    forms = {
        "2021-03-12": ("12.3.", "12 Mar"),
        "2021-12-05/06": ("5./6.12.", "5–6 Dec"),
        "2021-11-30/12-02": ("30.11./2.12.", "30 Nov\u2009–\u20092 Dec"),
        "2021-01-22, 2021-01-28": ("22. und 28.1.", "22 and 28 Jan"),
        "2021-02-03, 2021-02-05, 2021-02-07": ("3., 5. und 7.2.", "3, 5 and 7 Feb"),
        "2021-01-30, 2021-02-02": ("30.1. und 2.2.", "30 Jan and 2 Feb"),
        "2021-05": ("", ""),
    }
    for written, (german, english) in forms.items():
        value = parse_date(written)
        assert (format_short(value), format_short(value, "de"), format_short(value, "en")) == (german, german, english)
    assert format_long_day(date(2021, 12, 7), "de") == "7. Dezember 2021"
    assert format_long_day(date(2021, 12, 7), "en") == "7 December 2021"


def code_messages() -> set[str | tuple[str, str]]:
    """Every text the extension passes to ``_()`` or ``ngettext()``, literal or by a constant."""
    found: set[str | tuple[str, str]] = {NO_CATEGORY, UNDATED_TITLE, "Organisationen", "Kategorien"}
    found |= {spec["label"] for spec in DEFAULT_CATEGORIES.values()}
    for path in (ROOT / "_ext" / "kok_archive").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if not re.search(r"from \.+i18n import", text):  # interface.py: the theme's texts, in the project's sphinx.po
            continue
        found |= {a or b for a, b in re.findall(r"\b_\((?:\"([^\"]+)\"|'([^']+)')\)", text)}
        found |= set(re.findall(r'\bngettext\(\s*"([^"]+)",\s*"([^"]+)"', text))
    return found


def test_every_text_for_readers_has_its_translation() -> None:
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    translations = {message.id: message.string for message in catalogue if message.id}
    messages = code_messages()
    assert len(messages) > 50  # the scan finds the calls
    for message in messages:
        assert message in translations, message
        english = translations[message]
        forms = english if isinstance(english, tuple) else (english,)
        assert all(forms), message
        german = message if isinstance(message, tuple) else (message,)
        for form in forms:  # a translation keeps the placeholders, or format() fails while building
            assert set(re.findall(r"{\w+}", form)) == set(re.findall(r"{\w+}", german[-1])), message


@pytest.fixture
def english_catalogue() -> Iterator[None]:
    i18n.load_catalogue(None, SimpleNamespace(language="en"))
    yield
    i18n.load_catalogue(None, SimpleNamespace(language="de"))


def test_not_found_page_in_the_edition_language(english_catalogue: None) -> None:
    config = SimpleNamespace(notfound_urls_prefix="/kok/en/", project="KOK-Archiv")
    builder = SimpleNamespace(name="html", get_target_uri=lambda page: f"{page}.html")
    online.german_404_page(SimpleNamespace(builder=builder, config=config))
    assert config.notfound_context["title"] == "Page not found"
    assert config.notfound_context["body"] == (
        "<h1>Page not found</h1>\n<p>There is no page at this address in the KOK-Archiv. Carry on from the "
        '<a href="/kok/en/">home page</a> or with the <a href="/kok/en/search.html">search</a>.</p>'
    )


def test_not_found_page_in_german_as_before() -> None:
    i18n.load_catalogue(None, SimpleNamespace(language="de"))
    config = SimpleNamespace(notfound_urls_prefix="/kok/", project="KOK-Archiv")
    builder = SimpleNamespace(name="html", get_target_uri=lambda page: f"{page}.html")
    online.german_404_page(SimpleNamespace(builder=builder, config=config))
    assert config.notfound_context == {
        "title": "Seite nicht gefunden",
        "body": "<h1>Seite nicht gefunden</h1>\n<p>Unter dieser Adresse gibt es keine Seite im KOK-Archiv. "
        'Weiter geht es auf der <a href="/kok/">Startseite</a> oder mit der <a href="/kok/search.html">Suche</a>.</p>',
    }
