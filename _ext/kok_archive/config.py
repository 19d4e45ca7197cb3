"""The categories, declared in one place and validated once on ``config-inited``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .logs import warn

DEFAULT_CATEGORIES: dict[str, dict[str, str]] = {
    "veranstaltung": {"label": "Veranstaltung", "color": "#2a6f97"},
    "politik": {"label": "Politik", "color": "#b5473a"},
    "publikation": {"label": "Publikation", "color": "#4d7c32"},
    "sonstiges": {"label": "Sonstiges", "color": "#7a5195"},
}
_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_KEY = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    color: str


def categories(config: Config) -> dict[str, Category]:
    """The valid categories, in their configured order."""
    return _read(config.kok_categories)[0]


def validate(app: Sphinx, config: Config) -> None:
    for problem in _read(config.kok_categories)[1]:
        warn("config", problem, _setting_location(Path(app.confdir, "conf.py")))


def _setting_location(conf: Path) -> str | None:
    """``conf.py:<line>`` of the setting, when it is written there (not a command-line override)."""
    if conf.is_file():
        for number, line in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("kok_categories"):
                return f"{conf}:{number}"
    return None


def _read(raw: Any) -> tuple[dict[str, Category], list[str]]:
    problems: list[str] = []
    result: dict[str, Category] = {}
    if not isinstance(raw, dict) or not raw:
        problems.append("kok_categories muss ein nicht leeres dict sein; es gelten die Standardkategorien.")
        raw = DEFAULT_CATEGORIES
    for key, spec in raw.items():
        label = spec.get("label") if isinstance(spec, dict) else None
        color = spec.get("color") if isinstance(spec, dict) else None
        if not (isinstance(key, str) and _KEY.fullmatch(key)) or not isinstance(label, str) or not label:
            problems.append(
                f"kok_categories[{key!r}] braucht einen kleingeschriebenen Schlüssel und ein »label«; ausgelassen."
            )
            continue
        if not (isinstance(color, str) and _COLOR.fullmatch(color)):
            problems.append(f"kok_categories[{key!r}]: »color« muss eine Farbe wie #2a6f97 sein; es gilt Grau.")
            color = "#666666"
        result[key] = Category(key, label, color)
    if not result:
        problems.append("kok_categories enthält keine gültige Kategorie; es gelten die Standardkategorien.")
        result = {key: Category(key, spec["label"], spec["color"]) for key, spec in DEFAULT_CATEGORIES.items()}
    return result, problems
