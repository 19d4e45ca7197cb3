"""The event record and the pure logic around it: anchors, order, months.

Free of Sphinx: records are what the domain stores (and pickles) per document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from .dates import DateKind, EventDate

# an event's opening fence as authors write it: ":::{kok-event} Titel" (or more colons, or backticks;
# MyST allows up to three spaces before it and between fence and name)
EVENT_FENCE = re.compile(r"^ {0,3}(?P<fence>:{3,}|`{3,})[ \t]*\{kok-event\}[ \t]*(?P<title>.*)$")

LINK_SCHEMES = ("http", "https")  # never javascript:, data: or anything else a browser would run


def is_web_address(url: str) -> bool:
    """A complete http(s) address: the only links an author's ``:link:`` or a printed review may make."""
    parts = urlparse(url.strip())
    return parts.scheme in LINK_SCHEMES and bool(parts.netloc)


ANCHOR_PREFIX = "kok-"  # anchors must start with a letter (CSS selectors in search)
MAX_SLUG_WORDS = 8
_GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


@dataclass(frozen=True)
class Event:
    """One item of a yearly review, as plain data."""

    docname: str
    lineno: int
    anchor: str
    title: str  # plain text, for indexes and search
    date: EventDate | None  # None: the author's date could not be read
    raw_date: str
    category: str | None  # a configured key, or None when missing or unknown
    orgs: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    link: str = ""
    order: int = 0  # position in the source, to keep the author's order on ties
    org_line: int = 0  # the :org: line, for warnings about organisation names
    details: str = ""  # the body as plain text, for search and exports
    lang: str = ""  # another edition: "de" where title or details have no current translation

    @property
    def key(self) -> tuple[str, str]:
        """The event's identity in the archive: its page and its anchor (unique on the page)."""
        return (self.docname, self.anchor)


def slugify(text: str) -> str:
    """A readable ASCII slug: German umlauts folded, other accents dropped. Letters of
    other scripts (Кириллица, Ελληνικά …) add a short hash, so such names stay apart."""
    folded = unicodedata.normalize("NFKD", text.translate(_GERMAN_FOLDS))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    if any(char.isalpha() and not char.isascii() for char in folded):
        digest = hashlib.sha1(unicodedata.normalize("NFKC", text).casefold().encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"u{digest}"
    return slug


def auto_anchor(date: EventDate | None, title: str) -> str:
    """``kok-<iso date>-<first words of the title>``, stable as long as both are."""
    words = slugify(title).split("-")[:MAX_SLUG_WORDS]
    when = (date.iso() if date.kind is DateKind.MONTH else date.first.isoformat()) if date else "ohne-datum"
    return ANCHOR_PREFIX + "-".join(filter(None, [when, *words]))


def normalize_anchor(text: str) -> str:
    """The valid anchor closest to an explicit ``:id:``."""
    slug = slugify(text)
    return slug if slug[:1].isalpha() else ANCHOR_PREFIX + slug


def split_names(text: str) -> tuple[list[str], bool]:
    """Names separated by ``;``; the flag says whether empty entries were skipped."""
    parts = [" ".join(part.split()) for part in text.split(";")]
    names = [part for part in parts if part]
    return names, len(names) != len(parts)


def chronological(events: Iterable[Event]) -> list[Event]:
    """Dated events by date (author's order on ties); undated ones keep their order, last."""
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date.sort_key(), e.order))  # type: ignore[union-attr]
    undated = sorted((e for e in events if not e.date), key=lambda e: e.order)
    return dated + undated


def group_by_month(events: Sequence[Event]) -> list[tuple[tuple[int, int] | None, list[Event]]]:
    """Months in order, each with its events in order; ``None`` collects undated events last."""
    groups: dict[tuple[int, int] | None, list[Event]] = {}
    for event in chronological(events):
        groups.setdefault(event.date.month if event.date else None, []).append(event)
    return list(groups.items())


UNDATED_ANCHOR = "ohne-gueltiges-datum"
MONTH_ANCHOR = re.compile(r"monat-(\d{4})-(\d{2})")


def month_anchor(month: tuple[int, int] | None) -> str:
    return f"monat-{month[0]:04d}-{month[1]:02d}" if month else UNDATED_ANCHOR


def is_reserved(anchor: str) -> bool:
    """Anchors of the timeline's own sections, which an event's ``:id:`` may not take."""
    return anchor.startswith("monat-") or anchor == UNDATED_ANCHOR
