/* KOK-Archiv: an event's address survives its move to another year page.
 *
 * An event keeps its :id: when it moves to another year file (make adressen), but links
 * shared before point at the old page. A page opened with the address of an event it does
 * not hold looks the anchor up in kok-events.json and goes on to the event's page. Without
 * JavaScript, or opened from a folder (no fetch), the page simply opens as it is.
 */
"use strict";

(() => {
  const anchor = decodeURIComponent(location.hash.slice(1));
  const root = document.documentElement.dataset.content_root; // the site root, relative to this page
  if (!anchor || root === undefined || document.getElementById(anchor)) return;
  const base = new URL(root, location.href);
  fetch(new URL("kok-events.json", base))
    .then((response) => (response.ok ? response.json() : { events: [] }))
    .then((data) => {
      const event = data.events.find((item) => item.id === anchor);
      if (event) location.replace(new URL(event.url, base).href);
    })
    .catch(() => {});
})();
