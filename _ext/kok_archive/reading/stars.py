"""Gender stars as written: ``Berater*innen und Kolleg*innen`` stays literal.

CommonMark pairs two such stars into emphasis ("Berater" + *innen und Kolleg* +
"innen"). Intraword emphasis can only come from ``*`` (``_`` never opens inside a
word), so an emphasis whose opening and closing star both stand between two
letters was two gender stars: it is unwrapped again. One that stands inside a
word on one side only is left as it is, with a ``kok.star`` warning.
"""

from __future__ import annotations

import re
from enum import Enum

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..logs import warn
from ..nodes import kok_event

WORD_END, WORD_START = re.compile(r"\w+$"), re.compile(r"^\w+")
SNIPPET = 40  # longest emphasised text quoted in full in a warning


class Star(Enum):
    GENDER = "gender"  # both stars between letters: two gender stars
    UNCLEAR = "unclear"  # one star inside a word: either could be meant
    EMPHASIS = "emphasis"  # real emphasis


def classify(node: nodes.emphasis) -> Star:
    """What the two stars around ``node`` were, judged by the characters beside them."""
    opening = (_last(_sibling(node, -1)), _first(node[0] if node.children else None))
    closing = (_last(node[-1] if node.children else None), _first(_sibling(node, 1)))
    if all(char.isalpha() for char in (*opening, *closing)):
        return Star.GENDER
    if any(a.isalnum() and b.isalnum() for a, b in (opening, closing)):
        return Star.UNCLEAR
    return Star.EMPHASIS


def _sibling(node: nodes.Element, step: int) -> nodes.Node | None:
    parent = node.parent
    index = parent.index(node) + step
    return parent[index] if 0 <= index < len(parent) else None


def _first(node: nodes.Node | None) -> str:
    return str(node)[:1] if isinstance(node, nodes.Text) else ""


def _last(node: nodes.Node | None) -> str:
    return str(node)[-1:] if isinstance(node, nodes.Text) else ""


def unwrap(node: nodes.emphasis) -> None:
    """Put the stars back: ``Berater`` + ``*`` + children + ``*`` + ``innen``, as one text."""
    parent = node.parent
    parent.replace(node, [nodes.Text("*"), *node.children, nodes.Text("*")])
    merged: list[nodes.Node] = []
    for child in parent.children:
        if isinstance(child, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
            merged[-1] = nodes.Text(str(merged[-1]) + str(child))
        else:
            merged.append(child)
    parent[:] = merged


def repair(tree: nodes.Element, where: tuple[str, int], node_lines: bool = True) -> None:
    """Unwrap the gender stars in ``tree``; warn about unclear ones on the star's own line
    (with ``node_lines``) or at ``where``. Events are skipped: their directive repairs them."""
    for node in list(tree.findall(nodes.emphasis)):
        if _skipped(node, tree):
            continue
        kind = classify(node)
        if kind is Star.GENDER:
            unwrap(node)
        elif kind is Star.UNCLEAR:
            line = (node_lines and _line_of(node)) or where[1]
            warn("star", _message(node), (where[0], line))


def _skipped(node: nodes.Node, tree: nodes.Element) -> bool:
    """Inside an event (repaired by its directive) or inside code (``{samp}`x{y}z```: no star)."""
    parent = node.parent
    while parent is not None and parent is not tree:
        if isinstance(parent, (kok_event, nodes.literal, nodes.FixedTextElement)):
            return True
        parent = parent.parent
    return False


def _line_of(node: nodes.Element) -> int | None:
    """The star's own line: its block's first line plus the line breaks before it."""
    block = node.parent
    while block is not None and block.line is None:
        block = block.parent
    if block is None or block.line is None:
        return None
    breaks = 0
    for part in block.findall():
        if part is node:
            break
        if isinstance(part, nodes.Text):
            breaks += str(part).count("\n")
    return block.line + breaks


def _message(node: nodes.emphasis) -> str:
    text = node.astext()
    if len(text) > SNIPPET:
        text = f"{text[: SNIPPET // 2]}…{text[-SNIPPET // 2 :]}"
    snippet = f"{_word_part(_sibling(node, -1), WORD_END)}*{text}*{_word_part(_sibling(node, 1), WORD_START)}"
    return (
        f"Unklares Sternchen in »{snippet}«: Gendersternchen oder Hervorhebung? Gesetzt wird eine Hervorhebung "
        "(kursiv). Meist ist ein Sternchen zu viel: dann dieses löschen. Für ein sichtbares Sternchen wie das "
        "Gendersternchen sonst \\* schreiben (Berater\\*innen), für eine Hervorhebung die Sternchen um ganze "
        "Wörter setzen (*so*)."
    )


def _word_part(node: nodes.Node | None, pattern: re.Pattern[str]) -> str:
    """The part of a word that stands right beside a star, for quoting it."""
    match = pattern.search(str(node)) if isinstance(node, nodes.Text) else None
    return match[0] if match else ""


class RepairGenderStars(SphinxTransform):
    """Every page: forewords, headings, other text (events are repaired by their directive)."""

    default_priority = 395  # before unsafe content (399), the timeline (400) and the TOC

    def apply(self, **kwargs: object) -> None:
        repair(self.document, (self.env.docname, 1))
