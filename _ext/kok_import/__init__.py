"""Importer of past yearly reviews: from the text a PDF extraction gives to a draft year file.

Pure logic, free of Sphinx (it uses only the pure modules of ``kok_archive`` and ``kok_tools``). Entry point:
``python -m kok_import SRC OUT [--force]`` or ``make import SRC=… OUT=…``.
"""
