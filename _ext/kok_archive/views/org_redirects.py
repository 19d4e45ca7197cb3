"""Old addresses of organisation pages keep working: for each other name of an organisation
(an earlier one, or the present one when the address follows the earliest or ``adresse``), a
small page at the address that name gives, leading on to the organisation's page.

html and dirhtml only, written after the organisation pages (``org_pages``) and only when changed;
a redirect no longer needed is deleted, never a page or document of that name.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from sphinx.application import Sphinx

from ..access import kok_domain
from ..core.files import write_if_changed, write_whole
from ..core.indexes import page_for_slug
from ..i18n import _
from .pages import builder_cache

CACHE = "kok-org-redirects.json"  # beside the doctrees, per builder: the redirect pages last written

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<title>{name}</title>
</head>
<body>
<p>{text} <a href="{target}">{name}</a>.</p>
</body>
</html>
"""


def write_redirects(app: Sphinx, pages: set[str]) -> None:
    """``pages``: the organisation pages of this build (a redirect never replaces one)."""
    domain = kok_domain(app.env)
    builder = app.builder
    index_page = domain.page_with("orgs")
    wanted: dict[str, tuple[str, str]] = {}  # redirect page -> (organisation page, name)
    if index_page is not None:
        for pagename, entry in domain.org_pages():
            for slug in entry.organisation.other_slugs():
                old = page_for_slug(index_page, slug)
                if old not in pages and old not in app.env.all_docs:
                    wanted.setdefault(old, (pagename, entry.organisation.name))
    for old, (target, name) in sorted(wanted.items()):
        uri = html.escape(builder.get_relative_uri(old, target))
        text = PAGE.format(
            lang=html.escape(app.config.language or "de"),
            text=html.escape(_("Die Seite dieser Organisation steht hier:"), quote=False),
            target=uri,
            name=html.escape(name),
        )
        write_if_changed(Path(builder.get_outfilename(old)), text.encode())  # type: ignore[attr-defined]
    cache = builder_cache(app, CACHE)
    for stale in sorted(_load(cache, builder.name) - wanted.keys() - pages - set(app.env.all_docs)):
        path = Path(builder.get_outfilename(stale))  # type: ignore[attr-defined]
        if Path(app.outdir) in path.parents and path.is_file():
            path.unlink()
    write_whole(cache, json.dumps({"builder": builder.name, "pages": sorted(wanted)}))


def _load(cache: Path, builder: str) -> set[str]:
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(known, dict) or known.get("builder") != builder or not isinstance(known.get("pages"), list):
        return set()
    return {page for page in known["pages"] if isinstance(page, str)}
