"""The import as a whole: text in, draft year file and summary out."""

from __future__ import annotations

from dataclasses import dataclass

from kok_archive.core.dates import FIRST_YEAR, LAST_YEAR
from kok_archive.core.organisations import Registry

from . import categories, org_search
from .draft import Event, render
from .extraction import Item, Label, extract
from .placement import place


class NotAReviewError(ValueError):
    """The text is no yearly review; the message is German, for the person importing."""


@dataclass(frozen=True)
class Summary:
    year: int
    items: int
    duplicates: int
    undated: int
    unreadable: int  # printed dates that do not exist (31.2.): only the month is written
    untitled: int
    category_default: int  # no rule applied: "sonstiges"
    with_orgs: int
    unknown_orgs: int  # events naming organisations that are not registered
    split: int  # one-line items split into title and text
    foreword: bool

    def lines(self) -> list[str]:
        """The summary in German, one fact per line."""
        return [
            f"Jahr: {self.year}",
            f"Ereignisse gefunden: {self.items}",
            f"Doppelte entfernt: {self.duplicates}",
            f"Ohne Tag (Monat aus der Seite erschlossen): {self.undated}",
            f"Datum nicht lesbar (nur der Monat eingetragen): {self.unreadable}",
            f"Ohne Titel: {self.untitled}",
            f"Kategorie vorgeschlagen: {self.items} (davon ohne passende Regel, daher »sonstiges«: "
            f"{self.category_default})",
            f"Organisationen vorgeschlagen: bei {self.with_orgs} Ereignissen; "
            f"Namen außerhalb des Organisationsverzeichnisses: bei {self.unknown_orgs} Ereignissen",
            f"Titel und Text nach Regeln getrennt: {self.split}",
            f"Vorwort: {'gefunden' if self.foreword else 'nicht gefunden – bitte ergänzen'}",
        ]


def import_review(text: str, registry: Registry, source: str, year_hint: int | None = None) -> tuple[str, Summary]:
    """The draft year file for a review's extracted text, and what the import did."""
    extraction = extract(text)
    if not any(isinstance(block, Item) and block.date for block in extraction.blocks):
        raise NotAReviewError(
            "Der Text sieht nicht wie ein Jahresrückblick aus: Es gibt kein Ereignis mit Datum (z. B. »17.1. …«)."
        )
    labels = [block.year for block in extraction.blocks if isinstance(block, Label)]
    # the title names the year; else the month labels do (the latest: December may be the year before)
    year = extraction.review_year or max(labels, default=None) or year_hint
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotAReviewError(f"Das Jahr {year} im Text kann nicht das Jahr eines Rückblicks sein.")
    if year is None:
        raise NotAReviewError(
            "Das Jahr des Rückblicks steht nicht im Text (»Jahresrückblick JJJJ« oder Monate wie »MÄRZ 2020«); "
            "bitte die Zieldatei nach dem Jahr benennen, z. B. years/2019.md."
        )
    placement = place(extraction, year)
    events: list[Event] = []
    no_rule = 0
    for placed in placement.items:
        item = placed.item
        proposal = categories.propose(item.title, item.details, registry)
        found = org_search.find(" ".join([item.title, *item.details]), registry)
        names, why = found.names, "im Text gefunden"
        owner = registry.lookup(org_search.OWNER)
        if org_search.own_work(item.title) and owner and all(registry.lookup(n) != owner for n in names):
            names = (org_search.OWNER, *names)
            why = f"{org_search.OWNER} als Urheber angenommen, die übrigen im Text gefunden"
        no_rule += proposal.reason == categories.NO_RULE
        notes = [*placed.notes, f"Kategorie »{proposal.category}« ({proposal.reason})"]
        if not item.title:
            notes.insert(0, "Kein Titel im Text – bitte aus dem PDF ergänzen")
        if names:
            notes.append(f"Organisationen »{'; '.join(names)}« ({why})")
        else:
            notes.append("keine Organisation aus dem Organisationsverzeichnis im Text gefunden")
        if found.unknown:
            notes.append(f"nicht im Organisationsverzeichnis: {', '.join(found.unknown)}")
        events.append(Event(placed, proposal.category, names, notes))
    summary = Summary(
        year=year,
        items=len(events),
        duplicates=placement.duplicates,
        undated=sum(1 for e in events if e.placed.item.date is None),
        unreadable=sum(1 for e in events if e.placed.unreadable),
        untitled=sum(1 for e in events if not e.placed.item.title),
        category_default=no_rule,
        with_orgs=sum(1 for e in events if e.orgs),
        unknown_orgs=sum(1 for e in events if any(n.startswith("nicht im Organisationsverzeichnis") for n in e.notes)),
        split=sum(1 for e in events if e.placed.item.split_rule),
        foreword=bool(extraction.foreword),
    )
    draft = render(year, extraction.foreword, extraction.signature, extraction.funding, events, source)
    return draft, summary
