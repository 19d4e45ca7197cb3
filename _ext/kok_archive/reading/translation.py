"""A second edition (English) from the German source, through Sphinx's gettext catalogues.

Each year page has its own catalogue, ``locale/<language>/LC_MESSAGES/years/2020.po``
(``gettext_compact = False``). Sphinx's ``Locale`` transform translates a page's paragraphs and
headings from it, an event's details included; it does not reach directive arguments
(sphinx-doc/sphinx#8857), so the event directive asks ``title()`` for its title, and the
gettext builder gets the titles from ``offer_titles``. Facts (date, category, organisations,
link, ``:id:``) are never translated.

What has no current translation is shown in German and marked ``language-de`` (docutils writes
``lang="de"`` for that class), so that screen readers pronounce it as German. A fuzzy entry is
left out of the compiled catalogue by Sphinx (Babel), so a text changed in German after its
translation falls back, and is counted as stale, never shown as if current.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import json
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .. import nodes as kok_nodes
from ..access import kok_domain
from ..core.catalogues import SOURCE_LANGUAGE, count, read_catalogue
from ..core.files import write_whole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..domain import KokDomain

FALLBACK_CLASS = f"language-{SOURCE_LANGUAGE}"  # docutils' HTML writers turn it into lang="de"
TITLE_SOURCE = "kok-title-source"  # an event node's title as written, for the gettext builder


def translating(config: Config) -> bool:
    """Whether this build is another edition than the German source."""
    return (config.language or SOURCE_LANGUAGE) != SOURCE_LANGUAGE


def _catalogue_files(env: BuildEnvironment, docname: str, suffix: str) -> list[Path]:
    domain = docname_to_domain(docname, env.config.gettext_compact)
    language = env.config.language or SOURCE_LANGUAGE
    found = (Path(env.srcdir, folder, language, "LC_MESSAGES", domain + suffix) for folder in env.config.locale_dirs)
    return [path for path in found if path.is_file()]


@functools.lru_cache(maxsize=64)
def _compiled(path: str, stamp: int) -> dict[str, str]:
    """A compiled catalogue's messages, read once per version (Sphinx compiles the .po into it
    before reading, without fuzzy entries). ``gettext.translation`` would keep the first
    version read for the life of the process."""
    with open(path, "rb") as file:
        return cast(dict[str, str], gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]


def messages(env: BuildEnvironment, docname: str) -> dict[str, str]:
    """The current translations of a page, the first folder of ``locale_dirs`` first."""
    merged: dict[str, str] = {}
    for path in reversed(_catalogue_files(env, docname, ".mo")):
        merged |= _compiled(str(path), os.stat(path).st_mtime_ns)
    return merged


def translated(catalogue: dict[str, str], msgid: str) -> str | None:
    """The translation of a text as written, or None: Sphinx's rule (an empty entry is none; one
    identical to the German text is, e.g. a name)."""
    msgstr = catalogue.get(msgid, "")
    return msgstr if msgstr.strip() else None


class MarkUntranslated(SphinxTransform):
    """In another edition: every text Sphinx's ``Locale`` left in German gets ``lang="de"``;
    each event's record takes its details as shown (translated or not); the page's counts of
    translated, missing and stale texts go to the domain, for ``make check``."""

    default_priority = 398  # after Locale (20) and the gender stars (395), before the timeline (400)

    def apply(self, **kwargs: object) -> None:
        if not translating(self.config):
            return
        docname = self.env.docname
        domain = kok_domain(self.env)
        untranslated, done = [], 0
        catalogue = messages(self.env, docname)
        for node, message in extract_messages(self.document):
            # Locale marks the nodes it translated, but not a toctree's caption (addnodes.translatable)
            if node.get("translated") or translated(catalogue, message) is not None:
                done += 1
            else:
                node["classes"].append(FALLBACK_CLASS)
                untranslated.append(message)
        events = [node for node in self.document.findall(kok_nodes.kok_event) if TITLE_SOURCE in node]
        for node in events:
            title = cast(nodes.Element, node[0])
            if FALLBACK_CLASS in title["classes"]:
                untranslated.append(node[TITLE_SOURCE])
            else:
                done += 1
            self._update_record(domain, docname, node)
        if events or done:
            stale = read_catalogue(_catalogue_files(self.env, docname, ".po"))
            domain.note_translation(docname, count(done, untranslated, stale))

    @staticmethod
    def _update_record(domain: KokDomain, docname: str, node: kok_nodes.kok_event) -> None:
        """The record's details and language as the page shows them."""
        event = domain.event_by_anchor(docname, node["ids"][0])
        if event is None:
            return
        details = " ".join(" ".join(part.astext() for part in node.children[1:]).split())
        german = any(FALLBACK_CLASS in part["classes"] for part in node.findall(nodes.Element))
        domain.replace_event(dataclasses.replace(event, details=details, lang=SOURCE_LANGUAGE if german else ""))


def offer_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, gettext builder only: each event title as a message of its page, at
    its line, so that ``make uebersetzung`` puts it into the year's catalogue."""
    if app.builder.name != "gettext":
        return
    for node in list(doctree.findall(kok_nodes.kok_event)):  # a list: the loop adds nodes
        if node.get(TITLE_SOURCE):
            title = nodes.paragraph(node[TITLE_SOURCE], node[TITLE_SOURCE])
            title.source, title.line = node.source, node.line
            title.uid = uuid.uuid4().hex  # type: ignore[attr-defined]  # gettext skips nodes without
            node.parent.insert(node.parent.index(node), title)  # beside, not in, the event


COUNTS_FILE = "kok-translations.json"  # in the doctree folder: per page, for make check


def write_counts(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, another edition: each page's counts, for ``make check`` (``kok_check``)."""
    if exception is not None or not translating(app.config):
        return
    pages = {page: dataclasses.asdict(found) for page, found in sorted(kok_domain(app.env).translations.items())}
    text = json.dumps({"language": app.config.language, "pages": pages}, ensure_ascii=False, indent=1)
    write_whole(Path(app.doctreedir, COUNTS_FILE), text)
