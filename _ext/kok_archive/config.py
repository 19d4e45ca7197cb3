"""Categories and organisations: declared in one place, read and validated once on ``config-inited``.

A category's label in another edition: its ``label_<language>`` (``"label_en": "Event"``) where
``kok_categories`` gives one, else the ``kok`` catalogue's translation of its German ``label``
(the four standard labels have one), else the German label.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .catalogues import SOURCE_LANGUAGE
from .dates import is_german
from .i18n import _
from .logs import warn
from .organisations import Registry, in_edition

DEFAULT_CATEGORIES: dict[str, dict[str, str]] = {
    "veranstaltung": {"label": "Veranstaltung", "color": "#2a6f97"},
    "politik": {"label": "Politik", "color": "#b5473a"},
    "publikation": {"label": "Publikation", "color": "#4d7c32"},
    "sonstiges": {"label": "Sonstiges", "color": "#7a5195"},
}
ORGANISATIONS_FILE = "organisationen.toml"
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for the white category labels
_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_KEY = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    color: str


def categories(config: Config) -> dict[str, Category]:
    """The valid categories, in their configured order, labelled in the edition's language
    (read once per setting: every event and every listing entry asks)."""
    language = config.language or ""
    key = (repr(config.kok_categories), language)
    if key not in _READ:
        read = _read(config.kok_categories)[0]
        if not is_german(language):
            raw = config.kok_categories if isinstance(config.kok_categories, dict) else {}
            read = {k: Category(k, _label(raw.get(k), c.label, language), c.color) for k, c in read.items()}
        _READ[key] = read
    return _READ[key]


_READ: dict[tuple[str, str], dict[str, Category]] = {}
NO_CATEGORY = "Ohne Kategorie"  # an event's label while its category is missing or unknown


def _label(spec: object, german: str, language: str) -> str:
    own = spec.get(f"label_{language}") if isinstance(spec, dict) else None
    return own if isinstance(own, str) and own.strip() else _(german)


def validate(app: Sphinx, config: Config) -> None:
    for problem in _read(config.kok_categories)[1]:
        warn("config", problem, _setting_location(Path(app.confdir, "conf.py"), "kok_categories"))


def _setting_location(conf: Path, setting: str) -> str | None:
    """``conf.py:<line>`` of the setting, when it is written there (not a command-line override)."""
    if conf.is_file():
        for number, line in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"{setting}\s*=", line):
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
            color = "#595959"
        elif contrast_with_white(color) < MIN_CONTRAST:
            problems.append(
                f"kok_categories[{key!r}]: Auf »{color}« ist weiße Schrift schlecht lesbar "
                f"(Kontrast {contrast_with_white(color):.1f}:1, nötig {MIN_CONTRAST}:1); "
                "bitte eine dunklere Farbe wählen."
            )
        problems += [
            f"kok_categories[{key!r}]: »{name}« muss ein nicht leerer Text sein; es gilt die Übersetzung von »label«."
            for name, value in spec.items()
            if name.startswith("label_") and not (isinstance(value, str) and value.strip())
        ]
        result[key] = Category(key, label, color)
    if not result:
        problems.append("kok_categories enthält keine gültige Kategorie; es gelten die Standardkategorien.")
        result = {key: Category(key, spec["label"], spec["color"]) for key, spec in DEFAULT_CATEGORIES.items()}
    return result, problems


def load_organisations(app: Sphinx, config: Config) -> None:
    """Read the registry file into ``kok_organisations`` (unless conf.py sets it), so that
    Sphinx's own config comparison re-reads every page when the registry changes."""
    path = Path(app.confdir, config.kok_organisations_file)
    from_file = config.kok_organisations is None
    if from_file:
        config.kok_organisations = _read_registry_file(path, config.kok_organisations_file != ORGANISATIONS_FILE)
    for problem in registry(config).problems:
        where = (
            _line_of(path, re.findall(r"»(.+?)«", problem))
            if from_file
            else _setting_location(Path(app.confdir, "conf.py"), "kok_organisations")
        )
        warn("config", problem, where)


def registry(config: Config) -> Registry:
    """The registry of the build's edition (another one names an organisation by its ``name_en``)."""
    entries = config.kok_organisations if isinstance(config.kok_organisations, list) else []
    language = config.language or SOURCE_LANGUAGE
    return Registry.from_entries(entries if language == SOURCE_LANGUAGE else in_edition(entries, language))


def _line_of(path: Path, names: list[str]) -> str | None:
    """``path:line`` of the first line naming one of ``names`` (a location Sphinx prints as is)."""
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    for name in names:
        for number, line in enumerate(lines, 1):
            if f'"{name}"' in line:
                return f"{path}:{number}"
    return f"{path}:1"


def _read_registry_file(path: Path, configured: bool) -> list[dict[str, Any]] | None:
    """The entries of the registry file; None when it cannot be read (organisations go unchecked)."""
    if not path.is_file():
        if configured:
            warn("config", f"Das Organisationsverzeichnis {path} fehlt.")
        return []
    text = ""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows editors write a BOM
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found[1]) if found else 1
        warn("config", _unreadable(error, text.splitlines()[line - 1 : line]), f"{path}:{line}")
        return None
    entries = data.get("organisation", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        warn("config", "Das Organisationsverzeichnis braucht Einträge der Form [[organisation]].", f"{path}:1")
        return []
    return entries


def _unreadable(error: Exception, line: list[str]) -> str:
    """What is wrong with the registry file, and what to do: typographic quotes are the usual cause."""
    curly = line and any(mark in line[0] for mark in "„“”‚‘’")
    hint = (
        'Texte stehen in geraden Anführungszeichen "…", nicht in „…“ – bitte in dieser Zeile ersetzen'
        if curly
        else f"die Zeile bitte mit den Beispielen im Kopf der Datei vergleichen ({error})"
    )
    return (
        f"Das Organisationsverzeichnis ist nicht lesbar: {hint}. Bis es berichtigt ist, gilt es als leer, "
        "und die Organisationen der Ereignisse werden nicht geprüft."
    )


def contrast_with_white(color: str) -> float:
    """WCAG contrast ratio of white text on ``color`` (``#rgb`` or ``#rrggbb``)."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)
