"""`/docs`: a self-contained HTML reference rendered from the OpenAPI document.

No CDN is reachable where the platform runs (and vendoring Swagger UI would add megabytes), so
the page is plain HTML with inline CSS: every operation with its method, path, parameters,
request and response schema names, and a link to `/openapi.json` for real tooling.
"""

from __future__ import annotations

from html import escape
from typing import Any

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.op{margin:.6rem 0;padding:.5rem .8rem;border-left:4px solid #888;background:#f7f7f7}
.m{display:inline-block;min-width:4.5rem;font-weight:bold}
.get{border-color:#2a7}.post{border-color:#27c}.patch{border-color:#c82}
.put{border-color:#a5c}.delete{border-color:#c33}
code{background:#eee;padding:0 .2rem}table{border-collapse:collapse;margin:.3rem 0}
td{padding:0 .8rem 0 0;vertical-align:top;font-size:.9rem}
"""


def _ref_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return _ref_name(schema.get("items")) + "[]"
    return str(schema.get("type", "any"))


def render(document: dict[str, Any]) -> str:
    """The HTML page of an OpenAPI document."""
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, item in document.get("paths", {}).items():
        for method, op in item.items():
            for tag in op.get("tags", ["other"]):
                by_tag.setdefault(tag, []).append((method, path, op))
    info = document.get("info", {})
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>{escape(info.get('title', 'API'))}</title><style>{_CSS}</style></head><body>",
           f"<h1>{escape(info.get('title', 'API'))} <small>{escape(info.get('version', ''))}"
           "</small></h1>",
           f"<p>{escape(info.get('description', ''))} Machine-readable: "
           "<a href='/openapi.json'>/openapi.json</a> (OpenAPI 3.1). Errors are "
           "<code>application/problem+json</code>; send <code>Authorization: Bearer "
           "&lt;token&gt;</code>.</p>"]
    for tag in sorted(by_tag):
        out.append(f"<h2>{escape(tag)}</h2>")
        for method, path, op in by_tag[tag]:
            out.append(f"<div class='op {escape(method)}' id='{escape(op.get('operationId', ''))}'>"
                       f"<span class='m'>{escape(method.upper())}</span>"
                       f"<code>{escape(path)}</code> — {escape(op.get('summary', ''))}")
            rows = []
            for p in op.get("parameters", []):
                rows.append(f"<tr><td>{escape(p['in'])}</td><td><code>{escape(p['name'])}"
                            f"</code></td><td>{escape(_ref_name(p.get('schema')))}</td>"
                            f"<td>{escape(p.get('description', ''))}</td></tr>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if body:
                rows.append(f"<tr><td>body</td><td colspan='3'>"
                            f"{escape(_ref_name(body.get('schema')))}</td></tr>")
            for status, resp in op.get("responses", {}).items():
                content = resp.get("content", {}).get("application/json", {})
                if content:
                    rows.append(f"<tr><td>{escape(status)}</td><td colspan='3'>"
                                f"{escape(_ref_name(content.get('schema')))}</td></tr>")
            if rows:
                out.append("<table>" + "".join(rows) + "</table>")
            out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)
