"""Synthetic archives in the project's own syntax, and the same text as plain MyST.

Deterministic (seeded): N year files of M events with dates of every form,
categories, 1–4 organisations from a generated registry, persons, details of
realistic length and links. Three variants of the same events, built with the same theme:

- ``kok``: the archive, in the project's own syntax;
- ``hand``: the floor, the same output written by hand in plain MyST: year pages with a
  label per event, a category page and an organisation page listing every event as a ``{ref}``;
- ``plain``: only the year pages in plain MyST (headings and paragraphs), no labels, no indexes.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

Variant = Literal["kok", "hand", "plain"]
VARIANTS: tuple[Variant, ...] = ("hand", "plain", "kok")

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = ("veranstaltung", "politik", "publikation", "sonstiges")
WORDS = [
    "Menschenhandel",
    "Ausbeutung",
    "Fachberatungsstelle",
    "Betroffene",
    "Schutz",
    "Rechte",
    "Beratung",
    "Sitzung",
    "Arbeitsgruppe",
    "Stellungnahme",
    "Gesetzentwurf",
    "Schulung",
    "Tagung",
    "Vernetzung",
    "Prävention",
    "Sensibilisierung",
    "Datenerhebung",
    "Bericht",
    "Zivilgesellschaft",
    "Kooperation",
    "Opferschutz",
    "Aufenthaltsrecht",
    "Arbeitsausbeutung",
    "Zwangsarbeit",
    "Unterstützung",
]
PERSONS = ("Claudia Robbe", "Sophia Wirsching", "Andrea Hitzke", "Erika Musterfrau", "Max Mustermann")
CONF = """\
import sys
sys.path.insert(0, {ext!r})
project = "KOK-Archiv (Benchmark)"
copyright = "KOK e.V."
language = "de"
version = release = "bench"
extensions = {extensions!r}
myst_enable_extensions = ["colon_fence"]
source_suffix = {{".md": "markdown"}}
include_patterns = ["index.md", "organisationen.md", "kategorien.md", "years/*.md"]
html_theme = "furo"
"""


@dataclass(frozen=True)
class Item:
    title: str
    date: str  # the :date: value
    heading: str  # the floor's text for the date
    category: str
    orgs: tuple[str, ...]
    persons: tuple[str, ...]
    details: str
    link: str


def items(year: int, count: int, rng: random.Random, orgs: list[tuple[str, str]]) -> list[Item]:
    result = []
    for n in range(count):
        first = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        form = n % 6
        if form == 0:
            when, heading = first.isoformat(), f"{first.day}.{first.month}.{year}"
        elif form == 1:
            last = first + timedelta(days=1 + rng.randrange(2))
            when, heading = f"{first.isoformat()}/{last.isoformat()}", f"{first.day}./{last.day}.{last.month}.{year}"
        elif form == 2:
            second = first + timedelta(days=3 + rng.randrange(5))
            when, heading = f"{first.isoformat()}, {second.isoformat()}", f"{first.day}. und {second.day}.{year}"
        elif form == 3:
            when, heading = f"{first.day}.{first.month}.{first.year}", f"{first.day}.{first.month}.{year}"
        elif form == 4:
            when, heading = f"{first:%Y-%m}", f"{first.month}/{year}"
        else:
            when, heading = first.isoformat(), f"{first.day}.{first.month}.{year}"
        words = rng.choices(WORDS, k=5 + rng.randrange(6))
        title = " ".join(words).capitalize() + f" {year}-{n}"
        named = tuple(dict.fromkeys(rng.choice(orgs)[rng.randrange(2)] for _ in range(1 + rng.randrange(4))))
        persons = tuple(rng.sample(PERSONS, rng.randrange(3)))
        details = " ".join(rng.choices(WORDS, k=20 + rng.randrange(60))) + "."
        link = f"https://www.example.org/{year}/{n}" if n % 4 == 0 else ""
        result.append(Item(title, when, heading, CATEGORIES[n % 4], named, persons, details, link))
    return result


def registry() -> list[tuple[str, str]]:
    """The synthetic organisations: name and short name."""
    return [(f"Organisation {i} für Menschenrechte e.V.", f"ORG{i}") for i in range(60)]


def all_items(years: int, per_year: int, seed: int = 2020) -> dict[int, list[Item]]:
    """Every year's events, the same for every variant."""
    rng = random.Random(seed)
    orgs = registry()
    return {year: items(year, per_year, rng, orgs) for year in range(2000, 2000 + years)}


def write(dest: Path, years: int, per_year: int, variant: Variant = "kok", seed: int = 2020) -> Path:
    """An archive of ``years`` year files with ``per_year`` events, as ``variant``."""
    (dest / "years").mkdir(parents=True, exist_ok=True)
    orgs = registry()
    events = all_items(years, per_year, seed)
    kok = variant == "kok"
    extensions = ["myst_parser", "kok_archive"] if kok else ["myst_parser"]
    (dest / "conf.py").write_text(CONF.format(ext=str(ROOT / "_ext"), extensions=extensions), encoding="utf-8")
    org_registry = "".join(f'[[organisation]]\nname = "{name}"\nkurz = "{short}"\n\n' for name, short in orgs)
    (dest / "organisationen.toml").write_text(org_registry, encoding="utf-8")
    home = "# Archiv\n\n" + (":::{kok-years}\n:::\n\n:::{kok-chart}\n:::\n\n" if kok else "")
    home += "```{toctree}\n:glob:\n:reversed:\n\nyears/*\n```\n\n```{toctree}\norganisationen\nkategorien\n```\n"
    (dest / "index.md").write_text(home, encoding="utf-8")
    org_page, category_page = "", ""
    if kok:
        org_page, category_page = ":::{kok-org-index}\n:::\n", ":::{kok-category-index}\n:::\n"
    elif variant == "hand":
        org_page, category_page = hand_indexes(events, orgs)
    (dest / "organisationen.md").write_text("# Organisationen\n\n" + org_page, encoding="utf-8")
    (dest / "kategorien.md").write_text("# Kategorien\n\n" + category_page, encoding="utf-8")
    for year, year_items in events.items():
        (dest / "years" / f"{year}.md").write_text(year_page(year, year_items, variant), encoding="utf-8")
    return dest


SITE_FILES = ("conf.py", "index.md", "organisationen.md", "kategorien.md", "organisationen.toml")
SITE_FOLDERS = ("_static", "locale", "_ext")
SITE_ADDRESS = "https://archiv.example.org/kok/"  # KOK_ADRESSE: the site as published (sitemap, OpenGraph, 404 page)


def write_site(dest: Path, years: int, per_year: int, variant: Variant = "kok", seed: int = 2020) -> Path:
    """The same years built as the real site is built: the archive with the project's own
    ``conf.py``, pages, ``_static``, ``locale``, a copy of ``_ext`` and the real registry with the
    synthetic organisations added; the floor and plain MyST with the same ``conf.py`` without
    the extension (theme, its German strings, static files and sphinx-design as on the site)."""
    if variant != "kok":
        write(dest, years, per_year, variant, seed)
        conf = (ROOT / "conf.py").read_text(encoding="utf-8")
        own = conf.replace(', "kok_archive"]', "]")
        if own == conf:
            raise SystemExit("conf.py: the extension list has changed; tests/bench/synthetic.py must follow it")
        (dest / "conf.py").write_text(own, encoding="utf-8")
        for name in SITE_FOLDERS[:2]:
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        return dest
    dest.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copy2(ROOT / name, dest / name)
    for name in SITE_FOLDERS:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    extra = "".join(f'\n[[organisation]]\nname = "{name}"\nkurz = "{short}"\n' for name, short in registry())
    with (dest / "organisationen.toml").open("a", encoding="utf-8") as file:
        file.write(extra)
    (dest / "years").mkdir()
    for year, year_items in all_items(years, per_year, seed).items():
        (dest / "years" / f"{year}.md").write_text(year_page(year, year_items, "kok"), encoding="utf-8")
    return dest


def label(item: Item) -> str:
    """The hand-written label of an event: its title ends with ``<year>-<n>``."""
    return "e" + item.title.rsplit(" ", 1)[-1]


def hand_indexes(events: dict[int, list[Item]], orgs: list[tuple[str, str]]) -> tuple[str, str]:
    """The organisation and category pages as written by hand: a section per organisation
    (every event naming it by either spelling) and per category, a ``{ref}`` per event."""
    canonical = {spelling: name for name, short in orgs for spelling in (name, short)}
    by_org: dict[str, list[Item]] = {}
    by_category: dict[str, list[Item]] = {}
    for year_items in events.values():
        for item in year_items:
            for name in dict.fromkeys(canonical[org] for org in item.orgs):
                by_org.setdefault(name, []).append(item)
            by_category.setdefault(item.category, []).append(item)
    org_page = "".join(
        f"## {name}\n\n" + "".join(f"- {{ref}}`{label(item)}`\n" for item in by_org[name]) + "\n"
        for name in sorted(by_org)
    )
    category_page = "".join(
        f"## {category.capitalize()}\n\n"
        + "".join(f"- {{ref}}`{label(item)}`\n" for item in by_category[category])
        + "\n"
        for category in CATEGORIES
        if category in by_category
    )
    return org_page, category_page


def year_page(year: int, events: list[Item], variant: Variant) -> str:
    parts = [f"# Jahresrückblick {year}\n\nLiebe Leser\\*innen, das Vorwort des Jahres {year}.\n\n"]
    for item in events:
        if variant != "kok":
            parts.append(f"({label(item)})=\n" if variant == "hand" else "")
            parts.append(f"## {item.heading} {item.title}\n\n{item.category.capitalize()}\n\n")
            parts.append(f"Organisationen: {'; '.join(item.orgs)}\n\n")
            if item.persons:
                parts.append(f"Personen: {'; '.join(item.persons)}\n\n")
            parts.append(f"{item.details}\n\n")
            if item.link:
                parts.append(f"<{item.link}>\n\n")
            continue
        parts.append(f":::{{kok-event}} {item.title}\n:date: {item.date}\n:category: {item.category}\n")
        parts.append(f":org: {'; '.join(item.orgs)}\n")
        if item.persons:
            parts.append(f":person: {'; '.join(item.persons)}\n")
        if item.link:
            parts.append(f":link: {item.link}\n")
        parts.append(f"{item.details}\n:::\n\n")
    return "".join(parts)
