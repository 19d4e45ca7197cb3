"""The event search's index, split into small files that a first search loads only in part.

Pure logic, free of Sphinx (search.py writes the files, static/kok-suche-finden.js reads them). Events
are numbered in date order (0 = the oldest). The files, each a JSON value:

- ``meta``: per event its year, month, category and organisations (the facets and the ranking
  by period), the names of years, categories, organisations and pages, and which files exist;
- ``v-<first two letters>`` and ``h-<last two letters>``: the keys (search_words.py) starting,
  or ending, with those letters, each with its events. Read by their start, a key finds the
  compounds it begins (Menschenhandel → Menschenhandelsrichtlinie), by their end the compounds
  it ends (Beratungsstellen → Fachberatungsstellen); the ``h-`` files hold only keys long enough
  to end a compound;
- ``f-<length>``: the words of that many letters, each once, the most frequent first, for
  „Meinten Sie …?“ after a typing error;
- ``d-<n>``: what a result shows (page, anchor, date, title, snippet) for ``CHUNK`` events in a
  row, so that a result list fetches only the events on screen, and no page at all.

An event's list of a key is ``(delta << 1) | in_title`` per event, ascending: small numbers that
compress well. Every output is deterministic: same events, same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .search_words import file_part, keys, searchable, words

FORMAT = 1  # bump when a file's layout changes (static/kok-suche.js checks it)
CHUNK = 8  # events per d- file: a result list of ten rarely needs more than ten of them
PREFIX = 2  # letters of a key that name its v- or h- file
COMPOUND_END = 6  # the shortest key that can end a compound in an h- file ("stelle" in …stelle)
TYPO_SHORTEST = 5  # typing errors are looked for in words of five letters or more
SNIPPET = 240  # characters of the details a result shows


@dataclass(frozen=True)
class Entry:
    """One event as the search sees it; ``page`` is an index into ``Index.pages``."""

    page: int
    anchor: str
    date_text: str
    year: int | None
    month: int  # 1–12, 0 when the date could not be read
    category: str
    title: str
    details: str
    organisations: tuple[int, ...]  # indexes into Index.organisations
    extra: tuple[str, ...] = ()  # further text that finds the event: persons, the category's name


# each searchable word of a text: its keys, its own stem and its written form
Term = tuple[tuple[str, ...], str, str]
Terms = tuple[Term, ...]
# the terms of many texts as a build keeps them for the next: each term once, and per text
# (by its digest) the numbers of its terms; a tenth of the size of the texts with their terms
Packed = tuple[list[Term], dict[bytes, tuple[int, ...]]]


@dataclass
class Index:
    stem: Callable[[str], str]
    stopwords: frozenset[str]
    pages: list[str] = field(default_factory=list)  # links relative to the site root, without anchor
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # key, label, colour
    organisations: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # link, name, spellings
    entries: list[Entry] = field(default_factory=list)
    # the terms of each text, from the last build (search.py keeps them beside the doctrees): an
    # edit re-reads one year, and the words of the others need not be found again
    known_terms: dict[bytes, Terms] = field(default_factory=dict, repr=False)  # by the text's digest
    used_terms: dict[str, Terms] = field(default_factory=dict, repr=False)  # what the next build may reuse
    made_terms: int = field(default=0, repr=False)  # texts whose terms were not known
    _words: dict[tuple[str, bool], tuple[tuple[str, ...], str] | None] = field(default_factory=dict, repr=False)

    def files(self) -> dict[str, object]:
        postings, surfaces = self._postings()
        forward: dict[str, dict[str, list[int]]] = defaultdict(dict)
        backward: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for key in sorted(postings):
            encoded = _encode(postings[key])
            forward[file_part(key[:PREFIX])][key] = encoded
            if len(key) >= COMPOUND_END:
                backward[file_part(key[-PREFIX:])][key] = encoded
        typos: dict[int, list[str]] = defaultdict(list)
        for surface, key in _typo_words(surfaces):
            typos[len(surface)].append(surface if self.stem(surface.lower()) == key else f"{surface}|{key}")
        result: dict[str, object] = {"meta": self._meta(sorted(forward), sorted(backward), sorted(typos))}
        result.update({f"v-{part}": shard for part, shard in forward.items()})
        result.update({f"h-{part}": shard for part, shard in backward.items()})
        result.update({f"f-{length}": bucket for length, bucket in typos.items()})
        for start in range(0, len(self.entries), CHUNK):
            result[f"d-{start // CHUNK}"] = [_shown(entry) for entry in self.entries[start : start + CHUNK]]
        return result

    def _postings(self) -> tuple[dict[str, dict[int, bool]], dict[str, Counter[str]]]:
        """Per key the events holding it (True: in the title); per key its written forms."""
        postings: dict[str, dict[int, bool]] = defaultdict(dict)
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for number, entry in enumerate(self.entries):
            names = (s for org in entry.organisations for s in self.organisations[org][2])
            for in_title, texts in ((True, (entry.title,)), (False, (entry.details, *names, *entry.extra))):
                for text in texts:
                    for found, stem, surface in self.terms(text):
                        for key in found:
                            postings[key][number] = postings[key].get(number, False) or in_title
                        surfaces[stem][surface] += 1
        return postings, surfaces

    def terms(self, text: str) -> Terms:
        """The text's terms: made once per text (organisations' names and categories recur in every
        year), or kept from the last build."""
        found = self.used_terms.get(text)
        if found is None:
            found = self.known_terms.get(digest(text))
            if found is None:
                found = self._terms(text)
                self.made_terms += 1
            self.used_terms[text] = found
        return found

    def _terms(self, text: str) -> Terms:
        """Each searchable word of a text: its keys, its own stem and its written form."""
        found = []
        for word, gendered, surface in words(text):
            known = self._words.get((word, gendered))
            if known is None:
                known = self._words[word, gendered] = (
                    (keys(word, gendered, self.stem), self.stem(word)) if searchable(word, self.stopwords) else None
                )
            if known:
                found.append((*known, surface))
        return tuple(found)

    def _meta(self, forward: list[str], backward: list[str], typos: list[int]) -> dict[str, object]:
        years = sorted({entry.year for entry in self.entries if entry.year is not None})
        year_number = {year: number for number, year in enumerate(years)}
        category_number = {key: number for number, (key, _, _) in enumerate(self.categories)}
        return {
            "format": FORMAT,
            "years": years,
            "categories": [list(category) for category in self.categories],
            "organisations": [[link, name] for link, name, _ in self.organisations],
            "pages": self.pages,
            "chunk": CHUNK,
            "typo_shortest": TYPO_SHORTEST,
            # per event, in date order; -1: no year, or a category the configuration does not know
            "year": [-1 if e.year is None else year_number[e.year] for e in self.entries],
            "month": [e.month for e in self.entries],
            "category": [category_number.get(e.category, -1) for e in self.entries],
            "organisation": [list(e.organisations) for e in self.entries],
            "files": {"v": forward, "h": backward, "f": typos},
        }


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def pack(terms: dict[str, Terms]) -> Packed:
    numbers: dict[Term, int] = {}
    by_text = {
        digest(text): tuple(numbers.setdefault(term, len(numbers)) for term in found) for text, found in terms.items()
    }
    return list(numbers), by_text


def unpack(packed: Packed) -> dict[bytes, Terms]:
    table, by_text = packed
    return {key: tuple(table[number] for number in numbers) for key, numbers in by_text.items()}


def _typo_words(surfaces: dict[str, Counter[str]]) -> list[tuple[str, str]]:
    """A written form per key, the most frequent, for keys of words long enough to mistype;
    the most frequent keys first, so that a suggestion prefers a common word."""
    chosen = []
    for key, forms in surfaces.items():
        surface, _ = min(forms.items(), key=lambda item: (-item[1], item[0]))
        if len(surface) >= TYPO_SHORTEST - 1:
            chosen.append((sum(forms.values()), surface, key))
    chosen.sort(key=lambda item: (-item[0], item[1]))
    return [(surface, key) for _, surface, key in chosen]


def _encode(events: dict[int, bool]) -> list[int]:
    result, last = [], 0
    for number in sorted(events):
        result.append(((number - last) << 1) | events[number])
        last = number
    return result


def decode(encoded: list[int]) -> dict[int, bool]:
    """A key's events as ``_encode`` wrote them: event number -> in its title (as kok-suche-finden.js reads them)."""
    found, number = {}, 0
    for value in encoded:
        number += value >> 1
        found[number] = bool(value & 1)
    return found


def _shown(entry: Entry) -> list[object]:
    details = entry.details
    if len(details) > SNIPPET:
        details = details[:SNIPPET].rsplit(" ", 1)[0] + " …"
    return [entry.page, entry.anchor, entry.date_text, entry.title, details]
