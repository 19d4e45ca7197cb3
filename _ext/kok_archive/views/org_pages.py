"""One page per organisation on html and dirhtml: ``organisationen/<slug>.html`` beside the
A–Z index (``organisationen.html``), which keeps each organisation's old anchor.

Made, written only when changed (``kok-org-pages.json``) and deleted when gone by ``pages``.
Each page is in Sphinx's search with its name and other spellings, so that the ``kok:org``
search objects can link to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..core.indexes import OrgEntry, org_page_signature
from ..i18n import _
from ..versions import ORG_PAGES
from .fill import Views, count_events
from .org_redirects import write_redirects
from .pages import PageSet


class OrgPages(PageSet[OrgEntry]):
    kind = "orgs"
    cache = "kok-org-pages.json"
    layout = ORG_PAGES.number  # versions.py
    of_what, subject = "der Organisation", "die Organisation"
    index_title = "Organisationen"  # a msgid

    def pages(self) -> list[tuple[str, OrgEntry]]:
        return self.domain.org_pages()

    def title(self, entry: OrgEntry) -> str:
        return entry.organisation.name

    def signature(self, entry: OrgEntry) -> tuple[object, ...]:
        return org_page_signature(entry)

    def content(self, pagename: str, entry: OrgEntry) -> nodes.section:
        return Views(self.env, self.builder, pagename).org_page(entry, self.index_page)

    def description(self, entry: OrgEntry) -> str:
        text = _("{name} im {project}: {count} aus den Jahresrückblicken, nach Jahr und Monat.")
        return text.format(
            name=entry.organisation.display, project=self.app.config.project, count=count_events(len(entry.events))
        )

    def searched(self, entry: OrgEntry) -> nodes.section:
        """Name and other spellings, earlier names too: the ``kok:org`` objects link to the page,
        and a search for any name finds it."""
        org = entry.organisation
        section = nodes.section(ids=[entry.anchor])
        section += nodes.title(org.name, org.name)
        spellings = [s for s in org.spellings() if s != org.name]
        if spellings:
            section += nodes.paragraph("", "; ".join(spellings))
        return section


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the pages, then the redirects from their old addresses."""
    pages = OrgPages(app)
    yield from pages.collect()
    if pages.domain.pages_enabled:
        write_redirects(app, {name for name, _ in pages.pages()})
