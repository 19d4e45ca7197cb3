"""Our doctree nodes. All subclass standard nodes, so every builder's
translator falls back along the MRO; placeholders never reach a writer."""

from __future__ import annotations

from docutils import nodes


class kok_event(nodes.container):  # noqa: N801 (docutils naming)
    """One event; carries its anchor in ``ids`` and its category in ``classes``."""


class kok_timeline(nodes.Element):  # noqa: N801
    """Placeholder for where the timeline stands; replaced while the page is read."""


class kok_view(nodes.Element):  # noqa: N801
    """Placeholder for a view of all pages' events (``kind``: years, orgs, events);
    replaced in a post-transform, after every page is read."""


class kok_downloads(nodes.Element):  # noqa: N801
    """Placeholder for links to the export files (``page``: a year page, or empty for all);
    replaced on HTML sites, removed elsewhere."""
