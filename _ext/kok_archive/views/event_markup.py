"""An event's fixed markup – date, category, title link, organisations, persons, link – made
when its page is written, not when it is read.

While a page is read and stored, an event is its node with the facts as plain attributes,
its title and its details: about 6 nodes instead of 30. Every read transform of Sphinx,
docutils and MyST walks every node of every page, and the stored doctree is pickled and
unpickled whole; the fixed markup shows nothing that any of them needs. ``doctree-resolved``
(after the post-transforms, for every builder) builds the same standard nodes as before, with
the links the domain makes for organisations, and gives their text the smart quotes the read
transforms would have given it. The written page is the same as when the markup was made
while reading. Labels and, in another edition, the short date are in the edition's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.transforms import SphinxSmartQuotes

from .. import nodes as kok_nodes
from ..access import kok_domain
from ..config import NO_CATEGORY
from ..core.dates import format_short, is_german
from ..core.model import Event
from ..i18n import _
from ..nodes import FACTS
from .links import refnode

# what SmartQuotes could change: quotes, backticks, dashes, ellipses, backslash escapes
SMARTQUOTABLE = re.compile(r"[\"'`\\]|--|\.\.\.|\. \. \.")


def expand_events(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every event of the page with its full markup."""
    events = [node for node in doctree.findall(kok_nodes.kok_event) if "kok-date" in node.attributes]
    if not events:
        return
    resolve = _org_resolver(app, docname)
    category_link = _category_linker(app, docname)
    language = app.config.language or ""
    records = {} if is_german(language) else _records(app, docname, events)
    quotable: list[nodes.paragraph] = []
    for event in events:
        title, details = cast(nodes.Element, event[0]), event[1:]
        facts = {key: event.attributes.pop(key) for key in FACTS}
        if not is_german(language):
            _in_language(facts, records.get(event["ids"][0]), language)
        event.attributes.pop("kok-title-source", None)  # translation.TITLE_SOURCE: for catalogues only
        made = _meta(facts, category_link), _title(title, event["ids"][0])
        after = [*_orgs(facts, resolve), *_persons(facts)], _link(facts)
        quotable += [p for p in (made[0], *after[0], *after[1]) if SMARTQUOTABLE.search(p.astext())]
        event[:] = [*made, *after[0], *details, *after[1]]
    if quotable:
        _smart_quotes(doctree, quotable)


def _records(app: Sphinx, docname: str, events: list[kok_nodes.kok_event]) -> dict[str, Event]:
    """The records of the events by anchor (singlehtml writes all pages as one document)."""
    pages = {app.env.path2doc(event.source) for event in events if event.source} | {docname}
    domain = kok_domain(app.env)
    return {e.anchor: e for page in pages if page for e in domain.events.get(page, ())}


def _in_language(facts: dict[str, str | list[str] | bool], record: Event | None, language: str) -> None:
    """The facts read in German that another edition shows in its language: the short date (an
    author's unreadable date stays as written) and the label of a missing category."""
    if record is not None and record.date is not None and facts["kok-date"]:
        facts["kok-date"] = format_short(record.date, language)
    if facts["kok-label"] == NO_CATEGORY:
        facts["kok-label"] = _(NO_CATEGORY)


def _meta(facts: dict[str, object], category_link: Callable[[str, nodes.inline], nodes.Element]) -> nodes.paragraph:
    meta = nodes.paragraph(classes=["kok-event-meta"])
    date_text = str(facts["kok-date"])
    if date_text:
        meta += kok_nodes.kok_date(date_text, date_text, classes=["kok-date"], datetime=facts["kok-datetime"])
        meta += nodes.Text(" ")
    label, key = str(facts["kok-label"]), str(facts["kok-category"])
    meta += category_link(key, nodes.inline(label, label, classes=["kok-category", f"kok-category-{key}"]))
    return meta


def _category_linker(app: Sphinx, docname: str) -> Callable[[str, nodes.inline], nodes.Element]:
    """The badge as a link to its category's page (html, dirhtml) or its section of the category
    index (one document: singlehtml, epub, LaTeX …); the badge alone without a category index, for
    an event without a valid category, or where the format has no links."""
    domain, builder = kok_domain(app.env), app.builder
    targets: dict[str, tuple[str, str | None] | None] = {}

    def link(key: str, badge: nodes.inline) -> nodes.Element:
        if key not in targets:
            targets[key] = domain.category_target(key)
        target = targets[key]
        if target is None:
            return badge
        try:
            reference = refnode(builder, docname, target[0], target[1], badge, badge.astext())
        except NoUri:
            return badge
        reference["classes"].append("kok-category-link")
        return reference

    return link


def _title(title: nodes.Element, anchor: str) -> nodes.Element:
    """The title as a link to the event itself, in bold."""
    strong = nodes.strong("", "", *title.children)
    title[:] = [nodes.reference("", "", strong, refid=anchor, internal=True, classes=["kok-permalink"])]
    return title


def _orgs(
    facts: dict[str, object], resolve: Callable[[str, nodes.inline], nodes.Element | None]
) -> list[nodes.paragraph]:
    """Each name as written, linked where the domain links an organisation (its entry in the
    organisation index), plain where it has no entry or the format no links."""
    names: list[str] = facts["kok-orgs"]  # type: ignore[assignment]
    if not names:
        return []
    orgs = nodes.paragraph("", "", _label(_("Organisationen")), classes=["kok-event-orgs"])
    for number, name in enumerate(names):
        if number:
            orgs += nodes.Text("; ")
        shown = nodes.inline(name, name, classes=["kok-org"])
        orgs += resolve(name, shown) or shown
    return [orgs]


def _org_resolver(app: Sphinx, docname: str) -> Callable[[str, nodes.inline], nodes.Element | None]:
    """What the domain makes of an organisation reference that must not warn (``{kok:org}``
    with ``refwarn=False``): the same links as when each name was a ``pending_xref``."""
    domain = kok_domain(app.env)

    def resolve(name: str, shown: nodes.inline) -> nodes.Element | None:
        xref = addnodes.pending_xref(
            "", refdomain="kok", reftype="org", reftarget=name, refexplicit=True, refwarn=False
        )
        try:
            return domain.resolve_xref(app.env, docname, app.builder, "org", name, xref, shown)
        except NoUri:  # no entry, or a format without links between pages
            return None

    return resolve


def _persons(facts: dict[str, object]) -> list[nodes.paragraph]:
    persons: list[str] = facts["kok-persons"]  # type: ignore[assignment]
    if not persons:
        return []
    text = nodes.Text("; ".join(persons))
    return [nodes.paragraph("", "", _label(_("Personen")), text, classes=["kok-event-persons"])]


def _link(facts: dict[str, object]) -> list[nodes.paragraph]:
    link = str(facts["kok-link"])
    if not link:
        return []
    target = nodes.reference(link, link, refuri=link) if facts["kok-web"] else nodes.Text(link)
    text = _("Mehr dazu:") + " "
    label = nodes.inline(text, text, classes=["kok-label"])
    return [nodes.paragraph("", "", label, target, classes=["kok-event-link"])]


def _label(text: str) -> nodes.inline:
    return nodes.inline(f"{text}: ", f"{text}: ", classes=["kok-label"])


def _smart_quotes(doctree: nodes.document, paragraphs: list[nodes.paragraph]) -> None:
    """The quotes, dashes and ellipses the page's read transforms give every other text
    (``smartquotes`` and its exclusions apply): Sphinx's own transform, on these paragraphs alone."""
    holder = nodes.document(doctree.settings, doctree.reporter)
    parents = [(paragraph, paragraph.parent) for paragraph in paragraphs]
    holder.extend(paragraphs)  # the transform educates each block of text under the document
    SphinxSmartQuotes(holder, None).apply()
    for paragraph, parent in parents:
        paragraph.parent, paragraph.document = parent, doctree
