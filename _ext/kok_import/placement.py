"""Pages, months and years: where each item of the extraction belongs, and each item once.

A month label closes its page; a legend or other non-item text starts a new one. An item's month is that of its
date; an item without a day takes the month of its page: of the label, or, on a page without one, of its
neighbours. The year is that of the label, or else of the review, December before January being the year before.
Every guess is noted for the review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kok_archive.core.dates import DateError, parse_date

from .extraction import MONTHS, Extraction, Item, Label

Month = tuple[int, int]  # (year, month)


@dataclass
class Placed:
    item: Item
    year: int
    month: int
    date: str  # the :date: value
    notes: list[str] = field(default_factory=list)  # German, for "% Vorschlag" comments
    doubt: int = 0  # how the month of an item without a day was found: 0 label or day, 1 neighbours, 2 a choice
    unreadable: bool = False  # the printed day does not exist: the month only

    def sort_key(self) -> tuple[object, ...]:
        try:
            return (0, parse_date(self.date).sort_key(), self.item.position)
        except DateError:
            return (1, date.min, self.item.position)

    def key(self) -> tuple[str, str, tuple[str, ...]]:
        """What makes two items the same: repeated blocks repeat date, title and details. The month of an item
        without a day, guessed from its neighbours, is not part of it: the copies of a repeated block may stand
        between other neighbours, in another month."""
        return (self.date if self.doubt == 0 else "", self.item.title, tuple(self.item.details))


@dataclass
class Placement:
    items: list[Placed]  # each item once, in date order
    duplicates: int  # repeated items dropped


def month_name(month: Month) -> str:
    return f"{MONTHS[month[1] - 1]} {month[0]}"


def place(extraction: Extraction, year: int) -> Placement:
    placed: list[Placed] = []
    pages: list[tuple[list[Item], Label | None]] = []
    current: list[Item] = []
    for block in extraction.blocks:
        if isinstance(block, Item):
            current.append(block)
        elif isinstance(block, Label):
            pages.append((current, block))
            current = []
        elif current:
            pages.append((current, None))
            current = []
    if current:
        pages.append((current, None))
    pages = _without_orphans(pages)
    december_before = any(isinstance(b, Label) and (b.year, b.month) == (year - 1, 12) for b in extraction.blocks)
    for items, label in pages:
        placed.extend(_place_page(items, label, year, december_before))
    unique: dict[tuple[str, str, tuple[str, ...]], Placed] = {}
    for entry in placed:
        kept = unique.setdefault(entry.key(), entry)
        if entry.doubt < kept.doubt:  # of the copies, the one whose month is surest
            unique[entry.key()] = entry
    ordered = sorted(unique.values(), key=Placed.sort_key)
    return Placement(ordered, len(placed) - len(unique))


def _without_orphans(pages: list[tuple[list[Item], Label | None]]) -> list[tuple[list[Item], Label | None]]:
    """A page without label and without any date is joined to the next page (else the previous one)."""
    result: list[tuple[list[Item], Label | None]] = []
    waiting: list[Item] = []
    for items, label in pages:
        if label is None and not any(item.date for item in items):
            waiting.extend(items)
            continue
        result.append((waiting + items, label))
        waiting = []
    if waiting and result:
        items, label = result.pop()
        result.append((items + waiting, label))
    elif waiting:
        raise ValueError("no dated item to place the undated ones by")
    return result


def _nearest_year(month: int, label: Label) -> int:
    """The year that puts a dated item closest to its page's label (30.12. on a January page: the year before)."""
    target = label.year * 12 + label.month
    return min((label.year - 1, label.year, label.year + 1), key=lambda y: abs(y * 12 + month - target))


def _place_page(items: list[Item], label: Label | None, year: int, december_before: bool) -> list[Placed]:
    months: list[Month | None] = []
    notes: list[list[str]] = []
    for number, item in enumerate(items):
        note: list[str] = []
        if item.date is None:
            months.append(None)
        elif item.date.year is not None:
            months.append((item.date.year, item.date.month))
        elif label is not None:
            months.append((_nearest_year(item.date.month, label), item.date.month))
        elif item.date.month == 12:
            later = [i.date.month for i in items[number + 1 :] if i.date and i.date.month != 12]
            previous = december_before or (bool(later) and later[0] == 1)
            december = year - 1 if previous else year
            months.append((december, 12))
            if december_before:
                reason = f"der Druck hat eine Seite »Dezember {year - 1}«"
            else:
                reason = "vor dem Januar" if previous else "nicht vor einem Januar"
            note.append(f"Jahr {december}: Dezember ohne Monatsangabe der Seite, {reason}")
        else:
            months.append((year, item.date.month))
        notes.append(note)
    result: list[Placed] = []
    for number, item in enumerate(items):
        month = months[number]
        doubt, unreadable = 0, False
        if month is None:
            month, reason, doubt = _undated_month(number, months, label)
            notes[number].append(f"Ohne Tag, eingeordnet in {month_name(month)}: {reason}")
            value = _month_only(month)
        else:
            assert item.date is not None
            try:
                value = item.date.iso(month[0])
            except DateError as error:
                # the month only, so that the draft builds; the printed date stays in the note
                value, unreadable = _month_only(month), True
                notes[number].append(
                    f"Datum »{item.date.text}« nicht lesbar ({error}), eingeordnet in {month_name(month)}"
                )
        if item.split_rule:
            notes[number].append(f"Titel und Text getrennt ({item.split_rule})")
        result.append(Placed(item, month[0], month[1], value, notes[number], doubt, unreadable))
    return result


def _month_only(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _undated_month(number: int, months: list[Month | None], label: Label | None) -> tuple[Month, str, int]:
    """The month of an item without a day: its page's label, else its neighbours on the page; and the doubt."""
    if label is not None:
        return (label.year, label.month), "Monatsangabe der Seite", 0
    before = next((m for m in reversed(months[:number]) if m), None)
    after = next((m for m in months[number + 1 :] if m), None)
    if before and after and before != after:
        # undated items of the print tend to open their page, so the next item's month is the likelier
        return (
            after,
            f"die Nachbarn im Druck liegen in {month_name(before)} und {month_name(after)}; "
            "gewählt: der Monat des folgenden Ereignisses",
            2,
        )
    neighbour = before or after
    assert neighbour is not None  # _without_orphans: every unlabelled page has a dated item
    return neighbour, "Monat der Nachbarn im Druck", 1
