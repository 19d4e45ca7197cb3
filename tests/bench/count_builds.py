"""A pytest plugin that counts the suite's Sphinx builds (in-process and in subprocesses) and PDF
renders: ``pytest -p tests.bench.count_builds`` with ``KOK_COUNT_LOG=/path/log.tsv`` set; a summary at the end.
Measurement only (issue 21): nothing in the suite depends on it."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "count"


def pytest_configure(config: Any) -> None:
    if not os.environ.get("KOK_COUNT_LOG"):
        return
    os.environ["KOK_COUNT_MAIN"] = str(os.getpid())
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(HERE))
    import sitecustomize  # type: ignore[import-not-found]  # noqa: F401  (ours: patches this process too)

    original = subprocess.Popen.__init__

    def popen(self: Any, *args: Any, **kwargs: Any) -> None:
        env = kwargs.get("env")
        if env is not None and str(HERE) not in env.get("PYTHONPATH", ""):
            kwargs["env"] = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))}
        original(self, *args, **kwargs)

    subprocess.Popen.__init__ = popen  # type: ignore[method-assign]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    log = os.environ.get("KOK_COUNT_LOG")
    if not log or not Path(log).exists():
        return
    main = os.environ["KOK_COUNT_MAIN"]
    counts: collections.Counter[str] = collections.Counter()
    for line in Path(log).read_text(encoding="utf-8").splitlines():
        pid, kind, _test, _detail = line.split("\t", 3)
        where = "in-process" if pid == main else "subprocess"
        counts[f"{kind} {where}"] += 1
    terminalreporter.write_line(f"builds/renders: {dict(sorted(counts.items()))}")
