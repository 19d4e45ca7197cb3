"""Writing a file whole: into a temporary file beside it, then renamed over it, so that a build
stopped halfway, or a second build reading at the same time (another edition, a test run beside
``make html``, a web server), never sees half a file. Free of Sphinx: the tools use it too.

``write_if_changed`` leaves a file alone that already holds exactly the content (it keeps its time,
and whatever watches the output, e.g. a server's cache, sees no change), as Sphinx's
``FileAvoidWrite`` does for text, but for bytes and written whole.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def write_whole(path: Path, content: bytes | str) -> None:
    """``content`` (text: UTF-8) at ``path``, whole or not at all, in a folder that exists. The
    file gets the permissions a new file of this process gets (not the temporary file's 0600);
    on ``OSError`` no temporary file is left."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, content: bytes | str) -> bool:
    """``write_whole`` (the folder made when missing), unless the file already holds exactly
    ``content``; says whether it wrote."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, data)
    return True


def read_cache(path: Path, key: object) -> Any:
    """What ``write_cache`` stored at ``path`` under the same ``key`` (the version of its shape and
    whatever else it was made with); ``None`` otherwise. A cache only saves work: anything
    unreadable, of any kind, means doing the work again."""
    try:
        with path.open("rb") as file:
            stored_key, value = pickle.load(file)
    except Exception:
        return None
    return value if stored_key == key else None


def write_cache(path: Path, key: object, value: object) -> None:
    """``value`` under ``key``, whole or not at all: a build stopped halfway leaves the last good cache."""
    write_whole(path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))


def _umask() -> int:
    """The process's umask (it can only be read by setting it)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
