"""Views of all pages' events, filled into their placeholders after every page is read:
the list of years, filtered event listings, the organisation and category indexes, and the
content of each organisation's and category's own page (html, dirhtml).

Builder-neutral nodes only (lists, paragraphs, rubrics, references), so every
format shows them. They are filled in at ``doctree-resolved``, after the post-transforms,
with finished links: a view of thousands of events would otherwise be walked by
every post-transform and resolved reference by reference (see ``make bench``).
So no post-transform sees a view (e.g. LaTeX's ``latex_show_urls`` skips the
organisations' websites in the index); what a view needs, it does itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri

from ..access import kok_domain
from ..config import NO_CATEGORY, categories
from ..core import charts
from ..core.dates import UNDATED_TITLE, format_long_day, format_short, machine_date, month_title, short_month
from ..core.indexes import UNDATED_SECTION, CategoryEntry, EventFilter, OrgEntry, by_year_and_month, select
from ..core.model import Event, slugify
from ..core.org_history import history_text
from ..core.organisations import ANCHOR_PREFIX, Organisation
from ..i18n import _, ngettext
from ..nodes import kok_date, kok_view
from .links import PageLinks

if TYPE_CHECKING:
    from ..domain import KokDomain


def fill_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every view placeholder of the page, replaced by its view."""
    placeholders = list(doctree.findall(kok_view))
    if placeholders:
        Views(app.env, app.builder, docname).fill(placeholders)


class Views:
    def __init__(self, env: BuildEnvironment, builder: Builder, docname: str) -> None:
        self.env, self.config, self.docname = env, env.config, docname
        self.links = PageLinks(builder, docname)
        self.categories = categories(env.config)
        self.date_column = builder.format == "html"  # kok.css lays out the dates of a listing as a column

    def fill(self, placeholders: list[kok_view]) -> None:
        for placeholder in placeholders:
            level = min(6, 1 + sum(1 for _ in _sections_around(placeholder)))
            kind = placeholder["kind"]
            if kind == "years":
                view = self.year_list()
            elif kind == "chart":
                view = self.chart(placeholder["page"])
            elif kind == "orgs":
                view = self.organisation_index(level)
            elif kind == "categories" and self.domain.pages_enabled:
                view = self.category_summary(placeholder["key"])
            else:
                view = self.listing(placeholder["filter"], level)
            view["classes"] += placeholder.get("classes", [])
            placeholder.replace_self(view)

    @property
    def domain(self) -> KokDomain:
        return kok_domain(self.env)

    def link(self, docname: str, anchor: str | None, child: nodes.Element, title: str = "") -> nodes.Element:
        """What the domain's resolver would make of a reference; just the text where the
        format has no links between pages (man pages)."""
        try:
            return self.links.to(docname, anchor, child, title)
        except NoUri:
            return child

    # -- the list of years ----------------------------------------------

    def year_list(self) -> nodes.Element:
        items = nodes.bullet_list(classes=["kok-years"])
        for docname, count in self.domain.year_pages():
            title = self.env.titles[docname].astext()
            ref = self.link(docname, None, nodes.inline(title, title))
            items += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f" – {count_events(count)}")))
        if not items.children:
            return nodes.paragraph("", _("Noch keine Jahre im Archiv."), classes=["kok-years"])
        return items

    # -- the year at a glance ----------------------------------------------

    def chart(self, page: str) -> nodes.Element:
        """Events per month of one year page, or per year page for the whole archive:
        an SVG for HTML, and the same numbers as a table for every format."""
        known = self.categories
        labels = {key: category.label for key, category in known.items()}
        if page:
            events = [e for e in self.domain.events.get(page, []) if e.date]
            months = _months_between(events)
            short = charts.month_labels(months, lambda month: short_month(month, self.config.language))
            groups = [
                (
                    f"{m[0]}-{m[1]:02d}",
                    label,
                    month_title(m, self.config.language),
                    [e for e in events if e.date and e.date.month == m],
                )
                for m, label in zip(months, short, strict=True)
            ]
            title = _("Ereignisse je Monat – {title}").format(title=self.env.titles[page].astext())
            first_column = _("Monat")
        else:
            groups = [
                (doc, doc.rsplit("/", 1)[-1], self.env.titles[doc].astext(), self.domain.events[doc])
                for doc, _ in sorted(self.domain.year_pages())
            ]
            title, first_column = _("Ereignisse je Jahresrückblick"), _("Jahresrückblick")
        bars = charts.count(groups, list(known))
        element_id = "kok-chart-" + (slugify(page) or "archiv")
        view = nodes.container(classes=["kok-chart"])
        view += nodes.raw("", charts.svg(bars, labels, title, element_id, count_events), format="html")
        view += _table(first_column, [labels[key] for key in known], bars)
        return view

    # -- listings ---------------------------------------------------------

    def listing(self, wanted: EventFilter, level: int) -> nodes.Element:
        events = select(self.domain.all_events(), wanted, self.domain.organisations())
        view = nodes.container(classes=["kok-listing"])
        if not events:
            view += nodes.paragraph("", _("Keine passenden Ereignisse."), classes=["kok-empty"])
        for year, months in by_year_and_month(events):
            view += _rubric(str(year) if year else _(UNDATED_TITLE), level)
            for month, month_events in months:
                if month:
                    view += _rubric(month_title(month, self.config.language), level + 1)
                view += self.event_items(month_events)
        return view

    def event_items(self, events: Sequence[Event], with_category: bool = True) -> nodes.bullet_list:
        """Date, title linking to the event, category (left out on a category's own page)."""
        items = nodes.bullet_list(classes=["kok-listing-events"])
        for event in events:
            line = nodes.paragraph()
            when = format_short(event.date, self.config.language) if event.date else event.raw_date
            if when:
                line += kok_date(when, when, classes=["kok-date"], datetime=machine_date(event.date))
                line += nodes.Text(" ")
            elif self.date_column:  # a month without a day: an empty date column, its title in line with the others
                line += nodes.inline("", "", classes=["kok-date", "kok-no-day"])
                line += nodes.Text(" ")
            line += self.link(event.docname, event.anchor, nodes.inline(event.title, event.title), event.title)
            if not with_category:
                items += nodes.list_item("", line)
                continue
            category = self.categories.get(event.category or "")
            label = category.label if category else _(NO_CATEGORY)
            line += nodes.Text(" ")
            line += nodes.inline(
                f"({label})", f"({label})", classes=["kok-category", f"kok-category-{event.category or 'none'}"]
            )
            items += nodes.list_item("", line)
        return items

    # -- the organisation index ---------------------------------------------

    def organisation_index(self, level: int) -> nodes.Element:
        """A–Z. On html and dirhtml each organisation is a line linking to its own page (``org_pages``),
        keeping its old anchor here; elsewhere (one document: singlehtml, epub, LaTeX …) an entry
        with all its events."""
        domain = self.domain
        index = domain.organisations()
        view = nodes.container(classes=["kok-org-index"])
        letters = dict(index.filed())
        paged = domain.pages_enabled

        jump = nodes.paragraph(classes=["kok-letters"])
        for number, letter in enumerate(letters):
            if number:
                jump += nodes.Text(" · ")
            jump += nodes.reference(letter, letter, refid=letter_id(letter), internal=True)
        view += jump
        for letter, entries in letters.items():
            # a real section (h2 under the page's title, \section in LaTeX); org_index_toc puts it in the TOC
            section = _section(letter_id(letter), letter)
            view += section
            if paged:
                section += self.org_list(entries)
                continue
            for what, entry, text in entries:
                section += self.org_entry(entry, level + 1) if what == "entry" else _see(entry, text, what)
        if not index.entries:
            view += nodes.paragraph("", _("Noch keine Organisationen im Archiv."), classes=["kok-empty"])
        return view

    def org_list(self, entries: list[tuple[str, OrgEntry, str]]) -> nodes.bullet_list:
        """One letter of the A–Z list of organisation pages: name (abbreviation) – count; other
        spellings; earlier names with the day they ended. An abbreviation or an earlier name
        filed under its own letter points to the same page."""
        items = nodes.bullet_list(classes=["kok-org-list"])
        for what, entry, text in entries:
            org = entry.organisation
            page = self.domain.org_page(entry)
            line = nodes.paragraph()
            if what == "entry":
                line += self.link(page, None, nodes.inline(org.display, org.display), org.name)
                line += nodes.Text(f" – {count_events(len(entry.events))}")
                line += nodes.Text(self.other_names(entry))
                # the anchor of the former single-page index (and of earlier names): old links land here
                items += nodes.list_item("", line, ids=_ids(entry), classes=["kok-org-entry"])
            else:
                line += nodes.strong(text, text)
                line += nodes.Text(_see_text(what))
                line += self.link(page, None, nodes.inline(org.name, org.name), org.name)
                items += nodes.list_item("", line, classes=["kok-org-see"])
        return items

    def other_names(self, entry: OrgEntry) -> str:
        """`` · auch: …`` and `` · früher: X bis 7. Dezember 2021``, or nothing."""
        org = entry.organisation
        text = f" · {_('auch')}: " + "; ".join(org.aliases) if org.aliases else ""
        if org.former:
            text += f" · {_('früher')}: " + self.history(org)
        return text

    def history(self, org: Organisation) -> str:
        """``X bis 7. Dezember 2021; …``: the earlier names, each with its last day."""
        language = self.config.language or ""
        return history_text(org.former, lambda day: format_long_day(day, language), _("{name} bis {day}"))

    def org_entry(self, entry: OrgEntry, level: int) -> nodes.Element:
        org = entry.organisation
        box = nodes.container(ids=_ids(entry), classes=["kok-org-entry"])
        box += _rubric(org.display, level)
        box += self.org_facts(entry)
        for year, months in by_year_and_month(entry.events):
            box += _rubric(str(year) if year else _(UNDATED_TITLE), level + 1)
            box += self.event_items([event for _, month_events in months for event in month_events])
        return box

    def org_facts(self, entry: OrgEntry) -> nodes.paragraph:
        org = entry.organisation
        facts = nodes.paragraph(classes=["kok-org-facts"])
        facts += nodes.Text(count_events(len(entry.events)))
        facts += nodes.Text(self.other_names(entry))
        if org.website:
            facts += nodes.Text(" · ")
            facts += nodes.reference(org.website, org.website, refuri=org.website)
        return facts

    def org_page(self, entry: OrgEntry, index_page: str) -> nodes.section:
        """The content of an organisation's own page (html, dirhtml): name, abbreviation, other
        spellings, website and count; its events in sections by year and month."""
        org = entry.organisation
        page = nodes.section(ids=[entry.anchor], classes=["kok-org-page"])
        title = nodes.title(org.name)
        for number, part in enumerate(org.name.split("/")):  # "Menschenhandel/Arbeitsausbeutung" fits a phone
            if number:
                title += [nodes.Text("/"), nodes.raw("", "<wbr>", format="html")]
            title += nodes.Text(part)
        page += title
        facts = nodes.bullet_list(classes=["kok-org-facts"])
        shown = [
            (_("Abkürzung"), org.short),
            (_("Andere Schreibweisen"), "; ".join(org.aliases)),
            (_("Frühere Namen"), self.history(org)),
        ]
        for label, value in shown:
            if value:
                facts += nodes.list_item("", nodes.paragraph("", "", _label(label), nodes.Text(value)))
        if org.website:
            website = nodes.reference(org.website, org.website, refuri=org.website)
            facts += nodes.list_item("", nodes.paragraph("", "", _label(_("Website")), website))
        events = count_events(len(entry.events))
        facts += nodes.list_item("", nodes.paragraph("", "", _label(_("Im Archiv")), nodes.Text(events)))
        page += facts
        back = nodes.paragraph(classes=["kok-org-back"])
        back += nodes.Text(_("Die Ereignisse mit dieser Organisation, nach Jahr und Monat.") + " ")
        back += self.link(index_page, entry.anchor, nodes.inline("", _("Alle Organisationen von A bis Z")))
        page += back
        page += self.year_sections(entry.events)
        return page

    def year_sections(self, events: Sequence[Event], with_category: bool = True) -> list[nodes.section]:
        """A page's events in sections by year and month (``jahr-2021``, ``monat-2021-03``), the
        undated last (``ohne-datum``): in the page's table of contents."""
        sections = []
        for year, months in by_year_and_month(events):
            year_section = _section(
                f"jahr-{year}" if year else UNDATED_SECTION, str(year) if year else _(UNDATED_TITLE)
            )
            for month, month_events in months:
                if month is None:
                    year_section += self.event_items(month_events, with_category)
                    continue
                month_section = _section(f"monat-{month[0]}-{month[1]:02d}", month_title(month, self.config.language))
                month_section += self.event_items(month_events, with_category)
                year_section += month_section
            sections.append(year_section)
        return sections

    # -- the category index and each category's page (html, dirhtml) ---------------

    def category_summary(self, key: str) -> nodes.Element:
        """A section of the category index on html and dirhtml: the count and a link to the
        category's own page (the section keeps the old anchor)."""
        found = [(page, entry) for page, entry in self.domain.category_pages() if entry.key == key]
        line = nodes.paragraph(classes=["kok-category-summary"])
        if not found:  # an unknown key cannot be placed; kept safe all the same
            return line
        page, entry = found[0]
        line += nodes.Text(f"{count_events(len(entry.events))} – ")
        text = _("alle Ereignisse der Kategorie {label} nach Jahr und Monat").format(label=entry.label)
        line += self.link(page, None, nodes.inline(text, text), entry.label)
        return line

    def category_page(self, entry: CategoryEntry, index_page: str) -> nodes.section:
        """The content of a category's own page: label, colour, count; its events in sections
        by year and month (each linking to its year page)."""
        page = nodes.section(ids=[entry.anchor], classes=["kok-category-page"])
        page += nodes.title(entry.label, entry.label)
        facts = nodes.bullet_list(classes=["kok-category-facts"])
        badge = nodes.inline(entry.label, entry.label, classes=["kok-category", f"kok-category-{entry.key}"])
        colour = nodes.paragraph("", "", _label(_("Farbe")), badge)
        facts += nodes.list_item("", colour)
        events = count_events(len(entry.events))
        facts += nodes.list_item("", nodes.paragraph("", "", _label(_("Im Archiv")), nodes.Text(events)))
        page += facts
        back = nodes.paragraph(classes=["kok-category-back"])
        back += nodes.Text(_("Ereignisse der Kategorie {label}, nach Jahr und Monat.").format(label=entry.label) + " ")
        back += self.link(index_page, entry.anchor, nodes.inline("", _("Alle Kategorien")))
        page += back
        if not entry.events:
            page += nodes.paragraph("", _("Noch keine Ereignisse in dieser Kategorie."), classes=["kok-empty"])
        page += self.year_sections(entry.events, with_category=False)
        return page


def _months_between(events: Sequence[Event]) -> list[tuple[int, int]]:
    """Every month from the first event's to the last one's, empty months included."""
    months = sorted({e.date.month for e in events if e.date})
    if not months:
        return []
    (year, month), result = months[0], []
    while (year, month) <= months[-1]:
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _table(first_column: str, labels: list[str], bars: Sequence[charts.Bar]) -> nodes.table:
    """The chart's numbers, for readers who cannot see it and for formats without SVG."""
    head = [first_column, *labels, _("Summe")]
    rows = [[bar.name, *(str(n) for _, n in bar.counts), str(bar.total)] for bar in bars]
    table = nodes.table(classes=["kok-chart-table"])
    group = nodes.tgroup(cols=len(head))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in head]
    group += nodes.thead("", _row(head))
    group += nodes.tbody("", *(_row(row) for row in rows))
    return table


def _row(cells: Sequence[str]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph(text, text)) for text in cells))


def _ids(entry: OrgEntry) -> list[str]:
    """The entry's anchor, and those of its other names: where links pointed before a rename."""
    return [entry.anchor, *(ANCHOR_PREFIX + slug for slug in entry.organisation.other_slugs())]


def _see(entry: OrgEntry, text: str, what: str) -> nodes.paragraph:
    org = entry.organisation
    line = nodes.paragraph(classes=["kok-org-see"])
    line += nodes.strong(text, text)
    line += nodes.Text(_see_text(what))
    line += nodes.reference(org.name, org.name, refid=entry.anchor, internal=True)
    return line


def _section(anchor: str, title: str) -> nodes.section:
    section = nodes.section(ids=[anchor])
    section += nodes.title(title, title)
    return section


def _label(text: str) -> nodes.inline:
    return nodes.inline(f"{text}: ", f"{text}: ", classes=["kok-label"])


def _rubric(text: str, level: int) -> nodes.rubric:
    heading = nodes.rubric(text, text)
    heading["heading-level"] = level
    return heading


def letter_id(letter: str) -> str:
    """The anchor of a letter of the organisation index (stable: old links land there)."""
    return "buchstabe-" + ("0-9" if letter == "#" else letter.lower())


def count_events(number: int) -> str:
    return ngettext("{count} Ereignis", "{count} Ereignisse", number).format(count=number)


def _see_text(what: str) -> str:
    """Between an earlier name or an abbreviation and the organisation's present name."""
    return f" → {_('heute')}: " if what == "former" else " → "


def _sections_around(node: nodes.Node) -> Iterator[nodes.section]:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            yield parent
        parent = parent.parent
