"""What the site-wide features share: which builders make a site of many files, and writing
a file beside the pages only when its content changes."""

from __future__ import annotations

from pathlib import Path

# a site of many files: pages of their own, exports, PDFs, a sitemap and a 404 page beside the
# pages; singlehtml and epub are one document, LaTeX, man, texinfo … no site at all
SITE_BUILDERS = ("html", "dirhtml")


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` unless the file already holds exactly it (then it keeps its time,
    and whatever watches the output, e.g. a server's cache, sees no change)."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
