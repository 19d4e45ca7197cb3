"""Placeholders of the new-year template left in a page (``kok.template``).

``make jahr`` keeps the template's examples as comments, but an author may uncomment one and
forget it, or publish the placeholder foreword: those would go online without a word.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..logs import warn
from ..nodes import kok_event

# the template's placeholders (years/_vorlage.md; tests/test_new_year.py keeps them in step)
PLACEHOLDERS = ("hier steht das Vorwort", "Vorname Nachname")
EXAMPLE_TITLE = "Beispiel:"


class FindLeftovers(SphinxTransform):
    """Warn at each placeholder and each example event still on a page."""

    default_priority = 410  # after the timeline: every event is in place, each warned once

    def apply(self, **kwargs: object) -> None:
        for event in self.document.findall(kok_event):
            title = event.next_node(
                lambda node: isinstance(node, nodes.Element) and "kok-event-title" in node["classes"]
            )
            if title is not None and title.astext().startswith(EXAMPLE_TITLE):
                warn("template", f"»{title.astext()}« ist ein Beispiel aus der Vorlage. {_TODO}", event)
            for placeholder in PLACEHOLDERS:  # in the facts shown around the title (event_markup)
                if any(placeholder in text for text in _facts(event)):
                    warn("template", f"»{placeholder}« ist ein Platzhalter aus der Vorlage. {_TODO}", event)
        for text in self.document.findall(nodes.Text):
            if isinstance(text.parent, nodes.comment):  # % lines: hints, never published
                continue
            for placeholder in PLACEHOLDERS:
                if placeholder in text:
                    warn("template", f"»{placeholder}« ist ein Platzhalter aus der Vorlage. {_TODO}", text.parent)


def _facts(event: kok_event) -> list[str]:
    return [
        event.get("kok-date", ""),
        event.get("kok-link", ""),
        *event.get("kok-orgs", []),
        *event.get("kok-persons", []),
    ]


_TODO = "Bitte durch den echten Text ersetzen oder löschen; so würde es veröffentlicht."
