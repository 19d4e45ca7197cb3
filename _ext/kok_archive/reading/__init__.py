"""Stage 2, reading: from Markdown the records and placeholders (directives, transforms), the
checks while reading and across all pages. Imports the core and the top level, nothing later."""
