"""The author's main directive, ``kok-event``: one item of a yearly review.

Options are read as plain strings and validated here, so every problem gets a
typed ``kok.*`` warning instead of MyST dropping the option. The directives that
place views of all pages are in ``view_directives``.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from .. import nodes as kok_nodes
from ..access import kok_domain
from ..config import categories
from ..core.catalogues import SOURCE_LANGUAGE
from ..core.dates import (
    DateError,
    EventDate,
    format_short,
    full_date,
    machine_date,
    parse_date,
    review_year,
    within_review,
)
from ..core.fences import find_unclosed
from ..core.model import Event, auto_anchor, is_reserved, is_web_address, normalize_anchor, split_names
from ..logs import warn
from . import translation
from .safety import make_safe
from .stars import repair
from .translation import FALLBACK_CLASS, TITLE_SOURCE, translated, translating

if TYPE_CHECKING:
    from ..domain import KokDomain

OPTIONS = ("date", "category", "org", "person", "id", "link")
# the German words staff reach for; other misspellings are matched by likeness (``meant_option``)
GERMAN_OPTIONS = {"datum": "date", "kategorie": "category", "organisation": "org", "organisationen": "org"}
# what becomes of an event while the meant option is misspelt (the value is not used under a wrong name)
UNTIL_FIXED = {
    "date": "bis dahin steht das Ereignis unter »Ohne gültiges Datum«",
    "category": "bis dahin erscheint das Ereignis als »Ohne Kategorie«",
}
OPTION_LINE = re.compile(r"\s*:([\w-]+):")
LINKS = (nodes.reference, addnodes.pending_xref, nodes.footnote_reference, nodes.citation_reference)


class AnyOption(dict[str, Callable[[str | None], Any]]):
    """An option spec that accepts every key, so unknown ones reach ``run()``
    and get a ``kok.option`` warning instead of being dropped by the parser."""

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        return directives.unchanged


class EventDirective(SphinxDirective):
    """One item of a yearly review."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = AnyOption(  # type: ignore[assignment]
        dict.fromkeys(OPTIONS, directives.unchanged)
    )

    @property
    def domain(self) -> KokDomain:
        return kok_domain(self.env)

    def run(self) -> list[nodes.Node]:
        self._check_options()
        swallowed = self._split_unclosed()
        title_nodes, title_text, messages = self._title(self.title_source)
        date = self._date()
        category = self._category()
        orgs = self._names("org")
        persons = self._names("person")
        link = self._link()
        anchor = self._anchor(date, title_text)  # from the German title: the same in every edition
        title_nodes, title_text, messages = self._translate_title(title_nodes, title_text, messages)
        details = self._details()

        event = Event(
            docname=self.env.docname,
            lineno=self.lineno,
            anchor=anchor,
            title=title_text,
            date=date,
            raw_date=self.options.get("date") or "",
            category=category,
            orgs=tuple(orgs),
            persons=tuple(persons),
            link=link,
            order=self.domain.count_events(self.env.docname),
            org_line=self._line("org") if "org" in self.options else 0,
            details=" ".join(details.astext().split()) if details else "",
        )
        node = self._render(event, title_nodes, details)
        self.domain.note_event(event)
        following: list[nodes.Node] = []
        if swallowed:  # after this event's record: they keep their order on the page
            lines, offset = swallowed
            following = nested_parse_to_nodes(self.state, lines, offset=offset)
        return [node, *messages, *following]

    # -- a forgotten closing fence ------------------------------------------

    def _split_unclosed(self) -> tuple[StringList, int] | None:
        """Warn when this event's closing fence is missing. The lines of a swallowed event, if any,
        are cut from the body (with their offset), to be parsed after this event as meant."""
        fence = self.block_text[: len(self.block_text) - len(self.block_text.lstrip(self.block_text[:1]))]
        first_line = self.lineno + self.content_offset + 1  # MyST's content offsets are relative
        # what follows the body is only known for an event that starts its line: in a list or a
        # footnote the source is indented or marked (such an event is warned about as kok.nesting)
        source = source_lines(self.env.doc2path(self.env.docname))
        own_line = source[self.lineno - 1] if 0 < self.lineno <= len(source) else ""
        unclosed = find_unclosed(list(self.content), first_line, fence, source if own_line.startswith(fence) else None)
        if unclosed is None:
            return None
        title = self.arguments[0].strip() if self.arguments else "Ohne Titel"
        where = (
            f"deshalb gehört {unclosed.what} (Zeile {unclosed.line}) zu ihm. Bitte eine Zeile nur mit »{fence}« "
            f"direkt vor Zeile {unclosed.line}, nach dem Text dieses Ereignisses, einfügen."
            if unclosed.what
            else f"es reicht deshalb bis zum Ende der Seite: Alles darunter gilt als sein Text. Bitte direkt nach "
            f"seinem Text, vor allem, was nicht mehr dazugehört, eine Zeile nur mit »{fence}« einfügen."
        )
        warn("fence", f"Beim Ereignis »{title}« fehlt das schließende »{fence}«; {where}", self._where())
        if unclosed.split is None:
            return None
        swallowed = self.content[unclosed.split :]
        self.content = self.content[: unclosed.split]
        return swallowed, self.content_offset + unclosed.split

    # -- options --------------------------------------------------------

    def _line(self, option: str) -> int:
        return option_line(self, option)

    def _where(self, option: str | None = None) -> tuple[str, int]:
        return (self.env.docname, self._line(option) if option else self.lineno)

    def _check_options(self) -> None:
        """Unknown options, and options written twice (MyST keeps only the last value). A misspelt
        option that is meant as a missing one is warned about once, here: ``_date`` and
        ``_category`` keep quiet about the missing value."""
        written = []
        for line in self.block_text.splitlines()[1:]:  # the option block: the lines right after the first
            match = OPTION_LINE.match(line)
            if not match:
                break
            written.append(match[1])
        for key in sorted({key for key in written if written.count(key) > 1}):
            warn(
                "option",
                f"Die Angabe :{key}: steht mehrmals; es gilt nur der letzte Wert »{self.options.get(key)}«.",
                self._where(key),
            )
        self.misspelt: dict[str, str] = {}  # meant option: the option as written
        for key, value in self.options.items():
            if key in OPTIONS:
                continue
            shown = f" (Wert »{value}«)" if value else ""
            meant = meant_option(key, [name for name in OPTIONS if name not in self.options])
            if meant:
                self.misspelt.setdefault(meant, key)
                until = UNTIL_FIXED.get(meant, "bis dahin wird der Wert nicht angezeigt")
                message = (
                    f"Unbekannte Angabe :{key}:{shown}; gemeint ist wohl :{meant}:. Bitte in :{meant}: ändern; {until}."
                )
            else:
                allowed = ", ".join(f":{name}:" for name in OPTIONS)
                message = f"Unbekannte Angabe :{key}:{shown} wird nicht angezeigt; erlaubt sind {allowed}."
            warn("option", message, self._where(key))

    @property
    def title_source(self) -> str:
        return self.arguments[0].strip() if self.arguments else ""

    def _translate_title(
        self, german: list[nodes.Node], text: str, messages: list[nodes.system_message]
    ) -> tuple[list[nodes.Node], str, list[nodes.system_message]]:
        """Another edition: the title from the year's catalogue, else the German one (marked)."""
        self.title_in_german = False
        if not translating(self.config) or not self.title_source:
            return german, text, messages
        if "kok-catalogue" not in self.env.current_document:
            self.env.current_document["kok-catalogue"] = translation.messages(self.env, self.env.docname)
        shown = translated(self.env.current_document["kok-catalogue"], self.title_source)
        if shown is None:
            self.title_in_german = True
            return german, text, messages
        return self._title(shown)

    def _title(self, text: str) -> tuple[list[nodes.Node], str, list[nodes.system_message]]:
        """The title's nodes, its plain text, and MyST's own messages about it
        (reported beside the event, never inside its title, anchor or search entry)."""
        if not text:
            warn("title", "Das Ereignis hat keinen Titel (Text nach {kok-event}).", self._where())
            return [nodes.Text("Ohne Titel")], "Ohne Titel", []
        parsed, messages = self.parse_inline(text, lineno=self.lineno)
        holder = nodes.inline("", "", *parsed)
        for message in list(holder.findall(nodes.system_message)):
            message.parent.remove(message)
            messages.append(message)
        links = [node for node in holder.findall() if isinstance(node, LINKS)]
        if links:  # the title already links to the event itself; links cannot nest
            warn(
                "title",
                "Links, Verweise und Fußnoten im Titel sind nicht möglich; ihr Text bleibt, der Link entfällt. "
                "Den Link bitte unter :link: angeben.",
                self._where(),
            )
        for link in reversed(links):  # innermost first; ids stay, e.g. a footnote's way back
            children = link.children or [nodes.Text(link.astext())]
            link.replace_self(nodes.inline("", "", *[child.deepcopy() for child in children], ids=link["ids"]))
        make_safe(holder, self._where(), node_lines=False)  # the title is on the directive line
        repair(holder, self._where(), node_lines=False)  # before astext(): the record keeps the stars
        return list(holder.children), holder.astext(), messages

    def _date(self) -> EventDate | None:
        raw = self.options.get("date")
        if raw is None and "date" in self.misspelt:  # warned about once, at the misspelt option
            return None
        if raw is None:
            warn("date", "Das Ereignis hat kein :date:; es steht unter »Ohne gültiges Datum«.", self._where())
            return None
        year = review_year(self.env.docname)
        try:
            value = parse_date(raw, year)
        except DateError as error:
            warn("date", f"{error} Das Ereignis steht unter »Ohne gültiges Datum«.", self._where("date"))
            return None
        if year is not None and not within_review(value, year):
            when = full_date(value, SOURCE_LANGUAGE)  # warnings are for staff: German
            written = f"»{raw.strip()}«" if raw.strip() == when else f"»{raw.strip()}« ({when})"
            warn(
                "year",
                f"{written} liegt außerhalb des Jahresrückblicks {year} "
                f"(Dezember {year - 1} bis Dezember {year}). Bitte die Jahreszahl prüfen, ein übrig gebliebenes "
                "Beispiel löschen oder das Ereignis in die Datei seines Jahres verschieben. Es wird trotzdem gezeigt.",
                self._where("date"),
            )
        return value

    def _category(self) -> str | None:
        known = categories(self.config)
        raw = (self.options.get("category") or "").strip()
        if raw.lower() in known:
            return raw.lower()
        if not raw and "category" in self.misspelt:  # warned about once, at the misspelt option
            return None
        allowed = ", ".join(known)
        close = difflib.get_close_matches(raw.lower(), list(known), n=1, cutoff=0.6)
        meant = f"; gemeint ist wohl »{close[0]}«" if close else ""
        problem = f"Unbekannte Kategorie »{raw}«{meant}" if raw else "Das Ereignis hat keine :category:"
        warn("category", f"{problem}; erlaubt sind {allowed}.", self._where("category" if raw else None))
        return None

    def _names(self, option: str) -> list[str]:
        raw = self.options.get(option)
        if raw is None:
            return []
        names, skipped = split_names(raw)
        if skipped:
            warn(
                "option",
                f":{option}: enthält einen leeren Eintrag (zwei »;« hintereinander oder »;« am Ende).",
                self._where(option),
            )
        return names

    def _link(self) -> str:
        raw = (self.options.get("link") or "").strip()
        if not raw:
            if "link" in self.options:
                warn("link", ":link: ist leer.", self._where("link"))
            return ""
        if not is_web_address(raw):
            warn(
                "link",
                f"»{raw}« ist keine vollständige Adresse (https://…); sie wird als Text gezeigt.",
                self._where("link"),
            )
        return raw

    def _anchor(self, date: EventDate | None, title: str) -> str:
        explicit = (self.options.get("id") or "").strip()
        if explicit:
            anchor = normalize_anchor(explicit)
            if anchor != explicit:
                warn(
                    "id",
                    f":id: »{explicit}« ist keine gültige ID; verwendet wird »{anchor}« "
                    "(Kleinbuchstaben, Ziffern und Bindestriche, beginnend mit einem Buchstaben).",
                    self._where("id"),
                )
            if is_reserved(anchor):
                warn(
                    "id",
                    f":id: »{anchor}« ist für die Monatsabschnitte reserviert; verwendet wird »kok-{anchor}«.",
                    self._where("id"),
                )
                anchor = f"kok-{anchor}"
        else:
            if "id" in self.options:
                warn("id", ":id: ist leer; die ID wird aus Datum und Titel gebildet.", self._where("id"))
            anchor = auto_anchor(date, title)
        ids = self.state.document.ids
        if not explicit and anchor in ids:
            other = self.domain.event_by_anchor(self.env.docname, anchor)
            if other and other.title != title:  # same date and title: kok.duplicate says so
                warn(
                    "id",
                    f"»{title}« ergibt dieselbe ID wie »{other.title}« (Zeile {other.lineno}); "
                    "bitte mit :id: eine eigene, dauerhafte ID angeben.",
                    self._where(),
                )
        if explicit and anchor in ids:
            other = self.domain.event_by_anchor(self.env.docname, anchor)
            where = f" (Zeile {other.lineno})" if other else ""
            warn("duplicate", f"Die ID »{anchor}« ist auf dieser Seite schon vergeben{where}.", self._where("id"))
        unique, number = anchor, 2
        while unique in ids:
            unique, number = f"{anchor}-{number}", number + 1
        return unique

    # -- rendering ------------------------------------------------------

    def _details(self) -> nodes.container | None:
        """The body, in full MyST, made safe."""
        if not self.content:
            return None
        details = nodes.container(classes=["kok-event-details"])
        details += self.parse_content_to_nodes()
        for comment in list(details.findall(nodes.comment)):  # % lines: notes for authors, never published
            comment.parent.remove(comment)
        make_safe(details, self._where())
        repair(details, self._where())
        return details

    def _render(
        self, event: Event, title_nodes: list[nodes.Node], details: nodes.container | None
    ) -> kok_nodes.kok_event:
        """The event as stored: its facts, title and details; the markup around them is made
        when the page is written (``event_markup``; ``nodes.compact`` makes it), so no read transform walks it."""
        category = categories(self.config).get(event.category or "")
        key = category.key if category else "none"
        date_text = format_short(event.date) if event.date else event.raw_date
        facts: dict[str, str | list[str] | bool] = {
            "kok-date": date_text,
            "kok-datetime": machine_date(event.date) if date_text else "",
            "kok-category": key,
            "kok-label": category.label if category else "Ohne Kategorie",
            "kok-orgs": list(event.orgs),
            "kok-persons": list(event.persons),
            "kok-link": event.link,
            "kok-web": is_web_address(event.link) if event.link else False,
        }
        classes = ["kok-event-title", *([FALLBACK_CLASS] if self.title_in_german else [])]
        title = nodes.paragraph("", "", *title_nodes, classes=classes)
        node = kok_nodes.compact(event.anchor, ["kok-event", f"kok-category-{key}"], title, details, facts)
        node[TITLE_SOURCE] = self.title_source
        self.set_source_info(node)
        self.state.document.note_explicit_target(node)  # after setting ids: keeps ours
        return node


def meant_option(written: str, missing: list[str]) -> str | None:
    """The option a misspelt one most likely means, among those not written: ``:catgory:`` →
    ``category``, ``:Datum:`` → ``date``. A merely similar word (``:ort:``, a place) is no typo of ``:org:``."""
    lower = written.lower()
    german = GERMAN_OPTIONS.get(lower)
    if german:
        return german if german in missing else None
    close = difflib.get_close_matches(lower, missing, n=1, cutoff=0.75)
    return close[0] if close else None


def option_line(directive: SphinxDirective, option: str) -> int:
    """The source line of an option, for precise warnings."""
    for offset, line in enumerate(directive.block_text.splitlines()):
        if line.strip().startswith(f":{option}:"):
            return directive.lineno + offset
    return directive.lineno


@functools.lru_cache(maxsize=8)
def _read_lines(path: str, stamp: int) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8-sig", errors="replace").splitlines())


def source_lines(path: str | Path) -> tuple[str, ...]:
    """A page's source lines, read once per version of the file (each event looks at them)."""
    try:
        return _read_lines(str(path), os.stat(path).st_mtime_ns)
    except OSError:
        return ()
