"""Events and timelines where they cannot go: a typed warning, a valid doctree, every builder."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from .helpers import line_of, warnings_of

# (page, text on the line, subtype, how far MyST's line number is off inside an admonition)
EXPECTED = [
    ("nested", ":::{kok-event} In einer Liste", "nesting", 0),
    ("nested", ":::{kok-event} In einem Hinweis", "nesting", 1),
    ("nested", "[^1]: :::{kok-event} In einer Fußnote", "nesting", 0),
    ("nested", ":::{kok-event} Innen", "nesting", 0),  # an event in another event
    ("nested", ":::{kok-timeline}", "nesting", 0),  # a timeline in an event
    ("nested", "- :::{kok-timeline}", "nesting", 0),  # a timeline in a list
    ("nested", "- :::{kok-timeline}", "timeline", 0),  # that list comes after the events
    ("before", ":::{kok-event} Vor der Überschrift", "timeline", 0),
    ("untitled", ":::{kok-event} Ohne jede Überschrift", "timeline", 0),
]


def invalid_content(doctree: Path) -> list[str]:
    """Elements whose children break docutils' content model (e.g. an emptied footnote)."""
    with doctree.open("rb") as file:
        tree = pickle.load(file)
    problems = []
    for node in tree.findall(nodes.Element):
        try:
            node.validate_content()
            node.validate_position()
        except nodes.ValidationError as error:
            problems.append(f"{node.tagname}: {error}")
    return problems


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "xml"])
def test_misplaced_events_warn_keep_the_doctree_valid_and_build_everywhere(
    make_app, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    srcdir = tmp_path / "nesting"
    shutil.copytree(rootdir / "test-nesting", srcdir)
    app: SphinxTestApp = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    got = warnings_of(app)
    for page, needle, subtype, offset in EXPECTED:
        path = srcdir / "years" / f"{page}.md"
        line = line_of(path, needle) + offset
        prefix = f"{path}:{line}: WARNING: "
        assert [w for w in got if w.startswith(prefix) and w.endswith(f"[kok.{subtype}]")], (prefix, subtype, got)
    assert len(got) == len(EXPECTED), "\n".join(got)
    for doctree in sorted((srcdir / "_build" / "doctrees").rglob("*.doctree")):
        assert invalid_content(doctree) == [], doctree
    if builder == "html":
        html = (app.outdir / "years" / "nested.html").read_text(encoding="utf-8")
        for title in ("In einer Liste", "In einem Hinweis", "In einer Fußnote", "Außen", "Innen"):
            assert html.count(f">{title}</strong>") == 1, title  # shown where written, never dropped
        before = (app.outdir / "years" / "before.html").read_text(encoding="utf-8")
        assert "<title>Seite mit Titel" in before  # the page keeps its title
        assert before.index("Text unter dem Titel.") < before.index('id="monat-2020-03"') < before.index('id="anhang"')
