"""``make bench``, the search part (issue 19): the archive's search page against Pagefind.

For 10, 30 and 100 synthetic years of 100 events (``synthetic.py``; ``KOK_BENCH_SEARCH_YEARS``)
the real site (the project's conf.py, pages, registry with the synthetic organisations added,
``_static``, ``locale`` and a copy of ``_ext``) is built without PDFs, and a Pagefind bundle of
the same events (one custom record per event, through Pagefind's Python API) is written into
it (both: search_sites.py). Both are served from 127.0.0.1 and searched in Debian's Chromium for a rare word and a very
common one, chosen from the smallest archive's events (its years begin the larger archives).
Each run has a fresh browser context (no cache) that first opens a blank page of the site, so
that starting a renderer process is not counted.

- The archive: ``search.html?q=…``; from navigation start until Chromium paints the first
  result's title (Element Timing: on screen), and the marks ``kok-suche-erster-treffer`` (the first
  results in the DOM) and ``kok-suche-fertig`` (list complete with its facets,
  ``#kok-suche[data-zustand="fertig"]``), and its search data (``searchindex.js``, ``_static/language_data.js``,
  ``_static/kok-suche/``); its search scripts are shown apart.
- Pagefind: a page of ours imports ``/pagefind/pagefind.js``, searches, and loads ``data()`` of
  the first ten results; everything under ``/pagefind/`` counts, its scripts and WebAssembly
  also shown apart.

Bytes per response are ``min(raw, gzip level 6)`` of the served file, as a host would send it
(Pagefind's index files are gzipped already). Up to 30 years the median of three runs
(``KOK_BENCH_REPEAT``), 100 years once. Prints a Markdown table and checks the targets of
issue 19 at 30 years; a mark that never comes (no such search page yet) shows as "–".
Not part of ``make test``.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import platform
import re
import shutil
import statistics
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .search_sites import BLANK, HARNESS, PER_YEAR, Query, build, choose, pagefind_bundle, queries, write_site

SIZES = (10, 30, 100)
REPEAT = int(os.environ.get("KOK_BENCH_REPEAT", "3"))  # up to 30 years; 100 years once
TIMEOUT_MS = 20_000
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; never a browser that Playwright downloads
# the programs apart from the data: Pagefind's scripts and WebAssembly, the archive's search scripts
PAGEFIND_CODE = re.compile(r"^/pagefind/(?:[^/]+\.js|wasm\.[^/]+)$")
ARCHIVE_CODE = re.compile(r"^/_static/(?:kok-suche[^/]*\.js|searchtools\.js)$")
TARGET_FIRST, TARGET_DONE = 300.0, 1000.0  # ms, at 30 years


def archive_data(path: str) -> bool:
    """The archive's search data files (not its scripts)."""
    return path in ("/searchindex.js", "/_static/language_data.js") or path.startswith("/_static/kok-suche/")


def pagefind_data(path: str) -> bool:
    return path.startswith("/pagefind/")


# -- serving and counting ---------------------------------------------------------------


class Served:
    """The paths of all requests since the last ``reset()``; sizes as a host would send them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: list[str] = []
        self._sizes: dict[str, int] = {}

    def reset(self) -> None:
        self.paths = []

    def size(self, path: str) -> int:
        """min(raw, gzip level 6) of the file served at ``path``; 0 when there is none."""
        if path not in self._sizes:
            file = self.root / unquote(path).lstrip("/")
            body = file.read_bytes() if file.is_file() else b""
            self._sizes[path] = min(len(body), len(gzip.compress(body, 6))) if body else 0
        return self._sizes[path]

    def count(self, wanted: Callable[[str], bool], code: re.Pattern[str] | None = None) -> tuple[int, int, int]:
        """(bytes, requests, bytes of the paths matching ``code``) of the requests whose path is ``wanted``."""
        paths = [p for p in self.paths if wanted(p)]
        code_bytes = sum(self.size(p) for p in paths if code is not None and code.match(p))
        return sum(self.size(p) for p in paths), len(paths), code_bytes


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, Served]]:
    served = Served(root)

    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a browser uses a host
        # TCP_NODELAY, as every web host sets it (nginx's tcp_nodelay, on by default): without it
        # Nagle's algorithm and the browser's delayed ACK hold each keep-alive response ~40 ms
        disable_nagle_algorithm = True

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            served.paths.append(urlsplit(self.path).path)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


# -- the runs ---------------------------------------------------------------------------

Run = dict[str, float | None]


def archive_run(browser: Any, base: str, served: Served, word: str) -> Run:
    from playwright.sync_api import Error

    page, context = fresh(browser, base, served)
    page.goto(f"{base}/search.html?q={quote(word)}", wait_until="commit")
    with suppress(Error):  # no such page yet: the times stay empty, the bytes are what it fetched
        page.wait_for_selector('#kok-suche[data-zustand="fertig"]', state="attached", timeout=TIMEOUT_MS)
    _idle(page)
    # painted: when Chromium painted the first result's title (Element Timing), what a reader sees
    painted = page.evaluate(
        """() => new Promise((resolve) => {
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries())
                    if (entry.identifier === "kok-suche-erster-treffer") resolve(entry.renderTime || null);
            }).observe({ type: "element", buffered: true });
            setTimeout(() => resolve(null), 2000);
        })"""
    )
    marks = page.evaluate(
        """() => ({
            first: performance.getEntriesByName("kok-suche-erster-treffer")[0]?.startTime ?? null,
            done: performance.getEntriesByName("kok-suche-fertig")[0]?.startTime ?? null,
            shown: document.querySelectorAll("#kok-suche-treffer > li").length,
            loaded: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd || null,
        })"""
    )
    context.close()
    size, requests, _ = served.count(archive_data)
    code = served.count(lambda path: bool(ARCHIVE_CODE.match(path)))[0]
    return {key: marks[key] for key in ("first", "done", "shown", "loaded")} | {
        "painted": painted,
        "bytes": size,
        "requests": requests,
        "code": code,
    }


def pagefind_run(browser: Any, base: str, served: Served, word: str) -> Run:
    page, context = fresh(browser, base, served)
    page.goto(f"{base}/{HARNESS}?q={quote(word)}", wait_until="commit")
    page.wait_for_function("window.kokBench !== undefined", timeout=TIMEOUT_MS)
    result = page.evaluate("window.kokBench")
    _idle(page)
    context.close()
    if "error" in result:
        raise SystemExit(f"Pagefind failed: {result['error']}")
    size, requests, code = served.count(pagefind_data, PAGEFIND_CODE)
    return {"data": result["data"], "count": result["count"], "bytes": size, "requests": requests, "code": code}


def fresh(browser: Any, base: str, served: Served) -> tuple[Any, Any]:
    """A page in a new context (no cache), on a blank page of the site: a reader comes from the
    site, and the start of a renderer process is no part of the search."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/{BLANK}")
    served.reset()
    return page, context


def _idle(page: Any) -> None:
    """Until nothing more is fetched (at most 5 s): every request of the search is counted."""
    from playwright.sync_api import Error

    with suppress(Error):
        page.wait_for_load_state("networkidle", timeout=5000)


def median(runs: list[Run]) -> Run:
    """Each figure's median; ``None`` when a run did not have it."""
    result: Run = {}
    for key in runs[0]:
        values = [r[key] for r in runs]
        present = [v for v in values if v is not None]
        result[key] = statistics.median(present) if len(present) == len(values) else None
    return result


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )


@dataclass
class Result:
    years: int
    query: Query
    archive: Run
    pagefind: Run


def measure(work: Path, years: int, words: tuple[str, str]) -> tuple[list[Result], str]:
    """Build the site and its Pagefind bundle, then search both; the results and Chromium's version."""
    from playwright.sync_api import sync_playwright

    src, out = work / f"site-{years}", work / f"site-{years}" / "_build" / "html"
    write_site(src, years)
    build_seconds, warnings = build(src, out)
    index_seconds = pagefind_bundle(out)  # before Playwright: its loop would block asyncio.run
    bundle = sum(f.stat().st_size for f in (out / "pagefind").rglob("*") if f.is_file())
    print(
        f"… {years} Jahre: Build {seconds(build_seconds)} ({warnings} Warnungen), "
        f"Pagefind-Index {seconds(index_seconds)} ({bundle / 1e6:.1f} MB auf der Platte)".replace(".", ","),
        flush=True,
    )
    searched = queries(words, years)
    runs: dict[str, tuple[list[Run], list[Run]]] = {q.word: ([], []) for q in searched}
    with serve(out) as (base, served), sync_playwright() as playwright:
        browser = launch(playwright)
        for _ in range(REPEAT if years <= 30 else 1):  # in turns: all see the same load
            for query in searched:
                runs[query.word][0].append(archive_run(browser, base, served, query.word))
                runs[query.word][1].append(pagefind_run(browser, base, served, query.word))
        version: str = browser.version
        browser.close()
    shutil.rmtree(src)
    return [Result(years, q, median(runs[q.word][0]), median(runs[q.word][1])) for q in searched], version


# -- the report -------------------------------------------------------------------------


def seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


def kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:.1f} KB".replace(".", ",")


def count(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def main() -> int:
    sizes = tuple(int(y) for y in os.environ.get("KOK_BENCH_SEARCH_YEARS", "").split()) or SIZES
    if not CHROMIUM.exists():
        print("Suche: nicht gemessen, Debians chromium fehlt (apt-get install chromium).")
        return 0
    results: list[Result] = []
    version = ""
    words = choose(min(sizes))  # the same words in every archive: the smallest's years begin the others
    with tempfile.TemporaryDirectory() as folder:
        for years in sizes:
            measured, version = measure(Path(folder), years, words)
            results.extend(measured)
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, Chromium {version}; "
        f"median of {REPEAT} runs up to 30 years, a fresh browser context per run\n"
    )
    print(
        "| Jahre × Ereignisse | Suchwort (Ereignisse mit dem Wort) | Treffer: Archiv / Pagefind "
        "| Archiv: erster Treffer gemalt (im DOM; Seite geladen) | Archiv: Liste fertig "
        "| Archiv: Suchdaten (+ Skripte) "
        "| Archiv: Anfragen "
        "| Pagefind: 10 Treffer geladen | Pagefind: übertragen (davon Programm) | Pagefind: Anfragen |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        a, p = r.archive, r.pagefind
        print(
            f"| {r.years} × {PER_YEAR} | {r.query.kind}: „{r.query.word}“ ({r.query.events}) "
            f"| {count(a['shown'])} / {count(p['count'])} | {ms(a['painted'])} ({ms(a['first'])}; {ms(a['loaded'])}) "
            f"| {ms(a['done'])} "
            f"| {kb(a['bytes'])} (+ {kb(a['code'])}) | {count(a['requests'])} | {ms(p['data'])} "
            f"| {kb(p['bytes'])} ({kb(p['code'])}) | {count(p['requests'])} |"
        )
    print(
        "\nArchiv: Zeit ab Navigationsbeginn von search.html bis Chromium den Titel des ersten Treffers malt "
        "(Element Timing), in Klammern bis er im DOM steht (Marke kok-suche-erster-treffer); Liste fertig: Marke "
        "kok-suche-fertig, mit den Facetten (Seite geladen: DOMContentLoaded); Suchdaten und ihre Anfragen: "
        "searchindex.js, _static/language_data.js, _static/kok-suche/; Skripte: kok-suche*.js, searchtools.js. "
        "Pagefind: eigene kleine Seite, Zeit ab Navigationsbeginn bis data() der ersten 10 Treffer; "
        "alles unter /pagefind/, Programm: seine Skripte und WebAssembly. "
        "Bytes je Antwort: min(roh, gzip Stufe 6). Jeder Lauf in einem neuen Browser-Kontext ohne Cache."
    )
    targets = check(results)
    if not targets:
        print("\nDie Ziele (Issue 19) gelten für 30 Jahre: nicht geprüft.")
        return 0
    print("\n| Ziel (Issue 19) | gemessen | erreicht |\n|---|---|---|")
    for goal, value, met in targets:
        print(f"| {goal} | {value} | {'–' if met is None else 'ja' if met else '**nein**'} |")
    return 0


def check(results: list[Result]) -> list[tuple[str, str, bool | None]]:
    """The targets of issue 19 at 30 years, per word: (goal, measured, met; None = not measured)."""
    targets: list[tuple[str, str, bool | None]] = []
    for r in results:
        if r.years != 30:
            continue
        first, done = r.archive["painted"], r.archive["done"]  # on screen: painted
        own, other, code = r.archive["bytes"], r.pagefind["bytes"], r.pagefind["code"]
        data = None if other is None or code is None else other - code
        word = f"„{r.query.word}“"
        targets += [
            (f"30 Jahre, {word}: erster Treffer ≤ 0,3 s", ms(first), None if first is None else first <= TARGET_FIRST),
            (f"30 Jahre, {word}: Liste fertig ≤ 1 s", ms(done), None if done is None else done <= TARGET_DONE),
            (
                f"30 Jahre, {word}: Suchdaten des Archivs ≤ Pagefind",
                f"{kb(own)} / {kb(other)} (Pagefind ohne Programm {kb(data)})",
                None if own is None or other is None else own <= other,
            ),
        ]
    return targets


if __name__ == "__main__":
    raise SystemExit(main())
