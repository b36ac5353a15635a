"""The contributor reference, generated from the field registry and the rule registry.

``fields_page`` walks the pydantic models in :mod:`orgkit.model` (every field,
its type, whether it is required and what it means); ``rules_page`` lists
:data:`orgkit.rules.RULES`. Nothing here is written by hand, so the reference
cannot drift from what ``orgkit check`` enforces.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from orgkit.load import Library
from orgkit.model import (
    ENTITY_KINDS,
    NODE_KIND_LABELS,
    Career,
    Conditions,
    Duty,
    Effect,
    Fits,
    Node,
    OccupationCode,
    Profile,
    Relations,
    Requirements,
    Selection,
    SelectionRule,
    Term,
    Vocab,
    When,
)
from orgkit.render.markdown import esc, front_matter
from orgkit.rules import RULES

#: Nested models, documented after the entities, in reading order.
PARTS: list[type[BaseModel]] = [Requirements, Duty, Relations, Conditions, Career, OccupationCode, Node, Fits, Term]

#: Anchors for every documented model (explicit ids keep links stable).
ANCHORS: dict[type[BaseModel], str] = {
    **{model: kind for kind, (_folder, model, _name) in ENTITY_KINDS.items()},
    Vocab: "vocab",
    Requirements: "requirements",
    Duty: "duty",
    Relations: "relations",
    Conditions: "conditions",
    Career: "career",
    OccupationCode: "occupation-code",
    Node: "node",
    Fits: "fits",
    Term: "term",
    Selection: "selection",
    SelectionRule: "selection-rule",
    When: "when",
    Effect: "effect",
    Profile: "profile",
}

RULE_GROUPS = {
    "Y": "YAML 文件",
    "S": "字段与类型",
    "R": "标识与引用",
    "C": "内容",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告"}

#: Modules whose API is documented, in reading order (the pipeline's order).
API_MODULES = [
    "orgkit.model",
    "orgkit.load",
    "orgkit.check",
    "orgkit.rules",
    "orgkit.problems",
    "orgkit.report",
    "orgkit.schema",
    "orgkit.render.markdown",
    "orgkit.render.chart",
    "orgkit.render.exports",
    "orgkit.reference",
    "orgkit.site",
]


#: Contributor pages stay searchable (S103, aliases) without outranking the library's own pages.
_LOW_BOOST = front_matter(boost=0.5)


def _model_title(model: type[BaseModel]) -> str:
    for _kind, (_folder, entity, name) in ENTITY_KINDS.items():
        if entity is model:
            return name
    titles = {
        Vocab: "受控词表",
        Requirements: "任职资格",
        Duty: "职责",
        Relations: "工作关系",
        Conditions: "工作条件",
        Career: "职业发展",
        OccupationCode: "职业分类编码",
        Node: "组织图单位",
        Fits: "适用范围",
        Term: "词表条目",
        Selection: "结构选择规则（selection.yaml）",
        SelectionRule: "选择规则",
        When: "规则条件",
        Effect: "对结构类型的影响",
        Profile: "企业画像（orgkit suggest 的输入）",
    }
    return titles.get(model, model.__name__)


def _model_link(model: type[BaseModel]) -> str:
    return f"[{_model_title(model)}](#{ANCHORS[model]})"


def _is_id(metadata: list[Any]) -> bool:
    return any(getattr(m, "pattern", None) for m in metadata)


def type_text(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A field type in words a contributor reads: 文字, 文字列表, 标识, 映射…"""
    metadata = list(metadata or [])
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        flat: list[Any] = []
        for item in extra:
            flat += list(getattr(item, "metadata", [])) + [item]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return f"文字，或 {_model_link(inner)} 映射" if any(getattr(m, "json_schema_input_type", None) for m in extra) else _model_link(inner)
        return type_text(inner, metadata + flat)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return " 或 ".join(type_text(a, metadata) for a in args)
    if origin is list:
        (item,) = get_args(annotation)
        inner = type_text(item)
        return f"{inner}列表" if inner in ("文字", "标识") else f"列表，每项为{inner}"
    if origin is Literal:
        return "取值之一：" + "、".join(f"`{v}`" for v in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"{_model_link(annotation)} 映射"
    if annotation is str:
        return "标识" if _is_id(metadata) else "文字"
    if annotation is int:
        return "整数"
    if annotation is bool:
        return "是/否"
    return esc(getattr(annotation, "__name__", str(annotation)))


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "必填"
    default = info.get_default(call_default_factory=True)
    if default in (None, [], {}) or isinstance(default, BaseModel):
        return "可选"
    return f"可选，默认 `{default}`"


def field_rows(model: type[BaseModel]) -> list[tuple[str, str, str, str]]:
    """(field, type, required, meaning) for every field of a model, in declaration order."""
    rows = []
    hints = typing.get_type_hints(model, include_extras=True)
    for name, info in model.model_fields.items():
        annotation = hints.get(name, info.annotation)
        meaning = f"**{esc(info.title)}**" if info.title else ""
        if info.description:
            meaning += f"<br>{esc(info.description)}" if meaning else esc(info.description)
        rows.append((f"`{name}`", type_text(annotation, list(info.metadata)), _required(info), meaning))
    return rows


def _model_section(model: type[BaseModel], level: str = "##") -> list[str]:
    doc = (model.__doc__ or "").strip().splitlines()
    lines = [f"{level} {_model_title(model)} {{#{ANCHORS[model]}}}", ""]
    if doc and "：" in doc[0] and not re.search(r"[A-Za-z]", doc[0]):
        # Only the Chinese summaries ("名称：说明") are for contributors; English ones are notes for developers.
        lines += [esc(doc[0].split("：", 1)[1]), ""]
    lines += ["| 字段 | 类型 | 必填 | 含义 |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in field_rows(model)]
    return [*lines, ""]


def fields_page(library: Library | None = None) -> str:
    """The field reference: every entity and nested part, then the vocabulary values."""
    lines = [
        *_LOW_BOOST,
        "# 字段参考",
        "",
        "库中每种条目允许的字段，由 `orgkit` 的模型自动生成，与检查工具和 JSON Schema 完全一致。"
        "未列出的字段会被 `orgkit check` 报告为 S103（未知字段）。",
        "",
        "每个条目一个 YAML 文件，文件名与 `id` 相同：`orgtemplates/roles/<id>.yaml`、"
        "`orgtemplates/orgs/<id>.yaml`、`orgtemplates/structures/<id>.yaml`；"
        "受控词表在 `orgtemplates/vocab.yaml`。“标识”是小写字母、数字和连字符（如 `sales-manager`）。",
        "",
    ]
    for _kind, (_folder, model, _name) in ENTITY_KINDS.items():
        lines += _model_section(model)
    lines += ["## 组成部分", "", "上面的字段中，类型为映射的部分展开如下。", ""]
    for model in PARTS:
        lines += _model_section(model, "###")
        if model is Node:
            lines += ["组织图单位的类型（`kind`）：", "", "| 取值 | 含义 |", "|---|---|"]
            lines += [f"| `{k}` | {esc(v)} |" for k, v in NODE_KIND_LABELS.items()]
            lines += [""]
    lines += _model_section(Vocab)
    lines += [
        "## 结构选择",
        "",
        "`orgtemplates/selection.yaml` 写结构选择规则，`orgkit suggest 企业画像.yaml` 和网站的“选择组织结构”页按它给每种结构类型打分：",
        "一条规则在 `when` 中写明的条件全部满足时生效，结构类型的得分是所有生效规则对它的权重之和。",
        "",
    ]
    for model in (Selection, SelectionRule, When, Effect, Profile):
        lines += _model_section(model, "###")
    if library is not None and library.vocab is not None:
        lines += ["### 当前词表取值", "", "`fits`、`family`、`level` 等字段只能取下列标识。", ""]
        for name, info in Vocab.model_fields.items():
            terms = getattr(library.vocab, name)
            lines += [f"**{esc(info.title or name)}**（`{name}`）：" + "、".join(f"`{t.id}` {esc(t.label)}" for t in terms), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def rules_page() -> str:
    """Every rule code with its severity, name and message template."""
    lines = [
        *_LOW_BOOST,
        "# 检查规则",
        "",
        "`orgkit check` 报告的每一条问题都有一个固定代码，格式为 `路径:行:列: 代码 说明`。"
        "错误会使检查和网站构建失败；警告只提示，不阻止合并。本页由规则注册表自动生成。",
        "",
        "说明中的 `{field}` 等占位符在报告时替换为具体的字段、取值或文件。",
        "",
    ]
    for letter, title in RULE_GROUPS.items():
        codes = sorted(c for c in RULES if c.startswith(letter))
        if not codes:
            continue
        lines += [f"## {letter}：{title}", "", "| 代码 | 级别 | 名称 | 说明 |", "|---|---|---|---|"]
        for code in codes:
            rule = RULES[code]
            lines.append(f"| `{code}` | {SEVERITY_LABELS[rule.severity]} | {esc(rule.summary)} | {esc(rule.message)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def api_page(modules: list[str] | None = None) -> str:
    """The `orgkit` API reference: one mkdocstrings block per module."""
    lines = [
        # Docstrings are for developers; in an HR reader's search results they are noise.
        *front_matter(search_exclude=True),
        "# API 参考",
        "",
        "`orgkit` 是本库的 Python 工具包（`scripts/orgkit`）。下面的说明由源代码中的文档字符串生成。",
        "",
    ]
    for module in modules or API_MODULES:
        lines += [f"::: {module}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def reference_index_page() -> str:
    """How a contribution goes, with links to the generated references."""
    lines = [
        *_LOW_BOOST,
        "# 贡献者参考",
        "",
        "库中的每个条目都是 `orgtemplates/` 下的一个 YAML 文件：结构类型在 `structures/`，"
        "组织架构模板在 `orgs/`，岗位说明书在 `roles/`，行业、规模等取值在 `vocab.yaml`。"
        "网站在每次构建时由这些文件生成。",
        "",
        "## 修改或添加条目",
        "",
        "1. 在条目页面底部点“在 GitHub 上编辑此文件”，或在本地复制一个相近的文件，改用另一个 `id` 作为文件名。",
        "2. 按[字段参考](fields.md)填写字段；编辑器识别文件首行的 schema 注释后会自动补全。",
        "3. 运行 `orgkit check`（或 `make check`），按[检查规则](rules.md)中的说明改正报告的问题。",
        "4. 运行 `make serve`，在浏览器中查看生成的页面，然后提交合并请求。",
        "",
        "## 本节内容",
        "",
        f"- [字段参考](fields.md)：每种条目的全部字段、类型、是否必填和含义（{len(ANCHORS)} 种结构）。",
        f"- [检查规则](rules.md)：`orgkit check` 的全部 {len(RULES)} 条规则代码、级别和说明。",
        "- [API 参考](api.md)：`orgkit` Python 工具包的模块和函数。",
        "",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
