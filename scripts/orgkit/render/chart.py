"""Org-chart layout and SVG rendering, in pure Python.

``layout`` turns a :class:`~orgkit.model.Node` tree into boxes and orthogonal
connectors; ``render_svg`` draws that layout as an accessible, themeable
``<svg>`` for inlining in the site. The draw.io and Mermaid exporters reuse the
same layout (draw.io) or traversal order (Mermaid).

Layout in brief:

* Every box of one level (depth) has the same width and height; text width is
  estimated per character (full-width ≈ 1 em, narrow ≈ 0.55 em) so no font
  metrics are needed.
* Rows are global: all tree boxes of one depth share a y, as on a printed org
  chart.  Between a row and the next sits an optional *side band* for staff
  units (and a board's 监事会), hung beside the parent's vertical line.
* Many leaf children (``> STACK_MIN``) are stacked in one or two columns on a
  spine instead of spreading the row; a chart still wider than
  ``COMPACT_WIDTH`` is redone stacking every group of two or more leaves.
* Horizontal placement is a contour-based tidy tree (Reingold–Tilford idea):
  each subtree keeps, per horizontal band, the interval it occupies; siblings
  are packed as close as their contours allow, once from the left and once from
  the right, and the two placements are averaged so small middle subtrees are
  centred between big neighbours instead of being pushed to one side.
* ``dotted_to`` links are routed afterwards with A* on a sparse orthogonal grid
  built from box edges, so they never cross a box.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from heapq import heappop, heappush
from itertools import pairwise, zip_longest
from typing import Literal

from orgkit.model import NODE_KIND_LABELS, Node
from orgkit.segment import stock_cut

__all__ = [
    "Box",
    "Connector",
    "Layout",
    "layout",
    "render_svg",
    "safe_href",
    "text_width_em",
    "wrap_title",
]

Style = Literal["solid", "dashed", "dotted"]
#: How a box is placed: a row of the tree, a stacked leaf, a side (staff) unit, or an item under a side unit.
Placement = Literal["tree", "stack", "side", "list"]
#: Why a connector exists.
Relation = Literal["tree", "staff", "supervision", "dotted"]
Point = tuple[float, float]
Segment = tuple[Point, Point]

# ---------------------------------------------------------------------------
# Metrics (px).  Tests import these to check text fit, so they are public-ish.

FONT_SIZE = 14.0
LINE_HEIGHT = 19.0
PAD_X = 12.0
PAD_Y = 9.0
#: Wrap width: about 8 CJK characters per line.
MAX_LINE_EM = 8.0
MAX_LINES = 3
MIN_BOX_W = 76.0
ELLIPSIS = "…"

MARGIN = 16.0
H_GAP = 20.0  # clearance between neighbouring subtrees
ROW_GAP = 44.0  # row bottom → next row top when the row has no side band
DOTTED_EXTRA_GAP = 16.0  # more room between rows when dotted lines need lanes there
BUS_DROP = 20.0  # the horizontal bus sits this far above the child row
SIDE_GAP_TOP = 16.0  # parent bottom → first side unit
SIDE_GAP_BOTTOM = 40.0  # last side unit → next row (leaves room for the bus)
SIDE_VGAP = 14.0  # between stacked side-unit slots
SIDE_STUB = 24.0  # horizontal stub from the parent's line to a side unit
STACK_MIN = 4  # more leaf children than this are stacked
#: A chart wider than this is laid out again in compact mode, where any 2+ leaf children are stacked:
#: wide charts get scaled down to the page width, and then text stops being readable.
COMPACT_WIDTH = 1200.0
COMPACT_STACK_MIN = 1
STACK_ONE_COLUMN_MAX = 8  # up to this many stacked leaves use one column
STACK_STUB = 16.0
STACK_VGAP = 14.0
LIST_INDENT = 20.0
LIST_VGAP = 14.0
V_CLEAR = 6.0  # vertical padding around boxes in contours, keeps rows from touching
ROUTE_CLEAR = 6.0  # dotted routes keep this far from boxes
BEND_COST = 30.0  # an extra bend must save this much length to be worth it
REUSE_COST = 2.0  # running along an earlier dotted route costs this much extra per px
ROUTE_REGION = 160.0  # a route is first searched for within its two boxes' bounding box grown by this

LEGEND_FONT = 12.0
LEGEND_ROW = 22.0


# ---------------------------------------------------------------------------
# Public data


@dataclass
class Box:
    """One placed box.  ``x``/``y`` is the top-left corner."""

    id: int
    node: Node
    lines: list[str]
    level: int
    placement: Placement
    #: The box this one hangs from (None for the root).
    parent: int | None
    #: How it hangs from its parent: tree, staff or supervision.
    relation: Relation
    #: True when the title did not fit in MAX_LINES lines and was cut with an ellipsis.
    truncated: bool = False
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Connector:
    """An orthogonal polyline from ``source`` to ``target`` (box ids)."""

    source: int
    target: int
    relation: Relation
    style: Style
    segments: list[Segment]

    @property
    def points(self) -> list[Point]:
        if not self.segments:
            return []
        return [self.segments[0][0], *(b for _a, b in self.segments)]


@dataclass
class Layout:
    boxes: list[Box]
    connectors: list[Connector]
    width: float
    height: float
    #: ``(box id, title)`` for dotted_to entries that name no other box of the chart.
    unresolved: list[tuple[int, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Text


@lru_cache(maxsize=4096)
def _char_em(ch: str) -> float:
    if unicodedata.combining(ch):
        return 0.0
    # Ambiguous-width characters (…, —, ·, “”) are full-width in CJK fonts; counting them wide keeps estimates safe.
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.55


def text_width_em(text: str) -> float:
    """Estimated rendered width of ``text`` in em."""
    return sum(_char_em(ch) for ch in text)


# Characters that must not start a line (they hang on the previous one) or end one.
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
_NO_LINE_END = set("（《「『【〔〈“‘([{")
# Runs of printable ASCII (words with their quotes and brackets) stay together; CJK runs are split into words.
_RUNS = re.compile(r"[\x21-\x7e]+|\s+|[^\x00-\x7f\s]+")


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for run in _RUNS.findall(text):
        if run[0].isascii():
            out.append(run)
        else:
            # Words, so lines break between them (采购与 / 供应链管理部, not 供应 / 链), by
            # jieba's stock dictionary: deterministic whatever the site's search adds.
            out.extend(stock_cut(run))
    return tuple(out)


def wrap_title(title: str, max_em: float = MAX_LINE_EM, max_lines: int = MAX_LINES) -> tuple[list[str], bool]:
    """Line breaking: CJK anywhere, ASCII words kept whole when they fit, lines balanced.

    Returns the lines and whether the text was cut (the last line then ends
    with an ellipsis).  Closing punctuation may hang past ``max_em`` by one
    character, which the box width then accounts for.
    """
    text = " ".join(title.split())
    lines = _greedy(text, max_em)
    if 1 < len(lines) <= max_lines:
        # Same number of lines, narrowest width: "采购与供应 / 链管理部", not "采购与供应链管理 / 部".
        # Never narrower than the widest word that fits a line: balancing must not split words.
        words = [w for tok in _tokens(text) if (w := text_width_em(tok)) <= max_em]
        width = max([text_width_em(text.replace(" ", "")) / len(lines), *words])
        while width < max_em:
            tighter = _greedy(text, width)
            if len(tighter) == len(lines):
                return tighter, False
            width += 0.25
        return lines, False
    if len(lines) <= max_lines:
        return lines, False
    last = lines[max_lines - 1]
    budget = max_em - text_width_em(ELLIPSIS)
    while last and text_width_em(last) > budget:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip() + ELLIPSIS], True


def _greedy(text: str, max_em: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    cur_w = 0.0

    def push() -> None:
        nonlocal cur, cur_w
        lines.append(cur.rstrip())
        cur, cur_w = "", 0.0

    for tok in _tokens(text):
        tw = text_width_em(tok)
        if tok.isspace():
            if cur:
                cur += " "
                cur_w += tw
            continue
        if cur_w + tw <= max_em or (cur and tok in _NO_LINE_START):
            cur += tok
            cur_w += tw
            continue
        if tw > max_em:  # a word longer than a line: break it by character
            for ch in tok:
                cw = _char_em(ch)
                if cur and cur_w + cw > max_em:
                    push()
                cur += ch
                cur_w += cw
            continue
        carry = ""
        if len(cur) > 1 and cur[-1] in _NO_LINE_END:
            cur, carry = cur[:-1], cur[-1]
        if cur.strip():
            push()
        cur = carry + tok
        cur_w = text_width_em(cur)
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


# ---------------------------------------------------------------------------
# Layout internals


class _Block:
    """An indented list: a side unit with its descendants, or (compact mode) everything below a row box.

    For a hanging list ``root`` is the row box itself, which is not one of the items.
    """

    def __init__(self, root: Box, relation: Relation) -> None:
        self.root = root
        self.relation = relation
        self.items: list[tuple[Box, int]] = []  # (box, depth below root)
        self.mirror = False  # left-hand blocks indent leftwards, towards the far side
        self.w = 0.0
        self.h = 0.0
        self.rel: dict[int, Point] = {}  # box id → offset inside the block


class _Tree:
    """A box placed in a tree row, with everything that hangs from it."""

    def __init__(self, box: Box, depth: int) -> None:
        self.box = box
        self.depth = depth
        self.left: list[_Block] = []
        self.right: list[_Block] = []
        self.kids: list[_Tree] = []
        self.stack: list[Box] = []
        self.cols = 1
        self.hang: _Block | None = None  # compact mode: all descendants as an indented list below
        self.spine = 0.0  # x of the stack's spine relative to the anchor
        self.offset = 0.0  # anchor (box centre) relative to the parent's anchor
        self.anchor = 0.0
        self.rects: list[tuple[float, float, float, float]] = []  # (x0, x1, y0, y1), x relative to anchor
        self.stem_end = 0.0
        self.bus_y = 0.0


def size_class(b: Box) -> tuple[int, str]:
    """Boxes of one class share a size: (level, row | stack | list)."""
    group = {"tree": "row", "stack": "stack"}.get(b.placement, "list")
    return (b.level, group)


def _is_leaf(node: Node) -> bool:
    return not node.children and not node.staff


def _relation(parent: Node, child: Node) -> Relation:
    return "supervision" if parent.kind == "board" and child.kind == "supervisor" else "tree"


class _Builder:
    def __init__(self, root: Node, stack_min: int, list_depth: int | None) -> None:
        self.stack_min = stack_min
        self.list_depth = list_depth
        self.extra_gap = 0.0
        self.boxes: list[Box] = []
        self.trees: list[_Tree] = []
        self.blocks: list[_Block] = []
        self.block_of: dict[int, _Block] = {}
        self.tree_of: dict[int, _Tree] = {}
        self.root = self._tree(root, 0, None, "tree")

    # -- structure ---------------------------------------------------------

    def _box(self, node: Node, level: int, placement: Placement, parent: int | None, relation: Relation) -> Box:
        lines, cut = wrap_title(node.title)
        box = Box(id=len(self.boxes), node=node, lines=lines, level=level, placement=placement, parent=parent, relation=relation, truncated=cut)
        self.boxes.append(box)
        if node.dotted_to:
            self.extra_gap = DOTTED_EXTRA_GAP
        return box

    def _tree(self, node: Node, depth: int, parent: int | None, relation: Relation) -> _Tree:
        t = _Tree(self._box(node, depth, "tree", parent, relation), depth)
        self.trees.append(t)
        self.tree_of[t.box.id] = t
        if self.list_depth is not None and depth >= self.list_depth and (node.children or node.staff):
            t.hang = _Block(t.box, "tree")
            self.blocks.append(t.hang)
            self._list_below(t.hang, t.box, 1)
            return t
        side: list[tuple[Node, Relation]] = [(s, "staff") for s in node.staff]
        kids = list(node.children)
        if node.kind == "board":
            sups = [c for c in kids if c.kind == "supervisor"]
            others = [c for c in kids if c.kind != "supervisor"]
            # A 监事会 beside the line to the executive reads as "supervises"; alone it is just a child.
            if sups and others:
                side += [(s, "supervision") for s in sups]
                kids = others
        for n, rel in side:
            block = self._block(n, depth + 1, t.box.id, rel)
            if rel == "supervision":
                (t.right if len(t.right) <= len(t.left) else t.left).append(block)
            else:
                (t.left if len(t.left) <= len(t.right) else t.right).append(block)
        for block in t.left:
            block.mirror = True
        if len(kids) > self.stack_min and all(_is_leaf(k) for k in kids):
            t.stack = [self._box(k, depth + 1, "stack", t.box.id, _relation(node, k)) for k in kids]
            t.cols = 1 if len(kids) <= STACK_ONE_COLUMN_MAX else 2
        else:
            t.kids = [self._tree(k, depth + 1, t.box.id, _relation(node, k)) for k in kids]
        return t

    def _block(self, node: Node, level: int, parent: int, relation: Relation) -> _Block:
        root = self._box(node, level, "side", parent, relation)
        block = _Block(root, relation)
        self.blocks.append(block)
        block.items.append((root, 0))
        self.block_of[root.id] = block
        self._list_below(block, root, 1)
        return block

    def _list_below(self, block: _Block, box: Box, depth: int) -> None:
        """Append ``box``'s staff units and children (recursively, pre-order) to an indented list."""
        n = box.node
        subs: list[tuple[Node, Relation]] = [(s, "staff") for s in n.staff] + [(c, _relation(n, c)) for c in n.children]
        for sub, rel in subs:
            item = self._box(sub, box.level + 1, "list", box.id, rel)
            block.items.append((item, depth))
            self.block_of[item.id] = block
            self._list_below(block, item, depth + 1)

    # -- sizes -------------------------------------------------------------

    def size_boxes(self) -> None:
        """Equal sizes per level and group.  Rows, stacked leaves and lists (side units, compact lists)
        are sized separately: they never line up with each other, and one long department title in a
        row should not bloat every 经理助理 hanging beside it."""
        widths: dict[tuple[int, str], float] = {}
        heights: dict[tuple[int, str], float] = {}
        for b in self.boxes:
            em = max((text_width_em(line) for line in b.lines), default=0.0)
            w = max(MIN_BOX_W, float(math.ceil(em * FONT_SIZE + 2 * PAD_X)))  # whole px keeps centres on .5
            h = len(b.lines) * LINE_HEIGHT + 2 * PAD_Y
            k = size_class(b)
            widths[k] = max(widths.get(k, 0.0), w)
            heights[k] = max(heights.get(k, 0.0), h)
        for b in self.boxes:
            b.w = widths[size_class(b)]
            b.h = heights[size_class(b)]
        self.level_h = {level: h for (level, group), h in heights.items() if group == "row"}
        for block in self.blocks:
            width = max(d * LIST_INDENT + b.w for b, d in block.items)
            y = 0.0
            for b, d in block.items:
                x = width - d * LIST_INDENT - b.w if block.mirror else d * LIST_INDENT
                block.rel[b.id] = (x, y)
                y += b.h + LIST_VGAP
            block.w = width
            block.h = y - LIST_VGAP

    # -- vertical ----------------------------------------------------------

    def place_rows(self) -> None:
        max_depth = max(t.depth for t in self.trees)
        band: dict[int, float] = {}
        for t in self.trees:
            slots = list(zip_longest(t.left, t.right))
            if slots:
                hs = [max(b.h for b in slot if b is not None) for slot in slots]
                band[t.depth] = max(band.get(t.depth, 0.0), sum(hs) + SIDE_VGAP * (len(hs) - 1))
        row_top = [0.0]
        for d in range(max_depth + 1):
            bottom = row_top[d] + self.level_h[d]
            gap = (SIDE_GAP_TOP + band[d] + SIDE_GAP_BOTTOM if d in band else ROW_GAP) + self.extra_gap
            row_top.append(bottom + gap)

        for t in self.trees:
            d = t.depth
            b = t.box
            b.y = row_top[d]
            t.bus_y = row_top[d + 1] - BUS_DROP
            stem = b.bottom
            slot_y = b.bottom + SIDE_GAP_TOP
            for slot in zip_longest(t.left, t.right):
                for block in slot:
                    if block is not None:
                        for item, _depth in block.items:
                            item.y = slot_y + block.rel[item.id][1]
                        stem = max(stem, block.root.cy)
                slot_y += max(bl.h for bl in slot if bl is not None) + SIDE_VGAP
            for k, item in enumerate(t.stack):
                item.y = row_top[d + 1] + (k // t.cols) * (item.h + STACK_VGAP)
            if t.stack and t.cols == 1 and not (t.left or t.right):
                # Centre a single column under its parent: the spine leaves the parent's bottom left
                # of centre (still inside the box), which saves half a column of width per stack.
                t.spine = -min((STACK_STUB + t.stack[0].w) / 2, b.w / 2 - LIST_INDENT / 2)
            if t.hang is not None:
                for item, _depth in t.hang.items:
                    item.y = row_top[d + 1] + t.hang.rel[item.id][1]
            if t.kids:
                stem = max(stem, t.bus_y)
            t.stem_end = stem

    # -- horizontal --------------------------------------------------------

    def collect_rects(self) -> None:
        for t in self.trees:
            b = t.box
            r = t.rects
            r.append((-b.w / 2, b.w / 2, b.y - V_CLEAR, b.bottom + V_CLEAR))
            if t.stem_end > b.bottom:
                r.append((-1.0, 1.0, b.bottom, t.stem_end))
            for blocks, sign in ((t.left, -1.0), (t.right, 1.0)):
                for block in blocks:
                    top = block.root.y
                    far = sign * (SIDE_STUB + block.w)
                    r.append((min(0.0, far), max(0.0, far), top - V_CLEAR, top + block.h + V_CLEAR))
            if t.stack:
                w = t.stack[0].w
                top = t.stack[0].y
                bottom = max(s.bottom for s in t.stack)
                x0 = -(STACK_STUB + w) if t.cols == 2 else t.spine - 1
                r.append((x0, t.spine + STACK_STUB + w, top - V_CLEAR, bottom + V_CLEAR))
                r.append((t.spine - 1, t.spine + 1, b.bottom, top))
            if t.hang is not None and t.hang.items:
                left = -b.w / 2
                spine = left + LIST_INDENT / 2
                top = t.hang.items[0][0].y
                r.append((spine - 1, spine + 1, b.bottom, top))
                r.append((left, left + t.hang.w, top - V_CLEAR, top + t.hang.h + V_CLEAR))
            for k in t.kids:
                k.rects.append((-1.0, 1.0, t.bus_y, k.box.y))

    def place_columns(self) -> None:
        ys = sorted({y for t in self.trees for (_a, _b, y0, y1) in t.rects for y in (y0, y1)})
        index = {y: i for i, y in enumerate(ys)}

        def contour(t: _Tree) -> dict[int, list[float]]:
            kid_contours = [contour(k) for k in t.kids]
            c: dict[int, list[float]] = {}
            if kid_contours:
                offsets = _pack(kid_contours)
                mid = (offsets[0] + offsets[-1]) / 2
                for k, kc, off in zip(t.kids, kid_contours, offsets, strict=True):
                    k.offset = off - mid
                    _merge(c, kc, k.offset)
            for x0, x1, y0, y1 in t.rects:
                for band in range(index[y0], index[y1]):
                    e = c.get(band)
                    if e is None:
                        c[band] = [x0, x1]
                    else:
                        e[0] = min(e[0], x0)
                        e[1] = max(e[1], x1)
            return c

        contour(self.root)
        todo = [self.root]
        while todo:
            t = todo.pop()
            b = t.box
            b.x = t.anchor - b.w / 2
            for block in t.left:
                self._place_block(block, t.anchor - SIDE_STUB - block.w)
            for block in t.right:
                self._place_block(block, t.anchor + SIDE_STUB)
            if t.hang is not None:
                for item, _depth in t.hang.items:
                    item.x = b.x + t.hang.rel[item.id][0]
            for k, item in enumerate(t.stack):
                left_col = t.cols == 2 and k % 2 == 0
                item.x = t.anchor - STACK_STUB - item.w if left_col else t.anchor + t.spine + STACK_STUB
            for k in t.kids:
                k.anchor = t.anchor + k.offset
                todo.append(k)

    def width(self) -> float:
        return max(b.right for b in self.boxes) - min(b.x for b in self.boxes)

    def _place_block(self, block: _Block, x: float) -> None:
        for b, _d in block.items:
            b.x = x + block.rel[b.id][0]

    # -- connectors --------------------------------------------------------

    def connectors(self, dy: float) -> list[Connector]:
        """Tree, stack, side and list connectors, in target-box order; ``dy`` is the shift already applied to boxes."""
        out: list[Connector] = []
        for b in self.boxes[1:]:
            assert b.parent is not None
            p = self.boxes[b.parent]
            if b.placement == "tree":
                bus = self.tree_of[p.id].bus_y + dy
                pts = [(p.cx, p.bottom), (p.cx, bus), (b.cx, bus), (b.cx, b.y)]
            elif b.placement in ("stack", "side"):
                sx = p.cx + (self.tree_of[p.id].spine if b.placement == "stack" else 0.0)
                end = b.x if b.x > sx else b.right
                pts = [(sx, p.bottom), (sx, b.cy), (end, b.cy)]
            else:
                mirror = self.block_of[b.id].mirror
                sx = p.right - LIST_INDENT / 2 if mirror else p.x + LIST_INDENT / 2
                pts = [(sx, p.bottom), (sx, b.cy), (b.right if mirror else b.x, b.cy)]
            style: Style = "dashed" if b.relation == "supervision" else "solid"
            out.append(Connector(p.id, b.id, b.relation, style, _segments(pts)))
        return out


def _merge(acc: dict[int, list[float]], c: dict[int, list[float]], off: float) -> None:
    for band, (lo, hi) in c.items():
        e = acc.get(band)
        if e is None:
            acc[band] = [lo + off, hi + off]
        else:
            if lo + off < e[0]:
                e[0] = lo + off
            if hi + off > e[1]:
                e[1] = hi + off


def _clearance(left: dict[int, list[float]], right: dict[int, list[float]]) -> float:
    """Smallest shift of ``right`` that keeps it H_GAP clear of ``left`` in every shared band."""
    small, big = (left, right) if len(left) <= len(right) else (right, left)
    need = float("-inf")
    for band in small:
        if band in big:
            need = max(need, left[band][1] - right[band][0] + H_GAP)
    if need == float("-inf"):  # no shared band: simply sit side by side
        need = max(e[1] for e in left.values()) - min(e[0] for e in right.values()) + H_GAP
    return need


def _pack(contours: list[dict[int, list[float]]]) -> list[float]:
    """Sibling offsets: pack from the left and from the right, then average.

    Both packings satisfy every pairwise "i stays clear of j" constraint, which
    are linear in the offsets, so their average does too; it spreads small
    subtrees evenly between large ones.
    """
    n = len(contours)
    lefts = [0.0] * n
    acc: dict[int, list[float]] = {}
    _merge(acc, contours[0], 0.0)
    for i in range(1, n):
        lefts[i] = _clearance(acc, contours[i])
        _merge(acc, contours[i], lefts[i])
    rights = [0.0] * n
    acc = {}
    _merge(acc, contours[-1], 0.0)
    for i in range(n - 2, -1, -1):
        rights[i] = -_clearance(contours[i], acc)
        _merge(acc, contours[i], rights[i])
    shift = -rights[0]
    return [(a + b + shift) / 2 for a, b in zip(lefts, rights, strict=True)]


def _segments(points: list[Point]) -> list[Segment]:
    """Drop repeated points and merge collinear runs into single segments."""
    pts: list[Point] = []
    for p in points:
        p = (round(p[0], 1), round(p[1], 1))
        if pts and pts[-1] == p:
            continue
        if len(pts) >= 2:
            a, b = pts[-2], pts[-1]
            if (a[0] == b[0] == p[0]) or (a[1] == b[1] == p[1]):
                pts[-1] = p
                continue
        pts.append(p)
    return list(pairwise(pts))


# ---------------------------------------------------------------------------
# Dotted-line routing


def _edges_within(lines: list[float], lo: float, hi: float) -> range:
    """Indices i of grid edges (lines[i], lines[i+1]) lying inside [lo, hi]."""
    return range(bisect_left(lines, lo), bisect_right(lines, hi) - 1)


class _Router:
    """A* over a sparse orthogonal grid whose lines run ROUTE_CLEAR (and 2×) outside box edges.

    The grid only covers ``region`` (x0, y0, x1, y1): a route inside it can only meet boxes that
    overlap it, so those are the only obstacles and the search stays small on big charts.
    """

    def __init__(self, boxes: list[Box], src: int, dst: int, region: tuple[float, float, float, float], used: list[Segment]) -> None:
        rx0, ry0, rx1, ry1 = region
        self.obstacles = [b for b in boxes if b.x - 1 <= rx1 and b.right + 1 >= rx0 and b.y - 1 <= ry1 and b.bottom + 1 >= ry0]
        self.src_ports = self._ports(boxes[src])
        self.dst_ports = self._ports(boxes[dst])
        xs = {rx0, rx1}  # the region's border doubles as a ring round everything inside
        ys = {ry0, ry1}
        c = ROUTE_CLEAR
        for b in self.obstacles:
            xs.update((b.x - c, b.right + c))
            # Two lanes above and below every box, so a second route can run beside the first instead of on it.
            ys.update((b.y - c, b.y - 2 * c, b.bottom + c, b.bottom + 2 * c))
        for _p, (ex, ey), _axis in self.src_ports + self.dst_ports:
            xs.add(ex)
            ys.add(ey)
        self.xs = sorted(x for x in xs if rx0 <= x <= rx1)
        self.ys = sorted(y for y in ys if ry0 <= y <= ry1)
        self.xi = {v: i for i, v in enumerate(self.xs)}
        self.yi = {v: i for i, v in enumerate(self.ys)}
        nx, ny = len(self.xs), len(self.ys)
        self.h_blocked = bytearray(nx * ny)  # [j * nx + i]: edge (i, j)–(i+1, j)
        self.v_blocked = bytearray(nx * ny)  # [i * ny + j]: edge (i, j)–(i, j+1)
        for b in self.obstacles:
            # Boxes grow by 1 px so a route can never graze a border.
            x0, x1, y0, y1 = b.x - 1, b.right + 1, b.y - 1, b.bottom + 1
            i0, i1 = bisect_right(self.xs, x0), bisect_left(self.xs, x1)
            j0, j1 = bisect_right(self.ys, y0), bisect_left(self.ys, y1)
            ei0, ei1 = max(0, i0 - 1), min(nx - 1, i1)
            ej0, ej1 = max(0, j0 - 1), min(ny - 1, j1)
            for i in range(i0, i1):
                base = i * ny
                for j in range(ej0, ej1):
                    self.v_blocked[base + j] = 1
            for j in range(j0, j1):
                base = j * nx
                for i in range(ei0, ei1):
                    self.h_blocked[base + i] = 1
        # Running along an existing line (an earlier dotted route, or a solid connector a few px
        # away) costs extra, so dotted lines stay tellable apart from everything else.
        self.h_used = bytearray(nx * ny)
        self.v_used = bytearray(nx * ny)
        tol = ROUTE_CLEAR - 1
        for (ax, ay), (bx, by) in used:
            if ay == by and ry0 - tol <= ay <= ry1 + tol:
                edges = _edges_within(self.xs, min(ax, bx) - tol, max(ax, bx) + tol)
                for j in range(bisect_left(self.ys, ay - tol), bisect_right(self.ys, ay + tol)):
                    for i in edges:
                        self.h_used[j * nx + i] = 1
            elif ax == bx and rx0 - tol <= ax <= rx1 + tol:
                edges = _edges_within(self.ys, min(ay, by) - tol, max(ay, by) + tol)
                for i in range(bisect_left(self.xs, ax - tol), bisect_right(self.xs, ax + tol)):
                    for j in edges:
                        self.v_used[i * ny + j] = 1

    def _ports(self, b: Box) -> list[tuple[Point, Point, int]]:
        """(port on the border, escape point outside, axis 0=horizontal 1=vertical).

        Ports sit off the centre lines, where tree connectors already attach.
        """
        px = round(b.cx + b.w / 4, 1)
        py = round(b.y + b.h / 4, 1)
        c = ROUTE_CLEAR
        cands = [
            ((px, b.y), (px, b.y - c), 1),
            ((px, b.bottom), (px, b.bottom + c), 1),
            ((b.x, py), (b.x - c, py), 0),
            ((b.right, py), (b.right + c, py), 0),
        ]
        return [p for p in cands if not any(o.x - 1 < p[1][0] < o.right + 1 and o.y - 1 < p[1][1] < o.bottom + 1 for o in self.obstacles)]

    def route(self) -> list[Point] | None:
        xs, ys, nx, ny = self.xs, self.ys, len(self.xs), len(self.ys)
        goals: dict[int, tuple[Point, int, Point]] = {}
        for port, esc, axis in self.dst_ports:
            goals[self.yi[esc[1]] * nx + self.xi[esc[0]]] = (esc, axis, port)
        if not goals:
            return None
        gx0 = min(g[0][0] for g in goals.values())
        gx1 = max(g[0][0] for g in goals.values())
        gy0 = min(g[0][1] for g in goals.values())
        gy1 = max(g[0][1] for g in goals.values())

        def h(x: float, y: float) -> float:
            # Manhattan distance to the goals' bounding box: admissible, and cheaper than a min over ports.
            return max(gx0 - x, 0.0, x - gx1) + max(gy0 - y, 0.0, y - gy1)

        inf = float("inf")
        best = [inf] * (nx * ny * 2)
        prev: dict[int, int] = {}
        starts: dict[int, Point] = {}
        # Entries are (f, -g, state): among equal f, the deepest first, which keeps plateaus from flooding.
        heap: list[tuple[float, float, int]] = []
        for port, esc, axis in self.src_ports:
            node = (self.yi[esc[1]] * nx + self.xi[esc[0]]) * 2 + axis
            if best[node] > ROUTE_CLEAR:
                best[node] = ROUTE_CLEAR
                starts[node] = port
                heappush(heap, (ROUTE_CLEAR + h(*esc), -ROUTE_CLEAR, node))
        done: tuple[int, float] | None = None
        while heap:
            f, neg_g, state = heappop(heap)
            g = -neg_g
            if g > best[state]:
                continue
            if done is not None and f >= done[1]:
                break
            cell, axis = divmod(state, 2)
            j, i = divmod(cell, nx)
            if cell in goals:
                total = g + (BEND_COST if axis != goals[cell][1] else 0.0) + ROUTE_CLEAR
                if done is None or total < done[1]:
                    done = (state, total)
            x, y = xs[i], ys[j]
            for di, dj, new_axis in ((1, 0, 0), (-1, 0, 0), (0, 1, 1), (0, -1, 1)):
                ni, nj = i + di, j + dj
                if not (0 <= ni < nx and 0 <= nj < ny):
                    continue
                if new_axis == 0:
                    edge = j * nx + min(i, ni)
                    if self.h_blocked[edge]:
                        continue
                    step = abs(xs[ni] - x) * (1 + REUSE_COST * self.h_used[edge])
                else:
                    edge = i * ny + min(j, nj)
                    if self.v_blocked[edge]:
                        continue
                    step = abs(ys[nj] - y) * (1 + REUSE_COST * self.v_used[edge])
                ng = g + step + (BEND_COST if new_axis != axis else 0.0)
                ns = (nj * nx + ni) * 2 + new_axis
                if ng < best[ns]:
                    best[ns] = ng
                    prev[ns] = state
                    heappush(heap, (ng + h(xs[ni], ys[nj]), -ng, ns))
        if done is None:
            return None
        state = done[0]
        pts: list[Point] = [goals[state // 2][2]]
        while True:
            cell = state // 2
            pts.append((xs[cell % nx], ys[cell // nx]))
            if state in starts:
                pts.append(starts[state])
                break
            state = prev[state]
        pts.reverse()
        return pts


def _route_dotted(boxes: list[Box], lines: list[Connector]) -> tuple[list[Connector], list[tuple[int, str]]]:
    by_title: dict[str, list[int]] = {}
    for b in boxes:
        by_title.setdefault(b.node.title, []).append(b.id)
    links: list[tuple[int, int]] = []
    unresolved: list[tuple[int, str]] = []
    for b in boxes:
        for name in b.node.dotted_to:
            target = next((i for i in by_title.get(name, []) if i != b.id), None)
            if target is None:
                unresolved.append((b.id, name))
            elif (b.id, target) not in links:
                links.append((b.id, target))
    if not links:
        return [], unresolved
    m = 3 * ROUTE_CLEAR
    whole = (min(b.x for b in boxes) - m, min(b.y for b in boxes) - m, max(b.right for b in boxes) + m, max(b.bottom for b in boxes) + m)
    out: list[Connector] = []
    used: list[Segment] = [seg for c in lines for seg in c.segments]
    for src, dst in links:
        a, z = boxes[src], boxes[dst]
        near = (min(a.x, z.x) - ROUTE_REGION, min(a.y, z.y) - ROUTE_REGION, max(a.right, z.right) + ROUTE_REGION, max(a.bottom, z.bottom) + ROUTE_REGION)
        # Most routes stay near their two boxes; search the whole chart only when that fails.
        pts = _Router(boxes, src, dst, near, used).route() or _Router(boxes, src, dst, whole, used).route()
        if pts is None:
            unresolved.append((src, z.node.title))
            continue
        segments = _segments(pts)
        used += segments
        out.append(Connector(src, dst, "dotted", "dotted", segments))
    return out, unresolved


# ---------------------------------------------------------------------------
# Public entry


def _place(root: Node, stack_min: int, list_depth: int | None = None) -> _Builder:
    bld = _Builder(root, stack_min, list_depth)
    bld.size_boxes()
    bld.place_rows()
    bld.collect_rects()
    bld.place_columns()
    return bld


def _choose(root: Node) -> _Builder:
    """The classic layout, unless it is wider than COMPACT_WIDTH; then progressively more compact ones.

    Step 1 stacks every group of 2+ leaves; step 2 hangs everything below depth D as an indented
    list, for D from the deepest rows up to the first row with two or more boxes, stopping at the
    first layout that fits.  The narrowest attempt wins when none fits.
    """
    best = _place(root, STACK_MIN)
    if best.width() <= COMPACT_WIDTH:
        return best
    cand = _place(root, COMPACT_STACK_MIN)
    if cand.width() < best.width():
        best = cand
    per_depth: dict[int, int] = {}
    for t in cand.trees:
        per_depth[t.depth] = per_depth.get(t.depth, 0) + 1
    # Hanging lists only pay off from a row with several boxes; above it (股东会 → 董事会 → 总经理)
    # they would fold the whole chart into one tall column.
    first_wide = min((d for d, n in per_depth.items() if n >= 2), default=max(per_depth))
    for depth in range(max(per_depth) - 1, first_wide - 1, -1):
        if best.width() <= COMPACT_WIDTH:
            break
        cand = _place(root, COMPACT_STACK_MIN, depth)
        if cand.width() < best.width():
            best = cand
    return best


def layout(root: Node) -> Layout:
    """Place every unit of the chart; coordinates start at (MARGIN, MARGIN)."""
    bld = _choose(root)
    boxes = bld.boxes
    # Snap to 0.1 px now so the SVG, draw.io and tests all see identical numbers.
    min_x = min(b.x for b in boxes)
    for b in boxes:
        b.x = round(b.x - min_x + MARGIN, 1)
        b.y = round(b.y + MARGIN, 1)
    connectors = bld.connectors(MARGIN)
    dotted, unresolved = _route_dotted(boxes, connectors)
    connectors += dotted
    seg_x = [p[0] for c in dotted for s in c.segments for p in s]
    seg_y = [p[1] for c in dotted for s in c.segments for p in s]
    # Dotted routes may run round the outside of everything; shift so they keep the margin too.
    dx = max(0.0, MARGIN - min(seg_x, default=MARGIN))
    dy = max(0.0, MARGIN - min(seg_y, default=MARGIN))
    if dx or dy:
        for b in boxes:
            b.x = round(b.x + dx, 1)
            b.y = round(b.y + dy, 1)
        for c in connectors:
            c.segments = [((round(a[0] + dx, 1), round(a[1] + dy, 1)), (round(z[0] + dx, 1), round(z[1] + dy, 1))) for a, z in c.segments]
    right = max([b.right for b in boxes] + [x + dx for x in seg_x])
    bottom = max([b.bottom for b in boxes] + [y + dy for y in seg_y])
    return Layout(boxes, connectors, round(right + MARGIN, 1), round(bottom + MARGIN, 1), unresolved)


# ---------------------------------------------------------------------------
# SVG

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape for XML text and attribute values (all YAML text is untrusted)."""
    text = _XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


def fmt(v: float) -> str:
    """Stable number formatting: one decimal at most, no trailing .0, no -0."""
    s = f"{round(v, 1):.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def safe_href(href: str | None) -> str | None:
    """Accept site-relative paths, fragments and http(s) URLs; reject everything else.

    Browsers ignore whitespace and control characters inside a scheme
    (``java\\tscript:``), so any such character rejects the value outright.
    """
    if not href or not isinstance(href, str):
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in href):
        return None
    first = href[0]
    if first in "/.#?":
        return href
    if not first.isalnum():
        return None
    m = _SCHEME.match(href)
    if m is None:
        # "a:b" with a non-scheme char before the colon is still a relative path; anything with a colon
        # before the first slash would be read as a scheme by some parser, so refuse it.
        head = href.split("/", 1)[0]
        return None if ":" in head else href
    return href if m.group(1).lower() in ("http", "https") else None


#: Light-theme colours per kind (fill, border, text); draw.io and Mermaid use them too.
KIND_COLORS: dict[str, tuple[str, str, str]] = {
    "board": ("#1f3b63", "#1f3b63", "#ffffff"),
    "supervisor": ("#fff4e0", "#b7791f", "#5c3b00"),
    "executive": ("#2f6fb2", "#24578d", "#ffffff"),
    "committee": ("#eef0fb", "#5a63b8", "#2b2f6b"),
    "department": ("#e8f1fb", "#5b8ac4", "#12365e"),
    "team": ("#eef7ef", "#6aa876", "#1d4d26"),
    "position": ("#ffffff", "#8c959f", "#24292f"),
}
_KIND_COLORS_DARK: dict[str, tuple[str, str, str]] = {
    "board": ("#2b4c7e", "#7aa7e8", "#ffffff"),
    "supervisor": ("#3a2e17", "#d29a3a", "#f6dcad"),
    "executive": ("#1f5a96", "#6aa9ec", "#ffffff"),
    "committee": ("#262948", "#8a92e0", "#dcdfff"),
    "department": ("#1a2a3c", "#5f8fcc", "#d3e6ff"),
    "team": ("#1b2d21", "#6fb07c", "#d2efd5"),
    "position": ("#1f2329", "#7d8590", "#e6edf3"),
}
#: Per-kind geometry and weight, so kinds stay distinct in print (white fills, black lines).
KIND_SHAPE: dict[str, tuple[float, float, int]] = {  # corner radius, border width, font weight
    "board": (2.0, 2.4, 700),
    "supervisor": (2.0, 1.8, 700),
    "executive": (6.0, 2.0, 700),
    "committee": (14.0, 1.4, 600),
    "department": (3.0, 1.4, 600),
    "team": (3.0, 1.2, 400),
    "position": (9.0, 1.0, 400),
}
KIND_ORDER = list(NODE_KIND_LABELS)
FONT_STACK = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif'

_LINE_VARS_LIGHT = {"line": "#5f6b7a", "dotted": "#b0641c", "muted": "#57606a", "focus": "#0969da"}
_LINE_VARS_DARK = {"line": "#9aa4b2", "dotted": "#e0a458", "muted": "#aab4c0", "focus": "#58a6ff"}


def _vars(colors: dict[str, tuple[str, str, str]], lines: dict[str, str]) -> str:
    parts = [f"--oc-{k}:{v}" for k, v in lines.items()]
    for kind, (bg, bd, fg) in colors.items():
        parts += [f"--oc-{kind}-bg:{bg}", f"--oc-{kind}-bd:{bd}", f"--oc-{kind}-fg:{fg}"]
    return ";".join(parts)


def _css() -> str:
    light = _vars(KIND_COLORS, _LINE_VARS_LIGHT)
    dark = _vars(_KIND_COLORS_DARK, _LINE_VARS_DARK)
    printing = _vars({k: ("#ffffff", "#000000", "#000000") for k in KIND_COLORS}, {k: "#000000" for k in _LINE_VARS_LIGHT})
    rules = [
        f".org-chart{{{light};font-family:{FONT_STACK}}}",
        # The OS preference applies until Material's palette toggle says otherwise.
        f"@media (prefers-color-scheme:dark){{.org-chart{{{dark}}}}}",
        f'[data-md-color-scheme="default"] .org-chart{{{light}}}',
        f'[data-md-color-scheme="slate"] .org-chart{{{dark}}}',
        ".org-chart .oc-box text{font-size:14px}",
        ".org-chart .oc-ln{fill:none;stroke:var(--oc-line);stroke-width:1.4}",
        ".org-chart .oc-dashed{stroke-dasharray:6 4}",
        ".org-chart .oc-dotted{stroke:var(--oc-dotted);stroke-dasharray:1.5 3.5;stroke-linecap:round;stroke-width:1.8}",
        ".org-chart .oc-arrow{fill:var(--oc-dotted)}",
        ".org-chart .oc-legend text{fill:var(--oc-muted);font-size:12px}",
        ".org-chart a:hover rect,.org-chart a:focus rect{stroke:var(--oc-focus);stroke-width:2.6}",
        ".org-chart a:focus{outline:none}",
        ".org-chart .oc-supervisor rect{stroke-dasharray:5 2}",
    ]
    for kind in KIND_COLORS:
        _rx, stroke_w, weight = KIND_SHAPE[kind]
        rules.append(f".org-chart .oc-{kind} rect{{fill:var(--oc-{kind}-bg);stroke:var(--oc-{kind}-bd);stroke-width:{fmt(stroke_w)}}}")
        rules.append(f".org-chart .oc-{kind} text{{fill:var(--oc-{kind}-fg);font-weight:{weight}}}")
    rules.append(f"@media print{{.org-chart,[data-md-color-scheme] .org-chart{{{printing}}}}}")
    return "".join(rules)


_CSS = _css()


def _box_tooltip(b: Box) -> str:
    parts = [" ".join(b.node.title.split()), f"类型：{NODE_KIND_LABELS.get(b.node.kind, b.node.kind)}"]
    if b.node.duties:
        parts.append(f"职责：{len(b.node.duties)} 条")
    if b.node.headcount is not None:
        parts.append(f"编制：{b.node.headcount} 人")
    if b.relation == "staff":
        parts.append("参谋、辅助单位")
    if b.node.dotted_to:
        parts.append("虚线汇报：" + "、".join(b.node.dotted_to))
    return "\n".join(parts)


def _path(c: Connector) -> str:
    pts = c.points
    d = [f"M{fmt(pts[0][0])} {fmt(pts[0][1])}"]
    for (x0, y0), (x1, y1) in pairwise(pts):
        d.append(f"V{fmt(y1)}" if x0 == x1 else f"H{fmt(x1)}" if y0 == y1 else f"L{fmt(x1)} {fmt(y1)}")
    return "".join(d)


def _legend_items(lay: Layout) -> list[tuple[str, str, str]]:
    kinds = {b.node.kind for b in lay.boxes}
    items = [("kind", k, NODE_KIND_LABELS[k]) for k in KIND_ORDER if k in kinds]
    styles = {c.style for c in lay.connectors}
    if "dashed" in styles:
        items.append(("line", "dashed", "监督（虚线）"))
    if "dotted" in styles:
        items.append(("line", "dotted", "虚线汇报（点线）"))
    return items


def _sanitize_id(chart_id: str) -> str:
    cid = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id) or "chart"
    return cid if cid[0].isalpha() else "c" + cid


def render_svg(root: Node, *, title: str, role_href: Callable[[str], str | None] = lambda _id: None, chart_id: str = "chart") -> str:
    """The chart as a standalone ``<svg>`` element (also valid inline in HTML).

    ``role_href`` maps a node's role id to a link; anything but a relative path,
    a fragment or an http(s) URL is dropped.  ``chart_id`` prefixes every id
    (characters outside ``[A-Za-z0-9_-]`` become ``-``).
    """
    lay = layout(root)
    cid = _sanitize_id(chart_id)

    # Legend: flow items in rows under the chart.
    items = _legend_items(lay)
    sample_w = 28.0
    widths = [sample_w + 6 + text_width_em(label) * LEGEND_FONT + 18 for _t, _k, label in items]
    avail = max(lay.width - 2 * MARGIN, max(widths, default=0.0))
    placed: list[tuple[float, float]] = []
    x = y = 0.0
    for w in widths:
        if x > 0 and x + w > avail:
            x, y = 0.0, y + LEGEND_ROW
        placed.append((x, y))
        x += w
    legend_h = (y + LEGEND_ROW + MARGIN / 2) if items else 0.0
    width = max(lay.width, avail + 2 * MARGIN)
    height = lay.height + legend_h
    shift = (width - lay.width) / 2

    n = len(lay.boxes)
    boxes = [_svg_box(b, cid, role_href) for b in lay.boxes]
    # role="img" hides everything inside from assistive technology, links included
    # (axe: nested-interactive); a chart whose boxes link to role pages is a figure.
    svg_role = "figure" if any(box.startswith("<a ") for box in boxes) else "img"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="org-chart" role="{svg_role}" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {fmt(width)} {fmt(height)}" width="{fmt(width)}" height="{fmt(height)}" style="max-width:100%;height:auto">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(f"共 {n} 个单位")}</desc>',
        f"<style>{_CSS}</style>",
    ]
    has_dotted = any(c.style == "dotted" for c in lay.connectors)
    if has_dotted:
        out.append(
            f'<defs><marker id="{cid}-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path class="oc-arrow" d="M0 0L8 4L0 8z"/></marker></defs>'
        )
    out.append(f'<g transform="translate({fmt(shift)} 0)">' if shift else "<g>")
    # Dashed and dotted first: where they share a trunk with a solid line, the solid one should win.
    out.append('<g class="oc-links">')
    for style in ("dotted", "dashed", "solid"):
        for c in lay.connectors:
            if c.style != style or not c.segments:
                continue
            cls = "oc-ln" if style == "solid" else f"oc-ln oc-{style}"
            marker = f' marker-end="url(#{cid}-arrow)"' if style == "dotted" else ""
            out.append(f'<path class="{cls}" d="{_path(c)}"{marker}/>')
    out.append("</g>")
    out.append('<g class="oc-boxes">')
    out += boxes
    out.append("</g></g>")
    if items:
        out.append(f'<g class="oc-legend" transform="translate({fmt(MARGIN)} {fmt(lay.height)})">')
        for (typ, key, label), (lx, ly) in zip(items, placed, strict=True):
            mid = ly + LEGEND_ROW / 2
            if typ == "kind":
                rx, _sw, _fw = KIND_SHAPE[key]
                out.append(f'<g class="oc-{key}"><rect x="{fmt(lx)}" y="{fmt(mid - 7)}" width="{fmt(sample_w)}" height="14" rx="{fmt(min(rx, 7))}"/></g>')
            else:
                cls = f"oc-ln oc-{key}"
                out.append(f'<path class="{cls}" d="M{fmt(lx)} {fmt(mid)}H{fmt(lx + sample_w)}"/>')
            out.append(f'<text x="{fmt(lx + sample_w + 6)}" y="{fmt(mid)}" dominant-baseline="central">{esc(label)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _svg_box(b: Box, cid: str, role_href: Callable[[str], str | None]) -> str:
    kind = b.node.kind
    rx, _sw, _fw = KIND_SHAPE.get(kind, (3.0, 1.4, 400))
    n = len(b.lines)
    first = b.cy - (n - 1) * LINE_HEIGHT / 2
    spans = "".join(f'<tspan x="{fmt(b.cx)}" y="{fmt(first + k * LINE_HEIGHT)}">{esc(line)}</tspan>' for k, line in enumerate(b.lines))
    g = (
        f'<g class="oc-box oc-{esc(kind)}" id="{cid}-n{b.id}"><title>{esc(_box_tooltip(b))}</title>'
        f'<rect x="{fmt(b.x)}" y="{fmt(b.y)}" width="{fmt(b.w)}" height="{fmt(b.h)}" rx="{fmt(min(rx, b.h / 2))}"/>'
        f'<text text-anchor="middle" dominant-baseline="central">{spans}</text></g>'
    )
    href = safe_href(role_href(b.node.role)) if b.node.role else None
    return f'<a href="{esc(href)}">{g}</a>' if href else g
