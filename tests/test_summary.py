"""The closing summary of ``make html``, ``make check`` and ``make livehtml``: the content warnings
with file and line, the organisations missing from the registry, and one block to paste for all of them.

One small root (tests/roots/test-summary) with four content warnings and nine unknown organisations
in fourteen mentions, built once as ``make html`` builds it; tests that edit sources use a copy.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from kok_archive.publishing.build_report import REPORT_FILE
from kok_check.cli import run as make_check
from kok_tools.summary import PLACES_SHOWN, find_report, places, summary
from sphinx.util.console import strip_escape_sequences

from .helpers import ROOT, copy_of_the_site, make_html, touch

CONTENT = "  Inhalt: 4 Warnungen – years/2021.md:11; years/2022.md:3, 11, 18"
MISSING = "  Organisationsverzeichnis: 9 Organisationen fehlen (14 Nennungen)."
PASTE_HEADING = "Diese Zeilen am Ende von organisationen.toml einfügen, dann erneut bauen:"
NEW_NAMES = [  # German A–Z: Ä under A, Õ under O
    "Amt für Soziales",
    "Ärztekammer Nord",
    "Beratungsstelle Mitte",
    "Bundesamt für Migration und Flüchtlnge",
    "Fachberatung Süd",
    "Landeskriminalamt Berlin",
    "Õsterreichischer Verein",
    'Verein "Hilfe" Nord',
    "Zentrum für Betroffene",
]


def closing(stdout: str) -> str:
    """What follows the closing line: the summary and its block."""
    return stdout.partition("Was sie bedeuten: docs/anleitung/warnungen.md.\n")[2]


def pasted(stdout: str) -> str:
    return stdout.partition(f"{PASTE_HEADING}\n\n")[2]


def kok_warnings(stderr: str, subtype: str) -> list[str]:
    return [w for w in strip_escape_sequences(stderr).splitlines() if w.endswith(f"[kok.{subtype}]")]


@pytest.fixture(scope="module")
def built(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The root built as ``make html`` builds it: the project, stdout and stderr."""
    project = tmp_path_factory.mktemp("summary") / "project"
    shutil.copytree(rootdir / "test-summary", project)
    result = make_html(project)
    assert result.returncode == 0, result.stderr
    return project, result.stdout, result.stderr


@pytest.fixture
def copy(built: tuple[Path, str, str], tmp_path: Path) -> Path:
    """A copy of the built project (sources and build) to edit."""
    project = tmp_path / "project"
    shutil.copytree(built[0], project)
    return project


def test_make_html_ends_with_both_counts_and_one_block_to_paste(built: tuple[Path, str, str]) -> None:
    _, stdout, stderr = built
    assert closing(stdout).startswith(f"Zusammenfassung:\n{CONTENT}\n{MISSING}\n\n{PASTE_HEADING}\n\n")
    block = pasted(stdout)
    assert stdout.endswith(block)  # the block ends the output: nothing to leave out when copying
    entries = tomllib.loads(block)["organisation"]
    typo = "Bundesamt für Migration und Flüchtlnge"  # like a registered name: a comment, registers nothing
    assert [entry["name"] for entry in entries] == [name for name in NEW_NAMES if name != typo]
    assert entries[3] == {"name": "Fachberatung Süd", "auch": ["Fachberatung Sued"]}  # one entry, no clash
    assert "# ähnlich: »Bundesamt für Migration und Flüchtlinge (BAMF)«. Ist sie gemeint" in block
    assert f'# name = "{typo}"' in block
    uncommented = block.replace("# [[organisation]]", "[[organisation]]").replace("# name =", "name =")
    assert [entry["name"] for entry in tomllib.loads(uncommented)["organisation"]] == NEW_NAMES
    assert "bamf" not in block  # a registered name in other case: corrected in the text, not registered
    # the content warnings stand above the organisations' ones
    lines = strip_escape_sequences(stderr).splitlines()
    first_org = next(n for n, line in enumerate(lines) if line.endswith("[kok.org]"))
    assert all(n < first_org for n, line in enumerate(lines) if re.search(r"\[kok\.(category|date|option)\]$", line))


def test_a_second_build_with_nothing_changed_gives_the_same_summary(copy: Path, built: tuple[Path, str, str]) -> None:
    report = (copy / "_build" / "html" / ".doctrees" / REPORT_FILE).read_text(encoding="utf-8")
    again = make_html(copy)
    assert closing(again.stdout) == closing(built[1])
    assert (copy / "_build" / "html" / ".doctrees" / REPORT_FILE).read_text(encoding="utf-8") == report


def test_fixed_warnings_leave_the_summary_and_the_block_leaves_no_organisation_to_add(copy: Path) -> None:
    page = copy / "years" / "2021.md"
    touch(page, page.read_text(encoding="utf-8").replace(":category: feier", ":category: politik"))
    fixed = make_html(copy)  # only 2021.md is read again
    assert "  Inhalt: 3 Warnungen – years/2022.md:3, 11, 18\n" in fixed.stdout
    assert MISSING in fixed.stdout

    registry = copy / "organisationen.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n" + pasted(fixed.stdout), encoding="utf-8")
    result = make_html(copy)
    assert closing(result.stdout).startswith(
        "Zusammenfassung:\n  Inhalt: 3 Warnungen – years/2022.md:3, 11, 18\n"
        "  Organisationsverzeichnis: 1 Organisation fehlt (1 Nennung).\n"
    )
    assert not kok_warnings(result.stderr, "config")  # the pasted entries clash with nothing
    # left: the misspelling (a content warning all along) and the likely typo, which the block only
    # offers as a comment: a decision for the author, never registered by pasting
    left = kok_warnings(result.stderr, "org")
    assert len(left) == 2, left
    assert any("»bamf«" in warning for warning in left), left
    assert "»Bundesamt für Migration und Flüchtlnge« steht nicht im Organisationsverzeichnis" in result.stderr
    assert kok_warnings(result.stderr, "date") == kok_warnings(fixed.stderr, "date")


def test_a_parallel_build_with_every_warning_an_error_gives_the_same_summary(
    copy: Path, built: tuple[Path, str, str]
) -> None:
    shutil.rmtree(copy / "_build")
    result = make_html(copy, None, "-j", "2", "-W")
    assert result.returncode == 1
    assert result.stdout.endswith(closing(built[1]))  # the summary is no warning: -W does not count it
    warning_lines = [line for line in strip_escape_sequences(result.stderr).splitlines() if "WARNING:" in line]
    assert len(warning_lines) == 18


def test_make_check_ends_with_the_summary(rootdir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On a copy of the real site (make check's content checks need its pages) with the root's 2022."""
    project = copy_of_the_site(tmp_path / "project")
    shutil.copy(rootdir / "test-summary" / "years" / "2022.md", project / "years" / "2022.md")
    assert make_check([str(project), "--out", str(tmp_path / "check")]) == 1
    out = capsys.readouterr().out
    report = find_report(tmp_path / "check.doctrees")
    assert report is not None
    closing = summary(report)
    problems, _, rest = out.rpartition(f"{closing}\n")
    assert rest == ""  # the block to paste ends the output
    before, _, editions = problems.partition("(Anleitung: docs/anleitung/warnungen.md).\n")
    assert before  # after the problems, and each edition's translations
    assert all(line.startswith(("Ausgabe »", "  ")) for line in editions.splitlines())
    assert "  Inhalt: 3 Warnungen – years/2022.md:3, 11, 18" in closing
    assert "Organisationsverzeichnis: 8 Organisationen fehlen (8 Nennungen)." in closing
    assert pasted(out).count("[[organisation]]") == 8  # one of them commented: like a registered name


def test_make_livehtml_ends_each_build_with_the_summary(built: tuple[Path, str, str]) -> None:
    """The Makefile's command line, as sphinx-autobuild runs its --post-build command."""
    project, stdout, _ = built
    dry_run = subprocess.run(
        ["make", "-n", "livehtml", f"BUILDDIR={project / '_build'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    (line,) = [line for line in dry_run.stdout.replace("\\\n", " ").splitlines() if "sphinx-autobuild" in line]
    words = shlex.split(line)
    program = next(n for n, word in enumerate(words) if word.endswith("sphinx-autobuild"))
    variables = dict(word.split("=", 1) for word in words[:program])
    assert variables == {"PYTHONPATH": "_ext"}
    post_build = shlex.split(words[words.index("--post-build") + 1])
    result = subprocess.run(
        post_build, cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, **variables}
    )
    assert result.stdout == closing(stdout)


def test_places_are_compact_and_counted() -> None:
    def warning(file: str, line: int | None) -> dict[str, object]:
        return {"file": file, "line": line}

    assert places([warning("years/2022.md", 27), warning("years/2022.md", 14), warning("conf.py", None)]) == (
        "conf.py; years/2022.md:14, 27"
    )
    many = [warning("years/2022.md", n) for n in range(1, PLACES_SHOWN + 4)] + [warning("", None)]
    assert places(many).endswith(f", {PLACES_SHOWN}; 1 ohne Ort … und 3 weitere (oben)")


def test_one_warning_and_one_organisation_in_the_singular(tmp_path: Path) -> None:
    report = {
        "registry": "organisationen.toml",
        "warnings": [{"file": "years/2022.md", "line": 14}],
        "organisations": [{"name": "Neu", "also": [], "similar": "", "mentions": [{"line": 3}]}],
    }
    lines = summary(report).splitlines()
    assert lines[1:3] == [
        "  Inhalt: 1 Warnung – years/2022.md:14",
        "  Organisationsverzeichnis: 1 Organisation fehlt (1 Nennung).",
    ]
    assert summary({**report, "warnings": [], "organisations": []}) == ""
    assert find_report(tmp_path) is None  # no report, no summary (and no stale one: see build.py)
