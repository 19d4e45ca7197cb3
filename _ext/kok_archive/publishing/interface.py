"""The theme's interface in the site's language, through Sphinx's ``sphinx`` message catalogue.

The project's catalogue (``locale/<language>/LC_MESSAGES/sphinx.po``, compiled by Sphinx at
build time) translates every string that furo and Sphinx pass through gettext. Two gaps are
closed here, without copying a template:

- Furo writes some labels as plain text: ``aria-label="Toggle site navigation sidebar"``,
  ``<title>Light mode</title>`` in its icons. A Jinja preprocessor wraps such literal labels
  of the theme's templates in ``_()``, so that the catalogue reaches them too.
- Sphinx copies ``translations.js`` (the strings of searchtools.js) from its own
  ``sphinx.js`` and never from a project's ``.po``. After the build, the project's
  translations are merged into it, and its plural rule is made to return a number
  (Sphinx's German ``(n != 1)`` returns a boolean, so ``ngettext`` found nothing).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.ext import Extension
from sphinx.util import logging

from ..core.files import write_whole

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# a label attribute whose value is plain text (no Jinja inside) ...
_LITERAL_ATTRIBUTE = re.compile(r'\b(aria-label|title|alt)="([A-Za-z][^"{}<>]*)"')
# ... and the text of an SVG icon's <title> (the page's own <title> always holds Jinja)
_LITERAL_TITLE = re.compile(r"<title>([A-Za-z][^<{}]*)</title>")


def _gettext_call(text: str) -> str:
    return "{{ _(" + json.dumps(text) + ")|e }}"


def translatable_literals(source: str) -> str:
    """A theme template with its literal labels passed through gettext (``_()``)."""
    source = _LITERAL_ATTRIBUTE.sub(lambda m: f'{m[1]}="{_gettext_call(m[2])}"', source)
    return _LITERAL_TITLE.sub(lambda m: f"<title>{_gettext_call(m[1])}</title>", source)


class ThemeLiterals(Extension):
    """Jinja preprocessor: the theme's literal labels become translatable. Only the themes'
    own templates are touched, never a project's ``templates_path``."""

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(kok_theme_dirs=())

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if filename and any(Path(filename).is_relative_to(d) for d in self.environment.kok_theme_dirs):  # type: ignore[attr-defined]
            return translatable_literals(source)
        return source


def add_template_preprocessor(app: Sphinx) -> None:
    templates: Any = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    # without jinja2.ext.i18n (no translator) there is no _() in the templates
    if environment is None or "jinja2.ext.InternationalizationExtension" not in environment.extensions:
        return
    environment.add_extension(ThemeLiterals)
    # BuiltinTemplateLoader: the project's templates_path first, then the themes' directories
    environment.kok_theme_dirs = tuple(Path(d) for d in templates.pathchain[templates.templatepathlen :])


def project_catalogues(app: Sphinx) -> list[Path]:
    """The project's ``sphinx.po`` files for the site's language, in ``locale_dirs`` order."""
    language = app.config.language
    found = []
    for directory in app.config.locale_dirs:
        po = Path(app.srcdir, directory, language, "LC_MESSAGES", "sphinx.po")
        if po.is_file():
            found.append(po)
    return found


def merged_messages(messages: dict[str, Any], catalogues: list[Path]) -> dict[str, Any]:
    """Sphinx's JavaScript messages with the project's translations over them (the first
    catalogue wins); untranslated entries of the project leave Sphinx's in place."""
    from babel.messages.pofile import read_po

    merged = dict(messages)
    for po in reversed(catalogues):
        with po.open("rb") as file:
            catalogue = read_po(file)
        for message in catalogue:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                forms = list(message.string) if isinstance(message.string, tuple | list) else []
                if all(forms):
                    merged[message.id[0]] = forms
            elif message.string:
                merged[message.id] = message.string
    return merged


_ADD_TRANSLATIONS = re.compile(r"^\s*Documentation\.addTranslations\((.*)\);?\s*$", re.DOTALL)


def write_translations_js(app: Sphinx, exception: Exception | None) -> None:
    """Merge the project's catalogue into the ``translations.js`` Sphinx copied."""
    if exception is not None or app.builder.format != "html":
        return
    catalogues = project_catalogues(app)
    target = Path(app.outdir, "_static", "translations.js")
    if not catalogues or not target.is_file():
        return
    match = _ADD_TRANSLATIONS.match(target.read_text(encoding="utf-8"))
    if match is None:
        # no kok.* type: a matter for developers (a new Sphinx), not for authors
        logger.warning("translations.js hat ein unbekanntes Format; die Suche bleibt teils englisch")
        return
    data = json.loads(match[1])
    data["messages"] = merged_messages(data.get("messages", {}), catalogues)
    # Documentation.ngettext indexes the forms with the rule's result: it must be a number
    data["plural_expr"] = f"Number({data.get('plural_expr') or 'n != 1'})"
    text = json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)
    write_whole(target, f"Documentation.addTranslations({text});\n")


def remove_empty_sources(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx creates ``_sources`` even with ``html_copy_source = False``; left empty, it goes."""
    if exception is not None or app.builder.format != "html" or app.config.html_copy_source:
        return
    sources = Path(app.outdir, "_sources")
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_template_preprocessor)
    app.connect("build-finished", write_translations_js)
    app.connect("build-finished", remove_empty_sources)
