"""What the year files hold, read from the Markdown itself: the count the built site must match.

Pure and deliberately simple (a line pattern, not MyST): an independent witness of the
extension, so that an event the build drops or doubles cannot go unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kok_archive.model import EVENT_FENCE


@dataclass(frozen=True)
class SourceEvent:
    line: int
    title: str  # as written, with its Markdown


@dataclass(frozen=True)
class YearFile:
    path: Path  # relative to the project
    docname: str  # years/2020
    events: tuple[SourceEvent, ...]


def year_files(project: Path) -> list[YearFile]:
    """Every published year file (``years/*.md``; names starting with ``_`` are templates)."""
    found = []
    for path in sorted((project / "years").glob("*.md")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        events = tuple(
            SourceEvent(number, match["title"].strip())
            for number, line in enumerate(text.splitlines(), 1)
            if (match := EVENT_FENCE.match(line))
        )
        relative = path.relative_to(project)
        found.append(YearFile(relative, relative.with_suffix("").as_posix(), events))
    return found


def letters(text: str) -> str:
    """Only letters and digits, folded: compares a title as written with the same title as shown."""
    return re.sub(r"[\W_]+", "", text.replace("\\", "").casefold())
