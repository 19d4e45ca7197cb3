"""``make bench``, the search part: what is searched (tests/bench/search.py measures it).

The real site with synthetic years (the project's conf.py, pages, registry with the synthetic
organisations added, ``_static``, ``locale`` and a copy of ``_ext``), built without PDFs; a
Pagefind bundle of the same events beside it (one custom record per event, through Pagefind's
Python API) with a page of ours that searches it; and the two words, a rare and a very common one.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from . import run, synthetic

HARNESS = "kok-bench-pagefind.html"
BLANK = "kok-bench-leer.html"  # opened first in each context: the renderer process is started, nothing cached
PER_YEAR = 100

# our Pagefind page: the times from navigation start, in window.kokBench
HARNESS_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Pagefind (Benchmark)</title></head>
<body><script type="module">
const query = new URLSearchParams(location.search).get("q");
try {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  const searched = performance.now();
  const data = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  window.kokBench = {searched, data: performance.now(), count: search.results.length, shown: data.length};
} catch (error) {
  window.kokBench = {error: String(error)};
}
</script></body></html>
"""


# -- the events and the two words --------------------------------------------------------


def spellings() -> dict[str, tuple[str, ...]]:
    """Every spelling of a synthetic organisation -> all its names (as the archive's search knows them)."""
    names: dict[str, tuple[str, ...]] = {}
    for name, short in synthetic.registry():
        names[name] = names[short] = (name, short)
    return names


def content(title: str, details: str, organisations: list[str]) -> str:
    """What a search should find an event by: title, details and every name of its organisations."""
    names = spellings()
    known = dict.fromkeys(spelling for org in organisations for spelling in names.get(org, (org,)))
    return "\n".join([title, details, "; ".join(known)])


def tokens(text: str) -> set[str]:
    """Words of four characters or more, not numbers, in lower case."""
    return {word.lower() for word in re.findall(r"[^\W_]{4,}", text) if not word.isdigit()}


@dataclass(frozen=True)
class Query:
    kind: str  # "selten" or "häufig"
    word: str  # as written in the events
    events: int  # events containing it as a word


@functools.cache
def frequencies(years: int) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """In how many events each word is: in all they are found by, in their own text (title and
    details), and how often each form of a word is written."""
    everything: Counter[str] = Counter()
    text: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for year_items in synthetic.all_items(years, PER_YEAR).values():
        for item in year_items:
            whole = content(item.title, item.details, list(item.orgs))
            forms.update(re.findall(r"[^\W_]{4,}", whole))
            everything.update(tokens(whole))
            text.update(tokens(item.title + "\n" + item.details))
    return everything, text, forms


def choose(years: int) -> tuple[str, str]:
    """The rare word: the one in the fewest events (and no prefix of another word, so that a
    prefix match finds nothing else); the common word: the one in the most events' own text
    (the synthetic registry's "Organisation … für Menschenrechte" is in every event). Each in
    its most frequent written form."""
    everything, text, forms = frequencies(years)
    prefixes = {w for w in everything for other in everything if other != w and other.startswith(w)}
    rare = min((n, w) for w, n in everything.items() if w not in prefixes)[1]
    common = max((n, w) for w, n in text.items())[1]
    written = {form.lower(): form for form, _ in reversed(forms.most_common())}
    return written[rare], written[common]


def queries(words: tuple[str, str], years: int) -> tuple[Query, Query]:
    """The two words with their number of events in an archive of ``years``."""
    everything = frequencies(years)[0]
    rare, common = words
    return Query("selten", rare, everything[rare.lower()]), Query("häufig", common, everything[common.lower()])


# -- the site and the Pagefind bundle ---------------------------------------------------


def write_site(src: Path, years: int) -> None:
    """The real site's files, the synthetic registry added to the real one, and synthetic years."""
    synthetic.write_site(src, years, PER_YEAR)


def build(src: Path, out: Path) -> tuple[float, int]:
    """A fresh html build as the real site is built, without PDFs: seconds and warnings."""
    env = {k: v for k, v in os.environ.items() if k not in ("KOK_ADRESSE", "READTHEDOCS_CANONICAL_URL")}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", *run.no_pdf(), str(src), str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return seconds, result.stderr.count("WARNING")


async def _index(events: list[dict[str, Any]], bundle: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="de", output_path=str(bundle))
    async with PagefindIndex(config=config) as index:
        for event in events:
            await index.add_custom_record(
                url="/" + event["url"],
                content=content(event["title"], event["details"], event["organisations"]),
                language="de",
                meta={"title": event["title"]},
                filters={
                    "year": [str(event["year"])],
                    "category": [event["category"]["label"]],
                    "organisation": list(event["organisations"]),
                },
            )


_sleep = asyncio.sleep


async def _no_pause(delay: float, result: Any = None) -> Any:
    return await _sleep(0, result)


def pagefind_bundle(out: Path) -> float:
    """One Pagefind record per event of the site's export, written to ``out/pagefind``, and our
    search page beside it; the seconds it took."""
    events = json.loads((out / "kok-events.json").read_text(encoding="utf-8"))["events"]
    start = time.perf_counter()
    # Pagefind's Python service pauses 0.1 s before reading each response (a record costs 0.1 s,
    # Pagefind issue 976); its reader waits for the data anyway, so the pause is dropped here.
    # The bundle is the same; only the indexing is faster.
    with mock.patch.object(asyncio, "sleep", _no_pause):
        asyncio.run(_index(events, out / "pagefind"))
    (out / HARNESS).write_text(HARNESS_PAGE, encoding="utf-8")
    (out / BLANK).write_text(
        '<!doctype html><html lang="de"><meta charset="utf-8"><title>leer</title></html>\n', encoding="utf-8"
    )
    return time.perf_counter() - start
