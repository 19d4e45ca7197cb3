"""The registry of organisations: one entry per organisation, whatever spelling
an author uses. Pure logic, free of Sphinx.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from .model import slugify

ANCHOR_PREFIX = "org-"
CLOSE_ENOUGH = 0.85  # difflib ratio of normalised names that counts as "a small typo"


@dataclass(frozen=True)
class Organisation:
    name: str  # canonical
    short: str = ""
    aliases: tuple[str, ...] = ()
    website: str = ""
    registered: bool = True

    @property
    def anchor(self) -> str:
        return ANCHOR_PREFIX + slugify(self.name)

    @property
    def display(self) -> str:
        return f"{self.name} ({self.short})" if self.short else self.name

    def spellings(self) -> tuple[str, ...]:
        return tuple(s for s in (self.name, self.short, *self.aliases) if s)


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
    _anchors: dict[str, Organisation] = field(default_factory=dict)

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
        unknown = set(entry) - {"name", "kurz", "auch", "web"}
        if unknown:
            self.problems.append(
                f"»{name}«: unbekannte Angaben {', '.join(sorted(unknown))} (erlaubt: name, kurz, auch, web)."
            )
        aliases = entry.get("auch", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        short, website = entry.get("kurz", ""), entry.get("web", "")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            self.problems.append(f'»{name}«: »auch« muss eine Liste von Texten sein, z.B. ["BAMF"]; ausgelassen.')
            aliases = []
        if not isinstance(short, str):
            self.problems.append(f"»{name}«: »kurz« muss ein Text sein; ausgelassen.")
            short = ""
        if not isinstance(website, str) or (website and urlparse(website.strip()).scheme not in ("http", "https")):
            self.problems.append(f"»{name}«: »web« muss eine Adresse mit https:// sein; ausgelassen.")
            website = ""
        org = Organisation(
            name=" ".join(name.split()),
            short=" ".join(short.split()),
            aliases=tuple(" ".join(alias.split()) for alias in aliases if alias.strip()),
            website=website.strip(),
        )
        other = self._anchors.get(org.anchor)
        if other is not None:
            self.problems.append(f"»{org.name}« und »{other.name}« ergeben denselben Anker; »{org.name}« ausgelassen.")
            return
        self._anchors[org.anchor] = org
        for spelling in org.spellings():
            taken = self._exact.get(spelling) or self._folded.get(fold(spelling))
            if taken is not None and taken is not org:
                self.problems.append(
                    f"»{spelling}« steht bei »{taken.name}« und bei »{org.name}«; es gilt »{taken.name}«."
                )
                continue
            self._exact[spelling] = org
            self._folded.setdefault(fold(spelling), org)
        self.organisations.append(org)

    def lookup(self, written: str) -> Organisation | None:
        """The registered organisation for exactly this spelling."""
        return self._exact.get(written)

    def suggest(self, written: str) -> Organisation | None:
        """A registered organisation the author probably meant (case, umlauts, punctuation, a typo)."""
        key = fold(written)
        if key in self._folded:
            return self._folded[key]
        close = difflib.get_close_matches(key, list(self._folded), n=1, cutoff=CLOSE_ENOUGH)
        return self._folded[close[0]] if close else None

    def resolve(self, written: str) -> Organisation:
        """The entry an event is indexed under: the registered one, or the name as written."""
        return self.lookup(written) or Organisation(name=written, registered=False)


def entry_to_paste(name: str) -> str:
    """The registry entry for a new organisation, as TOML to paste anywhere in the file.

    Written by hand: the standard library reads TOML but cannot write it, and a basic string
    needs only backslash, quote and control characters escaped."""
    escaped = "".join(_TOML_ESCAPES.get(char, char) if ord(char) >= 0x20 else f"\\u{ord(char):04x}" for char in name)
    return f'[[organisation]]\nname = "{escaped}"'


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\x7f": "\\u007f"}
