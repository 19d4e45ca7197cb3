"""``python -m kok_tools.build OUT [sphinx-build options]`` (``make html``): the site, with only what an
author needs on the screen.

Sphinx's progress lines and MyST's configuration dump are left out (``-q``); warnings pass through as
they come, each with file and line, and the build ends with a German line: where the site is, or how
many warnings are open; then the summary (``summary.py``): the places of the content warnings, and one
block to paste for all organisations missing from the registry.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kok_archive.core.catalogues import LOCALE_DIRS, SOURCE_LANGUAGE, edition_languages
from kok_archive.publishing.build_report import REPORT_FILE
from kok_check.cli import warnings_of

from .summary import find_report, summary

GUIDE = "docs/anleitung/warnungen.md"


def closing_line(code: int, warnings: int, out: Path) -> str:
    if code != 0:
        return f"Der Build ist abgebrochen (Code {code}); die Meldungen stehen oben."
    if warnings:
        noun = "1 Warnung ist" if warnings == 1 else f"{warnings} Warnungen sind"
        return f"Fertig, aber {noun} offen (oben, mit Datei und Zeile). Was sie bedeuten: {GUIDE}."
    return f"Fertig: Die Website liegt in {out}/ (Startseite: {out / 'index.html'})."


def doctree_dir(out: Path, options: list[str]) -> Path:
    """Where sphinx-build keeps its doctrees (and the extension its report): ``-d`` or ``out/.doctrees``."""
    folder = out / ".doctrees"
    for option, value in zip(options, [*options[1:], ""], strict=False):
        if option in ("-d", "--doctree-dir"):
            folder = Path(value)
        elif option.startswith("--doctree-dir="):
            folder = Path(option.partition("=")[2])
    return folder


WARNING_PLACE = re.compile(r"^(?P<where>\S*?:\d+): (?:WARNING|ERROR): .*?(?P<kind>\[[\w.]+\])?$")


def place(line: str) -> str:
    """A warning's file, line and type: the same problem in another edition is worded in its language
    (a title, a date), so its place says it is the same; other lines are themselves."""
    match = WARNING_PLACE.match(line.rstrip("\n"))
    return f"{match['where']} {match['kind']}" if match and match["kind"] else line


def sphinx(out: str, options: list[str], shown: set[str]) -> tuple[int, list[str]]:
    """One edition's build; its warnings on the screen as they come, each only once for all editions."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", ".", out, *options]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    seen = []
    try:
        for line in process.stderr:  # as they come: a long build shows its warnings early
            if place(line) not in shown:  # an earlier edition's: not again
                sys.stderr.write(line)
            seen.append(line)
        shown.update(place(line) for line in seen)
        return process.wait(), seen
    except KeyboardInterrupt:  # Strg+C: Sphinx stops too; no traceback for an author
        process.wait()
        raise


def in_folder(option: str, language: str) -> str:
    """``make pdf``: an edition's PDFs in a folder of their own (``_build/pdf/en/``)."""
    return f"{option}/{language}" if option.startswith("kok_pdf_dir=") else option


def run(argv: list[str] | None = None) -> int:
    out, *options = sys.argv[1:] if argv is None else argv
    print(f"Baue die Website nach {out}/ …", flush=True)
    doctrees = doctree_dir(Path(out), options)
    (doctrees / REPORT_FILE).unlink(missing_ok=True)  # a build that stops early shows no earlier summary
    shown: set[str] = set()
    try:
        code, seen = sphinx(out, options, shown)
        for language in edition_languages(Path.cwd(), LOCALE_DIRS, SOURCE_LANGUAGE) if code == 0 else ():
            print(f"Baue die Ausgabe »{language}« nach {out}/{language}/ …", flush=True)
            edition = ["-D", f"language={language}", *(in_folder(option, language) for option in options)]
            code, more = sphinx(f"{out}/{language}", edition, shown)
            known = {place(line) for line in seen}
            seen += [line for line in more if place(line) not in known]
            if code:
                break
    except KeyboardInterrupt:
        print("Abgebrochen.")
        return 130
    print(closing_line(code, len(warnings_of("".join(seen), Path.cwd())), Path(out)))
    pdfs = [option.split("=", 1)[1] for option in options if option.startswith("kok_pdf_dir=")]
    if code == 0 and pdfs:  # make pdf
        print(f"Die PDFs der Jahre liegen in {pdfs[-1]}/.")
    report = find_report(doctrees)
    if report is not None and summary(report):  # last: the block to paste ends the output
        print(summary(report))
    return code


if __name__ == "__main__":
    sys.exit(run())
