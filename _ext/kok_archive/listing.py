"""The list of year pages on the home page, and which pages an incremental
build must re-write so that it equals a fresh build.

The list shows other pages' data, so it is a placeholder resolved in a
post-transform, and its pages are re-written on every build.
"""

from __future__ import annotations

import hashlib

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
    """``env-get-updated``: the pages showing the year list, always; every page when
    the navigation changed (a year added, removed or retitled), because the theme's
    sidebar and previous/next links on unchanged pages would otherwise go stale.
    The digest is stored here, before the environment is pickled."""
    domain = env.domains["kok"]
    digest = _navigation_digest(env)
    if domain.data["navigation"] != digest:
        domain.data["navigation"] = digest
        return sorted(env.all_docs)
    return domain.listing_pages()  # type: ignore[attr-defined, no-any-return]


def _navigation_digest(env: BuildEnvironment) -> str:
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles)
    toctrees = sorted((doc, tuple(included)) for doc, included in env.toctree_includes.items())
    return hashlib.sha256(repr((titles, toctrees)).encode()).hexdigest()
