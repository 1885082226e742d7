"""`esa docs`: docs-site content generated from the manifest (production names, ERDs, architecture)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "docs",
        help="Generate docs content from the manifest: production doc blocks, ERDs, architecture.",
        description="Generate the marts' production doc blocks (models/_production__docs.md) and the "
                    "diagrams (docs/assets/*.dot rendered to *.svg) from target/manifest.json.",
    )
    parser.add_argument("what", choices=["production", "diagrams", "patch-site"],
                        help="production: the doc blocks only; diagrams: the doc blocks and every picture; "
                             "patch-site: fix dbt-docs' template bugs in the generated site (make docs runs it)")
    parser.add_argument("--target", type=Path, default=Path("target"),
                        help="patch-site: the folder holding index.html (default: target)")
    parser.add_argument("--manifest", type=Path, default=Path("target/manifest.json"),
                        help="the manifest to read (default: target/manifest.json, from `dbt parse`)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a generated file (doc blocks, .dot sources) is stale")
    parser.set_defaults(func=run)


def _write(path: Path, text: str, check: bool) -> bool:
    """Write text (or, with check, compare): True when the file already held it."""
    same = path.exists() and path.read_text() == text
    if not check and not same:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return same


def run(args: argparse.Namespace) -> int:
    from esa.docs_site import diagrams, production, site_patch
    from esa.docs_site.marts import collect, load_manifest

    if args.what == "patch-site":
        if not (args.target / "index.html").exists():
            print(f"esa docs: no {args.target}/index.html: run `make docs` first", file=sys.stderr)
            return 2
        changed = site_patch.patch(args.target)
        print(f"esa docs: patched {', '.join(str(p) for p in changed) or 'nothing (already patched)'}",
              file=sys.stderr)
        return 0

    if not args.manifest.exists():
        print(f"esa docs: {args.manifest} not found: run `.venv/bin/dbt parse --target local` first "
              "(make docs-diagrams does)", file=sys.stderr)
        return 2
    manifest = load_manifest(args.manifest)
    marts = collect(manifest)
    outputs = {Path(production.OUT): production.render(marts)}
    if args.what == "diagrams":
        outputs |= {diagrams.ASSETS / f"{name}.dot": dot for name, dot in diagrams.all_dots(manifest, marts).items()}
    stale = [path for path, text in outputs.items() if not _write(path, text, args.check)]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run `make docs-diagrams`", file=sys.stderr)
        return 1 if stale else 0
    if args.what == "diagrams":
        try:
            for path in outputs:
                if path.suffix == ".dot":
                    print(f"esa docs: {diagrams.render_svg(path)}", file=sys.stderr)
        except RuntimeError as exc:
            print(f"esa docs: {exc}", file=sys.stderr)
            return 1
    print(f"esa docs: {len(marts)} marts, {sum(len(m.relationships) for m in marts.values())} relationships; "
          f"{len(stale)} file(s) updated", file=sys.stderr)
    return 0
