"""The suite's assertions, per test function, and its collected test ids (issue 21: not one
assertion may be lost when the suite is reorganised).

    python -m tests.bench.assertions snapshot out.json   # AST inventory + pytest --collect-only
    python -m tests.bench.assertions compare before.json after.json

Per test function: the source of each ``assert`` (normalised by ``ast.unparse``), each
``pytest.raises``/Playwright ``expect(...)``, and the asserts of the helpers and fixtures it calls
by name, directly or through other helpers. Helpers are counted by name wherever they live, so
moving one between modules is no loss; ``compare`` reports, per test, asserts gone and counts that
fell (``mapping.json`` may map a renamed test id or ``helper:old`` to its new name)."""

from __future__ import annotations

import ast
import collections
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent
SKIP = {"bench", "roots"}


def _files(tests: Path) -> list[Path]:
    return sorted(p for p in tests.rglob("*.py") if not set(p.relative_to(tests).parts) & SKIP)


def _checks(function: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            found.append("assert " + ast.unparse(node.test))
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("pytest.raises", "expect") or name.startswith("expect(") or ".to_" in name:
                found.append("call " + ast.unparse(node)[:200])
    return found


def _called(function: ast.AST) -> list[str]:
    """Functions called by name (helpers are imported by name; ``app.build()`` is no helper)."""
    return [
        node.func.id for node in ast.walk(function) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]


def inventory(tests: Path = TESTS) -> dict[str, Any]:
    own: dict[str, list[str]] = {}  # "module:name" -> its checks
    calls: dict[str, list[str]] = {}  # "module:name" -> the keys it calls
    found: dict[str, dict[str, Any]] = {}
    exports: dict[str, dict[str, str]] = {}
    for path in _files(tests):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.stem
        imported = {  # name -> module, for ``from .helpers import name``
            alias.asname or alias.name: (node.module or "").split(".")[-1]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level
            for alias in node.names
        }
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        exports[module] = imported

        def key(
            name: str, module: str = module, imported: dict[str, str] = imported, defined: set[str] = defined
        ) -> str:
            # a fixture of conftest.py, or a helper imported (perhaps through conftest.py's re-export)
            return f"{module}:{name}" if name in defined else f"{imported.get(name, 'conftest')}:{name}"

        def visit(body: list[ast.stmt], prefix: str, module: str = module, key: Callable[[str], str] = key) -> None:
            for node in body:
                if isinstance(node, ast.ClassDef):
                    visit(node.body, f"{prefix}{node.name}::", module, key)
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    requested = [arg.arg for arg in node.args.args]  # fixtures, by name
                    called = [key(name) for name in [*_called(node), *requested]]
                    if node.name.startswith("test"):
                        found[f"tests/{module}.py::{prefix}{node.name}"] = {"checks": _checks(node), "calls": called}
                    else:  # a helper or fixture: its checks count for every test that calls it
                        own.setdefault(f"{module}:{node.name}", []).extend(_checks(node))
                        calls.setdefault(f"{module}:{node.name}", []).extend(called)

        visit(tree.body, "")

    def reachable(name: str, seen: set[str]) -> set[str]:
        module, bare = name.split(":")
        if name not in own and bare in exports.get(module, {}):  # re-exported: where it is defined
            name = f"{exports[module][bare]}:{bare}"
        if name in seen or name not in own:
            return seen
        seen.add(name)
        for callee in calls[name]:
            reachable(callee, seen)
        return seen

    helpers: dict[str, list[str]] = {}
    for name, checks in own.items():  # by bare name: a helper may move between modules
        if checks:
            helpers.setdefault(name.split(":")[1], []).extend(checks)
    for entry in found.values():
        names: set[str] = set()
        for name in entry.pop("calls"):
            reachable(name, names)
        entry["helper_checks"] = sorted(f"{name.split(':')[1]} ({len(own[name])})" for name in names if own[name])
        entry["helper_count"] = sum(len(own[name]) for name in names)
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=tests.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    ids = sorted(line for line in collected if "::" in line)
    return {"tests": found, "helpers": helpers, "ids": ids}


def compare(before: dict[str, Any], after: dict[str, Any], mapping: dict[str, str]) -> int:
    lost = 0
    for name, entry in before["tests"].items():
        target = mapping.get(name, name)
        now = after["tests"].get(target)
        if now is None:
            print(f"GONE  {name}")
            lost += 1
            continue
        missing = collections.Counter(entry["checks"]) - collections.Counter(now["checks"])
        if missing or now["helper_count"] < entry["helper_count"]:
            print(
                f"LESS  {name}: asserts {len(entry['checks'])} -> {len(now['checks'])}, "
                f"in helpers {entry['helper_count']} -> {now['helper_count']}"
            )
            for check in missing:
                print(f"        - {check}")
            print(f"        helpers before: {entry['helper_checks']}\n        helpers after:  {now['helper_checks']}")
            lost += 1
    for helper, checks in before["helpers"].items():
        # a helper renamed: its checks are now under both names (build -> build_app in one module)
        now = len(after["helpers"].get(helper, [])) + len(after["helpers"].get(mapping.get(f"helper:{helper}", ""), []))
        if now < len(checks):
            print(f"HELPER {helper}: {len(checks)} -> {now}")
            lost += 1
    ids_before, ids_after = set(before["ids"]), set(after["ids"])
    for test_id in sorted(ids_before - ids_after):
        mapped = mapping.get(test_id)
        if mapped in ids_after:
            continue
        print(f"ID GONE  {test_id}")
        lost += 1
    print(
        f"tests: {len(before['tests'])} -> {len(after['tests'])} functions, "
        f"asserts {sum(len(t['checks']) for t in before['tests'].values())} -> "
        f"{sum(len(t['checks']) for t in after['tests'].values())}, "
        f"helper asserts {sum(map(len, before['helpers'].values()))} -> {sum(map(len, after['helpers'].values()))}, "
        f"ids {len(ids_before)} -> {len(ids_after)} (new: {len(ids_after - ids_before)}); losses: {lost}"
    )
    return 1 if lost else 0


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":  # snapshot out.json [tests folder of another checkout]
        tests = Path(sys.argv[3]).resolve() if len(sys.argv) > 3 else TESTS
        Path(sys.argv[2]).write_text(json.dumps(inventory(tests), indent=1, ensure_ascii=False), encoding="utf-8")
    else:
        mapping = json.loads(Path(sys.argv[4]).read_text(encoding="utf-8")) if len(sys.argv) > 4 else {}
        before = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        after = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
        sys.exit(compare(before, after, mapping))
