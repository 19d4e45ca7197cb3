"""Our doctree nodes. All subclass standard nodes, so every builder's
translator falls back along the MRO; placeholders never reach a writer."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes


class kok_event(nodes.container):  # noqa: N801 (docutils naming)
    """One event; carries its anchor in ``ids`` and its category in ``classes``."""


# the facts an event node carries while read and stored; event_markup removes them when written
FACTS = ("kok-date", "kok-datetime", "kok-category", "kok-label", "kok-orgs", "kok-persons", "kok-link", "kok-web")


def compact(
    anchor: str,
    classes: list[str],
    title: nodes.paragraph,
    details: nodes.Element | None,
    facts: dict[str, str | list[str] | bool],
) -> kok_event:
    """The event as read and stored: the facts (see ``FACTS``) as attributes, the title's
    paragraph (its nodes as the author wrote them) and the details."""
    node = kok_event(classes=classes, ids=[anchor])
    for key in FACTS:
        node[key] = facts[key]
    node += title
    if details is not None:
        node += details
    return node


class kok_timeline(nodes.Element):  # noqa: N801
    """Placeholder for where the timeline stands; replaced while the page is read."""


class kok_view(nodes.Element):  # noqa: N801
    """Placeholder for a view of all pages' events (``kind``: years, orgs, events);
    replaced at ``doctree-resolved``, after every page is read."""


class kok_downloads(nodes.Element):  # noqa: N801
    """Placeholder for links to the export files (``page``: a year page, or empty for all);
    replaced on HTML sites, removed elsewhere."""


class kok_date(nodes.inline):  # noqa: N801
    """A date as printed; HTML writes it as ``<time datetime="…">``, other formats as text."""


def visit_kok_date_html(translator: Any, node: kok_date) -> None:
    if node.get("datetime"):
        translator.body.append(translator.starttag(node, "time", "", datetime=node["datetime"]))
    else:
        translator.visit_inline(node)


def depart_kok_date_html(translator: Any, node: kok_date) -> None:
    translator.body.append("</time>" if node.get("datetime") else "</span>")


HTML_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)


def is_comment(node: nodes.Node) -> bool:
    """Raw HTML that is only comments: it shows nothing and runs nothing."""
    return isinstance(node, nodes.raw) and bool(HTML_COMMENT.fullmatch(node.astext()))
