"""Stage 4, publishing: exports, search, PDFs, stylesheets, the German interface, the site online
and the report for the closing summary. The last stage: only ``setup()`` imports it
(besides ``make html`` and ``make check``, which read ``build_report.REPORT_FILE``)."""
