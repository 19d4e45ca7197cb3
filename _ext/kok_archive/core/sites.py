"""What the site-wide features share: which builders make a site of many files."""

from __future__ import annotations

# a site of many files: pages of their own, exports, PDFs, a sitemap and a 404 page beside the
# pages; singlehtml and epub are one document, LaTeX, man, texinfo … no site at all
SITE_BUILDERS = ("html", "dirhtml")
