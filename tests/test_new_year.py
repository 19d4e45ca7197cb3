"""``make jahr JAHR=…``: a new year file from years/_vorlage.md, the year filled in, no example published."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kok_archive.core import files
from kok_archive.reading import leftovers
from kok_tools import new_year

from .helpers import ROOT, article, text_of

TEMPLATE = ROOT / "years" / "_vorlage.md"
LIVE_EVENT = re.compile(r"^\s*(?::{3,}|`{3,})\s*\{kok-event\}", re.MULTILINE)  # a fence opening an event


@pytest.fixture
def years(tmp_path: Path) -> Path:
    """A years folder holding only the real template."""
    folder = tmp_path / "years"
    folder.mkdir()
    shutil.copy(TEMPLATE, folder / "_vorlage.md")
    return folder


def test_the_new_file_has_the_year_everywhere_and_the_examples_only_as_comments(years: Path, capsys) -> None:
    assert new_year.run(["2021"], years) == 0
    text = (years / "2021.md").read_text(encoding="utf-8")
    template = TEMPLATE.read_text(encoding="utf-8").splitlines(keepends=True)
    # the template's lines about itself ("make jahr JAHR=2021 … schreibt years/2021.md") are not kept
    assert [line for line in template if line.startswith("% Vorlage:")]
    assert text == "".join(line for line in template if not line.startswith("% Vorlage:")).replace("JJJJ", "2021")
    assert "Vorlage" not in text
    assert "make jahr" not in text
    assert text.startswith("# Jahresrückblick 2021\n")
    assert "JJJJ" not in text
    assert LIVE_EVENT.search(text) is None
    assert "% :::{kok-event} Beispiel:" in text
    assert "% :date: 2021-01-20" in text
    printed = capsys.readouterr().out
    assert "Neues Jahr angelegt:" in printed
    assert "2021.md" in printed
    steps = [
        printed.index(step) for step in ("öffnen", "Vorwort", "Ereignisse", "make html", "make adressen", "make check")
    ]
    assert steps == sorted(steps)  # make adressen after the events are written, before make check demands it


def test_the_template_says_make_jahr_and_a_hand_copy_publishes_no_example() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    assert "make jahr JAHR=2021" in template
    assert template.index("make html") < template.index("make adressen") < template.index("make check")
    assert LIVE_EVENT.search(template) is None
    assert "2099" not in template  # the old live examples
    assert "\\*" not in template  # gender stars as staff write them: plain (kok_archive.reading.stars)
    assert (
        "Gendersternchen einfach schreiben (Kolleg*innen)" in template
    )  # plain stars work (kok_archive.reading.stars)


def test_the_new_year_and_a_hand_copy_publish_no_event_and_warn_only_about_the_placeholders(
    years: Path, tmp_path: Path
) -> None:
    """The real configuration and index pages; the template beside the new files, as in the repository.
    The only warnings: the foreword and signature still to be written (kok.template)."""
    project = years.parent
    for name in ("conf.py", "index.md", "organisationen.md", "kategorien.md", "organisationen.toml"):
        shutil.copy(ROOT / name, project / name)
    (project / "_static").mkdir()
    assert new_year.run(["2021"], years) == 0
    (years / "2022.md").write_text(TEMPLATE.read_text(encoding="utf-8").replace("JJJJ", "2022"), encoding="utf-8")
    out = tmp_path / "html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-E",
            "-n",
            "--keep-going",
            "-q",
            "--no-color",
            "-b",
            "html",
            str(project),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")},
    )
    assert result.returncode == 0, result.stderr
    warned = sorted(
        (Path(line.split(":")[0]).name, re.findall(r"»(.*?)«", line)[0]) for line in result.stderr.splitlines()
    )
    assert [line for line in result.stderr.splitlines() if not line.endswith("[kok.template]")] == []
    assert warned == [
        (f"{year}.md", placeholder) for year in (2021, 2022) for placeholder in sorted(leftovers.PLACEHOLDERS)
    ]
    assert not (out / "years" / "_vorlage.html").exists()  # the template itself is never published
    for year in (2021, 2022):
        page = article(out / "years" / f"{year}.html")
        assert text_of(page.find("h1")).startswith(f"Jahresrückblick {year}")
        assert page.find_all("div", class_="kok-event") == []
        assert "Beispiel" not in text_of(page)


def test_a_second_call_refuses_and_leaves_the_file_unchanged(years: Path, capsys) -> None:
    assert new_year.run(["2021"], years) == 0
    (years / "2021.md").write_text("schon bearbeitet\n", encoding="utf-8")
    capsys.readouterr()
    assert new_year.run(["2021"], years) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fehler: ")
    assert "gibt es schon" in error
    assert "nicht überschrieben" in error
    assert (years / "2021.md").read_text(encoding="utf-8") == "schon bearbeitet\n"
    assert sorted(p.name for p in years.iterdir()) == ["2021.md", "_vorlage.md"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "Bitte das Jahr angeben"),
        ([""], "Bitte das Jahr angeben"),
        (["21"], "keine gültige Jahreszahl"),
        (["20211"], "keine gültige Jahreszahl"),
        (["JJJJ"], "keine gültige Jahreszahl"),
        (["-202"], "keine gültige Jahreszahl"),
        ([" 2021"], "keine gültige Jahreszahl"),
        (["２０２１"], "keine gültige Jahreszahl"),  # full-width digits are digits to Python, not to us
        (["0999"], "1000 bis 9998"),
        (["9999"], "1000 bis 9998"),
        (["2021", "2022"], "nur ein Jahr"),
    ],
)
def test_a_missing_or_invalid_year_is_refused_in_german(years: Path, capsys, argv: list[str], message: str) -> None:
    assert new_year.run(argv, years) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fehler: ")
    assert message in error
    assert [p.name for p in years.iterdir()] == ["_vorlage.md"]


@pytest.mark.parametrize("year", ["1000", "9998"])
def test_the_first_and_last_year_are_accepted(years: Path, year: str) -> None:
    assert new_year.run([year], years) == 0
    assert (years / f"{year}.md").read_text(encoding="utf-8").startswith(f"# Jahresrückblick {year}\n")


def test_a_template_with_a_live_event_is_refused(years: Path, capsys) -> None:
    template = years / "_vorlage.md"
    template.write_text("# Jahresrückblick JJJJ\n\n:::{kok-event} Beispiel\n:date: JJJJ-01-20\n:::\n", "utf-8")
    assert new_year.run(["2021"], years) == 1
    assert "in Zeile 3 ein Ereignis, das veröffentlicht würde" in capsys.readouterr().err
    assert not (years / "2021.md").exists()


def test_a_missing_template_and_a_failed_write(years: Path, capsys, monkeypatch) -> None:
    def disk_full(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    assert new_year.run(["2021"], years) == 1
    assert "kein Platz mehr auf dem Datenträger" in capsys.readouterr().err
    assert [p.name for p in years.iterdir()] == ["_vorlage.md"]  # no file, no temporary file
    (years / "_vorlage.md").unlink()
    assert new_year.run(["2021"], years) == 1
    assert "Die Vorlage" in capsys.readouterr().err


def test_make_jahr_creates_refuses_and_asks_for_the_year(tmp_path: Path) -> None:
    """Through the Makefile, in a copy of the project: the real years/ is never touched."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "_ext", copy / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "years").mkdir()
    for name in ("Makefile", "requirements.txt", "years/_vorlage.md"):
        shutil.copy2(ROOT / name, copy / name)
    venv = ROOT / ".venv"
    env = {key: value for key, value in os.environ.items() if key not in {"JAHR", "MAKEFLAGS", "MAKELEVEL"}}

    def make(*variables: str) -> subprocess.CompletedProcess[str]:
        # the shared environment is used as it is, never reinstalled (-o: take .site as up to date)
        command = ["make", "-s", "-C", str(copy), "-o", f"{venv}/.site", "jahr", f"VENV={venv}", *variables]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    first = make("JAHR=2021")
    assert first.returncode == 0, first.stderr
    assert "Neues Jahr angelegt: years/2021.md" in first.stdout
    created = (copy / "years" / "2021.md").read_text(encoding="utf-8")
    assert created.startswith("# Jahresrückblick 2021\n")
    assert "JJJJ" not in created
    (copy / "years" / "2021.md").write_text("schon bearbeitet\n", encoding="utf-8")
    again = make("JAHR=2021")
    assert again.returncode != 0
    assert "gibt es schon" in again.stderr
    assert (copy / "years" / "2021.md").read_text(encoding="utf-8") == "schon bearbeitet\n"
    missing = make()
    assert missing.returncode != 0
    assert "Bitte das Jahr angeben" in missing.stderr
    invalid = make("JAHR=21")
    assert invalid.returncode != 0
    assert "keine gültige Jahreszahl" in invalid.stderr
    assert sorted(p.name for p in (copy / "years").iterdir()) == ["2021.md", "_vorlage.md"]


def test_the_tool_runs_without_sphinx() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys, kok_tools.new_year; print('sphinx' in sys.modules)"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "_ext")},
        check=True,
    )
    assert result.stdout.strip() == "False"  # pure logic: the tool does not pull in Sphinx


def test_the_placeholders_kok_template_warns_about_stand_in_the_template() -> None:
    from kok_archive.reading.leftovers import EXAMPLE_TITLE, PLACEHOLDERS

    template = TEMPLATE.read_text(encoding="utf-8")
    assert [placeholder for placeholder in PLACEHOLDERS if placeholder not in template] == []
    assert f"{{kok-event}} {EXAMPLE_TITLE}" in template  # every example's title starts with it
    examples = re.findall(r"\{kok-event\} (.*)", template)
    assert examples
    assert all(title.startswith(EXAMPLE_TITLE) for title in examples)


def test_the_new_file_is_readable_like_any_other(years: Path) -> None:
    """Written through a temporary file (mode 0600), but the year file follows the umask as an editor's would."""
    old = os.umask(0o022)
    try:
        assert new_year.run(["2021"], years) == 0
    finally:
        os.umask(old)
    assert (years / "2021.md").stat().st_mode & 0o777 == 0o644
