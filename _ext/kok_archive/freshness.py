"""Which pages an incremental build must re-write so that it equals a fresh build."""

from __future__ import annotations

import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages with views of other pages' data, always; every page
    when anything a page may link to or show from elsewhere changed: titles and
    toctrees (the theme's sidebar, previous/next links), where each event and each
    month section lives, and the organisation index's anchors. The digest is stored here, before the
    environment is pickled."""
    domain = env.domains["kok"]
    digest = _site_digest(env)
    if domain.data["navigation"] != digest:
        domain.data["navigation"] = digest
        return sorted(env.all_docs)
    return domain.listing_pages()  # type: ignore[attr-defined, no-any-return]


def _site_digest(env: BuildEnvironment) -> str:
    domain = env.domains["kok"]
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles)
    toctrees = sorted((doc, tuple(included)) for doc, included in env.toctree_includes.items())
    # anchor, page, title and month of every event: links to events and to month sections
    events = [(e.anchor, e.docname, e.title, e.date.month if e.date else None) for e in domain.all_events()]  # type: ignore[attr-defined]
    orgs = sorted((name, entry.anchor) for name, entry in domain.organisations().by_spelling.items())  # type: ignore[attr-defined]
    org_page = domain.page_with("orgs")  # type: ignore[attr-defined]
    return hashlib.sha256(repr((titles, toctrees, events, orgs, org_page)).encode()).hexdigest()
