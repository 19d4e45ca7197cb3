"""The one registry of warning subtypes: every author-facing problem has a type.

Each is suppressible with ``suppress_warnings = ["kok.<subtype>"]`` and
documented in the authoring guide, one heading each (docs/anleitung/warnungen.md).
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

SUBTYPES = {
    "date": "Datum fehlt, ist unlesbar oder unmöglich",
    "year": "Datum außerhalb des Jahres der Seite (Dezember des Vorjahres bis Dezember)",
    "category": "Kategorie fehlt oder ist unbekannt",
    "title": "Titel fehlt oder enthält einen Link",
    "option": "unbekannte Angabe oder leerer Eintrag",
    "id": "eigene ID ungültig",
    "link": "Link ist keine http(s)-Adresse",
    "duplicate": "ID oder Datum und Titel doppelt",
    "html": "HTML oder Bilder von anderen Servern in Titel oder Text",
    "timeline": "Zeitleiste doppelt, Inhalt zwischen den Ereignissen oder Ereignisse vor der Überschrift",
    "template": "Beispiel oder Platzhalter aus der Vorlage stehen geblieben",
    "fence": "schließendes ::: eines Ereignisses fehlt",
    "nesting": "Ereignis oder Zeitleiste in einer Liste, einem Hinweis, einer Fußnote oder einem Ereignis",
    "config": "ungültige Einstellung in conf.py oder im Organisationsverzeichnis",
    "org": "Organisation nicht im Organisationsverzeichnis",
    "filter": "Auswahl einer Ereignisliste ungültig oder ohne Treffer",
    "encoding": "Datei nicht als UTF-8 gespeichert",
    "star": "Sternchen: Gendersternchen oder Hervorhebung unklar",
    "pdf": "das PDF eines Jahres (make pdf) konnte nicht erstellt werden",
    "pdf-name": "zwei Jahresseiten ergäben denselben PDF-Namen (gleicher Dateiname in zwei Ordnern)",
}

logger = logging.getLogger("kok_archive")


def warn(subtype: str, message: str, location: Any = None) -> None:
    """Warn with type ``kok.<subtype>`` at ``location`` (a node, a docname or ``(docname, line)``)."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type="kok", subtype=subtype, location=location)
