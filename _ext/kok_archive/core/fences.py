"""A forgotten closing ``:::`` of an event (``kok.fence``). Pure logic, free of Sphinx.

MyST's colon fences do not nest: without its own ``:::``, an event takes in the lines
below it up to the next ``:::`` (the following event's) or, for the last event, the rest
of the page. The lines are all there in the event's body, and in the page's source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import EVENT_FENCE

HEADING = re.compile(r" {0,3}#{1,6}[ \t]")  # a Markdown heading: never part of an event
CLOSING = re.compile(r" {0,3}(?P<fence>:{3,}|`{3,})[ \t]*$")


@dataclass(frozen=True)
class Unclosed:
    what: str  # what the event took in, for the warning: "das folgende Ereignis »…«", …; empty: the rest
    line: int  # the source line where it starts (where the ``:::`` belongs)
    split: int | None = None  # the body line where a swallowed event starts: parse from there on


def find_unclosed(body: Sequence[str], first_line: int, fence: str, source: Sequence[str] | None) -> Unclosed | None:
    """Whether the event whose body is ``body`` (starting at source line ``first_line``, opened
    with ``fence``) lacks its closing fence; ``source`` is the page, to see what follows the body
    (None: unknown, e.g. for an event inside a list; only swallowed events and headings count).

    Only a following event with a fence at least as long as ours was swallowed: a shorter one
    is nested on purpose (and warned about as such)."""
    heading: Unclosed | None = None
    for index, line in enumerate(body):
        event = EVENT_FENCE.match(line)
        if event and event["fence"][0] == fence[0] and len(event["fence"]) >= len(fence):
            if heading is not None:  # the heading is what to tell; the event still gets its own place
                return Unclosed(heading.what, heading.line, split=index)
            return Unclosed(f"das folgende Ereignis »{event['title'].strip()}«", first_line + index, split=index)
        if heading is None and HEADING.match(line):
            heading = Unclosed(f"die Überschrift »{line.lstrip(' #').strip()}«", first_line + index)
    if heading is not None or source is None:
        return heading
    after = first_line + len(body)  # the line below the body: its closing fence, after blank lines
    following = next((line for line in source[after - 1 :] if line.strip()), None)
    closing = CLOSING.match(following) if following is not None else None
    if closing is None or closing["fence"][0] != fence[0] or len(closing["fence"]) < len(fence):
        return Unclosed("", after)
    return None
