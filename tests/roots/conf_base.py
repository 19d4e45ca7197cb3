"""What every test root's conf.py shares. A root's conf.py runs this file first and then sets only
what differs from it; sphinx.testing and the fixtures copy a root away from tests/roots/, so the
root finds this file through the extension's location (``_ext/`` beside ``tests/``)::

    from importlib.util import find_spec
    from pathlib import Path

    BASE = Path(find_spec("kok_archive").origin).parents[2] / "tests" / "roots"
    exec((BASE / "conf_base.py").read_text(encoding="utf-8"))  # or conf_site.py: the real conf.py's shape
"""

extensions = ["myst_parser", "kok_archive"]
myst_enable_extensions = ["colon_fence"]
language = "de"
html_theme = "basic"
version = "1"
copyright = "Test"

# No printed reviews: WeasyPrint takes seconds per year page. The PDF tests (test-pdf, the real site)
# render them; a test that needs them here sets confoverrides={"kok_pdf": True} or -D kok_pdf=1.
kok_pdf = False
