"""The printed review (make pdf): one PDF per year page, read back with pypdf.

Exact expectations use tests/roots/test-pdf (2020: every field, months out of source order;
2021: no events; 2022: hostile and foreign text, an overlong title, an undated event); the real
site (both variants) is held to invariants only."""

from __future__ import annotations

import http.server
import itertools
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from .helpers import ROOT, Kept, site_events, sphinx_build, year_pages

TEST_ROOT = Path(__file__).parent / "roots" / "test-pdf"
KOK = "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V. (KOK)"
A4 = (595.28, 841.89)  # points
LEGEND = "Kategorien: Veranstaltung Politik Publikation Sonstiges"
FUNDING = "Der KOK wird gefördert vom Bundesministerium für Familie, Senioren, Frauen und Jugend."
# 2020 of the test root: month heading -> event titles, in the order of the printed month: every month fits a
# page with the categories side by side (printed_document.fits_in_columns), so by category, each in page order
MONTHS_2020 = {
    "Dezember 2019": ["Sitzung im Dezember"],
    "Januar 2020": [
        "Jahresklausur der Berater*innen und Kolleg*innen",  # Veranstaltung
        "Stellungnahme ohne Tag",  # Politik
        "Web-Seminare für Behördenmitarbeiter*innen",  # Publikation
    ],
    "März 2020": ["Welttag im März"],
    "November 2020": ["Letztes Ereignis im November"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Kept, str]:
    """tests/roots/test-pdf built once as ``make pdf`` does (html, the PDFs also in a folder of their own),
    kept: its ``snapshot`` (source, html, pdf) is read only, a call restores the built state for a test
    that changes it; with the build's stderr."""
    work = tmp_path_factory.mktemp("pdf") / "built"
    shutil.copytree(TEST_ROOT, work / "source")
    result = sphinx_build(work / "source", work / "html", "-D", f"kok_pdf_dir={work / 'pdf'}")
    assert result.returncode == 0, result.stderr
    return Kept(work), result.stderr


@pytest.fixture(scope="module")
def printed(built: tuple[Kept, str]) -> tuple[Path, str]:
    """The PDFs of that build (read only), and its stderr."""
    return built[0].snapshot / "pdf", built[1]


@pytest.fixture(scope="module")
def without_a_font(tmp_path_factory: pytest.TempPathFactory) -> tuple[Kept, subprocess.CompletedProcess[str]]:
    """test-pdf with a character in 2021 that no installed font has, built once into ``1`` with the PDFs
    rendered one after another (``KOK_PDF_PROZESSE=1``), kept (as ``built``); with the build's result."""
    work = tmp_path_factory.mktemp("pdf-glyph") / "built"
    shutil.copytree(TEST_ROOT, work / "source")
    year_file = work / "source" / "years" / "2021.md"
    year_file.write_text(year_file.read_text(encoding="utf-8") + "\nEin Zeichen ohne Schrift: \U0010fffd.\n", "utf-8")
    result = sphinx_build(work / "source", work / "1", KOK_PDF_PROZESSE="1")
    assert result.returncode == 0, result.stderr
    return Kept(work), result


def reader(printed: tuple[Path, str], year: int) -> PdfReader:
    return PdfReader(printed[0] / f"jahresrueckblick-{year}.pdf")


def squeezed(text: str) -> str:
    """Without any whitespace: lines wrap anywhere, and pypdf reads a font with WeasyPrint's own
    two-byte encoding (a page with Arabic) back letter by letter, with NUL bytes between them."""
    return "".join(text.replace("\x00", "").split())


def bookmarks(pdf: PdfReader) -> list[tuple[str, int]]:
    """The cover's bookmark and those below it, each with its page (0-based)."""
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, pdf.get_destination_page_number(item)))

    walk(pdf.outline)
    return found


def test_one_pdf_per_year_page_and_no_warning(printed: tuple[Path, str]) -> None:
    pdfs, warnings = printed
    assert sorted(path.name for path in pdfs.iterdir()) == [
        "jahresrueckblick-2020.pdf",
        "jahresrueckblick-2021.pdf",
        "jahresrueckblick-2022.pdf",
    ]
    assert "[kok.pdf]" not in warnings
    assert "Traceback" not in warnings
    assert "weasyprint" not in warnings  # its progress notes are nobody's business (a theme turns on INFO)


@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_a4_title_language_tags_and_embedded_fonts(printed: tuple[Path, str], year: int) -> None:
    pdf = reader(printed, year)
    for page in pdf.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    assert pdf.metadata is not None
    assert pdf.metadata.title == f"Jahresrückblick {year}"
    catalog = pdf.trailer["/Root"].get_object()
    assert isinstance(catalog, DictionaryObject)
    assert str(catalog["/Lang"]) == "de"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_cover_foreword_months_and_funding_notice(printed: tuple[Path, str]) -> None:
    pdf = reader(printed, 2020)
    pages = [page.extract_text() for page in pdf.pages]
    assert pages[0].splitlines() == ["Jahresrückblick 2020", "Dezember 2019 bis November 2020", KOK]
    assert bookmarks(pdf) == [
        ("Jahresrückblick 2020", 0),
        ("Vorwort", 1),
        ("Dezember 2019", 2),
        ("Januar 2020", 3),
        ("März 2020", 4),
        ("November 2020", 5),
    ]
    foreword = pages[1]
    assert "Liebe Leser*innen," in foreword
    assert "Erika Muster, KOK-Geschäftsstelle" in foreword
    assert FUNDING not in foreword
    last = pages[-1].splitlines()  # a page of its own, without a running head
    assert " ".join(last[:-1]) == FUNDING
    assert last[-1] == f"Seite {len(pages)} von {len(pages)}"
    assert all(FUNDING not in page for page in pages[:-1])


def test_every_event_once_in_order_under_its_month(printed: tuple[Path, str]) -> None:
    pdf = reader(printed, 2020)
    pages = [squeezed(page.extract_text()) for page in pdf.pages]
    months = bookmarks(pdf)[2:]
    for number, (month, first_page) in enumerate(months):
        last_page = months[number + 1][1] - 1 if number + 1 < len(months) else len(pages) - 1
        text = "".join(pages[first_page : last_page + 1])
        assert text.startswith(squeezed(month))
        positions = [text.find(squeezed(title)) for title in MONTHS_2020[month]]
        assert -1 not in positions, month
        assert positions == sorted(positions), month
    everything = "".join(pages)
    for title in [title for titles in MONTHS_2020.values() for title in titles]:
        assert everything.count(squeezed(title)) == 1, title


def test_the_fields_of_an_event(printed: tuple[Path, str]) -> None:
    pdf = reader(printed, 2020)
    january = pdf.pages[3].extract_text()
    for field in (  # in a column, a field may wrap onto several lines
        "16./17.1. Veranstaltung",
        "Organisationen: KOK; BAMF",
        "Personen: Erika Muster; Max Beispiel",
        "Austausch mit Betroffenen und den Fachberatungsstellen.",
        "Mehr dazu: https://www.kok-gegen-menschenhandel.de/",
        "22. und 28.1. Publikation",
    ):
        assert squeezed(field) in squeezed(january), field
    assert "Politik\nStellungnahme" in january  # a month-only date prints no day
    assert "Seite 4 von 7" in january  # the funding notice has the last page
    assert "Jahresrückblick 2020 Januar 2020" in january
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert set(links) == {"https://www.kok-gegen-menschenhandel.de/"}  # an address over several lines: a link each


def test_german_typesetting_keeps_a_section_sign_with_its_number() -> None:
    from kok_archive.core.printed_document import text

    assert text("nach § 62c AufenthG, §§ 232 ff. und Art. 4 <b>") == (
        "nach §\u00a062c AufenthG, §§\u00a0232 ff. und Art.\u00a04 &lt;b&gt;"
    )


def test_a_year_without_events(printed: tuple[Path, str]) -> None:
    pdf = reader(printed, 2021)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Noch keine Ereignisse." in text
    assert [title for title, _ in bookmarks(pdf)] == ["Jahresrückblick 2021", "Vorwort"]
    assert pdf.pages[0].extract_text().splitlines() == ["Jahresrückblick 2021", KOK]  # no period without dates


def test_hostile_foreign_overlong_and_undated(printed: tuple[Path, str]) -> None:
    pdf = reader(printed, 2022)
    text = squeezed("".join(page.extract_text() for page in pdf.pages))
    assert [title for title, _ in bookmarks(pdf)][2:] == [
        "Februar 2022",
        "März 2022",
        "April 2022",
        "Ohne gültiges Datum",
    ]
    assert squeezed('<script>alert("Titel")</script> Titel mit </style> darin') in text  # shown, never run
    assert squeezed("Text mit </style><script>alert(„Text“)</script> darin.") in text
    assert squeezed("Очень важная встреча und Ελληνική συνάντηση im Text.") in text
    assert "重要会议" in text  # a font for Chinese is installed (.ci/run), so no kok.pdf warning
    assert text.count("fahrtsgesellschaftskapitän") == 8  # the overlong word wraps (its ligature "ff" reads oddly)
    assert text.endswith(
        squeezed("irgendwannSonstiges Ohne Datum Jahresrückblick 2022 Ohne gültiges Datum Seite 6 von 6")
    )
    for page in pdf.pages:  # :link: file:///etc/passwd is no web address: no link
        assert not page.get("/Annots")


def test_a_failing_weasyprint_leaves_the_site_and_warns(tmp_path: Path) -> None:
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    broken = tmp_path / "broken" / "weasyprint"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(  # fails halfway through writing, as a missing library would
        "class HTML:\n"
        "    def __init__(self, **options):\n"
        "        pass\n"
        "    def write_pdf(self, target, **options):\n"
        "        if target is not None:  # a file it is given is left half-written\n"
        "            open(target, 'wb').write(b'%PDF-1.7 halb')\n"
        "        raise RuntimeError('Pango fehlt')\n",
        encoding="utf-8",
    )
    (broken / "urls.py").write_text("class URLFetcher:\n    def __init__(self, **options):\n        pass\n", "utf-8")
    result = sphinx_build(
        tmp_path / "source", tmp_path / "html", "-D", f"kok_pdf_dir={tmp_path / 'pdf'}", PYTHONPATH=str(broken.parent)
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count("[kok.pdf]") == 3
    assert "Das PDF jahresrueckblick-2020.pdf konnte nicht erstellt werden (Pango fehlt)" in result.stderr
    assert "years/2020.md: WARNING:" in result.stderr  # the year's file, for the report
    assert (tmp_path / "html" / "years" / "2020.html").is_file()
    assert (tmp_path / "html" / "index.html").is_file()
    assert not list((tmp_path / "pdf").iterdir())
    assert not list((tmp_path / "html").glob("jahresrueckblick-*"))  # no PDF, nothing half-made


def test_characters_without_a_font_warn_until_one_is_installed(
    without_a_font: tuple[Kept, subprocess.CompletedProcess[str]],
) -> None:
    kept, first = without_a_font
    work = kept()
    year_file = work / "source" / "years" / "2021.md"
    for fresh in (True, False):  # the next build warns again: the PDF is not taken as finished
        result = first if fresh else sphinx_build(work / "source", work / "1", fresh=False)
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("[kok.pdf]") == 1, result.stderr
        line = len(year_file.read_text(encoding="utf-8").splitlines())  # where the character stands
        assert f"years/2021.md:{line}: WARNING: Im PDF jahresrueckblick-2021.pdf erscheint 1 Schriftzeichen" in (
            result.stderr
        )
        assert "(U+10FFFD)" in result.stderr
        assert (work / "1" / "jahresrueckblick-2021.pdf").is_file()  # valid, with a box in its place


def test_remade_only_when_its_year_changed(built: tuple[Kept, str]) -> None:
    work = built[0]()  # test-pdf as make pdf built it
    pdfs = {
        (folder, year): work / folder / f"jahresrueckblick-{year}.pdf"
        for folder in ("html", "pdf")
        for year in (2020, 2021)
    }
    before = {key: path.stat().st_mtime_ns for key, path in pdfs.items()}
    year_file = work / "source" / "years" / "2021.md"
    year_file.write_text(year_file.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    assert (
        sphinx_build(work / "source", work / "html", "-D", f"kok_pdf_dir={work / 'pdf'}", fresh=False).returncode == 0
    )
    for folder in ("html", "pdf"):
        assert pdfs[folder, 2020].stat().st_mtime_ns == before[folder, 2020]
        assert pdfs[folder, 2021].stat().st_mtime_ns != before[folder, 2021]
    assert "Nachtrag." in PdfReader(pdfs["html", 2021]).pages[1].extract_text()
    # a fresh environment reads every year again: the same PDFs, none made again
    assert sphinx_build(work / "source", work / "html", "-D", f"kok_pdf_dir={work / 'pdf'}").returncode == 0
    assert pdfs["html", 2020].stat().st_mtime_ns == before["html", 2020]
    scan = work / "pdf" / "jahresrueckblick-1999-scan.pdf"  # a file of the staff's own in that folder
    scan.write_bytes(b"%PDF-1.4 eingescannt")
    (work / "source" / "years" / "2022.md").unlink()  # a deleted year loses its PDF
    assert (
        sphinx_build(work / "source", work / "html", "-D", f"kok_pdf_dir={work / 'pdf'}", fresh=False).returncode == 0
    )
    for folder in ("html", "pdf"):
        assert not (work / folder / "jahresrueckblick-2022.pdf").exists()
    assert scan.read_bytes() == b"%PDF-1.4 eingescannt"  # only what the build copied there is deleted


def test_a_printed_link_to_a_page_goes_when_the_page_goes(tmp_path: Path) -> None:
    """With a public address, {doc} prints as a link; the year is not read again when the page is
    deleted, but its PDF is made again, with the reference as plain text."""
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    year_file = tmp_path / "source" / "years" / "2021.md"
    year_file.write_text(year_file.read_text("utf-8") + "\nSiehe {doc}`../kategorien`.\n", encoding="utf-8")
    (tmp_path / "source" / "kategorien.md").write_text("# Kategorien\n\nEine Seite, die gleich wieder geht.\n", "utf-8")
    address = ("-D", "html_baseurl=https://archiv.example.org/kok/")
    pdf = tmp_path / "site" / "jahresrueckblick-2021.pdf"

    def links() -> list[str]:
        annotations = [a.get_object() for page in PdfReader(pdf).pages for a in page.get("/Annots", [])]
        return [str(a["/A"]["/URI"]) for a in annotations if "/A" in a]

    assert sphinx_build(tmp_path / "source", tmp_path / "site", *address).returncode == 0
    assert links() == ["https://archiv.example.org/kok/kategorien.html"]
    (tmp_path / "source" / "kategorien.md").unlink()
    result = sphinx_build(tmp_path / "source", tmp_path / "site", *address, fresh=False)
    assert "years/2021.md" in result.stderr  # Sphinx: the reference is dangling now
    assert links() == []


def printed_links(page: Path) -> list[tuple[str, str]]:
    """The links of a page's "Zum Drucken" line (or the home page's list): text, address."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [(a.get_text(), str(a["href"])) for line in soup.select(".kok-printed") for a in line.select("a")]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_the_site_offers_each_years_pdf(built: tuple[Kept, str], tmp_path: Path, builder: str) -> None:
    """Each year page links to its PDF beside the site, the home page to all (html: read from the shared
    build, whose copies in a folder of their own change nothing beside the site; dirhtml: ``make html``
    alone)."""
    if builder == "html":
        site = built[0].snapshot / "html"
    else:
        shutil.copytree(TEST_ROOT, tmp_path / "source")
        result = sphinx_build(tmp_path / "source", tmp_path / "site", builder=builder)
        assert result.returncode == 0, result.stderr
        site = tmp_path / "site"
    suffix = "/index.html" if builder == "dirhtml" else ".html"
    for year in (2020, 2021, 2022):
        page = site / f"years/{year}{suffix}"
        [(text, href)] = printed_links(page)
        assert text == f"Jahresrückblick {year} als PDF"
        assert (page.parent / href).resolve() == site / f"jahresrueckblick-{year}.pdf"
        assert PdfReader(site / f"jahresrueckblick-{year}.pdf").metadata.title == f"Jahresrückblick {year}"
    home = printed_links(site / "index.html")
    assert home == [(str(year), f"jahresrueckblick-{year}.pdf") for year in (2022, 2021, 2020)]  # newest first


def test_switched_off_no_pdf_and_no_link(tmp_path: Path) -> None:
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    result = sphinx_build(tmp_path / "source", tmp_path / "site", "-D", "kok_pdf=0")
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "site").glob("*.pdf"))
    assert printed_links(tmp_path / "site" / "years" / "2020.html") == []
    assert printed_links(tmp_path / "site" / "index.html") == []


def test_links_go_to_the_public_address_when_there_is_one(tmp_path: Path) -> None:
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    address = "https://archiv.example.org/kok/"
    result = sphinx_build(tmp_path / "source", tmp_path / "site", "-D", f"html_baseurl={address}")
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(tmp_path / "site" / "jahresrueckblick-2020.pdf")
    links = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    own = {link for link in links if link.startswith(address)}  # a title over several lines: a link per line
    assert len(own) == 6  # each event's title; the December event's reference to the Welttag is one of them
    assert f"{address}years/2020.html#welttag" in own
    december = pdf.pages[2]
    targets = [str(a.get_object()["/A"]["/URI"]) for a in december.get("/Annots", []) if "/A" in a.get_object()]
    assert f"{address}years/2020.html#welttag" in targets  # the reference, on the December page
    assert all(link.startswith(f"{address}years/2020.html#") for link in own)
    assert set(links) - set(own) == {"https://www.kok-gegen-menschenhandel.de/"}  # the event's own :link:


def test_each_month_page_repeats_the_legend_in_the_categories_colours(printed: tuple[Path, str]) -> None:
    pdf = reader(printed, 2020)
    for title, page in bookmarks(pdf)[2:]:
        lines = pdf.pages[page].extract_text().splitlines()
        # a month in columns: their heads are the legend, the first right under the month; else the legend line
        assert lines[lines.index(title) + 1].startswith(("Kategorien: ", "Veranstaltung")), title
        assert all(label in " ".join(lines) for label in LEGEND.removeprefix("Kategorien: ").split()), title
    # the colours of conf.py's kok_categories fill the labels (WeasyPrint writes them as r g b rg)
    content = pdf.pages[bookmarks(pdf)[2][1]].get_contents().get_data().decode("latin-1")
    for colour in ("#2a6f97", "#b5473a", "#4d7c32", "#7a5195"):
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert any(
            abs(float(r) - red) < 0.01 and abs(float(g) - green) < 0.01 and abs(float(b) - blue) < 0.01
            for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
        ), colour


def test_nothing_is_fetched_from_another_host(tmp_path: Path) -> None:
    from kok_archive.publishing.printed import render_pdf

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        document = (
            f'<html lang="de"><head><title>T</title><link rel="stylesheet" href="{address}/a.css">'
            f"<style>@import url({address}/b.css); body {{ background: url({address}/c.png) }}</style></head>"
            f'<body><h1>T</h1><img src="{address}/d.png" alt="Bild"></body></html>'
        )
        render_pdf(document, tmp_path / "t.pdf")
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
    assert PdfReader(tmp_path / "t.pdf").pages


# -- the real site: what holds for any content --------------------------------------------


def test_every_year_of_the_real_site_has_its_pdf_with_each_event_once_in_order(site: Path) -> None:
    """``make html`` of the real site (both variants): each year page links to its PDF."""
    pages = year_pages(site)
    assert sorted(path.name for path in site.glob("*.pdf")) == sorted(
        f"jahresrueckblick-{Path(page).stem}.pdf" for page in pages
    )
    home = printed_links(site / "index.html")
    assert sorted(href for _, href in home) == sorted(f"jahresrueckblick-{Path(page).stem}.pdf" for page in pages)
    for page in pages:
        [(_, href)] = printed_links(site / page)
        pdf = PdfReader((site / page).parent / href)
        assert pdf.metadata is not None
        assert str(pdf.trailer["/Root"]["/Lang"]) == "de"
        text = squeezed("".join(p.extract_text() for p in pdf.pages))
        events = site_events(site, page)
        # an event's title follows its category label; a series shares a title on several dates. A month is
        # one list or its categories side by side: within a month and category, events keep their order
        heads = [squeezed(event["category"]["label"] + event["title"]) for event in events]
        cursors: dict[tuple[str, str], int] = {}
        for event, head in zip(events, heads, strict=True):
            assert text.count(head) == heads.count(head), event["title"]
            group = (event["month"], event["category"]["key"])
            found = text.find(head, cursors.get(group, 0))
            assert found >= cursors.get(group, 0), f"out of order: {event['title']}"
            cursors[group] = found
        months = [month for month in dict.fromkeys(event["month"] for event in events) if month]
        first = {month: min(v for (m, _), v in cursors.items() if m == month) for month in months}
        last = {month: max(v for (m, _), v in cursors.items() if m == month) for month in months}
        for earlier, later in itertools.pairwise(months):  # every month's events before the next month's
            assert last[earlier] < first[later], (earlier, later)


# -- the README's pair of screenshots: a month of the real 2020 review, on the site and printed --


@pytest.mark.skipif(not os.environ.get("KOK_SCREENSHOTS"), reason="only with make screenshots")
def test_take_the_readme_screenshots_of_a_month(
    site_source: Path, site: Path, served: str, browser: Any, tmp_path: Path
) -> None:
    if site_source != ROOT or not (site / "years" / "2020.html").is_file():
        pytest.skip("the README shows March 2020 of the archive as it is")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian: poppler-utils) renders the PDF page")
    folder = Path(os.environ["KOK_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 1100, "height": 1400}).new_page()
    page.goto(f"{served}/years/2020.html")
    page.locator("#monat-2020-03").screenshot(path=str(folder / "monat-website.png"))
    page.context.close()
    pdf = site / "jahresrueckblick-2020.pdf"
    number = dict(bookmarks(PdfReader(pdf)))["März 2020"] + 1
    prefix = tmp_path / "monat"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), pdf, prefix], check=True)
    shutil.move(next(tmp_path.glob("monat*.png")), folder / "monat-pdf.png")


def test_a_month_that_would_not_fit_in_columns_is_one_list() -> None:
    from kok_archive.core.printed_document import PrintedEvent, PrintedYear, to_html

    def event(title: str, category: str = "politik", details: str = "") -> PrintedEvent:
        return PrintedEvent("1.3.", category, category.title(), title, ("KOK",), (), details, "")

    legend = (("veranstaltung", "Veranstaltung"), ("politik", "Politik"))
    few = tuple(event(f"Ereignis {n}") for n in range(3))
    crowded = tuple(event(f"Ereignis {n}", details="<p>" + "Ein langer Text. " * 20 + "</p>") for n in range(6))
    homeless = (event("Ohne Kategorie", "none"),)
    html = to_html(PrintedYear("J", "KOK", "", (), (), (("März", few),), legend), "")
    assert '<section class="month columns">' in html
    assert '<div class="column kok-category-politik">' in html
    for month in (crowded, homeless):  # too long for a column; an event with no column
        html = to_html(PrintedYear("J", "KOK", "", (), (), (("März", month),), legend), "")
        assert 'class="month columns"' not in html
        assert '<p class="legend">' in html


def test_pdfs_from_worker_processes_are_those_made_one_after_another(
    without_a_font: tuple[Kept, subprocess.CompletedProcess[str]],
) -> None:
    """Three years rendered by three worker processes: byte for byte the PDFs the build's own process
    renders one after another (the shared build), and a worker's warning arrives at its year's file and line."""
    kept, one_after_another = without_a_font
    work = kept()  # the same sources at the same path, freshly built again by three workers
    year_file = work / "source" / "years" / "2021.md"
    line = len(year_file.read_text(encoding="utf-8").splitlines())
    pdfs = {}
    for processes in ("1", "3"):
        result = (
            one_after_another
            if processes == "1"
            else sphinx_build(work / "source", work / processes, KOK_PDF_PROZESSE=processes)
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("[kok.pdf]") == 1, result.stderr
        assert f"years/2021.md:{line}: WARNING: Im PDF jahresrueckblick-2021.pdf erscheint" in result.stderr
        pdfs[processes] = {pdf.name: pdf.read_bytes() for pdf in (work / processes).glob("*.pdf")}
    assert sorted(pdfs["1"]) == [f"jahresrueckblick-{year}.pdf" for year in (2020, 2021, 2022)]
    assert pdfs["3"] == pdfs["1"]


def test_a_failing_worker_warns_at_its_years_file(tmp_path: Path) -> None:
    """Each PDF fails in a worker of its own, the three at the same time (each waits until all three
    have started): three kok.pdf warnings, each at its year's file, and the site is built."""
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    broken = tmp_path / "broken" / "weasyprint"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(
        "import os, pathlib, time\n"
        "class HTML:\n"
        "    def __init__(self, **options):\n"
        "        pass\n"
        "    def write_pdf(self, target, **options):\n"
        "        started = pathlib.Path(os.environ['KOK_TEST_STARTED'])\n"
        "        (started / str(os.getpid())).touch()\n"
        "        for _ in range(600):\n"
        "            if len(list(started.iterdir())) == 3:\n"
        "                break\n"
        "            time.sleep(0.05)\n"
        "        raise RuntimeError(f'{len(list(started.iterdir()))} Prozesse zugleich')\n",
        encoding="utf-8",
    )
    (broken / "urls.py").write_text("class URLFetcher:\n    def __init__(self, **options):\n        pass\n", "utf-8")
    (tmp_path / "started").mkdir()
    result = sphinx_build(
        tmp_path / "source",
        tmp_path / "html",
        PYTHONPATH=str(broken.parent),
        KOK_PDF_PROZESSE="3",
        KOK_TEST_STARTED=str(tmp_path / "started"),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for year in (2020, 2021, 2022):
        assert (
            f"years/{year}.md: WARNING: Das PDF jahresrueckblick-{year}.pdf konnte nicht erstellt werden "
            "(3 Prozesse zugleich)" in result.stderr
        ), result.stderr
    assert result.stderr.count("[kok.pdf]") == 3
    assert (tmp_path / "html" / "years" / "2020.html").is_file()
    assert not list((tmp_path / "html").glob("jahresrueckblick-*"))  # nothing half-made


def test_two_year_files_of_one_name_warn_and_keep_the_one_in_years(tmp_path: Path) -> None:
    """``years/2020.md`` and ``archiv/2020.md`` would both give jahresrueckblick-2020.pdf: the one
    in years/ gets it, the other a kok.pdf-name warning at its file telling the author what to do."""
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    (tmp_path / "source" / "archiv").mkdir()
    (tmp_path / "source" / "archiv" / "2020.md").write_text(
        "# Altes Archiv 2020\n\n:::{kok-timeline}\n:::\n\n:::{kok-event} Nur im alten Archiv\n:date: 2020-05-01\n"
        ":category: sonstiges\n:::\n",
        encoding="utf-8",
    )
    patterns = ("-D", "include_patterns=index.md,organisationen.md,kategorien.md,years/*.md,archiv/*.md")
    for fresh in (True, False):  # every build, as long as both files are there
        result = sphinx_build(tmp_path / "source", tmp_path / "html", *patterns, fresh=fresh)
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("[kok.pdf-name]") == 1, result.stderr
        assert (
            "archiv/2020.md:1: WARNING: Die Jahresseiten years/2020.md und archiv/2020.md ergäben beide das PDF "
            "jahresrueckblick-2020.pdf; es wird nur für years/2020.md erstellt, diese Seite bekommt keins. "
            "Bitte eine der beiden Dateien umbenennen" in result.stderr
        )
        text = squeezed(
            "".join(p.extract_text() for p in PdfReader(tmp_path / "html" / "jahresrueckblick-2020.pdf").pages)
        )
        assert squeezed("Welttag im März") in text
        assert squeezed("Nur im alten Archiv") not in text
        # the other page links no PDF (not the one of years/2020); the home page lists the PDF once
        assert "jahresrueckblick-2020.pdf" not in (tmp_path / "html" / "archiv" / "2020.html").read_text("utf-8")
        assert "jahresrueckblick-2020.pdf" in (tmp_path / "html" / "years" / "2020.html").read_text("utf-8")
        assert (tmp_path / "html" / "index.html").read_text("utf-8").count('href="jahresrueckblick-2020.pdf"') == 1
    (tmp_path / "source" / "archiv" / "2020.md").rename(tmp_path / "source" / "archiv" / "2019.md")
    result = sphinx_build(tmp_path / "source", tmp_path / "html", *patterns, fresh=False)
    assert "kok.pdf-name" not in result.stderr
    assert (tmp_path / "html" / "jahresrueckblick-2019.pdf").is_file()


def test_a_pdf_is_made_again_exactly_when_its_page_was_read_again(tmp_path: Path) -> None:
    """Which PDFs are rendered again follows the domain's own record of re-read pages
    (``KokDomain.reread``, filled by ``clear_doc``), also when the pages are read in parallel
    (``-j 2`` reads more than five pages in worker processes) and when the other pages stay."""
    shutil.copytree(TEST_ROOT, tmp_path / "source")
    years = tmp_path / "source" / "years"
    for year in range(2010, 2017):
        (years / f"{year}.md").write_text(f"# Jahresrückblick {year}\n\n:::{{kok-timeline}}\n:::\n", "utf-8")
    assert sphinx_build(tmp_path / "source", tmp_path / "html", "-j", "2").returncode == 0
    pdfs = {path.name: path for path in (tmp_path / "html").glob("jahresrueckblick-*.pdf")}
    assert len(pdfs) == 10
    before = {name: path.stat().st_mtime_ns for name, path in pdfs.items()}
    edited = {f"jahresrueckblick-{year}.pdf" for year in range(2010, 2016)}  # six pages: read in parallel
    for year in range(2010, 2016):
        (years / f"{year}.md").write_text(f"# Jahresrückblick {year}\n\nNeu.\n\n:::{{kok-timeline}}\n:::\n", "utf-8")
    result = sphinx_build(tmp_path / "source", tmp_path / "html", "-j", "2", fresh=False)
    assert result.returncode == 0, result.stderr
    changed = {name for name, path in pdfs.items() if path.stat().st_mtime_ns != before[name]}
    assert changed == edited
    # nothing changed: nothing read again, none made again
    before = {name: path.stat().st_mtime_ns for name, path in pdfs.items()}
    assert sphinx_build(tmp_path / "source", tmp_path / "html", "-j", "2", fresh=False).returncode == 0
    assert {name for name, path in pdfs.items() if path.stat().st_mtime_ns != before[name]} == set()
