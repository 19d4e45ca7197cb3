"""The built HTML site as the checks see it: year pages, indexes, exports and search data."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import icalendar
from bs4 import BeautifulSoup, Tag
from kok_archive.core.file_names import CSV, JSON
from kok_archive.core.search_index import decode


def resolve(page: str, href: str) -> str:
    """A relative link of ``page`` from the site root: ``../organisationen/kok.html`` on
    ``years/2020.html`` is ``organisationen/kok.html``; a folder (dirhtml) is its ``index.html``."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html").removeprefix("./")
    return target + (f"#{fragment}" if fragment else "")


@dataclass(frozen=True)
class ShownEvent:
    """An event as a year page shows it."""

    anchor: str
    section: str  # the id of the month section it stands in
    title: str
    categories: tuple[str, ...]  # the kok-category-* keys of its box
    org_links: tuple[str, ...]  # the organisation pages its organisations link to, from the site root


@dataclass
class Site:
    """Lazily parsed files of a built HTML site (``make html`` layout)."""

    root: Path
    _soups: dict[str, BeautifulSoup] = field(default_factory=dict)

    def soup(self, path: str) -> BeautifulSoup:
        """A whole page, parsed once."""
        if path not in self._soups:
            self._soups[path] = BeautifulSoup((self.root / path).read_text(encoding="utf-8"), "html.parser")
        return self._soups[path]

    def page(self, path: str) -> Tag:
        """A page's own content (``role="main"``), without the theme around it."""
        main = self.soup(path).find(None, {"role": "main"})
        return main if isinstance(main, Tag) else self.soup(path)

    def exists(self, path: str) -> bool:
        return (self.root / path).is_file()

    @cached_property
    def events(self) -> list[dict[str, Any]]:
        """``kok-events.json``: every event of the archive, the build's own record."""
        data = json.loads((self.root / JSON).read_text(encoding="utf-8"))
        return list(data["events"])

    @cached_property
    def csv_rows(self) -> list[dict[str, str]]:
        raw = (self.root / CSV).read_bytes().decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(raw), delimiter=";"))

    def calendar(self, name: str) -> list[tuple[str, str, str]]:
        """(UID, first day, summary) of each entry of a calendar file."""
        calendar = icalendar.Calendar.from_ical((self.root / name).read_bytes())
        return [
            (str(entry["uid"]), entry.decoded("dtstart").isoformat(), str(entry["summary"]))
            for entry in calendar.walk("VEVENT")
        ]

    @cached_property
    def search_index(self) -> dict[str, Any]:
        text = (self.root / "searchindex.js").read_text(encoding="utf-8")
        return dict(json.loads(text[text.index("(") + 1 : text.rindex(")")]))

    @cached_property
    def search_layer(self) -> list[dict[str, Any]]:
        """The events of the archive's own search (``_static/kok-suche``, kok_archive/core/search_index.py),
        in its order: what a result shows, the facts of the facets, and the keys that find the event
        (``keys``: key -> whether it is in the title)."""
        folder = self.root / "_static" / "kok-suche"

        def load(name: str) -> Any:
            text = (folder / f"{name}.js").read_text(encoding="utf-8")
            return json.loads(text[text.index(",") + 1 : text.rindex(")")])

        meta = load("meta")
        events: list[dict[str, Any]] = []
        for number in range(len(meta["year"])):
            if number % meta["chunk"] == 0:
                shown = load(f"d-{number // meta['chunk']}")
            page, anchor, date, title, snippet = shown[number % meta["chunk"]]
            year, category = meta["year"][number], meta["category"][number]
            events.append({
                "page": meta["pages"][page], "anchor": anchor, "date": date, "title": title, "snippet": snippet,
                "year": meta["years"][year] if year >= 0 else None,
                "category": meta["categories"][category][0] if category >= 0 else "",
                "organisations": [meta["organisations"][o][0] for o in meta["organisation"][number]],
                "keys": {},
            })  # fmt: skip
        for part in meta["files"]["v"]:
            for key, postings in load(f"v-{part}").items():
                for number, in_title in decode(postings).items():
                    events[number]["keys"][key] = in_title
        return events

    def shown_events(self, path: str) -> list[ShownEvent]:
        """Every event box of a page, in page order."""
        found = []
        for box in self.page(path).find_all("div", class_="kok-event"):
            section = box.find_parent("section")
            title = box.find(class_="kok-event-title")
            found.append(
                ShownEvent(
                    anchor=str(box.get("id", "")),
                    section=str(section.get("id", "")) if section else "",
                    title=" ".join(title.get_text().split()) if title else "",
                    categories=tuple(
                        c.removeprefix("kok-category-") for c in box["class"] if c.startswith("kok-category-")
                    ),
                    org_links=tuple(resolve(path, str(a["href"])) for a in box.select(".kok-event-orgs a[href]")),
                )
            )
        return found

    def json_ld(self, path: str) -> list[dict[str, Any]]:
        """The schema.org events a page carries."""
        graph: list[dict[str, Any]] = []
        for script in self.soup(path).find_all("script", type="application/ld+json"):
            graph += json.loads(script.get_text()).get("@graph", [])
        return graph
