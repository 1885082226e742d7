"""Small text-file fixes for pre-commit (the project cannot clone hook repos from GitHub).

Run through `esa check trailing-whitespace|end-of-file|large-files FILE...` (esa.commands.check).
"""

from __future__ import annotations

from pathlib import Path

MARKDOWN = {".md", ".markdown"}


def _is_binary(data: bytes) -> bool:
    return b"\0" in data[:8192]


def fix_trailing_whitespace(path: Path) -> bool:
    """Strip trailing spaces and tabs; Markdown keeps a two-space hard line break. True if changed."""
    data = path.read_bytes()
    if _is_binary(data):
        return False
    out: list[bytes] = []
    for line in data.splitlines(keepends=True):
        body = line.rstrip(b"\r\n")
        ending = line[len(body) :]
        stripped = body.rstrip(b" \t")
        if path.suffix.lower() in MARKDOWN and body.endswith(b"  ") and stripped:
            stripped += b"  "
        out.append(stripped + ending)
    new = b"".join(out)
    if new != data:
        path.write_bytes(new)
        return True
    return False


def fix_end_of_file(path: Path) -> bool:
    """Exactly one newline at the end of a non-empty file. True if changed."""
    data = path.read_bytes()
    if _is_binary(data) or not data:
        return False
    new = data.rstrip(b"\r\n \t") if not data.strip() else data.rstrip(b"\r\n")
    new = new + b"\n" if new else b""
    if new != data:
        path.write_bytes(new)
        return True
    return False
