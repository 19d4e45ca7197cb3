"""What a translation catalogue (``.po``) says about a page's texts: translated, missing, stale.

Free of Sphinx (Babel only): used by the build (``translation.py``) and by ``make check``.
A stale entry is a fuzzy one: ``sphinx-intl update`` marks a translation fuzzy when its German
text changed, and the build shows the German text until someone looks at it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "de"  # the language staff write in; its edition is the site's root
LOCALE_DIRS = ("locale",)  # conf.py's locale_dirs, for the tools that do not read conf.py (make html, make check)


@dataclass(frozen=True)
class Counts:
    """A page's texts in another edition."""

    translated: int
    missing: int  # no entry, or an empty one: shown in German
    stale: int  # a fuzzy entry: its German text changed after it was translated; shown in German


@functools.lru_cache(maxsize=64)
def _fuzzy(path: str, stamp: int) -> frozenset[str]:
    with open(path, "rb") as file:
        catalogue = read_po(file)
    return frozenset(str(message.id) for message in catalogue if message.id and message.fuzzy)


def read_catalogue(paths: Iterable[Path]) -> frozenset[str]:
    """The German texts whose translation is fuzzy (stale), in any of a page's ``.po`` files."""
    stale: frozenset[str] = frozenset()
    for path in paths:
        stale |= _fuzzy(str(path), os.stat(path).st_mtime_ns)
    return stale


def count(translated: int, untranslated: Iterable[str], stale: frozenset[str]) -> Counts:
    """The counts of a page: its untranslated texts are stale when the catalogue holds them fuzzy."""
    left = list(untranslated)
    old = sum(1 for text in left if text in stale)
    return Counts(translated=translated, missing=len(left) - old, stale=old)


def edition_languages(srcdir: Path, locale_dirs: Iterable[str], source: str) -> list[str]:
    """The languages with catalogues of the project's pages (``<lang>/LC_MESSAGES/years/2020.po``);
    the theme's own catalogue (``sphinx.po``) alone makes no edition."""
    found = set()
    for folder in locale_dirs:
        for language in Path(srcdir, folder).glob("*/LC_MESSAGES"):
            if language.parent.name != source and any(
                po.name != "sphinx.po" for po in language.rglob("*.po") if po.is_file()
            ):
                found.add(language.parent.name)
    return sorted(found)
