"""What the year files hold, read from the Markdown itself: the count the built site must match.

Pure and deliberately simple (a line pattern, not MyST): an independent witness of the
extension, so that an event the build drops or doubles cannot go unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kok_archive.core.model import EVENT_FENCE

HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):(?P<value>.*)$")
CODE_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")


@dataclass(frozen=True)
class SourceEvent:
    line: int
    title: str  # as written, with its Markdown
    fixed: bool = False  # has an :id: of its own: an address that lasts (kok_tools.addresses)


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
        lines = published_lines(path.read_text(encoding="utf-8-sig", errors="replace"))
        events = tuple(
            SourceEvent(number, match["title"].strip(), "id" in options_after(lines, number))
            for number, line in enumerate(lines, 1)
            if (match := EVENT_FENCE.match(line))
        )
        relative = path.relative_to(project)
        found.append(YearFile(relative, relative.with_suffix("").as_posix(), events))
    return found


def options_after(lines: list[str], line: int) -> dict[str, str]:
    """The options written right below an event's opening line (1-based ``line``); empty ones left out."""
    options: dict[str, str] = {}
    for text in lines[line:]:
        option = OPTION.match(text)
        if option is None:
            break
        if option["value"].strip():
            options[option["key"]] = option["value"].strip()
    return options


def published_lines(text: str) -> list[str]:
    """The lines, with HTML comments and code blocks blanked (line numbers stay): an event
    written there is hidden or shown as code, not published."""
    text = HTML_COMMENT.sub(lambda comment: "\n" * comment[0].count("\n"), text)
    lines = text.splitlines()
    code = directive = ""  # the open fence of a code block, and of a directive written with backticks
    for number, line in enumerate(lines):
        fence = CODE_FENCE.match(line)
        closes = fence is not None and not fence["info"]
        if code:
            lines[number] = ""
            code = "" if closes and fence and fence["fence"].startswith(code) else code
        elif directive and closes and fence and fence["fence"].startswith(directive):
            directive = ""
        elif fence and fence["info"].startswith("{"):  # ```{kok-event}: a directive, not code
            directive = fence["fence"]
        elif fence:
            code, lines[number] = fence["fence"], ""
    return lines


def letters(text: str) -> str:
    """Only letters and digits, folded: compares a title as written with the same title as shown."""
    return re.sub(r"[\W_]+", "", text.replace("\\", "").casefold())
