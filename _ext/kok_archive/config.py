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
from urllib.parse import urlsplit, urlunsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from .core.catalogues import SOURCE_LANGUAGE
from .core.dates import is_german
from .core.editions import edition_address
from .core.organisations import Registry, in_edition
from .i18n import _
from .logs import warn

DEFAULT_CATEGORIES: dict[str, dict[str, str]] = {
    "veranstaltung": {"label": "Veranstaltung", "color": "#2a6f97"},
    "politik": {"label": "Politik", "color": "#b5473a"},
    "publikation": {"label": "Publikation", "color": "#4d7c32"},
    "sonstiges": {"label": "Sonstiges", "color": "#7a5195"},
}
ORGANISATIONS_FILE = "organisationen.toml"
ADDRESS_VARIABLE = "KOK_ADRESSE"  # read in conf.py, beside Read the Docs' READTHEDOCS_CANONICAL_URL
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for the white category labels
_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_KEY = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    color: str


@dataclass(frozen=True)
class Settings:
    """The archive's configuration, read and validated once per build (``config-inited``)."""

    categories: dict[str, Category]  # valid ones, in their order, labelled in the edition's language
    registry: Registry  # of the edition: another one names an organisation by its ``name_en``
    pdf: bool  # a PDF per year page beside the site: kok_pdf, or make pdf's kok_pdf_dir
    pdf_dir: str
    address: str  # this edition's public address ending in "/"; "" for none (relative links)


def setup(app: Sphinx) -> None:
    """Every setting of the archive, and their reading on ``config-inited``."""
    app.add_config_value("kok_categories", DEFAULT_CATEGORIES, "env", types=frozenset({dict}))
    app.add_config_value("kok_organisations_file", ORGANISATIONS_FILE, "env", types=frozenset({str}))
    app.add_config_value("kok_organisations", None, "env", types=frozenset({list, type(None)}))
    # "html": switching PDFs on or off re-writes the pages that link to them
    app.add_config_value("kok_pdf", True, "html", types=frozenset({bool}))
    app.add_config_value("kok_pdf_dir", "", "", types=frozenset({str}))
    app.add_config_value("kok_base_url", "", "", types=frozenset({str}))  # removed; only told about
    # after the kok catalogue (i18n, 100): category labels; before other extensions read html_baseurl
    app.connect("config-inited", settle, priority=150)


def settle(app: Sphinx, config: Config) -> None:
    """``config-inited``: warn once about every setting that cannot be used, and keep what is
    used: the registry file's entries in ``kok_organisations`` (so that Sphinx's own comparison of
    settings re-reads every page when the registry changes), this edition's address in
    ``html_baseurl`` and the rest in :func:`settings`."""
    conf = Path(app.confdir, "conf.py")
    read_categories, problems = _read(config.kok_categories)
    for problem in problems:
        warn("config", problem, _setting_location(conf, "kok_categories"))
    registry_file = _load_organisations(app, config)
    if config.kok_base_url:
        warn(
            "config",
            "kok_base_url gibt es nicht mehr: Die Adresse der Website steht jetzt in html_baseurl "
            f"(oder in der Umgebungsvariable {ADDRESS_VARIABLE}); kok_base_url wird nicht beachtet.",
            _setting_location(conf, "kok_base_url"),
        )
    address, problem = public_address(config.html_baseurl or "")
    if problem:
        warn("config", problem, _setting_location(conf, "html_baseurl"))
    # another edition lives in its folder below the German root (editions.py)
    config.html_baseurl = edition_address(address, config.language or SOURCE_LANGUAGE)
    config._kok_settings = read = _settings(config, read_categories)
    for problem in read.registry.problems:
        where = (
            _line_of(registry_file, re.findall(r"»(.+?)«", problem))
            if registry_file
            else _setting_location(conf, "kok_organisations")
        )
        warn("config", problem, where)


def settings(config: Config) -> Settings:
    """The settings :func:`settle` read; read here (without warnings) for a configuration that did
    not go through ``config-inited`` of this process. Not pickled with the environment: Sphinx
    leaves out a configuration's attributes that begin with ``_``."""
    found: Settings | None = getattr(config, "_kok_settings", None)
    if found is None:
        found = config._kok_settings = _settings(config)
    return found


def _settings(config: Config, read: dict[str, Category] | None = None) -> Settings:
    """The settings from the configuration; ``read``: its categories, when they were read already."""
    language = config.language or SOURCE_LANGUAGE
    read = _read(config.kok_categories)[0] if read is None else read
    if not is_german(language):
        raw = config.kok_categories if isinstance(config.kok_categories, dict) else {}
        read = {k: Category(k, _label(raw.get(k), c.label, language), c.color) for k, c in read.items()}
    entries = config.kok_organisations if isinstance(config.kok_organisations, list) else []
    registry = Registry.from_entries(entries if language == SOURCE_LANGUAGE else in_edition(entries, language))
    pdf_dir = config.kok_pdf_dir
    return Settings(read, registry, bool(config.kok_pdf or pdf_dir), pdf_dir, config.html_baseurl or "")


def categories(config: Config) -> dict[str, Category]:
    """The valid categories, in their configured order, labelled in the edition's language."""
    return settings(config).categories


def registry(config: Config) -> Registry:
    """The registry of the build's edition."""
    return settings(config).registry


NO_CATEGORY = "Ohne Kategorie"  # an event's label while its category is missing or unknown


def _label(spec: object, german: str, language: str) -> str:
    own = spec.get(f"label_{language}") if isinstance(spec, dict) else None
    return own if isinstance(own, str) and own.strip() else _(german)


def public_address(raw: str) -> tuple[str, str]:
    """The address normalised to end in ``/`` (sub-paths such as ``/kok`` need it for joining),
    and a problem to warn about; an unusable address counts as none."""
    text = raw.strip()
    if not text:
        return "", ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return "", (
            f"Die Adresse der Website »{text}« (html_baseurl bzw. {ADDRESS_VARIABLE}) ist keine vollständige "
            "http(s)-Adresse wie https://archiv.example.org/ oder https://archiv.example.org/kok/; "
            "die Website wird ohne Adresse gebaut."
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")), ""


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


def _load_organisations(app: Sphinx, config: Config) -> Path | None:
    """Read the registry file into ``kok_organisations``, unless conf.py sets it; the file read."""
    if config.kok_organisations is not None:
        return None
    path = Path(app.confdir, config.kok_organisations_file)
    config.kok_organisations = _read_registry_file(path, config.kok_organisations_file != ORGANISATIONS_FILE)
    return path


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
