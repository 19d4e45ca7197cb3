"""Addresses that last: ``make adressen`` writes each event's address as ``:id:``, once, and
``make check`` names events without one; a corrected title then keeps every shared link working."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from kok_check.invariants import check_fixed_addresses
from kok_check.sources import year_files

from .helpers import ROOT, SecondYear, build_html, fix_addresses, serve

NO_PDF = ("-D", "kok_pdf=0")  # only addresses are read here (make check's builds render the PDFs)


def ids(out: Path) -> dict[str, str]:
    """Title -> address of every exported event."""
    return {event["title"]: event["id"] for event in json.loads((out / "kok-events.json").read_text("utf-8"))["events"]}


def year_texts(project: Path) -> dict[str, str]:
    return {path.name: path.read_text("utf-8") for path in sorted((project / "years").glob("*.md"))}


def test_make_check_names_each_event_without_a_fixed_address_and_make_adressen_fixes_them(
    second_year: SecondYear, tmp_path: Path
) -> None:
    """On the site with a further year whose events have no fixed address yet (its make check run, and
    that of the fixed copy, are shared with other tests: conftest.py)."""
    checked, year = second_year.draft_check, second_year.year
    page = checked.project / "years" / f"{year}.md"
    (written,) = [y for y in year_files(checked.project) if y.path == page.relative_to(checked.project)]
    lines = [event.line for event in written.events]
    assert checked.code == 1
    named = [line for line in checked.printed.splitlines() if "hat noch keine feste Adresse" in line]
    assert [int(re.search(rf"years/{year}\.md:(\d+):", line)[1]) for line in named] == lines
    addresses_before = ids(checked.out)

    source = Path(shutil.copytree(checked.project, tmp_path / "project"))
    assert fix_addresses(source).stdout.splitlines() == [
        f"years/{year}.md: {len(lines)} Ereignisse haben eine feste Adresse bekommen (Zeile :id:).",
        "Die Zeilen :id: bitte nie ändern oder löschen, und die Dateien mit committen.",
    ]
    assert fix_addresses(source).stdout == "Alle Ereignisse haben schon eine feste Adresse (:id:).\n"
    assert year_texts(source) == year_texts(second_year.fixed)  # what make adressen wrote: the fixed copy …
    fixed = second_year.fixed_check  # … whose make check is this
    assert fixed.code == 0, fixed.printed
    assert ids(fixed.out) == addresses_before  # the addresses are the ones published before


def test_a_corrected_title_keeps_its_address(second_year: SecondYear, tmp_path: Path) -> None:
    before = ids(second_year.fixed_check.out)
    source = Path(shutil.copytree(second_year.fixed, tmp_path / "project"))
    page = source / "years" / f"{second_year.year}.md"
    page.write_text(page.read_text("utf-8").replace("Europäischer Tag gegen", "Europäischer Aktionstag gegen"), "utf-8")
    after = ids(build_html(source, tmp_path / "after", *NO_PDF))
    assert after["Europäischer Aktionstag gegen Menschenhandel"] == before["Europäischer Tag gegen Menschenhandel"]
    assert "tag-gegen-menschenhandel" in after["Europäischer Aktionstag gegen Menschenhandel"]  # not made anew


def test_without_a_fixed_address_a_corrected_title_would_move_the_event(
    second_year: SecondYear, tmp_path: Path
) -> None:
    """Why the :id: matters: the automatic address follows the title."""
    before = ids(second_year.draft_check.out)
    source = Path(shutil.copytree(second_year.draft, tmp_path / "project"))
    page = source / "years" / f"{second_year.year}.md"
    page.write_text(page.read_text("utf-8").replace("Europäischer Tag gegen", "Europäischer Aktionstag gegen"), "utf-8")
    after = ids(build_html(source, tmp_path / "after", *NO_PDF))
    assert after["Europäischer Aktionstag gegen Menschenhandel"] != before["Europäischer Tag gegen Menschenhandel"]


def test_the_real_archive_has_fixed_addresses_only() -> None:
    assert check_fixed_addresses(ROOT) == []


def test_an_old_address_of_an_event_moved_to_another_year_leads_to_it(
    second_year: SecondYear, tmp_path: Path, browser: Any
) -> None:
    source, year = Path(shutil.copytree(second_year.fixed, tmp_path / "project")), second_year.year
    page = source / "years" / f"{year}.md"
    text = page.read_text("utf-8")
    start = text.index(":::{kok-event} Online-Austausch der Fachberatungsstellen")
    end = text.index(":::\n", text.index(":category:", start)) + 4
    moved = text[start:end]
    anchor = re.search(r"^:id: (\S+)$", moved, re.M)[1]
    page.write_text(text[:start] + text[end:], "utf-8")
    first = source / "years" / "2020.md"
    first.write_text(first.read_text("utf-8") + "\n" + moved, "utf-8")
    site = build_html(source, tmp_path / "html", *NO_PDF)
    assert f'id="{anchor}"' in (site / "years" / "2020.html").read_text("utf-8")
    for served in serve(site):
        reader = browser.new_page()
        reader.goto(f"{served}/years/{year}.html#{anchor}")  # the address shared before the move
        reader.wait_for_url(f"{served}/years/2020.html#{anchor}")
        assert reader.locator(f"#{anchor}").is_visible()
        reader.goto(f"{served}/years/{year}.html#monat-{year}-03")  # an address the page holds: it stays
        reader.wait_for_timeout(300)
        assert reader.url.endswith(f"/years/{year}.html#monat-{year}-03")
        reader.close()
