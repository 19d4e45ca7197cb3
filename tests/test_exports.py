"""The events as data: JSON, CSV, iCalendar and JSON-LD, pure and on the real site."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from kok_archive.core import exports
from kok_archive.core.dates import parse_date
from kok_archive.core.model import Event
from kok_archive.core.organisations import Registry

from .helpers import article, build_html

REGISTRY = Registry.from_entries([{"name": "Bundesamt für Migration und Flüchtlinge", "kurz": "BAMF"}])
LABELS = {"politik": "Politik", "sonstiges": "Sonstiges"}


def event(n: int, when: str, title: str = "Titel", **fields: object) -> Event:
    readable = when != "kaputt"  # an author's unreadable date: the record keeps only the text
    return Event(
        docname="years/2020",
        lineno=n,
        anchor=f"e{n}",
        title=title,
        date=parse_date(when) if readable else None,
        raw_date=when,
        category="politik",
        order=n,
        **fields,
    )


def rows(*events: Event) -> list[exports.Row]:
    return exports.rows(events, REGISTRY, LABELS, lambda e: f"years/2020.html#{e.anchor}", lambda m: f"Monat {m[1]}")


def test_rows_carry_iso_dates_canonical_organisations_and_urls() -> None:
    span, days, month = rows(
        event(1, "2020-01-16/18", orgs=("BAMF", "Bundesamt für Migration und Flüchtlinge", "Andere")),
        event(2, "22. und 28.1.2020"),
        event(3, "2020-02"),
    )
    assert (span.start, span.end, span.days) == ("2020-01-16", "2020-01-18", ("2020-01-16", "2020-01-17", "2020-01-18"))
    assert span.organisations == ("Bundesamt für Migration und Flüchtlinge", "Andere")  # once, canonical
    assert (days.kind, days.days, days.date_text) == ("days", ("2020-01-22", "2020-01-28"), "22. und 28.1.2020")
    assert (month.kind, month.days, month.month, month.date_text) == ("month", (), "2020-02", "Monat 2")
    assert span.url == "years/2020.html#e1"


def test_json_follows_the_documented_schema_and_is_deterministic() -> None:
    exported = rows(event(1, "2020-01-16/17", details="Mit »Zitat«"), event(2, "kaputt"))
    text = exports.to_json(exported)
    assert text == exports.to_json(rows(event(1, "2020-01-16/17", details="Mit »Zitat«"), event(2, "kaputt")))
    data = json.loads(text)
    assert data["schema"] == 1
    first = data["events"][0]
    assert list(first) == [
        "id",
        "title",
        "dates",
        "month",
        "year",
        "category",
        "organisations",
        "persons",
        "details",
        "link",
        "url",
    ]
    assert first["dates"] == {
        "text": "16./17.1.2020",
        "kind": "span",
        "start": "2020-01-16",
        "end": "2020-01-17",
        "days": ["2020-01-16", "2020-01-17"],
    }
    assert first["category"] == {"key": "politik", "label": "Politik"}
    assert data["events"][1]["dates"] == {"text": "kaputt", "kind": "", "start": "", "end": "", "days": []}


def test_csv_for_german_spreadsheets_neutralises_formulas() -> None:
    text = exports.to_csv(
        rows(
            event(
                1, "2020-01-17", title='=HYPERLINK("x")', details="@SUM(1)", persons=("-Eins", "+Zwei"), orgs=("BAMF",)
            )
        )
    )
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, row = table
    assert header[:4] == ["id", "titel", "datum", "art"]
    values = dict(zip(header, row, strict=True))
    assert values["titel"] == '\'=HYPERLINK("x")'
    assert values["details"] == "'@SUM(1)"
    assert values["personen"] == "'-Eins; +Zwei"  # the cell starts with "-": neutralised as a whole
    assert values["organisationen"] == "Bundesamt für Migration und Flüchtlinge"
    assert values["art"] == "Tag"
    assert text.endswith("\r\n")


def test_icalendar_all_day_events_with_exclusive_end_and_separate_days() -> None:
    calendar = icalendar.Calendar.from_ical(
        exports.to_ics(
            rows(event(1, "2020-01-16/17"), event(2, "22. und 28.1.2020"), event(3, "2020-05")),
            "Test",
            exports.Entries(None, "https://example.org/"),
        )
    )
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [  # no month-only; separate days by their date
        "e1@kok-archiv",
        "e2-2020-01-22@kok-archiv",
        "e2-2020-01-28@kok-archiv",
    ]
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        (date(2020, 1, 16), date(2020, 1, 18)),  # DTEND is the day after the last
        (date(2020, 1, 22), date(2020, 1, 23)),
        (date(2020, 1, 28), date(2020, 1, 29)),
    ]
    assert str(events[0]["url"]) == "https://example.org/years/2020.html#e1"
    assert events[0].decoded("dtstamp").date() == date(2020, 1, 16)  # reproducible without SOURCE_DATE_EPOCH
    stamped = icalendar.Calendar.from_ical(
        exports.to_ics(rows(event(1, "2020-01-16")), "Test", exports.Entries("86400", ""))
    )
    assert stamped.walk("VEVENT")[0].decoded("dtstamp").date() == date(1970, 1, 2)


def test_jsonld_cannot_close_its_script_element() -> None:
    text = exports.to_jsonld(
        rows(event(1, "2020-01-17", title="</script><script>alert(1)</script>", orgs=("BAMF",)), event(2, "2020-05")),
        "",
    )
    assert "<" not in text
    assert ">" not in text
    data = json.loads(text)
    first, month = data["@graph"]
    assert first["name"] == "</script><script>alert(1)</script>"
    assert first["url"] == "#e1"  # without html_baseurl: this page's anchor
    assert first["organizer"] == [{"@type": "Organization", "name": "Bundesamt für Migration und Flüchtlinge"}]
    assert (month["startDate"], month["endDate"]) == ("2020-05", "2020-05")


# -- the real site --------------------------------------------------------------


def page_events(site: Path) -> dict[str, str]:
    """Anchor -> title of every event on the built year pages."""
    found = {}
    for page in (site / "years").glob("*.html"):
        for div in article(page).find_all("div", class_="kok-event"):
            found[str(div["id"])] = " ".join(div.find(class_="kok-event-title").get_text().split())
    return found


def test_json_and_csv_hold_every_event_of_the_site(site: Path) -> None:
    shown = page_events(site)
    data = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))
    assert {e["id"]: e["title"] for e in data["events"]} == shown
    for item in data["events"]:
        page, anchor = item["url"].split("#")
        assert anchor == item["id"]
        assert (site / page).exists()
    raw = (site / "kok-events.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert {row["id"]: row["titel"] for row in table} == shown


def test_calendars_hold_every_dated_day_and_say_what_they_leave_out(site: Path) -> None:
    data = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))
    pages: dict[str, list[dict[str, Any]]] = {}
    for item in data["events"]:
        pages.setdefault(item["url"].split("#")[0], []).append(item)
    assert pages
    for name, items in [("kok-events.ics", data["events"]), *((calendar_name(p), i) for p, i in pages.items())]:
        expected = []
        for item in items:
            dates = item["dates"]
            if dates["kind"] == "days":
                expected += [(item["title"], day, day) for day in dates["days"]]
            elif dates["kind"] in ("day", "span"):
                expected.append((item["title"], dates["start"], dates["end"]))
        calendar = icalendar.Calendar.from_ical((site / name).read_bytes())
        got = [
            (str(e["summary"]), e.decoded("dtstart").isoformat(), (e.decoded("dtend") - timedelta(days=1)).isoformat())
            for e in calendar.walk("VEVENT")
        ]
        assert sorted(got) == sorted(expected), name
        assert {e.decoded("dtstamp").timestamp() for e in calendar.walk("VEVENT")} == {1600000000}
        uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids))
    for page, items in pages.items():  # each year page links the data and its own calendar
        links = article(site / page).find(class_="kok-downloads")
        assert [a["href"] for a in links.find_all("a")] == [
            "../kok-events.json",
            "../kok-events.csv",
            "../kok-events.ics",
            f"../{calendar_name(page)}",
        ]
        without_day = sum(1 for item in items if item["dates"]["kind"] == "month")
        assert all(item["dates"]["kind"] for item in items)  # a strict build: every date valid
        noun = "1 Ereignis ohne Tag fehlt" if without_day == 1 else f"{without_day} Ereignisse ohne Tag fehlen"
        assert (f"({noun} im Kalender)" in links.get_text()) == (without_day > 0), page
    home = article(site / "index.html").find(class_="kok-downloads")
    assert [a["href"] for a in home.find_all("a")] == ["kok-events.json", "kok-events.csv", "kok-events.ics"]


def calendar_name(page: str) -> str:
    """``kok-events-2020.ics`` for ``years/2020.html``."""
    return f"kok-events-{page.removesuffix('.html').rsplit('/', 1)[-1]}.ics"


def test_each_year_page_carries_its_events_as_schema_org(site: Path) -> None:
    data = json.loads((site / "kok-events.json").read_text(encoding="utf-8"))
    pages = sorted({item["url"].split("#")[0] for item in data["events"]})
    assert pages
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(scripts) == 1
        graph = json.loads(scripts[0])["@graph"]
        own = [item for item in data["events"] if item["url"].startswith(f"{page}#")]
        assert sorted(item["name"] for item in graph) == sorted(item["title"] for item in own)
        anchor = {item["url"].split("#")[1]: item for item in graph}  # the page's own anchors
        assert sorted(anchor) == sorted(event["id"] for event in own)
        for event in own:
            item = anchor[event["id"]]
            if event["dates"]["kind"] in ("day", "span"):
                assert (item["startDate"], item["endDate"]) == (event["dates"]["start"], event["dates"]["end"])
    assert "application/ld+json" not in (site / "index.html").read_text(encoding="utf-8")


def test_exports_are_deterministic_and_never_written_into_the_sources(
    site: Path, site_source: Path, tmp_path: Path
) -> None:
    again = build_html(site_source, tmp_path / "again")  # a second build of the same sources
    names = ["kok-events.json", "kok-events.csv", "kok-events.ics"]
    names += [path.name for path in site.glob("kok-events-*.ics")]
    search = sorted(path.relative_to(site).as_posix() for path in site.glob("_static/kok-suche/*.js"))
    assert search == sorted(path.relative_to(again).as_posix() for path in again.glob("_static/kok-suche/*.js"))
    names += search
    assert len(names) > 4
    for name in names:
        assert (again / name).read_bytes() == (site / name).read_bytes(), name
    assert not list(site_source.glob("kok-events*"))
    assert not list((site_source / "years").glob("kok-events*"))


def test_calendar_entries_read_back_as_written_whatever_the_text() -> None:
    """Escapes, dates and folding (at most 75 octets a line) of any text: icalendar reads back
    what the archive wrote, and the cached entries make the same calendar as fresh ones."""
    texts = [
        "a" * 75,
        "ä" * 80,
        "x" * 64 + "\\;" * 40,
        "x" * 63 + "^" * 10 + "\\n",  # (a written "\\N" icalendar takes for a line break, as RFC 5545 does)
        "Berater*innen, Kolleg*innen; \\ Zeile zwei drei " * 5,
        "😀" * 40 + "e\u0301" * 30,
    ]
    texts += ["".join(chr(33 + (n * 7919 + i * 104729) % 0x2FF) for i in range(1 + n * 13 % 300)) for n in range(60)]
    dates = ["2020-01-16", "2020-01-16/18", "22. und 28.1.2020"]
    exported = []
    for number, text in enumerate(texts):
        orgs = ("BAMF", text[:40].strip() or "X") if number % 3 else ()
        (row,) = rows(event(number, dates[number % 3], title=text, details=text[::-1], orgs=orgs))
        exported.append(replace(row, category_label=text[:30]))
    for epoch, base in ((None, ""), ("1700000000", "https://archiv.example.org/kok/")):
        fresh = exports.Entries(epoch, base)
        written = exports.to_ics(exported, "Kalender; mit, Zeichen", fresh)
        assert all(len(line) <= 75 for line in written.split(b"\r\n")), "folded at 75 octets"
        assert exports.to_ics(exported, "Kalender; mit, Zeichen", exports.Entries(epoch, base, fresh.used)) == written
        calendar = icalendar.Calendar.from_ical(written)
        assert str(calendar["x-wr-calname"]) == "Kalender; mit, Zeichen"
        read: dict[str, list[Any]] = {}
        for entry in calendar.walk("VEVENT"):
            read.setdefault(str(entry["uid"]).split("@")[0].split("-2020")[0], []).append(entry)
        for row in exported:
            entries = read[row.id]
            assert {str(entry["summary"]) for entry in entries} == {row.title}
            firsts = [entry.decoded("dtstart").isoformat() for entry in entries]
            assert firsts == ([row.start] if row.kind != "days" else list(row.days))
            if row.organisations:
                assert str(entries[0]["description"]).endswith(f"Organisationen: {'; '.join(row.organisations)}")


def test_json_and_csv_made_of_cached_parts_equal_the_whole_written_at_once() -> None:
    """Each event's part is kept between builds; joined, they are exactly the documents."""
    exported = rows(
        event(1, "2020-01-16/17", title='Erster "Titel"\nmit Zeile', details="=SUMME(A1); Mit »Zitat«"),
        event(2, "kaputt", orgs=("BAMF", "Andere")),
        event(3, "2020-02", persons=("Eine Person", "Zweite; Person")),
    )
    base = "https://archiv.example.org/kok/"
    whole = {"schema": exports.SCHEMA_VERSION, "events": [exports.json_event(row, base) for row in exported]}
    entries = exports.Entries(None, base)
    assert exports.to_json(exported, base, entries) == json.dumps(whole, ensure_ascii=False, indent=1) + "\n"
    assert exports.to_json([], base) == json.dumps({"schema": 1, "events": []}, ensure_ascii=False, indent=1) + "\n"
    again = exports.Entries(None, base, entries.used)
    assert exports.to_json(exported, base, again) == exports.to_json(exported, base)
    assert exports.to_csv(exported, base, again) == exports.to_csv(exported, base)
    parsed = list(csv.reader(io.StringIO(exports.to_csv(exported, base, again)), delimiter=";"))
    assert [line[0] for line in parsed] == ["id", "e1", "e3", "e2"]  # undated last
    assert parsed[1][exports.CSV_COLUMNS.index(("details", "details"))] == "'=SUMME(A1); Mit »Zitat«"


def test_rows_are_joined_with_their_events_by_key_not_by_order() -> None:
    """The search index reads the names as written from each row's event (``with_events``): rows in
    date order, the domain's events in page order; a pair always shares page and anchor."""
    events = [
        event(1, "2020-03-01", orgs=("BAMF",)),
        event(2, "2020-01-01", orgs=("Bundesamt für Migration und Flüchtlinge",)),
        replace(event(1, "2020-02-01", orgs=("Andere",)), docname="years/2021"),  # the same anchor elsewhere
        event(3, "kaputt"),
    ]
    exported = rows(*events)
    assert [row.id for row in exported] == ["e2", "e1", "e1", "e3"]  # not the events' order
    pairs = exports.with_events(exported, events)
    assert [row for row, _ in pairs] == exported
    assert all(row.key == found.key == (found.docname, found.anchor) for row, found in pairs)
    assert [found.orgs for _, found in pairs] == [
        ("Bundesamt für Migration und Flüchtlinge",),
        ("Andere",),
        ("BAMF",),
        (),
    ]
    assert exports.with_events(list(reversed(exported)), events) == list(reversed(pairs))
    with pytest.raises(KeyError):  # a row of an event that is gone: an error, never another event's names
        exports.with_events(exported, events[:2])


def test_equal_rows_share_one_serialised_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Entries`` keys its digests by the row itself (a frozen, hashable record), not by ``id()``:
    an equal row made anew (the next page's calendar, a row list made again) is not serialised
    again, and a changed one always is."""
    (row,) = rows(event(1, "2020-01-16"))
    made: list[str] = []

    def make(made_of: exports.Row) -> bytes:
        made.append(made_of.title)
        return made_of.title.encode()

    digested: list[bytes] = []

    class CountingHashlib:  # each row's digest is made once, however many equal rows come
        @staticmethod
        def sha256(material: bytes) -> Any:
            digested.append(material)
            return hashlib.sha256(material)

    monkeypatch.setattr(exports, "hashlib", CountingHashlib)
    entries = exports.Entries(None, "")
    assert entries.get("ics", row, make) == b"Titel"
    assert entries.get("ics", replace(row), make) == b"Titel"  # equal, not the same object
    assert made == ["Titel"]
    assert len(digested) == 1
    assert entries.get("ics", replace(row, title="Anders"), make) == b"Anders"
    assert made == ["Titel", "Anders"]
    assert len(digested) == 2
