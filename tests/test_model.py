"""Anchors, order and grouping, as pure functions."""

from __future__ import annotations

from kok_archive.core.dates import parse_date
from kok_archive.core.model import (
    Event,
    auto_anchor,
    chronological,
    group_by_month,
    month_anchor,
    normalize_anchor,
    slugify,
    split_names,
)


def event(title: str, date: str | None, order: int) -> Event:
    return Event(
        docname="y",
        lineno=order,
        anchor=f"a{order}",
        title=title,
        date=parse_date(date) if date else None,
        raw_date=date or "",
        category=None,
        order=order,
    )


def test_slugs_are_readable_german_ascii() -> None:
    assert (
        slugify("Schulung für Polizist*innen: Straße & Übergänge") == "schulung-fuer-polizist-innen-strasse-uebergaenge"
    )
    assert slugify("Siobhán Mullally") == "siobhan-mullally"


def test_auto_anchor_starts_with_a_letter_and_is_stable() -> None:
    anchor = auto_anchor(parse_date("2020-03-05/06"), "Erste KOK-Mitgliederversammlung")
    assert anchor == "kok-2020-03-05-erste-kok-mitgliederversammlung"
    assert auto_anchor(parse_date("2020-05"), "KOK-Eingabe") == "kok-2020-05-kok-eingabe"
    assert auto_anchor(None, "Ohne") == "kok-ohne-datum-ohne"
    long_title = "eins zwei drei vier fünf sechs sieben acht neun zehn"
    assert auto_anchor(parse_date("2020-01-01"), long_title).endswith("-sieben-acht")


def test_explicit_ids_are_normalized_to_valid_anchors() -> None:
    assert normalize_anchor("mv-2020") == "mv-2020"
    assert normalize_anchor("MV 2020") == "mv-2020"
    assert normalize_anchor("2020-mv") == "kok-2020-mv"


def test_names_split_on_semicolons_only() -> None:
    assert split_names("Bündnis A, B und C; KOK") == (["Bündnis A, B und C", "KOK"], False)
    assert split_names(" KOK ;; BAMF; ") == (["KOK", "BAMF"], True)


def test_chronological_keeps_author_order_on_ties_and_puts_month_only_last() -> None:
    events = [
        event("Mai ohne Tag", "2020-05", 0),
        event("Undatiert", None, 1),
        event("Spät", "2020-05-20", 2),
        event("Früh B", "2020-05-02", 3),
        event("Früh A", "2020-05-02", 4),
        event("April", "2020-04-30", 5),
    ]
    assert [e.title for e in chronological(events)] == [
        "April",
        "Früh B",
        "Früh A",
        "Spät",
        "Mai ohne Tag",
        "Undatiert",
    ]


def test_grouping_by_month_in_order_with_undated_last() -> None:
    events = [event("Jan", "2020-01-05", 0), event("?", None, 1), event("Dez", "2019-12-03", 2)]
    groups = group_by_month(events)
    assert [(month, [e.title for e in evs]) for month, evs in groups] == [
        ((2019, 12), ["Dez"]),
        ((2020, 1), ["Jan"]),
        (None, ["?"]),
    ]
    assert [month_anchor(month) for month, _ in groups] == ["monat-2019-12", "monat-2020-01", "ohne-gueltiges-datum"]
