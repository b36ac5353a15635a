"""Export a chart as Mermaid ``flowchart TD`` source.

Node ids are generated (``n0``, ``n1``… in the same pre-order as the layout:
a unit, then its staff units, then its children), so titles never reach the
syntax unescaped.  Labels are quoted and every character that Mermaid or the
HTML it produces could interpret is written as a ``#code;`` entity.
"""

from __future__ import annotations

from orgkit.model import Node
from orgkit.render.chart import KIND_COLORS, KIND_ORDER, MAX_LINE_EM, wrap_title

__all__ = ["mermaid_label", "render_mermaid"]

# Quotes end the label; brackets, pipes and angle brackets are shape/link/HTML syntax; # starts an entity;
# backticks start Markdown strings; & and ; could assemble an entity from plain text.
_SPECIAL = set("\"'<>[](){}|#&`;\\*_~")


def mermaid_label(text: str) -> str:
    """Quoted-label-safe text: specials as ``#NN;``, whitespace (including newlines) collapsed."""
    text = " ".join(text.split())
    return "".join(f"#{ord(ch)};" if ch in _SPECIAL or ord(ch) < 0x20 else ch for ch in text)


def render_mermaid(root: Node) -> str:
    """``flowchart TD`` source: solid links for reporting lines, ``-.-`` for staff units,
    ``-.-|监督|`` for a board's 监事会, ``-.->|虚线汇报|`` for dotted-line reporting."""
    nodes: list[str] = []
    links: list[str] = []
    classes: dict[str, list[str]] = {}
    ids_by_title: dict[str, list[str]] = {}
    order: list[tuple[str, Node]] = []

    def visit(node: Node, parent: Node | None, parent_id: str | None, via: str) -> None:
        nid = f"n{len(order)}"
        order.append((nid, node))
        ids_by_title.setdefault(node.title, []).append(nid)
        # Full title, wrapped as on the chart but never truncated; <br> is Mermaid's own line break.
        lines, _cut = wrap_title(node.title, MAX_LINE_EM, max_lines=1000)
        label = "<br>".join(mermaid_label(line) for line in lines) or " "  # Mermaid rejects an empty label
        nodes.append(f'    {nid}["{label}"]')
        classes.setdefault(node.kind, []).append(nid)
        if parent_id is not None and parent is not None:
            if via == "staff":
                links.append(f"    {parent_id} -.- {nid}")
            elif parent.kind == "board" and node.kind == "supervisor":
                links.append(f"    {parent_id} -.-|监督| {nid}")
            else:
                links.append(f"    {parent_id} --> {nid}")
        for s in node.staff:
            visit(s, node, nid, "staff")
        for c in node.children:
            visit(c, node, nid, "child")

    visit(root, None, None, "root")
    for nid, node in order:
        for name in node.dotted_to:
            target = next((t for t in ids_by_title.get(name, []) if t != nid), None)
            if target is not None:
                links.append(f"    {nid} -.->|虚线汇报| {target}")
    out = ["flowchart TD", *nodes, *links]
    for kind in KIND_ORDER:
        if kind in classes:
            fill, stroke, font = KIND_COLORS[kind]
            out.append(f"    classDef {kind} fill:{fill},stroke:{stroke},color:{font}")
            out.append(f"    class {','.join(classes[kind])} {kind}")
    return "\n".join(out) + "\n"
