"""``python -m kok_import SRC OUT [--force]``: import a review's PDF text as a draft year file.

Messages are German: they are read by KOK staff. Nothing is written unless the import succeeds.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path
from typing import NoReturn

from kok_archive.core.organisations import Registry
from kok_tools.files import why, write_whole

from .importer import NotAReviewError, import_review

PROJECT = Path(__file__).resolve().parents[2]
REGISTRY = PROJECT / "organisationen.toml"
USAGE = "make import SRC=<Textdatei> OUT=years/JJJJ.md (FORCE=1 zum Überschreiben)"


class ImportFailedError(Exception):
    """A German message for stderr; nothing was written."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """A wrong call, in German (argparse's own words stay in the brackets); exit code 2."""
        self.exit(2, f"Fehler: Falscher Aufruf ({message}). Richtig: {USAGE}\n")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog="make import",
        description="Liest den Text eines Jahresrückblicks (aus dem PDF kopiert) und schreibt einen Entwurf "
        "der Jahresdatei mit Vorschlägen zum Prüfen.",
    )
    parser.add_argument("src", type=Path, help="Textdatei (UTF-8) mit dem Text aus dem PDF")
    parser.add_argument("out", type=Path, help="neue Jahresdatei, z. B. years/2019.md")
    parser.add_argument("--force", action="store_true", help="eine vorhandene Datei überschreiben")
    parser.add_argument(
        "--organisationen", type=Path, default=REGISTRY, help="Organisationsverzeichnis (Standard: %(default)s)"
    )
    return parser.parse_args(argv)


def _registry(path: Path) -> Registry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ImportFailedError(f"Das Organisationsverzeichnis {path} ist nicht lesbar: {error}") from None
    entries = data.get("organisation", [])
    return Registry.from_entries(entries if isinstance(entries, list) else [])


def _read(src: Path) -> str:
    try:
        return src.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFailedError(f"Die Datei {src} gibt es nicht.") from None
    except UnicodeDecodeError:
        raise ImportFailedError(
            f"Die Datei {src} ist kein Text in UTF-8. Bitte den Text aus dem PDF in einem Texteditor "
            "als »UTF-8« speichern."
        ) from None
    except OSError as error:
        raise ImportFailedError(f"Die Datei {src} ist nicht lesbar: {why(error)}.") from None


def _check_target(out: Path, force: bool) -> None:
    if out.is_dir():
        raise ImportFailedError(f"{out} ist ein Ordner; bitte eine Datei angeben, z. B. years/2019.md.")
    if out.exists() and not force:
        raise ImportFailedError(
            f"{out} gibt es schon; sie wird nicht überschrieben. Zum Überschreiben: make import … FORCE=1 "
            "(oder --force)."
        )
    if not out.parent.is_dir():
        # no folder is created: a typo (»year/« for »years/«) would leave a stray one
        raise ImportFailedError(f"Den Ordner {out.parent} gibt es nicht. Die Jahresdateien stehen in years/.")


def _write(out: Path, draft: str) -> None:
    """Write the draft whole or not at all."""
    try:
        write_whole(out, draft)
    except OSError as error:
        raise ImportFailedError(
            f"{out} kann nicht geschrieben werden: {why(error)}. Es wurde nichts geschrieben."
        ) from None


def run(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        _check_target(args.out, args.force)
        text = _read(args.src)
        registry = _registry(args.organisationen)
        hint = int(args.out.stem) if re.fullmatch(r"\d{4}", args.out.stem) else None
        try:
            draft, summary = import_review(text, registry, args.src.name, hint)
        except NotAReviewError as error:
            raise ImportFailedError(f"{args.src}: {error} Es wurde nichts geschrieben.") from None
        if hint is not None and hint != summary.year:
            raise ImportFailedError(
                f"Der Text ist der Jahresrückblick {summary.year}, die Zieldatei heißt aber {args.out.name}. "
                "Es wurde nichts geschrieben."
            )
        _write(args.out, draft)
    except ImportFailedError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"Entwurf geschrieben: {args.out}")
    for line in summary.lines():
        print(f"  {line}")
    print(
        "Nächster Schritt: jede Zeile »% Vorschlag« im Entwurf prüfen "
        "(docs/anleitung/importieren.md#jeden-vorschlag-prüfen), dann make html."
    )
    return 0
