"""Reading the extracted text: paragraphs become items, month labels, page breaks, foreword and funding notice.

The extraction lost the layout but not the order within a page: a page is the run of items between a legend or
other non-item text and its month label (which closes the page), see ``placement.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.dates import get_month_names

from .printed_dates import PrintedDate, split_date
from .text import join_lines, normalise

# from Babel, as the archive's month names (there through Sphinx, which the importer does without)
MONTHS = tuple(get_month_names("wide", locale="de")[month] for month in range(1, 13))
_MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(MONTHS, 1)}
LEGEND = frozenset({"VERANSTALTUNG", "POLITIK", "PUBLIKATION", "SONSTIGES"})  # each page's category columns
_LABEL = re.compile(r"(\w+)\s+(\d{4})")
REVIEW_TITLE = re.compile(r"jahresr(?:ü|ue)ckblick\s+(\d{4})", re.IGNORECASE)
# the cover: the KOK's name and the title, which are no items
_HEADERS = (re.compile(r"bundesweiter koordinierungskreis gegen menschenhandel(?: e\.\s?v\.)?", re.IGNORECASE),)
_SALUTATION = re.compile(r"(?:liebe|lieber|sehr geehrte)\b.*,", re.IGNORECASE)
_FUNDING = re.compile(r"(?P<who>.*?)\s*wird\s+gefördert\s+(?P<prep>vom|von der|von|durch)\b\s*(?P<rest>.*)", re.I)
_HARD_BREAK = ("  ", "\\")  # Markdown line break: the line ends here, whatever follows is a new part
_ESCAPED_STAR = "\x00"  # \* hidden while ** is read as bold (clean() has removed any NUL of the text)
_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\r?\n[ \t]*")  # Asyl<soft hyphen><line break>rechtsreform: one word
_INVISIBLE = re.compile(r"[\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

# In the pages without bold, title and details stand on one line. Where details begin, as a table:
# a detail opener (a word that starts the details in the reviews) or a comma before a clause with a verb.
DETAIL_OPENERS = ("Input", "Austausch", "Herausgegeben", "Schwerpunktthema", "Gemeinsame Erklärung")
_OPENER = re.compile(r" (?=(?:" + "|".join(DETAIL_OPENERS) + r")\b)")
_CLAUSE = re.compile(r", (?=[A-ZÄÖÜ][^,»«]*?\b(?:wird|werden|ist|sind|war|waren|hat|haben)\b)")


@dataclass
class Item:
    position: int  # paragraph number in the text: the order of the extraction
    date: PrintedDate | None
    title: str
    details: list[str] = field(default_factory=list)  # paragraphs
    split_rule: str = ""  # set when title and details were separated by a rule, for the review


@dataclass(frozen=True)
class Label:
    year: int
    month: int


@dataclass(frozen=True)
class PageBreak:
    what: str  # legend, header, foreword, funding


Block = Item | Label | PageBreak


@dataclass
class Extraction:
    blocks: list[Block] = field(default_factory=list)
    foreword: list[str] = field(default_factory=list)  # paragraphs
    signature: str = ""
    funding: str = ""
    review_year: int | None = None


def paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs, as lists of lines (trailing spaces kept: they mark line breaks)."""
    result: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def is_legend(text: str) -> bool:
    """The category columns of a page, one to a line or all on one (also in bold)."""
    words = text.replace("*", " ").split()
    return bool(words) and all(word in LEGEND for word in words)


def label_of(text: str) -> Label | None:
    match = _LABEL.fullmatch(text)
    if match and match[1].casefold() in _MONTH_NUMBERS and int(match[2]) >= 1000:
        return Label(int(match[2]), _MONTH_NUMBERS[match[1].casefold()])
    return None


def clean(text: str) -> str:
    """The text without what an extraction adds invisibly: byte order marks (also of pasted parts), soft hyphens
    (a break inside a word, which the print does not show) and control characters. A form feed ends a page
    (pdftotext), so it ends a paragraph."""
    text = _SOFT_BREAK.sub("", text.replace("\f", "\n\n").replace("\v", "\n"))
    return _INVISIBLE.sub("", text)


def extract(text: str) -> Extraction:
    result = Extraction()
    text = clean(text)
    paras = paragraphs(text)
    # the title as a paragraph of its own; an item may name another year's review ("Jahresrückblick 2019 …")
    titles = [found for lines in paras if (found := REVIEW_TITLE.fullmatch(join_lines(lines).strip("*# ")))]
    found = titles[0] if titles else REVIEW_TITLE.search(text)
    result.review_year = int(found[1]) if found else None
    index = 0
    bold: Item | None = None  # the bold item just read: plain text after it is its details
    while index < len(paras):
        lines = paras[index]
        joined = join_lines(lines)
        index += 1
        if is_legend(joined):
            result.blocks.append(PageBreak("legend"))
        elif (label := label_of(joined)) is not None:
            result.blocks.append(label)
        elif REVIEW_TITLE.fullmatch(joined.strip("*# ")) or any(h.fullmatch(joined) for h in _HEADERS):
            result.blocks.append(PageBreak("header"))
        elif _SALUTATION.fullmatch(joined):
            # a repeated foreword page is read and dropped, like any repeated block: the first one stays
            index = _read_foreword(paras, index - 1, result if not result.foreword else Extraction())
            result.blocks.append(PageBreak("foreword"))
        elif (funding := _FUNDING.fullmatch(joined)) is not None:
            rest = funding["rest"]
            if not rest and index < len(paras):
                rest = join_lines(paras[index])
                index += 1
            who = funding["who"] if funding["who"].casefold() not in ("", "der kok") else "Der KOK"
            result.funding = normalise(f"{who} wird gefördert {funding['prep'].lower()} {rest}").rstrip(".") + "."
            result.blocks.append(PageBreak("funding"))
        elif lines[0].lstrip().startswith("**"):
            item = _bold_item(index - 1, lines)
            if not (item.date or item.title or item.details):
                continue  # "****": bold without text
            result.blocks.append(item)
        elif bold is not None and result.blocks[-1] is bold and split_date(joined)[0] is None:
            bold.details.append(normalise(joined))
            continue
        else:
            result.blocks.append(_plain_item(index - 1, lines))
        last = result.blocks[-1] if result.blocks else None
        bold = last if isinstance(last, Item) and lines[0].lstrip().startswith("**") else None
    return result


def _ends_part(line: str) -> bool:
    return line.endswith(_HARD_BREAK) and not line.rstrip().endswith("-")


def _plain_item(position: int, lines: list[str]) -> Item:
    """An item without bold: title up to the first line break, details after it (or split by the rules)."""
    end = next((n for n, line in enumerate(lines, 1) if _ends_part(line)), len(lines))
    date, title = split_date(join_lines(lines[:end]))
    details = [join_lines(lines[end:])] if lines[end:] else []
    title, rest, rule = split_title(title)
    if rest:
        details.insert(0, rest)
    return Item(position, date, normalise(title), [normalise(d) for d in details if d], rule)


def split_title(text: str) -> tuple[str, str, str]:
    """Title, details and the rule that told them apart, for a one-line item."""
    candidates: list[tuple[int, int, str]] = []
    for pattern, rule in ((_OPENER, "Einleitungswort"), (_CLAUSE, "Nebensatz nach Komma")):
        for match in pattern.finditer(text):
            before = text[: match.start()]
            if match.start() > 0 and before.count("»") == before.count("«"):  # not inside a quoted title
                candidates.append((match.start(), match.end(), rule))
                break
    if not candidates:
        return text, "", ""
    start, end, rule = min(candidates)
    return text[:start].rstrip(" ,"), text[end:].strip(), rule


def _bold_item(position: int, lines: list[str]) -> Item:
    """``**date title**`` and, after the bold, the item's details."""
    text = "\n".join(lines).replace("\\*", _ESCAPED_STAR).lstrip()[2:]
    inside, _, after = text.partition("**")
    date, title = split_date(join_lines(inside.split("\n")))
    after_lines = [line for line in after.split("\n") if line.strip()]
    details = [join_lines(after_lines)] if after_lines else []

    def restore(value: str) -> str:
        return normalise(value.replace(_ESCAPED_STAR, "\\*"))

    return Item(position, date, restore(title), [restore(d) for d in details])


def _read_foreword(paras: list[list[str]], start: int, result: Extraction) -> int:
    """The foreword from its salutation to the signature; a paragraph that starts in lower case continues
    the one before (a page or column break of the print). Returns the index after it."""
    index = start
    texts: list[str] = []
    while index < len(paras):
        lines = paras[index]
        joined = join_lines(lines)
        starts_item = lines[0].lstrip().startswith("**") or split_date(joined)[0] is not None
        if index > start and (
            starts_item
            or is_legend(joined)
            or label_of(joined)
            or _FUNDING.fullmatch(joined)
            or any(h.fullmatch(joined) for h in _HEADERS)
        ):
            break
        if len(texts) > 1 and joined[:1].islower():  # never onto the salutation
            texts[-1] = f"{texts[-1]} {joined}"
        else:
            texts.append(joined)
        index += 1
    last = texts[-1] if len(texts) > 1 else ""
    if last and len(last) < 100 and not last.rstrip("*").endswith((".", "!", "?", ":", ",")):
        result.signature = normalise(last.strip("*"))
        texts.pop()
    result.foreword = [normalise(t) for t in texts]
    return index
