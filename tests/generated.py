"""Year files as staff write them, generated with hypothesis: every construct the staff guide
(docs/anleitung/) allows, so that the tests of the real site hold for content nobody here wrote.

Twice a real year written by a staff member turned CI red: once with ordinary inline links in an
event's text, which ``years/2020.md`` happens not to have. A generated year uses each construct of
``CONSTRUCTS`` at least once (one event features it) and mixes them at random in further events.
A construct the guide gains gets an entry in ``CONSTRUCTS`` and a place in a strategy below;
``tests/test_generated.py`` fails while one is unused (docs/entwicklung/tests.md#das-erzeugte-jahr).

Everything generated is valid: a strict build of it must pass without a warning. (Invalid input is
``tests/test_properties.py``'s business.)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from kok_archive.core.model import slugify
from kok_archive.core.organisations import entry_to_paste

# Construct -> the page and heading of the staff guide that documents it (tests/test_docs.py checks the anchors).
EVENT = "docs/anleitung/ereignisse.md#ein-ereignis-eintragen"
DATES = "docs/anleitung/ereignisse.md#datumsangaben"
CATEGORY_KEYS = "docs/anleitung/ereignisse.md#kategorien"
SPELLINGS = "docs/anleitung/organisationen.md#schreibweisen-unter-org"
NEW_ORG = "docs/anleitung/organisationen.md#ein-name-der-nicht-eingetragen-ist"
REFERENCES = "docs/anleitung/jahresseiten.md#verweise"
NOTES = "docs/anleitung/jahresseiten.md#wo-die-zeitleiste-steht"
HTML = "docs/anleitung/warnungen.md#kokhtml"
CONSTRUCTS = {
    "title-emphasis": f"{EVENT} (Titel: *kursiv*)",
    "title-bold": f"{EVENT} (Titel: Markdown-Auszeichnung)",
    "title-stars": f"{EVENT} (Gendersternchen)",
    "title-escaped-star": f"{EVENT} (Gendersternchen als \\*)",
    "title-quotes": f"{EVENT} („…“ und »…« im Titel)",
    "title-ampersand": f"{EVENT} (& im Titel)",
    "title-long": f"{EVENT} (lange Titel)",
    "title-non-latin": f"{EVENT} (Namen in anderen Schriften)",
    "details-link": f"{EVENT} (Text: Links wie [Stellungnahme](https://…))",
    "details-link-in-parentheses": f"{EVENT} (Text: ([Einschätzung des KOK](https://…)))",
    "details-emphasis": f"{EVENT} (Text: **fett**, *kursiv*)",
    "details-list": f"{EVENT} (Text: Aufzählungen)",
    "details-numbered-list": f"{EVENT} (Text: nummerierte Aufzählungen)",
    "details-blockquote": f"{EVENT} (Text: ganz normales Markdown, > Zitat)",
    "details-quotes": f"{EVENT} (Text: „…“ und »…«)",
    "details-stars": f"{EVENT} (Gendersternchen, mehrere in einem Absatz)",
    "details-paragraphs": f"{EVENT} (Text: Absätze)",
    "details-note": f"{NOTES} (%-Notiz im Ereignis, nicht veröffentlicht)",
    "details-event-reference": f"{REFERENCES} ({{kok:event}} und [Text](#id))",
    "date-iso-day": DATES,
    "date-iso-span": DATES,
    "date-iso-span-month-end": DATES,
    "date-iso-days": DATES,
    "date-iso-days-months": DATES,
    "date-month-only": DATES,
    "date-print-day": DATES,
    "date-print-span": DATES,
    "date-print-span-hyphen": DATES,
    "date-print-span-month-end": DATES,
    "date-print-days": DATES,
    "date-print-three-days": DATES,
    "date-new-year-iso": f"{DATES} (über den Jahreswechsel)",
    "date-new-year-print": f"{DATES} (über den Jahreswechsel)",
    "date-december-before": f"{DATES} (Dezember des Vorjahres)",
    "category-capitalised": f"{CATEGORY_KEYS} (Politik geht auch)",
    "org-registered-name": SPELLINGS,
    "org-registered-short": f"{SPELLINGS} (Abkürzung)",
    "org-registered-alias": f"{SPELLINGS} (andere Schreibweise, auch)",
    "org-new": f"{NEW_ORG} (neue Organisation, ins Verzeichnis eingefügt)",
    "org-new-with-comma": f"{EVENT} (Namen dürfen Kommas enthalten)",
    "org-new-with-hash": f"{EVENT} (# in einer Angabe, in Anführungszeichen)",
    "org-several": f"{EVENT} (mehrere Namen durch ;)",
    "person": f"{EVENT} (:person:)",
    "person-several": f"{EVENT} (Nachname, Vorname; mehrere)",
    "link": f"{EVENT} (:link:)",
    "id": f"{EVENT} (:id:)",
    "html-comment": f"{HTML} (HTML-Kommentar zwischen Ereignissen, mit einem verborgenen Ereignis)",
    "note-between-events": f"{NOTES} (%-Notiz zwischen Ereignissen)",
}

# what the published site must never show
NOTE = "interne Notiz"
HIDDEN_TITLE = "Entwurf: nicht freigegeben"

TOPICS = [
    "Menschenhandel",
    "Arbeitsausbeutung",
    "Fachberatungsstellen",
    "Zwangsprostitution",
    "Opferschutz",
    "Istanbul-Konvention",
    "Bundeslagebild",
    "Aufenthaltsrecht",
    "Entschädigung",
    "Datenschutz",
    "Kinderhandel",
    "Lieferketten",
    "Saisonarbeit",
    "Identifizierung Betroffener",
]
LEADS = [
    "Fachtag zu",
    "Stellungnahme des KOK zu",
    "Veröffentlichung des Berichts zu",
    "Schulung zu",
    "Fachgespräch über",
    "Konferenz zu",
    "Kampagne gegen",
    "Online-Austausch zu",
    "Anhörung im Bundestag zu",
]
NON_LATIN = ["Ла Страда Україна", "中文资料", "العربية", "Ελληνικά", "עברית", "Naile Tanış"]
CITIES = ["Hamburg", "Leipzig", "Köln", "Görlitz", "Saarbrücken", "Würzburg", "Rostock", "Freiburg im Breisgau"]
PERSONS = ["Sophia Wirsching", "Wirsching, Sophia", "Naile Tanış", "Олена Петренко", "Dr. Marie-Luise Bäcker"]
URLS = [
    "https://www.kok-gegen-menschenhandel.de/",
    "https://www.kok-gegen-menschenhandel.de/presse/stellungnahmen?jahr=2022&thema=arbeit",
    "https://example.org/bericht_2022.pdf",
    "https://www.bundestag.de/dokumente/textarchiv/2022/kw12-de-menschenhandel-123456",
]
CATEGORIES = ["veranstaltung", "politik", "publikation", "sonstiges"]


@dataclass
class Event:
    title: str
    date: str
    category: str
    orgs: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    link: str = ""
    anchor: str = ""
    details: list[str] = field(default_factory=list)  # blocks, separated by blank lines

    def markdown(self) -> str:
        lines = [f":::{{kok-event}} {self.title}", f":date: {self.date}", f":category: {self.category}"]
        # a value with # is quoted whole, or the rest is a comment (docs/anleitung/ereignisse.md#ein-ereignis-eintragen)
        if self.orgs:
            orgs = "; ".join(self.orgs)
            lines.append(f':org: "{orgs}"' if "#" in orgs else f":org: {orgs}")
        if self.persons:
            lines.append(":person: " + "; ".join(self.persons))
        if self.link:
            lines.append(f":link: {self.link}")
        if self.anchor:
            lines.append(f":id: {self.anchor}")
        if self.details:
            lines += ["", "\n\n".join(self.details)]
        return "\n".join([*lines, ":::"])


@dataclass
class GeneratedYear:
    year: int
    text: str  # the year file
    new_organisations: list[str]  # to paste into the registry
    events: int  # published events
    constructs: set[str]  # those used

    def registry_entries(self) -> str:
        return "".join(f"\n{entry_to_paste(name)}\n" for name in self.new_organisations)


def registered_spellings(registry: Path) -> tuple[list[str], list[str], list[str]]:
    """Names, abbreviations and other spellings of the registry, as :org: may write them."""
    entries = tomllib.loads(registry.read_text(encoding="utf-8")).get("organisation", [])
    names = [entry["name"] for entry in entries]
    shorts = [entry["kurz"] for entry in entries if entry.get("kurz")]
    aliases = [alias for entry in entries for alias in entry.get("auch", [])]
    return names, shorts, aliases


# -- the pieces ------------------------------------------------------------------------------


def _title(kind: str, lead: str, topic: str, other: str) -> str:
    return {
        "plain": f"{lead} {topic}",
        "title-emphasis": f"{lead} *{topic}*",
        "title-bold": f"{lead} **{topic}**",
        "title-stars": f"Schulung von Berater*innen und Polizist*innen zu {topic}",
        "title-escaped-star": f"Treffen der Kolleg\\*innen zu {topic}",
        "title-quotes": f"Fachtagung „{topic}“ und Kampagne »{other}«",
        "title-ampersand": f"{topic} & {other}: gemeinsamer Fachtag",
        "title-long": f"{lead} {topic}, " + ", ".join([other, "Betroffenenrechten", "Beratung"] * 6) + " und mehr",
        "title-non-latin": f"{lead} {topic} mit {NON_LATIN[len(topic) % len(NON_LATIN)]}",
    }[kind]


TITLE_KINDS = ["plain", *(c for c in CONSTRUCTS if c.startswith("title-"))]


def _details(kind: str, topic: str, url: str, target: str) -> list[str]:
    return {
        "details-link": [f"Die [Stellungnahme zu {topic}]({url}) ist online."],
        "details-link-in-parentheses": [f"Der KOK hat sich geäußert ([Einschätzung des KOK]({url}))."],
        "details-emphasis": [f"Ein **wichtiger** Schritt für den *{topic}*-Schutz."],
        "details-list": [f"Themen waren:\n\n- {topic}\n- Beratung von Betroffenen\n- Finanzierung"],
        "details-numbered-list": [f"Ablauf:\n\n1. Begrüßung\n2. Vortrag zu {topic}\n3. Diskussion"],
        "details-blockquote": [f"> „{topic} ist kein Randthema.“\n\nso die Referentin."],
        "details-quotes": [f"Unter dem Motto „{topic} sichtbar machen“ und »Rechte stärken« fand es statt."],
        "details-stars": ["Für Berater*innen, Kolleg*innen und Dolmetscher*innen aus den Fachberatungsstellen."],
        "details-paragraphs": [f"Erster Teil zu {topic}.", "Zweiter Teil mit den Ergebnissen."],
        "details-note": [f"Bericht zu {topic}.\n% {NOTE}: Teilnehmendenliste in der Geschäftsstelle"],
        "details-event-reference": [f"Anschluss an {{kok:event}}`{target}` und [das erste Treffen](#{target})."],
    }[kind]


DETAIL_KINDS = [c for c in CONSTRUCTS if c.startswith("details-")]


def _date(kind: str, year: int, month: int, day: int) -> str:
    """A date of the given form in the reviewed year; day <= 20 leaves room for spans."""
    m2 = month % 12 + 1 if month < 12 else 12
    return {
        "date-iso-day": f"{year}-{month:02d}-{day:02d}",
        "date-iso-span": f"{year}-{month:02d}-{day:02d}/{day + 1:02d}",
        "date-iso-span-month-end": f"{year}-{month:02d}-28/{m2:02d}-{29 if month == 12 else 2:02d}",
        "date-iso-days": f"{year}-{month:02d}-{day:02d}, {year}-{month:02d}-{day + 6:02d}",
        "date-iso-days-months": f"{year}-{month:02d}-{day:02d}, {year}-{month:02d}-{day + 3:02d}, {year}-{m2:02d}-25",
        "date-month-only": f"{year}-{month:02d}",
        "date-print-day": f"{day}.{month}.{year}",
        "date-print-span": f"{day}./{day + 1}.{month}.{year}",
        "date-print-span-hyphen": f"{day}.-{day + 2}.{month}.{year}",
        "date-print-span-month-end": f"28.{month}./{29 if month == 12 else 2}.{m2}.{year}",
        "date-print-days": f"{day}. und {day + 5}.{month}.{year}",
        "date-print-three-days": f"{day}., {day + 2}. und {day + 4}.{month}.{year}",
        "date-new-year-iso": f"{year}-12-30/{year + 1}-01-02",
        "date-new-year-print": f"29.12.{year}/3.1.{year + 1}",
        "date-december-before": f"{year - 1}-12-{day:02d}",
    }[kind]


DATE_KINDS = [c for c in CONSTRUCTS if c.startswith("date-")]


@st.composite
def _event(draw: st.DrawFn, year: int, featured: str, orgs: tuple[list[str], list[str], list[str]]) -> Event:
    """One event featuring ``featured`` (a construct, or "" for none), the rest drawn at random."""
    pick = st.sampled_from
    topic, other = draw(pick(TOPICS)), draw(pick(TOPICS))
    lead = draw(pick(LEADS))
    title_kind = featured if featured in TITLE_KINDS else draw(pick(TITLE_KINDS))
    date_kind = featured if featured in DATE_KINDS else draw(pick(DATE_KINDS))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 20))
    category = draw(pick(CATEGORIES))
    if featured == "category-capitalised" or (draw(st.booleans()) and not featured):
        category = category.capitalize()
    event = Event(_title(title_kind, lead, topic, other), _date(date_kind, year, month, day), category)
    names, shorts, aliases = orgs
    wanted = {featured} if featured.startswith(("org-", "person")) else set()
    if not featured:
        wanted = set(draw(st.lists(pick([c for c in CONSTRUCTS if c.startswith(("org-", "person"))]), max_size=3)))
    city = draw(pick(CITIES))
    for construct in sorted(wanted):
        event.orgs += {
            "org-registered-name": [draw(pick(names))],
            "org-registered-short": [draw(pick(shorts))] if shorts else [],
            "org-registered-alias": [draw(pick(aliases))] if aliases else [],
            "org-new": [f"Fachberatungsstelle {city} e.V."],
            "org-new-with-comma": [f"Verein für Frauen, Kinder und Familien {city}"],
            "org-new-with-hash": [f"Netzwerk #1 {city}"],
            "org-several": [draw(pick(names)), f"Beratungsnetz {city}"],
        }.get(construct, [])
        event.persons += {"person": [draw(pick(PERSONS))], "person-several": PERSONS[:3]}.get(construct, [])
    event.orgs = list(dict.fromkeys(event.orgs))
    if featured == "link" or (not featured and draw(st.booleans())):
        event.link = draw(pick(URLS))
    kinds = [featured] if featured in DETAIL_KINDS else []
    if not featured:
        kinds = draw(st.lists(pick([k for k in DETAIL_KINDS if k != "details-event-reference"]), max_size=3))
    for kind in kinds:
        event.details += _details(kind, topic, draw(pick(URLS)), f"generiert-{year}-anfang")
    return event


@st.composite
def year_files(draw: st.DrawFn, year: int, registry: Path) -> GeneratedYear:
    """A year file for ``year``: foreword, timeline, one event per construct and random further ones."""
    orgs = registered_spellings(registry)
    featured = [c for c in CONSTRUCTS if c not in ("id", "html-comment", "note-between-events")]
    events = [draw(_event(year, construct, orgs)) for construct in featured]
    events += draw(st.lists(_event(year, "", orgs), max_size=12))
    events = draw(st.permutations(events))
    first = Event(f"Auftakt des Jahres {year} im KOK", f"{year}-01-05", "sonstiges", ["KOK"])
    first.anchor = f"generiert-{year}-anfang"  # the target of details-event-reference (construct "id")
    _distinct(events)
    body = [first.markdown()]
    for number, event in enumerate(events):
        if number == len(events) // 3:
            body.append(f"% {NOTE}: Reihenfolge mit der Geschäftsstelle abstimmen")
        if number == len(events) // 2:
            hidden = Event(HIDDEN_TITLE, f"{year}-06-01", "politik", ["KOK"])
            body.append(f"<!-- noch nicht freigegeben:\n{hidden.markdown()}\n-->")
        body.append(event.markdown())
    text = "\n\n".join(
        [
            f"# Jahresrückblick {year}",
            "Liebe Leser\\*innen,",
            f"das Jahr {year} hat die Arbeit der Fachberatungsstellen geprägt ([mehr dazu]({URLS[0]})).",
            "*KOK-Geschäftsstelle*",
            ":::{kok-timeline}\n:::",
            *body,
        ]
    )
    registered = {*orgs[0], *orgs[1], *orgs[2]}
    new = sorted({name for event in events for name in event.orgs} - registered)
    used = set(CONSTRUCTS) & {*featured, "id", "html-comment", "note-between-events"}
    return GeneratedYear(year, text + "\n", new, len(events) + 1, used)


def _distinct(events: list[Event]) -> None:
    """No two events with the same date and title (a kok.duplicate), nor the same address."""
    seen: set[tuple[str, str]] = set()
    for number, event in enumerate(events, 1):
        key = (event.date, " ".join(slugify(event.title).split("-")[:8]))
        if key in seen:
            event.title = f"Teil {number}: {event.title}"
        seen.add((event.date, " ".join(slugify(event.title).split("-")[:8])))


def draw_year(year: int, registry: Path, chosen_seed: int) -> GeneratedYear:
    """One generated year, the same for the same seed (the real-site tests build it once)."""
    found: list[GeneratedYear] = []

    @settings(
        max_examples=5,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(chosen_seed)
    @given(year_files(year, registry))
    def keep(generated: GeneratedYear) -> None:
        found.append(generated)

    keep()
    return max(found, key=lambda generated: generated.events)  # the richest of a few draws
