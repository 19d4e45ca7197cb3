"""Writing the draft year file: foreword and funding notice on top, then the events by month, each with its
proposals as MyST comments (``% Vorschlag: …``), which the site does not show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .placement import Placed, month_name

PROPOSAL = "% Vorschlag:"
REVIEW = "bitte prüfen"
UNTITLED = "Titel fehlt"  # for a date without text; its note asks for the title


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
        f"% Entwurf aus dem Text des gedruckten Jahresrückblicks ({' '.join(source.split())}), "
        "erzeugt mit »make import«.",
        f"% Jede Zeile »{PROPOSAL} …« ist eine Vermutung des Imports: prüfen, korrigieren, dann die Zeile löschen.",
        "% Anleitung: docs/anleitung/importieren.md#jeden-vorschlag-prüfen",
        "",
    ]
    if foreword:
        for paragraph in foreword:
            lines += [plain(paragraph), ""]
    else:
        lines += [f"{PROPOSAL} Kein Vorwort gefunden – bitte aus dem PDF ergänzen oder diese Zeile löschen.", ""]
    if signature:
        lines += [f"*{inline(signature)}*", ""]
    if funding:
        lines += [plain(funding), ""]
    lines += [":::{kok-timeline}", ":::", ""]
    month: tuple[int, int] | None = None
    for event in events:
        placed = event.placed
        if (placed.year, placed.month) != month:
            month = (placed.year, placed.month)
            lines += [f"% {month_name(month)}", ""]
        lines += [f"{PROPOSAL} {note} – {REVIEW}" for note in event.notes]
        lines += [
            f":::{{kok-event}} {title(placed.item.title)}",
            f":date: {placed.date}",
            f":category: {event.category}",
        ]
        if event.orgs:
            lines.append(f":org: {'; '.join(event.orgs)}")
        for paragraph in placed.item.details:
            lines += ["", plain(paragraph)]
        lines += [":::", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# Inline syntax that a printed text never means: HTML and autolinks (<), code and roles (`), links, images and
# footnotes ([). Left alone: * and _, the bold and italics of the extraction, and what is escaped already.
_INLINE = re.compile(r"(?<!\\)([<`\[])")
# Paragraph starts that Markdown reads as structure: heading, comment, quote, option or directive, list, code
# fence, thematic break, target "(name)=".
_BLOCK_START = re.compile(r"[#%>:+~|-]|[*_](?:\s*[*_]){2,}\s*$|\* |\(.*\)=\s*$")
_NUMBERED = re.compile(r"^(\d+)([.)]) ")


def inline(text: str) -> str:
    """Text whose inline syntax cannot make a link, role, code or HTML: the extraction is text, not Markdown."""
    return _INLINE.sub(r"\\\1", text)


def plain(paragraph: str) -> str:
    """A paragraph of text that Markdown reads as text: not as a heading, comment, quote, option, directive,
    list, code, target or HTML."""
    text = inline(paragraph)
    if _BLOCK_START.match(text):
        return "\\" + text
    return _NUMBERED.sub(r"\1\\\2 ", text)


def title(text: str) -> str:
    """The title on the directive's line: one line of inline text (an empty one would show "Ohne Titel")."""
    return inline(" ".join(text.split())) or UNTITLED
