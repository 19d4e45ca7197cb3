"""Gender stars as written (``Berater*innen und Kolleg*innen``): pure cases and real builds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from kok_archive.reading import stars
from kok_check.site import Site
from myst_parser.parsers.docutils_ import Parser
from sphinx.testing.util import SphinxTestApp

from .helpers import article, line_of, text_of, warnings_of

BOTH = "Berater*innen und Kolleg*innen"


def repaired(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[nodes.paragraph, list[str]]:
    """``source`` parsed by MyST and repaired; the paragraph and the warnings' messages."""
    messages: list[str] = []
    monkeypatch.setattr(stars, "warn", lambda subtype, message, where: messages.append(message))
    document = publish_doctree(source, parser=Parser(), settings_overrides={"report_level": 5})
    stars.repair(document, ("seite", 1))
    paragraph = document[0]
    assert isinstance(paragraph, nodes.paragraph)
    return paragraph, messages


def marked(node: nodes.Element) -> list[str]:
    """The texts still set as emphasis or strong, e.g. ``em:so``."""
    kinds = {nodes.emphasis: "em", nodes.strong: "strong"}
    return [f"{kinds[type(n)]}:{n.astext()}" for n in node.findall(lambda n: type(n) in kinds)]


@pytest.mark.parametrize(
    ("source", "text", "still_marked", "unclear"),
    [
        (BOTH, BOTH, [], 0),
        ("jede*r und Kolleg*innen", "jede*r und Kolleg*innen", [], 0),
        ("Ärzt*innen und Übersetzer*innen.", "Ärzt*innen und Übersetzer*innen.", [], 0),
        # three stars: the first two pair up, the third was never emphasis
        ("Berater*innen, Kolleg*innen und Expert*innen", "Berater*innen, Kolleg*innen und Expert*innen", [], 0),
        ("A*b, C*d, E*f und G*h", "A*b, C*d, E*f und G*h", [], 0),
        # real emphasis inside the pair stays
        ("Kolleg*innen und *so* und Berater*innen", "Kolleg*innen und so und Berater*innen", ["em:so"], 0),
        ("*so*, **so** und _so_", "so, so und so", ["em:so", "strong:so", "em:so"], 0),
        ("**Berater*innen und Kolleg*innen**", BOTH, [f"strong:{BOTH}"], 0),
        ("[Berater*innen und Kolleg*innen](https://example.org)", BOTH, [], 0),
        ("`a*b*c` und `Kolleg*innen`", "a*b*c und Kolleg*innen", [], 0),
        (r"Berater\*innen und Kolleg\*innen", BOTH, [], 0),
        ("Kolleg*innen und *so*", "Kolleg*innen und so", ["em:so"], 0),
        # written with two stars: bold, as written
        ("Berater**innen und Kolleg**innen", "Beraterinnen und Kolleginnen", ["strong:innen und Kolleg"], 0),
        # one star inside a word only: left as it is, warned
        ("*Berater*innen", "Beraterinnen", ["em:Berater"], 1),
        ("Kolleg*innen*", "Kolleginnen", ["em:innen"], 1),
        ("Berater*innen und *Kolleg*innen", "Berater*innen und Kolleginnen", ["em:Kolleg"], 1),
        ("2*3 und 4*5", "23 und 45", ["em:3 und 4"], 1),
    ],
)
def test_stars_between_letters_stay_real_emphasis_stays_unclear_ones_warn(
    monkeypatch: pytest.MonkeyPatch, source: str, text: str, still_marked: list[str], unclear: int
) -> None:
    paragraph, messages = repaired(source, monkeypatch)
    assert paragraph.astext() == text
    assert marked(paragraph) == still_marked
    assert len(messages) == unclear


def test_repaired_text_is_one_text_node_and_the_warning_quotes_the_word(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph, _ = repaired(f"Liebe {BOTH}!", monkeypatch)
    assert [type(child) for child in paragraph.children] == [nodes.Text]  # search and astext() see one text
    _, messages = repaired("Dank an *Berater*innen", monkeypatch)
    assert "»*Berater*innen«" in messages[0]
    assert "\\*" in messages[0]


def test_emphasis_inside_code_is_a_role_s_not_stars(monkeypatch: pytest.MonkeyPatch) -> None:
    # {samp}`print x{y}z`: Sphinx's role sets the variable part as emphasis inside the literal
    code = nodes.literal("", "", nodes.Text("print x"), nodes.emphasis("", "y"), nodes.Text("z"))
    paragraph = nodes.paragraph("", "", code)
    stars.repair(paragraph, ("seite", 1))
    assert marked(paragraph) == ["em:y"]


# -- real builds ---------------------------------------------------------------------------------------------------


def page_of(app: SphinxTestApp) -> Path:
    return app.outdir / "years" / "2020.html"


@pytest.mark.sphinx("html", testroot="stars")
def test_titles_details_and_forewords_show_the_stars_not_emphasis(app: SphinxTestApp) -> None:
    app.build()
    page = article(page_of(app))
    assert text_of(page.find("h1")) == f"Jahresrückblick 2020 für {BOTH}¶"
    foreword = page.find("p")
    assert f"Liebe {BOTH}, dies ist das Vorwort für Expert*innen und jede*r." in text_of(foreword)
    assert "Leser*innen und Autor*innen" in text_of(foreword)  # \* still works
    assert [em.get_text() for em in foreword.find_all("em")] == ["so", "so", "so"]  # *so*, _so_, nested *so*
    assert [strong.get_text() for strong in foreword.find_all("strong")] == ["so"]
    assert foreword.find("code").get_text() == "a*b*c"
    assert foreword.find("a").get_text() == f"Link für {BOTH}"
    event = page.find(id="kok-2020-03-17-treffen-der-berater-innen-und-kolleg-innen")
    title = event.find(class_="kok-event-title")
    assert text_of(title) == f"Treffen der {BOTH}"
    assert title.find("em") is None
    details = event.find(class_="kok-event-details")
    assert text_of(details) == "Mit Expert*innen und Kolleg*innen, wirklich wichtig."
    assert (details.find("em").get_text(), details.find("strong").get_text()) == ("wirklich", "wichtig")
    assert text_of(event.find(class_="kok-event-orgs")) == "Organisationen: Netzwerk der Berater*innen; KOK"
    assert text_of(event.find(class_="kok-event-persons")) == "Personen: Kolleg*innen aus Berlin"
    assert text_of(page.find(id="kok-2020-04-01-escaped-leser-innen-und-autor-innen")).endswith(
        "Escaped Leser*innen und Autor*innen"
    )


@pytest.mark.sphinx("html", testroot="stars")
def test_exports_search_and_indexes_carry_the_stars(app: SphinxTestApp) -> None:
    app.build()
    title = f"Treffen der {BOTH}"
    events = json.loads((app.outdir / "kok-events.json").read_text(encoding="utf-8"))["events"]
    first = events[0]
    assert (first["title"], first["details"]) == (title, "Mit Expert*innen und Kolleg*innen, wirklich wichtig.")
    assert "Netzwerk der Berater*innen" in first["organisations"]
    rows = list(
        csv.DictReader(io.StringIO((app.outdir / "kok-events.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert [row["titel"] for row in rows[:2]] == [title, "Escaped Leser*innen und Autor*innen"]
    assert "SUMMARY:Treffen der Berater*innen und Kolleg*innen" in (app.outdir / "kok-events.ics").read_text()
    search = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(search[search.index("(") + 1 : search.rindex(")")])
    objects = {
        f"{prefix}.{name}": anchor for prefix, entries in index["objects"].items() for *_, anchor, name in entries
    }
    assert objects[".Netzwerk der Berater*innen"] == "org-netzwerk-der-berater-innen"
    found = {event["anchor"]: event for event in Site(app.outdir).search_layer}  # the event search
    event = found["kok-2020-03-17-treffen-der-berater-innen-und-kolleg-innen"]
    assert event["title"] == title
    assert event["keys"]["berat"] is True  # Berater*innen: one word, found as Berater and Beraterinnen
    assert f"Jahresrückblick 2020 für {BOTH}" in index["titles"]
    for listing in ("kategorien/veranstaltung.html", "organisationen/netzwerk-der-berater-innen.html"):
        links = [text_of(a) for a in article(app.outdir / listing).find_all("a")]
        assert title in links, listing
    assert "Netzwerk der Berater*innen" in text_of(article(app.outdir / "organisationen.html"))
    assert "Netzwerk der Berater*innen" in text_of(
        article(app.outdir / "organisationen/netzwerk-der-berater-innen.html")
    )


@pytest.mark.sphinx("html", testroot="stars")
def test_unclear_stars_warn_at_their_own_line(app: SphinxTestApp) -> None:
    app.build()
    path = app.srcdir / "years" / "2020.md"
    expected = [
        (line_of(path, "Unklar *Berater*innen"), "*Berater*innen"),  # a title: the directive's line
        (line_of(path, "Dritte Zeile"), "Kolleg*innen*"),  # details: the star's own line
        (line_of(path, "hier mit unklarem"), "*Expert*innen"),  # the second line of a paragraph
        (line_of(path, "2*3"), "2*3 und 4*5"),
    ]
    got = warnings_of(app)
    assert len(got) == len(expected), got
    for (line, snippet), warning in zip(expected, got, strict=True):
        assert warning.startswith(f"{path}:{line}: WARNING: Unklares Sternchen in »{snippet}«"), warning
        assert warning.endswith("[kok.star]")
    event = article(page_of(app)).find(id="kok-2020-05-01-unklar-beraterinnen")
    assert event.find(class_="kok-event-title").find("em").get_text() == "Berater"  # warned, not guessed


@pytest.mark.sphinx("text", testroot="stars")
def test_the_text_builder_shows_the_stars(app: SphinxTestApp) -> None:
    app.build()
    text = " ".join((app.outdir / "years" / "2020.txt").read_text(encoding="utf-8").split())
    assert f"Liebe {BOTH}, dies ist das Vorwort" in text
    assert f"Treffen der {BOTH}" in text
    assert "Mit Expert*innen und Kolleg*innen, *wirklich* **wichtig**." in text
