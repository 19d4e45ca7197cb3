"""Addresses that last: ``make adressen`` writes each event's address as ``:id:``, once, and
``make check`` names events without one; a corrected title then keeps every shared link working."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from kok_check.cli import run as run_check
from kok_check.invariants import check_fixed_addresses
from kok_check.sources import year_files

from .helpers import ROOT, add_second_year, build_html, copy_of_the_site, fix_addresses, serve


def ids(out: Path) -> dict[str, str]:
    """Title -> address of every exported event."""
    return {event["title"]: event["id"] for event in json.loads((out / "kok-events.json").read_text("utf-8"))["events"]}


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, int]:
    """The site with a further year whose events have no fixed address yet."""
    project = copy_of_the_site(tmp_path / "project")
    return project, add_second_year(project, fixed=False)


def test_make_check_names_each_event_without_a_fixed_address_and_make_adressen_fixes_them(
    project: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, year = project
    page = source / "years" / f"{year}.md"
    (written,) = [y for y in year_files(source) if y.path == page.relative_to(source)]
    lines = [event.line for event in written.events]
    assert run_check([str(source), "--out", str(tmp_path / "before")]) == 1
    named = [line for line in capsys.readouterr().out.splitlines() if "hat noch keine feste Adresse" in line]
    assert [int(re.search(rf"years/{year}\.md:(\d+):", line)[1]) for line in named] == lines
    addresses_before = ids(tmp_path / "before")

    assert fix_addresses(source).stdout.splitlines() == [
        f"years/{year}.md: {len(lines)} Ereignisse haben eine feste Adresse bekommen (Zeile :id:).",
        "Die Zeilen :id: bitte nie ändern oder löschen, und die Dateien mit committen.",
    ]
    assert fix_addresses(source).stdout == "Alle Ereignisse haben schon eine feste Adresse (:id:).\n"
    assert run_check([str(source), "--out", str(tmp_path / "after")]) == 0
    assert ids(tmp_path / "after") == addresses_before  # the addresses are the ones published before


def test_a_corrected_title_keeps_its_address(project: tuple[Path, int], tmp_path: Path) -> None:
    source, year = project
    fix_addresses(source)
    before = ids(build_html(source, tmp_path / "before"))
    page = source / "years" / f"{year}.md"
    page.write_text(page.read_text("utf-8").replace("Europäischer Tag gegen", "Europäischer Aktionstag gegen"), "utf-8")
    after = ids(build_html(source, tmp_path / "after"))
    assert after["Europäischer Aktionstag gegen Menschenhandel"] == before["Europäischer Tag gegen Menschenhandel"]
    assert "tag-gegen-menschenhandel" in after["Europäischer Aktionstag gegen Menschenhandel"]  # not made anew


def test_without_a_fixed_address_a_corrected_title_would_move_the_event(
    project: tuple[Path, int], tmp_path: Path
) -> None:
    """Why the :id: matters: the automatic address follows the title."""
    source, year = project
    before = ids(build_html(source, tmp_path / "before"))
    page = source / "years" / f"{year}.md"
    page.write_text(page.read_text("utf-8").replace("Europäischer Tag gegen", "Europäischer Aktionstag gegen"), "utf-8")
    after = ids(build_html(source, tmp_path / "after"))
    assert after["Europäischer Aktionstag gegen Menschenhandel"] != before["Europäischer Tag gegen Menschenhandel"]


def test_the_real_archive_has_fixed_addresses_only() -> None:
    assert check_fixed_addresses(ROOT) == []


def test_an_old_address_of_an_event_moved_to_another_year_leads_to_it(
    project: tuple[Path, int], tmp_path: Path, browser: Any
) -> None:
    source, year = project
    fix_addresses(source)
    page = source / "years" / f"{year}.md"
    text = page.read_text("utf-8")
    start = text.index(":::{kok-event} Online-Austausch der Fachberatungsstellen")
    end = text.index(":::\n", text.index(":category:", start)) + 4
    moved = text[start:end]
    anchor = re.search(r"^:id: (\S+)$", moved, re.M)[1]
    page.write_text(text[:start] + text[end:], "utf-8")
    first = source / "years" / "2020.md"
    first.write_text(first.read_text("utf-8") + "\n" + moved, "utf-8")
    site = build_html(source, tmp_path / "html")
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
