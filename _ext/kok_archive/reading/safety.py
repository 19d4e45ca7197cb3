"""Nothing an author writes may run in a reader's browser or make it contact another
server: raw HTML and images from other hosts become visible text, with a warning.
Applied to event titles and details as they are read, and to every page as a whole.
And no file an author saves may stop the build: one that is not UTF-8 is skipped, warned."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from ..logs import warn
from ..nodes import is_comment


def make_safe(tree: nodes.Element, where: tuple[str, int], node_lines: bool = True, what: str = "Ereignissen") -> None:
    """Neutralise ``tree`` in place; ``where`` is the fallback location of the warning."""
    unsafe = [node for node in tree.findall(nodes.Element) if _unsafe(node)]
    if unsafe:
        line = (node_lines and unsafe[0].line) or where[1]
        warn(
            "html",
            f"HTML und Bilder von anderen Servern sind in {what} nicht erlaubt; sie werden als Text gezeigt.",
            (where[0], line),
        )
    for node in unsafe:
        text = node.astext() if isinstance(node, nodes.raw) else f"[Bild: {node.get('alt') or node['uri']}]"
        inline = isinstance(node.parent, nodes.TextElement)
        node.replace_self(nodes.literal(text, text) if inline else nodes.literal_block(text, text))


def _unsafe(node: nodes.Element) -> bool:
    if isinstance(node, nodes.raw):
        return "html" in node.get("format", "").split() and not is_comment(node)
    uri = str(node.get("uri", "")).strip().lower()
    return isinstance(node, nodes.image) and ("//" in uri or uri.startswith(("data:", "javascript:")))


class NeutraliseUnsafeContent(SphinxTransform):
    """The same rule for every page: forewords, listings' pages, the home page."""

    default_priority = 399  # before the timeline is built (400); events are already safe

    def apply(self, **kwargs: object) -> None:
        make_safe(self.document, (self.env.docname, 1), what="den Seiten des Archivs")
        drop_notes(self.document)


def drop_notes(tree: nodes.Element) -> None:
    """``%`` lines and HTML comments are notes for authors (an event not yet cleared, a reminder):
    published in no format, not even in a page's HTML source, the man page's or the XML."""
    for node in [n for n in tree.findall(nodes.Element) if isinstance(n, nodes.comment) or is_comment(n)]:
        node.parent.remove(node)


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a file that is not UTF-8 would stop the whole build with
    Sphinx's "Encoding error!". Warn with its file and line instead, and build the rest."""
    for docname in list(docnames):
        raw = Path(env.doc2path(docname)).read_bytes()
        try:
            raw.decode(env.config.source_encoding)
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            warn(
                "encoding",
                f"Die Datei ist nicht als UTF-8 gespeichert (Byte 0x{raw[error.start]:02x} in Zeile {line}) und "
                "wird nicht gebaut. Bitte im Editor mit der Kodierung UTF-8 speichern.",
                (docname, line),
            )
            docnames.remove(docname)
            env.found_docs.discard(docname)
