/* KOK-Archiv: finding events in the index files of _static/kok-suche (kok_archive/core/search_index.py).
 *
 * Loads a file by a script tag (each calls KOK_SUCHE.laden), so that the search works from file://
 * too; reads the query's words with the rules of kok-suche-worte.js and the stemmer and stop words
 * that search.py puts before them in kok-suche-alles.js; finds the events that hold every word (their keys, compounds that begin
 * or end with them, or one-letter typing errors) and ranks them. Showing them: kok-suche.js.
 */
const KOK_FINDEN = (() => {
  "use strict";
  if (typeof KOK_WORTE === "undefined" || typeof Stemmer === "undefined") return null;
  const stopwords = KOK_STOPPWOERTER;
  const root = document.documentElement.dataset.content_root ?? "";
  const stemmer = new Stemmer();
  const stemCache = new Map();
  const stem = (word) => {
    if (!stemCache.has(word)) stemCache.set(word, stemmer.stemWord(word));
    return stemCache.get(word);
  };

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
          script.fetchPriority = "high"; // a result waits for it: before the theme's and Sphinx's scripts
          script.onerror = () => resolve(null);
          document.head.append(script);
        }),
      );
    }
    return files.get(name);
  };

  /** The query's words with their keys, and a year or month it names. */
  const parse = (query, meta) => {
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

  /** Adds a key's events: per event a number, its best quality times two plus one if any match was in
   * its title (a number, not an object per event: a common word has thousands). */
  const decode = (list, into, quality) => {
    let number = 0;
    for (const value of list) {
      number += value >> 1;
      const before = into.get(number) ?? 0;
      into.set(number, (Math.max(before >> 1, quality) << 1) | (before & 1) | (value & 1));
    }
  };
  const qualityOf = (match) => match >> 1;
  const inTitle = (match) => (match & 1) === 1;

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

  const WORDS_RANKED = 7; // counts of query words beyond this rank alike
  const EVENTS_RANKED = 2 ** 20; // event numbers below this (a million events): a rank stays an exact number
  const counted = (count) => Math.min(count, WORDS_RANKED);

  const search = async (query, meta) => {
    const parsed = parse(query, meta);
    const year = parsed.year === null ? -1 : meta.years.indexOf(parsed.year);
    let events = null;
    // all words at once, each with all its files: one round trip, not one per word and key
    const perWord = await Promise.all(parsed.words.map((item) => matchWord(item, meta)));
    for (const found of perWord) {
      events = events === null ? [...found.keys()] : events.filter((n) => found.has(n));
    }
    if (events === null) {
      // only a period: every event of it
      if (parsed.year === null && parsed.month === null) return { parsed, hits: [] };
      events = meta.year.map((_, n) => n).filter((n) => (parsed.year === null || meta.year[n] === year) && (parsed.month === null || meta.month[n] === parsed.month));
    }
    // a named period first, typing errors last, all words in the title before words in the details, newer first:
    // one number per event, in that order of weight, sorted as numbers (thousands of hits at thirty years)
    const ranks = new Float64Array(events.length);
    events.forEach((n, i) => {
      let typos = 0;
      let exact = 0;
      let inTitles = 0;
      for (const found of perWord) {
        const match = found.get(n);
        if (qualityOf(match) === 0) typos++;
        else if (qualityOf(match) === 2) exact++;
        if (inTitle(match)) inTitles++;
      }
      const period = (year >= 0 && meta.year[n] === year ? 1 : 0) + (parsed.month !== null && meta.month[n] === parsed.month ? 1 : 0);
      const allInTitle = perWord.length > 0 && inTitles === perWord.length ? 1 : 0;
      let rank = period;
      rank = rank * (WORDS_RANKED + 1) + (WORDS_RANKED - counted(typos));
      rank = rank * 2 + allInTitle;
      rank = rank * (WORDS_RANKED + 1) + counted(exact);
      rank = rank * (WORDS_RANKED + 1) + counted(inTitles);
      ranks[i] = rank * EVENTS_RANKED + n;
    });
    ranks.sort().reverse();
    const hits = Array.from(ranks, (rank) => ({ n: rank % EVENTS_RANKED }));
    return { parsed, hits };
  };

  return { load, search, stem, root };
})();
