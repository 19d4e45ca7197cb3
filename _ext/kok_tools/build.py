"""``python -m kok_tools.build OUT [sphinx-build options]`` (``make html``): the site, with only what an
author needs on the screen.

Sphinx's progress lines and MyST's configuration dump are left out (``-q``); warnings pass through as
they come, each with file and line, and the build ends with a German line: where the site is, or how
many warnings are open.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kok_check.cli import warnings_of

GUIDE = "docs/anleitung.md, Abschnitt 11"


def closing_line(code: int, warnings: int, out: Path) -> str:
    if code != 0:
        return f"Der Build ist abgebrochen (Code {code}); die Meldungen stehen oben."
    if warnings:
        noun = "1 Warnung ist" if warnings == 1 else f"{warnings} Warnungen sind"
        return f"Fertig, aber {noun} offen (oben, mit Datei und Zeile). Was sie bedeuten: {GUIDE}."
    return f"Fertig: Die Website liegt in {out}/ (Startseite: {out / 'index.html'})."


def run(argv: list[str] | None = None) -> int:
    out, *options = sys.argv[1:] if argv is None else argv
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", ".", out, *options]
    print(f"Baue die Website nach {out}/ …", flush=True)
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    seen = []
    try:
        for line in process.stderr:  # as they come: a long build shows its warnings early
            sys.stderr.write(line)
            seen.append(line)
        code = process.wait()
    except KeyboardInterrupt:  # Strg+C: Sphinx stops too; no traceback for an author
        process.wait()
        print("Abgebrochen.")
        return 130
    print(closing_line(code, len(warnings_of("".join(seen), Path.cwd())), Path(out)))
    pdfs = [option.split("=", 1)[1] for option in options if option.startswith("kok_pdf_dir=")]
    if code == 0 and pdfs:  # make pdf
        print(f"Die PDFs der Jahre liegen in {pdfs[-1]}/.")
    return code


if __name__ == "__main__":
    sys.exit(run())
