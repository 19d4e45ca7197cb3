"""What an author reads and what a reader sees in small things (tests/roots/test-messages):
a misspelt option and a two-digit year each get one warning with the correction, the year
chart tells two Decembers apart, and an event without a day keeps the date column of a listing.
One build, shared by every test."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from kok_archive.reading.directives import OPTIONS, meant_option
from kok_check.invariants import check_exports
from kok_check.site import Site
from sphinx.testing.util import SphinxTestApp

from .helpers import article, line_of, text_of, warnings_of

ORG_PAGE = "organisationen/bundesweiter-koordinierungskreis-gegen-menschenhandel-e-v.html"


@pytest.fixture(scope="module")
def built(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    srcdir = tmp_path_factory.mktemp("messages") / "test-messages"
    shutil.copytree(rootdir / "test-messages", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(), freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


# (text on the warned line, subtype, the whole message)
EXPECTED = [
    (
        ":catgory: politik",
        "option",
        "Unbekannte Angabe :catgory: (Wert »politik«); gemeint ist wohl :category:. Bitte in :category: ändern; "
        "bis dahin erscheint das Ereignis als »Ohne Kategorie«.",
    ),
    (
        ":datum: 2022-04-05",
        "option",
        "Unbekannte Angabe :datum: (Wert »2022-04-05«); gemeint ist wohl :date:. Bitte in :date: ändern; "
        "bis dahin steht das Ereignis unter »Ohne gültiges Datum«.",
    ),
    (
        ":date: 19.12.22",
        "date",
        "»19.12.22« hat eine zweistellige Jahreszahl; gemeint ist wohl »19.12.2022«. "
        "Das Ereignis steht unter »Ohne gültiges Datum«.",
    ),
    (  # the page reviews 2022, from December 2021 on
        ":date: 19.12.21",
        "date",
        "»19.12.21« hat eine zweistellige Jahreszahl; gemeint ist wohl »19.12.2021«. "
        "Das Ereignis steht unter »Ohne gültiges Datum«.",
    ),
    (
        ":date: 5.-6.3.22",
        "date",
        "»5.-6.3.22« hat eine zweistellige Jahreszahl; gemeint ist wohl »5.-6.3.2022«. "
        "Das Ereignis steht unter »Ohne gültiges Datum«.",
    ),
]


def test_a_misspelt_option_or_a_two_digit_year_gets_one_warning_with_the_correction(built: SphinxTestApp) -> None:
    page = built.srcdir / "years" / "2022.md"
    expected = [
        f"{page}:{line_of(page, needle)}: WARNING: {message} [kok.{subtype}]" for needle, subtype, message in EXPECTED
    ]
    # nothing else: neither "hat keine :category:" nor "hat kein :date:" a second time, at the event's line
    assert warnings_of(built) == expected


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("catgory", "category"),
        ("categroy", "category"),
        ("Category", "category"),
        ("kategorie", "category"),  # the German word
        ("Datum", "date"),
        ("dates", "date"),
        ("orga", "org"),
        ("organisation", "org"),
        ("personen", "person"),
        ("links", "link"),
        ("ort", None),  # a place, no typo of :org:
        ("titel", None),
        ("bemerkung", None),
    ],
)
def test_the_meant_option_is_the_closest_allowed_one(written: str, meant: str | None) -> None:
    assert meant_option(written, list(OPTIONS)) == meant


def test_an_option_already_written_is_never_the_meant_one() -> None:
    assert meant_option("datum", ["category", "org"]) is None
    assert meant_option("catgory", ["date"]) is None


def test_the_misspelt_value_is_not_used_under_the_wrong_name(built: SphinxTestApp) -> None:
    page = article(built.outdir / "years" / "2022.html")
    misspelt = page.find(id="kok-2022-03-01-kategorie-vertippt")
    assert text_of(misspelt.find(class_="kok-category")) == "Ohne Kategorie"
    undated = page.find(id="ohne-gueltiges-datum")
    titles = [text_of(title) for title in undated.find_all(class_="kok-event-title")]
    assert titles == [
        "Datum auf Deutsch",
        "Zweistelliges Jahr",
        "Zweistelliges Jahr im Vorjahr",
        "Zwei Tage mit zweistelligem Jahr",
    ]


def test_the_year_chart_labels_two_decembers_with_their_years(built: SphinxTestApp) -> None:
    chart = article(built.outdir / "years" / "2022.html").find(class_="kok-chart")
    labels = [text_of(label) for label in chart.find_all("text", attrs={"text-anchor": "middle"})]
    assert labels == [
        "Dez. 21",
        "Jan.",
        "Feb.",
        "März",
        "Apr.",
        "Mai",
        "Juni",
        "Juli",
        "Aug.",
        "Sept.",
        "Okt.",
        "Nov.",
        "Dez. 22",
    ]
    description = chart.find("desc").get_text()  # names every month in full, with its year
    assert description.startswith("Dezember 2021: 1 Ereignis (Politik 1); Januar 2022: 0 Ereignisse;")
    assert description.endswith("; Dezember 2022: 1 Ereignis (Publikation 1).")
    rows = [text_of(row.find("td")) for row in chart.find("tbody").find_all("tr")]
    assert (rows[0], rows[-1]) == ("Dezember 2021", "Dezember 2022")


@pytest.mark.parametrize("page", ["kategorien/politik.html", ORG_PAGE])
def test_an_event_without_a_day_keeps_the_date_column_of_a_listing(built: SphinxTestApp, page: str) -> None:
    """Every row starts with its date column (kok.css gives it a minimum width), an empty one for a
    month without a day, so that all titles line up."""
    rows = article(built.outdir / page).select("ul.kok-listing-events li > p")
    firsts = {text_of(row.find("a")): row.find(recursive=False) for row in rows}
    assert all("kok-date" in first["class"] for first in firsts.values()), firsts
    month_only = firsts["Nur der Monat"]
    assert (month_only.name, month_only["class"], month_only.get_text()) == ("span", ["kok-date", "kok-no-day"], "")
    assert firsts["Ein Tag im Juni"].name == "time"
    css = (built.outdir / "_static" / "kok.css").read_text(encoding="utf-8")
    assert ".kok-listing-events .kok-date { display: inline-block; min-width: 4.5em; }" in css


@pytest.mark.parametrize("page", ["kategorien/politik.html", ORG_PAGE])
def test_in_a_browser_every_title_of_a_listing_starts_at_the_same_place(
    built: SphinxTestApp, browser, page: str
) -> None:
    tab = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        tab.goto((built.outdir / page).as_uri())
        starts = tab.eval_on_selector_all(
            "ul.kok-listing-events li a", "links => links.map(a => a.getClientRects()[0].left)"
        )
    finally:
        tab.close()
    assert len(starts) >= 3
    assert max(starts) - min(starts) < 0.5, starts


def test_an_event_without_a_valid_date_is_named_as_such_and_make_checks_data_check_stays_green(
    built: SphinxTestApp,
) -> None:
    """Staff's trial: „19.12.22“ also made make check ask to report a bug (schema.org holds only
    dated events), and the calendar note counted it among the events „ohne Tag“."""
    out = Path(built.outdir)
    downloads = article(out / "years" / "2022.html").find(class_="kok-downloads")
    events = json.loads((out / "kok-events.json").read_text("utf-8"))["events"]
    undated = sum(1 for e in events if not e["dates"]["start"])
    month_only = sum(1 for e in events if e["dates"]["kind"] == "month")
    assert (month_only, undated) == (1, 4)  # :date: 2022-06; two-digit years, misspelt :date:
    assert "(1 Ereignis ohne Tag und 4 Ereignisse ohne gültiges Datum fehlen im Kalender)" in text_of(downloads)
    assert check_exports(Site(out)) == []
