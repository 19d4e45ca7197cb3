"""Which pages an incremental build must re-write so that it equals a fresh build."""

from __future__ import annotations

import hashlib

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..access import kok_domain
from ..core.indexes import category_index_signature, org_index_signature


def note_references(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: what the page refers to (an event's anchor, among others), so
    that a retitled or moved event re-writes only the pages that show its title or link."""
    targets = {node["reftarget"] for node in doctree.findall(addnodes.pending_xref) if node.get("reftarget")}
    kok_domain(app.env).data["references"][app.env.docname] = sorted(targets)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page when anything every page shows changed (titles and
    toctrees: the theme's sidebar, previous/next links; the month sections of each page;
    the organisation index's anchors); the pages that refer to an event whose page or
    title changed; the pages with views of all pages' events when a record they show
    changed. The digests are stored here, before the environment is pickled, per builder:
    html and dirhtml sharing one doctree folder share this environment, but not their output."""
    domain = kok_domain(env)
    site, views, events = site_digest(env), _views_digests(env), _event_targets(env)
    written: dict[str, tuple[str, dict[str, str], dict[str, tuple[str, str]]]] = domain.data["written"]
    before_site, before_views, before = written.get(app.builder.name, ("", {}, {}))
    changed_site = before_site != site
    changed_views = {kind for kind in views.keys() | before_views.keys() if views.get(kind) != before_views.get(kind)}
    changed_events = {anchor for anchor in events.keys() | before.keys() if events.get(anchor) != before.get(anchor)}
    written[app.builder.name] = (site, views, events)
    if changed_site:
        return sorted(env.all_docs)
    pages = {doc for doc, targets in domain.data["references"].items() if changed_events.intersection(targets)}
    for doc, placed in domain.listings.items():
        if any(listing.kind in changed_views for listing in placed):
            pages.add(doc)
    return sorted(pages & env.all_docs.keys())


def _event_targets(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    """Page and title of each event anchor, as references resolve it."""
    by_anchor = kok_domain(env).events_by_anchor()
    return {anchor: (event.docname, event.title) for anchor, event in by_anchor.items()}


def _views_digests(env: BuildEnvironment) -> dict[str, str]:
    """Per kind of view: everything it shows or filters by, and where the views stand. Not an
    event's details, link or line: editing those re-writes only its own page. The A–Z index of
    organisation pages and the category index (html, dirhtml) show names and counts: a retitled
    event leaves them alone."""
    domain = kok_domain(env)
    listings = sorted((doc, repr(placed)) for doc, placed in domain.listings.items())
    shown = [
        (e.docname, e.order, e.anchor, e.title, e.date, e.raw_date, e.category, e.orgs, e.persons)
        for e in domain.all_events()
    ]
    printed = domain.timeline_pages()  # the home page links to their PDFs
    events = hashlib.sha256(repr((shown, listings, printed)).encode()).hexdigest()
    kinds = {listing.kind for placed in domain.listings.values() for listing in placed}
    digests = dict.fromkeys(sorted(kinds), events)
    if domain.pages_enabled:
        index = org_index_signature(domain.organisations())
        digests["orgs"] = hashlib.sha256(repr(("pages", index, listings)).encode()).hexdigest()
        labels = category_index_signature(domain.categories())
        digests["categories"] = hashlib.sha256(repr(("pages", labels, listings)).encode()).hexdigest()
    else:
        digests["orgs"] = digests["categories"] = events
    return digests


def site_digest(env: BuildEnvironment) -> str:
    domain = kok_domain(env)
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles)
    toctrees = sorted((doc, tuple(included)) for doc, included in env.toctree_includes.items())
    # the month sections of each page: in every page's navigation, and targets of month links
    months = sorted({(e.docname, e.date.month if e.date else (0, 0)) for e in domain.all_events()})
    orgs = sorted((name, entry.anchor) for name, entry in domain.organisations().by_spelling.items())
    # where organisation names and category badges link
    linked = domain.page_with("orgs"), domain.page_with("categories")
    return hashlib.sha256(repr((titles, toctrees, months, orgs, linked)).encode()).hexdigest()
