"""``python -m kok_check``: what KOK staff run before publishing (``make check``).

A fresh, nitpicky build of the real site, then the content checks of ``invariants``;
a German summary: "Alles in Ordnung: 2 Jahre, 81 Ereignisse" or the problems with file and line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from textwrap import indent

from kok_archive.core.catalogues import LOCALE_DIRS, SOURCE_LANGUAGE, edition_languages
from kok_archive.publishing.build_report import REPORT_FILE
from kok_archive.reading.translation import COUNTS_FILE
from kok_tools.summary import find_report
from kok_tools.summary import summary as closing_summary
from sphinx.util.console import strip_colors

from .invariants import Problem, check_site
from .sources import year_files

WARNING = re.compile(r"^(?:(?P<where>.+?): )?(?:WARNING|ERROR|CRITICAL|SEVERE): (?P<message>.*)$")


def build(project: Path, out: Path, *options: str) -> tuple[int, list[Problem], str]:
    """A fresh strict build: its exit code, its warnings as problems, and its raw error output."""
    command = [sys.executable, "-m", "sphinx", "-E", "-n", "--keep-going", "-q", "--no-color", "-b", "html"]
    command += [*options, "-d", str(doctrees(out)), str(project), str(out)]
    (doctrees(out) / REPORT_FILE).unlink(missing_ok=True)  # a build that stops early shows no earlier summary
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=_environment(project))
    return result.returncode, warnings_of(result.stderr, project), result.stderr


def edition(project: Path, out: Path, language: str, seen: list[Problem]) -> tuple[tuple[int, list[Problem]], str]:
    """Another edition's build: its own warnings (the German text's are already in ``seen``), and
    per year how many texts are translated, missing and stale (``kok_archive/reading/translation.py``)."""
    code, problems, _ = build(project, out, "-D", f"language={language}")
    counts_file = doctrees(out) / COUNTS_FILE
    pages = json.loads(counts_file.read_text(encoding="utf-8"))["pages"] if counts_file.exists() else {}
    lines = [f"Ausgabe »{language}«: was übersetzt ist, was fehlt (dann deutsch gezeigt) und was veraltet ist:"]
    for page, found in pages.items():
        lines.append(f"  {page}: {found['translated']} übersetzt, {found['missing']} fehlen, {found['stale']} veraltet")
    if not pages:
        lines.append("  keine Seite mit Übersetzung")
    known = {_place(problem) for problem in seen}  # the same problem, worded in the edition's language
    return (code, [problem for problem in problems if _place(problem) not in known]), "\n".join(lines)


def _place(problem: Problem) -> tuple[str, str]:
    kind = re.search(r"\[[\w.]+\]$", problem.message)
    return (problem.where, kind[0] if kind else problem.message)


def doctrees(out: Path) -> Path:
    return out.parent / f"{out.name}.doctrees"


# the checks compare the site with its sources by relative links: the public address (conf.py, "# Publishing")
# only makes them absolute, and the real build reports a bad one
ADDRESS_VARIABLES = ("KOK_ADRESSE", "READTHEDOCS_CANONICAL_URL")


def _environment(project: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(project / "_ext"), os.environ.get("PYTHONPATH")]))
    kept = {name: value for name, value in os.environ.items() if name not in ADDRESS_VARIABLES}
    return {**kept, "PYTHONPATH": path}


def warnings_of(stderr: str, project: Path) -> list[Problem]:
    """Sphinx's warning lines, with paths relative to the project; continuation lines joined."""
    problems: list[Problem] = []
    prefix = f"{project.resolve()}{os.sep}"
    for line in strip_colors(stderr).splitlines():  # Sphinx colours its output where CI=true
        match = WARNING.match(line)
        if match:
            problems.append(Problem((match["where"] or "").removeprefix(prefix), match["message"]))
        elif line.strip() and problems:  # a warning of several lines, e.g. the entry to paste of kok.org
            last = problems[-1]
            problems[-1] = Problem(last.where, f"{last.message}\n{line}")
    return problems


def summary(project: Path, problems: list[Problem]) -> str:
    if problems:
        noun = "Problem" if len(problems) == 1 else "Probleme"
        lines = [f"{len(problems)} {noun} gefunden:", *(indent(f"- {problem}", "  ").lstrip() for problem in problems)]
        lines.append("Bitte beheben und make check erneut ausführen (Anleitung: docs/anleitung/warnungen.md).")
        return "\n".join(lines)
    years = year_files(project)
    events = sum(len(year.events) for year in years)
    return f"Alles in Ordnung: {_count(len(years), 'Jahr', 'Jahre')}, {_count(events, 'Ereignis', 'Ereignisse')}"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make check", description="Prüft das Archiv vor dem Veröffentlichen.")
    parser.add_argument("project", type=Path, nargs="?", default=Path.cwd(), help="Projektordner")
    parser.add_argument("--out", type=Path, default=None, help="Ausgabeordner (Standard: _build/check)")
    arguments = parser.parse_args(argv)
    project: Path = arguments.project.resolve()
    out: Path = (arguments.out or project / "_build" / "check").resolve()
    print("Prüfe das Archiv: frischer Build und Inhaltsprüfung …", flush=True)
    code, problems, stderr = build(project, out)
    if code != 0 and not problems:
        print(f"Der Build ist abgebrochen (Code {code}):\n{stderr.strip()}", file=sys.stderr)
        return 1
    if (out / "kok-events.json").exists():
        problems += check_site(project, out)
    counted = []
    for language in edition_languages(project, LOCALE_DIRS, SOURCE_LANGUAGE) if code == 0 else ():
        more, counts = edition(project, out / language, language, problems)
        code, problems = code or more[0], problems + more[1]
        counted.append(counts)
    print(summary(project, problems))
    for counts in counted:  # per edition and year: translated, missing, stale
        print(counts)
    report = find_report(doctrees(out))
    if report is not None and closing_summary(report):  # the build's warnings sorted, and the block to paste
        print(closing_summary(report))
    return 1 if problems or code != 0 else 0
