/* KOK-Archiv: events in Sphinx's search results.
 *
 * Sphinx's object search matches raw substrings of a name; this adds a result for
 * every event whose title, details, organisations or persons hold all query words,
 * compared by their stems (Sphinx's own German stemmer, as in searchindex.js), so
 * that "Mitgliederversammlungen" finds every Mitgliederversammlung and the result
 * links straight to the event. (Sphinx 9.0's query parser drops a leading "-", so
 * there are no excluded words to honour.) Loaded with `defer` on the search page only, after
 * searchtools.js and before Search.init runs. The data: kok-search-index.js.
 */
"use strict";

(() => {
  if (typeof Search === "undefined" || typeof KOK_EVENTS === "undefined") return;
  const SCORE = 40; // above Sphinx's own object (≈ 16) and title (15) hits
  const MONTH = /^#monat-\d{4}-\d{2}$/;
  const original = Search._performSearch;

  Search._performSearch = (query, searchTerms, excludedTerms, highlightTerms, objectTerms) => {
    const results = original(query, searchTerms, excludedTerms, highlightTerms, objectTerms);
    if (searchTerms.size === 0) return results;
    const ours = [];
    for (const event of KOK_EVENTS.events) {
      const title = new Set(event.title_terms);
      const all = new Set([...event.title_terms, ...event.terms]);
      if (![...searchTerms].every((term) => all.has(term))) continue;
      const inTitle = [...searchTerms].filter((term) => title.has(term)).length;
      ours.push([
        event.page, event.label, "#" + event.anchor, event.description,
        SCORE + 5 * inTitle, event.file, SearchResultKind.object,
      ]);
    }
    // one result per event: ours replaces Sphinx's object hit for the same anchor
    const found = new Set(ours.map((r) => r[0] + r[2]));
    const rest = results.filter((r) => !found.has(r[0] + r[2]));
    // a month section ("März 2020") goes before the page that holds it
    const months = rest.filter((r) => MONTH.test(r[2]));
    const others = rest.filter((r) => !MONTH.test(r[2]));
    ours.sort((a, b) => a[4] - b[4] || (a[1] < b[1] ? 1 : -1)); // results are shown from the end
    return [...others, ...months, ...ours];
  };
})();

/* Sphinx 9.0's German catalogue has no plural for the closing message of a search:
 * ngettext returns undefined and the summary line breaks with an error. The site's own
 * catalogue (locale/de, merged into translations.js by interface.py) translates it; this
 * stays for a project without one, such as the test archives. */
(() => {
  if (typeof Documentation === "undefined") return;
  const ngettext = Documentation.ngettext;
  Documentation.ngettext = (singular, plural, n) =>
    ngettext(singular, plural, n) ??
    (n === 1
      ? "Die Suche ist fertig, es wurde ein Treffer gefunden."
      : "Die Suche ist fertig, es wurden ${resultCount} Treffer gefunden.");
})();

/* Furo's search page has no first-level heading: its results start at h2. */
(() => {
  const results = document.getElementById("search-results");
  if (!results || document.querySelector("[role=main] h1")) return;
  const heading = document.createElement("h1");
  heading.textContent = "Suche";
  results.before(heading);
})();
