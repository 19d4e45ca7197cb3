"""The generator of staff content (tests/generated.py): it uses every construct of the staff guide,
and what it writes builds cleanly, every event once, whatever it draws.

The real-site tests (test_site.py, test_search.py, …) build one generated year beside years/; here
hypothesis draws several more, each built as a small archive with the real conf.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .generated import CONSTRUCTS, HIDDEN_TITLE, NOTE, GeneratedYear, draw_year, year_files
from .helpers import ROOT, copy_of_the_site, fix_addresses, sphinx_build

REGISTRY = ROOT / "organisationen.toml"

# how each construct shows in a year file: a witness independent of the generator's bookkeeping
WITNESSES = {
    "title-emphasis": r"^:::\{kok-event\} .*(?<!\*)\*\w[^*]*\w\*(?!\*)",
    "title-bold": r"^:::\{kok-event\} .*\*\*\w[^*]*\*\*",
    "title-stars": r"^:::\{kok-event\} .*\w\*innen.*\w\*innen",
    "title-escaped-star": r"^:::\{kok-event\} .*\w\\\*innen",
    "title-quotes": r"^:::\{kok-event\} .*„.*“.*»",
    "title-ampersand": r"^:::\{kok-event\} .* & ",
    "title-long": r"^:::\{kok-event\} .{150,}$",
    "title-non-latin": r"^:::\{kok-event\} .*[\u0370-\u06ff\u4e00-\u9fff]",
    "details-link": r"^[^:(\n][^\n]*[^(]\[[^\]]+\]\(https://",
    "details-link-in-parentheses": r"\(\[[^\]]+\]\(https://[^)]+\)\)",
    "details-emphasis": r"^[^:\n].*\*\*\w+\*\*.*\*\w",
    "details-list": r"^- \w",
    "details-numbered-list": r"^1\. \w",
    "details-blockquote": r"^> ",
    "details-quotes": r"^[^:\n].*„.*“.*»",
    "details-stars": r"^[^:\n].*\w\*innen.*\w\*innen",
    "details-paragraphs": r"^[^:\n%].*\n\n[^:\n%].*\n:::$",
    "details-note": r"^[^:\n%].*\n% .*\n",
    "details-event-reference": r"\{kok:event\}`[a-z0-9-]+`.*\]\(#[a-z0-9-]+\)",
    "date-iso-day": r"^:date: \d{4}-\d\d-\d\d$",
    "date-iso-span": r"^:date: \d{4}-\d\d-\d\d/\d\d$",
    "date-iso-span-month-end": r"^:date: \d{4}-\d\d-\d\d/\d\d-\d\d$",
    "date-iso-days": r"^:date: \d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d$",
    "date-iso-days-months": r"^:date: \d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d$",
    "date-month-only": r"^:date: \d{4}-\d\d$",
    "date-print-day": r"^:date: \d{1,2}\.\d{1,2}\.\d{4}$",
    "date-print-span": r"^:date: \d{1,2}\./\d{1,2}\.\d{1,2}\.\d{4}$",
    "date-print-span-hyphen": r"^:date: \d{1,2}\.-\d{1,2}\.\d{1,2}\.\d{4}$",
    "date-print-span-month-end": r"^:date: \d{1,2}\.\d{1,2}\./\d{1,2}\.\d{1,2}\.\d{4}$",
    "date-print-days": r"^:date: \d{1,2}\. und \d{1,2}\.\d{1,2}\.\d{4}$",
    "date-print-three-days": r"^:date: \d{1,2}\., \d{1,2}\. und \d{1,2}\.\d{1,2}\.\d{4}$",
    "date-new-year-iso": r"^:date: (\d{4})-12-\d\d/\d{4}-01-\d\d$",
    "date-new-year-print": r"^:date: \d{1,2}\.12\.\d{4}/\d{1,2}\.1\.\d{4}$",
    "date-december-before": r"^:date: {previous}-12-\d\d$",
    "category-capitalised": r"^:category: [A-Z]",
    "org-registered-name": r"^:org: .*\b(?:KOK|Bundesamt für Migration und Flüchtlinge)\b|^:org: (?:{names})",
    "org-registered-short": r"^:org: .*(?:{shorts})",
    "org-registered-alias": r"^:org: .*(?:{aliases})",
    "org-new": r"^:org: .*Fachberatungsstelle \w",
    "org-new-with-comma": r"^:org: .*\w, \w",
    "org-new-with-hash": r'^:org: ".*#.*"$',
    "org-several": r"^:org: [^;\n]+; ",
    "person": r"^:person: ",
    "person-several": r"^:person: [^;\n]+; [^;\n]+",
    "link": r"^:link: https://",
    "id": r"^:id: [a-z]",
    "html-comment": r"^<!--[^\n]*\n:::\{kok-event\}",
    "note-between-events": r"^:::\n\n% .*\n\n:::\{kok-event\}",
}


def test_every_construct_has_a_witness() -> None:
    assert set(WITNESSES) == set(CONSTRUCTS)


def witnessed(generated: GeneratedYear) -> set[str]:
    names = [re.escape(name) for name in _registry("name")]
    fill = {
        "previous": str(generated.year - 1),
        "names": "|".join(names),
        "shorts": "|".join(re.escape(name) for name in _registry("kurz")),
        "aliases": "|".join(re.escape(name) for name in _registry("auch")),
    }
    return {
        construct
        for construct, pattern in WITNESSES.items()
        if re.search(
            re.sub(r"\{(previous|names|shorts|aliases)\}", lambda m: fill[m[1]], pattern), generated.text, re.M
        )
    }


def _registry(key: str) -> list[str]:
    import tomllib

    entries = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["organisation"]
    values = [entry.get(key) for entry in entries]
    return [v for value in values if value for v in (value if isinstance(value, list) else [value])]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(year_files(2022, REGISTRY))
def test_every_generated_year_uses_every_construct(generated: GeneratedYear) -> None:
    assert set(CONSTRUCTS) - witnessed(generated) == set()


@pytest.mark.parametrize("chosen_seed", [1, 7, 2026])
def test_a_generated_year_alone_builds_strictly_with_every_event_once(chosen_seed: int, tmp_path: Path) -> None:
    """A small archive: the real conf.py and registry, only a generated year (no PDFs: test_site
    renders them for the real site with a generated year)."""
    project = copy_of_the_site(tmp_path / "project")
    for year in (project / "years").glob("[0-9]*.md"):
        year.unlink()
    generated = draw_year(2022, project / "organisationen.toml", chosen_seed)
    (project / "years" / "2022.md").write_text(generated.text, encoding="utf-8")
    with (project / "organisationen.toml").open("a", encoding="utf-8") as registry:
        registry.write(generated.registry_entries())
    fix_addresses(project)
    result = sphinx_build(project, tmp_path / "html", "-D", "kok_pdf=0", strict=True)
    assert result.returncode == 0, result.stderr
    events = json.loads((tmp_path / "html" / "kok-events.json").read_text(encoding="utf-8"))["events"]
    assert len(events) == generated.events
    assert len({event["url"] for event in events}) == generated.events
    page = (tmp_path / "html" / "years" / "2022.html").read_text(encoding="utf-8")
    assert NOTE not in page
    assert HIDDEN_TITLE not in page
    assert page.count('class="kok-event ') == generated.events
