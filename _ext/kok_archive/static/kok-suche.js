/* KOK-Archiv: the event search on Sphinx's search page.
 *
 * Above Sphinx's own results (pages and organisations), the events that hold every word of the
 * query (found by kok-suche-finden.js in the index files of _static/kok-suche): first the list of
 * files and the facts per event (meta), then only the files of the query's keys, then what the
 * results on screen show – no page of the site is fetched.
 * The last part of kok-suche-alles.js (search.py joins it after the language's stemmer and stop words
 * and the finding), loaded at the top of the page's head after the word rules, which the page holds
 * itself: the search runs while the page is still being read, and its results are shown as soon as
 * Sphinx's results container exists, before Sphinx's own scripts at the page's end.
 * Facets (Jahr, Kategorie, Organisation) narrow the list, with counts that follow the query, and
 * live in the address (?q=…&jahr=2022&kategorie=politik&organisation=…).
 */
// texts in the edition's language (kok-texte.js, written by assets.py); German without it
function kokText(text) {
  return (typeof KOK_TEXTE !== "undefined" && KOK_TEXTE[text]) || text;
}

(() => {
  "use strict";
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  if (!KOK_FINDEN) return;
  const { load, stem, root } = KOK_FINDEN;
  const search = (meta) => KOK_FINDEN.search(query, meta);
  const FIRST = 10; // results on screen at first, then MORE per click
  const MORE = 20;
  const ORGS_SHOWN = 8;
  const FACETS = ["jahr", "kategorie", "organisation"];
  const LANGUAGE = document.documentElement.lang || "de"; // numbers as the edition writes them
  let collator = null; // made when the facets are first shown: it costs the first search some 30 ms

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  // -- facets -------------------------------------------------------------------------------

  const chosen = Object.fromEntries(FACETS.map((facet) => [facet, new Set(params.getAll(facet))]));

  const valuesOf = (facet, n, meta) => {
    if (facet === "jahr") return meta.year[n] < 0 ? [] : [String(meta.years[meta.year[n]])];
    if (facet === "kategorie") return meta.category[n] < 0 ? [] : [meta.categories[meta.category[n]][0]];
    return meta.organisation[n].map((o) => meta.organisations[o][0]);
  };

  const passes = (n, meta, except) =>
    FACETS.every((facet) => facet === except || chosen[facet].size === 0 || valuesOf(facet, n, meta).some((v) => chosen[facet].has(v)));

  const counts = (hits, facet, meta) => {
    const count = new Map();
    for (const hit of hits) {
      if (!passes(hit.n, meta, facet)) continue;
      for (const value of valuesOf(facet, hit.n, meta)) count.set(value, (count.get(value) ?? 0) + 1);
    }
    return count;
  };

  const facetOptions = (facet, count, meta) => {
    const shown = new Set([...count.keys(), ...chosen[facet]]);
    if (facet === "jahr") return [...shown].sort((a, b) => b - a).map((v) => [v, v]);
    if (facet === "kategorie") return meta.categories.filter(([key]) => shown.has(key)).map(([key, label]) => [key, label]);
    const names = new Map(meta.organisations.map(([key, name]) => [key, name]));
    collator ??= new Intl.Collator("de");
    return [...shown]
      .filter((key) => names.has(key))
      .sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || collator.compare(names.get(a), names.get(b)))
      .map((key) => [key, names.get(key)]);
  };

  // -- showing ------------------------------------------------------------------------------

  const marked = (text, items) => {
    const nodes = [];
    let at = 0;
    for (const match of text.matchAll(KOK_WORTE.WORD)) {
      const [[word, gendered]] = KOK_WORTE.words(match[0]);
      const hit = KOK_WORTE.keys(word, gendered, stem).some((key) => items.some((item) => item.matched.has(key)));
      if (!hit) continue;
      nodes.push(text.slice(at, match.index), el("mark", { textContent: match[0] }));
      at = match.index + match[0].length;
    }
    nodes.push(text.slice(at));
    return nodes;
  };

  const item = (hit, shown, meta, items) => {
    const [page, anchor, date, title, details] = shown;
    const category = meta.categories[meta.category[hit.n]];
    const li = el("li", { className: "kok-treffer" });
    const head = el("p", { className: "kok-treffer-kopf" }, el("span", { className: "kok-date", textContent: date }));
    if (category) {
      li.classList.add(`kok-category-${category[0]}`);
      head.append(" ", el("span", { className: `kok-category kok-category-${category[0]}`, textContent: category[1] }));
    }
    const link = el("a", { href: `${root}${meta.pages[page]}#${anchor}` }, ...marked(title, items));
    li.append(head, el("p", { className: "kok-treffer-titel" }, link));
    if (details) li.append(el("p", { className: "kok-treffer-auszug" }, ...marked(details, items)));
    const orgs = meta.organisation[hit.n].map((o) => meta.organisations[o][1]);
    if (orgs.length) li.append(el("p", { className: "kok-treffer-orgs", textContent: orgs.join(" · ") }));
    return li;
  };

  const shownOf = async (hits, meta) => {
    const chunks = [...new Set(hits.map((hit) => Math.floor(hit.n / meta.chunk)))];
    const loaded = new Map(await Promise.all(chunks.map(async (c) => [c, (await load(`d-${c}`)) ?? []])));
    return hits.map((hit) => loaded.get(Math.floor(hit.n / meta.chunk))[hit.n % meta.chunk]);
  };

  /** 2634 → "2.634" (English "2,634"), as toLocaleString writes it, without the cost of its first call. */
  const thousands = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, LANGUAGE.startsWith("de") ? "." : ",");
  const numbered = (n, one, many) => (n === 1 ? kokText(one) : kokText(many).replace("%", thousands(n)));

  const build = (meta) => {
    const section = el("section", { id: "kok-suche" });
    section.setAttribute("aria-labelledby", "kok-suche-titel");
    section.dataset.zustand = "laedt";
    const status = el("p", { id: "kok-suche-status" });
    status.setAttribute("role", "status");
    const suggestion = el("p", { id: "kok-suche-vorschlag", hidden: true });
    const form = el("form", { id: "kok-suche-filter", className: "kok-suche-filter" });
    form.setAttribute("aria-label", kokText("Ereignisse eingrenzen"));
    form.addEventListener("submit", (event) => event.preventDefault());
    const list = el("ol", { id: "kok-suche-treffer", className: "kok-suche-treffer" });
    const more = el("button", { type: "button", id: "kok-suche-mehr", hidden: true, textContent: kokText("Weitere Ereignisse anzeigen") });
    // on a phone the facets fold away above the results, unless some are chosen
    const narrowing = el("details", { className: "kok-suche-eingrenzen" },
      el("summary", { textContent: kokText("Eingrenzen nach Jahr, Kategorie, Organisation") }), form);
    const wide = window.matchMedia("(min-width: 50em)");
    narrowing.open = wide.matches || FACETS.some((f) => chosen[f].size);
    wide.addEventListener("change", () => {
      if (wide.matches) narrowing.open = true; // its summary is hidden there
    });
    section.append(el("h2", { id: "kok-suche-titel", textContent: kokText("Ereignisse") }), status, suggestion,
      el("div", { className: "kok-suche-inhalt" }, narrowing, el("div", {}, list, more)));
    document.getElementById("search-results").before(section);
    return { section, status, suggestion, form, list, more, meta };
  };

  const showFacets = (ui, hits, redraw) => {
    const { form, meta } = ui;
    const focused = document.activeElement?.closest?.("#kok-suche-filter") ? document.activeElement.id : null;
    form.replaceChildren();
    const legends = { jahr: kokText("Jahr"), kategorie: kokText("Kategorie"), organisation: kokText("Organisation") };
    for (const facet of FACETS) {
      const count = counts(hits, facet, meta);
      const options = facetOptions(facet, count, meta);
      if (!options.length) continue;
      const set = el("fieldset", { className: `kok-facette kok-facette-${facet}` }, el("legend", { textContent: legends[facet] }));
      const open = form.dataset[facet] === "alle" || facet !== "organisation";
      options.forEach(([value, label], i) => {
        const input = el("input", { type: "checkbox", name: facet, value, id: `kok-${facet}-${i}`, checked: chosen[facet].has(value) });
        input.addEventListener("change", () => {
          if (input.checked) chosen[facet].add(value);
          else chosen[facet].delete(value);
          redraw();
        });
        const row = el("label", { htmlFor: input.id }, input, ` ${label} `, el("span", { className: "kok-zahl", textContent: `(${count.get(value) ?? 0})` }));
        if (!open && i >= ORGS_SHOWN && !chosen[facet].has(value)) row.hidden = true;
        set.append(row);
      });
      if (!open && options.length > ORGS_SHOWN) {
        const all = el("button", { type: "button", id: `kok-${facet}-alle`, textContent: kokText("Alle {count} Organisationen zeigen").replace("{count}", options.length) });
        all.addEventListener("click", () => {
          form.dataset[facet] = "alle";
          showFacets(ui, hits, redraw);
          document.getElementById(`kok-${facet}-${ORGS_SHOWN}`)?.focus();
        });
        set.append(all);
      }
      form.append(set);
    }
    if (focused) document.getElementById(focused)?.focus();
  };

  const remember = () => {
    const next = new URLSearchParams();
    next.set("q", query);
    for (const facet of FACETS) for (const value of [...chosen[facet]].sort()) next.append(facet, value);
    history.replaceState(history.state, "", `${window.location.pathname}?${next}${window.location.hash}`);
  };

  /** Sphinx's results container is in the page (it comes long before the page's scripts). */
  const containerRead = () =>
    new Promise((resolve) => {
      const found = () => document.getElementById("search-results") || document.readyState !== "loading";
      if (found()) return resolve();
      const observer = new MutationObserver(() => {
        if (!found()) return;
        observer.disconnect();
        resolve();
      });
      observer.observe(document.documentElement, { childList: true, subtree: true });
    });

  const start = async () => {
    const meta = await load("meta");
    if (!meta || meta.format !== 1) return;
    const { parsed, hits } = await search(meta);
    shownOf(hits.filter((hit) => passes(hit.n, meta)).slice(0, FIRST), meta); // fetched while the page is read
    await containerRead();
    if (!document.getElementById("search-results")) return;
    headingFirst();
    const ui = build(meta);
    const items = parsed.words;
    const typos = items.filter((item) => item.suggestion);
    if (typos.length) {
      let corrected = query;
      for (const item of typos) corrected = corrected.replace(item.written, item.suggestion);
      const link = el("a", { href: `?q=${encodeURIComponent(corrected)}`, textContent: corrected });
      const [before, after] = kokText("Meinten Sie {suggestion}?").split("{suggestion}");
      ui.suggestion.replaceChildren(before, link, after ?? "");
      ui.suggestion.hidden = false;
    }
    let visible = [];
    let showing = 0;
    const page = async (count) => {
      const next = visible.slice(showing, showing + count);
      const shown = await shownOf(next, meta);
      ui.list.append(...next.map((hit, i) => item(hit, shown[i], meta, items)));
      showing += next.length;
      ui.more.hidden = showing >= visible.length;
    };
    const facets = () =>
      showFacets(ui, hits, () => {
        remember();
        redraw();
      });
    const redraw = async (first = false) => {
      visible = hits.filter((hit) => passes(hit.n, meta));
      showing = 0;
      ui.list.replaceChildren();
      const narrowed = FACETS.some((facet) => chosen[facet].size);
      ui.status.textContent = narrowed
        ? kokText("{shown} von {total} gefunden, eingegrenzt.")
            .replace("{shown}", numbered(visible.length, "Ein Ereignis", "% Ereignisse"))
            .replace("{total}", thousands(hits.length))
        : hits.length
          ? kokText("{shown} gefunden.").replace("{shown}", numbered(hits.length, "Ein Ereignis", "% Ereignisse"))
          : kokText("Keine Ereignisse gefunden.");
      if (!first) facets();
      await page(FIRST);
    };
    ui.more.addEventListener("click", async () => {
      const first = showing;
      await page(MORE);
      ui.list.children[first]?.querySelector("a")?.focus();
    });
    await redraw(true);
    performance.mark("kok-suche-erster-treffer");
    // when the first title is painted (Element Timing: make bench reports it as "on screen")
    ui.list.querySelector(".kok-treffer-titel")?.setAttribute("elementtiming", "kok-suche-erster-treffer");
    // the facets after the first results are painted: they are not what a reader looks at first
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    facets();
    ui.section.dataset.zustand = "fertig";
    performance.mark("kok-suche-fertig");
  };

  if (query) start();
})();

/* Sphinx 9.0's German catalogue has no plural for the closing message of a search:
 * ngettext returns undefined and the summary line breaks with an error. The site's own
 * catalogue (locale/de, merged into translations.js by interface.py) translates it; this
 * stays for a project without one, such as the test archives. Sphinx's scripts come at the
 * page's end: patched once they are read, before Sphinx's search starts. */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Documentation === "undefined") return;
  const ngettext = Documentation.ngettext;
  Documentation.ngettext = (singular, plural, n) =>
    ngettext(singular, plural, n) ??
    (n === 1
      ? "Die Suche ist fertig, es wurde ein Treffer gefunden."
      : "Die Suche ist fertig, es wurden ${resultCount} Treffer gefunden.");
});

/* Furo's search page has no first-level heading: its results start at h2. Before the event
 * search's own section when there is one (kok-suche.js calls it first), else once the page is read. */
function headingFirst() {
  const results = document.getElementById("search-results");
  if (!results || document.querySelector("[role=main] h1")) return;
  const heading = document.createElement("h1");
  heading.textContent = kokText("Suche");
  (document.getElementById("kok-suche") ?? results).before(heading);
}
document.addEventListener("DOMContentLoaded", headingFirst);
