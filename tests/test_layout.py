"""The extension's layout: the Sphinx-free core imports nothing from Sphinx, and the modules
import each other one way only (no circle), so each can be read and tested from the bottom up."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "_ext" / "kok_archive"
# used without Sphinx (the importer, make check, the tests of pure logic)
PURE = {
    "access", "catalogues", "charts", "dates", "editions", "exports", "fences", "file_names", "indexes",
    "missing_orgs", "model", "nodes", "org_history", "organisations", "printed_document", "search_index",
    "search_words", "sites", "files", "versions",
}  # fmt: skip


def _imports(path: Path, at_run_time: bool) -> set[str]:
    """What a module imports: our sibling modules by name, anything else by its top package;
    ``at_run_time`` leaves out the imports only mypy sees (``if TYPE_CHECKING:``)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if at_run_time and isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    found.update([child.module.split(".")[0]] if child.module else [a.name for a in child.names])
                elif child.module:
                    found.add(child.module.split(".")[0])
            elif isinstance(child, ast.Import):
                found.update(alias.name.split(".")[0] for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _modules() -> dict[str, Path]:
    return {path.stem: path for path in PACKAGE.glob("*.py") if path.stem != "__init__"}


def test_the_pure_modules_import_nothing_from_sphinx() -> None:
    modules = _modules()
    assert modules.keys() >= PURE, PURE - modules.keys()
    for name in sorted(PURE):
        imported = _imports(modules[name], at_run_time=True)
        assert "sphinx" not in imported, f"{name}.py imports Sphinx"
        impure = (imported & modules.keys()) - PURE
        assert not impure, f"{name}.py imports {impure}, which import Sphinx"


def test_no_module_imports_itself_through_others() -> None:
    modules = _modules()
    graph = {name: _imports(path, at_run_time=True) & modules.keys() for name, path in modules.items()}
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
