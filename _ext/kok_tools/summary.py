"""``python -m kok_tools.summary [FOLDER]``: the closing summary of a build, in German.

Read from the report the extension leaves in the doctree folder (``kok_archive.publishing.build_report``), so
``make html``, ``make check``, ``make strict`` and ``make livehtml`` (sphinx-autobuild's
``--post-build``) end alike: how many warnings about the content (with file and line), how many
organisations are missing from the registry, and one block to paste for all of them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from kok_archive.core.organisations import entry_to_paste
from kok_archive.publishing.build_report import REPORT_FILE, REPORT_VERSION

PLACES_SHOWN = 12  # line numbers in the "Inhalt" line; all of them stand above it


def find_report(folder: Path) -> dict[str, Any] | None:
    """The report in ``folder`` (a doctree folder) or in its ``.doctrees`` (an output folder)."""
    for path in (folder / REPORT_FILE, folder / ".doctrees" / REPORT_FILE):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(report, dict) and report.get("version") == REPORT_VERSION:
            return report
    return None


def summary(report: dict[str, Any]) -> str:
    """The summary, or ``""`` when the build printed no warning."""
    content, organisations = report["warnings"], report["organisations"]
    if not content and not organisations:
        return ""
    inhalt = f"{_count(len(content), 'Warnung', 'Warnungen')} – {places(content)}" if content else "keine Warnungen"
    lines = ["Zusammenfassung:", f"  Inhalt: {inhalt}"]
    if organisations:
        mentions = sum(len(organisation["mentions"]) for organisation in organisations)
        missing = "1 Organisation fehlt" if len(organisations) == 1 else f"{len(organisations)} Organisationen fehlen"
        lines += [
            f"  Organisationsverzeichnis: {missing} ({_count(mentions, 'Nennung', 'Nennungen')}).",
            "",
            f"Diese Zeilen am Ende von {report['registry']} einfügen, dann erneut bauen:",
            "",
            paste_block(organisations),
        ]
    return "\n".join(lines)


def places(warnings: Sequence[dict[str, Any]]) -> str:
    """``years/2022.md:14, 27, 88; conf.py:3``: each file once (A–Z), its lines in order, at most
    ``PLACES_SHOWN`` places; a warning without a file is counted."""
    found = sorted({(w["file"], w["line"] or 0) for w in warnings if w["file"]})
    nowhere = sum(1 for w in warnings if not w["file"])
    parts = []
    for file, group in groupby(found[:PLACES_SHOWN], key=itemgetter(0)):
        numbers = [str(line) for _, line in group if line]
        parts.append(f"{file}:{', '.join(numbers)}" if numbers else file)
    if nowhere:
        parts.append(f"{nowhere} ohne Ort")
    left = len(found) - PLACES_SHOWN
    return "; ".join(parts) + (f" … und {left} weitere (oben)" if left > 0 else "")


def paste_block(organisations: Sequence[dict[str, Any]]) -> str:
    """One registry entry per organisation, ready to paste at the end of the registry."""
    entries = []
    for organisation in organisations:
        lines = entry_to_paste(organisation["name"]).splitlines()
        if organisation["also"]:  # spellings that differ only in case or umlauts: one entry, no clash
            lines.append(f"auch = [{', '.join(_toml_string(s) for s in organisation['also'])}]")
        if organisation["similar"]:  # probably a typo: pasted as a comment, it registers nothing by mistake
            lines = [
                f"# ähnlich: »{organisation['similar']}«. Ist sie gemeint, im Text korrigieren (oder die Zeile "
                "»auch = …« aus der Warnung übernehmen).",
                "# Ist es eine andere Organisation, bei den Zeilen darunter das # am Anfang löschen:",
                *(f"# {line}" for line in lines),
            ]
        entries.append("\n".join(lines))
    return "\n\n".join(entries)


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string, escaped as ``entry_to_paste`` escapes a name."""
    return entry_to_paste(text).partition("name = ")[2]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def run(argv: list[str] | None = None) -> int:
    """Always 0: sphinx-autobuild prints a traceback for a post-build command that fails."""
    arguments = sys.argv[1:] if argv is None else argv
    folder = Path(arguments[0] if arguments else "_build/html")
    report = find_report(folder)
    if report is None:
        print(f"Keine Zusammenfassung: In {folder}/ liegt kein Bericht eines fertigen Builds.")
    else:
        print(summary(report) or "Zusammenfassung: keine Warnungen.")
    return 0


if __name__ == "__main__":
    sys.exit(run())
