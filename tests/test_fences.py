"""A forgotten closing fence of an event, as pure logic (the builds: tests/test_warnings.py)."""

from __future__ import annotations

import re

import pytest
from kok_archive.core.fences import Unclosed, find_unclosed


def check(page: str, fence: str = ":::") -> Unclosed | None:
    """The page's first event: its body as MyST gives it (up to the next closing fence, or the end)."""
    lines = page.splitlines()
    start = next(n for n, line in enumerate(lines) if "{kok-event}" in line) + 1
    while start < len(lines) and re.match(r":\w+:", lines[start]):  # the options
        start += 1
    end = next((n for n in range(start, len(lines)) if lines[n].strip() == fence), len(lines))
    return find_unclosed(lines[start:end], start + 1, fence, lines)


@pytest.mark.parametrize(
    "page",
    [
        ":::{kok-event} A\n:date: 2021-01-05\n:::\n",  # no body
        ":::{kok-event} A\n:date: 2021-01-05\n\nText.\n\n:::\n",  # blank lines before the fence
        "::::{kok-event} A\n:date: 2021-01-05\n\n:::{kok-event} B\n:::\n::::\n",  # nested on purpose
        "```{kok-event} A\n:date: 2021-01-05\n```\n",
    ],
)
def test_a_closed_event_is_fine(page: str) -> None:
    fence = page.split("{", 1)[0]
    assert check(page, fence) is None


def test_a_swallowed_event_is_named_with_its_line_and_split_off() -> None:
    page = ":::{kok-event} A\n:date: 2021-01-05\n\nText.\n\n:::{kok-event} B\n:date: 2021-02-05\n:::\n"
    assert check(page) == Unclosed("das folgende Ereignis »B«", 6, split=3)


def test_a_swallowed_heading_is_named_and_a_later_event_still_split_off() -> None:
    page = ":::{kok-event} A\n:date: 2021-01-05\n\nText.\n\n## Anhang\n\nMehr.\n\n:::{kok-event} B\n:::\n"
    assert check(page) == Unclosed("die Überschrift »Anhang«", 6, split=7)


def test_the_last_event_without_its_fence_runs_to_the_end() -> None:
    assert check(":::{kok-event} A\n:date: 2021-01-05\n\nText.\n\nStand: Dezember.\n") == Unclosed("", 7)


def test_a_backtick_event_needs_backticks() -> None:
    page = "```{kok-event} A\n:date: 2021-01-05\n\n```{kok-event} B\n```\n"
    assert check(page, "```") == Unclosed("das folgende Ereignis »B«", 4, split=1)
