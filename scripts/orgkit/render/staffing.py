"""定岗定编表 (.xlsx): one row per unit of the chart, with its post, level, headcount and boss.

Rows follow the chart top-down. Under every unit that has units below it comes a
小计 row whose headcount is ``SUBTOTAL(9, …)`` over the unit and everything
below it: Excel and WPS leave nested 小计 rows out of an enclosing SUBTOTAL, and
recalculate when HR changes a number or filters the table. The header row is
frozen and carries the filter buttons.

The templates rarely fix headcounts; a unit with a post then counts one person
(its head), a unit without a post none, and the 说明 sheet says so.
"""

from __future__ import annotations

import io

from orgkit import __version__
from orgkit.load import Library
from orgkit.model import Node, Org, chart_bosses
from orgkit.render.bundle import rezip
from orgkit.render.docx import FIXED_DATE, LIBRARY_NAME
from orgkit.render.text import box_title

HEADERS = ("单位", "上级单位", "岗位", "岗位层级", "编制人数", "直接上级")
WIDTHS = (30, 22, 20, 14, 10, 20)
SUBTOTAL_SUFFIX = " 小计"
TOTAL_LABEL = "合计"
COUNT_COLUMN = "E"


def headcount(node: Node) -> int | None:
    if node.headcount is not None:
        return node.headcount
    return 1 if node.role else None


def staffing_xlsx(org: Org, library: Library) -> bytes:
    """The 定岗定编表 of one org template."""
    from openpyxl import Workbook
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    ws = wb.active
    ws.title = "定岗定编表"
    styles = _Styles(wb)
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.style = styles.get("header", 0, centre=True)

    parents: dict[int, Node] = {}
    for node in _nodes(org.chart):
        for child in (*node.staff, *node.children):
            parents[id(child)] = node
    # Rows in chart order; a unit's 小计 goes after its last descendant (a stack of open units).
    open_units: list[tuple[Node, int, int]] = []  # (node, depth, first row)

    def close_until(depth: int) -> None:
        while open_units and open_units[-1][1] >= depth:
            node, d, first = open_units.pop()
            last = ws.max_row
            ws.append([f"{node.title}{SUBTOTAL_SUFFIX}", "", "", "", f"=SUBTOTAL(9,{COUNT_COLUMN}{first}:{COUNT_COLUMN}{last})", ""])
            styles.row(ws[ws.max_row], "total", d)

    for node, path, boss in chart_bosses(org.chart):
        depth = len(path) // 2
        close_until(depth)
        role = library.roles.get(node.role) if node.role else None
        parent = parents.get(id(node))
        ws.append([
            node.title,
            parent.title if parent else "",
            role.title if role else (node.role or ""),
            library.label("levels", role.level) if role else "",
            headcount(node),
            box_title(boss, library),
        ])
        styles.row(ws[ws.max_row], "body", depth)
        if node.children or node.staff:
            open_units.append((node, depth, ws.max_row))
    close_until(0)
    last = ws.max_row
    ws.append([TOTAL_LABEL, "", "", "", f"=SUBTOTAL(9,{COUNT_COLUMN}2:{COUNT_COLUMN}{last})", ""])
    styles.row(ws[ws.max_row], "total", 0)

    for k, width in enumerate(WIDTHS):
        ws.column_dimensions["ABCDEF"[k]].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.oddHeader.center.text = f"{org.title}定岗定编表"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    notes = wb.create_sheet("说明")
    for line in (
        f"{org.title}定岗定编表",
        f"由 orgkit {__version__} 根据{LIBRARY_NAME}生成，可按本单位实际修改。",
        "每个组织单位一行，顺序与组织图一致；“直接上级”取自组织图：向上最近的设有岗位的单位。",
        "编制人数：模板未规定时，设有岗位的单位按 1 人（负责人）计，未设岗位的单位不计，请按实际填写。",
        "小计与合计是 SUBTOTAL 公式：修改编制人数或筛选后自动重算，嵌套的小计不会重复计算。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100

    props = wb.properties
    props.title = f"{org.title}定岗定编表"
    props.creator = LIBRARY_NAME
    props.lastModifiedBy = "orgkit"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    out = io.BytesIO()
    wb.save(out)
    return rezip(out.getvalue())


class _Styles:
    """Named cell styles, made once per workbook: one assignment a cell instead of four."""

    def __init__(self, wb) -> None:  # type: ignore[no-untyped-def]
        self.wb = wb
        self.made: set[str] = set()

    def get(self, kind: str, depth: int, *, centre: bool = False) -> str:
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        name = f"{kind}-{depth}-{'c' if centre else 'l'}"
        if name not in self.made:
            thin = Side(style="thin", color="BFBFBF")
            style = NamedStyle(name=name)
            style.font = Font(name="等线", bold=kind != "body")
            style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if kind != "body":
                style.fill = PatternFill("solid", fgColor="F2F2F2")
            style.alignment = Alignment(horizontal="center", vertical="center") if centre else Alignment(horizontal="left", indent=depth, vertical="center")
            self.wb.add_named_style(style)
            self.made.add(name)
        return name

    def row(self, cells, kind: str, depth: int) -> None:  # type: ignore[no-untyped-def]
        for k, cell in enumerate(cells):
            cell.style = self.get(kind, depth if k == 0 else 0, centre=k == 4)


def _nodes(root: Node) -> list[Node]:
    out = [root]
    for child in (*root.staff, *root.children):
        out += _nodes(child)
    return out

