"""The interface around the content speaks German (issue 12), through Sphinx's catalogue.

- The catalogue: every string furo, sphinx-basic-ng and Sphinx's search can show has a German
  translation (locale/de/LC_MESSAGES/sphinx.po over Sphinx's own), and every one of them is
  caught by the list of English interface words below, so the page tests can fail.
- The real site in Chromium, on a fixed sample of every kind of page (helpers.sampled_pages: the
  walk costs the same at thirty years), every page's HTML without a browser: no English word of
  the interface in the text, labels, titles and placeholders around the content, nor in the
  accessibility tree; the search page after a search with and without hits, and the "hide
  matches" link after a search.
- No link to the Markdown sources; the search fetches no page for a result's summary (nor ``_sources``).
- Headings on a 360 px phone: no word broken without a hyphen.

Tests of the real site hold for any content: they find the pages in the build and the
search words in kok-events.json, and never look at the authors' text for English.
"""

from __future__ import annotations

import gettext
import importlib.resources
import itertools
import json
import re
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
import sphinx
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from jinja2.ext import babel_extract
from kok_archive.publishing.interface import _LITERAL_ATTRIBUTE, _LITERAL_TITLE

from .helpers import ROOT, redirect_pages, sampled_pages, sampled_year_pages, site_events, year_pages

CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "sphinx.po"
SPHINX_STATIC = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
THEMES = [
    Path(str(importlib.resources.files("furo"))) / "theme" / "furo",
    Path(str(importlib.resources.files("sphinx_basic_ng"))) / "theme" / "basic-ng",
]

# English words and phrases of the interface of furo, sphinx-basic-ng, Sphinx's basic theme and
# its search (searchtools.js, sphinx_highlight.js), and Sphinx's permalinks. Matched as whole
# words, case-sensitive (a German "Weiter" is no "Next"). Words that are German as well
# (Logo, Downloads, Navigation) are not in it.
ENGLISH = [
    # furo page.html, icons, labels
    "Skip to content",
    "Language",  # the switcher between the editions (kok_archive/templates)
    "Back to top",
    "Next",
    "Previous",
    "Home",
    "On this page",
    "Made with",
    "Copyright",
    "Last updated",
    "Toggle",
    "sidebar",
    "navigation sidebar",
    "table of contents",
    "Light",
    "Dark",
    "Auto",
    "light mode",
    "dark mode",
    "color theme",
    "Contents",
    "Menu",
    "Expand",
    "Collapse",
    "and",
    "pradyunsg",
    "@pradyunsg's",
    "'s",
    "On GitHub",
    "On Read the Docs",
    "Edit this page",
    "View this page",
    "View sources",
    "View",
    "Edit",
    "source link",
    "Source",
    "Show Source",
    "Breadcrumb",
    "Main",
    "Related",
    "Versions",
    "versions",
    "Project Home",
    "Builds",
    "About these documents",
    "Error",
    "Please activate JavaScript",
    "search functionality",
    # Sphinx: index, basic theme
    "Index",
    "General Index",
    "Module Index",
    "Full index on one page",
    "can be huge",
    "Index pages by letter",
    "Symbols",
    "Search",
    "Search Page",
    "Quick search",
    "Go",
    "This Page",
    "Table of Contents",
    "Next topic",
    "Previous topic",
    "next",
    "previous",
    "index",
    "Overview",
    "Welcome",
    "documentation",
    "Created using",
    "Permalink",
    # Sphinx: permalinks
    "Link to this heading",
    "Link to this definition",
    "Link to this term",
    "Link to this table",
    "Link to this code",
    "Link to this image",
    "Link to this toctree",
    "Link to this",
    # Sphinx: the search page and highlighting
    "Searching",
    "Search Results",
    "Search finished",
    "Preparing search",
    "found one page",
    "pages matching",
    "matching the search query",
    "Your search did not match",
    "did not match any documents",
    "spelled correctly",
    "enough categories",
    "Searching for multiple words",
    "Hide Search Matches",
    "Search Matches",
    "Hide",
]
ENGLISH_PATTERN = re.compile(
    "|".join(
        (r"(?<![\w@'])" if re.match(r"\w", p) else "") + re.escape(p) + (r"(?![\w'])" if re.search(r"\w$", p) else "")
        for p in sorted(ENGLISH, key=len, reverse=True)
    )
)
# catalogue entries whose German equals the English (no interface word of the list)
SAME_IN_GERMAN = {"Logo", "Downloads", ", in "}


def english_in(texts: list[str]) -> list[str]:
    return sorted({f"{m[0]!r} in {text!r}" for text in texts for m in ENGLISH_PATTERN.finditer(text)})


# -- the catalogue -----------------------------------------------------------------------


def project_catalogue() -> Any:
    with CATALOGUE.open("rb") as file:
        return read_po(file)


def translator(site: Path) -> gettext.NullTranslations:
    """What the build used: the project's compiled catalogue over Sphinx's German one."""
    mo = ROOT / "locale" / "de" / "LC_MESSAGES" / "sphinx.mo"
    assert mo.is_file(), "Sphinx compiles the catalogue at build time (gettext_auto_build)"
    assert mo.stat().st_mtime >= CATALOGUE.stat().st_mtime
    with mo.open("rb") as file:
        ours = gettext.GNUTranslations(file)
    with (Path(sphinx.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "sphinx.mo").open("rb") as file:
        ours.add_fallback(gettext.GNUTranslations(file))
    return ours


def theme_strings() -> set[str]:
    """Every gettext string of the theme's templates, and every literal label that
    kok_archive.publishing.interface makes translatable."""
    found: set[str] = set()
    for theme in THEMES:
        for template in theme.rglob("*.html"):
            with template.open("rb") as file:
                for _line, _function, message, _comments in babel_extract(
                    file, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n"}
                ):
                    found.update([message] if isinstance(message, str) else [m for m in message if m])
            text = template.read_text(encoding="utf-8")
            found.update(m[2] for m in _LITERAL_ATTRIBUTE.finditer(text))
            found.update(m[1] for m in _LITERAL_TITLE.finditer(text))
    return found


def search_strings() -> set[str]:
    """The strings searchtools.js and sphinx_highlight.js pass through gettext."""
    found: set[str] = set()
    for script in ("searchtools.js", "sphinx_highlight.js"):
        text = (SPHINX_STATIC / script).read_text(encoding="utf-8")
        # the first argument: the key of translations.js (ngettext's plural is not one)
        found.update(re.findall(r'(?:\b_|gettext|ngettext)\(\s*"([^"]*)"', text))
    return found


def test_the_catalogue_is_compiled_by_sphinx_and_not_committed() -> None:
    assert "*.mo" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    entries = [m for m in project_catalogue() if m.id]
    assert entries
    assert all(m.string and not m.fuzzy for m in entries), "untranslated or fuzzy entries"


def test_every_theme_string_has_a_german_translation(site: Path) -> None:
    strings = theme_strings()
    assert {"Skip to content", "Back to top", "Toggle site navigation sidebar", "Light mode"} <= strings
    german = translator(site)
    untranslated = sorted(s for s in strings if german.gettext(s) in ("", s) and s not in SAME_IN_GERMAN)
    assert not untranslated, f"add these to {CATALOGUE.relative_to(ROOT)}: {untranslated}"


def test_the_search_speaks_german_through_translations_js(site: Path) -> None:
    text = (site / "_static" / "translations.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    strings = search_strings()
    assert {"Searching", "Search Results", "Hide Search Matches"} <= strings
    for string in strings - SAME_IN_GERMAN:
        translated = data["messages"].get(string)
        forms = translated if isinstance(translated, list) else [translated]
        assert all(forms), string
        assert not english_in(forms), (string, translated)
    # the plural rule gives a number: ngettext indexes the forms with it (Sphinx's "(n != 1)" does not)
    assert data["plural_expr"].startswith("Number(")


def test_the_list_of_english_words_catches_every_string_the_catalogue_translates() -> None:
    """Otherwise the page tests could not notice an untranslated string."""
    missed = []
    for message in project_catalogue():
        for msgid in [message.id] if isinstance(message.id, str) else list(message.id):
            if not msgid or msgid in SAME_IN_GERMAN or "Furo" in msgid:  # the footer credit: names only
                continue
            if not english_in([BeautifulSoup(msgid, "html.parser").get_text()]):
                missed.append(msgid)
    assert not missed
    german = [  # the translations, not the catalogue's header (its fields are named in English)
        t for m in project_catalogue() if m.id for t in ([m.string] if isinstance(m.string, str) else m.string)
    ]
    assert not english_in([BeautifulSoup(t, "html.parser").get_text() for t in german if t])


# -- every page in a browser -------------------------------------------------------------

# the authors' content inside the article, and names of pages and headings around it
CONTENT_TEXT = ", ".join(
    [
        ".sidebar-tree .reference",
        ".sidebar-tree .caption",
        ".toc-tree .reference",
        ".sidebar-brand",
        ".mobile-header .brand",
        ".related-pages .title",
    ]
)
# what the theme and the scripts add inside the article
INTERFACE_IN_MAIN = ", ".join(
    [
        ".headerlink",
        "h1#index",
        "#search-results > h1",
        "#search-results > h2",
        "#search-results > .search-summary",
        "#search-progress",
        "#kok-suche > h2",  # the event search (kok-suche.js): headings, status, facets, buttons
        "#kok-suche-status",
        "#kok-suche-vorschlag",
        "#kok-suche-filter legend",
        ".kok-suche-eingrenzen > summary",
        "#kok-suche-filter button",
        "#kok-suche-mehr",
        ".kok-filter",
        ".kok-filter-status",
    ]
)

COLLECT = """([contentText, interfaceInMain]) => {
  const main = document.querySelector('[role=main]');
  const own = (el) => !(main && main.contains(el)) || el.closest(interfaceInMain);
  const texts = [], names = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const el = node.parentElement;
    const text = node.data.replace(/\\s+/g, ' ').trim();
    if (!text || !el || el.closest('script, style, noscript') || !own(el)) continue;
    (el.closest(contentText) ? names : texts).push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
    if (!own(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'])
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
  }
  const h1 = main && main.querySelector('h1');
  let title = document.title;
  const brand = document.querySelector('.sidebar-brand-text');
  const known = [brand ? brand.textContent.trim() : ''];
  if (h1 && !h1.closest(interfaceInMain)) known.push(h1.textContent.replace('¶', '').trim());
  for (const name of known) if (name) title = title.replace(name, '');
  texts.push(title);
  return {texts, names};
}"""


def html_pages(site: Path) -> list[str]:
    redirects = redirect_pages(site)  # no interface: a line and a link (org_redirects.py)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)
    pages = [page for page in pages if page not in redirects]
    assert "index.html" in pages
    assert "search.html" in pages
    return pages


def walked_pages(site: Path) -> list[str]:
    """What the browser walk visits: a fixed sample of every kind of page (helpers.sampled_pages)."""
    pages = sampled_pages(site, html_pages(site))
    assert {"index.html", "search.html", *sampled_year_pages(site)} <= set(pages)
    return pages


def search_word(site: Path) -> str:
    """A word that the search finds on any content: the longest word of an event's title."""
    words = re.findall(r"[A-Za-zÄÖÜäöüß]{6,}", site_events(site)[0]["title"])
    assert words
    return str(max(words, key=len))


def collect(page: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = page.evaluate(COLLECT, [CONTENT_TEXT, INTERFACE_IN_MAIN])
    return found


def english_of(found: dict[str, list[str]]) -> list[str]:
    # names of pages and headings: only an interface string standing alone ("Home") is English
    alone = [n for n in found["names"] if ENGLISH_PATTERN.fullmatch(n)]
    return english_in(found["texts"]) + alone


def finished_search(browser: Any, served: str, query: str, **options: Any) -> Any:
    page = browser.new_page(**options)
    page.goto(f"{served}/search.html?q={quote(query)}")
    page.wait_for_function("(document.querySelector('#search-results .search-summary')?.textContent || '') !== ''")
    page.wait_for_selector("#kok-suche[data-zustand=fertig]")
    return page


HEADING_STYLE = "(h) => [getComputedStyle(h).hyphens, h.closest('[lang]')?.lang, h.scrollWidth <= h.clientWidth]"


class Walked(NamedTuple):
    """One page as a browser showed it: what the interface says (COLLECT), the accessibility tree,
    and on a phone whether the page hyphenates and its main headings (style, lines as broken)."""

    said: dict[str, list[str]]
    aria: str
    hyphenates: bool
    headings: list[tuple[list[Any], list[str]]]


@pytest.fixture(scope="module")
def walk(browser: Any, served: str, site: Path) -> dict[tuple[str, int], Walked]:
    """The sampled pages (walked_pages) once on a desktop and once on a phone: one walk for the
    checks of this module."""
    seen: dict[tuple[str, int], Walked] = {}
    for width in (1280, 360):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name in walked_pages(site):
            page.goto(f"{served}/{name}")
            headings: list[tuple[list[Any], list[str]]] = []
            hyphenates = False
            if width == 360:
                hyphenates = page.evaluate(HYPHENATES)
                selector = "[role=main] h1, [role=main] h2" if name in year_pages(site) else "[role=main] h1"
                for heading in page.locator(selector).all():
                    style = heading.evaluate(HEADING_STYLE)
                    headings.append((style, heading.evaluate(LINES)))
            seen[(name, width)] = Walked(collect(page), page.locator("body").aria_snapshot(), hyphenates, headings)
        page.close()
    return seen


@pytest.fixture(scope="module")
def visited(
    browser: Any, served: str, site: Path, walk: dict[tuple[str, int], Walked]
) -> dict[str, dict[str, list[str]]]:
    """What the interface says on every page, on a desktop and on a phone, and on the search
    page after searches with hits, one without, and a page opened from a hit (highlighting)."""
    seen: dict[str, dict[str, list[str]]] = {f"{name} @{width}": walked.said for (name, width), walked in walk.items()}
    word = search_word(site)
    # an event's word (found by the event search only), a word of the home page (Sphinx's search too), nothing
    for query in (word, "Menschenhandel", "xqzjvwk"):
        page = finished_search(browser, served, query)
        seen[f"search.html?q={query}"] = collect(page)
        page.close()
    page = browser.new_page()
    page.goto(f"{served}/{year_pages(site)[0]}?highlight={quote(word.lower())}")
    page.wait_for_selector("#searchbox .highlight-link")
    seen["highlight"] = collect(page)
    page.close()
    return seen


def test_no_english_interface_string_on_any_page(visited: dict[str, dict[str, list[str]]]) -> None:
    english = {where: found for where, texts in visited.items() if (found := english_of(texts))}
    assert not english


def test_the_interface_strings_are_the_german_ones(visited: dict[str, dict[str, list[str]]]) -> None:
    """The collection sees the interface at all: German strings of the catalogue are there."""
    everything = " | ".join(t for found in visited.values() for t in found["texts"])
    for german in (
        "Zum Inhalt springen",
        "Nach oben",
        "Navigation ein- und ausblenden",
        "Helles Design",
        "Dunkles Design",
        "Link zu dieser Überschrift",
        "Suchergebnisse",
        "Die Suche ist fertig",
        "Die Suche hat keine Treffer ergeben",
        "Hervorhebung der Suchbegriffe ausblenden",
        "Erstellt mit",
        "© KOK e.V.",
    ):
        assert german in everything, german


def test_static_pages_hold_no_english_interface_string(site: Path) -> None:
    """What no browser shows with JavaScript on: <noscript>, and the labels in the raw HTML."""
    for name in html_pages(site):
        soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        texts = [t.get_text(" ", strip=True) for t in soup.find_all("noscript")]
        main = soup.find(attrs={"role": "main"})
        for tag in soup.find_all(True):
            if isinstance(main, Tag) and main in tag.parents and "headerlink" not in (tag.get("class") or []):
                continue
            texts += [str(tag[a]) for a in ("aria-label", "title", "placeholder", "alt") if tag.has_attr(a)]
        assert not english_in(texts), name


# the roles whose names are the interface's own (links and headings are named by content)
CONTROLS = {
    "banner",
    "button",
    "checkbox",
    "combobox",
    "complementary",
    "contentinfo",
    "form",
    "img",
    "main",
    "navigation",
    "radio",
    "region",
    "search",
    "searchbox",
    "switch",
    "tab",
    "textbox",
}
ARIA_LINE = re.compile(r'^\s*- (\w+)(?: "((?:[^"\\]|\\.)*)")?')


def test_the_accessibility_tree_names_no_control_or_landmark_in_english(
    browser: Any, served: str, site: Path, walk: dict[tuple[str, int], Walked]
) -> None:
    checked = 0
    for width in (1280, 360):
        for url in walked_pages(site):
            snapshot = walk[(url, width)].aria  # the module's one walk over its sample of pages
            named = [(m[1], m[2]) for line in snapshot.splitlines() if (m := ARIA_LINE.match(line)) and m[2]]
            controls = [f"{role} {name!r}" for role, name in named if role in CONTROLS]
            alone = [f"{role} {name!r}" for role, name in named if ENGLISH_PATTERN.fullmatch(name)]
            assert not english_in(controls), url
            assert not alone, url
            checked += len(controls)
    page = finished_search(browser, served, search_word(site))
    snapshot = page.locator("body").aria_snapshot()
    page.close()
    headings = [m[2] for line in snapshot.splitlines() if (m := ARIA_LINE.match(line)) and m[1] == "heading" and m[2]]
    assert "Suchergebnisse" in " ".join(headings)
    assert not english_in(headings)
    assert checked, "no control was named at all"
    assert 'button "Design wechseln' in snapshot


# -- no way to the raw sources -----------------------------------------------------------


def test_no_link_to_the_sources_and_no_view_this_page(site: Path) -> None:
    assert not (site / "_sources").exists(), "html_copy_source = False: no copy of the Markdown sources"
    for name in html_pages(site):
        soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        links = [str(a["href"]) for a in soup.find_all("a", href=True)]
        assert not [href for href in links if "_sources" in href], name
        assert not soup.select(".view-this-page, .edit-this-page, a[rel=sourcelink]"), name
        text = soup.get_text(" ")
        for english in ("View this page", "Edit this page", "Show Source", "View sources"):
            assert english not in text, name


def test_search_results_fetch_no_page_for_a_summary(browser: Any, served: str, site: Path) -> None:
    """The event results' snippets come from the search's own files; Sphinx's results (pages,
    organisations) show no summary, which would fetch every page found (search.py)."""
    requested: list[str] = []
    page = finished_search(browser, served, search_word(site))
    page.on("request", lambda request: requested.append(request.url))
    page.reload()
    page.wait_for_selector("#kok-suche[data-zustand=fertig]")
    page.wait_for_function("(document.querySelector('#search-results .search-summary')?.textContent || '') !== ''")
    assert page.locator("#kok-suche-treffer li").count() > 0
    page.close()
    pages = [url for url in requested if url.split("?")[0].endswith(".html") or "_sources" in url]
    assert pages == [f"{served}/search.html?q={quote(search_word(site))}"]


# -- headings on a phone -----------------------------------------------------------------

LINES = """(element) => {
  // the lines of a heading's text, character by character, as the browser laid it out
  const lines = []; let top = null; let line = '';
  const range = document.createRange();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    if (node.parentElement.closest('.headerlink')) continue;
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || !node.data[i].trim()) { line += node.data[i]; continue; }
      if (top !== null && Math.abs(rect.top - top) > rect.height / 2) { lines.push(line); line = ''; }
      top = rect.top; line += node.data[i];
    }
  }
  lines.push(line);
  return lines;
}"""

HYPHENATES = """() => {
  // does this browser hyphenate German (a dictionary)? A long word in a narrow box breaks only then.
  const probe = document.createElement('div');
  probe.lang = 'de';
  probe.style.cssText = 'position:absolute; visibility:hidden; width:3em; hyphens:auto; '
    + '-webkit-hyphens:auto; overflow-wrap:normal; word-break:normal';
  probe.textContent = 'Menschenhandelsberatungsstelle';
  document.body.append(probe);
  const range = document.createRange(); range.selectNodeContents(probe);
  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  probe.remove();
  return lines > 1;
}"""


def broken_words(lines: list[str], hyphenates: bool) -> list[str]:
    """Words split between two lines with no hyphen drawn: letters on both sides of a break
    (unless the browser hyphenates, which draws one)."""
    if hyphenates:
        return []
    return [
        f"{before}|{after}"
        for before, after in itertools.pairwise(lines)
        if re.search(r"\w$", before) and re.match(r"\w", after)
    ]


def test_the_broken_word_check_sees_a_break(browser: Any, served: str) -> None:
    """The check below can fail: furo's 40 px title on a 360 px phone broke "Jahresrückblic|k"."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{served}/index.html")
    page.evaluate(
        "() => { const h = document.createElement('h1'); h.id = 'probe'; h.style.cssText = "
        "'font-size:40px;width:280px;hyphens:manual;overflow-wrap:break-word'; "
        "h.textContent = 'Jahresrückblick 2020'; document.querySelector('[role=main]').prepend(h); }"
    )
    lines = page.locator("#probe").evaluate(LINES)
    page.close()
    assert broken_words(lines, hyphenates=False), lines


def test_headings_break_no_word_without_a_hyphen_on_a_phone(site: Path, walk: dict[tuple[str, int], Walked]) -> None:
    checked = []
    for name in walked_pages(site):
        hyphenates = walk[(name, 360)].hyphenates  # the module's one walk, on a 360 px phone
        for style, lines in walk[(name, 360)].headings:
            assert style == ["auto", "de", True], (name, style)
            assert not broken_words(lines, hyphenates), (name, lines)
            checked.append(" / ".join(lines))
    assert any(line.startswith("Jahresrückblick") for line in checked), checked
