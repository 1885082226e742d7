"""Fixes to the site `dbt docs generate` writes (dbt-docs' own template bugs). Two keep the browser
console clean: the favicon link is a webpack placeholder (`${require(...)}`) that 404s, and
the sidebar's menu icons set `xlink:href="{{ getIcon(...) }}"` before Angular interpolates it, so
the browser requests the literal text. Angular's `ng-attr-` prefix sets the attribute only once
interpolated. The rest fix search ranking, which dbt-docs loses twice: the search directive's
`$watchGroup(["query", ...])` replaces the weighted results MainController computed (name 10, tags 5,
description 3, raw_code 2, columns 1) with a fresh, unweighted `project.search(query)`, so
`overallWeight` is undefined on every result; and the template runs
`results | filter:limit_search | orderBy:'overallWeight':true`, keeping the first 20 matches in
manifest order before sorting. The patch weighs the directive's results with the same weights
(`esaWeigh`, inserted into <head>) and sorts before the limit, so the 20 heaviest show. Idempotent."""

from __future__ import annotations

from pathlib import Path

FIXES = (
    ("<link rel=\"shortcut icon\" href=\"${require('./assets/favicons/favicon.ico')}\"/>",
     "<link rel=\"icon\" href=\"data:,\"/>"),
    ("<use xlink:href=\"{{ getIcon(", "<use ng-attr-xlink:href=\"{{ getIcon("),
    ("<use xlink:href=\\\"{{ getIcon(", "<use ng-attr-xlink:href=\\\"{{ getIcon("),
    ("results | filter:limit_search | orderBy:\\'overallWeight\\':true",
     "results | orderBy:\\'overallWeight\\':true | filter:limit_search"),
    ("}(t.search(n.query),n.checkboxStatus)", "}(esaWeigh(t.search(n.query),n.query),n.checkboxStatus)"),
)
# dbt-docs' own weighting (MainController's $watch on search.query), so the directive's results carry it.
WEIGH = """<script>function esaWeigh(results, query) {
  var q = (query || "").toLowerCase(), weights = {name: 10, tags: 5, description: 3, raw_code: 2, columns: 1};
  function count(text) { var n = 0, i = 0; text = String(text).toLowerCase();
    while (q && (i = text.indexOf(q, i)) !== -1) { n++; i++; } return n; }
  results.forEach(function (r) { r.overallWeight = 0;
    Object.keys(weights).forEach(function (key) { var v = r.model[key], n = 0; if (v == null) return;
      if (key === "columns") { Object.keys(v).forEach(function (c) { if (v[c].name) n += count(v[c].name); }); }
      else if (key === "tags") { v.forEach(function (t) { n += count(t); }); } else { n = count(v); }
      r.overallWeight += n * weights[key]; }); });
  return results; }</script>"""
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
        if "function esaWeigh(" not in text:
            text = text.replace("<head>", "<head>" + WEIGH, 1)
        if text != original:
            page.write_text(text, encoding="utf-8")
            changed.append(page)
    return changed
