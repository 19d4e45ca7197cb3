"""Dates as the printed review writes them (``17.1.``, ``16./17.1.``, ``22. und 28.1.``), without a year.

The year comes from the page (see ``placement.py``); here a printed date is read and, given its year,
written in the ISO form of the year files (``2020-01-16/17``), checked by ``kok_archive.core.dates``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kok_archive.core.dates import DateError, parse_date

_PART = r"\d{1,2}\.(?:\d{1,2}\.)?"
# a date at the start of an item's title; "2. KOK-Rundbrief" is no date: the last part needs day and month
DATE_PREFIX = re.compile(
    rf"(?P<date>(?:{_PART}\s*(?:/|–|-|,|und)\s*)*\d{{1,2}}\.\d{{1,2}}\.(?P<year>\d{{4}})?)(?=\s|$)"
)
_PIECE = re.compile(r"(\d{1,2})\.(?:(\d{1,2})\.)?")
_SEPARATOR = re.compile(r"\s*(/|–|-|,|und)\s*")


@dataclass(frozen=True)
class PrintedDate:
    text: str  # as printed, spaces normalised: "16./17.1."
    days: tuple[tuple[int, int], ...]  # (day, month) of each part
    span: bool  # "16./17.1.": from first to last; otherwise separate days
    year: int | None = None  # only if printed ("17.1.2020")

    @property
    def month(self) -> int:
        """The month an item is listed under: that of its first day."""
        return self.days[0][1]

    def iso(self, year: int) -> str:
        """The ISO form of the year files, ``year`` being that of the first day; raises DateError for a day that
        does not exist. Only December to January crosses the turn of the year (30.12./2.1.); any other part in an
        earlier month is a misprint, which the archive's check reports."""
        years = [year]
        for (_, before), (_, after) in itertools.pairwise(self.days):
            years.append(years[-1] + ((before, after) == (12, 1)))
        if len(self.days) == 1:
            (day, month), *_ = self.days
            text = f"{year:04d}-{month:02d}-{day:02d}"
        elif self.span:
            (d1, m1), (d2, m2) = self.days[0], self.days[-1]
            if years[-1] != year:
                end = f"{years[-1]:04d}-{m2:02d}-{d2:02d}"
            else:
                end = f"{d2:02d}" if m1 == m2 else f"{m2:02d}-{d2:02d}"
            text = f"{year:04d}-{m1:02d}-{d1:02d}/{end}"
        else:
            text = ", ".join(f"{y:04d}-{m:02d}-{d:02d}" for y, (d, m) in zip(years, self.days, strict=True))
        parse_date(text)  # the archive's own check: 31.6. or 22. und 22.1. fail here
        return text


def split_date(line: str) -> tuple[PrintedDate | None, str]:
    """The printed date at the start of a title line, and the rest of the line."""
    match = DATE_PREFIX.match(line)
    if not match:
        return None, line
    text = match["date"]
    year = match["year"]
    body = text[: -len(year)] if year else text
    pieces = [(int(d), int(m) if m else None) for d, m in _PIECE.findall(body)]
    separators = _SEPARATOR.findall(body)
    span = len(pieces) == 2 and separators[0] in "/–-"
    if len(pieces) > 2 and any(s in "/–-" for s in separators):
        return None, line  # "1./2./3.4." is no form the year files know
    days: list[tuple[int, int]] = []
    if any(month is not None and not 1 <= month <= 12 for _, month in pieces) or (year and int(year) < 1000):
        return None, line  # "3.13." is no date (a number, a paragraph), so the line stays as printed
    following = pieces[-1][1]
    for day, month in reversed(pieces):  # a day without month takes that of the next day: 22. und 28.1.
        following = month or following
        assert following is not None
        days.insert(0, (day, following))
    printed = PrintedDate(" ".join(text.split()), tuple(days), span, int(year) if year else None)
    return printed, line[match.end() :].strip()


__all__ = ["DATE_PREFIX", "DateError", "PrintedDate", "split_date"]
