"""The ``kok`` domain: every event of every page as plain records, keyed by document,
and the views across pages derived from them once per build."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.roles import XRefRole
from sphinx.util.typing import RoleFunction

from .access import kok_domain
from .config import categories, registry
from .core.catalogues import SOURCE_LANGUAGE, Counts
from .core.dates import full_date
from .core.indexes import (
    CategoryEntry,
    Listing,
    OrgEntry,
    OrgIndex,
    category_index,
    category_page_name,
    org_page_name,
    organisation_index,
)
from .core.model import MONTH_ANCHOR, Event
from .core.organisations import Registry
from .logs import warn
from .reading.org_checks import check_organisations
from .versions import DOMAIN_DATA
from .views.links import refnode

T = TypeVar("T")


class KokDomain(Domain):
    name = "kok"
    label = "KOK-Archiv"
    object_types: ClassVar[dict[str, ObjType]] = {
        "event": ObjType("Ereignis", "event"),
        "org": ObjType("Organisation", "org"),
    }
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "event": XRefRole(innernodeclass=nodes.inline, warn_dangling=True),
        "org": XRefRole(innernodeclass=nodes.inline, warn_dangling=True),
    }
    dangling_warnings: ClassVar[dict[str, str]] = {
        "event": "Ereignis »%(target)s« nicht gefunden",
        "org": "Organisation »%(target)s« nicht im Organisationsindex",
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "events": {},  # docname -> [Event] in source order
        "listings": {},  # docname -> [Listing]: views of other pages' data placed there
        "references": {},  # docname -> [reference target]
        # per builder (html and dirhtml may share one doctree folder, and so this environment): digests
        # of what pages link to and what the views show (per kind of view) and each event anchor's page
        # and title when last written by that builder; see freshness.pages_to_rewrite
        "written": {},
        "warnings": {},  # docname -> [(subtype, message, location)] given while reading it
        "timelines": {},  # docname -> True: the pages with a timeline, each a year of the printed review
        "translations": {},  # docname -> Counts: another edition's translated, missing and stale texts
    }
    data_version = DOMAIN_DATA.number  # versions.py: bump there whenever the stored shape changes

    # this build's state, never pickled (see open_warnings)
    reading = False
    checked = False
    # html and dirhtml: a page per organisation and per category (pages.py); set when the builder starts
    pages_enabled = False
    pages_afresh = False

    # derived once per build from the records, never pickled
    _views: dict[str, Any] | None = None

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # this build's re-read pages (open warnings, PDFs): Sphinx clears each page in the main
        # process right before it is read again, serial and -j alike (``clear_doc``)
        self.reread: set[str] = set()

    @staticmethod
    def start_reading(app: object, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: a new build's record of re-read pages (tests run several
        builds with one app); the pages removed just before are not read."""
        kok_domain(env).reread = set()

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        """„Organisation“ and „Ereignis“ in search results, not „KOK-Archiv-Organisation“."""
        return str(type.lname)

    # -- storing --------------------------------------------------------

    @property
    def events(self) -> dict[str, list[Event]]:
        return self.data["events"]  # type: ignore[no-any-return]

    @property
    def listings(self) -> dict[str, list[Listing]]:
        return self.data["listings"]  # type: ignore[no-any-return]

    def note_event(self, event: Event) -> None:
        self.events.setdefault(event.docname, []).append(event)
        self._forget_views()

    def replace_event(self, event: Event) -> None:
        """A record changed after its directive ran (another edition's details, see translation.py)."""
        records = self.events.get(event.docname, [])
        for number, record in enumerate(records):
            if record.anchor == event.anchor:
                records[number] = event
        self._forget_views()

    def count_events(self, docname: str) -> int:
        return len(self.events.get(docname, ()))

    def event_by_anchor(self, docname: str, anchor: str) -> Event | None:
        return next((e for e in self.events.get(docname, ()) if e.anchor == anchor), None)

    def note_warning(self, docname: str, subtype: str, message: str, location: str) -> None:
        self.data["warnings"].setdefault(docname, []).append((subtype, message, location))

    @property
    def stored_warnings(self) -> dict[str, list[tuple[str, str, str]]]:
        return self.data["warnings"]  # type: ignore[no-any-return]

    def note_translation(self, docname: str, counts: Counts) -> None:
        self.data["translations"][docname] = counts

    @property
    def translations(self) -> dict[str, Counts]:
        return self.data["translations"]  # type: ignore[no-any-return]

    def note_listing(self, docname: str, listing: Listing) -> None:
        self.listings.setdefault(docname, []).append(listing)

    def note_timeline(self, docname: str) -> None:
        self.data["timelines"][docname] = True

    def timeline_pages(self) -> list[str]:
        """The pages with a timeline, with or without events, newest first."""
        return sorted(self.data["timelines"], reverse=True)

    def page_with(self, kind: str) -> str | None:
        """The first page (A–Z) that shows a view of this kind, e.g. the organisation index."""
        return next((doc for doc in sorted(self.listings) if any(v.kind == kind for v in self.listings[doc])), None)

    def year_pages(self) -> list[tuple[str, int]]:
        """Pages with events, newest first, with their number of events."""
        return sorted(((doc, len(evs)) for doc, evs in self.events.items() if evs), reverse=True)

    def clear_doc(self, docname: str) -> None:
        self.reread.add(docname)
        self.events.pop(docname, None)
        self.listings.pop(docname, None)
        self.data["references"].pop(docname, None)
        self.data["warnings"].pop(docname, None)
        self.data["timelines"].pop(docname, None)
        self.data["translations"].pop(docname, None)
        self._forget_views()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # a worker returns everything it inherited too: take only its own documents
        for docname in docnames:
            for key in ("events", "listings", "references", "warnings", "timelines", "translations"):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._forget_views()

    # -- views ----------------------------------------------------------

    def _forget_views(self) -> None:
        self._views = None

    def view(self, key: str, compute: Callable[[], T]) -> T:
        """A view derived from all records, computed once until the records change."""
        if self._views is None:
            self._views = {}
        if key not in self._views:
            self._views[key] = compute()
        return self._views[key]  # type: ignore[no-any-return]

    @property
    def registry(self) -> Registry:
        """Read from the configuration once per build (it only changes with the configuration)."""
        return self.view("registry", lambda: registry(self.env.config))

    def all_events(self) -> list[Event]:
        return [event for docname in sorted(self.events) for event in self.events[docname]]

    def organisations(self) -> OrgIndex:
        """The organisation index, computed once after reading (not per page or reference)."""
        return self.view("organisations", lambda: organisation_index(self.all_events(), self.registry))

    def org_pages(self) -> list[tuple[str, OrgEntry]]:
        """Each organisation's own page (``organisationen/<slug>``), A–Z; none without an index page
        or on builders that show the index as one document."""
        index_page = self.page_with("orgs")
        if not self.pages_enabled or index_page is None:
            return []
        return [(org_page_name(index_page, entry), entry) for entry in self.organisations().entries]

    def org_page(self, entry: OrgEntry) -> str:
        """The page an organisation's links lead to: its own page, else the index page."""
        index_page = self.page_with("orgs") or ""
        return org_page_name(index_page, entry) if self.pages_enabled else index_page

    def categories(self) -> list[CategoryEntry]:
        """Each configured category with its events, computed once after reading."""
        known = [(c.key, c.label, c.color) for c in categories(self.env.config).values()]
        return self.view("categories", lambda: category_index(self.all_events(), known))

    def category_pages(self) -> list[tuple[str, CategoryEntry]]:
        """Each category's own page (``kategorien/<key>``), in configured order; none without an
        index page or on builders that show the index as one document."""
        index_page = self.page_with("categories")
        if not self.pages_enabled or index_page is None:
            return []
        return [(category_page_name(index_page, entry.key), entry) for entry in self.categories()]

    def category_target(self, key: str) -> tuple[str, str | None] | None:
        """Where a category's badge leads: its own page (html, dirhtml), else its section of the
        category index; ``None`` for no configured category or without a category index."""
        index_page = self.page_with("categories")
        if index_page is None or key not in categories(self.env.config):
            return None
        if self.pages_enabled:
            return category_page_name(index_page, key), None
        return index_page, f"kategorie-{key}"  # CategoryIndexDirective's section

    # -- checks across pages ---------------------------------------------

    def check_consistency(self) -> None:
        """Runs once, in the main process, after reading: checks that need every page."""
        self.checked = True
        self._forget_views()
        self._check_duplicates()
        check_organisations(self.env, self.registry, self.all_events())
        self._check_listings()

    def _check_duplicates(self) -> None:
        seen_anchor: dict[str, Event] = {}
        seen_item: dict[tuple[str, str], Event] = {}
        for event in self.all_events():
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
                when = full_date(event.date, SOURCE_LANGUAGE)  # for staff: German
                warn(
                    "duplicate",
                    f"»{event.title}« ({when}) steht doppelt; zuerst: {_place(self.env, first)}.",
                    (event.docname, event.lineno),
                )

    def _check_listings(self) -> None:
        org_pages = [(doc, v.lineno) for doc in sorted(self.listings) for v in self.listings[doc] if v.kind == "orgs"]
        for docname, lineno in org_pages[1:]:
            warn(
                "duplicate",
                f"Den Organisationsindex gibt es schon auf »{org_pages[0][0]}«; Verweise auf "
                "Organisationen führen dorthin.",
                (docname, lineno),
            )
        index = self.organisations()
        events = self.all_events()
        for docname in sorted(self.listings):
            for listing in self.listings[docname]:
                wanted = listing.filter
                if wanted is None:
                    continue
                unknown = [name for name in wanted.orgs if index.find(name) is None]
                for name in unknown:
                    warn(
                        "filter",
                        f"Keine Organisation »{name}« im Archiv; die Liste bleibt leer.",
                        (docname, listing.lineno),
                    )
                if listing.warn_empty and not unknown and not any(wanted.matches(e, index) for e in events):
                    warn(
                        "filter",
                        "Kein Ereignis passt zu dieser Auswahl; die Liste bleibt leer.",
                        (docname, listing.lineno),
                    )

    # -- finding --------------------------------------------------------

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for event in self.all_events():
            when = full_date(event.date, self.env.config.language) if event.date else event.raw_date
            # name differs from anchor: searchtools.js rebuilds links when they match; priority -1:
            # in the inventory for cross-references, not in Sphinx's search index (search.py)
            yield (f"event.{event.anchor}", f"{when} – {event.title}", "event", event.docname, event.anchor, -1)
        if self.page_with("orgs"):
            for entry in self.organisations().entries:
                # on html and dirhtml the org page's top section carries the anchor too
                org, page = entry.organisation, self.org_page(entry)
                yield (f"org.{entry.anchor}", org.display, "org", page, entry.anchor, 1)
                for number, former in enumerate(org.former, 1):  # found by every earlier name too
                    if former.display != org.display:
                        shown = f"{former.display}, heute {org.display}"
                        yield (f"org.{entry.anchor}.{number}", shown, "org", page, entry.anchor, 1)

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
        if typ == "org":
            entry = self.organisations().find(target)
            org_page = self.page_with("orgs")
            if entry is None or org_page is None:
                if node.get("refwarn") is False:  # an event's organisation: plain text, no warning
                    raise NoUri
                return None
            org = entry.organisation
            # an earlier name links under that name: the text of its time stays as it was
            former = next((f for f in org.former if target in f.spellings()), None)
            name = former.name if former and target not in org.current_spellings() else org.name
            return refnode(
                builder,
                fromdocname,
                self.org_page(entry),
                None if self.pages_enabled else entry.anchor,
                self._text(node, contnode, name),
                org.name,
            )
        event = self._event(target)
        if event is None:
            return None
        return refnode(
            builder, fromdocname, event.docname, event.anchor, self._text(node, contnode, event.title), event.title
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        # `[text](#id)` in MyST: an event's anchor, or a month section of a year page
        ref = self.resolve_xref(env, fromdocname, builder, "event", target, node, contnode)
        if ref is not None:
            return [("kok:event", ref)]
        month_page = self._month_page(target)
        if month_page is not None:
            title = contnode if node.get("refexplicit") else nodes.inline(target, target)
            return [("kok:month", refnode(builder, fromdocname, month_page, target, title))]
        return []

    def _month_page(self, anchor: str) -> str | None:
        """The year page with this month section (the first, A–Z, should two have it)."""
        match = MONTH_ANCHOR.fullmatch(anchor)
        if not match:
            return None
        month = (int(match[1]), int(match[2]))
        return next((e.docname for e in self.all_events() if e.date and e.date.month == month), None)

    @staticmethod
    def _text(node: pending_xref, contnode: nodes.Element, title: str) -> nodes.Element:
        """The link text: the author's own, else the title of what is referred to."""
        if node.get("refexplicit"):
            return contnode
        return nodes.inline(title, title, classes=contnode.get("classes", []))

    def _event(self, anchor: str) -> Event | None:
        return self.events_by_anchor().get(anchor)

    def events_by_anchor(self) -> dict[str, Event]:
        """Each anchor's event: the first, as the duplicate warning says."""
        return self.view("anchors", self._anchors)

    def _anchors(self) -> dict[str, Event]:
        by_anchor: dict[str, Event] = {}
        for event in self.all_events():
            by_anchor.setdefault(event.anchor, event)
        return by_anchor


def _place(env: BuildEnvironment, event: Event) -> str:
    return f"{env.doc2path(event.docname, False)}:{event.lineno}"
