"""ERDs (one per star, one for the Hyperscale marts) and the architecture picture, as Graphviz
DOT generated from the manifest, rendered to SVG with Debian's `dot` (package graphviz)."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from typing import Any

from esa.docs_site.marts import DATE_DIM, Mart

ASSETS = Path("docs/assets")
STARS = {  # ERD name -> (title, folders whose marts it shows, with the dimensions they use)
    "erd_sales": ("Sales star (Synapse, Fabric)", ("marts/sales", "marts/customer")),
    "erd_customer_service": ("Customer-service star (Synapse, Fabric)", ("marts/customer_service",)),
    "erd_app_engagement": ("App-engagement star (Synapse, Fabric)", ("marts/app_engagement",)),
    "erd_erp_reporting": ("ERP reporting marts (Hyperscale, schema reporting)", ("erp_reporting/",)),
}
_GRAPH = 'graph [fontname="Helvetica", fontsize=11, rankdir=LR, nodesep=0.25, ranksep=0.9];\n' \
    'node [fontname="Helvetica", fontsize=10, shape=plaintext];\nedge [fontname="Helvetica", fontsize=8];\n'


def _table(m: Mart, keys: list[str]) -> str:
    colour = "#dbe9f6" if m.name.startswith(("dim_", "customer_360")) else "#fde9c8"
    rows = "".join(f'<tr><td align="left" port="{escape(c)}">{escape(c)}</td></tr>' for c in keys)
    return (f'"{m.name}" [label=<<table border="0" cellborder="1" cellspacing="0">'
            f'<tr><td bgcolor="{colour}"><b>{escape(m.name)}</b></td></tr>{rows}</table>>];')


def erd_dot(title: str, folders: tuple[str, ...], marts: dict[str, Mart]) -> str:
    shown = {n for n, m in marts.items()
             if m.folder in folders or any(f.endswith("/") and m.folder.startswith(f) for f in folders)}
    rels = [r for n in sorted(shown) for r in marts[n].relationships]
    shown |= {r.to_model for r in rels if r.to_model in marts}
    keys: dict[str, list[str]] = defaultdict(list)
    for r in rels:
        for model, col in ((r.model, r.column), (r.to_model, r.to_column)):
            if col not in keys[model]:
                keys[model].append(col)
    for n in shown:  # a mart without relationships shows its identifying columns
        keys.setdefault(n, [c for c in marts[n].columns if c.endswith(("_id", "_key", "_code"))][:6])
    out = [f'digraph "{title}" {{', _GRAPH + f'label="{title}"; labelloc=t;']
    out += [_table(marts[n], keys.get(n, [])) for n in sorted(shown)]
    for r in rels:
        if r.to_model not in shown:
            continue
        style = "dashed" if r.role == "inactive" else "solid"
        tail = "crow" if r.cardinality.startswith("many") else "teeodot"
        out.append(f'"{r.model}":"{r.column}" -> "{r.to_model}":"{r.to_column}" '
                   f'[dir=both, arrowtail={tail}, arrowhead=tee, style={style}];')
    out.append("}")
    return "\n".join(out) + "\n"


def _zone(node: dict[str, Any]) -> str:
    """The architecture box a manifest node belongs to."""
    if node["resource_type"] == "source":
        name = node["source_name"]
        return ("ERP database\\n(Azure SQL Hyperscale)" if name == "erp" else
                "Cosmos DB analytical store\\n(Synapse Link)" if name.startswith("cosmos") else
                "ADLS Gen2 lake\\n(Synapse Pipelines)")
    if node["resource_type"] == "exposure":
        return "Power BI reports"
    folder = node["original_file_path"].split("/")[1] if "/" in node["original_file_path"] else ""
    if folder == "erp_reporting":
        return "Azure SQL Hyperscale\\nschema reporting: rpt_*"
    if folder == "marts":
        return "Synapse dedicated SQL pool / Fabric Warehouse\\nschema marts: star schemas"
    if node["resource_type"] == "snapshot":
        return "snapshots (SCD2)"
    return {"staging": "staging", "intermediate": "intermediate"}.get(folder, "")


def architecture_dot(manifest: dict[str, Any]) -> str:
    nodes = {**manifest["nodes"], **manifest["sources"], **manifest["exposures"]}
    count: Counter[str] = Counter()
    edges: Counter[tuple[str, str]] = Counter()
    for node in nodes.values():
        if node.get("package_name") != "erp_service_analytics" or node["resource_type"] not in (
                "model", "source", "snapshot", "exposure"):
            continue
        zone = _zone(node)
        if not zone:
            continue
        count[zone] += 1
        for parent in node.get("depends_on", {}).get("nodes", []):
            pz = _zone(nodes[parent]) if parent in nodes else ""
            if pz and pz != zone:
                edges[(pz, zone)] += 1
    out = ['digraph architecture {', _GRAPH.replace("shape=plaintext", 'shape=box, style="rounded,filled", '
                                                    'fillcolor="#eef3f8"'),
           'label="Architecture (from the dbt manifest: sources, models, snapshots, exposures)"; labelloc=t;']
    # No counts on the picture: it changes only when the architecture does, not with every model.
    out += [f'"{zone}";' for zone in sorted(count)]
    out += [f'"{a}" -> "{b}";' for (a, b) in sorted(edges)]
    out.append("}")
    return "\n".join(out) + "\n"


def all_dots(manifest: dict[str, Any], marts: dict[str, Mart]) -> dict[str, str]:
    dots = {name: erd_dot(title, folders, marts) for name, (title, folders) in STARS.items()}
    dots["architecture"] = architecture_dot(manifest)
    return dots


def render_svg(dot_file: Path) -> Path:
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError("Graphviz `dot` is missing: install it with `sudo apt-get install graphviz` "
                           "(make setup does it when run as root)")
    svg = dot_file.with_suffix(".svg")
    subprocess.run([exe, "-Tsvg", str(dot_file), "-o", str(svg)], check=True)
    return svg


__all__ = ["ASSETS", "DATE_DIM", "all_dots", "render_svg"]
