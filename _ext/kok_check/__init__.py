"""Checks of the built archive against its year files: ``make check`` and the real-site tests."""
