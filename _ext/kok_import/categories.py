"""A proposed category for each item, by the editorial rules of the authoring guide
(docs/anleitung/ereignisse.md#kategorien).

The rules are keywords of the kinds of items each category holds. The keyword that comes first in the title
decides, since German titles name the kind of item first ("Pressemitteilung zum Welttag …" is a publication,
"Welttag gegen Menschenhandel" a day of action); the details count only when the title has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kok_archive.core.organisations import Registry


@dataclass(frozen=True)
class Rule:
    category: str
    name: str  # German, shown in the draft's comment
    pattern: re.Pattern[str]


def _rule(category: str, name: str, pattern: str) -> Rule:
    return Rule(category, name, re.compile(pattern, re.IGNORECASE))


RULES: tuple[Rule, ...] = (
    # Veranstaltung: meetings, trainings, seminars, conferences and assemblies
    _rule("veranstaltung", "Sitzung", r"sitzung"),
    _rule("veranstaltung", "Schulung, Fortbildung", r"schulung|fortbildung|lehrgang|training"),
    _rule("veranstaltung", "Seminar, Workshop", r"seminar|webinar|workshop"),
    _rule("veranstaltung", "Tagung, Konferenz", r"tagung|konferenz|kongress|symposium"),
    _rule("veranstaltung", "Fachtag", r"fachtag"),
    _rule("veranstaltung", "Treffen", r"treffen"),
    _rule("veranstaltung", "Versammlung", r"versammlung"),
    _rule("veranstaltung", "Klausur", r"klausur"),
    _rule("veranstaltung", "Plenum", r"plenum"),
    _rule("veranstaltung", "Gespräch, Austausch, Dialog", r"gespräch|austausch|dialog"),
    _rule("veranstaltung", "Forum", r"(?<=\w)forum"),  # Dialogforum; not the name "Forum Menschenrechte"
    _rule("veranstaltung", "Abend, Empfang", r"abend\b|empfang"),
    _rule("veranstaltung", "Arbeitsgruppe", r"^arbeitsgruppe\b"),
    # Politik: laws and bills, hearings, statements and submissions, decisions of governments and parliaments
    _rule("politik", "Stellungnahme, Eingabe", r"stellungnahme|eingabe"),
    _rule("politik", "Gesetz", r"gesetz|verordnung"),
    _rule("politik", "Anhörung", r"anhörung"),
    _rule("politik", "Erklärung", r"erklärung"),
    _rule("politik", "Staaten- und Fortschrittsbericht", r"(?:staaten|fortschritts)bericht"),
    _rule("politik", "Beschluss", r"beschluss|beschlossen|verabschiedet"),
    _rule("politik", "Vorsitz, Präsidentschaft", r"vorsitz|präsidentschaft"),
    _rule("politik", "Koalitionsvertrag, Anfrage", r"koalitionsvertrag|kleine anfrage|petition"),
    # Publikation: publications, newsletters, press releases, brochures, podcasts
    _rule("publikation", "Veröffentlichung", r"veröffentlich|publikation"),
    _rule("publikation", "Newsletter, Rundbrief", r"newsletter|rundbrief"),
    _rule("publikation", "Pressemitteilung", r"pressemitteilung|pressemeldung"),
    _rule("publikation", "Broschüre, Leitfaden", r"broschüre|leitfaden|handreichung|flyer"),
    _rule("publikation", "Podcast", r"podcast"),
    _rule("publikation", "Studie, Buch", r"studie|\bbuch|-buch"),
    # Sonstiges: days of action, news about organisations and persons
    _rule("sonstiges", "Welt- und Aktionstag", r"welt\w*tag|internationale[rn]? tag|aktionstag|gedenktag"),
    _rule("sonstiges", "Neuigkeit", r"beitritt|eröffnet|gegründet|gründung|wird neue|ernannt|gewählt|jubiläum"),
)
DEFAULT = "sonstiges"
NO_RULE = "keine Regel trifft zu"


@dataclass(frozen=True)
class Proposal:
    category: str
    reason: str  # German: which rule, on which word


def propose(title: str, details: list[str], registry: Registry) -> Proposal:
    for where, text in (("Titel", title), ("Text", " ".join(details))):
        hits = [(m.start(), n, rule) for n, rule in enumerate(RULES) if (m := rule.pattern.search(text))]
        if hits:
            start, _, rule = min(hits)
            return Proposal(rule.category, f"Regel »{rule.name}«, Wort »{_word_at(text, start)}« im {where}")
    if registry.lookup(title) is not None:
        return Proposal("veranstaltung", "der Titel ist nur der Name eines Gremiums: wohl eine Sitzung")
    return Proposal(DEFAULT, NO_RULE)


def _word_at(text: str, start: int) -> str:
    """The whole word around a keyword (»Web-Seminar« for »seminar«), for the comment."""
    begin = end = start
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "-"):
        begin -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[begin:end]
