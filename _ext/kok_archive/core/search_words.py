"""German words as people type them, turned into the keys of the event search.

Pure logic, free of Sphinx; ``static/kok-suche-worte.js`` does the same in the browser, and
tests/test_search_words.py holds both to the same answers. A key is a word's stem, made by
the Snowball stemmer of Sphinx's search index for the site's language (the same in Python and
JavaScript). Gender forms are folded before stemming: ``Polizist*innen``, ``Polizist:innen``,
``Polizist_innen``, ``PolizistInnen`` and ``Polizistinnen`` all become ``polizistinnen``, whose
keys are its own stem and the stem of ``polizist`` – so that ``Polizisten`` finds them too.
Compounds need no splitting here: the index is read by both ends of a key (search_index.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

# a word, with a gender ending written with a sign: Polizist*innen, Polizist:in, Polizist_innen, Polizist/-innen
_WORD = re.compile(r"([^\W_]+)(?:(?<=[^\W\d_])(?:[*:_·/]|/-)([iI]n(?:nen)?)(?![^\W_]))?")
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])In(?:nen)?$")  # PolizistInnen
SHORTEST_BASE = 4  # gewinnen, beginnen: "gew", "beg" are no base words
# accents of other languages, not German umlauts: Tanış is found as Tanis (combining marks U+0300–U+036F)
_ACCENT = re.compile("(?<![aou])\u0308|[\u0300-\u0307\u0309-\u036f]")
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d"})
_GERMAN = re.compile(r"[a-z0-9äöüß]*")  # nothing to fold: the common case, kept fast


def plain_letters(word: str) -> str:
    """A lower-case word without the accents of other languages; ä, ö, ü and ß stay for the stemmer."""
    if _GERMAN.fullmatch(word):
        return word
    return unicodedata.normalize("NFC", _ACCENT.sub("", unicodedata.normalize("NFD", word))).translate(_LETTERS)


def words(text: str) -> Iterator[tuple[str, bool, str]]:
    """Each word in lower case with its gender sign removed, whether it had one, and the word
    as written without the sign (what „Meinten Sie …?“ offers)."""
    for match in _WORD.finditer(text):
        stem_part, ending = match.groups()
        folded = stem_part + ending if ending else stem_part
        gendered = bool(ending) or ("In" in stem_part and bool(_BINNEN_I.search(stem_part)))
        yield plain_letters(folded.lower()), gendered, folded


def keys(word: str, gendered: bool, stem: Callable[[str], str]) -> tuple[str, ...]:
    """The word's own stem, and for a feminine plural (or any gender form) the stem of its base."""
    own = stem(word)
    base = ""
    if word.endswith("innen"):
        base = word[:-5]
    elif gendered and word.endswith("in"):
        base = word[:-2]
    if len(base) >= SHORTEST_BASE and stem(base) != own:
        return own, stem(base)
    return (own,)


def searchable(word: str, stopwords: frozenset[str] | set[str]) -> bool:
    """Not a stop word, a number or a single letter (numbers are years: see search_index.py)."""
    return len(word) > 1 and not word.isdigit() and word not in stopwords


def file_part(prefix: str) -> str:
    """A key's first or last letters as part of a file name: a–z and 0–9 as they are, others by code."""
    return "".join(c if "a" <= c <= "z" or "0" <= c <= "9" else f"_{ord(c):x}" for c in prefix)
