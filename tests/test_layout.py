"""The extension's layout: the Sphinx-free core imports nothing from Sphinx, the stages import
each other one way only (core ← reading ← views ← publishing), and the modules import each other
without a circle, so each can be read and tested from the bottom up."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "_ext" / "kok_archive"
# the subpackages in the order a build needs them: each imports only the ones before it
STAGES = ("core", "reading", "views", "publishing")
# the top level that every stage may use: it imports only the core and itself
SHARED = {"access", "config", "i18n", "logs", "nodes", "paths", "versions"}
# the top level above all stages: the domain gathers the checks across pages (reading) and links (views)
ABOVE = {"domain"}
# used without Sphinx (the importer, make check, the tests of pure logic): every module of the core and these
PURE_TOP = {"access", "nodes", "paths", "versions"}


def _modules() -> dict[str, Path]:
    """Every module by its dotted name inside the package (``core.dates``, ``config``); a stage's
    ``__init__.py`` by the stage's name. ``setup()`` (the package's ``__init__.py``) imports all of them."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: set[str], at_run_time: bool) -> tuple[set[str], set[str]]:
    """What a module imports: the package's modules by dotted name, anything else by its top package;
    ``at_run_time`` leaves out the imports only mypy sees (``if TYPE_CHECKING:``)."""
    own: set[str] = set()
    other: set[str] = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]

    def add(base: list[str], names: list[str]) -> None:
        for dotted in [".".join(base), *(".".join([*base, n]) for n in names)]:
            if dotted in modules:
                own.add(dotted)

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if at_run_time and isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                names = [alias.name for alias in child.names]
                module = child.module.split(".") if child.module else []
                if child.level:
                    add(package[: len(package) - child.level + 1] + module, names)
                elif module[0] == "kok_archive":
                    add(module[1:], names)
                else:
                    other.add(module[0])
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    parts = alias.name.split(".")
                    if parts[0] == "kok_archive":
                        add(parts[1:], [])
                    else:
                        other.add(parts[0])
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return own, other


def _graph(at_run_time: bool = True) -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules), at_run_time)[0] for name, path in modules.items()}


def _stage(module: str) -> str:
    first = module.split(".")[0]
    return first if first in STAGES else "top"


def _rank(module: str) -> int:
    """The stage's place in the build; the shared top level stands with the core, the domain above all."""
    stage = _stage(module)
    return STAGES.index(stage) if stage != "top" else 0 if module in SHARED else len(STAGES)


def test_the_pure_modules_import_nothing_from_sphinx() -> None:
    modules = _modules()
    assert modules.keys() >= PURE_TOP, PURE_TOP - modules.keys()
    pure = PURE_TOP | {name for name in modules if _stage(name) == "core"}
    for name in sorted(pure):
        own, other = _imports(name, modules[name], set(modules), at_run_time=True)
        assert "sphinx" not in other, f"{name} imports Sphinx"
        impure = own - pure
        assert not impure, f"{name} imports {impure}, which import Sphinx"


def test_the_stages_import_one_way() -> None:
    """Nothing imports a later stage at run time: the core nothing from reading, views or publishing,
    reading nothing from views or publishing, views nothing from publishing. The shared top level
    imports only the core, so no stage reaches a later one through it."""
    graph = _graph()
    top = {name for name in graph if _stage(name) == "top"}
    assert top == SHARED | ABOVE, f"a new top-level module: add it to SHARED or ABOVE: {top - SHARED - ABOVE}"
    backward = [
        f"{name} imports {later}"
        for name, imported in sorted(graph.items())
        for later in sorted(imported)
        if _rank(later) > _rank(name)
    ]
    assert not backward, "a stage imports a later one: " + "; ".join(backward)


def test_no_module_imports_itself_through_others() -> None:
    graph = _graph()
    done: set[str] = set()

    def walk(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import circle: " + " → ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        for imported in sorted(graph[name]):
            walk(imported, [*path, name])
        done.add(name)

    for name in sorted(graph):
        walk(name, [])
