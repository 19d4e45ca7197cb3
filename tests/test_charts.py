"""The year at a glance, as pure functions: the labels under the bars."""

from __future__ import annotations

from kok_archive.core.charts import month_labels

SHORT = dict(
    enumerate(["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."], 1)
)


def short(month: tuple[int, int]) -> str:
    return SHORT[month[1]]


def test_two_decembers_carry_their_years_and_no_other_month_does() -> None:
    months = [(2021, 12), *((2022, month) for month in range(1, 13))]
    labels = month_labels(months, short)
    assert labels[0] == "Dez. 21"
    assert labels[-1] == "Dez. 22"
    assert labels[1:-1] == [SHORT[month] for month in range(1, 12)]


def test_a_year_that_shows_each_month_once_has_no_years_in_its_labels() -> None:
    assert month_labels([(2019, 12), (2020, 1), (2020, 2)], short) == ["Dez.", "Jan.", "Feb."]
    assert month_labels([], short) == []


def test_the_turn_of_a_century_keeps_two_digits() -> None:
    assert month_labels([(1999, 12), (2000, 1), (2000, 12)], short) == ["Dez. 99", "Jan.", "Dez. 00"]
