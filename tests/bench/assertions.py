"""The suite's assertions, per test function, and its collected test ids (issue 21: not one
assertion may be lost when the suite is reorganised).

    python -m tests.bench.assertions snapshot out.json   # AST inventory + pytest --collect-only
    python -m tests.bench.assertions compare before.json after.json

Per test function: the source of each ``assert`` (normalised by ``ast.unparse``), each
``pytest.raises``/Playwright ``expect(...)``, and each call of a checking helper (a function of
tests/ that asserts). Helpers are listed by name wherever they live, so moving one between
modules is no loss; ``compare`` reports, per test, asserts gone and counts that fell."""

from __future__ import annotations

import ast
import collections
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent
SKIP = {"bench", "roots"}


def _files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if not set(p.relative_to(TESTS).parts) & SKIP)


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
    names = []
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.append(func.id)
            elif isinstance(func, ast.Attribute):
                names.append(func.attr)
    return names


def inventory() -> dict[str, object]:
    helpers: dict[str, list[str]] = {}
    tests: dict[str, dict[str, object]] = {}
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.relative_to(TESTS.parent).as_posix()

        def visit(body: list[ast.stmt], prefix: str, module: str = module) -> None:
            for node in body:
                if isinstance(node, ast.ClassDef):
                    visit(node.body, f"{prefix}{node.name}::", module)
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    checks = _checks(node)
                    if node.name.startswith("test"):
                        tests[f"{module}::{prefix}{node.name}"] = {"checks": checks, "calls": _called(node)}
                    elif checks:
                        helpers.setdefault(node.name, []).extend(checks)

        visit(tree.body, "")
    for entry in tests.values():
        calls = entry.pop("calls")
        entry["helper_checks"] = sorted(
            f"{name} ({len(helpers[name])} asserts)" for name in set(calls) if name in helpers
        )
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    ids = sorted(line for line in collected if "::" in line)
    return {"tests": tests, "helpers": helpers, "ids": ids}


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
        helpers_missing = set(entry["helper_checks"]) - set(now["helper_checks"])
        if missing or helpers_missing or len(now["checks"]) < len(entry["checks"]):
            print(f"LESS  {name}: {len(entry['checks'])} -> {len(now['checks'])}")
            for check in missing:
                print(f"        - {check}")
            for helper in helpers_missing:
                print(f"        - helper {helper}")
            lost += 1
    for helper, checks in before["helpers"].items():
        if len(after["helpers"].get(helper, [])) < len(checks):
            print(f"HELPER {helper}: {len(checks)} -> {len(after['helpers'].get(helper, []))}")
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
    if sys.argv[1] == "snapshot":
        Path(sys.argv[2]).write_text(json.dumps(inventory(), indent=1, ensure_ascii=False), encoding="utf-8")
    else:
        mapping = json.loads(Path(sys.argv[4]).read_text(encoding="utf-8")) if len(sys.argv) > 4 else {}
        before = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        after = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
        sys.exit(compare(before, after, mapping))
