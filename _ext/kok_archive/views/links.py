"""Links between pages, as every builder wants them."""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.nodes import make_refnode


def refnode(
    builder: Builder, fromdocname: str, todocname: str, anchor: str | None, child: nodes.Node, title: str = ""
) -> nodes.reference:
    """``make_refnode``, except on singlehtml: there every page is one, and Sphinx 9.0's
    ``#document-<page>#<anchor>`` links land nowhere, so link to the anchor itself."""
    if anchor and builder.name == "singlehtml":
        return nodes.reference("", "", child, refid=anchor, internal=True, reftitle=title)
    return make_refnode(builder, fromdocname, todocname, anchor, child, title or None)


class PageLinks:
    """Links from one page to many events: each target page's address computed once
    (the organisation index links thousands of events on a few dozen pages)."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder, self.fromdocname = builder, fromdocname
        self._uris: dict[str, str] = {}

    def to(self, todocname: str, anchor: str | None, child: nodes.Node, title: str = "") -> nodes.reference:
        """Like ``refnode``; raises ``NoUri`` where the format has no links between pages."""
        if todocname == self.fromdocname or self.builder.name == "singlehtml":
            return refnode(self.builder, self.fromdocname, todocname, anchor, child, title)
        if todocname not in self._uris:
            self._uris[todocname] = self.builder.get_relative_uri(self.fromdocname, todocname)
        link = nodes.reference(
            "", "", child, internal=True, refuri=self._uris[todocname] + ("#" + anchor if anchor else "")
        )
        if title:
            link["reftitle"] = title
        return link
