/* KOK-Archiv: German words as people type them, as keys of the event search.
 *
 * The same rules as kok_archive/core/search_words.py, which makes the index: tests/test_search_words.py
 * runs both on the same words. The stemmer and the stop words are Sphinx's for the site's
 * language (language_data.js), the ones its search index is made with.
 */
const KOK_WORTE = (() => {
  "use strict";
  const WORD = /[\p{L}\p{N}]+(?:(?<=\p{L})(?:[*:_·/]|\/-)[iI]n(?:nen)?(?![\p{L}\p{N}]))?/gu;
  const SIGN = /(?:[*:_·/]|\/-)(?=[iI]n(?:nen)?$)/u;
  const BINNEN_I = /(?<=[a-zäöüß])In(?:nen)?$/u;
  const SHORTEST_BASE = 4;
  const DIGITS = /^\p{Nd}+$/u;
  const ACCENT = /(?<![aou])\u0308|[\u0300-\u0307\u0309-\u036f]/gu;
  const LETTERS = { ı: "i", ł: "l", ø: "o", đ: "d" };
  const plainLetters = (word) =>
    word.normalize("NFD").replace(ACCENT, "").normalize("NFC").replace(/[ıłøđ]/gu, (c) => LETTERS[c]);
  // a compound's start or end: the word as typed, or without an inflection ending (Flüchtlinge → Flüchtlingsrat);
  // but not before a suffix that makes another word (Stelle is no start of Stellungnahme)
  const INFLECTIONS = ["en", "es", "e", "n", "s"];
  const DERIVED = /^(?:ung|lich|ig|isch|heit|keit|bar|schaft)/u;
  const SHORTEST_PART = 4;
  const FIRST_PART = 3; // Fach|beratungsstellen, not Be|richt
  const MONTHS = new Map(
    Object.entries({
      januar: 1, jan: 1, jänner: 1, februar: 2, feb: 2, märz: 3, maerz: 3, mär: 3, april: 4, apr: 4,
      mai: 5, juni: 6, jun: 6, juli: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9,
      oktober: 10, okt: 10, november: 11, nov: 11, dezember: 12, dez: 12,
    }),
  );

  /** Each word: lower case without gender sign, whether it had one, and as written without it. */
  const words = (text) =>
    [...text.matchAll(WORD)].map(([word]) => {
      const folded = word.replace(SIGN, "");
      return [plainLetters(folded.toLowerCase()), folded !== word || BINNEN_I.test(word), folded];
    });

  const keys = (word, gendered, stem) => {
    const own = stem(word);
    let base = "";
    if (word.endsWith("innen")) base = word.slice(0, -5);
    else if (gendered && word.endsWith("in")) base = word.slice(0, -2);
    if ([...base].length >= SHORTEST_BASE && stem(base) !== own) return [own, stem(base)];
    return [own];
  };

  /** Umlauts and ß as the stemmer's keys have them. */
  const plain = (word) => word.replace(/[äöü]/gu, (c) => ({ ä: "a", ö: "o", ü: "u" })[c]).replaceAll("ß", "ss");

  /** The forms of a typed word that may begin or end a compound, umlauts as the stemmer's keys have them. */
  const parts = (word, gendered) => {
    const bases = [word];
    if (word.endsWith("innen")) bases.push(word.slice(0, -5));
    else if (gendered && word.endsWith("in")) bases.push(word.slice(0, -2));
    const found = new Set();
    for (const base of bases.map(plain)) {
      found.add(base);
      for (const ending of INFLECTIONS) if (base.endsWith(ending)) found.add(base.slice(0, -ending.length));
    }
    return [...found].filter((part) => [...part].length >= SHORTEST_PART);
  };

  /** Does the key of a compound begin or end with one of the parts? */
  const inCompound = (key, parts) =>
    parts.some(
      (part) =>
        key !== part &&
        ((key.startsWith(part) && !DERIVED.test(key.slice(part.length))) ||
          (key.endsWith(part) && [...key].length - [...part].length >= FIRST_PART)),
    );

  const searchable = (word, stopwords) => [...word].length > 1 && !DIGITS.test(word) && !stopwords.has(word);

  const filePart = (prefix) =>
    [...prefix].map((c) => (/^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16))).join("");

  /** At most one letter added, left out, changed, or two neighbours swapped. */
  const oneEdit = (a, b) => {
    const x = [...a];
    const y = [...b];
    if (Math.abs(x.length - y.length) > 1) return false;
    let i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    if (i === x.length && i === y.length) return true;
    const rest = (p, q) => x.slice(p).join("") === y.slice(q).join("");
    if (x.length === y.length) {
      return rest(i + 1, i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2, i + 2));
    }
    return x.length > y.length ? rest(i + 1, i) : rest(i, i + 1);
  };

  /** Called in the search page's head, right after these rules (search.py): fetches the index files the
   * query's words will need before the theme's files (meta is preloaded by the head already). Their
   * names need no stems: a key starts with its word's letters, and a part is the word itself. */
  const preload = (files) => {
    const folder = `${document.documentElement.dataset.content_root ?? ""}_static/kok-suche/`;
    const names = new Set();
    const query = new URLSearchParams(window.location.search).get("q") || "";
    for (const [word, gendered] of words(query)) {
      const letters = [...parts(word, gendered), plain(word)];
      for (const part of letters) {
        const first = filePart([...part].slice(0, 2).join(""));
        const last = filePart([...part].slice(-2).join(""));
        if (files.v.includes(first)) names.add(`v-${first}`);
        if (files.h.includes(last)) names.add(`h-${last}`);
      }
    }
    for (const name of names) {
      const link = Object.assign(document.createElement("link"), { rel: "preload", as: "script", href: `${folder}${name}.js` });
      link.fetchPriority = "high"; // before the theme's and Sphinx's scripts
      document.head.append(link);
    }
  };

  return { WORD, words, keys, parts, inCompound, searchable, filePart, oneEdit, preload, MONTHS };
})();
