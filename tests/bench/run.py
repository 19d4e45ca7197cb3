"""``make bench``: the archive against the floor, the same output written by hand in plain MyST.

For 10, 30 and 100 synthetic years of 100 events (``synthetic.py``) and three variants – the
floor (year pages with a label per event, category and organisation pages of ``{ref}`` links),
plain MyST year pages alone (a reference line) and the archive – a full build, a rebuild with no
change, and rebuilds after editing an event's text and its title; time per phase, peak memory,
re-read pages, the largest HTML page, and the time of every event listener (where it goes). All
three are built as the real site is (``synthetic.write_site``): its own ``conf.py`` and address,
the floor and plain MyST without the extension. Up to 30 years the median of three runs
(``KOK_BENCH_REPEAT``), the variants in turns so that all see the same load; 100 years once.
The PDFs are measured on their own: the archives are built without them, and a first build of
30 years with and without them gives their cost. Prints a Markdown table and checks the targets
of issues 14 and 21. Not part of ``make test``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import synthetic

# the build in a child process of its own: time per phase, peak memory, re-read pages
WRAPPER = """
import contextlib, io, json, resource, sys, time
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.cmd.build import build_main
from sphinx.events import EventManager

phases = {}
listeners = {}  # "event: module.function" -> seconds, Sphinx's own and every extension's

def add(key, seconds):
    listeners[key] = listeners.get(key, 0.0) + seconds

def pages(key, collected):
    # html-collect-pages: a generator's work happens while Sphinx iterates over it
    iterator = iter(collected)
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            add(key, time.perf_counter() - start)
        yield item

connect = EventManager.connect
def timed_connect(self, name, callback, priority):
    key = f"{name}: {getattr(callback, '__module__', '?')}.{getattr(callback, '__qualname__', repr(callback))}"
    def listener(*args, **kwargs):
        start = time.perf_counter()
        try:
            result = callback(*args, **kwargs)
        finally:
            add(key, time.perf_counter() - start)
        return pages(key, result) if name == "html-collect-pages" and result is not None else result
    return connect(self, name, listener, priority)
EventManager.connect = timed_connect

def timed(name, key):
    cls = StandaloneHTMLBuilder if name in StandaloneHTMLBuilder.__dict__ else Builder
    original = getattr(cls, name)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            phases[key] = phases.get(key, 0.0) + time.perf_counter() - start
    setattr(cls, name, wrapper)

timed("read", "read")
timed("write", "write")
timed("finish", "finish")
out = io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stdout(out):
    code = build_main(sys.argv[1:])
seconds = time.perf_counter() - start
reread = sum(1 for line in out.getvalue().splitlines() if line.startswith("reading sources... ["))
print(json.dumps({"code": code, "seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "reread": reread, "read": phases.get("read", 0.0), "write": phases.get("write", 0.0),
                  "finish": phases.get("finish", 0.0), "listeners": listeners}))
"""
SIZES = (10, 30, 100)
PER_YEAR = 100
REPEAT = int(os.environ.get("KOK_BENCH_REPEAT", "3"))  # up to 30 years; 100 years are built once
NAMES = {"hand": "Boden: von Hand (MyST)", "plain": "nur Jahresseiten (MyST)", "kok": "KOK-Archiv"}
EXTENSION = Path(synthetic.ROOT, "_ext", "kok_archive")
STEPS = ("full", "unchanged", "edited", "retitled")

Measured = dict[str, Any]


def declared(name: str) -> bool:
    """Whether the extension declares a config value (Sphinx warns about unknown ``-D`` names)."""
    pattern = re.compile(rf"add_config_value\(\s*[\"']{name}[\"']")
    return any(pattern.search(path.read_text(encoding="utf-8")) for path in EXTENSION.rglob("*.py"))


def no_pdf() -> list[str]:
    """The bench archives without PDFs: they are measured on their own."""
    return ["-D", "kok_pdf=0"] if declared("kok_pdf") else []


def build(src: Path, *flags: str) -> Measured:
    command = [sys.executable, "-c", WRAPPER, "-b", "html", "-j", "1", *flags, str(src), str(src / "_build")]
    # the site as published: with its address (canonical links, sitemap, OpenGraph, 404 page)
    env = {**os.environ, "KOK_ADRESSE": synthetic.SITE_ADDRESS}
    env.pop("READTHEDOCS_CANONICAL_URL", None)
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    measured: Measured = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["code"]:
        raise SystemExit(f"build failed: {result.stderr[-2000:]}")
    return measured


def largest_page(out: Path) -> tuple[str, float]:
    size, page = max((path.stat().st_size, path) for path in out.rglob("*.html"))
    return str(page.relative_to(out)), size / 1e6


def measure(work: Path, years: int, variant: synthetic.Variant) -> dict[str, Measured]:
    src = synthetic.write_site(work / f"{variant}-{years}", years, PER_YEAR, variant)
    flags = no_pdf() if variant == "kok" else []
    full = build(src, "-E", *flags)
    name, megabytes = largest_page(src / "_build")
    full["largest_mb"] = megabytes
    unchanged = build(src, *flags)
    first = synthetic.all_items(years, PER_YEAR)[2005][0]
    page = src / "years" / "2005.md"
    text = page.read_text(encoding="utf-8")
    assert first.details in text
    assert first.title in text
    page.write_text(text.replace(first.details, first.details[:-1] + " (geändert).", 1), encoding="utf-8")
    edited = build(src, *flags)
    # the worst edit: a title, shown on every page that lists the event
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(first.title, first.title + " (neu)", 1), encoding="utf-8")
    retitled = build(src, *flags)
    shutil.rmtree(src)
    print(f"… {years} Jahre, {NAMES[variant]}: {full['seconds']:.1f} s, größte Seite {name}", flush=True)
    return {"full": full, "unchanged": unchanged, "edited": edited, "retitled": retitled}


def median(runs: list[dict[str, Measured]]) -> dict[str, Measured]:
    """Each step's median run (by time); the full build also keeps the spread of all runs."""
    result = {}
    for step in runs[0]:
        ordered = sorted((run[step] for run in runs), key=lambda m: m["seconds"])
        result[step] = dict(ordered[(len(ordered) - 1) // 2])
        result[step]["min"], result[step]["max"] = ordered[0]["seconds"], ordered[-1]["seconds"]
    return result


def pdf_first_build(work: Path, years: int) -> tuple[float, float] | None:
    """A first build of ``years`` years with their PDFs and without, alternately (median of
    ``REPEAT``): (with, without). ``None`` when WeasyPrint is missing."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except Exception:
        return None
    src = synthetic.write_site(work / f"pdf-{years}", years, PER_YEAR, "kok")
    with_pdf, without = [], []
    for _ in range(REPEAT):
        without.append(build(src, "-E", *no_pdf())["seconds"])
        shutil.rmtree(src / "_build")  # a first build: no PDF and no digest of an earlier one
        with_pdf.append(build(src, "-E", "-D", "kok_pdf=1")["seconds"])
        made = len(list((src / "_build").glob("*.pdf")))
        if made != years:
            raise SystemExit(f"{made} PDFs written for {years} years")
        shutil.rmtree(src / "_build")
    shutil.rmtree(src)
    return statistics.median(with_pdf), statistics.median(without)


def where(measured: Measured, top: int = 15) -> str:
    """The listeners that took the most time in a build (Sphinx's own and every extension's)."""
    ranked = sorted(measured["listeners"].items(), key=lambda item: -item[1])
    rest = sum(seconds for _, seconds in ranked[top:])
    lines = [f"  - {seconds(value)} {name}" for name, value in ranked[:top]]
    return "\n".join([*lines, f"  - {seconds(rest)} alle übrigen"])


def seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


def main() -> int:
    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    results: dict[tuple[int, str], dict[str, Measured]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for years in sizes:
            runs: dict[str, list[dict[str, Measured]]] = {variant: [] for variant in synthetic.VARIANTS}
            for _ in range(REPEAT if years <= 30 else 1):  # the variants in turns: all see the same load
                for variant in synthetic.VARIANTS:
                    runs[variant].append(measure(Path(folder), years, variant))
            for name, measured in runs.items():
                results[(years, name)] = median(measured)
        pdf = pdf_first_build(Path(folder), 30 if 30 in sizes else min(sizes))
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.platform()}; median of {REPEAT} runs up to 30 years\n"
    )
    print(
        "| Jahre × Ereignisse | Variante | voller Build (Spanne) | lesen / auflösen+schreiben / abschließen "
        "| ohne Änderung | Text geändert | Titel geändert | neu gelesen | Speicher (max.) | größte Seite |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (years, name), r in results.items():
        full = r["full"]
        spread = f" ({seconds(full['min'])}–{seconds(full['max'])})" if full["max"] > full["min"] else ""
        print(
            f"| {years} × {PER_YEAR} | {NAMES[name]} | {seconds(full['seconds'])}{spread} "
            f"| {seconds(full['read'])} / {seconds(full['write'])} / {seconds(full['finish'])} "
            f"| {seconds(r['unchanged']['seconds'])} | {seconds(r['edited']['seconds'])} "
            f"| {seconds(r['retitled']['seconds'])} | {int(r['edited']['reread'])} "
            f"| {full['rss_mb']:.0f} MB | {full['largest_mb']:.2f} MB |".replace(".", ",")
        )
    if pdf:
        ratio = pdf[0] / pdf[1]
        years = 30 if 30 in sizes else min(sizes)
        reached = "ja" if ratio <= 2 else "**nein**"
        print(
            f"\nPDFs ({os.cpu_count()} Prozesse): erster Build von {years} Jahren {seconds(pdf[0])} mit, "
            f"{seconds(pdf[1])} ohne: {ratio:.2f}×".replace(".", ",")
            + f" (Ziel ≤ 2,0×: {reached})"
        )
    for (years, name), r in results.items():
        if name == "kok":
            print(f"\nWohin die Zeit des Archivs geht, {years} Jahre, voller Build (Ereignisse und ihre Funktionen):")
            print(where(r["full"]))
            print(f"{years} Jahre, Titel geändert:")
            print(where(r["retitled"], 8))
    targets = check(results, sizes)
    if not targets:
        print("\nDie Ziele gelten für 30 Jahre (und 100 gegen 30): nicht geprüft.")
        return 0
    print("\n| Ziel | gemessen | erreicht |\n|---|---|---|")
    for goal, value, met in targets:
        print(f"| {goal} | {value} | {'ja' if met else '**nein**'} |")
    missed = [r for r in results.items() if r[0][1] == "kok"]
    if not all(met for _, _, met in targets):
        print("\nWohin die Zeit des Archivs geht (voller Build; lesen / auflösen+schreiben / abschließen / Rest):")
        for (years, _), r in missed:
            full = r["full"]
            rest = full["seconds"] - full["read"] - full["write"] - full["finish"]
            print(
                f"- {years} Jahre: {seconds(full['read'])} / {seconds(full['write'])} / {seconds(full['finish'])} "
                f"/ {seconds(rest)}; Titel geändert: {seconds(r['retitled']['read'])} / "
                f"{seconds(r['retitled']['write'])} / {seconds(r['retitled']['finish'])}"
            )
    return 0


def check(results: dict[tuple[int, str], dict[str, Measured]], sizes: tuple[int, ...]) -> list[tuple[str, str, bool]]:
    """The targets of issues 14 and 21: (goal, measured, met)."""
    if 30 not in sizes:
        return []
    kok, floor = results[(30, "kok")], results[(30, "hand")]
    ratio = kok["full"]["seconds"] / floor["full"]["seconds"]
    edit = kok["edited"]["seconds"] / kok["full"]["seconds"]
    retitle = kok["retitled"]["seconds"] / kok["full"]["seconds"]
    targets: list[tuple[str, str, bool]] = [
        ("30 Jahre: voller Build ≤ 0,8× Boden", f"{ratio:.2f}×", ratio <= 0.8),
        ("Titel geändert ≤ 10 % des vollen Builds", f"{retitle:.0%}", retitle <= 0.10),
        ("Text geändert ≤ 10 % des vollen Builds", f"{edit:.0%}", edit <= 0.10),
        (
            "neu gelesen nach einer Änderung: 1 Seite",
            f"{int(kok['edited']['reread'])} und {int(kok['retitled']['reread'])}",
            {kok["edited"]["reread"], kok["retitled"]["reread"]} == {1},
        ),
    ]
    for years in sizes:
        if years >= 30:
            own, base = results[(years, "kok")]["full"]["rss_mb"], results[(years, "hand")]["full"]["rss_mb"]
            targets.append((f"{years} Jahre: Speicher ≤ Boden", f"{own:.0f} MB / {base:.0f} MB", own <= base))
    largest = kok["full"]["largest_mb"]
    targets.append(("30 Jahre: keine Seite über 1 MB", f"größte {largest:.2f} MB", largest <= 1.0))
    if 100 in sizes:
        growth = results[(100, "kok")]["full"]["seconds"] / kok["full"]["seconds"]
        floor_growth = results[(100, "hand")]["full"]["seconds"] / floor["full"]["seconds"]
        targets.append(
            (
                "100 Jahre / 30 Jahre ≤ Wachstum des Bodens",
                f"{growth:.2f}× (Boden {floor_growth:.2f}×)",
                growth <= floor_growth,
            )
        )
    return [(goal, value.replace(".", ","), met) for goal, value, met in targets]


if __name__ == "__main__":
    raise SystemExit(main())
