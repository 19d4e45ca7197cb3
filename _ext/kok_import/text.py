"""Repairing the text of a PDF extraction: line breaks, hyphenation, spaces, the gender star."""

from __future__ import annotations

import re
from collections.abc import Iterable

# after a line-final hyphen these words show an elided compound ("Fortbildungs- und …"), not a break
KEEP_HYPHEN_BEFORE = frozenset({"und", "oder", "bzw.", "sowie", "bis"})
_GENDER_STAR = re.compile(r"(?<=\w)\*(?=\w)")  # Berater*innen; an escaped \* has a backslash before it


def join_lines(lines: Iterable[str]) -> str:
    """One line from the lines of a printed paragraph, with line-break hyphenation repaired.

    ``Asyl-`` + ``rechtsreform`` is one word; ``Bund-Länder-`` + ``Arbeitsgruppe`` keeps its hyphen (a capital
    follows); ``Fortbildungs-`` + ``und`` keeps hyphen and space; ``Menschenhandel/`` + ``Arbeitsausbeutung``
    closes up.
    """
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha():
            if line.split()[0] in KEEP_HYPHEN_BEFORE:
                text = f"{text} {line}"
            elif line[0].islower():
                text = text[:-1] + line
            else:
                text += line
        elif text.endswith("/"):
            text += line
        else:
            text = f"{text} {line}"
    return text


def escape_stars(text: str) -> str:
    """Escape a bare gender star, which MyST would read as emphasis; ``\\*`` stays as it is."""
    return _GENDER_STAR.sub(r"\\*", text)


def normalise(text: str) -> str:
    """Single spaces, escaped gender stars: the form that goes into the draft and into comparisons."""
    return escape_stars(" ".join(text.split()))
