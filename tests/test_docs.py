"""The project's own documentation: README.md, the authoring guide docs/anleitung/ and the developer guide
docs/entwicklung/, as a code-hosting site shows them.

- Every relative link and image points to an existing file, and every ``#anchor`` to a heading of its file, by the
  anchors GitHub and GitLab give headings.
- Every ``docs/….md#anchor`` that code, messages, tests, configuration or the Makefile cite names an existing page
  and heading; a heading carries no number (its anchor would change with it), and nothing cites a section by number.
- Every ```` ```markdown ```` example of the authoring guide with a ``:::{kok-event}`` builds in a year page of a
  copy of the project without a warning. An example that is only the start of an event (no closing ``:::``) gets a
  date, a category and the closing ``:::``.
- The README stays short and starts with the two commands.
- The Sphinx site does not pick up docs/ or the README.

An example that shows a mistake on purpose carries a marker: an HTML comment on the line right before its fence,
which code-hosting sites do not show.

- ``<!-- docs-test: warnt kok.date kok.option -->`` builds it and expects exactly these warning types.
- ``<!-- docs-test: überspringen, <Grund> -->`` skips it; pytest lists it as skipped with the reason.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from kok_archive.core.organisations import Registry
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sphinx.config import Config
from sphinx.project import Project
from sphinx.util.tags import Tags

from .helpers import ROOT, article, warnings_of

README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "anleitung"  # for staff: a page per task
DEVELOPERS = ROOT / "docs" / "entwicklung"
GUIDE_PAGES = sorted(GUIDE.glob("*.md"))
DOCS = [README, *GUIDE_PAGES, *sorted(DEVELOPERS.glob("*.md"))]

MARKDOWN = MarkdownIt("commonmark").enable("table")
MARKER = re.compile(r"<!--\s*docs-test:\s*(.*?)\s*-->")
SUBTYPE = re.compile(r"\[([\w.]+)\]$")
DEFAULTS = {"date": "2021-01-15", "category": "sonstiges"}  # what a fragment lacks


def tokens(path: Path) -> list[Token]:
    return MARKDOWN.parse(path.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """GitHub's (and GitLab's) anchor of a heading: lowercase, punctuation other than ``-`` and ``_`` dropped
    (so ``Autor\\*innen`` gives ``autorinnen``), each space a ``-``."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a file's headings; a repeated heading gets ``-1``, ``-2`` … as on GitHub."""
    found: set[str] = set()
    stream = tokens(path)
    for opening, inline in itertools.pairwise(stream):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        anchor, n = slug(text), 0
        while (anchor if n == 0 else f"{anchor}-{n}") in found:
            n += 1
        found.add(anchor if n == 0 else f"{anchor}-{n}")
    return found


def targets(path: Path) -> list[str]:
    """Every link and image address of a file, outside code."""
    found = []
    for token in tokens(path):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrGet("href")))
            elif child.type == "image":
                found.append(str(child.attrGet("src")))
    return found


def is_external(target: str) -> bool:
    return re.match(r"[a-z][a-z0-9+.-]*:", target) is not None


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_relative_links_and_images_point_to_existing_files(doc: Path) -> None:
    missing = []
    for target in targets(doc):
        address = unquote(target).split("#")[0]
        if address and not is_external(target) and not (doc.parent / address).exists():
            missing.append(target)
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_anchor_links_point_to_existing_headings(doc: Path) -> None:
    broken = []
    for target in targets(doc):
        if is_external(target) or "#" not in target:
            continue
        address, anchor = unquote(target).split("#", 1)
        file = (doc.parent / address).resolve() if address else doc
        if file.suffix == ".md" and file.exists() and anchor not in anchors(file):
            broken.append(target)
    assert broken == []


def test_the_slugs_are_githubs() -> None:
    assert slug("Anleitung für Autor\\*innen") == "anleitung-für-autorinnen"
    assert slug("14. Lesen: Filter, Überblick, Telefon") == "14-lesen-filter-überblick-telefon"
    assert slug("Die Erweiterung kok_archive") == "die-erweiterung-kok_archive"
    assert slug("kok.date") == "kokdate"  # a heading `kok.date`


# -- what the repository cites of the guides ------------------------------------------------------------------

# a page of the guides as code, messages and tests cite it: a path from the repository's root, maybe an anchor
CITATION = re.compile(r"(?<![\w./-])(docs/[\w./-]+?\.md)(?:#([\w-]+))?")
# a section cited by its number (Abschnitt or section and a number like 7a; a page and a number), which moves when
# a section is added; the examples below are put together so that this file does not cite that way itself
BY_NUMBER = re.compile(r"\b(?:Abschnitt|section)\s+\d+[a-z]?\b|\.md,\s*\d+[a-z]?\b")
# the changelog records what was, not what is
NOT_CITING = {"CHANGELOG.md"}
# content, which may well name a numbered section of a law: the year files and their
# translations, the test projects and the test data
CONTENT = ("years/2", "locale/en/", "tests/roots/", "tests/data/")


def repository_texts() -> list[Path]:
    """Every text file of the repository that git knows, as it is in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:  # a copy without .git: the files that cite the guides
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.suffix in (".py", ".md", ".po", ".yaml")]
        names += ["Makefile"]
    else:
        names = [name for name in listed.stdout.split("\0") if name]
    texts = []
    for name in sorted(set(names) - NOT_CITING):
        path = ROOT / name
        if not path.is_file() or ".venv" in path.parts or "node_modules" in path.parts:
            continue
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, PDFs
            continue
        texts.append(path)
    return texts


def citations() -> list[tuple[str, str, str]]:
    """(where, page, anchor) of every ``docs/….md`` the repository names."""
    found = []
    for path in repository_texts():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in CITATION.finditer(line):
                found.append((f"{path.relative_to(ROOT)}:{n}", match[1], match[2] or ""))
    return found


def test_the_repository_cites_the_guides() -> None:
    cited = citations()
    where = {place.split(":")[0] for place, _, _ in cited}
    # the messages staff see, the code that points there, and the tests that read them
    assert {"_ext/kok_tools/build.py", "_ext/kok_check/cli.py", "_ext/kok_import/draft.py", "README.md"} <= where
    assert any(anchor for _, _, anchor in cited)


def test_every_cited_page_and_anchor_exists() -> None:
    dead = []
    for place, page, anchor in citations():
        file = ROOT / page
        if not file.is_file():
            dead.append(f"{place}: {page}")
        elif anchor and anchor not in anchors(file):
            dead.append(f"{place}: {page}#{anchor}")
    assert dead == []


def test_a_dead_anchor_is_found() -> None:
    """The check above fails on a heading that is gone, and on a page that is gone."""
    docs = "docs"  # so that this file cites no dead page itself
    line = f"Was sie bedeuten: {docs}/anleitung/warnungen.md#kokdatum und {docs}/anleitung/kapitel-11.md."
    found = [(m[1], m[2] or "") for m in CITATION.finditer(line)]
    assert found == [(f"{docs}/anleitung/warnungen.md", "kokdatum"), (f"{docs}/anleitung/kapitel-11.md", "")]
    assert "kokdatum" not in anchors(ROOT / found[0][0])
    assert not (ROOT / found[1][0]).exists()


def test_no_heading_of_the_guides_is_numbered() -> None:
    numbered = []
    for doc in DOCS:
        for opening, inline in itertools.pairwise(tokens(doc)):
            if opening.type == "heading_open" and re.match(r"\d+[a-z]?[.)]?\s", inline.content):
                numbered.append(f"{doc.relative_to(ROOT)}: {inline.content}")
    assert numbered == []


def test_nothing_cites_a_section_by_its_number() -> None:
    by_number = []
    for path in repository_texts():
        if str(path.relative_to(ROOT)).startswith(CONTENT):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BY_NUMBER.search(line):
                by_number.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert by_number == []
    docs = "docs"  # so that this file cites no page by number itself
    for cited in ("(Anleitung, Abschnitt", "(guide, section", f"({docs}/anleitung.md,"):
        assert BY_NUMBER.search(f"{cited} 7a)"), cited


# -- the event examples of the authoring guide --------------------------------------------------------------


@dataclass
class Example:
    page: Path  # of the staff guide
    line: int  # of the fence, 1-based
    text: str
    marker: str  # the docs-test marker, "" without one


def event_examples() -> list[Example]:
    found = []
    for page in GUIDE_PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for token in tokens(page):
            if token.type != "fence" or token.info.strip() != "markdown" or ":::{kok-event}" not in token.content:
                continue
            assert token.map is not None
            before = lines[token.map[0] - 1] if token.map[0] > 0 else ""
            marker = MARKER.search(before)
            found.append(Example(page, token.map[0] + 1, token.content, marker[1] if marker else ""))
    return found


def completed(example: str) -> str:
    """A fragment (an event without its closing ``:::``) with what it lacks to be a whole event."""
    lines = example.rstrip("\n").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(":::{kok-event}"))
    rest = lines[start + 1 :]
    if ":::" in (line.strip() for line in rest):
        return example
    given = {match[1] for line in rest if (match := re.match(r":(\w+):", line))}
    missing = [f":{name}: {value}" for name, value in DEFAULTS.items() if name not in given]
    return "\n".join([*lines, *missing, ":::"]) + "\n"


def review_year_of(example: str) -> int:
    """The year of the example's last date (a December date belongs to the next year's review)."""
    found = re.findall(r"^:date:.*?(\d{4})(?:-(\d{2}))?", example, re.M)
    if not found:
        return 2021
    year, month = found[-1]
    return int(year) + 1 if month == "12" else int(year)


def params() -> list[object]:
    result: list[object] = []
    for example in event_examples():
        marks = []
        where = f"{example.page.name}:{example.line}"
        if example.marker.startswith("überspringen"):
            marks.append(pytest.mark.skip(reason=f"{where}: {example.marker}"))
        result.append(pytest.param(example, marks=marks, id=where))
    return result


def test_the_guide_has_event_examples() -> None:
    assert len(event_examples()) >= 3


@pytest.mark.sphinx("html", testroot="timeline")  # only for make_app; the project is built in tmp_path
@pytest.mark.parametrize("example", params())
def test_event_example_of_the_guide_builds_without_warnings(make_app, tmp_path: Path, example: Example) -> None:
    for name in ("conf.py", "index.md", "organisationen.md", "kategorien.md", "organisationen.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "_static", tmp_path / "_static")
    (tmp_path / "years").mkdir()
    text = completed(example.text)
    year = review_year_of(text)  # on the page of its year, as an author would put it
    page = f"# Jahresrückblick {year}\n\n{text}"
    (tmp_path / "years" / f"{year}.md").write_text(page, encoding="utf-8")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    expected = set(example.marker.removeprefix("warnt").split()) if example.marker.startswith("warnt") else set()
    subtypes = [match[1] if (match := SUBTYPE.search(w)) else w for w in warnings_of(app)]
    assert set(subtypes) == expected, warnings_of(app)
    shown = article(app.outdir / "years" / f"{year}.html").find_all("div", class_="kok-event")
    assert len(shown) == example.text.count(":::{kok-event}")


# -- the README and the site ------------------------------------------------------------------------------


def test_readme_is_short_and_starts_with_the_two_commands() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) < 130
    first = next(token for token in tokens(README) if token.type in ("fence", "code_block"))
    assert "make html" in first.content
    assert "make test" in first.content


def test_the_site_does_not_pick_up_the_documentation() -> None:
    config = Config.read(ROOT, overrides={}, tags=Tags())
    docnames = Project(ROOT, config.source_suffix).discover(config.exclude_patterns, config.include_patterns)
    assert docnames  # the site itself is found
    assert sorted(d for d in docnames if d.startswith("docs/") or d in ("README", "CHANGELOG")) == []


def test_every_registry_example_of_the_guide_is_a_valid_entry() -> None:
    """The ```toml examples of the guide, read as the archive reads organisationen.toml."""
    examples = [
        token.content
        for page in GUIDE_PAGES
        for token in tokens(page)
        if token.type == "fence" and token.info.strip() == "toml"
    ]
    assert examples
    for example in examples:
        entries = tomllib.loads(example)["organisation"]
        assert entries
        assert Registry.from_entries(entries).problems == [], example


def test_the_developer_guide_names_every_module_of_the_extension_and_no_other() -> None:
    """The columns "Ordner" and "Module" of the table of stages on the developer guide's first page: a module
    added, renamed, moved or gone shows here."""
    stream = tokens(DEVELOPERS / "index.md")
    start = next(n for n, token in enumerate(stream) if token.type == "inline" and token.content == "Stufe")
    named, cells = set(), []
    for token in stream[start:]:
        if token.type == "table_close":
            break
        if token.type == "inline":
            cells.append(token)
        if token.type == "tr_close":
            folder = cells[1].content.strip("`")
            named |= {f"{folder}{child.content}.py" for child in cells[2].children or [] if child.type == "code_inline"}
            cells = []
    # a stage's __init__.py only says what the stage is; the package's own is setup()
    package = ROOT / "_ext" / "kok_archive"
    modules = {
        path.relative_to(package.parent).as_posix()
        for path in package.rglob("*.py")
        if path.name != "__init__.py" or path.parent == package
    }
    assert named == modules
