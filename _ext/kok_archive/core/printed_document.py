"""The printed yearly review as one HTML document for WeasyPrint: a cover, the foreword,
a page per month with the legend, the funding notice. Pure: records and docutils nodes in,
text out; every text escaped, only known nodes rendered, links only to web addresses."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from docutils import nodes

from ..nodes import is_comment
from .model import is_web_address

STYLESHEET = Path(__file__).with_name("printed.css")  # not in static/: no part of the site

# a reference to a page or event of the archive: its public address, or "" (text without link)
Resolver = Callable[[nodes.Element], str]
Word = Callable[[str], str]  # the edition's word for a German one


def no_addresses(node: nodes.Element) -> str:
    return ""


@dataclass(frozen=True)
class PrintedEvent:
    date: str  # as printed: 16./17.1.; empty for a month-only date
    category: str  # the key, for its colour
    label: str
    title: str
    orgs: tuple[str, ...]
    persons: tuple[str, ...]
    details: str  # HTML, made from the doctree
    link: str  # a web address, or empty
    address: str = ""  # the event in the archive online; empty without a public address
    german_title: bool = False  # another edition: the title has no translation


@dataclass(frozen=True)
class PrintedYear:
    title: str  # Jahresrückblick 2020
    publisher: str  # the KOK's full name (``author`` in conf.py)
    period: str  # Dezember 2019 bis November 2020; empty without dated events
    foreword: tuple[str, ...]  # HTML blocks
    funding: tuple[str, ...]
    months: tuple[tuple[str, tuple[PrintedEvent, ...]], ...]  # heading, events in page order
    legend: tuple[tuple[str, str], ...] = ()  # (key, label) of each category, in their order
    language: str = "de"  # the edition's; untranslated blocks say lang="de" themselves
    words: tuple[tuple[str, str], ...] = ()  # another edition: its word for each of WORDS


PAGE_OF = "Seite {page} von {pages}"  # the page footer of printed.css
# what the document says itself, in German; another edition gives its own (``PrintedYear.words``)
WORDS = ("Vorwort", "Kategorien", "Organisationen", "Personen", "Mehr dazu:", "Noch keine Ereignisse.", PAGE_OF)


# -- doctree to HTML: known nodes only, every text escaped ------------------------------

NO_BREAK_AFTER = re.compile(r"(§§?|Art\.|Abs\.|Nr\.) ")  # "§ 62c" never ends a line at "§"


def text(value: str) -> str:
    """Escaped, with the no-break spaces of German typesetting."""
    return NO_BREAK_AFTER.sub(lambda match: match[1] + "\u00a0", escape(value))


def block_html(node: nodes.Node, resolve: Resolver = no_addresses) -> str:
    if isinstance(node, (nodes.Invisible, nodes.system_message)) or is_comment(node):
        return ""
    if isinstance(node, nodes.paragraph):
        signature = len(node.children) == 1 and isinstance(node[0], nodes.emphasis)
        opening = '<p class="signature"' if signature else "<p"  # the foreword's closing name
        return f"{opening}{_lang(node)}>{inline_html(node, resolve)}</p>"
    if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
        tag = "ul" if isinstance(node, nodes.bullet_list) else "ol"
        items = "".join(f"<li>{''.join(block_html(c, resolve) for c in item.children)}</li>" for item in node.children)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(node, nodes.block_quote):
        return f"<blockquote>{''.join(block_html(c, resolve) for c in node.children)}</blockquote>"
    if isinstance(node, nodes.Element) and not isinstance(node, nodes.TextElement):
        return "".join(block_html(child, resolve) for child in node.children)
    plain = node.astext().strip()
    return f"<p>{text(plain)}</p>" if plain else ""


GERMAN = ' lang="de"'


def _lang(node: nodes.Element) -> str:
    """Another edition: a text without translation says it is German (translation.FALLBACK_CLASS)."""
    return GERMAN if "language-de" in node["classes"] else ""


INLINE_TAGS: dict[type[nodes.Node], str] = {nodes.emphasis: "em", nodes.strong: "strong", nodes.literal: "code"}


def inline_html(node: nodes.Node, resolve: Resolver = no_addresses) -> str:
    if isinstance(node, nodes.Text):
        return text(node.astext())
    inner = "".join(inline_html(child, resolve) for child in node.children)
    tag = INLINE_TAGS.get(type(node))
    if tag:
        return f"<{tag}>{inner}</{tag}>"
    if isinstance(node, nodes.reference) and is_web_address(node.get("refuri", "")):
        return _link(node["refuri"], inner)
    if isinstance(node, nodes.Element):
        address = resolve(node)  # never a local file or a page of the local build
        if is_web_address(address):
            return _link(address, inner)
    return inner


def _link(address: str, inner: str) -> str:
    return f'<a href="{escape(address)}">{inner}</a>'


# -- the printed document ------------------------------------------------------------


def to_html(year: PrintedYear, colours: str) -> str:
    """The whole review as one HTML document for WeasyPrint."""
    shown = dict(year.words)

    def word(german: str) -> str:
        return shown.get(german, german)

    legend = _legend(year.legend, word)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{escape(year.language)}"><head><meta charset="utf-8">',
        f"<title>{escape(year.title)}</title>",
        f'<meta name="author" content="{escape(year.publisher)}">',
        f"<style>{colours}{STYLESHEET.read_text(encoding='utf-8')}{_footer(word(PAGE_OF))}</style></head><body>",
        *_cover(year),
        *_section("foreword", word("Vorwort"), year.foreword),
        *(_month(heading, events, legend, word, year.legend) for heading, events in year.months),
    ]
    if not year.months:
        parts.append(f'<section class="month"><p class="empty">{escape(word("Noch keine Ereignisse."))}</p></section>')
    parts += _section("funding", "", year.funding)
    return "".join([*parts, "</body></html>\n"])


def _footer(pattern: str) -> str:
    """Another edition's page footer, as CSS over printed.css's German one."""
    if pattern == PAGE_OF:
        return ""
    parts = re.split(r"(\{pages?\})", pattern)
    content = " ".join(
        f"counter({part[1:-1]})" if part in ("{page}", "{pages}") else json.dumps(part, ensure_ascii=False)
        for part in parts
        if part
    )
    return f"@page {{ @bottom-center {{ content: {content}; }} }}"


def _legend(categories: Iterable[tuple[str, str]], word: Word) -> str:
    """As on every page of the printed review: the categories in their colours."""
    items = " ".join(
        f'<span class="category kok-category-{escape(key)}">{escape(label)}</span>' for key, label in categories
    )
    return f'<p class="legend"><span class="label">{escape(word("Kategorien"))}:</span> {items}</p>' if items else ""


def _cover(year: PrintedYear) -> Iterator[str]:
    yield f'<section class="cover"><h1>{text(year.title)}</h1>'
    if year.period:
        yield f'<p class="period">{text(year.period)}</p>'
    yield f'<p class="publisher">{text(year.publisher)}</p></section>'


def _section(kind: str, heading: str, blocks: Iterable[str]) -> Iterator[str]:
    blocks = list(blocks)
    if blocks:
        yield f'<section class="{kind}">'
        if heading:
            yield f"<h2>{escape(heading)}</h2>"
        yield from blocks
        yield "</section>"


def _month(
    heading: str, events: Iterable[PrintedEvent], legend: str, word: Word, columns: tuple[tuple[str, str], ...] = ()
) -> str:
    """A month on its page: as in the printed review, the categories side by side in their colours
    when every column fits the page legibly; else one list under the legend."""
    events = list(events)
    if columns and fits_in_columns(events, [key for key, _ in columns]):
        cells = "".join(
            f'<div class="column kok-category-{escape(key)}"><p class="column-head">{escape(label)}</p>'
            + "".join(_event(event, word) for event in events if event.category == key)
            + "</div>"
            for key, label in columns
        )
        return f'<section class="month columns"><h2>{escape(heading)}</h2><div class="grid">{cells}</div></section>'
    body = "".join(_event(event, word) for event in events)
    return f'<section class="month"><h2>{escape(heading)}</h2>{legend}{body}</section>'


COLUMN_CHARACTERS = 24  # what a quarter of the A4 text width holds in a line at the columns' 8.5pt (printed.css)
COLUMN_LINES = 44  # lines below the month's name, with room to spare: a column never runs onto a second page


def fits_in_columns(events: list[PrintedEvent], keys: list[str]) -> bool:
    """Whether the month fits one page with a column per category: each event's lines estimated
    from its text (a long word takes a line of its own), plus its date line and a gap."""
    if any(event.category not in keys for event in events):  # no column for an event without category
        return False
    lines = dict.fromkeys(keys, 0)
    for event in events:
        texts = [event.title, "; ".join(event.orgs), "; ".join(event.persons), re.sub(r"<[^>]+>", " ", event.details)]
        lines[event.category] += 2 + sum(_lines(text) for text in texts if text.strip()) + (2 if event.link else 0)
    return max(lines.values(), default=0) <= COLUMN_LINES


def _lines(text: str) -> int:
    """Lines a text takes in a column, wrapping at spaces; a word longer than a line takes its own."""
    count, used = 1, 0
    for part in text.split():
        if used and used + 1 + len(part) > COLUMN_CHARACTERS:
            count, used = count + 1, 0
        used += (1 if used else 0) + len(part)
        while used > COLUMN_CHARACTERS:
            count, used = count + 1, used - COLUMN_CHARACTERS
    return count


def _label(word: str, colon: str = ":") -> str:
    return f'<span class="label">{escape(word)}{colon}</span>'


def _event(event: PrintedEvent, word: Word) -> str:
    date = f'<span class="date">{escape(event.date)}</span> ' if event.date else ""
    title = _link(event.address, text(event.title)) if event.address else text(event.title)
    parts = [
        '<article class="event">',
        f'<p class="meta">{date}<span class="category kok-category-{escape(event.category)}">'
        f"{escape(event.label)}</span></p>",
        f"<h3{GERMAN if event.german_title else ''}>{title}</h3>",
    ]
    if event.orgs:
        parts.append(
            f'<p><span class="label">{escape(word("Organisationen"))}:</span> {text("; ".join(event.orgs))}</p>'
        )
    if event.persons:
        parts.append(f"<p>{_label(word('Personen'))} {text('; '.join(event.persons))}</p>")
    parts.append(event.details)
    if event.link:
        link = escape(event.link)
        parts.append(
            f'<p class="link"><span class="label">{escape(word("Mehr dazu:"))}</span> <a href="{link}">{link}</a></p>'
        )
    return "".join([*parts, "</article>"])
