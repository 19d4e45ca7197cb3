"""German typography in everything staff and readers read: „z. B.“, never „z.B.“.

Scans every string of the Python sources (messages, labels, help texts), the Makefile's messages,
the new-year template, the organisation registry, the guides, the README, the scripts and the
interface translations."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .helpers import ROOT

# abbreviations of several words take a space after each inner dot (Duden): z. B., u. a., d. h. …
CRAMPED = re.compile(
    r"(?<![\w.])(?:z\.B|z\.T|z\.Zt|u\.a|u\.Ä|u\.U|o\.Ä|d\.h|s\.o|s\.u|v\.a|i\.d\.R|i\.A|i\.V|m\.E|m\.W)\.",
    re.IGNORECASE,
)
TEXT_SOURCES = [
    ROOT / "Makefile",
    ROOT / "years" / "_vorlage.md",
    ROOT / "organisationen.toml",
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    *sorted((ROOT / "_ext").rglob("*.js")),
    # the interface's catalogue; the English content catalogues quote the year files' German as written
    *sorted((ROOT / "locale" / "de").rglob("*.po")),
]


def python_strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module, f-strings' literal parts included, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def cramped_in(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(line, match[0]) for line, text in texts for match in CRAMPED.finditer(text)]


def test_the_pattern_finds_the_cramped_forms_and_passes_the_spaced_ones() -> None:
    found = cramped_in(
        [(1, "z.B. hier, u.a. dort, d.h. so; Z.B. am Satzanfang"), (2, "z. B., u. a., d. h., e.V., 17.1.")]
    )
    assert found == [(1, "z.B."), (1, "u.a."), (1, "d.h."), (1, "Z.B.")]


def test_no_message_source_writes_an_abbreviation_without_its_space() -> None:
    found = {}
    for path in sorted((ROOT / "_ext").rglob("*.py")):
        found[path] = cramped_in(python_strings(path))
    for path in TEXT_SOURCES:
        lines = path.read_text(encoding="utf-8").splitlines()
        found[path] = cramped_in(list(enumerate(lines, 1)))
    assert {str(path.relative_to(ROOT)): hits for path, hits in found.items() if hits} == {}
