"""The events as data: JSON, CSV, iCalendar and schema.org JSON-LD.

Pure logic, free of Sphinx: one row per event is computed once, the emitters
only write syntax. Every output is deterministic: same sources, same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import metadata

import icalendar

from ..versions import EXPORT_ENTRIES
from .dates import DateKind, format_full
from .model import Event, chronological
from .organisations import Registry

SCHEMA_VERSION = 1
CSV_COLUMNS = (
    ("id", "id"),
    ("titel", "title"),
    ("datum", "date_text"),
    ("art", "kind"),
    ("beginn", "start"),
    ("ende", "end"),
    ("tage", "days"),
    ("monat", "month"),
    ("jahr", "year"),
    ("kategorie", "category"),
    ("kategorie_name", "category_label"),
    ("organisationen", "organisations"),
    ("personen", "persons"),
    ("details", "details"),
    ("link", "link"),
    ("url", "url"),
)
CSV_KINDS = {"day": "Tag", "span": "Zeitraum", "days": "einzelne Tage", "month": "Monat"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# versions.py: bumped there when an export writes an event differently
FORMAT = (EXPORT_ENTRIES.number, metadata.version("icalendar"))


@dataclass(frozen=True)
class Row:
    """An event as exported: plain values only, in German where readers see them."""

    id: str
    title: str
    date_text: str  # as printed, with the year: 16./17.1.2020, or the month
    kind: str  # day, span, days, month; empty when the date could not be read
    start: str  # ISO 8601; empty when the date could not be read
    end: str
    days: tuple[str, ...]  # separate days, or every day of a span; empty for month-only dates
    month: str  # 2020-01
    year: int | None
    category: str
    category_label: str
    organisations: tuple[str, ...]  # canonical names from the registry
    persons: tuple[str, ...]
    details: str
    link: str
    url: str  # the event's anchor on its year page, relative to the site root
    page: str  # the year page's document name
    language: str = ""  # with several editions: the language of title and details ("de" where untranslated)

    @property
    def key(self) -> tuple[str, str]:
        """The key of the event it was made of (``Event.key``)."""
        return (self.page, self.id)


def with_events(exported: Iterable[Row], events: Iterable[Event]) -> list[tuple[Row, Event]]:
    """Each row beside the event it was made of, joined by key, in the rows' order: what a row
    leaves out (the names as written) is read from its event, whatever order either comes in."""
    by_key = {event.key: event for event in events}
    return [(row, by_key[row.key]) for row in exported]


def rows(
    events: Iterable[Event],
    registry: Registry,
    labels: dict[str, str],
    url_of: Callable[[Event], str],
    month_text: Callable[[tuple[int, int]], str],
    language: str = "",
    edition: str = "de",
    no_category: str = "Ohne Kategorie",
) -> list[Row]:
    """The events in date order, dates in the ``edition``'s language; ``language``: the edition's,
    noted per event, when the site has several."""
    result = []
    for event in chronological(events):
        when = event.date
        days: tuple[str, ...] = ()
        if when is None:
            date_text, kind, start, end, month, year = event.raw_date, "", "", "", "", None
        else:
            date_text = month_text(when.month) if when.kind is DateKind.MONTH else format_full(when, edition)
            kind = when.kind.value
            start, end = when.first.isoformat(), when.last.isoformat()
            if when.kind is not DateKind.MONTH:
                days = tuple(day.isoformat() for day in _every_day(when.kind, when.days))
            month, year = f"{when.month[0]:04d}-{when.month[1]:02d}", when.month[0]
        organisations = tuple(dict.fromkeys(registry.resolve(name).name for name in event.orgs))
        result.append(
            Row(
                id=event.anchor,
                title=event.title,
                date_text=date_text,
                kind=kind,
                start=start,
                end=end,
                days=days,
                month=month,
                year=year,
                category=event.category or "",
                category_label=labels.get(event.category or "", no_category),
                organisations=organisations,
                persons=event.persons,
                details=event.details,
                link=event.link,
                url=url_of(event),
                page=event.docname,
                language=(event.lang or language) if language else "",
            )
        )
    return result


def _every_day(kind: DateKind, days: tuple[date, ...]) -> list[date]:
    if kind is DateKind.SPAN:
        return [days[0] + timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    return list(days)


def to_json(exported: Sequence[Row], base_url: str = "", entries: Entries | None = None) -> str:
    """``kok-events.json``, schema version 1 (documented in docs/anleitung/daten.md);
    ``url`` is absolute with the site's address, else relative to the site root. The same text
    as ``json.dumps({"schema": 1, "events": [...]}, ensure_ascii=False, indent=1)``, made of
    each event's own part (kept in ``entries`` from one build to the next)."""
    if not exported:
        return json.dumps({"schema": SCHEMA_VERSION, "events": []}, ensure_ascii=False, indent=1) + "\n"
    entries = entries or Entries(None, base_url)
    parts = b",\n".join(entries.get("json", row, lambda row: _json_event(row, entries.base_url)) for row in exported)
    return f'{{\n "schema": {SCHEMA_VERSION},\n "events": [\n{parts.decode()}\n ]\n}}\n'


def json_event(row: Row, base_url: str) -> dict[str, object]:
    event: dict[str, object] = {
        "id": row.id,
        "title": row.title,
        "dates": {"text": row.date_text, "kind": row.kind, "start": row.start, "end": row.end, "days": row.days},
        "month": row.month,
        "year": row.year,
        "category": {"key": row.category, "label": row.category_label},
        "organisations": row.organisations,
        "persons": row.persons,
        "details": row.details,
        "link": row.link,
        "url": absolute(base_url, row.url),
    }
    if row.language:  # only with several editions: a site of one language stays as it was
        event["language"] = row.language
    return event


def _json_event(row: Row, base_url: str) -> bytes:
    """One event as it stands in the list of ``to_json``: two levels in."""
    text = json.dumps(json_event(row, base_url), ensure_ascii=False, indent=1)
    return "\n".join("  " + line for line in text.split("\n")).encode()


def to_csv(exported: Sequence[Row], base_url: str = "", entries: Entries | None = None) -> str:
    """``kok-events.csv`` for German spreadsheets: ``;`` separated; the caller writes it with a BOM."""
    entries = entries or Entries(None, base_url)
    head = _csv_line([header for header, _ in CSV_COLUMNS])
    return (
        head
        + b"".join(entries.get("csv", row, lambda row: _csv_row(row, entries.base_url)) for row in exported).decode()
    )


def _csv_row(row: Row, base_url: str) -> bytes:
    values = {field: getattr(row, field) for _, field in CSV_COLUMNS}
    values["kind"] = CSV_KINDS.get(row.kind, row.kind)
    values["url"] = absolute(base_url, row.url)
    return _csv_line([_cell(values[field]) for _, field in CSV_COLUMNS]).encode()


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _cell(value: object) -> str:
    text = "; ".join(value) if isinstance(value, tuple) else "" if value is None else str(value)
    # a cell a spreadsheet would run as a formula is neutralised
    return f"'{text}" if text.startswith(FORMULA_START) else text


def to_ics(exported: Sequence[Row], name: str, entries: Entries) -> bytes:
    """All-day events (DTEND exclusive), one per separate day; month-only events are left out."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//KOK e.V.//KOK-Archiv//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    serialised: bytes = calendar.to_ical()
    head, end = serialised.split(b"END:VCALENDAR")
    events = b"".join(
        entries.get("ics", row, lambda row: _vevents(row, entries.source_date_epoch, entries.base_url))
        for row in exported
        if row.days
    )
    return head + events + b"END:VCALENDAR" + end


class Entries:
    """Each event's part of every export, serialised once: the site's calendar and its year's
    share theirs, and ``known`` carries them over from the last build, keyed by everything
    they are made of."""

    def __init__(self, source_date_epoch: str | None, base_url: str, known: dict[str, bytes] | None = None) -> None:
        self.source_date_epoch, self.base_url = source_date_epoch, base_url
        self.known = known or {}
        self.used: dict[str, bytes] = {}  # what the next build may reuse: only current events
        self._rows: dict[Row, str] = {}  # each row's digest, once per build (equal rows: the same digest)

    def get(self, kind: str, row: Row, make: Callable[[Row], bytes], *inputs: object) -> bytes:
        """``make(row)``, or what it made before from the same row and ``inputs``."""
        digest = self._rows.get(row)
        if digest is None:
            material = repr((row, self.source_date_epoch, self.base_url, FORMAT)).encode()
            digest = self._rows[row] = hashlib.sha256(material).hexdigest()
        key = f"{kind}:{digest}:{hashlib.sha256(repr(inputs).encode()).hexdigest() if inputs else ''}"
        if key not in self.used:
            self.used[key] = self.known.get(key) or make(row)
        return self.used[key]


def _vevents(row: Row, source_date_epoch: str | None, base_url: str) -> bytes:
    """The event's VEVENTs, made by icalendar (about a millisecond an event: ``Entries`` keeps them)."""
    occurrences = [(row.start, row.end)] if row.kind != "days" else [(day, day) for day in row.days]
    text = b""
    for first, last in occurrences:
        entry = icalendar.Event()
        suffix = f"-{first}" if len(occurrences) > 1 else ""  # by date: stable when a day is added
        entry.add("uid", f"{row.id}{suffix}@kok-archiv")
        entry.add("dtstamp", _stamp(source_date_epoch, first))
        entry.add("dtstart", date.fromisoformat(first))
        entry.add("dtend", date.fromisoformat(last) + timedelta(days=1))
        entry.add("summary", row.title)
        entry.add("categories", [row.category_label])
        if row.details or row.organisations:
            lines = [row.details] if row.details else []
            lines += [f"Organisationen: {'; '.join(row.organisations)}"] if row.organisations else []
            entry.add("description", "\n".join(lines))
        entry.add("url", absolute(base_url, row.url))
        serialised: bytes = entry.to_ical()
        text += serialised
    return text


def _stamp(source_date_epoch: str | None, first_day: str) -> datetime:
    """Reproducible: SOURCE_DATE_EPOCH when set, else the event's first day at midnight UTC."""
    if source_date_epoch:
        return datetime.fromtimestamp(int(source_date_epoch), tz=UTC)
    return datetime.combine(date.fromisoformat(first_day), datetime.min.time(), tzinfo=UTC)


def to_jsonld(exported: Sequence[Row], base_url: str) -> str:
    """schema.org ``Event`` items for a year page, safe inside a ``<script>`` element."""
    items = []
    for row in exported:
        if not row.start:
            continue
        # without a base URL the page's own anchor: relative URLs resolve against the year page
        url = absolute(base_url, row.url) if base_url else f"#{row.id}"
        item: dict[str, object] = {"@type": "Event", "name": row.title, "url": url}
        item["startDate"] = row.start if row.days else row.month
        item["endDate"] = row.end if row.days else row.month
        if row.organisations:
            item["organizer"] = [{"@type": "Organization", "name": name} for name in row.organisations]
        if row.details:
            item["description"] = row.details
        if row.language:
            item["inLanguage"] = row.language
        items.append(item)
    text = json.dumps({"@context": "https://schema.org", "@graph": items}, ensure_ascii=False, sort_keys=True)
    # nothing from a source file may close the script element or open a comment
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def absolute(base_url: str, url: str) -> str:
    """The site root's address joined with a path from it; relative without a base."""
    return f"{base_url.rstrip('/')}/{url}" if base_url else url
