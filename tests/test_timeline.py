"""The directive, the domain and the per-month timeline on a small real build."""

from __future__ import annotations

import copy

import pytest
from bs4 import Tag
from docutils import nodes
from kok_archive.access import kok_domain
from sphinx.testing.util import SphinxTestApp

from .helpers import article, events_by_section, text_of, warnings_of


@pytest.mark.sphinx("html", testroot="timeline")
def test_builds_without_any_warning(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="timeline")
def test_one_section_per_month_in_order_with_events_sorted(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "years" / "2021.html")
    sections = events_by_section(page)
    assert list(sections) == ["monat-2020-12", "monat-2021-01", "monat-2021-03"]
    titles = [text_of(s.find("h2")) for s in page.find_all("section", class_="kok-month")]
    assert titles == ["Dezember 2020¶", "Januar 2021¶", "März 2021¶"]
    january = [text_of(e.find(class_="kok-event-title")) for e in sections["monat-2021-01"]]
    # by date; author's order on the tie; the month-only event last
    assert january == ["Zwei Tage", "Gleiche Tage, später geschrieben", "Einzelne Tage", "Nur ein Monat"]


@pytest.mark.sphinx("html", testroot="timeline")
def test_an_event_renders_every_field(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "years" / "2021.html")
    node = page.find(id="kok-2021-03-17-ein-tag-im-maerz")
    assert isinstance(node, Tag)
    assert node.name == "div"
    assert {"kok-event", "kok-category-politik"} <= set(node["class"])
    assert text_of(node.find(class_="kok-date")) == "17.3."
    label = node.find(class_="kok-event-meta").find(class_="kok-category")
    assert text_of(label) == "Politik"  # a visible text label, not colour alone
    title_link = node.find(class_="kok-event-title").find("a")
    assert title_link["href"] == "#kok-2021-03-17-ein-tag-im-maerz"  # permalink to itself
    assert title_link.find("em").get_text() == "März"  # inline markup in the title
    assert text_of(node.find(class_="kok-event-orgs")) == "Organisationen: Bündnis A, B und C; KOK"
    assert text_of(node.find(class_="kok-event-persons")) == "Personen: Erika Musterfrau; Max Mustermann"
    details = node.find(class_="kok-event-details")
    assert details.find("strong").get_text() == "Fettdruck"
    assert [li.get_text(strip=True) for li in details.find_all("li")] == ["eins", "zwei"]
    link = node.find(class_="kok-event-link").find("a")
    assert link["href"] == "https://example.org/pm"


@pytest.mark.sphinx("html", testroot="timeline")
def test_prose_stays_legend_heads_timeline_and_later_sections_follow(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "years" / "2021.html")
    top = page.find("section")
    order = [c.get("id") or " ".join(c.get("class", [])) or c.name for c in top.find_all(recursive=False)]
    assert order == [
        "h1",
        "p",
        "kok-legend docutils container",
        "monat-2020-12",
        "monat-2021-01",
        "monat-2021-03",
        "impressum",
    ]
    legend = page.find(class_="kok-legend")
    assert [text_of(s) for s in legend.find_all(class_="kok-category")] == [
        "Veranstaltung",
        "Politik",
        "Publikation",
        "Sonstiges",
    ]
    # without a kok-timeline marker the timeline stands where the first event stood
    other = article(app.outdir / "years" / "2022.html").find("section")
    assert [c.get("id") or c.name for c in other.find_all(recursive=False)] == ["h1", "p", "div", "monat-2022-02"]


@pytest.mark.sphinx("html", testroot="timeline")
def test_months_are_real_sections_in_toc_and_search(app: SphinxTestApp) -> None:
    app.build()
    toc = app.env.tocs["years/2021"]
    refs = [ref["anchorname"] for ref in toc.findall(nodes.reference)]
    assert refs == ["", "#monat-2020-12", "#monat-2021-01", "#monat-2021-03", "#impressum"]
    search = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert '"M\\u00e4rz 2021"' in search or '"März 2021"' in search  # section titles are indexed


@pytest.mark.sphinx("html", testroot="timeline")
def test_domain_keeps_plain_records_and_objects(app: SphinxTestApp) -> None:
    app.build()
    domain = kok_domain(app.env)
    events = domain.data["events"]
    assert sorted(events) == ["years/2021", "years/2022"]
    assert len(events["years/2021"]) == 6
    record = next(e for e in events["years/2021"] if e.anchor == "mv-dezember")
    assert (record.title, record.category, record.date.iso()) == ("Eigener Anker", "veranstaltung", "2020-12-05")
    objects = {obj[0]: obj for obj in domain.get_objects()}
    assert objects["event.mv-dezember"] == (
        "event.mv-dezember",
        "5.12.2020 – Eigener Anker",
        "event",
        "years/2021",
        "mv-dezember",
        -1,  # in the inventory, not in Sphinx's search index (the event search has it: search.py)
    )
    assert all(name != anchor for name, _, _, _, anchor, _ in objects.values())  # search-link pitfall


@pytest.mark.sphinx("html", testroot="timeline")
def test_home_page_lists_years_with_their_number_of_events(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "index.html")
    items = page.find("ul", class_="kok-years").find_all("li")
    assert [text_of(li) for li in items] == ["Jahresrückblick 2022 – 1 Ereignis", "Jahresrückblick 2021 – 6 Ereignisse"]
    assert [li.find("a")["href"] for li in items] == ["years/2022.html", "years/2021.html"]


@pytest.mark.sphinx("html", testroot="timeline")
def test_categories_are_configuration(make_app, app: SphinxTestApp) -> None:
    app.build()
    colours = (app.outdir / "_static" / "kok-categories.css").read_text(encoding="utf-8")
    assert "--kok-color-politik: #b5473a;" in colours
    custom = make_app(
        "html",
        srcdir=app.srcdir,
        builddir=app.srcdir / "_build_custom",
        freshenv=True,
        confoverrides={
            "kok_categories": {
                "politik": {"label": "Politik & Recht", "color": "#123456"},
                "veranstaltung": {"label": "Termin", "color": "#abcdef"},
            }
        },
    )
    custom.build()
    page = article(custom.outdir / "years" / "2021.html")
    assert text_of(page.find(id="kok-2021-03-17-ein-tag-im-maerz").find(class_="kok-category")) == "Politik & Recht"
    assert "--kok-color-politik: #123456;" in (custom.outdir / "_static" / "kok-categories.css").read_text()
    # an event whose category is no longer configured is still shown, and warned about
    assert page.find(id="kok-2021-01-nur-ein-monat") is not None
    assert any("[kok.category]" in w and "sonstiges" in w for w in warnings_of(custom))


@pytest.mark.sphinx("html", testroot="timeline")
def test_references_to_an_event_from_another_page(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "years" / "2022.html")
    links = {text_of(a): a["href"] for a in page.find_all("a", class_="reference internal")}
    assert links["Eigener Anker"] == "2021.html#mv-dezember"  # the role shows the event's title
    assert links["die Versammlung"] == "2021.html#mv-dezember"  # MyST links go through the domain
    assert links["Januar 2021"] == "2021.html#monat-2021-01"  # and so do links to a month section


@pytest.mark.sphinx("html", testroot="timeline", srcdir="timeline-merge", freshenv=True)
def test_merge_copies_only_the_given_documents_and_clear_doc_forgets_one(app: SphinxTestApp) -> None:
    app.build()
    domain = kok_domain(app.env)
    worker = copy.deepcopy(domain.data)
    mine = worker["events"]["years/2022"]
    worker["events"]["years/2021"] = []  # a stale copy the worker only inherited
    domain.clear_doc("years/2022")
    assert "years/2022" not in domain.data["events"]
    domain.merge_domaindata({"years/2022"}, worker)
    assert domain.data["events"]["years/2022"] == mine
    assert len(domain.data["events"]["years/2021"]) == 6  # untouched by the inherited copy


@pytest.mark.sphinx("html", testroot="timeline")
def test_dates_are_machine_readable_in_html(app: SphinxTestApp) -> None:
    app.build()
    page = article(app.outdir / "years" / "2021.html")
    times = {text_of(t): t["datetime"] for t in page.find_all("time", class_="kok-date")}
    assert times == {
        "5.12.": "2020-12-05",
        "16./17.1.": "2021-01-16",
        "22. und 28.1.": "2021-01-22",
        "17.3.": "2021-03-17",
    }
    month_only = page.find(id="kok-2021-01-nur-ein-monat")
    assert month_only.find("time") is None  # no day to show


def test_the_default_category_colours_carry_white_labels_legibly() -> None:
    from kok_archive.config import DEFAULT_CATEGORIES, MIN_CONTRAST, contrast_with_white

    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    for key, spec in DEFAULT_CATEGORIES.items():
        assert contrast_with_white(spec["color"]) >= MIN_CONTRAST, key
