"""The organisation registry and the views across pages, as pure functions."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from kok_archive.access import kok_domain
from kok_archive.core.dates import parse_date
from kok_archive.core.indexes import (
    EventFilter,
    by_year_and_month,
    month_number,
    organisation_index,
    parse_years,
    select,
)
from kok_archive.core.model import Event
from kok_archive.core.organisations import Registry, entry_to_paste, fold, initial, sort_key
from kok_tools.summary import find_report, paste_block

from .helpers import warnings_of

REGISTRY = Registry.from_entries(
    [
        {"name": "Bundesamt für Migration und Flüchtlinge", "kurz": "BAMF", "auch": ["Bundesamt für Migration"]},
        {"name": "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.", "kurz": "KOK"},
        {"name": "Ärztinnenbund"},
        {"name": "Forum Menschenrechte", "web": "https://www.forum-menschenrechte.de/"},
    ]
)


def event(
    n: int, date: str, orgs: tuple[str, ...] = (), category: str = "politik", persons: tuple[str, ...] = ()
) -> Event:
    return Event(
        docname=f"years/{date[:4]}",
        lineno=n,
        anchor=f"e{n}",
        title=f"Ereignis {n}",
        date=parse_date(date),
        raw_date=date,
        category=category,
        orgs=orgs,
        persons=persons,
        order=n,
    )


def test_every_spelling_finds_one_organisation() -> None:
    bamf = REGISTRY.lookup("BAMF")
    assert bamf is not None
    assert REGISTRY.lookup("Bundesamt für Migration und Flüchtlinge") is bamf
    assert REGISTRY.lookup("Bundesamt für Migration") is bamf
    assert bamf.display == "Bundesamt für Migration und Flüchtlinge (BAMF)"
    assert REGISTRY.lookup("bamf") is None  # exact spellings only: variants are warned about


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("bamf", "BAMF"),  # case
        ("Aerztinnenbund", "Ärztinnenbund"),  # umlaut spelt out
        ("Forum-Menschenrechte", "Forum Menschenrechte"),  # punctuation
        ("Forum Menschenrecht", "Forum Menschenrechte"),  # a small typo
        ("Bundesamt fuer Migration", "Bundesamt für Migration und Flüchtlinge"),
    ],
)
def test_close_spellings_are_suggested(written: str, meant: str) -> None:
    suggestion = REGISTRY.suggest(written)
    assert suggestion is not None
    assert meant in suggestion.spellings()


def test_unrelated_names_get_no_suggestion() -> None:
    assert REGISTRY.suggest("Deutscher Frauenrat") is None


def test_registry_problems_are_reported_not_raised() -> None:
    registry = Registry.from_entries(
        [
            {"name": "Eins", "kurz": "E"},
            {"name": "Zwei", "kurz": "E"},  # a spelling of two organisations
            {"kurz": "X"},  # no name
            {"name": "Drei", "farbe": "rot"},  # unknown key
            {"name": "eins"},  # the same anchor as "Eins"
        ]
    )
    assert [org.name for org in registry.organisations] == ["Eins", "Zwei", "Drei"]
    assert registry.lookup("E").name == "Eins"
    assert len(registry.problems) == 4
    assert "»E« steht bei »Eins« und bei »Zwei«" in registry.problems[0]


def test_entries_of_the_wrong_type_are_reported_and_skipped() -> None:
    registry = Registry.from_entries(
        [
            "BAMF",
            {"name": "Eins", "auch": 5},
            {"name": "Zwei", "kurz": ["A", "B"]},
            {"name": "Drei", "web": "javascript:alert(1)"},
        ]
    )
    assert [org.name for org in registry.organisations] == ["Eins", "Zwei", "Drei"]
    assert [(org.aliases, org.short, org.website) for org in registry.organisations] == [((), "", "")] * 3
    assert len(registry.problems) == 4


def test_names_in_other_scripts_stay_apart() -> None:
    events = [event(1, "2020-01-01", ("Ла Страда Україна",)), event(2, "2020-01-02", ("Αντιγόνη",))]
    index = organisation_index(events, Registry())
    assert sorted(entry.organisation.name for entry in index.entries) == ["Αντιγόνη", "Ла Страда Україна"]
    anchors = [entry.anchor for entry in index.entries]
    assert len(set(anchors)) == 2
    assert all(anchor.startswith("org-u") for anchor in anchors)
    assert fold("Ла Страда Україна") != fold("Αντιγόνη")


def test_umlauts_and_sharp_s_are_treated_one_way() -> None:
    assert fold("Straße") == fold("Strasse") == "strasse"
    assert fold("Ärztinnenbund") == fold("Aerztinnenbund")
    assert REGISTRY.lookup("Ärztinnenbund").anchor == "org-aerztinnenbund"
    assert sort_key("Ärztinnenbund") < sort_key("Bündnis") < sort_key("Caritas")
    assert [initial(name) for name in ("Ärztinnenbund", "Öffentlich", "3. Fortschrittsbericht")] == ["A", "O", "#"]


def test_organisation_index_merges_spellings_and_counts_each_event_once() -> None:
    events = [
        event(1, "2020-03-01", ("BAMF", "KOK")),
        event(2, "2019-05-02", ("Bundesamt für Migration und Flüchtlinge", "BAMF")),
        event(3, "2020-01-01", ("Unbekannte Gruppe",)),
        event(4, "2020-02-01", ("unbekannte gruppe",)),  # an unregistered variant joins, never splits
    ]
    index = organisation_index(events, REGISTRY)
    names = [entry.organisation.name for entry in index.entries]
    assert names == [
        "Bundesamt für Migration und Flüchtlinge",
        "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.",
        "Unbekannte Gruppe",
    ]
    bamf = index.find("BAMF")
    assert [e.anchor for e in bamf.events] == ["e2", "e1"]  # date order, event 2 once
    assert index.find("Bundesamt für Migration") is bamf  # a registered spelling nobody used yet
    assert index.find("unbekannte gruppe") is index.find("Unbekannte Gruppe")
    assert [e.anchor for e in index.find("Unbekannte Gruppe").events] == ["e3", "e4"]
    assert len({entry.anchor for entry in index.entries}) == len(index.entries)
    letters = index.letters()
    assert [letter for letter, _ in letters] == ["B", "K", "U"]  # KOK is filed under K as well
    assert [(kind, entry.organisation.name[:9]) for kind, entry in letters[0][1]] == [
        ("see", "Bundesamt"),  # "BAMF" sorts before "Bundesamt …"
        ("entry", "Bundesamt"),
        ("entry", "Bundeswei"),
    ]


def test_an_unregistered_variant_of_a_registered_name_gets_its_own_unique_anchor() -> None:
    index = organisation_index([event(1, "2020-01-01", ("Forum Menschenrechte", "forum menschenrechte"))], REGISTRY)
    anchors = sorted(entry.anchor for entry in index.entries)
    assert anchors == ["org-forum-menschenrechte", "org-forum-menschenrechte-2"]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (EventFilter(), ["e2", "e1", "e3", "e4"]),
        (EventFilter(categories=("publikation",)), ["e3"]),
        (EventFilter(orgs=("Bundesamt für Migration",)), ["e2", "e1"]),  # any spelling
        (EventFilter(orgs=("KOK", "Ärztinnenbund")), ["e1", "e4"]),
        (EventFilter(persons=("erika musterfrau",)), ["e3"]),
        (EventFilter(years=(2020, 2020)), ["e1", "e3", "e4"]),
        (EventFilter(years=(2019, 2020), months=(3, 5)), ["e2", "e1"]),
        (EventFilter(categories=("politik",), orgs=("BAMF",), years=(2020, 2021)), ["e1"]),
        (EventFilter(orgs=("KOK", "Niemand")), []),  # a name no event uses empties the listing
        (EventFilter(categories=("politik",), valid=False), []),  # so does any warned problem
    ],
)
def test_filters_combine_with_and_between_and_or_within(wanted: EventFilter, expected: list[str]) -> None:
    events = [
        event(1, "2020-03-01", ("BAMF", "KOK")),
        event(2, "2019-05-02", ("BAMF",)),
        event(3, "2020-06", (), "publikation", ("Erika Musterfrau",)),
        event(4, "2020-12-24", ("Ärztinnenbund",), "sonstiges"),
    ]
    index = organisation_index(events, REGISTRY)
    assert [e.anchor for e in select(events, wanted, index)] == expected


def test_year_spans_and_months() -> None:
    assert parse_years("2020") == (2020, 2020)
    assert parse_years("2019-2021") == (2019, 2021)
    assert parse_years("2019 – 2021") == (2019, 2021)
    for bad in ("20", "2021-2019", "letztes Jahr"):
        with pytest.raises(ValueError, match=r"Jahr|Ende"):
            parse_years(bad)
    names = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ]
    assert [month_number(text, names) for text in ("5", "05", "Mai", "märz", "Maerz", "13", "Mai 2020")] == [
        5,
        5,
        5,
        3,
        3,
        None,
        None,
    ]


def test_listings_group_by_year_then_month_in_date_order() -> None:
    events = [event(1, "2020-03-01"), event(2, "2019-05-02"), event(3, "2020-03-09"), event(4, "2020-01-01")]
    grouped = [
        (year, [(month, [e.anchor for e in evs]) for month, evs in months])
        for year, months in by_year_and_month(events)
    ]
    assert grouped == [
        (2019, [((2019, 5), ["e2"])]),
        (2020, [((2020, 1), ["e4"]), ((2020, 3), ["e1", "e3"])]),
    ]


@pytest.mark.parametrize(
    "name", ["Datenschutzbeauftragte Beispielstadt", 'Verein "Zuflucht" e.V.', "A\\B", "Ölmühle Süd", "Tab\tStopp"]
)
def test_the_entry_to_paste_reads_back_as_the_same_name(name: str) -> None:
    assert tomllib.loads(entry_to_paste(name)) == {"organisation": [{"name": name}]}


def test_an_unknown_organisation_shows_its_entry_and_the_pasted_entry_works_anywhere(
    make_app, rootdir, tmp_path
) -> None:
    srcdir = tmp_path / "paste"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    year = srcdir / "years" / "2021.md"
    year.write_text(year.read_text(encoding="utf-8").replace(":org: KOK\n", ":org: KOK; Neue Initiative\n", 1))
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    (warning,) = [w for w in "\n".join(warnings_of(app)).split("WARNING: ")[1:] if w.rstrip().endswith("[kok.org]")]
    assert warning.startswith("»Neue Initiative« steht nicht im Organisationsverzeichnis.")
    assert "in der Zusammenfassung am Ende des Builds" in warning  # one or two lines, not the entry itself
    report = find_report(Path(app.doctreedir))
    assert report is not None
    pasted = paste_block(report["organisations"]).splitlines()
    assert pasted == ["[[organisation]]", 'name = "Neue Initiative"']
    registry = srcdir / "organisationen.toml"  # pasted at the top, not in alphabetical order
    registry.write_text("\n".join(pasted) + "\n\n" + registry.read_text(encoding="utf-8"), encoding="utf-8")
    app.cleanup()
    again = make_app("html", srcdir=srcdir, freshenv=True)
    again.build()
    assert warnings_of(again) == []
    index = kok_domain(again.env).organisations()
    assert index.find("Neue Initiative").organisation.registered


def test_typographic_quotes_in_the_registry_give_one_clear_warning_not_one_per_organisation(
    make_app, rootdir, tmp_path
) -> None:
    srcdir = tmp_path / "quotes"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    registry = srcdir / "organisationen.toml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace('name = "Ärztinnenbund"', "name = „Ärztinnenbund“"), "utf-8"
    )
    line = next(n for n, text in enumerate(registry.read_text("utf-8").splitlines(), 1) if "„" in text)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    warning, *others = warnings_of(app)
    assert [w for w in others if w.endswith(("[kok.org]", "[kok.config]"))] == []  # the aliases' listings may warn
    assert warning.startswith(f"{registry}:{line}: WARNING: Das Organisationsverzeichnis ist nicht lesbar: Texte")
    assert "nicht in „…“" in warning
    assert warning.endswith("die Organisationen der Ereignisse werden nicht geprüft. [kok.config]")
    page = (app.outdir / "years" / "2021.html").read_text(encoding="utf-8")
    assert "Bündnis A, B und C" in page  # the organisations are still shown, as written


def test_a_case_variant_of_a_registered_name_gets_no_entry_to_paste(make_app, rootdir, tmp_path) -> None:
    """Its own entry would clash with the registered spelling: the author should use that."""
    srcdir = tmp_path / "variant"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    year = srcdir / "years" / "2021.md"
    year.write_text(year.read_text(encoding="utf-8").replace(":org: KOK\n", ":org: Kok\n", 1), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    (warning,) = warnings_of(app)
    assert "»Kok« steht nicht im Organisationsverzeichnis; gemeint ist wohl »Bundesweiter" in warning
    assert warning.endswith("Bitte die eingetragene Schreibweise »KOK« verwenden. [kok.org]")
    assert "[[organisation]]" not in warning
