"""Writing files for KOK staff: whole or not at all, with German reasons when it fails."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def why(error: OSError) -> str:
    """The reason of a failed file operation, in German where it is a common one."""
    reasons = {
        errno.EACCES: "keine Berechtigung",
        errno.EISDIR: "das ist ein Ordner",
        errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
        errno.EROFS: "nur lesbar eingebunden",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` into a temporary file beside ``path``, then rename it; on OSError nothing is left."""
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as file:
            temporary = file.name
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # as an editor would create it, not the temporary file's 0600
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (it can only be read by setting it)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
