"""Hostile input: nothing from a source file becomes active content in any output."""

from __future__ import annotations

import csv
import io
import json
import re

import icalendar
import pytest
from sphinx.testing.util import SphinxTestApp

from .conftest import warnings_of

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
    search = (app.outdir / "_static" / "kok-search-index.js").read_text(encoding="utf-8")
    json.loads(search[search.index("{") : search.rindex("}") + 1])  # data, not code
