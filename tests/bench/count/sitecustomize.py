"""Counts Sphinx builds and PDF renders in every Python process started with this folder on
PYTHONPATH (tests/bench/count_builds.py puts it there): one line per event in $KOK_COUNT_LOG."""

import importlib.abc
import importlib.util
import os
import sys

LOG = os.environ.get("KOK_COUNT_LOG")


def record(kind: str, detail: str = "") -> None:
    if LOG:
        test = os.environ.get("PYTEST_CURRENT_TEST", "-").split(" ")[0]
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\t{kind}\t{test}\t{detail}\n")


def patch(module) -> None:
    name = module.__name__
    if name == "sphinx.application" and not getattr(module.Sphinx.build, "_counted", False):
        original = module.Sphinx.build

        def build(self, *args, **kwargs):
            record("build", f"{self.builder.name} {self.srcdir}")
            return original(self, *args, **kwargs)

        build._counted = True
        module.Sphinx.build = build
    if name == "kok_archive.publishing.printed" and not getattr(module.render_pdf, "_counted", False):
        original_render = module.render_pdf

        def render_pdf(document, target):
            record("pdf", str(target))
            return original_render(document, target)

        render_pdf._counted = True
        module.render_pdf = render_pdf


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname not in ("sphinx.application", "kok_archive.publishing.printed"):
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            patch(module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


if LOG:
    for loaded in ("sphinx.application", "kok_archive.publishing.printed"):
        if loaded in sys.modules:
            patch(sys.modules[loaded])
    sys.meta_path.insert(0, Finder())
    if os.environ.get("KOK_COUNT_MAIN") != str(os.getpid()):
        record("process", " ".join(sys.argv[:4]))
