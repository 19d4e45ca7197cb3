/* KOK-Archiv: the category filter of a year page.
 *
 * Built from the legend, so that without JavaScript the page simply shows every
 * event. One toggle button per category (aria-pressed), a status line announced
 * to screen readers, and the state in the address (?kategorie=politik,publikation)
 * so that a filtered view can be shared. Month sections without a shown event hide.
 */
"use strict";

(() => {
  // texts in the edition's language (kok-texte.js, written by assets.py); German without it
  const T = (text) => (typeof KOK_TEXTE !== "undefined" && KOK_TEXTE[text]) || text;
  const legend = document.querySelector(".kok-legend");
  if (!legend) return;
  const keyOf = (element) =>
    [...element.classList].find((c) => c.startsWith("kok-category-"))?.slice("kok-category-".length);
  const categories = [...legend.querySelectorAll(".kok-legend-items .kok-category")].map((label) => ({
    key: keyOf(label),
    label: label.textContent.trim(),
  }));
  const events = [...document.querySelectorAll(".kok-month > .kok-event")];
  if (categories.length === 0 || events.length === 0) return;

  const params = new URLSearchParams(window.location.search);
  const wanted = (params.get("kategorie") || "").split(",").filter((key) => categories.some((c) => c.key === key));
  const shown = new Set(wanted.length ? wanted : categories.map((c) => c.key));

  const group = document.createElement("div");
  group.className = "kok-filter";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", T("Ereignisse nach Kategorie filtern"));
  const status = document.createElement("p");
  status.className = "kok-filter-status";
  status.setAttribute("role", "status"); // polite: announced without moving the focus

  const buttons = categories.map(({ key, label }) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `kok-category-${key}`;
    button.textContent = label;
    button.addEventListener("click", () => {
      if (shown.has(key)) shown.delete(key);
      else shown.add(key);
      apply(true);
    });
    group.appendChild(button);
    return [key, button];
  });

  const apply = (remember) => {
    for (const [key, button] of buttons) button.setAttribute("aria-pressed", String(shown.has(key)));
    let visible = 0;
    for (const event of events) {
      event.hidden = !shown.has(keyOf(event));
      if (!event.hidden) visible += 1;
    }
    for (const month of document.querySelectorAll(".kok-month")) {
      month.hidden = !month.querySelector(":scope > .kok-event:not([hidden])");
    }
    status.textContent = T("{visible} von {total} Ereignissen sichtbar")
      .replace("{visible}", visible)
      .replace("{total}", events.length);
    if (remember) {
      const url = new URL(window.location.href);
      if (shown.size === categories.length) url.searchParams.delete("kategorie");
      else url.searchParams.set("kategorie", categories.map((c) => c.key).filter((k) => shown.has(k)).join(","));
      window.history.replaceState(null, "", url);
    }
  };

  const label = document.createElement("span");
  label.className = "kok-label";
  label.textContent = T("Kategorien:");
  group.prepend(label);
  const items = legend.querySelector(".kok-legend-items");
  items.after(group, status);
  items.hidden = true; // the buttons carry the same labels
  apply(false);
})();
