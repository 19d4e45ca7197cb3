"""One way to write a file whole (``kok_archive.core.files``): used by every module that writes one."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from kok_archive.core import files
from kok_archive.core.files import write_if_changed, write_whole

EXT = Path(__file__).parent.parent / "_ext"


def test_a_file_is_written_whole_with_the_permissions_of_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "daten.json"
    path.write_text("alt", encoding="utf-8")
    os.chmod(path, 0o600)
    before = os.umask(0o022)
    try:
        write_whole(path, "neu: äöü")
    finally:
        os.umask(before)
    assert path.read_text(encoding="utf-8") == "neu: äöü"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not the temporary file's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["daten.json"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "daten.json"
    path.write_bytes(b"alt")

    def full_disk(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_whole(path, b"neu")
    assert path.read_bytes() == b"alt"
    assert [p.name for p in tmp_path.iterdir()] == ["daten.json"]


def test_an_unchanged_file_keeps_its_time(tmp_path: Path) -> None:
    path = tmp_path / "ordner" / "kok-events.ics"
    assert write_if_changed(path, b"BEGIN:VCALENDAR")  # the folder is made
    past = 1_000_000_000
    os.utime(path, (past, past))
    assert not write_if_changed(path, "BEGIN:VCALENDAR")  # text: UTF-8, the same bytes
    assert path.stat().st_mtime == past
    assert write_if_changed(path, b"END:VCALENDAR")
    assert path.read_bytes() == b"END:VCALENDAR"


def test_no_module_writes_a_file_whole_its_own_way() -> None:
    """Temporary files renamed over the target exist once, in ``files.py``: a fix there (permissions,
    clean-up) reaches every file the site writes."""
    own_way = re.compile(r"os\.replace\(|\.replace\(target\)|tempfile\.(mkstemp|NamedTemporaryFile)|\.partial\b")
    found = sorted(
        path.relative_to(EXT).as_posix()
        for path in EXT.rglob("*.py")
        if own_way.search(path.read_text(encoding="utf-8"))
    )
    assert set(found) == {"kok_archive/core/files.py"}, found
