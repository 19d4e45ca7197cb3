"""The calendar entries written by hand (``exports._vevents``) are byte for byte what icalendar's
own components write: its order of properties, its escaping and its folding of long lines."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from kok_archive import exports
from kok_archive.exports import Row, absolute

# commas, semicolons, backslashes, every line ending, lines around the 75 octets, umlauts, CJK, emoji
TEXTS = [
    "Tagung",
    "a,b;c\\d \\N e",
    "Zeile eins\nZeile zwei\r\nZeile drei\rvier",
    "x" * 73,
    "x" * 74,
    "x" * 75,
    "ä" * 37,
    "ä" * 38,
    "\\" * 80,
    "y" * 72 + "\\,",
    "Prävention und Schutz für Betroffene von Menschenhandel " * 6,
    "日本語のテキスト" * 12,
    "Emoji 😀 " * 20,
    "^" * 90,
]


def by_icalendar(row: Row, source_date_epoch: str | None, base_url: str) -> bytes:
    """The entries as icalendar's components write them (how ``_vevents`` made them until 2026)."""
    occurrences = [(row.start, row.end)] if row.kind != "days" else [(day, day) for day in row.days]
    text = b""
    for first, last in occurrences:
        entry = icalendar.Event()
        suffix = f"-{first}" if len(occurrences) > 1 else ""
        entry.add("uid", f"{row.id}{suffix}@kok-archiv")
        entry.add("dtstamp", exports._stamp(source_date_epoch, first))
        entry.add("dtstart", date.fromisoformat(first))
        entry.add("dtend", date.fromisoformat(last) + timedelta(days=1))
        entry.add("summary", row.title)
        entry.add("categories", [row.category_label])
        if row.details or row.organisations:
            lines = [row.details] if row.details else []
            lines += [f"Organisationen: {'; '.join(row.organisations)}"] if row.organisations else []
            entry.add("description", "\n".join(lines))
        entry.add("url", absolute(base_url, row.url))
        text += entry.to_ical()
    return text


def row(number: int, text: str) -> Row:
    days = ("2020-03-05", "2020-03-09") if number % 2 else ()
    return Row(
        id=f"e{number}",
        title=text,
        date_text="",
        kind="days" if days else "span",
        start="2020-03-05",
        end="2020-03-09" if days else "2020-03-06",
        days=days,
        month="2020-03",
        year=2020,
        category="politik",
        category_label=TEXTS[(number + 3) % len(TEXTS)],
        organisations=("KOK", "Ban Ying; e.V.") if number % 3 else (),
        persons=(),
        details=TEXTS[(number + 5) % len(TEXTS)] if number % 4 else "",
        link="",
        url=f"years/2020.html#e{number}" + "-lang" * number,  # up to well past one line
        page="years/2020",
    )


@pytest.mark.parametrize("source_date_epoch", [None, "1600000000"])
@pytest.mark.parametrize("base_url", ["", "https://archiv.example.org/kok/"])
def test_entries_written_by_hand_are_icalendars_own(source_date_epoch: str | None, base_url: str) -> None:
    for number, text in enumerate(TEXTS):
        expected = by_icalendar(row(number, text), source_date_epoch, base_url)
        assert exports._vevents(row(number, text), source_date_epoch, base_url) == expected, text
    assert any(b"\r\n " in by_icalendar(row(n, t), None, "") for n, t in enumerate(TEXTS))  # folding is tested
