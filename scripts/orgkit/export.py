"""``orgkit export``: write duty specs and org templates as .docx, .md, .txt or .json.

    orgkit export                         # every role and org template as .docx
    orgkit export --format md cashier     # one role as Markdown
    orgkit export --format json --out tmp manufacturing-company

Exports come from a library that passes ``orgkit check``: a spec with a broken
reference would go out with a bare id where a title belongs.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import TextIO

from orgkit.check import check_library
from orgkit.cli import DEFAULT_ROOT, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from orgkit.load import Library, display_path
from orgkit.model import ENTITY_KINDS, Entity
from orgkit.project import find_library
from orgkit.render.exports import OfficeKit, entity_json, org_files, org_office_files, role_file
from orgkit.render.fonts import FontMissing
from orgkit.report import render

#: The office formats of an org template (see ``exports.ORG_OFFICE_FORMATS``).
OFFICE_FORMATS = ("handbook", "png", "pdf", "pptx", "xlsx", "zip")
FORMATS = ("docx", "md", "txt", "json", *OFFICE_FORMATS)

#: Which entity kinds each format can express, in export order.
KINDS_BY_FORMAT: dict[str, tuple[str, ...]] = {
    "docx": ("role", "org"),
    "md": ("role",),
    "txt": ("role",),
    "json": ("role", "org", "structure"),
    **{fmt: ("org",) for fmt in OFFICE_FORMATS},
}

FORMAT_NAMES = {
    "docx": "Word 文档",
    "md": "Markdown",
    "txt": "纯文本",
    "json": "JSON",
    "handbook": "组织架构与岗位职责手册",
    "png": "组织架构图 PNG",
    "pdf": "组织架构图 PDF",
    "pptx": "组织架构图 PowerPoint",
    "xlsx": "定岗定编表",
    "zip": "办公文件包",
}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "export",
        help="导出岗位说明书和组织架构模板（docx、md、txt、json；模板另有 handbook、png、pdf、pptx、xlsx、zip）",
        description="把岗位说明书导出为 Word、Markdown、纯文本或 JSON，把组织架构模板导出为 Word 或 JSON，"
        "或组织架构与岗位职责手册（handbook）、组织图 PNG/PDF/PowerPoint（png、pdf、pptx）、定岗定编表（xlsx）"
        "及全部打包（zip）。不写 ID 时导出该格式支持的全部条目。",
    )
    parser.add_argument("--format", choices=FORMATS, default="docx", help="导出格式（默认 docx）")
    parser.add_argument("--out", type=Path, default=Path("exports"), help="输出目录（默认 exports/）")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="库目录（默认 orgtemplates/）")
    parser.add_argument("ids", nargs="*", metavar="ID", help="岗位或组织架构模板的 id，如 cashier、manufacturing-company")
    parser.set_defaults(run=run_export)


# ---------------------------------------------------------------------------


class SelectionError(Exception):
    """The ids on the command line do not name exportable entities."""


def _kind_of(library: Library, entity_id: str) -> str | None:
    for kind in ENTITY_KINDS:
        if entity_id in library.entities(kind):
            return kind
    return None


def select(library: Library, ids: list[str], fmt: str) -> list[tuple[str, Entity]]:
    """(kind, entity) pairs to export: the named ones in order, or everything the format supports."""
    kinds = KINDS_BY_FORMAT[fmt]
    if not ids:
        return [(kind, library.entities(kind)[i]) for kind in kinds for i in sorted(library.entities(kind))]

    unique = list(dict.fromkeys(ids))
    unknown = [i for i in unique if _kind_of(library, i) is None]
    if unknown:
        known = [i for kind in ENTITY_KINDS for i in library.entities(kind)]
        hints = []
        for i in unknown:
            guess = difflib.get_close_matches(i, known, n=1, cutoff=0.6)
            hints.append(f"{i}（是否想写 {guess[0]}？）" if guess else i)
        raise SelectionError(
            f"找不到这些 id：{'、'.join(hints)}。id 就是 {display_path(library.root)}/roles/ 或 orgs/ 下的文件名（不含 .yaml）。"
        )
    chosen: list[tuple[str, Entity]] = []
    for i in unique:
        kind = _kind_of(library, i)
        assert kind is not None
        if kind not in kinds:
            allowed = "、".join(f for f, ks in KINDS_BY_FORMAT.items() if kind in ks)
            raise SelectionError(f"{ENTITY_KINDS[kind][2]} {i} 不能导出为 {fmt}，只能导出为 {allowed}。")
        chosen.append((kind, library.entities(kind)[i]))
    return chosen


def files_for(kind: str, entity: Entity, library: Library, fmt: str, kit: OfficeKit | None = None) -> dict[str, bytes]:
    """``kit``: what the office files of several orgs share (see ``exports.OfficeKit``)."""
    if fmt == "json":
        return {f"{entity.id}.json": entity_json(entity)}
    if fmt in OFFICE_FORMATS:
        return org_office_files(entity, library, (fmt,), kit=kit)  # type: ignore[arg-type]
    if kind == "org":
        return org_files(entity, library)  # type: ignore[arg-type]
    return {f"{entity.id}.{fmt}": role_file(entity, library, fmt)}  # type: ignore[arg-type]


# ---------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal; silent elsewhere (logs, CI, pipes)."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.active = total > 1 and stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if not self.active:
            return
        filled = self.WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        # \r rewrites the line in place; \033[K clears what a longer label left behind.
        self.stream.write(f"\r导出 {bar} {self.done}/{self.total} {label[:40]}\033[K")
        self.stream.flush()

    def finish(self) -> None:
        if self.active:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_export(args: argparse.Namespace) -> int:
    err = sys.stderr  # looked up per call so tests capturing stderr see the output
    root: Path = find_library(args.root) or args.root  # a project folder (orgkit init) holds its library in orgtemplates/
    if not root.is_dir():
        print(f"orgkit: 库目录不存在：{root}", file=err)
        return EXIT_USAGE
    library, problems = check_library(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(render(errors, "text"), file=err)
        print(f"库中有 {len(errors)} 个错误，修正后才能导出（运行 orgkit check 查看全部问题）。", file=err)
        return EXIT_PROBLEMS
    try:
        chosen = select(library, list(args.ids), args.format)
    except SelectionError as exc:
        print(f"orgkit: {exc}", file=err)
        return EXIT_USAGE
    if not chosen:
        print(f"没有可导出为 {args.format} 的条目。", file=err)
        return EXIT_OK
    return _write(chosen, library, args.format, args.out, err)


def _write(chosen: list[tuple[str, Entity]], library: Library, fmt: str, out: Path, err: TextIO) -> int:
    progress = Progress(len(chosen), err)
    written: list[Path] = []
    kit = OfficeKit(library)  # fonts and the like, made once for all the chosen orgs
    try:
        out.mkdir(parents=True, exist_ok=True)
        for kind, entity in chosen:
            for name, data in files_for(kind, entity, library, fmt, kit).items():
                (out / name).write_bytes(data)
                written.append(out / name)
            progress.step(entity.id)
    except OSError as exc:
        progress.finish()
        print(f"orgkit: 无法写入 {exc.filename or out}：{exc.strerror or exc}", file=err)
        return EXIT_PROBLEMS
    except FontMissing as exc:
        progress.finish()
        print(f"orgkit: {exc}", file=err)
        return EXIT_PROBLEMS
    progress.finish()
    where = display_path(out)
    if len(written) == 1:
        print(f"已导出 {display_path(written[0])}", file=err)
    else:
        print(f"已导出 {len(written)} 个文件（{FORMAT_NAMES[fmt]}）到 {where}/", file=err)
    return EXIT_OK
