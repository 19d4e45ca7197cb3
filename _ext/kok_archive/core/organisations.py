"""The registry of organisations: one entry per organisation, whatever spelling
an author uses. Pure logic, free of Sphinx.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

from .model import slugify
from .org_history import FormerName, read_former

ANCHOR_PREFIX = "org-"
CLOSE_ENOUGH = 0.85  # difflib ratio of normalised names that counts as "a small typo"
ENTRY_KEYS = ("name", "kurz", "auch", "web", "adresse", "frueher")
EDITION_KEY = re.compile(r"(?:name|kurz)_[a-z]{2}")  # name_en, kurz_en: the name in another edition
_ADDRESS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Organisation:
    name: str  # canonical: the current name
    short: str = ""
    aliases: tuple[str, ...] = ()
    website: str = ""
    registered: bool = True
    former: tuple[FormerName, ...] = ()  # earlier names, oldest first
    address: str = ""  # the registry's ``adresse``: the page address, whatever the name

    @property
    def slug(self) -> str:
        """The page address and anchor: the ``adresse``, else the earliest recorded name, so
        that a rename recorded as history keeps the address."""
        return self.address or slugify(self.former[0].name if self.former else self.name)

    @property
    def anchor(self) -> str:
        return ANCHOR_PREFIX + self.slug

    def other_slugs(self) -> tuple[str, ...]:
        """The addresses derived from the other names: where its page may have been before."""
        slugs = (slugify(n) for n in (*(f.name for f in self.former), self.name))
        return tuple(s for s in dict.fromkeys(slugs) if s and s != self.slug)

    @property
    def display(self) -> str:
        return f"{self.name} ({self.short})" if self.short else self.name

    def current_spellings(self) -> tuple[str, ...]:
        return tuple(s for s in (self.name, self.short, *self.aliases) if s)

    def spellings(self) -> tuple[str, ...]:
        """Every spelling, earlier names too: each finds the organisation."""
        earlier = (s for f in self.former for s in f.spellings())
        return tuple(dict.fromkeys((*self.current_spellings(), *earlier)))

    def shorts(self) -> tuple[str, ...]:
        return tuple(s for s in (self.short, *(f.short for f in self.former)) if s)

    def name_at(self, day: date) -> FormerName | None:
        """The earlier name in use on ``day``; None: the current name (or history not recorded)."""
        return next((f for f in self.former if day <= f.until), None)

    def display_at(self, day: date | None) -> str:
        former = self.name_at(day) if day else None
        return former.display if former else self.display

    def outdated(self, spelling: str, day: date) -> FormerName | None:
        """The earlier name ``spelling`` belongs to, when that name was no longer used on ``day``
        (a name used before its recorded period is not flagged: earlier history may be missing)."""
        if spelling in self.current_spellings():
            return None
        periods = [f for f in self.former if spelling in f.spellings()]
        return periods[-1] if periods and all(f.until < day for f in periods) else None


def fold(text: str) -> str:
    """A comparison key that ignores case, umlaut spelling, accents and punctuation."""
    return slugify(text).replace("-", "")


def sort_key(text: str) -> tuple[str, str]:
    """German A–Z (DIN 5007-1): umlauts sort as their base letter, ß as ss."""
    base = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    plain = "".join(c for c in base if not unicodedata.combining(c))
    return (re.sub(r"[^0-9a-z]+", " ", plain).strip(), text)


def initial(text: str) -> str:
    """The letter an entry is filed under: ``Ä`` under ``A``, digits and signs under ``#``."""
    first = sort_key(text)[0][:1].upper()
    return first if first.isalpha() else "#"


@dataclass
class Registry:
    organisations: list[Organisation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # German, for kok.config warnings
    _exact: dict[str, Organisation] = field(default_factory=dict)
    _folded: dict[str, Organisation] = field(default_factory=dict)
    _anchors: dict[str, Organisation] = field(default_factory=dict)  # every name's anchor
    _matched: dict[str, str] = field(default_factory=dict)  # folded -> the registered spelling

    @classmethod
    def from_entries(cls, entries: Iterable[Any]) -> Registry:
        registry = cls()
        for number, entry in enumerate(entries, 1):
            if isinstance(entry, Mapping):
                registry._add(number, entry)
            else:
                registry.problems.append(f"Organisation Nr. {number} ist kein Eintrag mit name, kurz, auch, web.")
        return registry

    def _add(self, number: int, entry: Mapping[str, Any]) -> None:
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problems.append(f"Organisation Nr. {number} hat keinen »name«; ausgelassen.")
            return
        unknown = {key for key in entry if key not in ENTRY_KEYS and not EDITION_KEY.fullmatch(key)}
        if unknown:
            self.problems.append(
                f"»{name}«: unbekannte Angaben {', '.join(sorted(unknown))} (erlaubt: {', '.join(ENTRY_KEYS)})."
            )
        for key in sorted(key for key in entry if EDITION_KEY.fullmatch(key) and not isinstance(entry[key], str)):
            self.problems.append(f"»{name}«: »{key}« muss ein Text sein; ausgelassen.")
        aliases = entry.get("auch", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        short, website = entry.get("kurz", ""), entry.get("web", "")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            self.problems.append(f'»{name}«: »auch« muss eine Liste von Texten sein, z. B. ["BAMF"]; ausgelassen.')
            aliases = []
        if not isinstance(short, str):
            self.problems.append(f"»{name}«: »kurz« muss ein Text sein; ausgelassen.")
            short = ""
        if not isinstance(website, str) or (website and urlparse(website.strip()).scheme not in ("http", "https")):
            self.problems.append(f"»{name}«: »web« muss eine Adresse mit https:// sein; ausgelassen.")
            website = ""
        name = " ".join(name.split())
        address = entry.get("adresse", "")
        if not isinstance(address, str) or (address and not _ADDRESS.fullmatch(address.strip())):
            self.problems.append(
                f"»{name}«: »adresse« darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten, "
                'z. B. adresse = "bmj"; ausgelassen.'
            )
            address = ""
        org = Organisation(
            name=name,
            short=" ".join(short.split()),
            aliases=tuple(" ".join(alias.split()) for alias in aliases if alias.strip()),
            website=website.strip(),
            former=read_former(name, entry.get("frueher"), self.problems),
            address=address.strip(),
        )
        other = self._anchors.get(org.anchor)
        if other is not None and (other.anchor != org.anchor or org.name in other.spellings()):
            self.problems.append(
                f"»{org.name}« ist schon ein Name von »{other.name}«: eine Organisation, ein Eintrag. Bitte "
                "diesen Eintrag löschen und was fehlt dort ergänzen; ausgelassen."
            )
            return
        if other is not None:
            self.problems.append(
                f"»{org.name}« und »{other.name}« ergeben dieselbe Seitenadresse ({org.slug}); »{org.name}« "
                'ausgelassen (ein eigenes adresse = "…" hilft).'
            )
            return
        for anchor in (org.anchor, *(ANCHOR_PREFIX + slug for slug in org.other_slugs())):
            self._anchors.setdefault(anchor, org)
        for spelling in org.spellings():
            taken = self._exact.get(spelling) or self._folded.get(fold(spelling))
            if taken is not None and taken is not org:
                self.problems.append(
                    f"»{spelling}« steht bei »{taken.name}« und bei »{org.name}«; es gilt »{taken.name}«."
                )
                continue
            self._exact[spelling] = org
            self._folded.setdefault(fold(spelling), org)
            self._matched.setdefault(fold(spelling), spelling)
        self.organisations.append(org)

    def lookup(self, written: str) -> Organisation | None:
        """The registered organisation for exactly this spelling."""
        return self._exact.get(written)

    def suggest(self, written: str) -> Organisation | None:
        """A registered organisation the author probably meant (case, umlauts, punctuation, a typo)."""
        found = self.suggestion(written)
        return found[0] if found else None

    def suggestion(self, written: str) -> tuple[Organisation, str] | None:
        """As ``suggest``, with the registered spelling that is so close (a name, an abbreviation,
        an earlier name …)."""
        key = fold(written)
        if key not in self._folded:
            close = difflib.get_close_matches(key, list(self._folded), n=1, cutoff=CLOSE_ENOUGH)
            if not close:
                return None
            key = close[0]
        return self._folded[key], self._matched[key]

    def resolve(self, written: str) -> Organisation:
        """The entry an event is indexed under: the registered one, or the name as written."""
        return self.lookup(written) or Organisation(name=written, registered=False)


def in_edition(entries: list[Any], language: str) -> list[Any]:
    """The registry's entries for another edition: ``name_<language>`` (and ``kurz_<language>``) is an
    organisation's name there. Its German name and abbreviation stay spellings of it, so the events
    find it as written, and its page keeps the German edition's address."""
    german = Registry.from_entries(entries)
    result = []
    for entry in entries:
        own = entry.get(f"name_{language}") if isinstance(entry, Mapping) else None
        aliases = entry.get("auch", []) if isinstance(entry, Mapping) else None
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if not isinstance(own, str) or not own.strip() or not isinstance(name, str) or not name.strip():
            result.append(entry)
            continue
        short = entry.get("kurz", "")
        shown_short = entry.get(f"kurz_{language}", short)
        aliases = [aliases] if isinstance(aliases, str) else list(aliases) if isinstance(aliases, list) else []
        result.append({
            **entry,
            "name": own,
            "kurz": shown_short if isinstance(shown_short, str) else short,
            "auch": [*aliases, name, *([short] if isinstance(short, str) and short and short != shown_short else [])],
            "adresse": entry.get("adresse") or german.resolve(" ".join(name.split())).slug,
        })  # fmt: skip
    return result


def entry_to_paste(name: str) -> str:
    """The registry entry for a new organisation, as TOML to paste anywhere in the file."""
    return f"[[organisation]]\nname = {toml_string(name)}"


def aliases_to_paste(org: Organisation, written: str) -> str:
    """The ``auch`` line of an existing entry with ``written`` added to its other spellings."""
    return f"auch = [{', '.join(toml_string(a) for a in (*org.aliases, written))}]"


def toml_string(text: str) -> str:
    """A TOML basic string. Written by hand: the standard library reads TOML but cannot write
    it, and a basic string needs only backslash, quote and control characters escaped."""
    escaped = "".join(_TOML_ESCAPES.get(char, char) if ord(char) >= 0x20 else f"\\u{ord(char):04x}" for char in text)
    return f'"{escaped}"'


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\x7f": "\\u007f"}
