"""``make check`` (kok_check): each content check finds what it is there to find.

The site under test is a copy of the real one with a second year added; each test damages
one built file the way a defect of the extension would, and the check must name it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from kok_check.cli import run, summary, warnings_of
from kok_check.invariants import (
    Problem,
    check_category_index,
    check_counts,
    check_exports,
    check_home,
    check_organisation_index,
    check_printed,
    check_search,
    check_site,
    check_year_pages,
)
from kok_check.site import Site
from kok_check.sources import year_files

from .helpers import SecondYear


@pytest.fixture(scope="module")
def built(second_year: SecondYear) -> tuple[Path, Path]:
    """A two-year copy of the real site and its clean build (make check's, shared: conftest.py)."""
    checked = second_year.fixed_check
    assert checked.code == 0, checked.printed
    return checked.project, checked.out


@pytest.fixture
def damaged(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Site]:
    """A copy of the built site to damage."""
    out = tmp_path / "html"
    shutil.copytree(built[1], out)
    return out, Site(out)


def first_event(out: Path) -> dict[str, str]:
    return dict(json.loads((out / "kok-events.json").read_text(encoding="utf-8"))["events"][0])


def edit_html(path: Path, change: Callable[[BeautifulSoup], None]) -> None:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    change(soup)
    path.write_text(str(soup), encoding="utf-8")


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(problem) for problem in problems)


def test_the_clean_two_year_site_has_no_problem(built: tuple[Path, Path]) -> None:
    assert check_site(*built) == []


def test_an_event_the_site_does_not_show_is_named_with_its_line(built: tuple[Path, Path], tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built[0], project)
    year = sorted((project / "years").glob("2*.md"))[-1]
    year.write_text(year.read_text(encoding="utf-8") + "\n:::{kok-event} Nachgetragen\n:date: 2021-06\n:::\n")
    line = year.read_text(encoding="utf-8").splitlines().index(":::{kok-event} Nachgetragen") + 1
    found = messages(check_counts(project, Site(built[1])))
    assert f"years/{year.name}: Die Datei enthält" in found
    assert f"years/{year.name}:{line}: »Nachgetragen« fehlt auf der Website." in found


def test_a_missing_doubled_or_misplaced_event_on_its_page(damaged: tuple[Path, Site]) -> None:
    out, site = damaged
    event = first_event(out)
    page, anchor = event["url"].split("#")
    other = next(
        s for s in site.page(page).find_all("section", class_="kok-month") if s["id"] != f"monat-{event['month']}"
    )

    def move(soup: BeautifulSoup) -> None:
        box = soup.find(id=anchor)
        target = soup.find(id=other["id"])
        assert box is not None
        assert target is not None
        target.append(box.extract())

    edit_html(out / page, move)
    found = messages(check_year_pages(Site(out)))
    assert f"steht in {other['id']} statt in monat-{event['month']}" in found

    edit_html(out / page, lambda soup: soup.find(id=anchor).decompose())
    assert f"»{event['title']}« fehlt auf der Seite" in messages(check_year_pages(Site(out)))


def test_a_wrong_count_on_the_home_page(damaged: tuple[Path, Site]) -> None:
    out, _ = damaged

    def recount(soup: BeautifulSoup) -> None:
        item = soup.select_one("ul.kok-years li a")
        assert item is not None
        item.parent.append(" – 999 Ereignisse")

    edit_html(out / "index.html", recount)
    assert "statt mit" in messages(check_home(Site(out)))


def test_a_missing_or_broken_pdf_and_a_missing_link(damaged: tuple[Path, Site]) -> None:
    out, _ = damaged
    pdfs = sorted(out.glob("jahresrueckblick-*.pdf"))
    assert len(pdfs) == len(
        {row["url"].split("#")[0] for row in json.loads((out / "kok-events.json").read_text())["events"]}
    )
    assert check_printed(Site(out)) == []
    pdfs[0].write_bytes(b"<html>")  # broken
    pdfs[-1].unlink()  # missing
    problems = messages(check_printed(Site(out)))
    assert f"Das PDF {pdfs[0].name} fehlt oder ist beschädigt" in problems
    assert f"Das PDF {pdfs[-1].name} fehlt oder ist beschädigt" in problems
    edit_html(out / "index.html", lambda soup: soup.select_one(".kok-printed").decompose())
    assert f"Das PDF {pdfs[0].name} fehlt bei den Jahresrückblicken als PDF" in messages(check_printed(Site(out)))


def test_an_event_missing_from_each_index(damaged: tuple[Path, Site]) -> None:
    out, _ = damaged
    anchor = first_event(out)["id"]
    pages = [path.relative_to(out).as_posix() for path in sorted(out.glob("[ko][ar][tg]*/*.html"))]
    assert any(page.startswith("kategorien/") for page in pages)
    assert any(page.startswith("organisationen/") for page in pages)
    for index in pages:
        edit_html(out / index, lambda soup: [a.parent.decompose() for a in soup.select(f'a[href$="#{anchor}"]')])
    assert "fehlt unter" in messages(check_category_index(Site(out)))
    assert "listet nicht genau die Ereignisse" in messages(check_organisation_index(Site(out)))


def test_an_event_missing_from_the_table_a_calendar_or_the_search(damaged: tuple[Path, Site]) -> None:
    out, _ = damaged
    event = first_event(out)
    csv = (out / "kok-events.csv").read_text(encoding="utf-8-sig").splitlines()
    (out / "kok-events.csv").write_text("\n".join(line for line in csv if not line.startswith(event["id"])) + "\n")
    calendar = (out / "kok-events.ics").read_text(encoding="utf-8")
    (out / "kok-events.ics").write_text(re.sub(r"BEGIN:VEVENT.*?END:VEVENT\r?\n", "", calendar, count=1, flags=re.S))
    found = messages(check_exports(Site(out)))
    assert "kok-events.csv: Die Tabelle enthält nicht genau" in found
    assert "kok-events.ics: Der Kalender enthält nicht genau" in found

    for chunk in (out / "_static" / "kok-suche").glob("d-*.js"):
        chunk.write_text(chunk.read_text(encoding="utf-8").replace(f'"{event["id"]}"', '"weg"'))
    assert "Die Ereignissuche ist unvollständig" in messages(check_search(Site(out)))


def test_warnings_become_problems_with_file_and_line(tmp_path: Path) -> None:
    stderr = (  # the second one coloured, as Sphinx writes it where CI=true
        f"{tmp_path}/years/2021.md:12: WARNING: Unbekannte Kategorie »Politk«; erlaubt sind … [kok.category]\n"
        f"\x1b[91m{tmp_path}/index.md:3: WARNING: eine Warnung\n    über zwei Zeilen\x1b[39;49;00m\n"
        "WARNING: Das Organisationsverzeichnis fehlt. [kok.config]\n"
    )
    assert [str(p) for p in warnings_of(stderr, tmp_path)] == [
        "years/2021.md:12: Unbekannte Kategorie »Politk«; erlaubt sind … [kok.category]",
        "index.md:3: eine Warnung\n    über zwei Zeilen",
        "Das Organisationsverzeichnis fehlt. [kok.config]",  # a warning without a place counts too
    ]


def test_make_check_lists_an_authors_mistake_in_german(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(built[0], project)
    year = sorted((project / "years").glob("2*.md"))[-1]
    text = year.read_text(encoding="utf-8")
    year.write_text(text.replace(":category: politik", ":category: Politk", 1), encoding="utf-8")
    line = year.read_text(encoding="utf-8").splitlines().index(":category: Politk") + 1
    assert run([str(project), "--out", str(tmp_path / "html")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "1 Problem gefunden:"
    assert out[2].startswith(f"- years/{year.name}:{line}: Unbekannte Kategorie »Politk«; gemeint ist wohl »politik«")
    assert out[2].endswith("[kok.category]")


def test_the_summary_counts_years_and_events(built: tuple[Path, Path]) -> None:
    text = summary(built[0], [])
    assert re.fullmatch(r"Alles in Ordnung: \d+ Jahre, \d+ Ereignisse", text)


def test_events_in_html_comments_and_code_blocks_are_not_counted(tmp_path: Path) -> None:
    (tmp_path / "years").mkdir()
    (tmp_path / "years" / "2021.md").write_text(
        "# Jahresrückblick 2021\n\n<!--\n:::{kok-event} Noch nicht veröffentlichen\n:::\n-->\n\n"
        "```markdown\n:::{kok-event} Ein Beispiel als Code\n:::\n```\n\n"
        ":::{kok-event} Echt\n:date: 2021-01-05\n:::\n\n"
        "```{kok-event} Auch echt, mit Backticks\n:date: 2021-02-05\n```\n\n"
        ":::{kok-event} Das dritte\n:date: 2021-03-05\n:::\n",
        encoding="utf-8",
    )
    (year,) = year_files(tmp_path)
    assert [(event.line, event.title) for event in year.events] == [
        (13, "Echt"),
        (17, "Auch echt, mit Backticks"),
        (21, "Das dritte"),
    ]


def test_make_check_builds_without_the_public_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Its checks compare relative links; ``KOK_ADRESSE=… make check`` checks the same content."""
    from kok_check.cli import _environment

    monkeypatch.setenv("KOK_ADRESSE", "https://archiv.example.org/kok/")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://kok-archiv.readthedocs.io/de/latest/")
    environment = _environment(tmp_path)
    assert "KOK_ADRESSE" not in environment
    assert "READTHEDOCS_CANONICAL_URL" not in environment


def test_the_summary_speaks_of_one_year_and_one_event(tmp_path: Path) -> None:
    (tmp_path / "years").mkdir()
    (tmp_path / "years" / "2021.md").write_text("# 2021\n\n:::{kok-event} Eins\n:date: 2021-01-05\n:::\n", "utf-8")
    assert summary(tmp_path, []) == "Alles in Ordnung: 1 Jahr, 1 Ereignis"
