"""Names under ``:org:`` that the registry does not know, sorted for the closing summary: the
organisations to register (each with every spelling used) and the misspellings of registered ones.
Pure logic, free of Sphinx.

A misspelling differs from a registered spelling only in case, umlauts or punctuation: a new entry
for it would clash with that spelling (the registry keeps the first), so it is fixed in the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .organisations import Registry, fold, sort_key


@dataclass(frozen=True)
class Mention:
    name: str  # as written under :org:
    file: str  # relative to the project, as in the warning
    line: int


@dataclass
class MissingOrganisation:
    name: str  # the entry's name: the first spelling A–Z
    also: list[str] = field(default_factory=list)  # other spellings of the same name (case, umlauts)
    similar: str = ""  # a registered organisation it resembles (a typo?), as the index shows it
    mentions: list[Mention] = field(default_factory=list)


def sort_out(mentions: Iterable[Mention], registry: Registry) -> tuple[list[MissingOrganisation], list[Mention]]:
    """The organisations to register (German A–Z) and the mentions to correct in the text."""
    missing: dict[str, MissingOrganisation] = {}
    misspelt: list[Mention] = []
    for mention in mentions:
        if registry.lookup(mention.name):
            continue
        close = registry.suggest(mention.name)
        if close and any(fold(spelling) == fold(mention.name) for spelling in close.spellings()):
            misspelt.append(mention)
            continue
        entry = missing.setdefault(fold(mention.name), MissingOrganisation(mention.name))
        entry.mentions.append(mention)
        if close and not entry.similar:
            entry.similar = close.display
    for entry in missing.values():  # spellings that fold alike share one entry: each as name or `auch`
        spellings = sorted({m.name for m in entry.mentions}, key=sort_key)
        entry.name, entry.also = spellings[0], spellings[1:]
    return sorted(missing.values(), key=lambda entry: sort_key(entry.name)), misspelt
