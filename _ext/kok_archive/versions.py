"""Every hand-kept version of what a build stores and reuses, in one place.

Each guards a shape that an earlier build wrote and a later one reads back; when the shape
changes, the number goes up and the old state is thrown away instead of misread. Beside each
number, the fingerprint of what it guards at that number: ``tests/test_versions.py`` computes
it from the code and fails, naming the version to bump and the fingerprint to record, when
the shape changed but the number did not.

Free of Sphinx: ``exports`` (pure) reads it too.
"""

from __future__ import annotations

from dataclasses import dataclass

__version__ = "0.1.0"  # the extension's, as setup() reports it; part of the pages' digests (pages.py)


@dataclass(frozen=True)
class Version:
    number: int
    fingerprint: str  # of what it guards at this number (tests/test_versions.py)


# Sphinx's env_version (setup()): the records pickled with the environment (core.model.Event,
# core.dates.EventDate and DateKind, core.indexes.Listing and EventFilter, core.catalogues.Counts)
# and the node classes in pickled doctrees (nodes.py), each with the module pickle names it by.
# Another number: Sphinx reads every page afresh.
ENV = Version(14, "8bc694555f605c6b")  # 14: the records moved into core/

# KokDomain.data_version: the keys of the domain's data and the kind of each value.
DOMAIN_DATA = Version(10, "32d052ffbbe561fa")

# PageSet.layout of the organisation pages and of the category pages: the markup the page is
# made of (its PageSet, the Views that fill it, pages.PageSet._context). Another number:
# every page of that kind is written again.
ORG_PAGES = Version(2, "90d36c81f508aed2")  # 2: earlier names
CATEGORY_PAGES = Version(1, "b929370edef39aeb")

# exports.FORMAT: each event's serialised part of the JSON, CSV and iCalendar files, kept
# between builds (the calendar cache beside the doctrees): Row and the functions that write it.
EXPORT_ENTRIES = Version(4, "253a48e3a1edaaa8")

# The search index's terms of each text, kept between builds (search.py, beside the doctrees):
# search_index.Packed and the functions that find a text's words and keys.
SEARCH_TERMS = Version(1, "3b53b9ae5f226704")
