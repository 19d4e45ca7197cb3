"""Small command-line tools for KOK staff, free of Sphinx: ``python -m kok_tools.new_year JJJJ``.

``files`` holds what the tools and the importer (``kok_import``) share: writing a file whole or not at
all, and the German reasons of failed file operations.
"""
