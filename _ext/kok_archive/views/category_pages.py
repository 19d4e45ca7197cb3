"""One page per category on html and dirhtml: ``kategorien/<key>.html`` beside the category
index (``kategorien.html``), whose sections keep their old anchors (``#kategorie-<key>``) and
link to the pages with the number of events.

Made, written only when changed (``kok-category-pages.json``) and deleted when gone by
``pages``. Each page is in Sphinx's search with its label.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..core.indexes import CategoryEntry, category_page_signature
from ..i18n import _
from ..versions import CATEGORY_PAGES
from .fill import Views, count_events
from .pages import PageSet


class CategoryPages(PageSet[CategoryEntry]):
    kind = "categories"
    cache = "kok-category-pages.json"
    layout = CATEGORY_PAGES.number  # versions.py
    of_what, subject = "der Kategorie", "die Kategorie"
    index_title = "Kategorien"  # a msgid

    def pages(self) -> list[tuple[str, CategoryEntry]]:
        return self.domain.category_pages()

    def title(self, entry: CategoryEntry) -> str:
        return entry.label

    def signature(self, entry: CategoryEntry) -> tuple[object, ...]:
        return category_page_signature(entry)

    def content(self, pagename: str, entry: CategoryEntry) -> nodes.section:
        return Views(self.env, self.builder, pagename).category_page(entry, self.index_page)

    def description(self, entry: CategoryEntry) -> str:
        text = _("Kategorie {label} im {project}: {count} aus den Jahresrückblicken, nach Jahr und Monat.")
        return text.format(label=entry.label, project=self.app.config.project, count=count_events(len(entry.events)))

    def searched(self, entry: CategoryEntry) -> nodes.section:
        section = nodes.section(ids=[entry.anchor])
        section += nodes.title(entry.label, entry.label)
        text = _("Kategorie {label}: alle Ereignisse nach Jahr und Monat").format(label=entry.label)
        section += nodes.paragraph(text, text)
        return section


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``."""
    return CategoryPages(app).collect()
