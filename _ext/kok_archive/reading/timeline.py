"""The per-month timeline of a year page, built while the page is read.

Building it at read time makes the month sections real: they reach the page's
table of contents, the sidebar, labels and search.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes
from docutils.nodes import make_id
from sphinx.transforms import SphinxTransform

from ..access import kok_domain
from ..config import categories
from ..core.dates import UNDATED_TITLE, month_title
from ..core.model import Event, group_by_month, month_anchor
from ..i18n import _
from ..logs import warn
from ..nodes import is_comment, kok_downloads, kok_event, kok_timeline, kok_view

STRUCTURAL = (nodes.section, nodes.document)
N = TypeVar("N", bound=nodes.Element)


class BuildTimeline(SphinxTransform):
    """Move a page's events into one section per month, where the timeline stands."""

    default_priority = 400  # after parsing, before Sphinx collects the TOC on doctree-read

    def apply(self, **kwargs: object) -> None:
        events = self._top_level(kok_event, "Ereignisse")
        markers = self._top_level(kok_timeline, "Zeitleisten ({kok-timeline})")
        if not events and not markers:
            return
        kok_domain(self.env).note_timeline(self.env.docname)
        for extra in markers[1:]:
            warn("timeline", "Nur eine Zeitleiste pro Seite: dieses {kok-timeline} wird ignoriert.", extra)
            extra.parent.remove(extra)

        marker = markers[0] if markers else kok_timeline()
        if not markers:  # the timeline stands where the first event stands
            events[0].parent.insert(events[0].parent.index(events[0]), marker)
        for node in events:
            node.parent.remove(node)
        parent, position = marker.parent, marker.parent.index(marker)
        parent.remove(marker)
        if isinstance(parent, nodes.document):
            parent, position = self._below_the_title(parent, position, marker)
        position += self._count_trailing_body(parent, position)

        records = {e.anchor: e for e in kok_domain(self.env).events.get(self.env.docname, [])}
        by_anchor = {node["ids"][0]: node for node in events}
        timeline: list[nodes.Node] = [self._legend()]
        for month, month_events in group_by_month([records[anchor] for anchor in by_anchor]):
            timeline.append(self._section(month, month_events, by_anchor))
        if not events:
            timeline.append(nodes.paragraph("", _("Noch keine Ereignisse."), classes=["kok-empty"]))
        parent[position:position] = timeline
        self._check_section_ids(by_anchor)

    def _check_section_ids(self, events: dict[str, kok_event]) -> None:
        """A heading written after an event whose :id: it would have had: docutils quietly
        renamed the heading's anchor, so links to it would land elsewhere."""
        for section in self.document.findall(nodes.section):
            for name in section["names"]:
                if make_id(name) in events and make_id(name) not in section["ids"]:
                    warn(
                        "duplicate",
                        f"Die Überschrift »{section[0].astext()}« hat dieselbe ID wie ein Ereignis "
                        f"(»{make_id(name)}«); bitte dem Ereignis eine andere :id: geben.",
                        section,
                    )

    def _top_level(self, cls: type[N], what: str) -> list[N]:
        """Nodes standing directly in a section (or the page): only these can move into the
        timeline without leaving a list, note, footnote or another event invalid. Nested ones
        stay where they are, shown but outside the timeline, with a warning."""
        found: list[N] = []
        for node in list(self.document.findall(cls)):
            if isinstance(node.parent, STRUCTURAL):
                found.append(node)
            elif cls is kok_timeline:
                warn(
                    "nesting",
                    f"{what} müssen auf oberster Ebene stehen, nicht in Listen, Hinweisen, "
                    "Fußnoten oder Ereignissen; dieses wird ignoriert.",
                    node,
                )
                node.parent.remove(node)
            else:
                warn(
                    "nesting",
                    f"{what} müssen auf oberster Ebene stehen, nicht in Listen, Hinweisen, "
                    "Fußnoten oder anderen Ereignissen; dieses bleibt, wo es steht, und fehlt in der Zeitleiste.",
                    node,
                )
        return found

    def _below_the_title(
        self, document: nodes.document, position: int, marker: nodes.Element
    ) -> tuple[nodes.Element, int]:
        """Month sections at page level would take over the page title: they go into the
        title's section (after its text), or, on a page without a title, stay with a warning."""
        title_section = next((child for child in document.children if isinstance(child, nodes.section)), None)
        if title_section is None:
            warn(
                "timeline",
                "Die Seite hat keine Überschrift (# …): die Monate werden zu ihren Hauptabschnitten.",
                (self.env.docname, marker.line or 1),
            )
            return document, position
        warn(
            "timeline",
            "Ereignisse vor der Überschrift der Seite: die Zeitleiste steht unter der Überschrift.",
            (self.env.docname, marker.line or 1),
        )
        first_subsection = next(
            (i for i, child in enumerate(title_section.children) if isinstance(child, nodes.section)),
            len(title_section.children),
        )
        return title_section, first_subsection

    def _count_trailing_body(self, parent: nodes.Element, position: int) -> int:
        """Body content after the timeline cannot follow its month sections:
        it stays before the timeline, in its order, with a warning."""
        trailing = []
        for child in parent.children[position:]:
            if isinstance(child, nodes.section):
                break
            trailing.append(child)
        visible = [
            c for c in trailing if not isinstance(c, (nodes.Invisible, nodes.system_message)) and not is_comment(c)
        ]
        if visible:
            warn(
                "timeline",
                "Text zwischen oder nach den Ereignissen steht jetzt vor der Zeitleiste; "
                "bitte vor die Ereignisse oder in einen eigenen Abschnitt mit Überschrift setzen.",
                visible[0],
            )
        return len(trailing)

    def _legend(self) -> nodes.container:
        legend = nodes.paragraph(classes=["kok-legend-items"])
        label = _("Kategorien") + ": "
        legend += nodes.inline(label, label, classes=["kok-label"])
        for number, category in enumerate(categories(self.config).values()):
            if number:
                legend += nodes.Text(" ")
            legend += nodes.inline(
                category.label, category.label, classes=["kok-category", f"kok-category-{category.key}"]
            )
        downloads = kok_downloads(page=self.env.docname)
        chart = kok_view(kind="chart", page=self.env.docname)
        return nodes.container("", legend, downloads, chart, classes=["kok-legend"])

    def _section(
        self, month: tuple[int, int] | None, events: list[Event], by_anchor: dict[str, kok_event]
    ) -> nodes.section:
        title = month_title(month, self.config.language) if month else _(UNDATED_TITLE)
        section = nodes.section(classes=["kok-month"])
        section["ids"] = [self._unique(month_anchor(month))]
        section += nodes.title(title, title)
        self.document.set_id(section)
        for event in events:
            section += by_anchor[event.anchor]
        return section

    def _unique(self, anchor: str) -> str:
        unique, number = anchor, 2
        while unique in self.document.ids:
            unique, number = f"{anchor}-{number}", number + 1
        return unique
