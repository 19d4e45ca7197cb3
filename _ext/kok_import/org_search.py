"""Organisations named in an item's text, matched against the registry (``kok_archive.core.organisations``).

German inflects names ("des Bundeskriminalamtes", "des Nationalen Rats", "im Auswärtigem Amt"), so each word of a
registered spelling may take an ending; abbreviations ("KOK", "BAMF") must match exactly. The longest match wins
("FIZ Schweiz" over "FIZ"). Abbreviations that are not registered are reported, never written under ``:org:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kok_archive.core.organisations import Organisation, Registry

_ENDINGS = ("em", "en", "er", "es", "e", "n", "s")
_ENDING = r"(?:e|em|en|er|es|n|s|ns)?"
# capitals that look like an organisation's abbreviation: "EPCAT", "BKSf"; a plural "s" marks a common noun (NGOs)
_ABBREVIATION = re.compile(r"(?<![\w\\])[A-ZÄÖÜ]{3,}[a-z]?(?![\w])")
# a statement or press release that names no author is the KOK's own (the review lists the KOK's work)
_OWN_WORK = re.compile(r"(?:Stellungnahme|Pressemitteilung)\b(?! (?:von|des|der)\b)")
OWNER = "KOK"
NOT_ORGANISATIONS = frozenset({"LSBTI", "LGBT", "LGBTI", "NGO", "SDG", "COVID", "PDF"})


@dataclass(frozen=True)
class Found:
    names: tuple[str, ...]  # registered spellings, for :org:
    unknown: tuple[str, ...]  # German notes about names that are not registered


def _is_abbreviation(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word)


def _word_pattern(word: str) -> str:
    """Only the last part of a compound is inflected: "EU-Koordinators", "Bundeskriminalamtes"."""
    head, last = re.match(r"(.*[-/])?(.*)", word).groups(default="")  # type: ignore[union-attr]
    if not last or _is_abbreviation(last):
        return re.escape(word)
    stem = last
    for ending in _ENDINGS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            stem = last[: -len(ending)]
            break
    return f"{re.escape(head)}(?i:{re.escape(stem)}){_ENDING}"


@cache
def spelling_pattern(spelling: str) -> re.Pattern[str]:
    words = r"\s+".join(_word_pattern(word) for word in spelling.split())
    return re.compile(rf"(?<![\w]){words}(?![\w])")


def find(text: str, registry: Registry) -> Found:
    hits: list[tuple[int, int, Organisation, str]] = []
    for org in registry.organisations:
        for spelling in org.spellings():
            for match in spelling_pattern(spelling).finditer(text):
                hits.append((match.start(), match.end(), org, match[0]))
    taken: list[tuple[int, int, Organisation, str]] = []
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):  # longest first
        if text[hit[1] : hit[1] + 2].startswith("-") and text[hit[1] + 1 : hit[1] + 2].islower():
            continue  # "EU-weit": part of an adjective, not the organisation
        if all(hit[1] <= start or hit[0] >= end for start, end, _, _ in taken):
            taken.append(hit)
    names: list[str] = []
    seen: set[str] = set()
    for _, _, org, written in sorted(taken, key=lambda h: h[0]):
        if org.name in seen:
            continue
        seen.add(org.name)
        # as written where that is a registered spelling, else the usual short form
        names.append(written if written in org.spellings() else org.short or org.name)
    unknown: list[str] = []
    for match in _ABBREVIATION.finditer(text):
        word = match[0]
        inside = any(start <= match.start() < end for start, end, _, _ in taken)
        if inside or (word.endswith("s") and word[:-1].isupper()) or word in NOT_ORGANISATIONS:
            continue
        if registry.lookup(word) is None and word not in unknown:
            unknown.append(word)
    notes = []
    for word in unknown:
        meant = registry.suggest(word)
        notes.append(f"»{word}« (gemeint ist wohl »{meant.display}«)" if meant else f"»{word}«")
    return Found(tuple(names), tuple(notes))


def own_work(title: str) -> bool:
    """Whether an item is the KOK's own statement or press release, which names no author."""
    return _OWN_WORK.match(title) is not None
