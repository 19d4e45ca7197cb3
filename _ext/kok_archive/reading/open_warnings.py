"""Warnings stay visible until they are fixed.

Sphinx shows a page's warnings only when it reads the page, and runs the checks across pages
only when something was read: a second ``make html`` said "build succeeded" over a misspelled
category. So each page's ``kok.*`` warnings are stored with the page (domain data, pickled,
merged from parallel readers) and shown again by every build that does not re-read it, and the
checks across pages run on every build.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.logging import get_node_location

from ..access import kok_domain
from ..logs import logger, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..domain import KokDomain


class _Recorder(logging.Filter):
    """Notes each ``kok.*`` warning given while a page is read, under that page."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        env = self.app.env  # installed once the builder (and its environment) exists
        domain = _domain(env)
        if getattr(record, "type", None) == "kok" and domain.reading and env.docname:
            where = _location(env, getattr(record, "location", None))
            domain.note_warning(env.docname, str(getattr(record, "subtype", "")), record.getMessage(), where)
        return True  # never hides a warning: it only takes notes


def start_recording(app: Sphinx) -> None:
    app.kok_recorder = _Recorder(app)  # type: ignore[attr-defined]
    logger.logger.addFilter(app.kok_recorder)  # type: ignore[attr-defined]


def stop_recording(app: Sphinx, exception: BaseException | None) -> None:
    """One recorder per build: tests run many builds in one process."""
    recorder = getattr(app, "kok_recorder", None)
    if recorder is not None:
        logger.logger.removeFilter(recorder)


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: Sequence[str]) -> None:
    _domain(env).reading = True  # the pages it reads: the domain's own record, KokDomain.reread


def show_unread(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: the stored warnings of every page that was not read again."""
    domain = _domain(env)
    domain.reading = False
    for docname, warnings in sorted(domain.stored_warnings.items()):
        if docname not in domain.reread and docname in env.found_docs:
            for subtype, message, where in warnings:
                warn(subtype, message, where or docname)


def check_unless_checked(app: Sphinx, builder: Builder) -> None:
    """Sphinx skips the consistency check when nothing was read: ours must run all the same."""
    domain = _domain(app.env)
    if not domain.checked:
        domain.check_consistency()


def _domain(env: BuildEnvironment) -> KokDomain:
    return kok_domain(env)


def _location(env: BuildEnvironment, location: Any) -> str:
    """``path:line`` of a warning's location, as Sphinx itself would print it."""
    if isinstance(location, nodes.Node):
        return get_node_location(location) or ""
    if isinstance(location, tuple):
        docname, line = location
        return f"{env.doc2path(docname)}:{line}" if line else str(env.doc2path(docname))
    if isinstance(location, str) and location and ":" not in location:
        return str(env.doc2path(location))
    return str(location or "")
