"""Small text-file hooks for pre-commit (the project cannot clone hook repos from GitHub).

python -m esa.checks.text_files trailing-whitespace FILE...   strip it (exit 1 if a file changed)
python -m esa.checks.text_files end-of-file FILE...           exactly one final newline (idem)
python -m esa.checks.text_files large-files [--max-kb N] FILE...  refuse files over N KiB (500)
"""

from __future__ import annotations

import argparse
import sys
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m esa.checks.text_files",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("check", choices=["trailing-whitespace", "end-of-file", "large-files"])
    parser.add_argument("--max-kb", type=int, default=500, help="large-files: the limit in KiB (default 500)")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_intermixed_args(argv)
    failed = False
    for path in args.files:
        if not path.is_file():
            continue
        if args.check == "large-files":
            size_kb = path.stat().st_size / 1024
            if size_kb > args.max_kb:
                print(f"{path}: {size_kb:.0f} KiB is over {args.max_kb} KiB (generated data does not belong in git)")
                failed = True
        elif args.check == "trailing-whitespace" and fix_trailing_whitespace(path):
            print(f"{path}: trailing whitespace removed")
            failed = True
        elif args.check == "end-of-file" and fix_end_of_file(path):
            print(f"{path}: end of file fixed")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
