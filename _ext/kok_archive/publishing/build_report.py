"""The build's report for the closing summary of ``make html``, ``make check`` and ``make livehtml``
(printed by ``kok_tools.summary``): every warning the build printed, and the organisations missing
from the registry, as JSON in the doctree folder (``kok-summary.json``).

Recorded where Sphinx prints: a filter appended to Sphinx's own warning handler sees each warning
once, after ``suppress_warnings`` and with its location already ``path:line`` – also the warnings of
parallel readers (replayed in the main process) and those ``open_warnings`` shows again for pages
not re-read. So the report is exactly what this build printed, never a fixed warning of an earlier one.

The missing organisations come from the domain's records (the names under ``:org:``), not from the
text of the ``kok.org`` warnings; each is kept only where a ``kok.org`` warning was printed.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..access import kok_domain
from ..core.files import write_whole
from ..core.missing_orgs import Mention, MissingOrganisation, sort_out

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domain import KokDomain

REPORT_FILE = "kok-summary.json"
Place = tuple[str, int | None]  # file relative to the project, line
REPORT_VERSION = 1


class _Printed(logging.Filter):
    """Notes each warning Sphinx's warning handler lets through (it runs after Sphinx's own filters)."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[dict[str, Any]] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.warnings.append(
            {
                "type": str(getattr(record, "type", "") or ""),
                "subtype": str(getattr(record, "subtype", "") or ""),
                "location": str(getattr(record, "location", "") or ""),
                "message": logging.LogRecord.getMessage(record),  # without Sphinx's "path: WARNING: "
            }
        )
        return True  # never hides a warning: it only takes notes


def setup(app: Sphinx) -> None:
    """Called from the extension's ``setup()``: Sphinx's logging is set up by then, and the
    configuration's own warnings (``config-inited``) are still to come."""
    from sphinx.util.logging import NAMESPACE, WarningStreamHandler

    handler = next((h for h in logging.getLogger(NAMESPACE).handlers if isinstance(h, WarningStreamHandler)), None)
    if handler is not None:
        app.kok_printed = _Printed()  # type: ignore[attr-defined]
        handler.addFilter(app.kok_printed)  # type: ignore[attr-defined]
    app.connect("builder-inited", _forget_last)
    app.connect("build-finished", write_report, priority=999)  # after every handler that may warn


def report_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / REPORT_FILE


def _forget_last(app: Sphinx) -> None:
    """A build that stops half-way leaves no report of an earlier build behind."""
    report_path(app).unlink(missing_ok=True)


def write_report(app: Sphinx, exception: BaseException | None) -> None:
    printed: _Printed | None = getattr(app, "kok_printed", None)
    if printed is None:
        return
    noted, printed.warnings = printed.warnings, []  # a second app.build() (tests) starts its own list
    if exception is not None:
        return
    root = Path(app.srcdir).resolve()
    warnings = [_placed(w, root) for w in noted]
    organisations = _missing_organisations(app, root, warnings)
    taken: Counter[Place] = Counter((m.file, m.line) for o in organisations for m in o.mentions)
    content = [w for w in warnings if not (_is_org(w) and _take(taken, (w["file"], w["line"])))]
    report = {
        "version": REPORT_VERSION,
        "registry": app.config.kok_organisations_file,
        "warnings": content,
        "organisations": [asdict(o) for o in organisations],
    }
    path = report_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, json.dumps(report, ensure_ascii=False, indent=1))


def _missing_organisations(app: Sphinx, root: Path, warnings: list[dict[str, Any]]) -> list[MissingOrganisation]:
    """The organisations to register, each mention matched to a ``kok.org`` warning printed at its
    place (none where ``kok.org`` is suppressed); misspellings stay content warnings."""
    printed: Counter[Place] = Counter((w["file"], w["line"]) for w in warnings if _is_org(w))
    organisations, _misspelt = sort_out(_mentions(app, root), _domain(app).registry)
    for organisation in organisations:
        organisation.mentions = [m for m in organisation.mentions if _take(printed, (m.file, m.line))]
    return [o for o in organisations if o.mentions]


def _mentions(app: Sphinx, root: Path) -> list[Mention]:
    """Every name under ``:org:`` at the place its ``kok.org`` warning names; none when the registry
    is unreadable (then no name is checked)."""
    if app.config.kok_organisations is None:
        return []
    files: dict[str, str] = {}  # per page, not per mention: resolving a path costs a system call or more
    for event in _domain(app).all_events():
        if event.docname not in files:
            files[event.docname] = _relative(str(app.env.doc2path(event.docname)), root)
    return [
        Mention(name, files[event.docname], event.org_line or event.lineno)
        for event in _domain(app).all_events()
        for name in event.orgs
    ]


def _is_org(warning: dict[str, Any]) -> bool:
    return (warning["type"], warning["subtype"]) == ("kok", "org")


def _take(places: Counter[Place], place: tuple[str, int | None]) -> bool:
    if places[place] <= 0:
        return False
    places[place] -= 1
    return True


def _placed(warning: dict[str, Any], root: Path) -> dict[str, Any]:
    """The location ``path:line`` as Sphinx prints it → file relative to the project, and line (or None)."""
    location = warning["location"]
    path, colon, line = location.rpartition(":")
    if not colon or not (line.isdigit() or line == ""):
        path, line = location, ""
    kept = {key: value for key, value in warning.items() if key != "location"}
    return {**kept, "file": _relative(path, root) if path else "", "line": int(line) if line else None}


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _domain(app: Sphinx) -> KokDomain:
    return kok_domain(app.env)
