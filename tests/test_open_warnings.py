"""Warnings stay visible until they are fixed, and ``make html`` says so in German."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_escape_sequences

from .helpers import SecondYear, make_html, open_warnings, touch


@pytest.mark.slow
@pytest.mark.parametrize("parallel", [1, 2])
def test_every_build_shows_every_open_warning_until_it_is_fixed(
    make_app: Any, rootdir: Path, tmp_path: Path, parallel: int
) -> None:
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-warnings", srcdir)
    fresh = open_warnings(make_app, srcdir, freshenv=True, parallel=parallel)
    assert any(w.endswith("[kok.category]") for w in fresh)  # read-time warnings
    assert any(w.endswith("[kok.org]") for w in fresh)  # and those of the checks across pages
    assert open_warnings(make_app, srcdir, freshenv=False, parallel=parallel) == fresh  # nothing changed: all again

    other = srcdir / "years" / "other.md"  # fix one page: its warnings go, the others stay
    touch(other, "# Andere Seite\n\nNichts mehr falsch.\n")
    fixed = open_warnings(make_app, srcdir, freshenv=False, parallel=parallel)
    assert fixed == [w for w in fresh if not w.startswith(f"{other}:") and "years/other.md:" not in w]
    assert open_warnings(make_app, srcdir, freshenv=False, parallel=parallel) == fixed


def test_suppressed_warnings_stay_suppressed_on_the_next_build(make_app: Any, rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-warnings", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'suppress_warnings = ["kok.category"]\n', encoding="utf-8")
    fresh = open_warnings(make_app, srcdir, freshenv=True)
    assert fresh
    assert not any(w.endswith("[kok.category]") for w in fresh)
    assert open_warnings(make_app, srcdir, freshenv=False) == fresh


@pytest.mark.slow
def test_make_html_prints_only_warnings_and_a_german_closing_line(second_year: SecondYear, tmp_path: Path) -> None:
    project, year = Path(shutil.copytree(second_year.fixed, tmp_path / "project")), second_year.year
    page = project / "years" / f"{year}.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":category: politik", ":category: Politk", 1))
    line = page.read_text(encoding="utf-8").splitlines().index(":category: Politk") + 1
    for _ in range(2):  # a second build re-reads nothing and still lists the warning
        result = make_html(project, tmp_path / "html")
        assert result.returncode == 0
        assert result.stdout.splitlines() == [
            f"Baue die Website nach {tmp_path / 'html'}/ …",
            f"Baue die Ausgabe »en« nach {tmp_path / 'html'}/en/ …",  # its warning is the same: shown once
            "Fertig, aber 1 Warnung ist offen (oben, mit Datei und Zeile). "
            "Was sie bedeuten: docs/anleitung/warnungen.md.",
            "Zusammenfassung:",  # and where it is, again (tests/test_summary.py)
            f"  Inhalt: 1 Warnung – years/{year}.md:{line}",
        ]
        (warning,) = strip_escape_sequences(result.stderr).splitlines()  # coloured where CI=true
        assert warning.startswith(f"{page}:")
        assert warning.endswith("[kok.category]")

    page.write_text(page.read_text(encoding="utf-8").replace(":category: Politk", ":category: politik"))
    result = make_html(project, tmp_path / "html")
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith(f"Fertig: Die Website liegt in {tmp_path / 'html'}/")
