"""Organisations that change their names: the registry's history, pure and in real builds
(one organisation page for all names, stable addresses, search, date-aware kok.org advice)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from kok_archive.core.dates import parse_date
from kok_archive.core.indexes import organisation_index
from kok_archive.core.model import Event
from kok_archive.core.organisations import Registry, aliases_to_paste
from sphinx.testing.util import SphinxTestApp

from .helpers import (
    MakeApp,
    article,
    build_app,
    fresh_build,
    outputs,
    rebuild,
    search_index,
    text_of,
    touch,
    warnings_of,
)

JUSTICE = {
    "name": "Bundesministerium der Justiz",
    "kurz": "BMJ",
    "frueher": [
        {"name": "Bundesministerium der Justiz und für Verbraucherschutz", "kurz": "BMJV", "bis": date(2021, 12, 7)}
    ],
}
REGISTRY = Registry.from_entries(
    [JUSTICE, {"name": "EU-Koordinator gegen Menschenhandel", "auch": ["EU-Koordination"]}]
)
OLD_PAGE = "organisationen/bundesministerium-der-justiz-und-fuer-verbraucherschutz.html"
NEW_SLUG_PAGE = "organisationen/bundesministerium-der-justiz.html"


# -- the registry, pure ----------------------------------------------------------------------------


def test_every_name_old_and_new_finds_one_organisation_with_its_name_of_the_time() -> None:
    org = REGISTRY.lookup("BMJ")
    assert org is not None
    assert REGISTRY.problems == []
    assert REGISTRY.lookup("BMJV") is org
    assert REGISTRY.lookup("Bundesministerium der Justiz und für Verbraucherschutz") is org
    assert org.display_at(date(2021, 12, 7)) == "Bundesministerium der Justiz und für Verbraucherschutz (BMJV)"
    assert org.display_at(date(2021, 12, 8)) == "Bundesministerium der Justiz (BMJ)"
    assert org.display_at(None) == "Bundesministerium der Justiz (BMJ)"
    # the address follows the earliest name: a rename recorded as history keeps it
    assert org.anchor == "org-bundesministerium-der-justiz-und-fuer-verbraucherschutz"
    assert org.other_slugs() == ("bundesministerium-der-justiz",)


def test_an_earlier_name_is_outdated_only_after_its_last_day() -> None:
    org = REGISTRY.lookup("BMJ")
    assert org is not None
    assert org.outdated("BMJV", date(2021, 12, 7)) is None
    assert org.outdated("BMJV", date(2021, 12, 8)) is not None
    assert org.outdated("BMJ", date(2005, 1, 1)) is None  # before: history may be incomplete


def test_an_explicit_address_wins() -> None:
    registry = Registry.from_entries([{**JUSTICE, "adresse": "bmj"}])
    org = registry.lookup("BMJ")
    assert org is not None
    assert org.anchor == "org-bmj"
    assert set(org.other_slugs()) == {
        "bundesministerium-der-justiz",
        "bundesministerium-der-justiz-und-fuer-verbraucherschutz",
    }


@pytest.mark.parametrize(
    ("frueher", "message"),
    [
        (
            [{"name": "Alt", "bis": "bald"}],
            "»Alt« (früherer Name von »Neu«): »bis« fehlt oder ist kein Tag; bitte den letzten Tag unter diesem "
            "Namen angeben, z. B. bis = 2021-12-07; ausgelassen.",
        ),
        (
            [{"name": "Älter", "bis": date(2020, 1, 1)}, {"name": "Alt", "bis": "7.12.2019"}],
            "»Alt« (früherer Name von »Neu«, bis 7.12.2019) steht nach »Älter« (bis 1.1.2020): frühere Namen "
            "bitte vom ältesten zum jüngsten ordnen, jedes »bis« nach dem vorigen; ausgelassen.",
        ),
        ([{"name": "Alt", "bis": date(2020, 1, 1), "von": 2019}], "unbekannte Angaben von (erlaubt: name, kurz"),
        ("Alt", "»Neu«: »frueher« muss aus Abschnitten [[organisation.frueher]] bestehen; ausgelassen."),
        ([{"kurz": "A", "bis": date(2020, 1, 1)}], "»Neu«: der 1. frühere Name hat keinen »name«; ausgelassen."),
    ],
)
def test_bad_history_is_reported_in_german_and_skipped(frueher: object, message: str) -> None:
    registry = Registry.from_entries([{"name": "Neu", "frueher": frueher}])
    (problem,) = registry.problems
    assert message in problem
    assert registry.lookup("Neu") is not None


def test_a_former_name_clashing_with_another_entry_is_reported() -> None:
    old_entry = {"name": "Bundesministerium der Justiz und für Verbraucherschutz", "kurz": "BMJV"}
    (problem,) = Registry.from_entries([JUSTICE, old_entry]).problems
    assert problem.startswith("»Bundesministerium der Justiz und für Verbraucherschutz« ist schon ein Name von")
    (problem,) = Registry.from_entries([{"name": "Andere", "kurz": "BMJV"}, JUSTICE]).problems
    assert problem == "»BMJV« steht bei »Andere« und bei »Bundesministerium der Justiz«; es gilt »Andere«."
    (problem,) = Registry.from_entries([{**JUSTICE, "adresse": "Bmj!"}]).problems
    assert "»adresse« darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten" in problem


def test_suggestions_name_the_spelling_they_are_close_to() -> None:
    assert REGISTRY.suggestion("BMJX") == (REGISTRY.lookup("BMJ"), "BMJ")
    found = REGISTRY.suggestion("EU-Koordinatorin gegen Menschenhandel")
    assert found is not None
    assert found[1] == "EU-Koordinator gegen Menschenhandel"
    assert aliases_to_paste(found[0], 'Die "EU"') == 'auch = ["EU-Koordination", "Die \\"EU\\""]'


def test_the_index_has_one_entry_for_all_names_and_files_the_earlier_one_too() -> None:
    def event(n: int, day: str, org: str) -> Event:
        return Event(f"years/{day[:4]}", n, f"e{n}", "T", parse_date(day), day, "politik", (org,), order=n)

    index = organisation_index([event(1, "2020-06-04", "BMJV"), event(2, "2022-03-03", "BMJ")], REGISTRY)
    (entry,) = index.entries
    assert [e.anchor for e in entry.events] == ["e1", "e2"]
    assert index.find("Justizministerium") is None
    assert index.find("Bundesministerium der Justiz und für Verbraucherschutz") is entry
    ((_letter, filed),) = index.filed()
    assert [(kind, text) for kind, _, text in filed] == [
        ("see", "BMJ"),
        ("entry", "Bundesministerium der Justiz"),
        ("former", "Bundesministerium der Justiz und für Verbraucherschutz (BMJV)"),
    ]


# -- a real build ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[SphinxTestApp, Path]:
    srcdir = tmp_path_factory.mktemp("renamed") / "src"
    shutil.copytree(rootdir / "test-renamed", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, Path(app.outdir)


def test_one_page_holds_the_events_under_the_old_and_the_new_name(site: tuple[SphinxTestApp, Path]) -> None:
    app, out = site
    assert warnings_of(app) == []  # BMJV in 2020 is the name of its time: no warning
    page = article(out / OLD_PAGE)
    assert text_of(page.find("h1")).startswith("Bundesministerium der Justiz")
    assert [text_of(a) for a in page.select("li a") if "Opfer" in text_of(a) or "Fach" in text_of(a)] == [
        "Tag der Opferhilfe",
        "Referentenentwurf zum Opferschutz",
        "Fachgespräch im Ministerium",
    ]
    assert "Frühere Namen: Bundesministerium der Justiz und für Verbraucherschutz (BMJV) bis 7. Dezember 2021" in (
        text_of(page)
    )


def test_the_index_shows_the_history_and_keeps_the_old_anchors(site: tuple[SphinxTestApp, Path]) -> None:
    _, out = site
    index = article(out / "organisationen.html")
    entry = index.find(id="org-bundesministerium-der-justiz-und-fuer-verbraucherschutz")
    assert text_of(entry) == (
        "Bundesministerium der Justiz (BMJ) – 3 Ereignisse · früher: Bundesministerium der Justiz und für "
        "Verbraucherschutz (BMJV) bis 7. Dezember 2021"
    )
    assert index.find(id="org-bundesministerium-der-justiz") is not None  # the other name's anchor too
    assert "Bundesministerium der Justiz und für Verbraucherschutz (BMJV) → heute: Bundesministerium der Justiz" in (
        text_of(index)
    )


def test_year_pages_show_the_name_as_written_and_link_to_the_one_page(site: tuple[SphinxTestApp, Path]) -> None:
    _, out = site
    for year, written in (("2020", "BMJV"), ("2022", "BMJ")):
        page = article(out / "years" / f"{year}.html")
        links = {text_of(a): a["href"] for a in page.find_all("a") if "organisationen/" in a["href"]}
        assert links[written] == f"../{OLD_PAGE}"
    roles = article(out / "years" / "2020.html").find("p")
    # {kok:org} with an earlier name: that name, linked to the one page
    assert text_of(roles) == (
        "Verweise: Bundesministerium der Justiz und für Verbraucherschutz und "
        "Bundesministerium der Justiz und für Verbraucherschutz."
    )
    assert {a["href"] for a in roles.find_all("a")} == {f"../{OLD_PAGE}"}


def test_the_address_of_the_other_name_leads_on(site: tuple[SphinxTestApp, Path]) -> None:
    _, out = site
    redirect = (out / NEW_SLUG_PAGE).read_text(encoding="utf-8")
    assert (
        '<meta http-equiv="refresh" content="0; url=bundesministerium-der-justiz-und-fuer-verbraucherschutz.html">'
        in (redirect)
    )


def test_search_knows_every_name_and_labels_the_kinds_in_german(site: tuple[SphinxTestApp, Path]) -> None:
    _, out = site
    index = search_index(out)
    names = [entry[4] for entries in index["objects"].values() for entry in entries]
    assert "Bundesministerium der Justiz (BMJ)" in names
    assert (
        "Bundesministerium der Justiz und für Verbraucherschutz (BMJV), heute Bundesministerium der Justiz (BMJ)"
        in (names)
    )
    assert sorted(label for _, _, label in index["objnames"].values()) == ["Organisation"]  # events: search.py
    page = index["docnames"].index(OLD_PAGE.removesuffix(".html"))
    for word in ("verbraucherschutz", "bmjv"):
        found = index["terms"][word]
        assert page in (found if isinstance(found, list) else [found])


# -- renaming: the address stays, incremental equals fresh -----------------------------------------

BEFORE = """[[organisation]]
name = "Bundesministerium der Justiz und für Verbraucherschutz"
kurz = "BMJV"
auch = ["Justizministerium (BMJV)"]

[[organisation]]
name = "Bundesweiter Koordinierungskreis gegen Menschenhandel e.V."
kurz = "KOK"
"""


def test_a_rename_keeps_the_address_and_the_incremental_build_equals_a_fresh_one(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "rename"
    shutil.copytree(rootdir / "test-renamed", srcdir)
    renamed = (srcdir / "organisationen.toml").read_text(encoding="utf-8")
    year = (srcdir / "years" / "2022.md").read_text(encoding="utf-8")
    (srcdir / "organisationen.toml").write_text(BEFORE, encoding="utf-8")
    (srcdir / "years" / "2022.md").unlink()
    before = build_app(make_app, srcdir, freshenv=True)
    old = Path(before.outdir) / OLD_PAGE
    assert "1 Ereignis" in text_of(article(old))

    touch(srcdir / "organisationen.toml", renamed)  # the old name moves into the history
    touch(srcdir / "years" / "2022.md", year)
    after, _, _ = rebuild(make_app, srcdir)
    assert "3 Ereignisse" in text_of(article(Path(after.outdir) / OLD_PAGE))  # the same address
    assert outputs(Path(after.outdir)) == outputs(fresh_build(make_app, srcdir))

    # an explicit address: the page moves, and the old address leads on to it
    touch(srcdir / "organisationen.toml", renamed.replace('kurz = "BMJ"\n', 'kurz = "BMJ"\nadresse = "bmj"\n', 1))
    moved = Path(rebuild(make_app, srcdir)[0].outdir)
    assert "3 Ereignisse" in text_of(article(moved / "organisationen" / "bmj.html"))
    assert 'url=bmj.html"' in (moved / OLD_PAGE).read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "rename-fresh")
    assert outputs(moved) == outputs(fresh_build(make_app, srcdir))


# -- kok.org advice --------------------------------------------------------------------------------

MISTAKES = """# Jahresrückblick 2023

:::{kok-timeline}
:::

:::{kok-event} Alter Name nach der Umbenennung
:date: 2023-02-01
:category: politik
:org: BMJV
:::

:::{kok-event} Andere Schreibweise
:date: 2023-03-01
:category: politik
:org: EU-Koordinatorin gegen Menschenhandel
:::

:::{kok-event} Ähnliche Abkürzung
:date: 2023-04-01
:category: politik
:org: BMJX
:::
"""

EARLY = """# Jahresrückblick 2021

:::{kok-timeline}
:::

:::{kok-event} Ähnliche Abkürzung vor der Umbenennung
:date: 2021-06-01
:category: politik
:org: BMJX
:::
"""


@pytest.fixture(scope="module")
def warned(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    srcdir = tmp_path_factory.mktemp("renamed-warnings") / "src"
    shutil.copytree(rootdir / "test-renamed", srcdir)
    (srcdir / "years" / "2023.md").write_text(MISTAKES, encoding="utf-8")
    (srcdir / "years" / "2021.md").write_text(EARLY, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return srcdir, warnings_of(app)


def _warning(warned: tuple[Path, list[str]], page: str, line: int) -> str:
    srcdir, warnings = warned
    (found,) = [w for w in warnings if w.startswith(f"{srcdir / 'years' / page}:{line}: WARNING: ")]
    assert found.endswith("[kok.org]")
    return found.split("WARNING: ", 1)[1]


def test_one_warning_per_mistake(warned: tuple[Path, list[str]]) -> None:
    assert len(warned[1]) == 4, warned[1]


def test_an_earlier_name_after_the_rename_names_the_name_of_the_time(warned: tuple[Path, list[str]]) -> None:
    assert _warning(warned, "2023.md", 9) == (
        "»BMJV« ist ein früherer Name und galt nur bis 7.12.2021; am 1.2.2023 hieß die Organisation "
        "»Bundesministerium der Justiz (BMJ)«. Das Ereignis steht trotzdem bei ihr; bitte den Namen dieser "
        "Zeit verwenden. [kok.org]"
    )


def test_another_spelling_offers_the_line_for_the_existing_entry(warned: tuple[Path, list[str]]) -> None:
    message = _warning(warned, "2023.md", 15)
    assert message.startswith(
        "»EU-Koordinatorin gegen Menschenhandel« steht nicht im Organisationsverzeichnis; gemeint ist wohl "
        "»EU-Koordinator gegen Menschenhandel«."
    )
    assert (
        "Ist es dieselbe Organisation in anderer Schreibweise, im Eintrag »EU-Koordinator gegen Menschenhandel« "
        "in organisationen.toml die Zeile »auch = …« dort durch diese ersetzen:\n"
        '    auch = ["EU-Koordination", "EU-Koordinatorin gegen Menschenhandel"]\n'
        "Ist es eine andere Organisation: Die Zeilen für organisationen.toml stehen, für alle fehlenden zusammen, "
        "in der Zusammenfassung am Ende des Builds. [kok.org]"
    ) in message


def test_a_similar_abbreviation_is_a_question_with_the_name_of_the_events_time(
    warned: tuple[Path, list[str]],
) -> None:
    after = _warning(warned, "2023.md", 21)
    assert after.startswith(
        "»BMJX« steht nicht im Organisationsverzeichnis; ähnlich wie »BMJ« – dieselbe Organisation? Es wird"
    )
    assert "gemeint ist wohl" not in after
    before = _warning(warned, "2021.md", 9)
    assert re.match(
        r"»BMJX« steht nicht im Organisationsverzeichnis; ähnlich wie »BMJ« \(zur Zeit dieses Ereignisses: "
        r"»Bundesministerium der Justiz und für Verbraucherschutz \(BMJV\)«\) – dieselbe Organisation\? ",
        before,
    )
    assert 'auch = ["BMJX"]' in before  # the line for the existing entry, as for any similar name
