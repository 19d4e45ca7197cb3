"""Which pages an incremental build must re-write so that it equals a fresh build."""

from __future__ import annotations

import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page when anything a page may link to or show from
    elsewhere changed (titles and toctrees: the theme's sidebar, previous/next links;
    where each event and each month section lives; the organisation index's anchors);
    the pages with views of all pages' events when any record changed. The digests
    are stored here, before the environment is pickled."""
    domain = env.domains["kok"]
    site, views = _site_digest(env), _views_digest(env)
    changed_site, changed_views = domain.data["navigation"] != site, domain.data["views"] != views
    domain.data["navigation"], domain.data["views"] = site, views
    if changed_site:
        return sorted(env.all_docs)
    views_pages: list[str] = domain.listing_pages() if changed_views else []  # type: ignore[attr-defined]
    return views_pages


def _views_digest(env: BuildEnvironment) -> str:
    """Everything the views show or filter by, and where the views stand. Not an event's
    details, link or line: editing those re-writes only its own page."""
    domain = env.domains["kok"]
    listings = sorted((doc, repr(placed)) for doc, placed in domain.listings.items())  # type: ignore[attr-defined]
    shown = [
        (e.docname, e.order, e.anchor, e.title, e.date, e.raw_date, e.category, e.orgs, e.persons)
        for e in domain.all_events()  # type: ignore[attr-defined]
    ]
    return hashlib.sha256(repr((shown, listings)).encode()).hexdigest()


def _site_digest(env: BuildEnvironment) -> str:
    domain = env.domains["kok"]
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles)
    toctrees = sorted((doc, tuple(included)) for doc, included in env.toctree_includes.items())
    # anchor, page, title and month of every event: links to events and to month sections
    events = [(e.anchor, e.docname, e.title, e.date.month if e.date else None) for e in domain.all_events()]  # type: ignore[attr-defined]
    orgs = sorted((name, entry.anchor) for name, entry in domain.organisations().by_spelling.items())  # type: ignore[attr-defined]
    org_page = domain.page_with("orgs")  # type: ignore[attr-defined]
    return hashlib.sha256(repr((titles, toctrees, events, orgs, org_page)).encode()).hexdigest()
