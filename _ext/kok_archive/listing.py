"""The list of year pages on the home page, filled in after all pages are read.

It shows other pages' data, so it is a placeholder resolved in a post-transform,
and its pages are re-written on every build (``env-get-updated``): an
incremental build then equals a fresh one.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import kok_year_list


class ResolveYearList(SphinxPostTransform):
    default_priority = 5  # creates pending_xref nodes: must run before ReferencesResolver (10)

    def run(self, **kwargs: object) -> None:
        domain = self.env.domains["kok"]
        for placeholder in list(self.document.findall(kok_year_list)):
            items = nodes.bullet_list(classes=["kok-years"])
            for docname, count in domain.year_pages():  # type: ignore[attr-defined]
                title = self.env.titles[docname].astext()
                ref = addnodes.pending_xref(
                    "",
                    nodes.inline(title, title),
                    refdomain="std",
                    reftype="doc",
                    reftarget="/" + docname,
                    refexplicit=True,
                    refdoc=self.env.docname,
                )
                label = f" – {count} Ereignis" if count == 1 else f" – {count} Ereignisse"
                items += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(label)))
            if not items.children:
                placeholder.replace_self(nodes.paragraph("", "Noch keine Jahre im Archiv."))
            else:
                placeholder.replace_self(items)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return env.domains["kok"].listing_pages()  # type: ignore[attr-defined, no-any-return]
