"""The letters of the organisation index in its page's table of contents (furo's "Auf dieser
Seite", the sidebar below the page, singlehtml's and epub's contents).

The letters are sections of the index (``views.organisation_index``), but made when the page is
written: which letters there are depends on every page's events, and Sphinx builds a page's TOC
while reading it (``TocTreeCollector``), from the sections it has then. So at ``env-updated``,
after every page is read and before the environment is stored, the letters are put into the
stored TOC of the index page, in the section that holds the index, before the sections that
follow it there; those of the last build are taken out first (marked by a class), so the TOC is
always this build's. The page is re-written when its letters change (``freshness``: the
organisations' names and anchors are part of what every page shows).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..access import kok_domain
from ..nodes import kok_view
from .fill import letter_id

MARK = "kok-letter-toc"  # on the TOC items of letters: this module's, removed before each build adds them


def letters_in_toc(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: this build's letters in the TOC of the organisation index's page."""
    for docname, toc in env.tocs.items():
        if _remove_letters(toc):
            env.toc_num_entries[docname] = _entries(toc)
    domain = kok_domain(env)
    index_page = domain.page_with("orgs")
    letters = [letter for letter, _ in domain.organisations().filed()]
    if index_page is None or index_page not in env.tocs or not letters:
        return []
    place = _place_of_index(env, index_page)
    if place is None:
        return []
    section_id, following = place
    item = _toc_item(env.tocs[index_page], section_id)
    if item is None:
        return []
    sublist = next((child for child in item.children if isinstance(child, nodes.bullet_list)), None)
    if sublist is None:
        sublist = nodes.bullet_list(classes=[MARK])
        item += sublist
    before = next((n for n, child in enumerate(sublist.children) if _anchor(child) in following), len(sublist))
    for number, letter in enumerate(letters):
        sublist.insert(before + number, _letter_item(index_page, letter))
    env.toc_num_entries[index_page] = _entries(env.tocs[index_page])
    return []


def _remove_letters(toc: nodes.Node) -> bool:
    """The letters of the last build out of a page's TOC; whether it had any."""
    marked = [node for node in toc.findall(nodes.Element) if MARK in node["classes"] and node.parent is not None]
    for node in marked:
        if node.parent is not None:  # not already gone with its list
            node.parent.remove(node)
    return bool(marked)


def _entries(toc: nodes.Node) -> int:
    """As ``TocTreeCollector`` counts them: one per section (furo shows the TOC from two on)."""
    return sum(1 for _ in toc.findall(nodes.reference))


def _place_of_index(env: BuildEnvironment, docname: str) -> tuple[str, set[str]] | None:
    """The id of the section that holds the index, and the anchors of the sections after it there."""
    doctree = env.get_doctree(docname)
    placeholder = next((node for node in doctree.findall(kok_view) if node.get("kind") == "orgs"), None)
    if placeholder is None:
        return None
    branch: nodes.Element = placeholder
    while branch.parent is not None and not isinstance(branch.parent, nodes.section):
        branch = branch.parent
    section = branch.parent
    if not isinstance(section, nodes.section) or not section["ids"]:
        return None
    after = section.children[section.index(branch) + 1 :]
    return section["ids"][0], {
        "#" + child["ids"][0] for child in after if isinstance(child, nodes.section) and child["ids"]
    }


def _toc_item(toc: nodes.Node, section_id: str) -> nodes.list_item | None:
    """The TOC item of the section: by its anchor, or the page's title (the first entry has none)."""
    items = list(toc.findall(nodes.list_item))
    found = next((item for item in items if _anchor(item) == "#" + section_id), None)
    return found or next((item for item in items if _anchor(item) == ""), None)


def _anchor(item: nodes.Node) -> str | None:
    """The anchor of a TOC item's own entry (``""``: the page's title)."""
    if not isinstance(item, nodes.list_item) or not item.children:
        return None
    paragraph = item.children[0]
    if not isinstance(paragraph, addnodes.compact_paragraph) or not paragraph.children:
        return None
    reference = paragraph.children[0]
    return reference.get("anchorname") if isinstance(reference, nodes.reference) else None


def _letter_item(docname: str, letter: str) -> nodes.list_item:
    """As ``TocTreeCollector`` makes an entry: list item, compact paragraph, reference."""
    reference = nodes.reference(
        "", "", nodes.Text(letter), internal=True, refuri=docname, anchorname="#" + letter_id(letter)
    )
    return nodes.list_item("", addnodes.compact_paragraph("", "", reference), classes=[MARK])
