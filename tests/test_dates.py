"""Date parsing and German formatting, as pure functions."""

from __future__ import annotations

from datetime import date

import pytest
from kok_archive.core.dates import (
    DateError,
    DateKind,
    EventDate,
    format_full,
    format_short,
    four_digit_year,
    parse_date,
    review_year,
    within_review,
)


@pytest.mark.parametrize(
    ("text", "kind", "days", "short"),
    [
        ("2020-01-17", DateKind.DAY, [date(2020, 1, 17)], "17.1."),
        ("2020-01-16/2020-01-17", DateKind.SPAN, [date(2020, 1, 16), date(2020, 1, 17)], "16./17.1."),
        ("2020-01-16/17", DateKind.SPAN, [date(2020, 1, 16), date(2020, 1, 17)], "16./17.1."),
        ("2020-01-30/02-02", DateKind.SPAN, [date(2020, 1, 30), date(2020, 2, 2)], "30.1./2.2."),
        ("2019-12-30/2020-01-02", DateKind.SPAN, [date(2019, 12, 30), date(2020, 1, 2)], "30.12./2.1."),
        ("2020-01-22, 2020-01-28", DateKind.DAYS, [date(2020, 1, 22), date(2020, 1, 28)], "22. und 28.1."),
        ("2020-01-22,2020-01-28", DateKind.DAYS, [date(2020, 1, 22), date(2020, 1, 28)], "22. und 28.1."),
        (
            "2020-02-03, 2020-02-05, 2020-02-07",
            DateKind.DAYS,
            [date(2020, 2, 3), date(2020, 2, 5), date(2020, 2, 7)],
            "3., 5. und 7.2.",
        ),
        ("2020-01-28, 2020-02-03", DateKind.DAYS, [date(2020, 1, 28), date(2020, 2, 3)], "28.1. und 3.2."),
        ("2020-05", DateKind.MONTH, [date(2020, 5, 1)], ""),
        ("17.1.2020", DateKind.DAY, [date(2020, 1, 17)], "17.1."),
        ("05.03.2020", DateKind.DAY, [date(2020, 3, 5)], "5.3."),
        ("16./17.1.2020", DateKind.SPAN, [date(2020, 1, 16), date(2020, 1, 17)], "16./17.1."),
        ("30.1./2.2.2020", DateKind.SPAN, [date(2020, 1, 30), date(2020, 2, 2)], "30.1./2.2."),
        ("30.12.2020/2.1.2021", DateKind.SPAN, [date(2020, 12, 30), date(2021, 1, 2)], "30.12./2.1."),
        ("30.12.2020 – 2.1.2021", DateKind.SPAN, [date(2020, 12, 30), date(2021, 1, 2)], "30.12./2.1."),
        ("22. und 28.1.2020", DateKind.DAYS, [date(2020, 1, 22), date(2020, 1, 28)], "22. und 28.1."),
        (
            "3., 5. und 7.2.2020",
            DateKind.DAYS,
            [date(2020, 2, 3), date(2020, 2, 5), date(2020, 2, 7)],
            "3., 5. und 7.2.",
        ),
        ("  2020-01-17  ", DateKind.DAY, [date(2020, 1, 17)], "17.1."),
        ("2020-01-17/17", DateKind.DAY, [date(2020, 1, 17)], "17.1."),  # a span of one day is a day
    ],
)
def test_every_form_parses_and_prints_as_the_review_does(
    text: str, kind: DateKind, days: list[date], short: str
) -> None:
    value = parse_date(text)
    assert value.kind is kind
    assert list(value.days) == days
    assert format_short(value) == short


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "fehlt"),
        ("   ", "fehlt"),
        ("2020-02-30", "gibt es nicht"),
        ("2021-02-29", "gibt es nicht"),
        ("2020-13", "Monat 13"),
        ("0000-01", "Jahr 0 liegt außerhalb"),
        ("9999-12-31", "Jahr 9999 liegt außerhalb"),
        ("1.1.0999", "Jahr 999 liegt außerhalb"),
        ("2020-00", "Monat 0"),
        ("31.4.2020", "gibt es nicht"),
        ("2020-01-17/16", "vor dem Beginn"),
        ("2020-02-02/2020-01-30", "vor dem Beginn"),
        ("17./16.1.2020", "vor dem Beginn"),
        ("2020-01-28, 2020-01-22", "aufsteigend"),
        ("2020-01-22, 2020-01-22", "aufsteigend"),
        ("28. und 22.1.2020", "aufsteigend"),
        ("17.1.", "keine bekannte Datumsform"),  # the print's form without a year
        ("Januar 2020", "keine bekannte Datumsform"),
        ("2020-1-17x", "keine bekannte Datumsform"),
        ("gestern", "keine bekannte Datumsform"),
    ],
)
def test_impossible_or_unknown_dates_are_errors(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "page_year", "meant"),
    [
        ("19.12.22", None, "19.12.2022"),  # no page: the 2000s
        ("19.12.22", 2022, "19.12.2022"),
        ("19.12.21", 2022, "19.12.2021"),  # the December before the review
        ("5.-6.3.22", 2022, "5.-6.3.2022"),  # a span keeps its form
        ("16./17.1.22", None, "16./17.1.2022"),
        ("22. und 28.1.22", None, "22. und 28.1.2022"),
        ("30.12.21/2.1.22", 2022, "30.12.2021/2.1.2022"),
        ("15.12.99", 2000, "15.12.1999"),  # the century nearest to the page's year
        ("15.12.99", None, "15.12.2099"),
        ("3.4.98", 1998, "3.4.1998"),
    ],
)
def test_a_two_digit_year_suggests_the_four_digit_date_in_the_same_form(
    text: str, page_year: int | None, meant: str
) -> None:
    assert four_digit_year(text, page_year) == meant
    with pytest.raises(DateError, match=f"^»{text}« hat eine zweistellige Jahreszahl; gemeint ist wohl »{meant}«.$"):
        parse_date(text, page_year)


@pytest.mark.parametrize("text", ["17.1.", "2020-01-17", "30.2.22", "22-01-17", "17.1.2020x", "gestern"])
def test_no_four_digit_suggestion_where_none_makes_a_valid_date(text: str) -> None:
    assert four_digit_year(text, 2022) is None


def test_leap_day_exists_in_a_leap_year() -> None:
    assert parse_date("2020-02-29").first == date(2020, 2, 29)


def test_month_only_spans_the_whole_month_and_sorts_after_dated_days() -> None:
    may = parse_date("2020-05")
    assert (may.first, may.last) == (date(2020, 5, 1), date(2020, 5, 31))
    assert parse_date("2020-05-31").sort_key() < may.sort_key() < parse_date("2020-06-01").sort_key()


def test_event_is_listed_under_the_month_of_its_first_day() -> None:
    assert parse_date("2019-12-30/2020-01-02").month == (2019, 12)


@pytest.mark.parametrize(
    ("text", "full", "iso"),
    [
        ("2020-01-17", "17.1.2020", "2020-01-17"),
        ("2020-01-16/17", "16./17.1.2020", "2020-01-16/2020-01-17"),
        ("22. und 28.1.2020", "22. und 28.1.2020", "2020-01-22, 2020-01-28"),
        ("2019-12-30/2020-01-02", "30.12.2019/2.1.2020", "2019-12-30/2020-01-02"),
        (
            "2019-12-30, 2020-01-02, 2020-01-05",
            "30.12.2019, 2.1.2020 und 5.1.2020",
            "2019-12-30, 2020-01-02, 2020-01-05",
        ),
    ],
)
def test_full_and_iso_forms(text: str, full: str, iso: str) -> None:
    value = parse_date(text)
    assert format_full(value) == full
    assert value.iso() == iso
    assert parse_date(value.iso()) == value  # the canonical form reads back


def test_month_only_dates_have_no_full_day_form() -> None:
    month = parse_date("2020-05")
    assert month.iso() == "2020-05"
    with pytest.raises(ValueError, match="month-only"):
        format_full(month)


def test_records_are_plain_and_hashable() -> None:
    value = parse_date("2020-01-16/17")
    assert value == EventDate(DateKind.SPAN, (date(2020, 1, 16), date(2020, 1, 17)))
    assert hash(value) == hash(parse_date("16./17.1.2020"))


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("2019-12-01", True),  # the review of 2020 starts with December 2019
        ("2020-12-31", True),
        ("2020-12-30/2021-01-02", True),  # listed under its first day
        ("2020-12-30, 2021-01-04", True),
        ("2020-05", True),
        ("2019-11-30", False),
        ("2019-11-30/2019-12-02", False),
        ("2021-01-01", False),
        ("2019-11", False),
        ("2099-01-20", False),
        ("2020-03-05/2021-03-06", False),  # a typo in the last day's year
        ("2020-05-05, 2025-05-07", False),
    ],
)
def test_a_review_runs_from_the_december_before_to_its_december(text: str, inside: bool) -> None:
    assert within_review(parse_date(text), 2020) is inside


def test_the_reviewed_year_comes_from_the_page_name() -> None:
    assert [review_year(name) for name in ("years/2021", "2021", "years/bad", "years/2021-entwurf")] == [
        2021,
        2021,
        None,
        None,
    ]


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_month_names_are_babels_as_sphinx_gives_them(language: str) -> None:
    """dates.py formats months with Babel itself (it stays free of Sphinx), exactly as Sphinx's
    format_date does, which the brief names for dates."""
    from datetime import datetime

    from kok_archive.core.dates import month_names, month_title, short_month
    from sphinx.util.i18n import format_date

    for month in range(1, 13):
        day = datetime(2020, month, 1)
        assert month_title((2020, month), language) == format_date("%B %Y", date=day, language=language)
        assert short_month((2020, month), language) == format_date("%b", date=day, language=language)
    assert month_names(language) == [
        format_date("%B", date=datetime(2000, m, 1), language=language) for m in range(1, 13)
    ]
    assert month_title((2020, 3), "de") == "März 2020"
