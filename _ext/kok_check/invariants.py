"""What must hold for any content of the archive: every event once, everywhere it belongs.

Each check returns problems (German: ``make check`` prints them) and never assumes how many
years or events there are, which year is newest, or what comes first.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kok_archive.core.file_names import ICS, calendar_file
from kok_archive.core.indexes import UNDATED_SECTION
from kok_archive.core.model import UNDATED_ANCHOR

from .site import Site, resolve
from .sources import YearFile, letters, year_files

HOME, CATEGORIES, ORGANISATIONS = "index.html", "kategorien.html", "organisationen.html"
BUG = "Bitte den Entwickler*innen melden (make check)."


@dataclass(frozen=True)
class Problem:
    where: str  # file, or file:line; empty for a warning without a place
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def page_of(event: dict[str, Any]) -> str:
    """``years/2020.html`` of an exported event."""
    return str(event["url"]).partition("#")[0]


def by_page(site: Site) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, list[dict[str, Any]]] = {}
    for event in site.events:
        pages.setdefault(page_of(event), []).append(event)
    return pages


def doubles(items: Iterable[str]) -> list[str]:
    return sorted(item for item, count in Counter(items).items() if count > 1)


# -- the year files against the site ----------------------------------------------------


def check_counts(project: Path, site: Site) -> list[Problem]:
    """Each year file's events are on its page: as many as the file holds."""
    problems = []
    exported = by_page(site)
    for year in year_files(project):
        shown = exported.get(f"{year.docname}.html", [])
        if len(shown) != len(year.events):
            problems.append(
                Problem(
                    str(year.path),
                    f"Die Datei enthält {len(year.events)} Ereignisse, die Website zeigt {len(shown)}.",
                )
            )
            problems += _missing_titles(year, shown)
    return problems


def _missing_titles(year: YearFile, shown: list[dict[str, Any]]) -> list[Problem]:
    titles = Counter(letters(str(event["title"])) for event in shown)
    missing = []
    for event in year.events:
        key = letters(event.title)
        if titles[key]:
            titles[key] -= 1
        else:
            missing.append(Problem(f"{year.path}:{event.line}", f"»{event.title}« fehlt auf der Website."))
    return missing


def check_fixed_addresses(project: Path) -> list[Problem]:
    """Every event has an address that lasts (an :id: of its own), so a corrected title keeps its links."""
    return [
        Problem(
            f"{year.path}:{event.line}",
            f"»{event.title}« hat noch keine feste Adresse. Bitte make adressen ausführen (trägt :id: ein) "
            "und die Datei mit committen.",
        )
        for year in year_files(project)
        for event in year.events
        if not event.fixed
    ]


def check_year_pages(site: Site) -> list[Problem]:
    """Each event once on its page, in the section of its month; the months in order."""
    problems = []
    for page, events in sorted(by_page(site).items()):
        shown = site.shown_events(page)
        anchors = [event.anchor for event in shown]
        problems += [Problem(page, f"Das Ereignis {a} steht mehrmals auf der Seite. {BUG}") for a in doubles(anchors)]
        expected = {str(event["id"]): event for event in events}
        problems += [
            Problem(page, f"Das Ereignis »{expected[a]['title']}« fehlt auf der Seite. {BUG}")
            for a in sorted(expected.keys() - set(anchors))
        ]
        problems += [
            Problem(page, f"Das Ereignis {a} steht auf der Seite, aber nicht in den Daten. {BUG}")
            for a in sorted(set(anchors) - expected.keys())
        ]
        for event in shown:
            record = expected.get(event.anchor)
            if record is None:
                continue
            section = f"monat-{record['month']}" if record["month"] else UNDATED_ANCHOR
            if event.section != section:
                problems.append(Problem(page, f"»{event.title}« steht in {event.section} statt in {section}. {BUG}"))
            if event.title != record["title"]:
                problems.append(Problem(page, f"»{event.title}« heißt in den Daten »{record['title']}«. {BUG}"))
        months = [str(s["id"]) for s in site.page(page).find_all("section", class_="kok-month")]
        months = [m for m in months if m.startswith("monat-")]
        if months != sorted(set(months)):
            problems.append(Problem(page, f"Die Monate stehen nicht in zeitlicher Folge: {', '.join(months)}. {BUG}"))
    return problems


def check_home(site: Site) -> list[Problem]:
    """The home page lists every year page once, with its number of events."""
    listed: dict[str, list[int]] = {}
    for item in site.page(HOME).select("ul.kok-years li"):
        link = item.find("a", href=True)
        words = item.get_text().split()
        numbers = [int(word) for word in words if word.isdigit()]
        if link is not None and numbers:
            listed.setdefault(str(link["href"]).partition("#")[0], []).append(numbers[-1])
    problems = []
    for page, events in sorted(by_page(site).items()):
        if listed.get(page) != [len(events)]:
            problems.append(
                Problem(HOME, f"{page} steht dort als {listed.get(page)} statt mit {len(events)} Ereignissen. {BUG}")
            )
    return problems


def check_printed(site: Site) -> list[Problem]:
    """Each year page with events links to its printed review, a PDF that exists; so does the home page."""
    problems = []
    offered = {_printed_file(HOME, str(a["href"])) for a in site.page(HOME).select(".kok-printed a[href]")}
    for page in sorted(by_page(site)):
        links = [str(a["href"]) for a in site.page(page).select(".kok-printed a[href]")]
        if len(links) != 1:
            problems.append(Problem(page, f"Die Seite bietet {len(links)} statt eines PDFs zum Drucken an. {BUG}"))
            continue
        pdf = _printed_file(page, links[0])
        if not site.exists(pdf) or not (site.root / pdf).read_bytes().startswith(b"%PDF-"):
            problems.append(Problem(page, f"Das PDF {pdf} fehlt oder ist beschädigt (siehe die Warnung kok.pdf)."))
        if pdf not in offered:
            problems.append(Problem(HOME, f"Das PDF {pdf} fehlt bei den Jahresrückblicken als PDF. {BUG}"))
    return problems


def _printed_file(page: str, href: str) -> str:
    """The site's path of a link on a page: ``jahresrueckblick-2020.pdf`` for ``../…`` on ``years/2020.html``."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


# -- the indexes ---------------------------------------------------------------------------


def _listed(tag: Any) -> list[str]:
    """The event anchors a listing links to."""
    return [str(a["href"]).partition("#")[2] for a in tag.select("ul.kok-listing-events a[href]")]


def check_category_index(site: Site) -> list[Problem]:
    """Each category's section of the index links to the category's own page with its count;
    every event with a category stands exactly once on that page, in the section of its year
    and month; an event without a category on none."""
    problems = []
    pages: dict[str, str] = {}  # category key -> its page
    for section in site.page(CATEGORIES).find_all("section", class_="kok-category-section"):
        key = str(section["id"]).removeprefix("kategorie-")
        link = section.select_one(".kok-category-summary a[href]")
        if link is None:
            problems.append(Problem(CATEGORIES, f"Der Abschnitt {section['id']} verweist auf keine Seite. {BUG}"))
            continue
        pages[key] = resolve(CATEGORIES, str(link["href"])).partition("#")[0]
        expected = sum(1 for event in site.events if _category(event) == key)
        if _count_in(section.get_text()) != str(expected):
            problems.append(Problem(CATEGORIES, f"Der Abschnitt {section['id']} nennt eine falsche Zahl. {BUG}"))
    places: dict[str, list[tuple[str, str]]] = {}  # event anchor -> (category page, section path)
    for key, page in sorted(pages.items()):
        if not site.exists(page):
            problems.append(Problem(page, f"Die Seite der Kategorie »{key}« fehlt. {BUG}"))
            continue
        for link in site.page(page).select("ul.kok-listing-events a[href]"):
            places.setdefault(str(link["href"]).partition("#")[2], []).append((page, _sections_of(link)))
    for event in site.events:
        key, anchor, month = _category(event), str(event["id"]), event.get("month")
        found = places.get(anchor, [])
        if not key:
            if found:
                problems.append(Problem(found[0][0], f"»{event['title']}« hat keine Kategorie, steht aber dort. {BUG}"))
            continue
        where = f"jahr-{str(month)[:4]}/monat-{month}" if month else UNDATED_SECTION
        if key not in pages:
            problems.append(Problem(CATEGORIES, f"»{event['title']}« fehlt unter »{key}«: keine Seite. {BUG}"))
        elif [place for place in found if place[0] == pages[key]] != found or len(found) != 1:
            problems.append(
                Problem(
                    pages.get(key, CATEGORIES), f"»{event['title']}« fehlt unter »{key}« oder steht mehrmals. {BUG}"
                )
            )
        elif not found[0][1].endswith(where):
            problems.append(Problem(found[0][0], f"»{event['title']}« steht in {found[0][1]} statt in {where}. {BUG}"))
    return problems


def _category(event: dict[str, Any]) -> str:
    return str((event.get("category") or {}).get("key") or "")


def _sections_of(tag: Any) -> str:
    """The ids of the sections around a tag, outermost first: ``kategorie-politik/jahr-2021/monat-2021-03``."""
    return "/".join(reversed([str(section.get("id", "")) for section in tag.find_parents("section")]))


def check_organisation_index(site: Site) -> list[Problem]:
    """Every organisation of every event linked to its own page; the index lists each page once with
    its count; each page lists exactly its events, once each, with that count."""
    problems = []
    tagged: dict[str, set[str]] = {}  # organisation page -> events that name the organisation
    for page in sorted(by_page(site)):
        for box in site.page(page).find_all("div", class_="kok-event"):
            names, links = box.select(".kok-event-orgs .kok-org"), box.select(".kok-event-orgs a[href]")
            if len(names) != len(links):
                problems.append(Problem(page, f"Nicht jede Organisation von {box.get('id')} ist verlinkt. {BUG}"))
            for link in links:
                tagged.setdefault(resolve(page, str(link["href"])), set()).add(str(box.get("id")))
    entries: dict[str, tuple[str, str]] = {}  # organisation page -> (anchor in the index, count shown)
    for entry in site.page(ORGANISATIONS).find_all(class_="kok-org-entry"):
        to_page = entry.find("a", href=True)
        if to_page is None:
            problems.append(Problem(ORGANISATIONS, f"Der Eintrag {entry.get('id')} verweist auf keine Seite. {BUG}"))
            continue
        target = resolve(ORGANISATIONS, str(to_page["href"]))
        if target in entries:
            problems.append(Problem(ORGANISATIONS, f"{target} steht mehrmals im Index. {BUG}"))
        entries[target] = (str(entry.get("id")), _count_in(entry.get_text()))
    for target in sorted(tagged.keys() - entries.keys()):
        problems.append(Problem(ORGANISATIONS, f"Die Seite {target} fehlt im Index. {BUG}"))
    for target in sorted(entries.keys() - tagged.keys()):
        problems.append(Problem(ORGANISATIONS, f"Der Eintrag {entries[target][0]} hat kein Ereignis. {BUG}"))
    for target in sorted(tagged.keys() & entries.keys()):
        expected = str(len(tagged[target]))
        if not site.exists(target):
            problems.append(Problem(target, f"Die Seite der Organisation fehlt. {BUG}"))
            continue
        listed = _listed(site.page(target))
        facts = site.page(target).find(class_="kok-org-facts")
        if sorted(listed) != sorted(tagged[target]) or _count_in(facts.get_text() if facts else "") != expected:
            problems.append(Problem(target, f"Die Seite listet nicht genau die Ereignisse der Organisation. {BUG}"))
        if entries[target][1] != expected:
            problems.append(Problem(ORGANISATIONS, f"Der Eintrag {entries[target][0]} nennt eine falsche Zahl. {BUG}"))
    return problems


def _count_in(text: str) -> str:
    """The number of "12 Ereignisse" or "1 Ereignis" in a text."""
    found = re.search(r"(\d+) Ereignis", text)
    return found[1] if found else ""


# -- the exports and the search data ----------------------------------------------------------


def check_exports(site: Site) -> list[Problem]:
    """CSV, the calendars and each year page's schema.org data hold every event once."""
    problems = []
    ids = [str(event["id"]) for event in site.events]
    problems += [Problem("kok-events.json", f"{a} steht mehrmals. {BUG}") for a in doubles(ids)]
    if Counter((row["id"], row["titel"]) for row in site.csv_rows) != Counter(
        (str(e["id"]), str(e["title"])) for e in site.events
    ):
        problems.append(Problem("kok-events.csv", f"Die Tabelle enthält nicht genau die Ereignisse der Daten. {BUG}"))
    problems += _check_calendar(site, ICS, site.events)
    for page, events in sorted(by_page(site).items()):
        problems += _check_calendar(site, calendar_file(page.removesuffix(".html")), events)
        # schema.org's Event needs a start: an event without a valid date (kok.date) has none there
        dated = [e for e in events if e["dates"]["start"]]
        if Counter(str(item.get("name")) for item in site.json_ld(page)) != Counter(str(e["title"]) for e in dated):
            problems.append(
                Problem(page, f"Die schema.org-Daten enthalten nicht genau die Ereignisse der Seite. {BUG}")
            )
    return problems


def calendar_days(event: dict[str, Any]) -> list[str]:
    """The first day of each calendar entry of an event: one per separate day, none without a day."""
    dates = event["dates"]
    if dates["kind"] == "days":
        return list(dates["days"])
    return [dates["start"]] if dates["kind"] in ("day", "span") else []


def _check_calendar(site: Site, name: str, events: list[dict[str, Any]]) -> list[Problem]:
    dated = [e for e in events if calendar_days(e)]
    if not dated and not site.exists(name):
        return []
    if not site.exists(name):
        return [Problem(name, f"Der Kalender fehlt. {BUG}")]
    entries = site.calendar(name)
    problems = [Problem(name, f"Die Kennung {uid} steht mehrmals. {BUG}") for uid in doubles(e[0] for e in entries)]
    expected = Counter((day, str(e["title"])) for e in dated for day in calendar_days(e))
    if Counter((day, summary) for _, day, summary in entries) != expected:
        problems.append(Problem(name, f"Der Kalender enthält nicht genau die Tage der Ereignisse. {BUG}"))
    return problems


def check_search(site: Site) -> list[Problem]:
    """Every event is once in the archive's own search, with its page and title; Sphinx's index
    holds no event (kok_archive/publishing/search.py)."""
    index = site.search_index
    problems = []
    kinds = {index["objnames"][str(entry[1])][1] for entries in index["objects"].values() for entry in entries}
    if "event" in kinds:
        problems.append(Problem("searchindex.js", f"Die Suche von Sphinx enthält Ereignisse. {BUG}"))
    expected = Counter((page_of(e), str(e["id"]), str(e["title"])) for e in site.events)
    if Counter((str(e["page"]), str(e["anchor"]), str(e["title"])) for e in site.search_layer) != expected:
        problems.append(Problem("_static/kok-suche/meta.js", f"Die Ereignissuche ist unvollständig. {BUG}"))
    return problems


CHECKS: tuple[Callable[[Site], list[Problem]], ...] = (
    check_year_pages,
    check_home,
    check_printed,
    check_category_index,
    check_organisation_index,
    check_exports,
    check_search,
)


def check_site(project: Path, out: Path) -> list[Problem]:
    """Every check of a built site against its year files."""
    site = Site(out)
    problems = check_fixed_addresses(project) + check_counts(project, site)
    for check in CHECKS:
        problems += check(site)
    return problems
