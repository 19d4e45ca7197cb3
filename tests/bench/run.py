"""``make bench``: the archive against the floor (the same text as plain MyST).

For 10, 30 and 100 synthetic years of 100 events: a full build, a rebuild with no
change, and rebuilds after editing an event's text and its title; time, peak memory,
re-read pages. Up to 30 years, the best of three runs (``KOK_BENCH_REPEAT``).
Prints a Markdown table and checks the targets of issue 6. Not part of ``make test``.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import synthetic

WRAPPER = """
import json, resource, sys, time, io, contextlib
from sphinx.cmd.build import build_main
out = io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stdout(out):
    code = build_main(sys.argv[1:])
seconds = time.perf_counter() - start
reread = sum(1 for line in out.getvalue().splitlines() if line.startswith("reading sources... ["))
print(json.dumps({"code": code, "seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "reread": reread}))
"""
SIZES = (10, 30, 100)
PER_YEAR = 100
REPEAT = int(os.environ.get("KOK_BENCH_REPEAT", "3"))  # up to 30 years; 100 years are built once


def build(src: Path, *flags: str) -> dict[str, float]:
    command = [sys.executable, "-c", WRAPPER, "-b", "html", "-j", "1", *flags, str(src), str(src / "_build")]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["code"]:
        raise SystemExit(f"build failed: {result.stderr[-2000:]}")
    return measured


def measure(work: Path, years: int, floor: bool) -> dict[str, dict[str, float]]:
    src = synthetic.write(work / f"{'floor' if floor else 'kok'}-{years}", years, PER_YEAR, floor=floor)
    full = build(src, "-E")
    unchanged = build(src)
    page = src / "years" / "2005.md"
    text = page.read_text(encoding="utf-8")
    first_event = text.index("2005-0")  # the first event's date in both variants: edit its text
    page.write_text(text[:first_event] + text[first_event:].replace(".\n", " (geändert).\n", 1), encoding="utf-8")
    edited = build(src)
    # the worst edit: a title, shown on every page that lists the event
    page.write_text(page.read_text(encoding="utf-8").replace(" 2005-0\n", " 2005-0 (neu)\n", 1), encoding="utf-8")
    retitled = build(src)
    shutil.rmtree(src)
    return {"full": full, "unchanged": unchanged, "edited": edited, "retitled": retitled}


def best(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Each measurement's fastest run: on a shared machine, the others measure the neighbours."""
    return {step: min((run[step] for run in runs), key=lambda m: m["seconds"]) for step in runs[0]}


def main() -> int:
    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    results: dict[tuple[int, str], dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for years in sizes:
            runs: dict[str, list[dict[str, dict[str, float]]]] = {"floor": [], "kok": []}
            for _ in range(REPEAT if years <= 30 else 1):  # floor and archive in turns: both see the same load
                for variant in runs:
                    runs[variant].append(measure(Path(folder), years, variant == "floor"))
                    print(f"… {years} years, {variant}: {runs[variant][-1]['full']['seconds']:.1f} s", flush=True)
            for variant, measured in runs.items():
                results[(years, variant)] = best(measured)
    print(
        f"\nMachine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.platform()}\n"
    )
    print(
        "| Jahre × Ereignisse | Variante | voller Build | ohne Änderung | Text eines Ereignisses geändert "
        "| Titel geändert | neu gelesen | Speicher (max.) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for (years, variant), r in results.items():
        print(
            f"| {years} × {PER_YEAR} | {'KOK-Archiv' if variant == 'kok' else 'reines MyST'} "
            f"| {r['full']['seconds']:.1f} s | {r['unchanged']['seconds']:.1f} s | {r['edited']['seconds']:.1f} s "
            f"| {r['retitled']['seconds']:.1f} s | {int(r['edited']['reread'])} | {r['full']['rss_mb']:.0f} MB |"
        )
    failed = []
    if 30 in sizes:
        kok, floor = results[(30, "kok")], results[(30, "floor")]
        ratio = kok["full"]["seconds"] / floor["full"]["seconds"]
        edit = kok["edited"]["seconds"] / kok["full"]["seconds"]
        retitle = kok["retitled"]["seconds"] / kok["full"]["seconds"]
        print(
            f"\n30 Jahre: voller Build {ratio:.2f}× reines MyST (Ziel ≤ 1.3); "
            f"Text geändert: {edit:.0%}, Titel geändert: {retitle:.0%} des vollen Builds (Ziel ≤ 15 %), "
            f"neu gelesen: {int(kok['edited']['reread'])} und {int(kok['retitled']['reread'])} Seite(n) (Ziel 1)"
        )
        failed += ["full ≤ 1.3× floor"] if ratio > 1.3 else []
        failed += ["edit ≤ 15 %"] if edit > 0.15 else []
        failed += ["title edit ≤ 15 %"] if retitle > 0.15 else []
        failed += ["re-reads one file"] if {kok["edited"]["reread"], kok["retitled"]["reread"]} != {1} else []
    if 30 in sizes and 100 in sizes:
        growth = results[(100, "kok")]["full"]["seconds"] / results[(30, "kok")]["full"]["seconds"]
        print(f"100 Jahre kosten {growth:.2f}× so viel wie 30 (Ziel ≤ 3.7)")
        failed += ["100 years ≤ 3.7× 30 years"] if growth > 3.7 else []
    if 30 not in sizes:
        print("\nDie Ziele gelten für 30 Jahre (und 100 gegen 30): nicht geprüft.")
    elif failed:
        print("\nZiele verfehlt: " + ", ".join(failed))
    else:
        print("\nAlle geprüften Ziele erreicht." + ("" if 100 in sizes else " 100 Jahre nicht gemessen."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
