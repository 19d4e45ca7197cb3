"""Hostile input: nothing from a source file becomes active content in any output."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import icalendar
import pytest
from sphinx.testing.util import SphinxTestApp

from .helpers import warnings_of

# active content: a script element, an event handler inside a tag, a javascript: or data: address
ACTIVE = re.compile(r'<script>alert|<[a-z][^>]*\son\w+=|(?:href|src)="(?:javascript|data):', re.IGNORECASE)


@pytest.mark.sphinx("html", testroot="hostile", srcdir="hostile", freshenv=True)
def test_scripts_handlers_and_dangerous_urls_are_escaped_or_refused_everywhere(app: SphinxTestApp) -> None:
    app.build()  # no traceback
    got = warnings_of(app)
    for subtype in ("kok.html", "kok.link", "kok.id", "kok.org"):
        assert any(w.endswith(f"[{subtype}]") for w in got), subtype
    assert sum(w.endswith("[kok.link]") for w in got) == 2  # javascript: and data: both refused

    page = (app.outdir / "years" / "2020.html").read_text(encoding="utf-8")
    assert ACTIVE.findall(page) == []
    assert "javascript:alert(4)" in page  # shown as text, never a link

    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    assert "<" not in scripts[0]
    graph = json.loads(scripts[0])["@graph"]
    assert graph[0]["name"].startswith("Titel <script>alert(1)</script>")

    data = json.loads((app.outdir / "kok-events.json").read_text(encoding="utf-8"))
    assert [e["link"] for e in data["events"]] == ["javascript:alert(4)", "data:text/html,<script>alert(7)</script>"]
    table = list(
        csv.reader(io.StringIO((app.outdir / "kok-events.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    header, first = table[0], dict(zip(table[0], table[1], strict=True))
    assert "id" in header
    assert first["titel"].startswith("Titel <script>")  # text, for a spreadsheet
    assert first["organisationen"].startswith("<script>")
    assert "=HYPERLINK" in first["organisationen"]
    assert first["personen"].startswith("<img")
    for row in table[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    calendar = icalendar.Calendar.from_ical((app.outdir / "kok-events.ics").read_bytes())
    assert [str(e["summary"])[:6] for e in calendar.walk("VEVENT")] == ["Titel ", "Daten-"]
    for path in (app.outdir / "_static" / "kok-suche").glob("?-*.js"):  # data, not code (kok-suche-alles.js)
        call = re.fullmatch(r'KOK_SUCHE\.laden\("([a-z0-9_-]+)",(.*)\);\n', path.read_text(encoding="utf-8"), re.S)
        assert call, path.name
        assert call[1] == path.stem
        json.loads(call[2])


def test_odd_files_build_or_fail_with_a_clear_message(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "odd"
    (srcdir / "years").mkdir(parents=True)
    shutil.copy(rootdir / "test-timeline" / "conf.py", srcdir)
    (srcdir / "index.md").write_text("# Archiv\n\n```{toctree}\n:glob:\n\nyears/*\n```\n", encoding="utf-8")
    (srcdir / "years" / "2019.md").write_bytes("# Jahresrückblick 2019\n\n:::{kok-event} Café\n".encode("latin-1"))
    (srcdir / "years" / "2018.md").write_text("", encoding="utf-8")  # empty
    (srcdir / "years" / "2017.md").write_text("# Jahresrückblick 2017\n\nNur Text.\n", encoding="utf-8")
    crowded = "".join(
        f":::{{kok-event}} Ereignis {n}\n:date: 2016-05-05\n:category: politik\n:::\n\n" for n in range(1000)
    )
    (srcdir / "years" / "2016.md").write_text(f"# Jahresrückblick 2016\n\n{crowded}", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    got = warnings_of(app)
    assert got[0].startswith(f"{srcdir / 'years' / '2019.md'}:1: WARNING: Die Datei ist nicht als UTF-8 gespeichert")
    assert got[0].endswith("[kok.encoding]")
    assert [w for w in got[1:] if "2018" not in w] == []  # the empty file: Sphinx's own "no title"
    page = (app.outdir / "years" / "2016.html").read_text(encoding="utf-8")
    assert page.count('class="kok-event ') == 1000
    assert (app.outdir / "years" / "2017.html").exists()
