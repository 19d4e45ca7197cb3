"""``python -m kok_tools.addresses`` (``make adressen``): give every event an address that lasts.

An event's address (its anchor, ``years/2020.html#kok-2020-01-17-…``) is made from its date and
the first words of its title, so correcting a typo in a published title would break every link
shared to it. This writes the address each event has now into its file, once, as ``:id:``; from
then on title, details and organisations may change. ``make check`` names events still without one.
"""

from __future__ import annotations

import io
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kok_archive.access import kok_domain
from kok_check.sources import year_files

from .files import why, write_whole


@dataclass(frozen=True)
class Address:
    path: Path  # the year file
    line: int  # its event's directive line
    anchor: str


def current_addresses(project: Path) -> list[Address]:
    """Every event's address as the archive makes it now: a quick build that writes nothing."""
    from sphinx.application import Sphinx  # only here: the other tools run without Sphinx

    with tempfile.TemporaryDirectory() as scratch:
        app = Sphinx(
            str(project), str(project), f"{scratch}/out", f"{scratch}/doctrees", "dummy",
            status=None, warning=io.StringIO(), freshenv=True,
        )  # fmt: skip
        app.build()
        domain = kok_domain(app.env)
        return [
            Address(Path(app.env.doc2path(docname)), event.lineno, event.anchor)
            for docname, events in domain.events.items()
            for event in events
        ]


def fix(addresses: Iterable[Address], project: Path) -> dict[Path, int]:
    """Write ``:id:`` for each event of a year file that has none; how many per file."""
    years = year_files(project)
    missing = {(project / year.path, event.line) for year in years for event in year.events if not event.fixed}
    written: dict[Path, int] = {}
    by_file: dict[Path, list[Address]] = {}
    for address in addresses:
        if (address.path, address.line) in missing:
            by_file.setdefault(address.path, []).append(address)
    for path, found in sorted(by_file.items()):
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        for address in sorted(found, key=lambda a: a.line, reverse=True):  # from the bottom: lines stay put
            opening = lines[address.line - 1]
            indent = opening[: len(opening) - len(opening.lstrip())]
            lines.insert(address.line, f"{indent}:id: {address.anchor}\n")
        write_whole(path, "".join(lines))
        written[path] = len(found)
    return written


def run(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    project = Path(args[0] if args else ".").resolve()
    try:
        written = fix(current_addresses(project), project)
    except OSError as error:
        print(f"Fehler: Eine Jahresdatei ließ sich nicht schreiben ({why(error)}). Bitte erneut ausführen.")
        return 1
    if not written:
        print("Alle Ereignisse haben schon eine feste Adresse (:id:).")
        return 0
    for path, count in written.items():
        noun = "Ereignis hat" if count == 1 else "Ereignisse haben"
        print(f"{path.relative_to(project)}: {count} {noun} eine feste Adresse bekommen (Zeile :id:).")
    print("Die Zeilen :id: bitte nie ändern oder löschen, und die Dateien mit committen.")
    return 0


if __name__ == "__main__":
    sys.exit(run())
