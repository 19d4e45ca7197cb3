"""Shared fixtures: Sphinx's testing fixtures, our test roots, and small helpers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))  # test roots are copied away: find the extension here

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The build's warning lines, without colour codes."""
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the n-th line containing ``needle``."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return found[occurrence - 1]


def article(html_file: Path) -> Tag:
    """The page's own content, without the theme around it."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    node = soup.find(attrs={"role": "main"})  # furo's <article>, basic's <div>
    assert isinstance(node, Tag), html_file
    return node


def events_by_section(page: Tag) -> dict[str, list[Tag]]:
    """Section id -> the events directly inside that section, in page order."""
    result: dict[str, list[Tag]] = {}
    for section in page.find_all("section"):
        events = [div for div in section.find_all("div", class_="kok-event", recursive=False)]
        if events:
            result[str(section["id"])] = events
    return result


def text_of(tag: Tag | None) -> str:
    assert tag is not None
    return re.sub(r"\s+", " ", tag.get_text()).strip()
