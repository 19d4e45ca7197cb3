"""Stage 1, the core: dates, events, the organisations, indexes, exports, the printed document,
the names of the written files and how each is written. Free of Sphinx (``tests/test_layout.py``):
the importer, ``make check`` and the tests of pure logic use it without a build. Imports only
itself and the top level's pure modules (``nodes``, ``versions``, ``paths``)."""
