"""The names of the files the archive writes beside its pages: one place for the build and
for ``make check``, which looks for them (Sphinx-free)."""

from __future__ import annotations

from .model import slugify

JSON, CSV, ICS = "kok-events.json", "kok-events.csv", "kok-events.ics"  # every event, all years


def calendar_file(docname: str) -> str:
    """``kok-events-2020.ics`` for ``years/2020``."""
    return f"kok-events-{slugify(docname.rsplit('/', 1)[-1])}.ics"
