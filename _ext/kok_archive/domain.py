"""The ``kok`` domain: every event of every page as plain records, keyed by document."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from .logs import warn
from .model import Event
from .timeline import full_date


class KokDomain(Domain):
    name = "kok"
    label = "KOK-Archiv"
    object_types: ClassVar[dict[str, ObjType]] = {"event": ObjType("Ereignis", "event")}
    initial_data: ClassVar[dict[str, Any]] = {
        "events": {},  # docname -> [Event] in source order
        "listings": {},  # docname -> True: pages that show the list of years
        "navigation": "",  # digest of titles and toctrees, see listing.pages_to_rewrite
    }
    data_version = 1  # bump whenever the stored shape changes

    # -- storing --------------------------------------------------------

    @property
    def events(self) -> dict[str, list[Event]]:
        return self.data["events"]  # type: ignore[no-any-return]

    def note_event(self, event: Event) -> None:
        self.events.setdefault(event.docname, []).append(event)

    def count_events(self, docname: str) -> int:
        return len(self.events.get(docname, ()))

    def event_by_anchor(self, docname: str, anchor: str) -> Event | None:
        return next((e for e in self.events.get(docname, ()) if e.anchor == anchor), None)

    def note_listing(self, docname: str) -> None:
        self.data["listings"][docname] = True

    def listing_pages(self) -> list[str]:
        return sorted(self.data["listings"])

    def year_pages(self) -> list[tuple[str, int]]:
        """Pages with events, newest first, with their number of events."""
        return sorted(((doc, len(evs)) for doc, evs in self.events.items() if evs), reverse=True)

    def clear_doc(self, docname: str) -> None:
        self.events.pop(docname, None)
        self.data["listings"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # a worker returns everything it inherited too: take only its own documents
        for docname in docnames:
            if docname in otherdata["events"]:
                self.events[docname] = otherdata["events"][docname]
            if docname in otherdata["listings"]:
                self.data["listings"][docname] = True

    def check_consistency(self) -> None:
        """Duplicates across pages; runs once, in the main process, after reading."""
        seen_anchor: dict[str, Event] = {}
        seen_item: dict[tuple[str, str], Event] = {}
        for event in self._all_events():
            first = seen_anchor.setdefault(event.anchor, event)
            if first is not event and first.docname != event.docname:
                warn(
                    "duplicate",
                    f"Die ID »{event.anchor}« gibt es schon: {_place(self.env, first)}.",
                    (event.docname, event.lineno),
                )
            if event.date is None:
                continue
            key = (event.date.iso(), " ".join(event.title.casefold().split()))
            first = seen_item.setdefault(key, event)
            if first is not event:
                when = full_date(event.date, self.env.config.language)
                warn(
                    "duplicate",
                    f"»{event.title}« ({when}) steht doppelt; zuerst: {_place(self.env, first)}.",
                    (event.docname, event.lineno),
                )

    def _all_events(self) -> Iterable[Event]:
        for docname in sorted(self.events):
            yield from self.events[docname]

    # -- finding --------------------------------------------------------

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for event in self._all_events():
            when = full_date(event.date, self.env.config.language) if event.date else event.raw_date
            # name differs from anchor: searchtools.js rebuilds links when they match
            yield (f"event.{event.anchor}", f"{event.title} ({when})", "event", event.docname, event.anchor, 1)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        event = self._find(target)
        if event is None:
            return None
        if not node.get("refexplicit"):  # {kok:event}`anchor` shows the event's title
            contnode = nodes.inline(event.title, event.title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, event.docname, event.anchor, contnode, event.title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, "event", target, node, contnode)
        return [("kok:event", ref)] if ref is not None else []

    def _find(self, anchor: str) -> Event | None:
        return next((e for e in self._all_events() if e.anchor == anchor), None)


def _place(env: BuildEnvironment, event: Event) -> str:
    return f"{env.doc2path(event.docname, False)}:{event.lineno}"
