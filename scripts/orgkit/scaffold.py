"""``orgkit new role|org|structure <id>``: write a file a new contributor only has to fill in.

The scaffold is generated from the models (the field registry), so a field added there
shows up here without anyone remembering to: every required field is written with its
Chinese title as a comment, optional fields as commented-out lines. Placeholders are
valid but unmistakably unfinished (“（请填写：…）”), and references point at values that
exist, so a fresh scaffold passes ``orgkit check`` and the first problem a contributor
sees is one they made themselves.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from orgkit.cli import DEFAULT_ROOT, EXIT_OK, UsageError
from orgkit.load import Library, display_path, is_library_root, library_files, load_library
from orgkit.model import ENTITY_KINDS, ID_PATTERN, NODE_KIND_LABELS, VOCAB_FILE, Duty, Node, Vocab
from orgkit.rules import PLACEHOLDER
from orgkit.schema import BASE_URL

#: Same limit as ``model.Id``; ids are file names and URL segments.
MAX_ID_LENGTH = 64

#: Core duties a new role starts with; one supporting duty is added to show that form.
#: Five in all: the lower end of the 5–12 the writing guide asks for.
DUTY_PROMPTS = (
    "第 1 条核心职责，动词开头，如“编制月度资金计划并报财务经理审批”",
    "第 2 条职责，写清做什么、做到什么标准",
    "第 3 条职责，一条只写一件事",
    "第 4 条职责，按重要程度排列",
)
SUPPORTING_PROMPT = "辅助职责，如“配合审计和税务检查，提供相关资料”"

#: Better prompts than the field description alone, keyed by "kind:field.path" ("*" = any kind).
PROMPTS: dict[str, str | list[str]] = {
    "role:title": "岗位名称，如“出纳”“销售经理”",
    "role:summary": "一两句话说明岗位存在的目的，如“负责……，保证……”",
    "role:requirements.education": "最低学历与专业方向，如“大专及以上学历，财务相关专业”",
    "role:requirements.experience": "年限与领域，如“两年以上同类岗位工作经验”",
    "role:requirements.skills": ["岗位必需的知识、技能或工具，一条写一项", "再写一条，不需要就删掉这一行"],
    "role:kpis": ["可衡量的指标，写清口径和目标值，如“报表差错次数为 0”", "再写一个指标，不需要就删掉这一行"],
    "org:title": "模板名称，如“小型商贸公司”",
    "org:summary": "两三句话说明这个架构由哪些部分构成、适合什么样的企业",
    "org:traits": ["这个架构的一个特点，一句话", "再写一个特点，不需要就删掉这一行"],
    "structure:title": "结构类型名称，如“矩阵制”",
    "structure:title_en": "英文名称，如 Matrix structure",
    "structure:summary": "两三句话说明这种结构怎样分工、怎样指挥",
    "*:sources": ["来源文献标题；没有具体文献时写“通用实践”"],
}

#: Optional fields written out (not commented) because nearly every entry needs them.
RECOMMENDED = {"role:kpis", "org:traits"}


def ask(text: str) -> str:
    """A placeholder: valid text for the checker, obviously unfinished for a reader."""
    return f"{PLACEHOLDER}{text}）"


@dataclass(frozen=True)
class _Context:
    kind: str
    entity_id: str
    today: str
    vocab: Vocab
    #: existing structure ids with their titles, for an org's ``structure``.
    structures: list[tuple[str, str]]
    #: existing role ids by level, for the posts that head an org's top box and first department.
    roles_by_level: dict[str, list[str]]


# ---------------------------------------------------------------------------
# turning the registry into lines


def scaffold_text(kind: str, entity_id: str, library: Library, *, schema_ref: str, today: str, shown_path: str) -> str:
    """The YAML text of a new entity of ``kind``, generated from its model."""
    if library.vocab is None:
        raise UsageError(f"无法读取 {library.root / VOCAB_FILE}；请先运行 orgkit check 修复词表")
    structures = sorted((sid, s.title) for sid, s in library.structures.items())
    if kind == "org" and not structures:
        raise UsageError("库中还没有任何组织结构类型；请先用 orgkit new structure <id> 添加一个")
    roles_by_level: dict[str, list[str]] = {}
    for role_id in sorted(library.roles):
        roles_by_level.setdefault(library.roles[role_id].level, []).append(role_id)
    ctx = _Context(kind, entity_id, today, library.vocab, structures, roles_by_level)
    _folder, model_cls, name = ENTITY_KINDS[kind]
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# {name}：{entity_id}（由 orgkit new 生成）",
        "# 填写：把每个“（请填写：…）”换成真实内容；标有“← 请改为”的取值换成合适的 id。",
        "# 以“# 字段名:”开头的行是可选字段，需要时删去行首的“# ”。写法见 CONTRIBUTING.md。",
        f"# 检查：.venv/bin/orgkit check {shown_path}",
        "",
    ]
    lines += _fields(model_cls, (), 0, ctx)
    return "\n".join(lines) + "\n"


def _fields(model_cls: type[BaseModel], path: tuple[str, ...], depth: int, ctx: _Context) -> list[str]:
    out: list[str] = []
    for name, info in model_cls.model_fields.items():
        out += _field(name, info, path + (name,), depth, ctx)
    return out


def _field(name: str, info: FieldInfo, path: tuple[str, ...], depth: int, ctx: _Context) -> list[str]:
    pad = "  " * depth
    dotted = ".".join(path)
    special = SPECIAL.get(f"{ctx.kind}:{dotted}") or SPECIAL.get(f"*:{dotted}")
    if special is not None:
        return special(name, info, pad, ctx)
    annotation = _unwrap(info.annotation)
    if not info.is_required() and f"{ctx.kind}:{dotted}" not in RECOMMENDED:
        return _commented(name, info, annotation, pad)
    prompt = PROMPTS.get(f"{ctx.kind}:{dotted}") or PROMPTS.get(f"*:{dotted}")
    head = [f"{pad}# {_note(info)}"]
    inner = _model_of(annotation)
    if inner is not None:
        return head + [f"{pad}{name}:"] + _fields(inner, path, depth + 1, ctx)
    if get_origin(annotation) is list:
        more = f"再写一条{info.title}，不需要就删掉这一行"
        items = prompt if isinstance(prompt, list) else [prompt or info.description or f"一条{info.title}，一句话", more]
        return head + [f"{pad}{name}:"] + [f"{pad}  - {_flow(ask(item))}" for item in items]
    if get_origin(annotation) is Literal:
        return head + [f"{pad}{name}: {_flow(get_args(annotation)[0])}"]
    text = prompt if isinstance(prompt, str) else _hint(info)
    return head + [f"{pad}{name}: {_flow(ask(text))}"]


def _commented(name: str, info: FieldInfo, annotation: Any, pad: str) -> list[str]:
    """An optional field as a line the contributor can uncomment, then fill in."""
    example = _example(annotation, info)
    label = f"{info.title}（可选）"
    if isinstance(example, dict):
        return [f"{pad}# {name}:  # {label}"] + [f"{pad}#   {key}: {_flow(value)}" for key, value in example.items()]
    return [f"{pad}# {name}: {_flow(example)}  # {label}"]


def _example(annotation: Any, info: FieldInfo) -> Any:
    """A filled-in-looking value of ``annotation`` for commented-out optional fields."""
    annotation = _unwrap(annotation)
    inner = _model_of(annotation)
    if inner is not None:
        fields = {n: f for n, f in inner.model_fields.items() if f.is_required()} or dict(inner.model_fields)
        return {n: _example(f.annotation, f) for n, f in fields.items()}
    if get_origin(annotation) is list:
        return [_example(get_args(annotation)[0], info)]
    if get_origin(annotation) is Literal:
        return get_args(annotation)[0]
    if annotation is int:
        return 0
    return ask(_hint(info))


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → X and ``Annotated[X, …]`` → X, so only the shape remains."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _hint(info: FieldInfo) -> str:
    return info.description or info.title or ""


def _note(info: FieldInfo) -> str:
    return f"{info.title}：{info.description}" if info.description else str(info.title)


def _flow(value: Any) -> str:
    """One YAML value on one line, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000)
    return text.removesuffix("\n...\n").removesuffix("\n")


def _choices(items: list[str], pad: str, per_line: int = 4, sep: str = "、") -> list[str]:
    """A long list of choices as comment lines of a few items each."""
    return [f"{pad}#   " + sep.join(items[i : i + per_line]) for i in range(0, len(items), per_line)]


# ---------------------------------------------------------------------------
# fields whose value cannot be a plain placeholder


Special = Callable[[str, FieldInfo, str, _Context], list[str]]


def _id(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
    return [f"{pad}# {_note(info)}", f"{pad}{name}: {ctx.entity_id}"]


def _updated(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
    return [f"{pad}# {_note(info)}；修改内容时顺手更新", f"{pad}{name}: {ctx.today}"]


def _vocab_choice(vocab_name: str) -> Special:
    def build(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
        terms = getattr(ctx.vocab, vocab_name)
        if not terms:
            raise UsageError(f"vocab.yaml 中的 {vocab_name} 是空的；请先补充词表")
        options = [f"{t.id}（{t.label}）" for t in terms]
        return [f"{pad}# {_note(info)}，可选：", *_choices(options, pad), f"{pad}{name}: {terms[0].id}  # ← 请改为上面列出的合适取值"]

    return build


def _vocab_list(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
    terms = getattr(ctx.vocab, name)
    options = [f"{t.id}（{t.label}）" for t in terms]
    example = f"[{terms[0].id}]" if terms else "[]"
    return [f"{pad}# {_note(info)}，可选：", *_choices(options, pad), f"{pad}{name}: []  # ← 填一个或多个，如 {example}"]


def _structure(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
    options = [f"{sid}（{title}）" for sid, title in ctx.structures]
    first = ctx.structures[0][0]
    return [f"{pad}# {_note(info)}，可选：", *_choices(options, pad), f"{pad}{name}: {first}  # ← 请改为上面列出的合适取值"]


def _duties(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
    kinds = Duty.model_fields["kind"].description
    return [
        f"{pad}# {_note(info)}；写清做什么、做到什么标准，不写“你将……”",
        f"{pad}{name}:",
        *[f"{pad}  - {_flow(ask(text))}" for text in DUTY_PROMPTS],
        f"{pad}  - text: {_flow(ask(SUPPORTING_PROMPT))}",
        f"{pad}    kind: supporting  # {kinds}",
    ]


def _chart(name: str, info: FieldInfo, pad: str, ctx: _Context) -> list[str]:
    kinds = [f"{kind} {label}" for kind, label in NODE_KIND_LABELS.items()]
    required = " 和 ".join(f"{n}（{f.title}）" for n, f in Node.model_fields.items() if f.is_required())
    optional = [f"{n}（{f.title}）" for n, f in Node.model_fields.items() if not f.is_required()]
    return [
        f"{pad}# {_note(info)}",
        f"{pad}# 每个单位写 {required}，kind 可选：",
        *_choices(kinds, pad, per_line=3, sep="；"),
        f"{pad}# 每个单位还可以写：",
        *_choices(optional, pad),
        f"{pad}{name}:",
        f"{pad}  title: {_flow(ask('最高负责人或决策机构，如“总经理”“股东会”'))}",
        f"{pad}  kind: executive",
        *_head_role(ctx, "executive", "general-manager", f"{pad}  "),
        f"{pad}  children:",
        f"{pad}    - title: {_flow(ask('部门名称，如“财务部”'))}",
        f"{pad}      kind: department",
        *_head_role(ctx, "manager", "finance-manager", f"{pad}      "),
        f"{pad}      duties:",
        f"{pad}        - {_flow(ask('部门职责，动词开头，如“编制年度预算并监督执行”'))}",
    ]


def _head_role(ctx: _Context, level: str, preferred: str, pad: str) -> list[str]:
    """A department or executive box must name its post (R208): offer an existing one to replace."""
    candidates = ctx.roles_by_level.get(level, [])
    if not candidates:
        return []
    chosen = preferred if preferred in candidates else candidates[0]
    return [f"{pad}role: {chosen}  # ← 请改为负责这个单位的岗位 id（roles/ 中的文件名）"]


SPECIAL: dict[str, Special] = {
    "*:id": _id,
    "*:updated": _updated,
    "role:family": _vocab_choice("families"),
    "role:level": _vocab_choice("levels"),
    "role:duties": _duties,
    "org:structure": _structure,
    "org:chart": _chart,
    **{f"{kind}:fits.{name}": _vocab_list for kind in ("org", "structure") for name in ("industries", "sizes", "stages", "complexity")},
}


# ---------------------------------------------------------------------------
# the command


_ID_LINE = re.compile(r"^id:\s*['\"]?([^'\"\s#]+)", re.M)


def existing_ids(root: Path) -> dict[str, Path]:
    """Every id the library uses (file names and ``id:`` lines), so a new one never collides."""
    found: dict[str, Path] = {}
    for path in library_files(root):
        if path.name == VOCAB_FILE:
            continue
        found.setdefault(path.stem, path)
        match = _ID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            found.setdefault(match.group(1), path)
    return found


def validate_id(entity_id: str, root: Path) -> None:
    """Raise a UsageError in Chinese when ``entity_id`` is malformed or already taken."""
    if not re.fullmatch(ID_PATTERN, entity_id) or len(entity_id) > MAX_ID_LENGTH:
        raise UsageError(f"标识“{entity_id}”格式不对：应为小写英文字母、数字和连字符，以字母或数字开头和结尾，最长 {MAX_ID_LENGTH} 个字符（如 sales-manager）")
    other = existing_ids(root).get(entity_id)
    if other is not None:
        raise UsageError(f"标识 {entity_id} 已被 {display_path(other)} 使用；整个库中的 id 必须唯一，请换一个")


def _schema_ref(root: Path, folder: Path, kind: str) -> str:
    name = f"{kind}.schema.json"
    local = root.resolve().parent / "schema" / name
    if local.is_file():
        return Path(os.path.relpath(local, folder.resolve())).as_posix()
    return BASE_URL + name


def write_scaffold(kind: str, entity_id: str, root: Path, today: str | None = None) -> Path:
    """Write the scaffold for a new entity and return its path."""
    if not is_library_root(root):
        raise UsageError(f"{root} 不是库目录（其中应有 {VOCAB_FILE}）；请在仓库根目录运行，或用 --root 指定")
    validate_id(entity_id, root)
    folder = root / ENTITY_KINDS[kind][0]
    path = folder / f"{entity_id}.yaml"
    library, _problems = load_library(root)
    today = today or datetime.date.today().isoformat()
    text = scaffold_text(kind, entity_id, library, schema_ref=_schema_ref(root, folder, kind), today=today, shown_path=display_path(path))
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    return path


def run_new(args: argparse.Namespace) -> int:
    path = write_scaffold(args.kind, args.id, args.root)
    print(display_path(path))
    print(
        f"已生成{ENTITY_KINDS[args.kind][2]}草稿。下一步：把其中的“（请填写：…）”换成真实内容，"
        f"然后运行 .venv/bin/orgkit check {display_path(path)}，用 make serve 预览。",
        file=sys.stderr,
    )
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``orgkit new``."""
    new = subparsers.add_parser("new", help="生成新条目的草稿文件（岗位说明书、组织架构模板或结构类型）")
    # Reversed registry order lists the kind contributors add most (role) first.
    new.add_argument("kind", choices=list(reversed(ENTITY_KINDS)), help="条目类型：role 岗位说明书；org 组织架构模板；structure 组织结构类型")
    new.add_argument("id", help="新条目的标识，也是文件名：小写英文字母、数字和连字符，如 sales-manager")
    new.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="库目录（默认 orgtemplates/）")
    new.set_defaults(run=run_new)
