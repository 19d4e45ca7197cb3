"""The real site: a strict build, and the 2020 review complete, exact and clean.

The expected items are read from the PDF text in ``shared/seeds`` (beside the
clone, as CI has it), not from our own Markdown: each distinct item of the
print must appear exactly once, in its month.
"""

from __future__ import annotations

import html
import json
import re
import runpy
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import Tag
from kok_check.cli import run as run_check
from kok_check.invariants import CHECKS, check_counts
from kok_check.site import Site
from kok_check.sources import published_lines, year_files
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from .generated import HIDDEN_TITLE, NOTE, GeneratedYear
from .helpers import (
    ROOT,
    SiteBuilds,
    article,
    events_by_section,
    redirect_pages,
    text_of,
)

SEED = ROOT.parent / "shared" / "seeds" / "jahresrueckblick-2020.txt"
MONTHS = ["Dezember 2019"] + [
    f"{name} 2020"
    for name in (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
    )
]
MONTH_LABELS = {
    name.upper(): f"monat-{2019 if name.startswith('Dez') else 2020}-{n:02d}"
    for n, name in zip([12, *range(1, 12)], MONTHS, strict=True)
}
# editorial corrections of obvious misprints, as listed in years/2020.md and the authoring guide
# (docs/anleitung/anhang-2020.md)
CORRECTIONS = {
    "Dambruch": "Dammbruch",
    "EPCAT": "ECPAT",
    "Vorbereitungschaft": "Vorbereitungshaft",
    "Auswärtigem": "Auswärtigen",
    "BKSf": "BKSF",
    "Twitter Account": "Twitter-Account",
}
# items without a day in the June–November pages, which carry no month label:
# the month is an editorial decision (docs/anleitung/anhang-2020.md)
UNLABELLED_MONTHS = {
    "KOK eröffnet einen Twitter-Account": "monat-2020-06",
    "Siobhán Mullally wird neue UN-Sonderberichterstatterin": "monat-2020-07",
}
DATE = re.compile(r"^((?:\d{1,2}\.(?:/| und ))?\d{1,2}\.\d{1,2}\.)\s+(.*)$")


def key(title: str) -> str:
    """Compare titles by their first letters: immune to line-break hyphenation and escapes."""
    for wrong, right in CORRECTIONS.items():
        title = title.replace(wrong, right)
    return re.sub(r"[^a-zäöüß]", "", title.casefold())[:30]


def seed_items() -> set[tuple[str, str, str]]:
    """(month anchor, printed date, title key) of every distinct item of the print."""
    text = SEED.read_text(encoding="utf-8")
    june_to_november, _, rest = text.partition("Bundesweiter Koordinierungskreis")
    december_to_may = rest.split("SONSTIGES", 1)[1]
    items: set[tuple[str, str, str]] = set()
    for block in re.split(r"\n\s*\n", june_to_november):
        line = " ".join(block.split())
        if not line:
            continue
        match = DATE.match(line)
        if match:
            items.add((month_of(match[1]), match[1], key(match[2])))
        else:
            month = next(m for prefix, m in UNLABELLED_MONTHS.items() if key(line).startswith(key(prefix)[:20]))
            items.add((month, "", key(line)))
    pending: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", december_to_may):
        line = " ".join(block.split())
        if line in MONTH_LABELS:  # the label closes its page
            items.update((MONTH_LABELS[line], date, title) for date, title in pending)
            pending = []
        elif line.startswith("**"):
            title = line.strip("*").split("**")[0].strip()
            match = DATE.match(title)
            pending.append((match[1], key(match[2])) if match else ("", key(title)))
    assert pending == []
    return items


def month_of(printed: str) -> str:
    month = int(printed.rstrip(".").rsplit(".", 1)[1])
    return f"monat-{2019 if month == 12 else 2020}-{month:02d}"


@pytest.fixture(scope="module")
def page_2020(site: Path) -> Tag:
    return article(site / "years" / "2020.html")


def test_strict_build_of_the_real_site_passes(site: Path) -> None:
    assert (site / "index.html").exists()
    assert (site / "_static" / "kok-categories.css").exists()


def test_twelve_german_month_sections_in_order(page_2020: Tag) -> None:
    sections = page_2020.find_all("section", class_="kok-month")
    assert [text_of(s.find("h2")).rstrip("¶") for s in sections] == MONTHS
    assert [s["id"] for s in sections] == list(MONTH_LABELS.values())


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not beside this clone")
def test_every_item_of_the_print_appears_exactly_once_in_its_month(page_2020: Tag) -> None:
    expected = seed_items()
    assert len(expected) == 70
    shown = [
        (
            section,
            text_of(event.find(class_="kok-date")) if event.find(class_="kok-date") else "",
            key(text_of(event.find(class_="kok-event-title"))),
        )
        for section, events in events_by_section(page_2020).items()
        for event in events
    ]
    doubled = [item for item, count in Counter(shown).items() if count > 1]
    assert doubled == []
    assert set(shown) - expected == set(), "shown but not in the print (or in the wrong month)"
    assert expected - set(shown) == set(), "in the print but not shown (or in the wrong month)"


def shown_events(page: Tag) -> list[dict[str, object]]:
    """Every event of a year page as the reader sees it, field by field."""
    events: list[dict[str, object]] = []
    for section in page.find_all("section", class_="kok-month"):
        for event in section.find_all("div", class_="kok-event", recursive=False):
            category = next(c for c in event["class"] if c.startswith("kok-category-"))
            persons = event.find(class_="kok-event-persons")
            events.append(
                {
                    "month": section["id"],
                    "date": text_of(event.find(class_="kok-date")) if event.find(class_="kok-date") else "",
                    "title": text_of(event.find(class_="kok-event-title")),
                    "category": category.removeprefix("kok-category-"),
                    "orgs": [text_of(org) for org in event.select(".kok-event-orgs .kok-org")],
                    "persons": text_of(persons).removeprefix("Personen: ").split("; ") if persons else [],
                    "details": text_of(event.find(class_="kok-event-details"))
                    if event.find(class_="kok-event-details")
                    else "",
                }
            )
    return events


def test_the_2020_page_shows_every_item_field_by_field_as_reviewed(page_2020: Tag) -> None:
    """Against tests/data/jahresrueckblick-2020.json, the reviewed transcription of the print
    (dates, titles, details, organisations, persons, categories): any change to the year
    file or to the rendering that alters what a reader sees fails here."""
    expected = json.loads((ROOT / "tests" / "data" / "jahresrueckblick-2020.json").read_text(encoding="utf-8"))
    assert shown_events(page_2020) == expected


def test_every_item_has_a_category_and_the_page_is_free_of_pdf_artefacts(page_2020: Tag) -> None:
    for event in page_2020.find_all("div", class_="kok-event"):
        assert "kok-category-none" not in event["class"], text_of(event)
    text = page_2020.get_text()
    for artefact in ("**", "\\", "  ", "VERANSTALTUNG", "PUBLIKATION", "DEZEMBER", "GEFÖRDERT", "Dambruch", "EPCAT"):
        assert artefact not in text, artefact
    # line-break hyphenation ("Asyl- rechtsreform"); "Fortbildungs- und" is German
    assert re.findall(r"[a-zäöüß]- (?!und |oder |sowie )\w+", text) == []


def test_foreword_signature_and_funding_notice_stay_before_the_timeline(page_2020: Tag) -> None:
    text = text_of(page_2020)
    foreword = text.index("Liebe Leser*innen,")
    signature = text.index("Sophia Wirsching, KOK-Geschäftsstelle")
    funding = text.index("Der KOK wird gefördert vom Bundesministerium für Familie, Senioren, Frauen und Jugend")
    timeline = text.index("Kategorien:")
    assert foreword < signature < funding < timeline
    assert "Der gesundheitliche Schutz der Klient*innen und der Berater*innen ist und bleibt wesentlich." in text


def test_no_request_to_another_host(site: Path) -> None:
    """No web fonts, CDNs or analytics: readers may be in sensitive situations.
    (Links a reader chooses to follow are fine; resources a page loads are not.)"""
    loads = re.compile(
        r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["']?(?:https?:)?//"""
        r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//""",
        re.IGNORECASE,
    )
    css_loads = re.compile(r"""@import|url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 3
    for page in pages:
        assert loads.findall(page.read_text(encoding="utf-8")) == [], page
    for stylesheet in site.rglob("*.css"):
        assert css_loads.findall(stylesheet.read_text(encoding="utf-8")) == [], stylesheet


MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


BREAK = "\N{OBJECT REPLACEMENT CHARACTER}"


def visible(markdown: str) -> str:
    """What a reader sees of an event's Markdown, parsed as MyST parses it: a link's text without its
    address, emphasis without stars, no ``%`` comment and no HTML comment. ``BREAK`` marks where a
    builder may show something of its own: the title of another event for a ``{kok:event}`` role
    (checked on its own), a link's address (epub, LaTeX, texinfo, man), a list item's number."""
    tokens = [
        inline
        for block in MYST.parse(markdown)
        if block.type != "myst_line_comment"
        for inline in (block.children or [block])
    ]
    return " ".join(token.content if token.type in ("text", "code_inline") else BREAK for token in tokens)


def source_items(project: Path = ROOT) -> tuple[list[str], set[str], list[str]]:
    """Titles, organisation names and detail texts of years/, as a reader sees them (without
    ``%`` comment lines, HTML comments and code blocks: allowed anywhere, never shown as events)."""
    titles: list[str] = []
    orgs: set[str] = set()
    details: list[str] = []
    for page in sorted((project / "years").glob("[0-9]*.md")):
        text = "\n".join(published_lines(page.read_text(encoding="utf-8"))) + "\n"
        titles += [visible(title) for title in re.findall(r"^:::\{kok-event\} (.*)$", text, re.M)]
        for line in re.findall(r"^:org: (.*)$", text, re.M):
            orgs |= {name.strip() for name in line.strip().strip('"').split(";")}
        blocks = re.finditer(r"^:::\{kok-event\}[^\n]*\n(?::[a-z]+:[^\n]*\n)*(.*?)^:::$", text, re.M | re.S)
        details += [visible(block[1]) for block in blocks if block[1].strip()]
    return titles, orgs, details


def categories_written(project: Path) -> Counter[str]:
    """How many events of each category the year files hold."""
    return Counter(
        key.casefold()
        for page in (project / "years").glob("[0-9]*.md")
        for key in re.findall(r"^:category: (\w+)\s*$", "\n".join(published_lines(page.read_text("utf-8"))), re.M)
    )


def letters(text: str) -> str:
    return re.sub(r"[^a-zäöüß0-9]", "", text.casefold())


def plain_text(output: str, builder: str) -> str:
    """The letters of a written file, less each format's own markup."""
    if builder == "latex":
        output = re.sub(r"\\[a-zA-Z]+\{\}|\\[a-zA-Z]+", " ", output)
    elif builder == "texinfo":
        output = re.sub(r"@[a-z]+\{\}", " ", output)
    elif builder == "man":
        output = re.sub(r"\\\(\w\w|\\[-&e]|\\f[BIRP]", " ", output)
    elif builder != "text":
        output = html.unescape(re.sub(r"<[^>]+>", " ", output))
    return letters(output)


BUILDERS = {
    "html": ".html",
    "dirhtml": ".html",
    "singlehtml": ".html",
    "epub": ".xhtml",
    "latex": ".tex",
    "text": ".txt",
    "man": ".1",
    "texinfo": ".texi",
    "xml": ".xml",
}


@pytest.mark.parametrize("builder", list(BUILDERS))
def test_every_builder_builds_the_real_site_and_loses_nothing(
    builder: str, generated_source: Path, site_builds: SiteBuilds
) -> None:
    """years/ as it is, beside a generated year with every construct of the staff guide (strictly:
    ``SiteBuilds.strict``; its html build is the ``site`` of the other tests)."""
    out = site_builds.strict(generated_source, builder)
    assert_nothing_lost(generated_source, out, builder)
    if builder != "epub":  # (zipped)
        written = "".join(path.read_text(encoding="utf-8") for path in out.rglob(f"*{BUILDERS[builder]}"))
        assert NOTE not in written
        assert HIDDEN_TITLE not in written


def assert_nothing_lost(project: Path, out: Path, builder: str) -> None:
    written = "".join(path.read_text(encoding="utf-8", errors="replace") for path in out.rglob(f"*{BUILDERS[builder]}"))
    text = plain_text(written, builder)
    titles, orgs, details = source_items(project)
    assert titles
    assert [title for title in titles if letters(title) not in text] == []
    assert [name for name in sorted(orgs) if letters(name) not in text] == []
    assert [detail for detail in details if any(letters(part) not in text for part in detail.split(BREAK))] == []
    # categories as text, not colour: each label at least once per event of its category
    labels = {key: spec["label"] for key, spec in runpy.run_path(str(project / "conf.py"))["kok_categories"].items()}
    for key, count in categories_written(project).items():
        assert text.count(letters(labels[key])) >= count, key
    if builder == "epub":  # the package carries our stylesheets
        with zipfile.ZipFile(next(out.glob("*.epub"))) as package:
            assert {"_static/kok.css", "_static/kok-categories.css"} <= set(package.namelist())


def test_no_page_over_a_megabyte_and_every_organisation_a_page_of_its_own(site: Path) -> None:
    """A phone loads every page: the organisations' events are on pages of their own, not on one."""
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    assert {page: size for page, size in sizes.items() if size > 1_000_000} == {}
    entries = article(site / "organisationen.html").select(".kok-org-entry a[href]")
    assert entries
    redirects = redirect_pages(site)  # an organisation's other names lead to its one page
    pages = sorted(page for page in sizes if page.startswith("organisationen/") and page not in redirects)
    assert sorted(set(str(a["href"]) for a in entries)) == pages
    assert set(redirects.values()) <= set(pages)


def test_home_page_links_the_indexes_and_every_year(site: Path, site_source: Path) -> None:
    home = article(site / "index.html")
    hrefs = {a["href"] for a in home.find_all("a")}
    years = {f"{year.docname}.html" for year in year_files(site_source) if year.events}
    assert years
    assert {"organisationen.html", "kategorien.html", *years} <= hrefs


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_every_internal_link_lands_on_an_existing_page_and_anchor(
    builder: str, generated_source: Path, site_builds: SiteBuilds
) -> None:
    """On years/ as it is beside a generated year (every page of the archive as it is, and more): the
    builds of test_every_builder_builds_the_real_site_and_loses_nothing, strict."""
    out = site_builds.strict(generated_source, builder)
    ids: dict[Path, set[str]] = {}

    def anchors(page: Path) -> set[str]:
        if page not in ids:
            html = page.read_text(encoding="utf-8")
            ids[page] = set(re.findall(r'\bid="([^"]+)"', html))
        return ids[page]

    broken = []
    checked = 0
    for page in sorted(out.rglob("*.html")):
        for tag in re.findall(r"<a [^>]*>", page.read_text(encoding="utf-8")):
            found = re.search(r'\bhref="([^"]+)"', tag)
            if not found or re.match(r"[a-z]+:", found[1]) or "hreflang=" in tag:  # https:, another edition
                continue
            href = found[1]
            path, _, fragment = html.unescape(href).partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append((str(page.relative_to(out)), href, "no such file"))
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                broken.append((str(page.relative_to(out)), href, "no such anchor"))
    assert checked >= len(source_items(generated_source)[0]) > len(source_items()[0])  # each event's permalink
    assert broken == []


# -- what must hold for any content: the checks of make check ---------------------------------------
# (kok_check/invariants.py; tests/test_check.py shows that each of them can fail)


def test_every_event_of_the_year_files_is_on_the_site(site: Path, site_source: Path) -> None:
    assert check_counts(site_source, Site(site)) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_every_event_once_everywhere_it_belongs(check: Callable[[Site], list[object]], site: Path) -> None:
    assert check(Site(site)) == []


def test_a_second_year_keeps_every_check_and_the_2020_review_green(
    generated_year: tuple[Path, GeneratedYear], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """make check, as CI runs it, on a generated year added as the guide says (tests/generated.py; the
    copy is the session's ``generated_source``, read only: make check builds into tmp_path)."""
    project, generated = generated_year
    before = year_files(ROOT)  # what the copy had before the generated year
    assert run_check([str(project), "--out", str(tmp_path / "html")]) == 0
    years, events = len(before) + 1, sum(len(y.events) for y in before) + generated.events
    out = capsys.readouterr().out.splitlines()
    verdict = f"Alles in Ordnung: {years} Jahre, {events} Ereignisse"
    assert verdict in out
    assert all(line.startswith(("Ausgabe »", "  ")) for line in out[out.index(verdict) + 1 :])  # the translations
    exported = (tmp_path / "html" / "kok-events.json").read_text(encoding="utf-8")
    assert NOTE not in exported  # a % line inside an event is a note for authors
    assert HIDDEN_TITLE not in exported  # an event in an HTML comment is not published
    home = article(tmp_path / "html" / "index.html")
    shown = [text_of(li) for li in home.select("ul.kok-years li")]
    assert f"Jahresrückblick {generated.year} – {generated.events} Ereignisse" in shown
    if (project / "years" / "2020.md").exists():  # the fidelity of the 2020 review holds beside other years
        page = article(tmp_path / "html" / "years" / "2020.html")
        test_twelve_german_month_sections_in_order(page)
        test_the_2020_page_shows_every_item_field_by_field_as_reviewed(page)
        if SEED.exists():
            test_every_item_of_the_print_appears_exactly_once_in_its_month(page)


def test_a_reader_sees_a_links_text_not_its_address_nor_notes() -> None:
    """The regression of issue 18: ordinary links in an event's text, as the guide allows them,
    were compared with the page as written, address and all, and failed CI on a real year."""
    shown = visible("Der KOK hat sich geäußert ([Einschätzung des KOK](https://example.org/a?b=1&c=2)).\n% Notiz")
    assert [letters(part) for part in shown.split(BREAK) if letters(part)] == [
        "derkokhatsichgeäussert",  # casefold: ß is ss
        "einschätzungdeskok",
    ]
    assert "example" not in shown
    assert "Notiz" not in shown
    assert (
        letters(visible("Treffen mit {kok:event}`kok-x` und *allen* Berater*innen")) == "treffenmitundallenberaterinnen"
    )
