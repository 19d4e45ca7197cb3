"""Event dates: parsing the forms authors write, and formatting them for readers.

Pure logic, free of Sphinx, so it can be tested alone; the language is passed in. German
dates keep the printed review's own style (``16./17.1.``); other languages take theirs from
Babel (``5–6 Dec``). Month titles come from Babel through Sphinx (see ``timeline.py``).
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DateError(ValueError):
    """A date an author wrote that cannot be read; the message is German."""


class DateKind(StrEnum):
    DAY = "day"  # 2020-01-17
    SPAN = "span"  # 2020-01-16/17: every day from first to last
    DAYS = "days"  # 2020-01-22, 2020-01-28: separate days
    MONTH = "month"  # 2020-05: the month is known, the day is not


@dataclass(frozen=True)
class EventDate:
    kind: DateKind
    days: tuple[date, ...]  # DAY: 1, SPAN: first and last, DAYS: 2+, MONTH: first of month

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        if self.kind is DateKind.MONTH:
            _, length = calendar.monthrange(self.first.year, self.first.month)
            return self.first.replace(day=length)
        return self.days[-1]

    @property
    def month(self) -> tuple[int, int]:
        """The month an event is listed under: that of its first day."""
        return (self.first.year, self.first.month)

    def sort_key(self) -> tuple[int, int, int, date, date]:
        """Chronological order; a month-only date follows the dated ones of its month."""
        return (
            self.first.year,
            self.first.month,
            1 if self.kind is DateKind.MONTH else 0,
            self.first,
            self.last,
        )

    def iso(self) -> str:
        """The canonical ISO form, also used in anchors."""
        if self.kind is DateKind.MONTH:
            return f"{self.first:%Y-%m}"
        if self.kind is DateKind.SPAN:
            return f"{self.first.isoformat()}/{self.last.isoformat()}"
        return ", ".join(d.isoformat() for d in self.days)


def parse_date(text: str, page_year: int | None = None) -> EventDate:
    """Read one of the documented date forms, ISO or German, or raise DateError.

    ``page_year`` (the year a review page covers) picks the century a two-digit year suggests.
    """
    value = " ".join(text.split())
    if not value:
        raise DateError("Das Datum fehlt.")
    found = _read(value)
    if found is not None:
        return found
    meant = four_digit_year(value, page_year)
    if meant is not None:
        raise DateError(f"»{value}« hat eine zweistellige Jahreszahl; gemeint ist wohl »{meant}«.")
    raise DateError(
        f"»{value}« ist keine bekannte Datumsform "
        "(z. B. »2020-01-17«, »2020-01-16/17«, »2020-01-22, 2020-01-28«, »2020-05«, "
        "»17.1.2020«, »16./17.1.2020«, »22. und 28.1.2020«)."
    )


def _read(value: str) -> EventDate | None:
    for pattern, reader in _FORMS:
        match = pattern.fullmatch(value)
        if match:
            return reader(match)
    return None


# a German date's two-digit year: after the month's dot, not followed by a digit or another dot
_SHORT_YEAR = re.compile(r"(?<=\.)(\s*)(\d{2})(?![\d.])")


def four_digit_year(value: str, page_year: int | None = None) -> str | None:
    """A German date written with a two-digit year (``19.12.22``, ``5.-6.3.22``), in the same form
    with four digits, if that is a valid date; otherwise None. The century is the one that puts
    the year nearest to ``page_year`` (a review page's year), else the 2000s."""

    def widen(match: re.Match[str]) -> str:
        short = int(match[2])
        if page_year is None:
            return f"{match[1]}{2000 + short}"
        centuries = range(page_year // 100 * 100 - 100, page_year + 101, 100)
        return f"{match[1]}{min((c + short for c in centuries), key=lambda year: abs(year - page_year))}"

    if not re.search(r"\d\.", value):  # German forms only: ISO has no two-digit years to guess
        return None
    candidate = _SHORT_YEAR.sub(widen, value)
    if candidate == value:
        return None
    try:
        found = _read(candidate)
    except DateError:
        return None
    return candidate if found is not None else None


def _day(year: str | int, month: str | int, day: str | int) -> date:
    _check_year(int(year))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise DateError(f"Den Tag {int(day)}.{int(month)}.{int(year)} gibt es nicht.") from None


def _month(year: str, month: str) -> EventDate:
    if not 1 <= int(month) <= 12:
        raise DateError(f"Den Monat {int(month)} gibt es nicht.")
    _check_year(int(year))
    return EventDate(DateKind.MONTH, (date(int(year), int(month), 1),))


def _check_year(year: int) -> None:
    """Four-digit years a calendar can hold with the day after (9999-12-31 has none)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(f"Das Jahr {year} liegt außerhalb von {FIRST_YEAR} bis {LAST_YEAR}.")


def _span(first: date, last: date) -> EventDate:
    if last < first:
        raise DateError(f"Das Ende ({_dm(last)}{last.year}) liegt vor dem Beginn ({_dm(first)}{first.year}).")
    if last == first:
        return EventDate(DateKind.DAY, (first,))
    return EventDate(DateKind.SPAN, (first, last))


def _separate(days: list[date]) -> EventDate:
    for earlier, later in itertools.pairwise(days):
        if later <= earlier:
            raise DateError("Einzelne Tage müssen aufsteigend und verschieden sein.")
    return EventDate(DateKind.DAYS, tuple(days))


FIRST_YEAR, LAST_YEAR = 1000, 9998  # four digits, and a day after the last (for calendars)

_ISO_DAY = r"(\d{4})-(\d{1,2})-(\d{1,2})"


def _iso_span(m: re.Match[str]) -> EventDate:
    first = _day(m[1], m[2], m[3])
    if m[4]:  # full end date
        last = _day(m[4], m[5], m[6])
    elif m[7]:  # month and day
        last = _day(m[1], m[7], m[8])
    else:  # day only
        last = _day(m[1], m[2], m[9])
    return _span(first, last)


def _iso_days(m: re.Match[str]) -> EventDate:
    days = [_day(*part.split("-")) for part in re.split(r"\s*,\s*", m[0])]
    return _separate(days)


def _german_span(m: re.Match[str]) -> EventDate:
    year, month = m[5], m[4]
    first = _day(year, m[2] or month, m[1])
    return _span(first, _day(year, month, m[3]))


def _german_full_span(m: re.Match[str]) -> EventDate:
    return _span(_day(m[3], m[2], m[1]), _day(m[6], m[5], m[4]))


def _german_days(m: re.Match[str]) -> EventDate:
    year, month = m[3], m[2]
    numbers = re.findall(r"\d{1,2}", m[1])
    return _separate([_day(year, month, day) for day in numbers])


def _iso_day(m: re.Match[str]) -> EventDate:
    return EventDate(DateKind.DAY, (_day(m[1], m[2], m[3]),))


def _iso_month(m: re.Match[str]) -> EventDate:
    return _month(m[1], m[2])


def _german_day(m: re.Match[str]) -> EventDate:
    return EventDate(DateKind.DAY, (_day(m[3], m[2], m[1]),))


_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], EventDate]]] = [
    (re.compile(_ISO_DAY), _iso_day),
    (
        re.compile(_ISO_DAY + r"\s*/\s*(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})-(\d{1,2})|(\d{1,2}))"),
        _iso_span,
    ),
    (re.compile(_ISO_DAY + r"(?:\s*,\s*" + _ISO_DAY + r")+"), _iso_days),
    (re.compile(r"(\d{4})-(\d{1,2})"), _iso_month),
    # 17.1.2020
    (
        re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})"),
        _german_day,
    ),
    # 16./17.1.2020 and 30.1./2.2.2020
    (
        re.compile(r"(\d{1,2})\.(?:\s*(\d{1,2})\.)?\s*[/–-]\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})"),
        _german_span,
    ),
    # 30.12.2020/2.1.2021: across the turn of the year, as format_full writes it
    (
        re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*[/–-]\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})"),
        _german_full_span,
    ),
    # 22. und 28.1.2020, 3., 5. und 7.2.2020
    (
        re.compile(r"((?:\d{1,2}\.\s*,\s*)*\d{1,2}\.\s+und\s+\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})"),
        _german_days,
    ),
]


# the English edition is written in British English: its dates too (12 Mar, not Mar 12)
BABEL_LOCALES = {"en": "en_GB"}


def is_german(language: str) -> bool:
    return language.replace("-", "_").split("_")[0] in ("", "de")


def format_short(value: EventDate, language: str = "de") -> str:
    """The date without its year: in German as the printed review shows it (``17.1.``,
    ``16./17.1.``, ``22. und 28.1.``), in another language in Babel's short form (``12 Mar``,
    ``5–6 Dec``, ``22 and 28 Jan``).

    A month-only date has no day to show and gives the empty string.
    """
    if value.kind is DateKind.MONTH:
        return ""
    if not is_german(language):
        return _babel_short(value, BABEL_LOCALES.get(language, language))
    if value.kind is DateKind.DAY:
        return _dm(value.first)
    if value.kind is DateKind.SPAN:
        first, last = value.first, value.last
        start = f"{first.day}." if (first.year, first.month) == (last.year, last.month) else _dm(first)
        return f"{start}/{_dm(last)}"
    days = value.days
    if all((d.year, d.month) == (days[-1].year, days[-1].month) for d in days):
        head = [f"{d.day}." for d in days[:-1]]
    else:
        head = [_dm(d) for d in days[:-1]]
    return f"{', '.join(head)} und {_dm(days[-1])}"


def _babel_short(value: EventDate, locale: str, skeleton: str = "MMMd") -> str:
    """Babel's form of the date; ``skeleton`` ``yMMMd`` with its year."""
    from babel.dates import format_interval, format_skeleton
    from babel.lists import format_list

    def day_month(day: date) -> str:
        return format_skeleton(skeleton, day, locale=locale)

    if value.kind is DateKind.DAY:
        return day_month(value.first)
    if value.kind is DateKind.SPAN:
        text = format_interval(value.first, value.last, skeleton, locale=locale)
        # CLDR sets the dash between two days of one month in thin spaces, which may break the line
        return re.sub(r"(?<!\d\d\d)(?<=\d)\u2009([–-])\u2009(?=\d)", r"\1", text)  # not after a year
    days = value.days
    same_month = all((d.year, d.month) == (days[-1].year, days[-1].month) for d in days)
    day_first = day_month(days[-1]).startswith(str(days[-1].day))  # 22 and 28 Jan; en_US: Jan 22 and Jan 28
    head = [str(d.day) if same_month and day_first else day_month(d) for d in days[:-1]]
    return format_list([*head, day_month(days[-1])], locale=locale)


def format_long_day(day: date, language: str = "de") -> str:
    """A day in full, from Babel: ``7. Dezember 2021``, ``7 December 2021``."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMMd", day, locale=BABEL_LOCALES.get(language, language or "de"))


def format_full(value: EventDate, language: str = "de") -> str:
    """The date with its year, in the same German style: ``16./17.1.2020``; in another language
    Babel's (``5–6 Dec 2021``).

    A month-only date has no such form: callers name the month (``month_title``).
    """
    if value.kind is DateKind.MONTH:
        raise ValueError("a month-only date has no day to format")
    if not is_german(language):
        return _babel_short(value, BABEL_LOCALES.get(language, language), "yMMMd")
    if value.first.year != value.last.year:  # every day with its year
        full = [f"{_dm(day)}{day.year}" for day in value.days]
        return "/".join(full) if value.kind is DateKind.SPAN else f"{', '.join(full[:-1])} und {full[-1]}"
    return f"{format_short(value)}{value.last.year}"


def _dm(day: date) -> str:
    return f"{day.day}.{day.month}."


def machine_date(value: EventDate | None) -> str:
    """For HTML's ``<time datetime>``: the (first) day, or the month; empty if unknown."""
    if value is None:
        return ""
    return f"{value.first:%Y-%m}" if value.kind is DateKind.MONTH else value.first.isoformat()


REVIEW_PAGE = re.compile(r"(?:^|/)(\d{4})$")  # years/2021: the review of 2021


def review_year(docname: str) -> int | None:
    """The year a page reviews, from its name (``years/2021``); None for other pages."""
    match = REVIEW_PAGE.search(docname)
    return int(match[1]) if match else None


def within_review(value: EventDate, year: int) -> bool:
    """A year's review runs from December of the year before to December of its year (the 2020
    review starts with December 2019). An event is listed under its first day, so days from 30.12.
    to 2.1. belong to the December they start in; a last day beyond January is a typo."""
    return date(year - 1, 12, 1) <= value.first <= date(year, 12, 31) and value.last <= date(year + 1, 1, 31)


# -- months, from Babel (as Sphinx's format_date gives them: never from strftime) ------------

UNDATED_TITLE = "Ohne gültiges Datum"  # the heading of events without a valid date; a msgid: _(UNDATED_TITLE)


def _babel_date(day: date, pattern: str, language: str) -> str:
    """``babel.dates.format_date`` as ``sphinx.util.i18n.format_date`` calls it (English for a
    language Babel does not know), without Sphinx: this module is used by the importer too."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(day, pattern, locale=language)
    except (ValueError, UnknownLocaleError):
        return format_date(day, pattern, locale="en")


def month_title(month: tuple[int, int], language: str) -> str:
    """``Januar 2020``."""
    return _babel_date(date(month[0], month[1], 1), "MMMM yyyy", language)


def short_month(month: tuple[int, int], language: str) -> str:
    """``Jan.``, ``März``: the abbreviated month name, for chart labels."""
    return _babel_date(date(month[0], month[1], 1), "MMM", language)


def month_names(language: str) -> list[str]:
    """``Januar`` … ``Dezember``."""
    return [_babel_date(date(2000, month, 1), "MMMM", language) for month in range(1, 13)]


def full_date(value: EventDate, language: str) -> str:
    """The date with its year for texts outside the timeline: ``16./17.1.2020``, ``Mai 2020``."""
    return month_title(value.month, language) if value.kind is DateKind.MONTH else format_full(value)
