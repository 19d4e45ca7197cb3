"""Views across all pages: the organisation and category indexes and filtered event listings.

Pure logic, free of Sphinx: computed once per build from the domain's records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Event, chronological, group_by_month
from .organisations import ANCHOR_PREFIX, Organisation, Registry, fold, initial, sort_key

MAX_PAGE_SLUG = 100
UNDATED_SECTION = "ohne-datum"  # the events without a valid date on an organisation's or category's page
YEAR_SPAN = re.compile(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?")


@dataclass(frozen=True)
class OrgEntry:
    organisation: Organisation
    anchor: str
    events: tuple[Event, ...]


@dataclass
class OrgIndex:
    entries: list[OrgEntry]  # A–Z
    by_spelling: dict[str, OrgEntry]  # every spelling an author used, and every registered one
    by_fold: dict[str, OrgEntry]

    def find(self, written: str) -> OrgEntry | None:
        return self.by_spelling.get(written) or self.by_fold.get(fold(written))

    def letters(self) -> list[tuple[str, list[tuple[str, OrgEntry]]]]:
        """A–Z by initial letter: each entry under its name ("entry"), and under its
        abbreviation too ("see": a pointer to the entry)."""
        return [(letter, [(kind, entry) for kind, entry, _ in filed]) for letter, filed in self.filed()]

    def filed(self) -> list[tuple[str, list[tuple[str, OrgEntry, str]]]]:
        """As ``letters``, with the text each line is filed under; earlier names are filed too
        ("former": a pointer to the entry under its present name)."""
        filed = [(e.organisation.name, "entry", e) for e in self.entries]
        filed += [(e.organisation.short, "see", e) for e in self.entries if e.organisation.short]
        filed += [
            (former.display, "former", e)
            for e in self.entries
            for former in e.organisation.former
            if former.name != e.organisation.name
        ]
        groups: dict[str, list[tuple[str, OrgEntry, str]]] = {}
        for text, kind, entry in sorted(filed, key=lambda item: sort_key(item[0])):
            groups.setdefault(initial(text), []).append((kind, entry, text))
        return list(groups.items())


def org_page_name(index_page: str, entry: OrgEntry) -> str:
    """The page of one organisation beside the index: ``organisationen/<slug>`` for the entry
    ``#org-<slug>`` of ``organisationen``. Derived from the registry's name (like the anchor, so
    the address stays while the organisation keeps its name; a rename recorded as an earlier name
    keeps it too, see ``Organisation.slug``)."""
    return page_for_slug(index_page, entry.anchor.removeprefix(ANCHOR_PREFIX))


def page_for_slug(index_page: str, slug: str) -> str:
    slug = slug.strip("-") or "organisation"  # "!!!": no letters
    if slug == "index":  # dirhtml writes the index page itself to organisationen/index.html
        slug = "organisation-index"
    if len(slug) > MAX_PAGE_SLUG:  # a file name has at most 255 bytes
        slug = f"{slug[: MAX_PAGE_SLUG - 9].rstrip('-')}-{hashlib.sha1(slug.encode()).hexdigest()[:8]}"
    return f"{index_page}/{slug}"


def org_page_signature(entry: OrgEntry) -> tuple[object, ...]:
    """Everything an organisation's page shows of the records (not an event's details or link)."""
    org = entry.organisation
    shown = tuple((e.docname, e.anchor, e.title, e.date, e.raw_date, e.category) for e in entry.events)
    return (org.name, org.short, org.aliases, org.website, org.former, entry.anchor, shown)


def org_index_signature(index: OrgIndex) -> tuple[object, ...]:
    """What the A–Z list of organisation pages shows: names, anchors, counts, abbreviations."""
    return tuple(
        (
            e.organisation.name,
            e.organisation.short,
            e.organisation.aliases,
            e.organisation.former,
            e.anchor,
            len(e.events),
        )
        for e in index.entries
    )


def organisation_index(events: Iterable[Event], registry: Registry) -> OrgIndex:
    """One entry per organisation. Unregistered names are grouped by their folded
    spelling, so that a variant never makes a second entry of its own."""
    groups: dict[str, tuple[Organisation, list[Event]]] = {}
    key_of: dict[str, str] = {}  # spelling -> group
    for event in chronological(events):
        keys = []
        for written in event.orgs:
            org = registry.lookup(written)
            key = f"r:{org.name}" if org else f"u:{fold(written)}"
            groups.setdefault(key, (org or Organisation(name=written, registered=False), []))
            key_of[written] = key
            keys.append(key)
        for key in dict.fromkeys(keys):  # an event counts once per organisation
            groups[key][1].append(event)
    for org in registry.organisations:  # a role may name an indexed organisation by any spelling
        for spelling in org.spellings():
            if f"r:{org.name}" in groups:
                key_of.setdefault(spelling, f"r:{org.name}")

    entries: dict[str, OrgEntry] = {}
    # the anchors of registered names, earlier ones too (old links land there): never a variant's
    taken: set[str] = {ANCHOR_PREFIX + slug for org, _ in groups.values() for slug in org.other_slugs()}
    registered_first = sorted(groups.items(), key=lambda item: (not item[1][0].registered, item[0]))
    for key, (org, org_events) in registered_first:
        anchor, number = org.anchor, 2
        while anchor in taken:  # an unregistered variant of a registered name
            anchor, number = f"{org.anchor}-{number}", number + 1
        taken.add(anchor)
        entries[key] = OrgEntry(org, anchor, tuple(org_events))
    by_spelling = {written: entries[key] for written, key in key_of.items()}
    by_fold: dict[str, OrgEntry] = {}
    for written, found in by_spelling.items():
        by_fold.setdefault(fold(written), found)
    ordered = sorted(entries.values(), key=lambda e: sort_key(e.organisation.name))
    return OrgIndex(ordered, by_spelling, by_fold)


@dataclass(frozen=True)
class CategoryEntry:
    """A category with its events, in date order (events without a valid category are in none)."""

    key: str
    label: str
    color: str
    events: tuple[Event, ...]

    @property
    def anchor(self) -> str:
        """The section of the former single-page index, and the top of the category's page."""
        return f"kategorie-{self.key}"


def category_index(events: Iterable[Event], categories: Iterable[tuple[str, str, str]]) -> list[CategoryEntry]:
    """One entry per configured category (key, label, colour), in their configured order."""
    by_key: dict[str, list[Event]] = {}
    for event in chronological(events):
        by_key.setdefault(event.category or "", []).append(event)
    return [CategoryEntry(key, label, color, tuple(by_key.get(key, ()))) for key, label, color in categories]


def category_page_name(index_page: str, key: str) -> str:
    """The page of one category beside the index: ``kategorien/<key>``, as stable as the key
    (``kok_categories`` allows only ``a-z``, digits and ``-``)."""
    return f"{index_page}/{'kategorie-index' if key == 'index' else key}"  # dirhtml's own index page


def category_page_signature(entry: CategoryEntry) -> tuple[object, ...]:
    """Everything a category's page shows of the records (not an event's details or link)."""
    shown = tuple((e.docname, e.anchor, e.title, e.date, e.raw_date) for e in entry.events)
    return (entry.key, entry.label, entry.color, shown)


def category_index_signature(entries: Iterable[CategoryEntry]) -> tuple[object, ...]:
    """What the index of category pages shows: labels and counts."""
    return tuple((e.key, e.label, len(e.events)) for e in entries)


@dataclass(frozen=True)
class Listing:
    """A view placed on a page: the year list, the organisation index, a filtered listing,
    or the download links of the whole site (they count the events without a day)."""

    kind: str  # "years", "orgs", "categories" (a section of the category index), "events" or "downloads"
    lineno: int
    filter: EventFilter | None = None
    warn_empty: bool = True  # an author's listing; not the sections of the category index


@dataclass(frozen=True)
class EventFilter:
    """What a ``kok-events`` listing shows; values within one option are alternatives."""

    categories: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    months: tuple[int, ...] = ()
    valid: bool = True  # False after a warned problem: then it matches nothing, never everything

    def matches(self, event: Event, index: OrgIndex) -> bool:
        if not self.valid:
            return False
        if self.categories and event.category not in self.categories:
            return False
        if self.orgs:
            if any(index.find(name) is None for name in self.orgs):
                return False  # a name no event uses: the listing stays empty, as its warning says
            if not _anchors(self.orgs, index) & _anchors(event.orgs, index):
                return False
        if self.persons and not {fold(p) for p in self.persons} & {fold(p) for p in event.persons}:
            return False
        if self.years or self.months:
            if event.date is None:
                return False
            year, month = event.date.month
            if self.years and not self.years[0] <= year <= self.years[1]:
                return False
            if self.months and month not in self.months:
                return False
        return True


def _anchors(names: Iterable[str], index: OrgIndex) -> set[str]:
    return {entry.anchor for name in names if (entry := index.find(name))}


NO_YEARS = (1, 0)  # an invalid year filter: matches nothing


def month_number(text: str, month_names: Sequence[str]) -> int | None:
    """``5``, ``05`` or a month name (``Mai``) -> 5."""
    text = text.strip()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    folded = [fold(name) for name in month_names]
    return folded.index(fold(text)) + 1 if fold(text) in folded else None


def parse_years(text: str) -> tuple[int, int]:
    match = YEAR_SPAN.fullmatch(text.strip())
    if not match:
        raise ValueError(f"»{text}« ist kein Jahr und keine Spanne wie 2019-2021.")
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise ValueError(f"In »{text}« liegt das Ende vor dem Beginn.")
    return (first, last)


def select(events: Iterable[Event], wanted: EventFilter, index: OrgIndex) -> list[Event]:
    return [e for e in chronological(events) if wanted.matches(e, index)]


Months = list[tuple[tuple[int, int] | None, list[Event]]]


def by_year_and_month(events: Sequence[Event]) -> list[tuple[int | None, Months]]:
    """Years with their months, in date order; undated events last (``None``)."""
    years: dict[int | None, Months] = {}
    for month, month_events in group_by_month(events):
        years.setdefault(month[0] if month else None, []).append((month, month_events))
    return list(years.items())
