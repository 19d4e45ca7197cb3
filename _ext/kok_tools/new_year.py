"""``python -m kok_tools.new_year JJJJ`` (``make jahr JAHR=JJJJ``): a new year file from the template.

Messages are German: they are read by KOK staff. The template ``years/_vorlage.md`` holds its examples in
comment lines only, so neither this tool nor a hand copy can publish one; a template with a live event is
refused all the same. Nothing is written unless everything succeeds, and an existing file is never replaced.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kok_archive.core.dates import FIRST_YEAR, LAST_YEAR
from kok_archive.core.model import EVENT_FENCE

from .files import why, write_whole

YEARS = Path(__file__).resolve().parents[2] / "years"
TEMPLATE = "_vorlage.md"
PLACEHOLDER = "JJJJ"
TEMPLATE_ONLY = "% Vorlage:"  # hints about the template itself (how to make a year), not kept in a year
EXAMPLE = "make jahr JAHR=2021"


class NewYearError(Exception):
    """A German message for stderr; nothing was written."""


def parse_year(text: str) -> int:
    """The year staff typed: four ASCII digits within the years the archive's dates accept."""
    if not text:
        raise NewYearError(f"Bitte das Jahr angeben, z. B.: {EXAMPLE}")
    if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise NewYearError(
            f"»{text}« ist keine gültige Jahreszahl. Bitte das Jahr mit vier Ziffern angeben "
            f"({FIRST_YEAR} bis {LAST_YEAR}), z. B.: {EXAMPLE}"
        )
    return int(text)


def fill_in(template: str, year: int) -> str:
    """The template with the year everywhere, without its lines about itself; refused if it would
    publish an event."""
    live = [number for number, text in enumerate(template.splitlines(), 1) if EVENT_FENCE.match(text)]
    if live:
        line = live[0]
        raise NewYearError(
            f"Die Vorlage enthält in Zeile {line} ein Ereignis, das veröffentlicht würde. Beispiele gehören in "
            "der Vorlage in Zeilen mit % am Anfang. Es wurde nichts geschrieben."
        )
    lines = [text for text in template.splitlines(keepends=True) if not text.startswith(TEMPLATE_ONLY)]
    return "".join(lines).replace(PLACEHOLDER, str(year))


def _shown(path: Path) -> str:
    """A path as staff see it: relative to where make runs, if it lies below."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def create(year: int, years: Path = YEARS) -> Path:
    """Write ``years/<year>.md`` from the template there; never over an existing file."""
    target = years / f"{year}.md"
    if target.exists():
        raise NewYearError(
            f"{_shown(target)} gibt es schon; sie wird nicht überschrieben. Zum Weiterarbeiten einfach diese "
            "Datei öffnen."
        )
    template = years / TEMPLATE
    try:
        text = template.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = why(error) if isinstance(error, OSError) else "kein Text in UTF-8"
        raise NewYearError(f"Die Vorlage {_shown(template)} ist nicht lesbar: {reason}.") from None
    try:
        write_whole(target, fill_in(text, year))
    except OSError as error:
        raise NewYearError(
            f"{_shown(target)} kann nicht geschrieben werden: {why(error)}. Es wurde nichts geschrieben."
        ) from None
    return target


def run(argv: list[str] | None = None, years: Path = YEARS) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if len(args) > 1:
            raise NewYearError(f"Bitte nur ein Jahr angeben, z. B.: {EXAMPLE}")
        target = _shown(create(parse_year(args[0] if args else ""), years))
    except NewYearError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"Neues Jahr angelegt: {target}")
    print("So geht es weiter:")
    print(f"  1. {target} in einem Texteditor öffnen.")
    print("  2. Vorwort, Unterschrift und Förderhinweis schreiben.")
    print("  3. Die Ereignisse unter der Zeitleiste eintragen; Beispiele stehen dort in den Zeilen mit %.")
    print("  4. make html baut die Vorschau: danach _build/html/index.html im Browser öffnen. Bis Vorwort und")
    print("     Unterschrift geschrieben sind, meldet es zwei Warnungen [kok.template] – das ist so gewollt.")
    print("  5. make adressen, sobald die Ereignisse eingetragen sind: gibt jedem Ereignis eine feste Adresse (:id:).")
    print("  6. make check vor dem Veröffentlichen: prüft alles und fasst zusammen, was noch zu tun ist.")
    return 0


if __name__ == "__main__":
    sys.exit(run())
