"""The importer (``kok_import``): the 2020 text against the hand-made ``years/2020.md``, each rule on small
made-up extractions, and the command line."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kok_archive.core import files
from kok_archive.core.organisations import Registry
from kok_import import categories, cli, org_search
from kok_import.importer import NotAReviewError, Summary, import_review
from kok_import.text import join_lines

from .helpers import ROOT, build_draft

DATA = Path(__file__).parent / "data"
SEED = DATA / "jahresrueckblick-2020.txt"  # a copy of shared/seeds: the tests do not reach outside the clone
HAND_MADE = ROOT / "years" / "2020.md"
REGISTRY = Registry.from_entries(tomllib.loads((ROOT / "organisationen.toml").read_text("utf-8"))["organisation"])

# Misprints that years/2020.md corrects (its % header and the authoring guide): editorial, so the importer keeps
# the print.
# These, and only these, may differ between draft and hand-made file.
CORRECTIONS = [
    ("Grenzschießungen", "Grenzschließungen"),
    ("im Auswärtigem Amt", "im Auswärtigen Amt"),
    ("Twitter Account", "Twitter-Account"),
    ("Vorbereitungschaft", "Vorbereitungshaft"),
    ("Dambruch", "Dammbruch"),
    ("EPCAT", "ECPAT"),
    ("BKSf", "BKSF"),
]
# Months years/2020.md gives items without a day on pages without a label (docs/anleitung/anhang-2020.md):
# editorial decisions the draft must flag for review, whatever it guessed.
EDITORIAL_MONTHS = {
    "KOK eröffnet einen Twitter Account": "2020-06",
    "Siobhán Mullally wird neue UN-Sonderberichterstatterin zu Menschenhandel": "2020-07",
}


@dataclass
class Entry:
    title: str
    date: str
    category: str
    orgs: tuple[str, ...]
    details: list[str]
    comments: list[str] = field(default_factory=list)  # the % lines right before the event


@dataclass
class YearFile:
    foreword: list[str]  # paragraphs before the timeline, without comments and the heading
    events: list[Entry]
    months: list[str]  # the "% Monat JJJJ" comments, in order


def parse(text: str) -> YearFile:
    """A year file as data; enough of MyST for the files the importer writes and years/2020.md."""
    foreword: list[str] = []
    events: list[Entry] = []
    months: list[str] = []
    comments: list[str] = []
    lines = iter(text.splitlines())
    timeline = False
    for line in lines:
        if line.startswith(":::{kok-timeline}"):
            timeline = True
            next(lines)
        elif line.startswith("%"):
            comment = line[1:].strip()
            if re.fullmatch(r"\w+ \d{4}", comment):
                months.append(comment)
            else:
                comments.append(comment)
        elif line.startswith(":::{kok-event}"):
            options: dict[str, str] = {}
            body: list[str] = []
            for inner in lines:
                if inner == ":::":
                    break
                option = re.fullmatch(r":(\w+): (.*)", inner)
                if option and not body:
                    options[option[1]] = option[2]
                else:
                    body.append(inner)
            paragraphs = [" ".join(p.split()) for p in "\n".join(body).split("\n\n") if p.strip()]
            orgs = tuple(o.strip() for o in options.get("org", "").split(";") if o.strip())
            title = line.removeprefix(":::{kok-event}").strip()
            events.append(Entry(title, options["date"], options["category"], orgs, paragraphs, comments))
            comments = []
        elif not line.strip():
            comments = [] if comments and timeline else comments
        elif not timeline and not line.startswith("#"):
            foreword.append(line)
    return YearFile(foreword, events, months)


def correct(text: str) -> tuple[str, list[str]]:
    """The text with the editorial corrections of years/2020.md, and which of them applied."""
    used = [wrong for wrong, right in CORRECTIONS if wrong in text]
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return text, used


def org_entries(names: tuple[str, ...]) -> set[str]:
    return {REGISTRY.resolve(name).name for name in names}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[YearFile, str, Summary]:
    draft, summary = import_review(SEED.read_text(encoding="utf-8"), REGISTRY, SEED.name)
    return parse(draft), draft, summary


# -- the 2020 review ---------------------------------------------------------------------------------


def test_2020_gives_the_items_of_the_hand_made_file(imported) -> None:
    draft, _, summary = imported
    target = parse(HAND_MADE.read_text(encoding="utf-8"))
    expected = {(e.date, e.title, tuple(e.details)): e for e in target.events}
    assert len(expected) == len(target.events)  # the hand-made file has each item once
    matched: dict[tuple[str, str, tuple[str, ...]], Entry] = {}
    used: list[str] = []
    for event in draft.events:
        title, fixed_title = correct(event.title)
        details = [correct(d) for d in event.details]
        key = (event.date, title, tuple(d for d, _ in details))
        assert key in expected, f"not in years/2020.md: {key}"
        assert key not in matched, f"twice in the draft: {key}"
        matched[key] = event
        used += fixed_title + [w for _, fixes in details for w in fixes]
    assert set(matched) == set(expected)
    assert summary.items == len(draft.events) == len(target.events)
    assert draft.months == target.months  # the same months, in the same order
    foreword_used = [w for line in draft.foreword for w in correct(line)[1]]
    # every listed correction is needed: the list stays exactly the differences there are
    assert {wrong for wrong, _ in CORRECTIONS} == set(used + foreword_used)
    print(f"\nredaktionelle Korrekturen: {len(used) + len(foreword_used)} Stellen ({', '.join(used + foreword_used)})")


def test_2020_foreword_signature_and_funding_notice_on_top(imported) -> None:
    draft, text, _ = imported
    target = parse(HAND_MADE.read_text(encoding="utf-8"))
    assert [correct(p)[0] for p in draft.foreword] == target.foreword
    assert text.index("Liebe Leser") < text.index(":::{kok-timeline}") < text.index(":::{kok-event}")


def test_2020_categories_and_organisations_are_proposals_and_mostly_agree(imported) -> None:
    draft, _, _ = imported
    target = {(e.date, correct(e.title)[0]): e for e in parse(HAND_MADE.read_text(encoding="utf-8")).events}
    same_category = same_orgs = 0
    for event in draft.events:
        wanted = target[(event.date, correct(event.title)[0])]
        category_notes = [c for c in event.comments if c.startswith(f"Vorschlag: Kategorie »{event.category}«")]
        org_notes = [c for c in event.comments if c.startswith("Vorschlag: Organisationen")]
        org_notes += [c for c in event.comments if c.startswith("Vorschlag: keine Organisation")]
        assert len(category_notes) == 1, event.title  # every category is marked as a proposal
        assert len(org_notes) == 1, event.title  # so is every list of organisations, also an empty one
        assert all(c.endswith("– bitte prüfen") for c in event.comments if c.startswith("Vorschlag:"))
        assert all(REGISTRY.lookup(name) for name in event.orgs)  # nothing unregistered under :org:
        same_category += event.category == wanted.category
        same_orgs += org_entries(event.orgs) == org_entries(wanted.orgs)
    print(f"\nKategorien wie years/2020.md: {same_category}/{len(draft.events)}")
    print(f"Organisationen wie years/2020.md: {same_orgs}/{len(draft.events)}")
    # the rules of the authoring guide should decide nearly all of the print's items as the editors did
    assert same_category >= 0.9 * len(draft.events)
    assert same_orgs >= 0.5 * len(draft.events)


def test_2020_editorial_months_are_flagged(imported) -> None:
    draft, _, _ = imported
    for title, month in EDITORIAL_MONTHS.items():
        (event,) = [e for e in draft.events if e.title == title]
        assert any(c.startswith("Vorschlag: Ohne Tag, eingeordnet in") for c in event.comments), title
        print(f"\n{title}: Entwurf {event.date}, years/2020.md {month}")
    (mullally,) = [e for e in draft.events if e.title.startswith("Siobhán Mullally")]
    assert any("Nachbarn im Druck liegen in Juni 2020 und Juli 2020" in c for c in mullally.comments)


def test_2020_summary(imported) -> None:
    draft, _, summary = imported
    seed = SEED.read_text(encoding="utf-8")
    unlabelled_part = seed.split("Bundesweiter Koordinierungskreis")[0]
    printed = len([p for p in re.split(r"\n\s*\n", unlabelled_part) if p.strip()])
    unique = len([e for e in draft.events if e.date >= "2020-06"])
    assert summary.duplicates == printed - unique > 0
    assert summary.undated == len([e for e in draft.events if re.fullmatch(r"\d{4}-\d\d", e.date)])
    assert summary.year == 2020


def test_authoring_guide_shows_the_summary_as_it_is(imported) -> None:
    _, _, summary = imported
    section = (ROOT / "docs" / "anleitung" / "importieren.md").read_text(encoding="utf-8")
    shown = re.search(r"```\n\s*Entwurf geschrieben: years/2020.md\n(.*?)```", section, re.DOTALL)
    assert shown is not None
    assert [line.strip() for line in shown[1].splitlines() if line.strip()] == summary.lines()


@pytest.mark.sphinx("html", testroot="timeline")  # only for make_app; the project is built in tmp_path
def test_2020_draft_builds_without_warnings(make_app, imported, tmp_path) -> None:
    draft, text, _ = imported
    warnings, shown = build_draft(make_app, tmp_path, text, 2020)
    assert warnings == []
    # the site shows each item of the hand-made file once: a dropped or doubled item changes the count
    hand_made = parse(HAND_MADE.read_text(encoding="utf-8")).events
    assert len(shown) == len(hand_made) == 70
    assert sorted(title for title, _ in shown) == sorted(e.title.replace("\\*", "*") for e in draft.events)


# -- each rule on small made-up extractions ------------------------------------------------------------

SMALL = Registry.from_entries(
    [
        {"name": "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.", "kurz": "KOK"},
        {"name": "Bundeskriminalamt", "kurz": "BKA"},
        {"name": "Fraueninformationszentrum FIZ", "kurz": "FIZ"},
        {"name": "FIZ Fachstelle Frauenhandel und Frauenmigration", "kurz": "FIZ Schweiz"},
        {"name": "Forum Menschenrechte"},
        {"name": "Europäische Union", "kurz": "EU"},
        {"name": "Bundeskoordinierung Spezialisierter Fachberatung", "kurz": "BKSF"},
    ]
)


def run(text: str, year: int | None = None) -> tuple[YearFile, Summary]:
    draft, summary = import_review(text, SMALL, "test.txt", year)
    return parse(draft), summary


def dates(text: str, year: int | None = None) -> dict[str, str]:
    return {e.title: e.date for e in run(text, year)[0].events}


def test_pages_in_the_wrong_order_come_out_in_date_order() -> None:
    text = "JAHRESRÜCKBLICK 2020\n\n**3.2. Sitzung B**\n\nFEBRUAR 2020\n\n**7.1. Sitzung A**\n\nJANUAR 2020\n"
    draft, _ = run(text)
    assert [(e.title, e.date) for e in draft.events] == [("Sitzung A", "2020-01-07"), ("Sitzung B", "2020-02-03")]
    assert draft.months == ["Januar 2020", "Februar 2020"]


@pytest.mark.parametrize("times", [2, 3])
def test_repeated_blocks_give_each_item_once(times: int) -> None:
    block = "1.7. Treffen X\n\n2.7. Tagung Y  \nInput KOK\n\n"
    draft, summary = run("Jahresrückblick 2020\n\n" + block * times + "3.7. Treffen Z\n")
    assert [e.title for e in draft.events] == ["Treffen X", "Tagung Y", "Treffen Z"]
    assert summary.duplicates == 2 * (times - 1)


def test_same_title_on_another_day_is_no_duplicate() -> None:
    draft, summary = run("Jahresrückblick 2020\n\n24.6. KOK Web-Seminar\n\n20.8. KOK Web-Seminar\n")
    assert [e.date for e in draft.events] == ["2020-06-24", "2020-08-20"]
    assert summary.duplicates == 0


def test_a_month_label_closes_its_page() -> None:
    text = (
        "VERANSTALTUNG\n\nPOLITIK\n\nPUBLIKATION\n\nSONSTIGES\n\n**Stellungnahme ohne Tag**\n\n**4.3. Sitzung**\n\n"
        "MÄRZ 2020\n\nVERANSTALTUNG\n\n**Rundbrief ohne Tag**\n\n**1.4. Newsletter**\n\nAPRIL 2020\n"
    )
    draft, summary = run(text)
    assert {e.title: e.date for e in draft.events} == {
        "Sitzung": "2020-03-04",
        "Stellungnahme ohne Tag": "2020-03",
        "Newsletter": "2020-04-01",
        "Rundbrief ohne Tag": "2020-04",
    }
    undated = [e for e in draft.events if e.title.endswith("ohne Tag")]
    assert all(any("Monatsangabe der Seite" in c for c in e.comments) for e in undated)
    assert summary.undated == 2
    assert not any(e.title in {"VERANSTALTUNG", "POLITIK", "MÄRZ 2020"} for e in draft.events)


def test_pages_without_label_take_the_month_of_the_dates_and_neighbours() -> None:
    text = (
        "Jahresrückblick 2020\n\nNeuigkeit am Anfang\n\n29.6. Newsletter\n\n20.6. Welttag\n\n"
        "Neuigkeit dazwischen\n\n16.7. Podcast\n\n3.8. Treffen\n\nNeuigkeit zwischen Gleichen\n\n9.8. Sitzung\n"
    )
    draft, _ = run(text)
    by_title = {e.title: e for e in draft.events}
    assert by_title["Neuigkeit am Anfang"].date == "2020-06"
    assert by_title["Neuigkeit zwischen Gleichen"].date == "2020-08"
    between = by_title["Neuigkeit dazwischen"]  # June before, July after: a choice, flagged
    assert between.date == "2020-07"
    assert any("Nachbarn im Druck liegen in Juni 2020 und Juli 2020" in c for c in between.comments)


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("17.1.", "2020-01-17"),
        ("16./17.1.", "2020-01-16/17"),
        ("22. und 28.1.", "2020-01-22, 2020-01-28"),
        ("3., 5. und 7.2.", "2020-02-03, 2020-02-05, 2020-02-07"),
        ("30.1./2.2.", "2020-01-30/02-02"),
        ("1.9.2021", "2021-09-01"),
    ],
)
def test_printed_dates(printed: str, iso: str) -> None:
    assert dates(f"Jahresrückblick 2020\n\n{printed} Sitzung\n") == {"Sitzung": iso}


def test_a_number_before_the_title_is_no_date() -> None:
    draft, _ = run("Jahresrückblick 2020\n\n**2. KOK-Rundbrief**\n\n**3.4. Sitzung**\n\nAPRIL 2020\n")
    assert {e.title: e.date for e in draft.events} == {"2. KOK-Rundbrief": "2020-04", "Sitzung": "2020-04-03"}


def test_december_before_january_is_the_year_before() -> None:
    labelled = "Jahresrückblick 2020\n\n**5./6.12. Treffen**\n\nDEZEMBER 2019\n\n**7.1. Sitzung**\n\nJANUAR 2020\n"
    assert dates(labelled)["Treffen"] == "2019-12-05/06"
    draft, _ = run("Jahresrückblick 2020\n\n5./6.12. Treffen\n\n7.1. Sitzung\n")
    (december,) = [e for e in draft.events if e.title == "Treffen"]
    assert december.date == "2019-12-05/06"
    assert any(c.startswith("Vorschlag: Jahr 2019") for c in december.comments)
    assert draft.months == ["Dezember 2019", "Januar 2020"]


def test_a_day_that_does_not_exist_is_flagged() -> None:
    draft, _ = run("Jahresrückblick 2020\n\n31.6. Sitzung\n\n1.7. Treffen\n")
    (event,) = [e for e in draft.events if e.title == "Sitzung"]
    assert any("Datum »31.6.« nicht lesbar" in c for c in event.comments)


def test_bold_titles_and_plain_details() -> None:
    text = (
        "Jahresrückblick 2020\n\n**4.3. Schulung beim BKA zum  \nThema Menschenhandel/  \nArbeitsausbeutung**  \n"
        "durch Claudia Robbe (FIZ/KOK-Vorstand)\n\n**12.3. »Keine Asyl-  \nrechtsreform!«**\n\n"
        "Gemeinsame Erklärung von 21 NGOs,  \nu.a. des KOK\n\n**13.3. Sitzung**\n\nMÄRZ 2020\n"
    )
    draft, _ = run(text)
    assert [(e.title, e.details) for e in draft.events] == [
        ("Schulung beim BKA zum Thema Menschenhandel/Arbeitsausbeutung", ["durch Claudia Robbe (FIZ/KOK-Vorstand)"]),
        ("»Keine Asylrechtsreform!«", ["Gemeinsame Erklärung von 21 NGOs, u.a. des KOK"]),
        ("Sitzung", []),
    ]


def test_one_line_items_are_split_into_title_and_details_with_a_flag() -> None:
    text = (
        "Jahresrückblick 2020\n\n1.9. Vernetzungstreffen des KOK Schwerpunktthema ist die Identifizierung\n\n"
        "15.10. Mitgliederversammlung (virtuell), FIZ Schweiz wird Mitglied des KOK, Austausch u.a. zu X\n\n"
        "10.8. »Nicht trennen, Austausch ist gut«, Pressemitteilung des KOK\n"
    )
    draft, summary = run(text)
    by_title = {e.title: e for e in draft.events}
    assert by_title["Vernetzungstreffen des KOK"].details == ["Schwerpunktthema ist die Identifizierung"]
    assert by_title["Mitgliederversammlung (virtuell)"].details == [
        "FIZ Schweiz wird Mitglied des KOK, Austausch u.a. zu X"
    ]
    assert "»Nicht trennen, Austausch ist gut«, Pressemitteilung des KOK" in by_title  # quotes are not split
    assert summary.split == 2
    assert all(any(c.startswith("Vorschlag: Titel und Text getrennt") for c in e.comments) for e in draft.events[1:])


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Keine europäische Asyl-", "rechtsreform"], "Keine europäische Asylrechtsreform"),
        (["zur Konzeptentwick-  ", "lung einer Stelle"], "zur Konzeptentwicklung einer Stelle"),
        (["Sitzung der Bund-Länder-", "Arbeitsgruppe"], "Sitzung der Bund-Länder-Arbeitsgruppe"),
        (["Erste KOK-", "Mitgliederversammlung"], "Erste KOK-Mitgliederversammlung"),
        (["Fortbildungs-", "und Vernetzungstreffen"], "Fortbildungs- und Vernetzungstreffen"),
        (["Menschenhandel/", "Arbeitsausbeutung"], "Menschenhandel/Arbeitsausbeutung"),
        (["KOK-Vorstand/ Dortmund", "Mitternachtsmission"], "KOK-Vorstand/ Dortmund Mitternachtsmission"),
    ],
)
def test_line_break_hyphenation(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_gender_star_stays_escaped_and_a_bare_one_is_escaped() -> None:
    text = (
        "Jahresrückblick 2020\n\n**3.12. Schulung von Polizist\\*innen**\n\n**4.12. Treffen der AG LSBTI\\***\n\n"
        "**5.12. Fachtag für Berater*innen und Klient*innen**\n\nDEZEMBER 2019\n"
    )
    assert [e.title for e in run(text)[0].events] == [
        "Schulung von Polizist\\*innen",
        "Treffen der AG LSBTI\\*",
        "Fachtag für Berater\\*innen und Klient\\*innen",
    ]


def test_cover_legend_and_funding_notice_are_no_items_and_the_foreword_goes_on_top() -> None:
    text = (
        "4.9. Sitzung des Beirats\n\nBundesweiter Koordinierungskreis gegen Menschenhandel e.V.\n\n"
        "JAHRESRÜCKBLICK 2020\n\nLiebe Leser\\*innen,\n\ndas Jahr war schwer, die Kolleg\\*innen sind\n\n"
        "stark geblieben.\n\nHerzlichen Dank!\n\nErika Muster, KOK-Geschäftsstelle\n\nDER KOK WIRD  \nGEFÖRDERT VOM\n\n"
        "Bundesministerium  \nfür Familie\n\nVERANSTALTUNG\n\nPOLITIK\n\nPUBLIKATION\n\nSONSTIGES\n\n"
        "**3.3. Fachtag**\n\nMÄRZ 2020\n"
    )
    draft, _ = run(text)
    assert [e.title for e in draft.events] == ["Fachtag", "Sitzung des Beirats"]
    assert draft.foreword == [
        "Liebe Leser\\*innen,",
        "das Jahr war schwer, die Kolleg\\*innen sind stark geblieben.",
        "Herzlichen Dank!",
        "*Erika Muster, KOK-Geschäftsstelle*",
        "Der KOK wird gefördert vom Bundesministerium für Familie.",
    ]


def test_a_draft_without_foreword_says_so() -> None:
    _, summary = run("Jahresrückblick 2020\n\n1.7. Treffen\n")
    assert not summary.foreword
    assert any("Vorwort: nicht gefunden" in line for line in summary.lines())


@pytest.mark.parametrize(
    ("title", "details", "category", "word"),
    [
        ("Pressemitteilung zum Welttag gegen Menschenhandel", [], "publikation", "Pressemitteilung"),
        ("Welttag gegen Menschenhandel", [], "sonstiges", "Welttag"),
        ("Stellungnahme zum Gesetzentwurf der Bundesregierung", [], "politik", "Stellungnahme"),
        ("Online Pressekonferenz von KOK und BKA", [], "veranstaltung", "Pressekonferenz"),
        ("»Keine Reform auf Kosten der Menschenrechte!«", ["Gemeinsame Erklärung von 21 NGOs"], "politik", "Erklärung"),
        ("KOK eröffnet einen Twitter Account", [], "sonstiges", "eröffnet"),
    ],
)
def test_category_rules(title: str, details: list[str], category: str, word: str) -> None:
    proposal = categories.propose(title, details, SMALL)
    assert proposal.category == category
    assert f"Wort »{word}«" in proposal.reason


def test_category_of_a_title_that_is_a_body_and_of_no_rule() -> None:
    assert categories.propose("Forum Menschenrechte", [], SMALL).category == "veranstaltung"
    assert categories.propose("Tag der Opferhilfe", [], SMALL) == categories.Proposal("sonstiges", categories.NO_RULE)


def test_organisations_are_matched_inflected_longest_first_and_never_invented() -> None:
    found = org_search.find("Fachgespräch des KOK mit Vertreter*innen des Bundeskriminalamtes", SMALL)
    assert found.names == ("KOK", "BKA")
    assert org_search.find("FIZ Schweiz wird Mitglied", SMALL).names == ("FIZ Schweiz",)
    found = org_search.find("Pressekonferenz von EPCAT, KOK und BKSf", SMALL)
    assert found.names == ("KOK",)
    assert found.unknown == (
        "»EPCAT«",
        "»BKSf« (gemeint ist wohl »Bundeskoordinierung Spezialisierter Fachberatung (BKSF)«)",
    )
    assert org_search.find("Austausch mit NGOs zu LSBTI\\* und SDGs", SMALL).unknown == ()


def test_an_unsigned_statement_is_the_kok_s_own_and_eu_wide_is_no_organisation() -> None:
    draft, _ = run(
        "Jahresrückblick 2020\n\n16.7. Stellungnahme zur Gesetzesänderung\n\n17.7. Stellungnahme von BKA und FIZ\n\n"
        "14.10. Pressemitteilung zum EU-weiten Tag gegen Menschenhandel\n"
    )
    assert [e.orgs for e in draft.events] == [("KOK",), ("BKA", "FIZ"), ("KOK",)]
    assert any("KOK als Urheber angenommen" in c for c in draft.events[0].comments)


def test_text_that_is_no_review() -> None:
    with pytest.raises(NotAReviewError, match="kein Ereignis mit Datum"):
        import_review("Sehr geehrte Damen und Herren,\n\nanbei die Rechnung.\n", SMALL, "brief.txt")
    with pytest.raises(NotAReviewError, match="Das Jahr des Rückblicks"):
        import_review("17.1. Sitzung\n", SMALL, "ohne-jahr.txt")
    assert run("17.1. Sitzung\n", year=2021)[0].events[0].date == "2021-01-17"  # the year from the file name


# -- another year, and variants of the layout -----------------------------------------------------------

LEGEND_LINES = "VERANSTALTUNG\n\nPOLITIK\n\nPUBLIKATION\n\nSONSTIGES\n\n"


def test_another_year_with_a_label_on_every_page() -> None:
    text = (
        "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.\n\nJAHRESRÜCKBLICK 2019\n\n"
        + LEGEND_LINES
        + "**KOK-Rundbrief an die Mitglieder**\n\n**10.12. Tag der Menschenrechte**\n\n"
        "**4./5.12. Fachtag in Berlin**\n\nDEZEMBER 2018\n\n"
        + LEGEND_LINES
        + "**15.1. Sitzung der AG Recht**\n\n**15.1. Stellungnahme zum Gesetzentwurf**\n\n"
        "**30.12./2.1. Klausur des Vorstands**\n\n**Newsletter ohne Tag**\n\nJANUAR 2019\n\n"
        + LEGEND_LINES
        + "**3.2. Treffen X**\n\n**14.2. Treffen X**\n\nFEBRUAR 2019\n"
    )
    draft, summary = run(text)
    assert summary.year == 2019
    assert [(e.date, e.title) for e in draft.events] == [
        ("2018-12-04/05", "Fachtag in Berlin"),
        ("2018-12-10", "Tag der Menschenrechte"),
        ("2018-12-30/2019-01-02", "Klausur des Vorstands"),  # on the January page, begun in December
        ("2018-12", "KOK-Rundbrief an die Mitglieder"),
        ("2019-01-15", "Sitzung der AG Recht"),  # two items on one day: both kept
        ("2019-01-15", "Stellungnahme zum Gesetzentwurf"),
        ("2019-01", "Newsletter ohne Tag"),
        ("2019-02-03", "Treffen X"),  # the same title on two days: two items
        ("2019-02-14", "Treffen X"),
    ]
    assert draft.months == ["Dezember 2018", "Januar 2019", "Februar 2019"]
    assert (summary.duplicates, summary.undated) == (0, 2)


def test_another_year_without_any_label_and_a_block_printed_three_times() -> None:
    block = "11.3. Tagung A  \nInput KOK\n\n12.3. Sitzung B\n\nNeuigkeit C\n\n"
    text = "Jahresrückblick 2019\n\n5.12. Treffen D\n\n10.1. Sitzung E\n\n" + block * 3 + "2.4. Sitzung F\n"
    draft, summary = run(text)
    assert [(e.date, e.title, e.details) for e in draft.events] == [
        ("2018-12-05", "Treffen D", []),  # December before January: the year before
        ("2019-01-10", "Sitzung E", []),
        ("2019-03-11", "Tagung A", ["Input KOK"]),
        ("2019-03-12", "Sitzung B", []),
        # the last copy stands between March and April; the copies whose neighbours agree decide
        ("2019-03", "Neuigkeit C", []),
        ("2019-04-02", "Sitzung F", []),
    ]
    assert summary.duplicates == 6
    (news,) = [e for e in draft.events if e.title == "Neuigkeit C"]
    assert any("Monat der Nachbarn im Druck" in c for c in news.comments)


def test_december_on_a_page_without_label_follows_a_december_label_of_the_year_before() -> None:
    text = "Jahresrückblick 2019\n\n**4.12. Fachtag**\n\nDEZEMBER 2018\n\n" + LEGEND_LINES + "**8.12. Treffen**\n"
    draft, _ = run(text)
    (event,) = [e for e in draft.events if e.title == "Treffen"]
    assert event.date == "2018-12-08"
    assert "Vorschlag: Jahr 2018: Dezember ohne Monatsangabe der Seite, der Druck hat eine Seite »Dezember 2018«" in (
        c.removesuffix(" – bitte prüfen") for c in event.comments
    )


def test_the_year_comes_from_the_title_not_from_an_item_naming_another_review() -> None:
    text = "4.3. Veröffentlichung: Jahresrückblick 2018\n\nJahresrückblick 2019\n\n5.3. Sitzung\n"
    draft, summary = run(text)
    assert summary.year == 2019
    assert {e.title: e.date for e in draft.events}["Sitzung"] == "2019-03-05"


def test_without_title_the_labels_give_the_year_and_a_repeated_page_counts_once() -> None:
    page = LEGEND_LINES + "**7.1. Sitzung**\n\n**Rundbrief**\n\nJANUAR 2019\n\n"
    draft, summary = run(LEGEND_LINES + "**5.12. Treffen**\n\nDEZEMBER 2018\n\n" + page + page + page)
    assert summary.year == 2019
    assert [(e.date, e.title) for e in draft.events] == [
        ("2018-12-05", "Treffen"),
        ("2019-01-07", "Sitzung"),
        ("2019-01", "Rundbrief"),
    ]
    assert summary.duplicates == 4


def test_a_repeated_cover_page_and_a_legend_on_one_line_are_no_items() -> None:
    cover = (
        "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V.\n\nJAHRESRÜCKBLICK 2019\n\n"
        "Liebe Leser\\*innen,\n\ndas Jahr war schwer.\n\nHerzlichen Dank!\n\nErika Muster, KOK-Geschäftsstelle\n\n"
        "DER KOK WIRD  \nGEFÖRDERT VOM\n\nBundesministerium  \nfür Familie\n\n"
    )
    legend = "**VERANSTALTUNG POLITIK PUBLIKATION SONSTIGES**\n\n"
    draft, summary = run(cover + legend + "**7.1. Sitzung**\n\nJANUAR 2019\n\n" + cover)
    assert [(e.date, e.title) for e in draft.events] == [("2019-01-07", "Sitzung")]
    assert draft.foreword[:3] == ["Liebe Leser\\*innen,", "das Jahr war schwer.", "Herzlichen Dank!"]
    assert summary.items == 1


# -- odd input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "kein Ereignis mit Datum"),
        (" \n\t\n\n", "kein Ereignis mit Datum"),
        ("Liebe Leser\\*innen,\n\ndas Jahr war schwer.\n\nErika Muster\n", "kein Ereignis mit Datum"),
        ("Jahresrückblick 2020\n\n**Sitzung**\n\n**Treffen**\n\nMÄRZ 2020\n", "kein Ereignis mit Datum"),
        ("Jahresrückblick 2020\n\n3.13. Sitzung\n\n0.0. Treffen\n", "kein Ereignis mit Datum"),
        ("Jahresrückblick 0999\n\n3.3. Sitzung\n", "Das Jahr 999 im Text"),
        ("Jahresrückblick 9999\n\n3.3. Sitzung\n", "Das Jahr 9999"),
    ],
)
def test_text_without_a_dated_item_or_a_possible_year_is_refused(text: str, message: str) -> None:
    with pytest.raises(NotAReviewError, match=message):
        import_review(text, SMALL, "test.txt")


def test_line_endings_byte_order_marks_tabs_and_invisible_characters() -> None:
    text = (
        "\ufeffJahresrückblick 2020\r\n\r\n**1.2.\tSitzung der  \r\nAG Recht**  \r\nInput KOK\r\n\r\n"
        "2.2.\u00a0Treffen\u00a0in Berlin\n\n\ufeff3.2. Schulung zur Asyl\u00ad\nrechtsreform\x07\n\f"
        "4.2. Tagung\x1b zu Recht\u00adsfragen\n\nFEBRUAR 2020\n"
    )
    draft, summary = run(text)
    assert [(e.date, e.title, e.details) for e in draft.events] == [
        ("2020-02-01", "Sitzung der AG Recht", ["Input KOK"]),
        ("2020-02-02", "Treffen in Berlin", []),
        ("2020-02-03", "Schulung zur Asylrechtsreform", []),
        ("2020-02-04", "Tagung zu Rechtsfragen", []),
    ]
    assert summary.items == 4  # the byte order marks made no item of the title


def test_a_huge_line_is_one_item() -> None:
    long = "Sitzung " + "sehr " * 40_000 + "lang"
    draft, _ = run(f"Jahresrückblick 2020\n\n1.2. {long}\n\n2.2. Treffen\n")
    assert [e.title for e in draft.events] == [long, "Treffen"]


@pytest.mark.parametrize(
    ("printed", "month"),
    [
        ("31.2.", "2020-02"),
        ("32.1.", "2020-01"),
        ("0.3.", "2020-03"),
        ("17./16.1.", "2020-01"),
        ("22. und 22.1.", "2020-01"),
    ],
)
def test_a_printed_day_that_does_not_exist_gives_the_month_and_a_flag(printed: str, month: str) -> None:
    draft, summary = run(f"Jahresrückblick 2020\n\n{printed} Sitzung\n\n1.7. Treffen\n")
    (event,) = [e for e in draft.events if e.title == "Sitzung"]
    assert event.date == month  # a date the archive reads: the draft builds without [kok.date]
    assert any(c.startswith(f"Vorschlag: Datum »{printed}« nicht lesbar") for c in event.comments)
    assert (summary.unreadable, summary.undated) == (1, 0)


def test_an_impossible_month_is_no_date() -> None:
    draft, _ = run("Jahresrückblick 2020\n\n3.13. Sitzung\n\n4.3. Treffen\n")
    assert {e.title: e.date for e in draft.events} == {"3.13. Sitzung": "2020-03", "Treffen": "2020-03-04"}


def test_a_date_without_text_gets_a_placeholder_title_and_a_flag() -> None:
    draft, summary = run("Jahresrückblick 2020\n\n**1.2. Sitzung**\n\n5.2.\n\n****\n")
    assert [(e.date, e.title) for e in draft.events] == [("2020-02-01", "Sitzung"), ("2020-02-05", "Titel fehlt")]
    assert any("Kein Titel im Text" in c for c in draft.events[1].comments)
    assert summary.untitled == 1


# Printed text that MyST would read as structure or markup, and what the site must show instead.
HOSTILE = [
    ("1.2. Sitzung :::", "Sitzung :::", ""),
    ("2.2. :::{kok-event} Treffen", ":::{kok-event} Treffen", ""),
    ("3.2. Treffen  \n:::", "Treffen", ":::"),
    ("4.2. Treffen  \n:date: 2021-01-01", "Treffen", ":date: 2021-01-01"),
    ("5.2. % kein Kommentar", "% kein Kommentar", ""),
    ("6.2. Treffen  \n% kein Kommentar", "Treffen", "% kein Kommentar"),
    ("7.2. Sitzung {ref}`ziel` mit ```code", "Sitzung {ref}`ziel` mit ```code", ""),
    (
        "8.2. Treffen [Link](https://example.org)  \n<script>alert(1)</script>",
        "Treffen [Link](https://example.org)",
        "<script>alert(1)</script>",
    ),
    ("9.2. # Überschrift", "# Überschrift", ""),
    ("10.2. Treffen  \n- keine Liste", "Treffen", "- keine Liste"),
    ("11.2. Treffen  \n1. keine Liste", "Treffen", "1. keine Liste"),
    ("12.2. <b>Sitzung</b> mit Fußnote[^1]", "<b>Sitzung</b> mit Fußnote[^1]", ""),
    ("13.2. Treffen  \n(ziel)=", "Treffen", "(ziel)="),
    ("14.2. Treffen  \n```", "Treffen", "```"),
    ("15.2. Treffen  \n> kein Zitat", "Treffen", "> kein Zitat"),
    ("16.2. Treffen  \n***", "Treffen", "***"),
    ("17.2. Sitzung ![Bild](https://example.org/a.png)", "Sitzung ![Bild](https://example.org/a.png)", ""),
    ("18.2. Treffen  \n[^1]: keine Fußnote", "Treffen", "[^1]: keine Fußnote"),
]


def test_markdown_in_the_printed_text_does_not_change_the_draft() -> None:
    text = "Jahresrückblick 2020\n\n" + "\n\n".join(printed for printed, _, _ in HOSTILE) + "\n"
    draft, _ = run(text)
    # each item its own event, with its date, and nothing more: no directive opened or closed by the text
    assert [e.date for e in draft.events] == [f"2020-02-{day:02d}" for day in range(1, len(HOSTILE) + 1)]
    assert len(draft.months) == 1


@pytest.mark.sphinx("html", testroot="timeline")
def test_markdown_in_the_printed_text_builds_as_text(make_app, tmp_path) -> None:
    text = "Jahresrückblick 2020\n\n" + "\n\n".join(printed for printed, _, _ in HOSTILE) + "\n"
    draft, _ = import_review(text, REGISTRY, "test.txt")
    warnings, shown = build_draft(make_app, tmp_path, draft, 2020)
    assert warnings == []
    assert shown == [(title, details) for _, title, details in HOSTILE]


def test_the_source_name_cannot_break_the_header_comment() -> None:
    draft, _ = import_review("Jahresrückblick 2020\n\n1.2. Sitzung\n", SMALL, "a\n# b.txt")
    assert "\n# b.txt" not in draft
    assert draft.startswith("# Jahresrückblick 2020\n")
    assert draft.count("\n# ") == 0  # the only heading is the first line


# -- the command line ------------------------------------------------------------------------------------


def test_cli_writes_the_draft_and_a_german_summary(tmp_path, capsys) -> None:
    out = tmp_path / "years" / "2020.md"
    out.parent.mkdir()
    assert cli.run([str(SEED), str(out)]) == 0
    printed = capsys.readouterr().out
    events = parse(out.read_text(encoding="utf-8")).events
    assert f"Ereignisse gefunden: {len(events)}" in printed
    assert re.search(r"Doppelte entfernt: [1-9]", printed)
    for fact in ("Ohne Tag", "Kategorie vorgeschlagen", "Organisationen vorgeschlagen"):
        assert fact in printed


def test_cli_refuses_to_overwrite_without_force(tmp_path, capsys) -> None:
    out = tmp_path / "2020.md"
    out.write_text("von Hand\n", encoding="utf-8")
    assert cli.run([str(SEED), str(out)]) != 0
    assert "gibt es schon" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "von Hand\n"
    assert cli.run([str(SEED), str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Jahresrückblick 2020")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Liebe Kolleg*innen,\n\nbitte das Protokoll lesen.\nÄrger!\n".encode(), "nicht wie ein Jahresrückblick"),
        ("17.1. Sitzung der Arbeitsgruppe für Öffentlichkeit\n".encode("latin-1"), "kein Text in UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "kein Text in UTF-8"),
    ],
)
def test_cli_input_that_is_no_review_writes_nothing(tmp_path, capsys, content: bytes, message: str) -> None:
    src, out = tmp_path / "quelle.txt", tmp_path / "2019.md"
    src.write_bytes(content)
    assert cli.run([str(src), str(out)]) != 0
    error = capsys.readouterr().err
    assert error.startswith("Fehler: ")
    assert message in error
    assert not out.exists()


def test_cli_missing_source_and_wrong_year(tmp_path, capsys) -> None:
    assert cli.run([str(tmp_path / "fehlt.txt"), str(tmp_path / "2020.md")]) != 0
    assert "gibt es nicht" in capsys.readouterr().err
    assert cli.run([str(SEED), str(tmp_path / "2019.md")]) != 0
    assert "Jahresrückblick 2020, die Zieldatei heißt aber 2019.md" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_missing_folder_or_a_folder_as_target(tmp_path, capsys) -> None:
    assert cli.run([str(SEED), str(tmp_path / "year" / "2020.md")]) == 1
    assert f"Den Ordner {tmp_path / 'year'} gibt es nicht" in capsys.readouterr().err
    (tmp_path / "2020.md").mkdir()
    assert cli.run([str(SEED), str(tmp_path / "2020.md"), "--force"]) == 1
    assert "ist ein Ordner" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["2020.md"]  # no folder created, nothing written


def test_cli_a_failed_write_leaves_no_partial_file(tmp_path, capsys, monkeypatch) -> None:
    out = tmp_path / "2020.md"
    out.write_text("geprüft\n", encoding="utf-8")

    def disk_full(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    assert cli.run([str(SEED), str(out), "--force"]) == 1
    assert "kein Platz mehr auf dem Datenträger" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "geprüft\n"  # the old file whole, no half draft
    assert [p.name for p in tmp_path.iterdir()] == ["2020.md"]  # and no temporary file left


def test_cli_a_wrong_call_is_answered_in_german(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.run(["nur-eine-datei.txt"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith("Fehler: Falscher Aufruf")


def test_make_import_writes_refuses_and_overwrites_with_force(tmp_path) -> None:
    src, out = tmp_path / "jahresrueckblick-2019.txt", tmp_path / "2019.md"
    src.write_text("Jahresrückblick 2019\n\n**5.12. Treffen**\n\nDEZEMBER 2018\n\n**7.1. Sitzung**\n", "utf-8")

    def make(*extra: str) -> subprocess.CompletedProcess[str]:
        command = ["make", "-s", "-C", str(ROOT), "import", f"SRC={src}", f"OUT={out}", *extra]
        return subprocess.run(command, capture_output=True, text=True)

    first = make()
    assert first.returncode == 0, first.stderr
    assert "Ereignisse gefunden: 2" in first.stdout
    assert parse(out.read_text(encoding="utf-8")).months == ["Dezember 2018", "Januar 2019"]
    out.write_text("geprüft\n", encoding="utf-8")
    again = make()
    assert again.returncode != 0
    assert "gibt es schon" in again.stderr
    assert out.read_text(encoding="utf-8") == "geprüft\n"
    forced = make("FORCE=1")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("# Jahresrückblick 2019")
    missing = subprocess.run(["make", "-s", "-C", str(ROOT), "import"], capture_output=True, text=True)
    assert missing.returncode != 0
    assert "Bitte Textdatei und Zieldatei angeben" in missing.stderr


def test_module_entry_point_runs_without_sphinx(tmp_path) -> None:
    out = tmp_path / "2020.md"
    result = subprocess.run(
        [sys.executable, "-c", "import sys, kok_import.cli; print('sphinx' in sys.modules)"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "_ext")},
        check=True,
    )
    assert result.stdout.strip() == "False"  # pure logic: importing it does not pull in Sphinx
    result = subprocess.run(
        [sys.executable, "-m", "kok_import", str(SEED), str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "_ext")},
    )
    assert result.returncode == 0, result.stderr
    assert out.is_file()


@pytest.mark.parametrize(("force", "flag"), [("FORCE=1", True), ("", False)])
def test_make_import_passes_force(force: str, flag: bool) -> None:
    command = ["make", "-n", "-C", str(ROOT), "import", "SRC=a.txt", "OUT=years/2019.md", *filter(None, [force])]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    (call,) = [line for line in lines if "-m kok_import" in line]
    assert call.endswith("--force") == flag
