/* KOK-Archiv: the event search on Sphinx's search page.
 *
 * Above Sphinx's own results (pages and organisations), the events that hold every word of the
 * query, read from the index files in _static/kok-suche (kok_archive/search_index.py): first the
 * list of files and the facts per event (meta), then only the files of the query's keys, then
 * what the results on screen show – no page of the site is fetched. Each file calls
 * KOK_SUCHE.laden; script tags load them, so that the search works from file:// too.
 * Loaded in the head of the page, after the language's stemmer and stop words (kok-suche/sprache.js)
 * and the word rules: the search runs while the page is still being read, and its results are shown
 * as soon as Sphinx's results container exists, before Sphinx's own scripts at the page's end.
 * Facets (Jahr, Kategorie, Organisation) narrow the list, with counts that follow the query, and
 * live in the address (?q=…&jahr=2022&kategorie=politik&organisation=…).
 */
"use strict";

(() => {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  if (typeof KOK_WORTE === "undefined" || typeof Stemmer === "undefined") return;
  const stopwords = KOK_STOPPWOERTER;
  const root = document.documentElement.dataset.content_root ?? "";
  const stemmer = new Stemmer();
  const stemCache = new Map();
  const stem = (word) => {
    if (!stemCache.has(word)) stemCache.set(word, stemmer.stemWord(word));
    return stemCache.get(word);
  };
  const FIRST = 10; // results on screen at first, then MORE per click
  const MORE = 20;
  const ORGS_SHOWN = 8;
  const FACETS = ["jahr", "kategorie", "organisation"];

  const waiting = new Map();
  const files = new Map();
  window.KOK_SUCHE = { laden: (name, data) => waiting.get(name)?.(data) };
  const load = (name) => {
    if (!files.has(name)) {
      files.set(
        name,
        new Promise((resolve) => {
          waiting.set(name, resolve);
          const script = document.createElement("script");
          script.src = `${root}_static/kok-suche/${name}.js`;
          script.onerror = () => resolve(null);
          document.head.append(script);
        }),
      );
    }
    return files.get(name);
  };

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  // -- finding ------------------------------------------------------------------------------

  /** The query's words with their keys, and a year or month it names. */
  const parse = (meta) => {
    const found = { words: [], year: null, month: null };
    for (const [word, gendered, written] of KOK_WORTE.words(query)) {
      if (/^\d{4}$/.test(word) && meta.years.includes(Number(word))) found.year = Number(word);
      else if (KOK_WORTE.MONTHS.has(word)) found.month = KOK_WORTE.MONTHS.get(word);
      else if (KOK_WORTE.searchable(word, stopwords)) {
        found.words.push({ word, written, keys: KOK_WORTE.keys(word, gendered, stem), parts: KOK_WORTE.parts(word, gendered) });
      }
    }
    return found;
  };

  const shard = async (kind, part, meta) => {
    const name = KOK_WORTE.filePart(part);
    return meta.files[kind].includes(name) ? (await load(`${kind}-${name}`)) ?? {} : {};
  };

  /** Adds a key's events: the best quality per event, and whether any match was in its title. */
  const decode = (list, into, quality) => {
    let number = 0;
    for (const value of list) {
      number += value >> 1;
      const before = into.get(number) ?? { quality, inTitle: false };
      into.set(number, { quality: Math.max(before.quality, quality), inTitle: before.inTitle || (value & 1) === 1 });
    }
  };

  /** The v- and h- files a word needs: its keys' by their first letters, its parts' by their last. */
  const shardsOf = (item) => [
    ...item.keys.map((key) => ["v", [...key].slice(0, 2).join("")]),
    ...item.parts.map((part) => ["v", [...part].slice(0, 2).join("")]),
    ...item.parts.map((part) => ["h", [...part].slice(-2).join("")]),
  ];

  /** Events of one word: 2 its key, 1 a compound that begins or ends with it, 0 a typing error. */
  const matchWord = async (item, meta) => {
    const found = new Map();
    item.matched = new Set();
    const files = await Promise.all(shardsOf(item).map(([kind, part]) => shard(kind, part, meta)));
    for (const key of item.keys) {
      const list = files.find((file) => file[key])?.[key];
      if (list) {
        decode(list, found, 2);
        item.matched.add(key);
      }
    }
    for (const file of new Set(files)) {
      for (const [other, list] of Object.entries(file)) {
        if (!item.matched.has(other) && KOK_WORTE.inCompound(other, item.parts)) {
          decode(list, found, 1);
          item.matched.add(other);
        }
      }
    }
    // a word without its own key may be mistyped: those events come last; „Meinten Sie …?“ only when
    // nothing else was found (Handel finds Menschenhandel first, and Wandel is no suggestion then)
    const known = found.size > 0;
    if (!item.keys.some((key) => item.matched.has(key)) && [...item.word].length >= meta.typo_shortest) {
      await matchTypo(item, found, meta);
      if (known) delete item.suggestion;
    }
    return found;
  };

  const matchTypo = async (item, found, meta) => {
    const length = [...item.word].length;
    const buckets = await Promise.all(
      [length - 1, length, length + 1].filter((n) => meta.files.f.includes(n)).map((n) => load(`f-${n}`)),
    );
    const candidates = buckets
      .flatMap((bucket) => bucket ?? [])
      .map((entry) => entry.split("|"))
      .map(([written, key]) => [written, key ?? stem(written.toLowerCase())])
      .filter(([written, key]) => KOK_WORTE.oneEdit(written.toLowerCase(), item.word) || KOK_WORTE.oneEdit(key, item.keys[0]));
    for (const [written, key] of candidates.slice(0, 3)) {
      const forward = await shard("v", [...key].slice(0, 2).join(""), meta);
      if (!forward[key]) continue;
      decode(forward[key], found, 0);
      item.matched.add(key);
      item.suggestion ??= written;
    }
  };

  const search = async (meta) => {
    const parsed = parse(meta);
    let events = null;
    // every file the words need at once: one round trip, not one per word and key
    await Promise.all(parsed.words.flatMap(shardsOf).map(([kind, part]) => shard(kind, part, meta)));
    const perWord = await Promise.all(parsed.words.map((item) => matchWord(item, meta)));
    for (const found of perWord) {
      events = events === null ? [...found.keys()] : events.filter((n) => found.has(n));
    }
    if (events === null) {
      // only a period: every event of it
      if (parsed.year === null && parsed.month === null) return { parsed, hits: [] };
      const year = meta.years.indexOf(parsed.year);
      events = meta.year.map((_, n) => n).filter((n) => (parsed.year === null || meta.year[n] === year) && (parsed.month === null || meta.month[n] === parsed.month));
    }
    const year = parsed.year === null ? -1 : meta.years.indexOf(parsed.year);
    const hits = events.map((n) => {
      const matches = perWord.map((found) => found.get(n));
      return {
        n,
        period: (year >= 0 && meta.year[n] === year ? 1 : 0) + (parsed.month !== null && meta.month[n] === parsed.month ? 1 : 0),
        typos: matches.filter((m) => m.quality === 0).length,
        allInTitle: matches.length > 0 && matches.every((m) => m.inTitle) ? 1 : 0,
        exact: matches.filter((m) => m.quality === 2).length,
        inTitle: matches.filter((m) => m.inTitle).length,
      };
    });
    // a named period first, typing errors last, all words in the title before words in the details, newer first
    hits.sort((a, b) => b.period - a.period || a.typos - b.typos || b.allInTitle - a.allInTitle || b.exact - a.exact || b.inTitle - a.inTitle || b.n - a.n);
    return { parsed, hits };
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
    return [...shown]
      .filter((key) => names.has(key))
      .sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || names.get(a).localeCompare(names.get(b), "de"))
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

  const numbered = (n, one, many) => (n === 1 ? one : many.replace("%", n.toLocaleString("de-DE")));

  const build = (meta) => {
    const section = el("section", { id: "kok-suche" });
    section.setAttribute("aria-labelledby", "kok-suche-titel");
    section.dataset.zustand = "laedt";
    const status = el("p", { id: "kok-suche-status" });
    status.setAttribute("role", "status");
    const suggestion = el("p", { id: "kok-suche-vorschlag", hidden: true });
    const form = el("form", { id: "kok-suche-filter", className: "kok-suche-filter" });
    form.setAttribute("aria-label", "Ereignisse eingrenzen");
    form.addEventListener("submit", (event) => event.preventDefault());
    const list = el("ol", { id: "kok-suche-treffer", className: "kok-suche-treffer" });
    const more = el("button", { type: "button", id: "kok-suche-mehr", hidden: true, textContent: "Weitere Ereignisse anzeigen" });
    // on a phone the facets fold away above the results, unless some are chosen
    const narrowing = el("details", { className: "kok-suche-eingrenzen" },
      el("summary", { textContent: "Eingrenzen nach Jahr, Kategorie, Organisation" }), form);
    const wide = window.matchMedia("(min-width: 50em)");
    narrowing.open = wide.matches || FACETS.some((f) => chosen[f].size);
    wide.addEventListener("change", () => {
      if (wide.matches) narrowing.open = true; // its summary is hidden there
    });
    section.append(el("h2", { id: "kok-suche-titel", textContent: "Ereignisse" }), status, suggestion,
      el("div", { className: "kok-suche-inhalt" }, narrowing, el("div", {}, list, more)));
    document.getElementById("search-results").before(section);
    return { section, status, suggestion, form, list, more, meta };
  };

  const showFacets = (ui, hits, redraw) => {
    const { form, meta } = ui;
    const focused = document.activeElement?.closest?.("#kok-suche-filter") ? document.activeElement.id : null;
    form.replaceChildren();
    const legends = { jahr: "Jahr", kategorie: "Kategorie", organisation: "Organisation" };
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
        const all = el("button", { type: "button", id: `kok-${facet}-alle`, textContent: `Alle ${options.length} Organisationen zeigen` });
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
      ui.suggestion.replaceChildren("Meinten Sie ", link, "?");
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
    const redraw = async () => {
      visible = hits.filter((hit) => passes(hit.n, meta));
      showing = 0;
      ui.list.replaceChildren();
      const narrowed = FACETS.some((facet) => chosen[facet].size);
      ui.status.textContent = narrowed
        ? `${numbered(visible.length, "Ein Ereignis", "% Ereignisse")} von ${hits.length.toLocaleString("de-DE")} gefunden, eingegrenzt.`
        : hits.length ? `${numbered(hits.length, "Ein Ereignis", "% Ereignisse")} gefunden.` : "Keine Ereignisse gefunden.";
      showFacets(ui, hits, () => {
        remember();
        redraw();
      });
      await page(FIRST);
    };
    ui.more.addEventListener("click", async () => {
      const first = showing;
      await page(MORE);
      ui.list.children[first]?.querySelector("a")?.focus();
    });
    await redraw();
    performance.mark("kok-suche-erster-treffer");
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
  heading.textContent = "Suche";
  (document.getElementById("kok-suche") ?? results).before(heading);
}
document.addEventListener("DOMContentLoaded", headingFirst);
