"""Every problem an author can make: a typed warning at its line, and nothing dropped."""

from __future__ import annotations

import re
import shutil

import pytest
from sphinx.testing.util import SphinxTestApp

from .helpers import article, events_by_section, line_of, text_of, warnings_of

# (page, text on the warned line, which occurrence, subtype, part of the message)
EXPECTED = [
    ("bad", ":::{kok-event} Ohne Datum", 1, "date", "hat kein :date:"),
    ("bad", ":date: irgendwann im Mai", 1, "date", "keine bekannte Datumsform"),
    ("bad", ":date: 2020-02-30", 1, "date", "Den Tag 30.2.2020 gibt es nicht"),
    ("bad", ":date: 2020-03-17/16", 1, "date", "Das Ende (16.3.2020) liegt vor dem Beginn (17.3.2020)"),
    ("bad", ":::{kok-event} Ohne Kategorie", 1, "category", "hat keine :category:"),
    ("bad", ":category: feier", 1, "category", "Unbekannte Kategorie »feier«; erlaubt sind"),
    ("bad", ":::{kok-event}", 7, "title", "hat keinen Titel"),
    ("bad", ":ort: Berlin", 1, "option", "Unbekannte Angabe :ort: (Wert »Berlin«)"),
    ("bad", ":org: KOK;; BAMF", 1, "option", ":org: enthält einen leeren Eintrag"),
    ("bad", ":id: Meine ID", 1, "id", "verwendet wird »meine-id«"),
    ("bad", ":id: meine-id", 1, "duplicate", "Die ID »meine-id« ist auf dieser Seite schon vergeben (Zeile 51)"),
    ("bad", ":::{kok-event} Doppelt", 3, "duplicate", "»Doppelt« (8.4.2020) steht doppelt; zuerst: years/bad.md:63"),
    ("bad", ":link: www.example.org", 1, "link", "keine vollständige Adresse"),
    ("bad", ":::{kok-event} Titel mit <b>HTML</b>", 1, "html", "HTML und Bilder von anderen Servern"),
    ("bad", "Text mit <img", 1, "html", "HTML und Bilder von anderen Servern"),
    ("bad", ":::{kok-event} Titel mit [Link]", 1, "title", "Links, Verweise und Fußnoten im Titel"),
    ("bad", ":::{kok-event} Titel mit Fußnote", 1, "title", "Links, Verweise und Fußnoten im Titel"),
    ("bad", "Ein Bild: ![Logo]", 1, "html", "HTML und Bilder von anderen Servern"),
    (
        "bad",
        ":date: 2020-04-15",
        1,
        "option",
        "Die Angabe :date: steht mehrmals; es gilt nur der letzte Wert »2020-04-16«",
    ),
    (
        "bad",
        ":id: monat-2020-04",
        1,
        "id",
        "ist für die Monatsabschnitte reserviert; verwendet wird »kok-monat-2020-04«",
    ),
    ("bad", "## Anhang", 1, "duplicate", "Die Überschrift »Anhang« hat dieselbe ID wie ein Ereignis (»anhang«)"),
    ("bad", "sieben acht zehn", 1, "id", "ergibt dieselbe ID wie »Eins zwei drei vier fünf sechs sieben acht neun«"),
    ("bad", ":::{kok-timeline}", 2, "timeline", "Nur eine Zeitleiste pro Seite"),
    ("bad", "Ein Absatz nach den Ereignissen.", 1, "timeline", "steht jetzt vor der Zeitleiste"),
    ("other", ":::{kok-event} Gleiche ID", 1, "duplicate", "Die ID »meine-id« gibt es schon: years/bad.md:51"),
    ("views", "Ein fremdes Bild:", 1, "html", "HTML und Bilder von anderen Servern sind in den Seiten des Archivs"),
    ("views", ":org:", 1, "filter", ":org: ist leer; die Liste bleibt leer."),
    ("views", ":::{kok-org-index}", 2, "duplicate", "Den Organisationsindex gibt es schon auf »years/views«"),
    ("views", ":category: politik; feier", 1, "filter", "Unbekannte Kategorie »feier«"),
    ("views", ":year: letztes Jahr", 1, "filter", "»letztes Jahr« ist kein Jahr"),
    ("views", ":month: Mai 2020", 1, "filter", "»Mai 2020« ist kein Monat"),
    ("views", ":ort: Berlin", 1, "filter", "Unbekannte Auswahl :ort:"),
    ("views", ":::{kok-events}", 6, "filter", "Keine Organisation »Niemand« im Archiv"),
    ("views", ":::{kok-events}", 7, "filter", "Kein Ereignis passt zu dieser Auswahl"),
    (
        "views",
        ":org: bamf;",
        1,
        "org",
        "»bamf« steht nicht im Organisationsverzeichnis; gemeint ist wohl "
        "»Bundesamt für Migration und Flüchtlinge (BAMF)«",
    ),
    (
        "views",
        ":org: bamf;",
        1,
        "org",
        "»Bundesamt fuer Migration und Fluechtlinge« steht nicht im "
        "Organisationsverzeichnis; gemeint ist wohl »Bundesamt für Migration und Flüchtlinge (BAMF)«",
    ),
    ("views", ":org: bamf;", 1, "org", "»Gänzlich Unbekannt« steht nicht im Organisationsverzeichnis. Es wird"),
    (
        "2021",
        ":date: 26.9.2019",
        1,
        "year",
        "»26.9.2019« liegt außerhalb des Jahresrückblicks 2021 (Dezember 2020 bis Dezember 2021)",
    ),
    (
        "2021",
        ":date: 2099-01-20",
        1,
        "year",
        "(20.1.2099) liegt außerhalb des Jahresrückblicks 2021 (Dezember 2020 bis",
    ),
    ("2021", ":date: 2020-11-30/2020-12-02", 1, "year", "liegt außerhalb des Jahresrückblicks 2021"),
    (
        "2021",
        ":::{kok-event} Nicht geschlossen",
        1,
        "fence",
        "Beim Ereignis »Nicht geschlossen« fehlt das schließende »:::«; deshalb gehört das folgende Ereignis "
        "»Verschluckt« (Zeile 36) zu ihm. Bitte eine Zeile nur mit »:::« direkt vor Zeile 36, nach dem Text dieses "
        "Ereignisses, einfügen.",
    ),
    (
        "2021",
        ":::{kok-event} Das letzte Ereignis, nicht geschlossen",
        1,
        "fence",
        "deshalb gehört die Überschrift »Anhang« (Zeile 53) zu ihm. Bitte eine Zeile nur mit »:::« direkt vor Zeile 53",
    ),
    (
        "2021",
        ":::{kok-event} Beispiel: aus der Vorlage",
        1,
        "template",
        "»Beispiel: aus der Vorlage stehen geblieben« ist ein Beispiel aus der Vorlage. Bitte durch den echten",
    ),
    ("2021", ":::{kok-event} Beispiel: Mitgliederversammlung", 1, "template", "ist ein Beispiel aus der Vorlage"),
    ("2021", ":::{kok-event} Beispiel: Mitgliederversammlung", 1, "template", "»Vorname Nachname« ist ein Platzhalter"),
    (
        "offen",
        ":::{kok-event} Letztes, offen bis zum Ende",
        1,
        "fence",
        "fehlt das schließende »:::«; es reicht deshalb bis zum Ende der Seite: Alles darunter gilt als sein Text.",
    ),
]
# warnings of Sphinx and MyST themselves: unknown reference targets (ref.<role>), an unknown role
DANGLING = [
    # MyST reports the title's line one too far, i.e. on the line after the directive
    ("bad", ":date: 2020-04-14", "myst.role_unknown", 'Unknown interpreted text role "unbekannt"'),
    ("views", "Verweise:", "ref.event", "Ereignis »gibt-es-nicht« nicht gefunden"),
    ("views", "Verweise:", "ref.org", "Organisation »Niemand« nicht im Organisationsindex"),
]


@pytest.mark.sphinx("html", testroot="warnings")
def test_each_problem_warns_once_with_file_line_and_type(app: SphinxTestApp) -> None:
    app.build()
    got = warnings_of(app)
    expected = []
    for page, needle, occurrence, subtype, message in EXPECTED:
        path = app.srcdir / "years" / f"{page}.md"
        expected.append((f"{path}:{line_of(path, needle, occurrence)}", subtype, message))
    for page, needle, kind, message in DANGLING:
        path = app.srcdir / "years" / f"{page}.md"
        expected.append((f"{path}:{line_of(path, needle)}", kind, message))
    for location, kind, message in expected:
        suffix = f"[{kind}]" if "." in kind else f"[kok.{kind}]"
        matching = [w for w in got if w.startswith(f"{location}: WARNING: ") and w.endswith(suffix) and message in w]
        assert len(matching) == 1, (location, kind, message, got)
    assert len(got) == len(expected), "\n".join(got)  # no other warning, none twice


@pytest.mark.sphinx("html", testroot="warnings")
def test_nothing_the_author_wrote_is_dropped(app: SphinxTestApp) -> None:
    app.build()
    source = (app.srcdir / "years" / "bad.md").read_text(encoding="utf-8")
    page = article(app.outdir / "years" / "bad.html")
    sections = events_by_section(page)
    assert sum(len(events) for events in sections.values()) == source.count(":::{kok-event}")
    undated = [text_of(e.find(class_="kok-event-title")) for e in sections["ohne-gueltiges-datum"]]
    assert undated == ["Ohne Datum", "Unlesbares Datum", "Unmöglicher Tag", "Ende vor Beginn"]
    shown_dates = [text_of(e.find(class_="kok-date")) for e in sections["ohne-gueltiges-datum"][1:]]
    assert shown_dates == ["irgendwann im Mai", "2020-02-30", "2020-03-17/16"]  # as the author wrote them
    # a missing or unknown category is labelled, not hidden
    assert text_of(page.find(id="kok-2020-04-02-falsche-kategorie").find(class_="kok-category")) == "Ohne Kategorie"
    # duplicates both stay, with distinct anchors
    assert page.find(id="meine-id") is not None
    assert page.find(id="meine-id-2") is not None
    assert len(page.find_all(id=re.compile(r"^kok-2020-04-08-doppelt"))) == 2
    # the paragraph after the events is kept (before the timeline)
    assert "Ein Absatz nach den Ereignissen." in page.get_text()
    # MyST's message about an unknown role stays out of the title and its anchor
    assert page.find(id="kok-2020-04-14-titel-mit") is not None
    # the footnote in a title still works, its reference unlinked from the permalink
    assert page.find(id="kok-2020-04-13-titel-mit-fussnote-und-genindex").find(class_="kok-permalink").find("a") is None
    # a listing with a bad filter value stays empty, even beside good values
    views = article(app.outdir / "years" / "views.html")
    assert [text_of(p) for p in views.find_all(class_="kok-empty")][:2] == ["Keine passenden Ereignisse."] * 2
    # a bad link is shown as text, not as a link
    bad_link = page.find(id="kok-2020-04-09-schlechter-link").find(class_="kok-event-link")
    assert "www.example.org" in text_of(bad_link)
    assert bad_link.find("a") is None


@pytest.mark.sphinx("html", testroot="warnings")
def test_a_date_outside_the_review_and_a_forgotten_fence_lose_nothing(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "years" / "2021.html")
    shown = {
        section: [text_of(e.find(class_="kok-event-title")) for e in events]
        for section, events in events_by_section(page).items()
    }
    assert shown == {
        "monat-2019-09": ["Falsches Jahr"],  # shown under its own date, with the warning
        "monat-2020-11": ["Beginnt vor dem Rückblick"],
        "monat-2020-12": ["Am ersten Tag des Rückblicks"],
        "monat-2021-02": ["Nicht geschlossen"],
        "monat-2021-03": ["Beispiel: Mitgliederversammlung des KOK", "Nach dem Anhang"],  # not in the event before
        "monat-2021-07": ["Verschluckt"],  # in its own month, not inside the event before it
        "monat-2021-11": ["Das letzte Ereignis, nicht geschlossen"],
        "monat-2021-12": ["Am letzten Tag des Rückblicks"],
        "monat-2099-01": ["Beispiel: aus der Vorlage stehen geblieben"],
    }
    details = page.find(id="kok-2021-02-03-nicht-geschlossen").find(class_="kok-event-details")
    assert text_of(details) == "Der Text dieses Ereignisses."


@pytest.mark.sphinx("html", testroot="warnings")
def test_raw_html_is_shown_as_text_never_run(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "years" / "bad.html").read_text(encoding="utf-8")
    assert "<img" not in html
    assert "<b>HTML</b>" not in html
    assert "https://example.org/logo.png" not in html  # no request to another host
    assert "[Bild: Logo]" in text_of(article(app.outdir / "years" / "bad.html"))
    views = (app.outdir / "years" / "views.html").read_text(encoding="utf-8")
    assert "<iframe" not in views  # shown as text, never embedded
    assert 'src="https://example.org' not in views
    assert "onerror=alert(1)&gt;" in html  # shown as literal text
    assert "&lt;b&gt;" in html


@pytest.mark.sphinx(
    "html",
    testroot="warnings",
    srcdir="warnings-suppressed",
    freshenv=True,
    confoverrides={
        "suppress_warnings": [
            "kok.org",
            "kok.filter",
            "ref.event",
            "ref.org",
            "myst.role_unknown",
            "kok.date",
            "kok.category",
            "kok.title",
            "kok.option",
            "kok.id",
            "kok.duplicate",
            "kok.link",
            "kok.html",
            "kok.timeline",
            "kok.year",
            "kok.fence",
            "kok.template",
        ]
    },
)
def test_every_subtype_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("[]", "muss ein nicht leeres dict sein"),
        ('{"Politik": {"label": "Politik", "color": "#fff"}}', "kleingeschriebenen Schlüssel"),
        ('{"politik": {"label": "Politik", "color": "rot"}}', "»color« muss eine Farbe"),
        ('{"politik": {"label": "Politik", "color": "#ffcc00"}}', "weiße Schrift schlecht lesbar (Kontrast 1.5:1"),
    ],
)
def test_bad_configuration_warns_at_its_line_and_builds(make_app, rootdir, tmp_path, setting, message) -> None:
    srcdir = tmp_path / "config"
    shutil.copytree(rootdir / "test-timeline", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"kok_categories = {setting}\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    config_warnings = [w for w in warnings_of(app) if w.endswith("[kok.config]")]
    assert config_warnings[0].startswith(f"{conf}:{line_of(conf, 'kok_categories')}: WARNING: ")
    assert message in config_warnings[0]
    assert (app.outdir / "years" / "2021.html").exists()


def test_every_warning_subtype_is_explained_in_the_authoring_guide() -> None:
    from kok_archive.logs import SUBTYPES

    from .helpers import ROOT

    reference = (ROOT / "docs" / "anleitung" / "warnungen.md").read_text(encoding="utf-8")
    assert [subtype for subtype in SUBTYPES if f"\n### `kok.{subtype}`\n" not in reference] == []
