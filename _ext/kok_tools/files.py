"""Writing files for KOK staff: whole or not at all (``kok_archive.core.files``), with German reasons when it fails."""

from __future__ import annotations

import errno

from kok_archive.core.files import write_whole

__all__ = ["why", "write_whole"]


def why(error: OSError) -> str:
    """The reason of a failed file operation, in German where it is a common one."""
    reasons = {
        errno.EACCES: "keine Berechtigung",
        errno.EISDIR: "das ist ein Ordner",
        errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
        errno.EROFS: "nur lesbar eingebunden",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
