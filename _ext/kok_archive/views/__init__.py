"""Stage 3, the views: the placeholders filled and each event's markup when a page is written
(``fill``, ``event_markup``), the pages of their own per organisation and category. Imports the
core, reading and the top level, nothing from publishing."""
