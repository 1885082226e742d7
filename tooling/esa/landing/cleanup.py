"""`esa generate --overwrite`: delete only the files a generator run wrote, never anything else in --out.

The files are named by ``_manifest.json`` (each entity's path pattern, its partition dates, the live_ids
exports of the landed period, the ERP catalog). Without a readable manifest, the current contract's
path patterns name them instead (any date). Folders left empty afterwards are removed; a folder that still
holds a file the generator did not write is kept, with that file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from esa.landing import contract
from esa.landing.writers import EXPORT_COMPLETE, live_ids_path, partition_path

MANIFEST = "_manifest.json"
AREAS = ("erp", "lake", "cosmos")
DATE = "YYYY-MM-DD"


class ManifestError(Exception):
    """_manifest.json exists but cannot be read as a manifest."""


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest in ``out``, None if there is none; ManifestError (one line) if it is unreadable."""
    path = out / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path} is corrupt ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("entities", {}), dict):
        raise ManifestError(f"{path} is corrupt (not a landing manifest)")
    return manifest


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _matches(out: Path, pattern: str, dates: set[str] | None) -> list[Path]:
    """Existing files of ``pattern`` (relative, with one YYYY-MM-DD) for ``dates`` (None: any date)."""
    if DATE not in pattern:
        return []
    head, _, tail = pattern.partition(DATE)
    found = []
    for path in out.glob(pattern.replace(DATE, "????-??-??")):
        rel = path.relative_to(out).as_posix()
        day = rel[len(head):len(rel) - len(tail)]
        if _is_date(day) and (dates is None or day in dates):
            found.append(path)
    return found


def _period(manifest: dict[str, Any]) -> set[str]:
    try:
        first = dt.date.fromisoformat(str(manifest["first_date"]))
        last = dt.date.fromisoformat(str(manifest["last_date"]))
    except (KeyError, ValueError):
        return set()
    return {(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)}


def written_files(out: Path, manifest: dict[str, Any] | None) -> list[Path]:
    """The files of ``out`` that a generator run wrote, as far as ``manifest`` (or the contract) says."""
    files: list[Path] = []
    if manifest is not None:
        period = _period(manifest)
        for entry in manifest.get("entities", {}).values():
            if not isinstance(entry, dict):
                continue
            pattern = str(entry.get("path", "")).split(" :: ")[0]
            if pattern == "erp/erp.duckdb":
                files.append(out / pattern)
            dates = set(entry.get("partitions", {}) or {})
            files += _matches(out, pattern, dates)
            live = entry.get("live_ids")
            if isinstance(live, dict) and "path" in live:
                exports = _matches(out, str(live["path"]), period)
                files += exports + [p.parent / EXPORT_COMPLETE for p in exports]
    else:
        files.append(out / "erp" / "erp.duckdb")
        for ent in (*contract.LAKE_ENTITIES, *contract.COSMOS_CONTAINERS):
            files += _matches(out, partition_path(Path("."), ent, DATE).as_posix(), None)
            if ent.area == "cosmos":
                exports = _matches(out, live_ids_path(Path("."), ent.name, DATE).as_posix(), None)
                files += exports + [p.parent / EXPORT_COMPLETE for p in exports]
    files.append(out / "erp" / "erp.duckdb.wal")
    return sorted({f for f in files if f.is_file()})


def remove_written(out: Path, manifest: dict[str, Any] | None) -> int:
    """Delete the generator's files and the manifest, then the folders left empty; returns files deleted."""
    files = written_files(out, manifest)
    for path in files:
        path.unlink()
    (out / MANIFEST).unlink(missing_ok=True)
    for area in AREAS:
        root = out / area
        if not root.is_dir():
            continue
        for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
        if not any(root.iterdir()):
            root.rmdir()
    return len(files)
