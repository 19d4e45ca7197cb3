"""The names of the files the archive writes beside its pages: one place for the build and
for ``make check``, which looks for them (Sphinx-free)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import slugify

JSON, CSV, ICS = "kok-events.json", "kok-events.csv", "kok-events.ics"  # every event, all years


def calendar_file(docname: str) -> str:
    """``kok-events-2020.ics`` for ``years/2020``."""
    return f"kok-events-{slugify(docname.rsplit('/', 1)[-1])}.ics"


def pdf_name(docname: str) -> str:
    """``jahresrueckblick-2020.pdf`` for ``years/2020``: the printed review beside the site."""
    return f"jahresrueckblick-{slugify(docname.rsplit('/', 1)[-1])}.pdf"


def pdf_pages(pages: Iterable[str]) -> dict[str, list[str]]:
    """PDF name → the year pages whose file names give it; the first gets the PDF: the one in
    ``years/`` (else the first A–Z), so that ``archiv/2020`` never takes ``years/2020``'s."""
    by_name: dict[str, list[str]] = {}
    for docname in sorted(pages, key=lambda doc: (not doc.startswith("years/"), doc)):
        by_name.setdefault(pdf_name(docname), []).append(docname)
    return by_name
