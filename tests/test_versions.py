"""The hand-kept versions (``kok_archive/versions.py``) go up when what they guard changes.

Each version is recorded with the fingerprint of what it guards at its number: the fields of the
stored records, the node classes, the keys of the domain's data, the code that makes an
organisation's or category's page, the code that serialises an event for the exports. A changed
shape without a new number fails here, with the line to write into ``versions.py``.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import hashlib
import inspect
import textwrap
from collections.abc import Callable
from types import ModuleType

import pytest
from docutils import nodes
from kok_archive import nodes as kok_nodes
from kok_archive import versions
from kok_archive.core import exports, search_index, search_words
from kok_archive.core.catalogues import Counts
from kok_archive.core.dates import DateKind, EventDate
from kok_archive.core.indexes import EventFilter, Listing
from kok_archive.core.model import Event
from kok_archive.domain import KokDomain
from kok_archive.publishing import search
from kok_archive.views.category_pages import CategoryPages
from kok_archive.views.fill import Views
from kok_archive.views.org_pages import OrgPages
from kok_archive.views.pages import PageSet


def record(cls: type) -> object:
    """A stored dataclass as pickle sees it: its module and name (moving it is a change) and its fields
    (name, type, default)."""
    fields = [(f.name, str(f.type), _default(f)) for f in dataclasses.fields(cls)]
    return (f"{cls.__module__}.{cls.__qualname__}", fields)


def _default(field: dataclasses.Field[object]) -> str | None:
    return None if field.default is dataclasses.MISSING else repr(field.default)


def members(cls: type[enum.Enum]) -> object:
    return (f"{cls.__module__}.{cls.__qualname__}", [(member.name, member.value) for member in cls])


def node_classes(module: ModuleType) -> object:
    """Each node class of the module with its bases: what an unpickled doctree is made of."""
    found = [
        (f"{module.__name__}.{name}", [f"{base.__module__}.{base.__qualname__}" for base in cls.__bases__])
        for name, cls in vars(module).items()
        if isinstance(cls, type) and issubclass(cls, nodes.Node) and cls.__module__ == module.__name__
    ]
    return sorted(found)


def code(*objects: object) -> object:
    """The code of classes and functions, parsed and written out again: comments, docstrings and
    layout left out, so only a change of what it does counts (``ast.unparse``: the same text on
    every Python the project runs on, unlike ``ast.dump``)."""
    written = []
    for obj in objects:
        tree = ast.parse(textwrap.dedent(inspect.getsource(obj)))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and _is_docstring(body[0]):
                node.body = body[1:] or [ast.Pass()]
        written.append(ast.unparse(tree))
    return written


def _is_docstring(statement: ast.stmt) -> bool:
    value = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(value, ast.Constant) and isinstance(value.value, str)


def domain_data() -> object:
    return sorted((key, type(value).__name__) for key, value in KokDomain.initial_data.items())


# what makes an organisation's page and a category's page, and an event's part of the exports
PAGE_CODE = (Views.year_sections, Views.event_items, PageSet._context)
ORG_PAGE_CODE = (OrgPages, Views.org_page, Views.other_names, Views.history, *PAGE_CODE)
CATEGORY_PAGE_CODE = (CategoryPages, Views.category_page, *PAGE_CODE)
EXPORT_CODE = (
    exports.json_event,
    exports._json_event,
    exports._csv_row,
    exports._csv_line,
    exports._cell,
    exports._vevents,
    exports._stamp,
    exports.absolute,
)

# what finds a text's terms for the search index, and the rules it applies
SEARCH_TERMS_CODE = (
    search_index.Index._terms, search_index.digest, search_index.pack, search_index.unpack,
    search_words.words, search_words.keys, search_words.searchable, search_words.plain_letters,
)  # fmt: skip
SEARCH_WORD_RULES = (
    search_words._WORD.pattern, search_words._BINNEN_I.pattern, search_words._ACCENT.pattern,
    search_words._GERMAN.pattern, search_words._LETTERS, search_words.SHORTEST_BASE,
)  # fmt: skip

GUARDED: dict[str, Callable[[], object]] = {
    "ENV": lambda: (
        [record(cls) for cls in (Event, EventDate, Listing, EventFilter, Counts)],
        members(DateKind),
        node_classes(kok_nodes),
    ),
    "DOMAIN_DATA": domain_data,
    "ORG_PAGES": lambda: code(*ORG_PAGE_CODE),
    "CATEGORY_PAGES": lambda: code(*CATEGORY_PAGE_CODE),
    "EXPORT_ENTRIES": lambda: (record(exports.Row), code(*EXPORT_CODE)),
    "SEARCH_TERMS": lambda: (str(search_index.Packed), code(*SEARCH_TERMS_CODE), SEARCH_WORD_RULES),
}


def fingerprint(name: str, number: int, shape: object) -> str:
    return hashlib.sha256(repr((name, number, shape)).encode()).hexdigest()[:16]


def verdict(name: str, shape: object) -> str:
    """Empty when the recorded fingerprint fits the shape; else what to write into versions.py."""
    recorded: versions.Version = getattr(versions, name)
    if recorded.fingerprint == fingerprint(name, recorded.number, shape):
        return ""
    bumped = recorded.number + 1
    return (
        f"What versions.{name} guards has changed. Bump it in _ext/kok_archive/versions.py:\n"
        f'    {name} = Version({bumped}, "{fingerprint(name, bumped, shape)}")\n'
        f"Only if nothing stored or written changes (a rename inside a function, a refactoring), keep "
        f'the number: {name} = Version({recorded.number}, "{fingerprint(name, recorded.number, shape)}")'
    )


@pytest.mark.parametrize("name", list(GUARDED))
def test_a_changed_shape_comes_with_a_new_version(name: str) -> None:
    message = verdict(name, GUARDED[name]())
    assert not message, message


def test_every_version_is_guarded() -> None:
    listed = {name for name, value in vars(versions).items() if isinstance(value, versions.Version)}
    assert listed == set(GUARDED)


def test_the_places_that_use_a_version_read_it_from_versions_py() -> None:
    import kok_archive

    assert versions.ENV.number == kok_archive.ENV_VERSION
    assert KokDomain.data_version == versions.DOMAIN_DATA.number
    assert OrgPages.layout == versions.ORG_PAGES.number
    assert CategoryPages.layout == versions.CATEGORY_PAGES.number
    assert exports.FORMAT[0] == versions.EXPORT_ENTRIES.number
    assert search.SEARCH_TERMS is versions.SEARCH_TERMS  # part of the terms cache's key


def test_a_new_field_without_a_new_version_fails_naming_the_version() -> None:
    """What the test above does when a record gains a field (here: a copy of Event with one more)."""
    fields = [(f.name, f.type, f) for f in dataclasses.fields(Event)]
    grown = dataclasses.make_dataclass("Event", [*fields, ("place", "str", dataclasses.field(default=""))])
    env = GUARDED["ENV"]()
    changed = ([record(grown), *env[0][1:]], *env[1:])
    message = verdict("ENV", changed)
    assert f"ENV = Version({versions.ENV.number + 1}, " in message
    assert verdict("ENV", env) == ""
