"""The directives that place things on a page: ``kok-timeline``, and the views of all
pages' events ``kok-years``, ``kok-events``, ``kok-org-index``, ``kok-category-index``,
``kok-downloads`` and ``kok-chart`` (placeholders, filled in after reading: ``views``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kok_nodes
from ..access import kok_domain
from ..config import categories
from ..core.dates import month_names
from ..core.indexes import NO_YEARS, EventFilter, Listing, month_number, parse_years
from ..core.model import split_names
from ..logs import warn
from .directives import AnyOption, option_line

FILTERS = ("category", "org", "person", "year", "month")


class TimelineDirective(SphinxDirective):
    """Marks where the page's timeline stands (default: where the first event stands)."""

    def run(self) -> list[nodes.Node]:
        node = kok_nodes.kok_timeline()
        self.set_source_info(node)
        return [node]


class _ViewDirective(SphinxDirective):
    """A placeholder for a view of all pages' events, filled in after reading."""

    kind = ""

    def run(self) -> list[nodes.Node]:
        listing = self.listing()
        node = self.placeholder(listing)
        self.set_source_info(node)
        kok_domain(self.env).note_listing(self.env.docname, listing)
        return [node]

    def listing(self) -> Listing:
        return Listing(self.kind, self.lineno)

    def placeholder(self, listing: Listing) -> nodes.Element:
        return kok_nodes.kok_view(kind=listing.kind)


class YearListDirective(_ViewDirective):
    """The year pages with their number of events (for the home page)."""

    kind = "years"


class OrgIndexDirective(_ViewDirective):
    """Every organisation A–Z with its events across all years."""

    kind = "orgs"


class EventsDirective(_ViewDirective):
    """Events of all pages, filtered: ``:category:``, ``:org:``, ``:person:``, ``:year:``, ``:month:``."""

    kind = "events"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = AnyOption(  # type: ignore[assignment]
        dict.fromkeys(FILTERS, directives.unchanged)
    )

    def listing(self) -> Listing:
        wanted, problems = self.read_filter()
        for option, problem in problems:
            warn("filter", problem, (self.env.docname, option_line(self, option)))
        # a listing already warned about needs no second "matches nothing"
        return Listing(self.kind, self.lineno, wanted, warn_empty=not problems)

    def placeholder(self, listing: Listing) -> nodes.Element:
        return kok_nodes.kok_view(kind=listing.kind, filter=listing.filter)

    def read_filter(self) -> tuple[EventFilter, list[tuple[str, str]]]:
        """The filter, and what is wrong with it (option, message): a bad value matches nothing."""
        allowed = ", ".join(f":{name}:" for name in FILTERS)
        problems = [
            (key, f"Unbekannte Auswahl :{key}:; erlaubt sind {allowed}; die Liste bleibt leer.")
            for key in self.options
            if key not in FILTERS
        ]
        values = {key: split_names(self.options.get(key) or "")[0] for key in FILTERS}
        problems += [
            (key, f":{key}: ist leer; die Liste bleibt leer.")
            for key in FILTERS
            if key in self.options and not values[key]
        ]
        known = categories(self.config)
        problems += [
            ("category", f"Unbekannte Kategorie »{key}«; erlaubt sind {', '.join(known)}; die Liste bleibt leer.")
            for key in values["category"]
            if key.lower() not in known
        ]
        years: tuple[int, int] | None = None
        if "year" in self.options:
            try:
                years = parse_years(self.options["year"] or "")
            except ValueError as error:
                problems.append(("year", f"{error} Die Liste bleibt leer."))
                years = NO_YEARS
        months = []
        for text in values["month"]:
            month = month_number(text, month_names(self.config.language))
            if month is None:
                problems.append(
                    ("month", f"»{text}« ist kein Monat (1 bis 12 oder der Monatsname); die Liste bleibt leer.")
                )
            months.append(month or 0)
        wanted = EventFilter(
            categories=tuple(key.lower() for key in values["category"]),
            orgs=tuple(values["org"]),
            persons=tuple(values["person"]),
            years=years,
            months=tuple(months),
            valid=not problems,
        )
        return wanted, problems


class CategoryIndexDirective(SphinxDirective):
    """One section per category (real sections: in the TOC). On html and dirhtml each links to
    the category's own page (``category_pages``); elsewhere it lists the events by year."""

    def run(self) -> list[nodes.Node]:
        domain = kok_domain(self.env)
        result: list[nodes.Node] = []
        for category in categories(self.config).values():
            anchor, number = f"kategorie-{category.key}", 2
            while anchor in self.state.document.ids:  # the index placed twice on a page
                anchor, number = f"kategorie-{category.key}-{number}", number + 1
            section = nodes.section(ids=[anchor], classes=["kok-category-section"])
            # the label is the configuration's, in the edition's language already: not a text of the page's catalogue
            section += nodes.title(category.label, category.label, translatable=False)
            wanted = EventFilter(categories=(category.key,))
            listing = Listing("categories", self.lineno, wanted, warn_empty=False)
            domain.note_listing(self.env.docname, listing)
            view = kok_nodes.kok_view(
                kind="categories", filter=wanted, key=category.key, classes=[f"kok-category-{category.key}"]
            )
            self.set_source_info(view)
            section += view
            self.state.document.set_id(section)
            result.append(section)
        return result


class DownloadsDirective(SphinxDirective):
    """Links to the events as data (JSON, CSV, iCalendar) on HTML sites."""

    def run(self) -> list[nodes.Node]:
        node = kok_nodes.kok_downloads(page="")
        self.set_source_info(node)
        # it counts the events of every page without a day: re-written like the other views
        kok_domain(self.env).note_listing(self.env.docname, Listing("downloads", self.lineno))
        return [node]


class ChartDirective(_ViewDirective):
    """The archive at a glance: events per year page, stacked by category (home page)."""

    kind = "chart"

    def placeholder(self, listing: Listing) -> nodes.Element:
        return kok_nodes.kok_view(kind=listing.kind, page="")
