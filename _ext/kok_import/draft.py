"""Writing the draft year file: foreword and funding notice on top, then the events by month, each with its
proposals as MyST comments (``% Vorschlag: …``), which the site does not show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .placement import Placed, month_name

PROPOSAL = "% Vorschlag:"
REVIEW = "bitte prüfen"


@dataclass
class Event:
    placed: Placed
    category: str
    orgs: tuple[str, ...]
    notes: list[str] = field(default_factory=list)  # every proposal, in German, without the prefix


def render(year: int, foreword: list[str], signature: str, funding: str, events: list[Event], source: str) -> str:
    lines = [
        f"# Jahresrückblick {year}",
        "",
        f"% Entwurf aus dem Text des gedruckten Jahresrückblicks ({source}), erzeugt mit »make import«.",
        f"% Jede Zeile »{PROPOSAL} …« ist eine Vermutung des Imports: prüfen, korrigieren, dann die Zeile löschen.",
        "% Anleitung: README.md, Abschnitt 7a »Einen früheren Jahresrückblick importieren«.",
        "",
    ]
    if foreword:
        for paragraph in foreword:
            lines += [plain(paragraph), ""]
    else:
        lines += [f"{PROPOSAL} Kein Vorwort gefunden – bitte aus dem PDF ergänzen oder diese Zeile löschen.", ""]
    if signature:
        lines += [f"*{signature}*", ""]
    if funding:
        lines += [funding, ""]
    lines += [":::{kok-timeline}", ":::", ""]
    month: tuple[int, int] | None = None
    for event in events:
        placed = event.placed
        if (placed.year, placed.month) != month:
            month = (placed.year, placed.month)
            lines += [f"% {month_name(month)}", ""]
        lines += [f"{PROPOSAL} {note} – {REVIEW}" for note in event.notes]
        lines += [f":::{{kok-event}} {placed.item.title}", f":date: {placed.date}", f":category: {event.category}"]
        if event.orgs:
            lines.append(f":org: {'; '.join(event.orgs)}")
        for paragraph in placed.item.details:
            lines += ["", plain(paragraph)]
        lines += [":::", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def plain(paragraph: str) -> str:
    """A paragraph of text that Markdown reads as text: not as a heading, comment, quote, option or list."""
    if paragraph and paragraph[0] in "#%>:-+":
        return "\\" + paragraph
    return re.sub(r"^(\d+)\. ", r"\1\\. ", paragraph)
