"""Two fixes to the site `dbt docs generate` writes (dbt-docs' own template bugs), so the browser
console stays clean: the favicon link is a webpack placeholder (`${require(...)}`) that 404s, and
the sidebar's menu icons set `xlink:href="{{ getIcon(...) }}"` before Angular interpolates it, so
the browser requests the literal text. Angular's `ng-attr-` prefix sets the attribute only once
interpolated. Idempotent."""

from __future__ import annotations

from pathlib import Path

FIXES = (
    ("<link rel=\"shortcut icon\" href=\"${require('./assets/favicons/favicon.ico')}\"/>",
     "<link rel=\"icon\" href=\"data:,\"/>"),
    ("<use xlink:href=\"{{ getIcon(", "<use ng-attr-xlink:href=\"{{ getIcon("),
    ("<use xlink:href=\\\"{{ getIcon(", "<use ng-attr-xlink:href=\\\"{{ getIcon("),
)
PAGES = ("index.html", "static_index.html")


def patch(target: Path) -> list[Path]:
    """Patch the generated pages under target; returns the pages changed."""
    changed = []
    for name in PAGES:
        page = target / name
        if not page.exists():
            continue
        text = original = page.read_text(encoding="utf-8")
        for old, new in FIXES:
            text = text.replace(old, new)
        if text != original:
            page.write_text(text, encoding="utf-8")
            changed.append(page)
    return changed
