"""Stage 4, publishing: exports, search, PDFs, stylesheets, the German interface, the site online
and the report for the closing summary. The last stage: nothing but ``setup()`` and the domain
imports it."""
