"""Small command-line tools for KOK staff: ``new_year`` (``make jahr``, free of Sphinx), ``build``
(``make html``, runs sphinx-build) and ``addresses`` (``make adressen``, a quick Sphinx build).

``files`` holds what the tools and the importer (``kok_import``) share: writing a file whole or not at
all, and the German reasons of failed file operations.
"""
