"""The field registry: typed models for every library entity.

These models are the single source of truth for field names, types, Chinese
labels and meanings. The JSON Schemas in ``schema/``, the contributor field
reference on the site and editor autocomplete are all generated from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

#: ASCII kebab-case; ids double as file names and URL segments.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Text = str
TextList = list[str]


class _Model(BaseModel):
    # Unknown keys are contributor typos far more often than intent, so refuse them.
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------
# Shared parts


class Fits(_Model):
    """Which companies a template or structure type suits (values come from vocab.yaml)."""

    industries: TextList = Field(default_factory=list, title="适用行业", description="vocab.yaml 中 industries 的 id")
    sizes: TextList = Field(default_factory=list, title="适用规模", description="vocab.yaml 中 sizes 的 id（国家统计局 2017 划分）")
    stages: TextList = Field(default_factory=list, title="适用阶段", description="vocab.yaml 中 stages 的 id")
    complexity: TextList = Field(default_factory=list, title="业务复杂度", description="vocab.yaml 中 complexity 的 id")
    note: Text | None = Field(default=None, title="适用说明", description="一句话补充说明适用条件")


# ---------------------------------------------------------------------------
# Role: 岗位说明书


class Duty(_Model):
    """A duty with an explicit weight; a plain string is a core duty."""

    text: Text = Field(title="职责内容", description="动词开头、具体可检查的一句话")
    kind: Literal["core", "supporting"] = Field(default="core", title="职责类型", description="core 核心职责；supporting 辅助职责")


def _duty_from_text(value: Any) -> Any:
    # A plain string is the common case; normalise it so errors point at one shape.
    return {"text": value} if isinstance(value, str) else value


DutyEntry = Annotated[Duty, BeforeValidator(_duty_from_text, json_schema_input_type=str | Duty)]


class Requirements(_Model):
    """任职资格. Never gender, age, marriage/childbearing or 籍贯/户籍."""

    education: Text = Field(title="学历", description="最低学历与专业方向")
    experience: Text = Field(title="工作经验", description="年限与领域")
    skills: TextList = Field(title="知识与技能", description="岗位必需的知识、技能、工具")
    qualities: TextList = Field(default_factory=list, title="素质要求", description="工作态度与能力素质")
    certificates: TextList = Field(default_factory=list, title="资格证书", description="确属必要的职业资格或证书")


class Relations(_Model):
    """工作关系.

    Reporting lines belong to charts: a role is reused by many templates and its boss differs
    between them. What a role states here must hold in every chart that uses it (rule R211).
    """

    reports_to: Id | None = Field(
        default=None,
        title="直接上级",
        description="上级岗位的 id；只有在所有使用本岗位的组织图中上级都是这个岗位时才填写，否则留空并填写 reports_to_note",
    )
    reports_to_note: Text | None = Field(
        default=None,
        title="直接上级（通用说明）",
        description="上级因组织而异时的通用说法，如“部门经理（视所在组织而定）”；各模板中的实际上级由组织图决定",
    )
    supervises: list[Id] = Field(default_factory=list, title="下属岗位", description="通常直接管理的岗位 id；各模板中的实际下级由组织图决定")
    internal: TextList = Field(default_factory=list, title="内部协调", description="经常协作的内部部门或岗位")
    external: TextList = Field(default_factory=list, title="外部联系", description="经常联系的外部单位")


HoursSystem = Literal["standard", "comprehensive", "flexible"]

#: 工时制度 labels; the two special systems need approval by the labour administration.
HOURS_LABELS: dict[str, str] = {
    "standard": "标准工时制",
    "comprehensive": "综合计算工时制",
    "flexible": "不定时工作制",
}


class Conditions(_Model):
    """工作条件."""

    environment: Text = Field(title="工作环境", description="办公室、车间、门店、工地、户外等，以及需要注意的环境因素")
    hours: HoursSystem = Field(
        title="工时制度",
        description="standard 标准工时制；comprehensive 综合计算工时制；flexible 不定时工作制（后两种须经劳动行政部门批准）",
    )
    travel: Text = Field(title="出差", description="是否出差及大致频率，如“基本不出差”“每月出差约一周”")
    note: Text | None = Field(default=None, title="其他说明", description="轮班、夜班、值班等补充说明")


class Career(_Model):
    """职业发展：晋升和轮岗的目标岗位。"""

    promotion: list[Id] = Field(default_factory=list, title="晋升方向", description="可晋升到的岗位 id（层级高于本岗位）")
    rotation: list[Id] = Field(default_factory=list, title="轮岗方向", description="可轮岗到的同层级或相近岗位 id")


class OccupationCode(_Model):
    scheme: Text = Field(title="分类标准", description="如《中华人民共和国职业分类大典（2022 年版）》")
    code: Text = Field(title="职业编码")


class Role(_Model):
    """岗位说明书：一个岗位的职责、任职资格与考核。"""

    id: Id = Field(title="标识", description="小写字母、数字和连字符，与文件名相同")
    title: Text = Field(title="岗位名称")
    title_en: Text | None = Field(default=None, title="英文名称")
    aliases: TextList = Field(default_factory=list, title="别名", description="其他常见叫法，供搜索使用")
    family: Text = Field(title="岗位族", description="vocab.yaml 中 families 的 id")
    level: Text = Field(title="岗位层级", description="vocab.yaml 中 levels 的 id")
    summary: Text = Field(title="岗位概述", description="一两句话说明岗位存在的目的")
    duties: list[DutyEntry] = Field(title="岗位职责", description="5–12 条，动词开头、具体")
    requirements: Requirements = Field(title="任职资格")
    kpis: TextList = Field(default_factory=list, title="考核指标", description="可衡量的关键绩效指标")
    relations: Relations = Field(default_factory=Relations, title="工作关系")
    authority: TextList = Field(default_factory=list, title="岗位权限")
    conditions: Conditions = Field(title="工作条件")
    career: Career = Field(default_factory=Career, title="职业发展")
    occupation_codes: list[OccupationCode] = Field(default_factory=list, title="职业分类编码")
    sources: TextList = Field(title="来源", description="来源文献标题，或“通用实践”")
    tags: TextList = Field(default_factory=list, title="标签")
    updated: Text | None = Field(default=None, title="更新日期", description="YYYY-MM-DD")


# ---------------------------------------------------------------------------
# Org template: 组织架构模板

NodeKind = Literal["board", "supervisor", "executive", "committee", "department", "team", "position"]

#: Chinese labels for chart node kinds; the chart legend and docs read these.
NODE_KIND_LABELS: dict[str, str] = {
    "board": "决策机构（股东会、董事会）",
    "supervisor": "监督机构（监事会、监事）",
    "executive": "高管",
    "committee": "委员会",
    "department": "部门",
    "team": "小组、班组",
    "position": "岗位",
}


class Node(_Model):
    """One box of an org chart."""

    title: Text = Field(title="名称")
    kind: NodeKind = Field(
        title="类型",
        description="board 决策机构；supervisor 监督机构；executive 高管；committee 委员会；department 部门；team 小组；position 岗位",
    )
    role: Id | None = Field(default=None, title="岗位", description="对应岗位说明书的 id")
    duties: TextList = Field(default_factory=list, title="部门职责")
    headcount: int | None = Field(default=None, ge=0, le=100000, title="编制人数")
    children: list[Node] = Field(default_factory=list, title="下级单位")
    staff: list[Node] = Field(default_factory=list, title="参谋、辅助单位", description="挂在本单位旁侧的参谋或辅助单位，如总裁办公室、经理助理")
    dotted_to: TextList = Field(default_factory=list, title="虚线汇报", description="矩阵式的虚线汇报对象（同一图中其他单位的名称）")
    note: Text | None = Field(default=None, title="备注")


NodePath = tuple[str | int, ...]


def walk_chart(root: Node, path: NodePath = ("chart",), depth: int = 1) -> Iterator[tuple[Node, NodePath, int]]:
    """Every node of a chart with its field path and depth (root = 1), staff before children."""
    yield root, path, depth
    for field_name in ("staff", "children"):
        for i, child in enumerate(getattr(root, field_name)):
            yield from walk_chart(child, path + (field_name, i), depth + 1)


class Org(_Model):
    """组织架构模板：一家公司或一个部门的组织图及各单位职责。"""

    id: Id = Field(title="标识", description="小写字母、数字和连字符，与文件名相同")
    title: Text = Field(title="模板名称")
    scope: Literal["company", "department"] = Field(title="范围", description="company 整个公司；department 一个部门")
    structure: Id = Field(title="结构类型", description="structures/ 中结构类型的 id")
    fits: Fits = Field(title="适用范围")
    summary: Text = Field(title="概述")
    traits: TextList = Field(default_factory=list, title="特点")
    chart: Node = Field(title="组织图", description="树形结构：根节点及其 children")
    sources: TextList = Field(title="来源", description="来源文献标题，或“通用实践”")
    tags: TextList = Field(default_factory=list, title="标签")
    updated: Text | None = Field(default=None, title="更新日期", description="YYYY-MM-DD")


def depth_of(path: NodePath) -> int:
    """A box's depth (root = 1) from its field path: each level adds a field name and an index."""
    return len(path) // 2 + 1


def chart_bosses(root: Node, path: NodePath = ("chart",), boss: Node | None = None) -> Iterator[tuple[Node, NodePath, Node | None]]:
    """Every node with its boss: the nearest ancestor that names a role, else the parent (or None at the root).

    The one answer to "who does this unit report to in this chart"; pages, downloads and rules use it.
    """
    yield root, path, boss
    # A role-less box (a team, 股东会 without a post) passes its own boss on, unless nobody above names a role.
    below = boss if root.role is None and boss is not None and boss.role else root
    for field_name in ("staff", "children"):
        for i, child in enumerate(getattr(root, field_name)):
            yield from chart_bosses(child, path + (field_name, i), below)


def subordinates(node: Node) -> list[Node]:
    """Direct reports of a node: child and staff nodes naming a role, looking through role-less units."""
    out: list[Node] = []
    for child in (*node.staff, *node.children):
        if child.role:
            out.append(child)
        else:
            out.extend(subordinates(child))
    return out


def roles_used(org: Org) -> dict[str, list[str]]:
    """Role id → the titles of the units that use it, in chart order."""
    used: dict[str, list[str]] = {}
    for node, _path, _depth in walk_chart(org.chart):
        if node.role:
            units = used.setdefault(node.role, [])
            if node.title not in units:
                units.append(node.title)
    return used


# ---------------------------------------------------------------------------
# Structure type: 组织结构类型


class Structure(_Model):
    """组织结构类型：如直线职能制、事业部制、矩阵制。"""

    id: Id = Field(title="标识", description="小写字母、数字和连字符，与文件名相同")
    title: Text = Field(title="名称")
    title_en: Text = Field(title="英文名称")
    aliases: TextList = Field(default_factory=list, title="别名")
    summary: Text = Field(title="概述")
    features: TextList = Field(title="特点")
    pros: TextList = Field(title="优点")
    cons: TextList = Field(title="缺点")
    fits: Fits = Field(title="适用范围")
    example: Id | None = Field(default=None, title="示例模板", description="orgs/ 中一个组织架构模板的 id")
    related: list[Id] = Field(default_factory=list, title="相关类型", description="其他结构类型的 id")
    guides: list[Annotated[str, Field(pattern=r"^guides/[a-z0-9-]+\.md$")]] = Field(
        default_factory=list, title="延伸阅读", description="网站 docs/ 中的指南页，如 guides/group-control.md"
    )
    sources: TextList = Field(title="来源", description="来源文献标题，或“通用实践”")
    tags: TextList = Field(default_factory=list, title="标签")
    updated: Text | None = Field(default=None, title="更新日期", description="YYYY-MM-DD")


# ---------------------------------------------------------------------------
# Vocabularies


#: GB/T 4754-2017 国民经济行业分类: the 20 门类 (sections) an industry term may name.
GB_SECTIONS: dict[str, str] = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业", "E": "建筑业",
    "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业", "I": "信息传输、软件和信息技术服务业",
    "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业", "M": "科学研究和技术服务业", "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业", "P": "教育", "Q": "卫生和社会工作", "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织", "T": "国际组织",
}  # fmt: skip


class Term(_Model):
    id: Id = Field(title="标识")
    label: Text = Field(title="名称")
    description: Text | None = Field(default=None, title="说明")
    code: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")] | None = Field(
        default=None, title="编码", description="岗位族的字母编码，用于生成岗位编号（如 HR）"
    )
    gb_sections: list[Literal[tuple(GB_SECTIONS)]] = Field(  # type: ignore[valid-type]
        default_factory=list, title="国民经济行业门类", description="行业对应的 GB/T 4754-2017 门类字母，如 [H]"
    )


class Vocab(_Model):
    """受控词表：模板与岗位只能引用这里列出的取值。"""

    industries: list[Term] = Field(title="行业")
    sizes: list[Term] = Field(title="企业规模")
    stages: list[Term] = Field(title="发展阶段")
    complexity: list[Term] = Field(title="业务复杂度")
    levels: list[Term] = Field(title="岗位层级")
    families: list[Term] = Field(title="岗位族")


# ---------------------------------------------------------------------------
# Structure selection: 结构选择规则 and the company profile they read

Businesses = Literal["single", "related", "unrelated"]
Markets = Literal["local", "national", "international"]
WorkKind = Literal["routine", "projects", "continuous"]
Environment = Literal["stable", "changing"]

#: Chinese labels of the profile's choice values (CLI, selector page, reference).
PROFILE_LABELS: dict[str, dict[str, str]] = {
    "businesses": {"single": "单一业务", "related": "相关多元化（几项相关业务）", "unrelated": "非相关多元化（跨行业）"},
    "markets": {"local": "本地", "national": "全国", "international": "跨国"},
    "work": {"routine": "日常重复的运营工作", "projects": "以项目为单位交付", "continuous": "连续流程生产"},
    "environment": {"stable": "稳定", "changing": "变化快"},
}


class Profile(_Model):
    """企业画像：orgkit suggest 和结构选择页读取的问题答案。"""

    employees: int = Field(ge=1, le=10_000_000, title="员工人数")
    stage: Id = Field(title="发展阶段", description="vocab.yaml 中 stages 的 id")
    industry: Id = Field(title="行业", description="vocab.yaml 中 industries 的 id")
    businesses: Businesses = Field(title="业务组合", description="single 单一业务；related 相关多元化；unrelated 非相关多元化")
    markets: Markets = Field(title="市场范围", description="local 本地；national 全国；international 跨国")
    work: WorkKind = Field(title="工作方式", description="routine 日常运营；projects 项目制交付；continuous 连续流程生产")
    sites: int = Field(default=1, ge=1, le=100_000, title="经营网点数", description="门店、工厂、分公司等经营网点的数量（默认 1）")
    companies: int = Field(default=1, ge=1, le=10_000, title="法人公司数", description="集团内独立法人公司的数量（默认 1）")
    environment: Environment = Field(default="stable", title="外部环境", description="stable 稳定；changing 变化快（默认 stable）")


class When(_Model):
    """规则的适用条件：列出的条件全部满足时规则生效；不写的条件不限。"""

    employees_min: int | None = Field(default=None, ge=1, title="员工人数下限（含）")
    employees_max: int | None = Field(default=None, ge=1, title="员工人数上限（含）")
    stages: list[Id] = Field(default_factory=list, title="发展阶段", description="vocab.yaml 中 stages 的 id，任一即可")
    industries: list[Id] = Field(default_factory=list, title="行业", description="vocab.yaml 中 industries 的 id，任一即可")
    businesses: list[Businesses] = Field(default_factory=list, title="业务组合")
    markets: list[Markets] = Field(default_factory=list, title="市场范围")
    work: list[WorkKind] = Field(default_factory=list, title="工作方式")
    sites_min: int | None = Field(default=None, ge=1, title="经营网点数下限（含）")
    companies_min: int | None = Field(default=None, ge=1, title="法人公司数下限（含）")
    environment: list[Environment] = Field(default_factory=list, title="外部环境")


class Effect(_Model):
    """规则对一种结构类型的影响：正数为倾向，负数为不宜。"""

    structure: Id = Field(title="结构类型", description="structures/ 中结构类型的 id")
    weight: int = Field(ge=-10, le=10, title="权重", description="-10 到 10；正数倾向采用，负数不宜采用")


class SelectionRule(_Model):
    """一条结构选择规则。"""

    id: Id = Field(title="标识")
    when: When = Field(title="条件")
    effects: list[Effect] = Field(min_length=1, title="影响", description="倾向或排除的结构类型及权重")
    reason: Text = Field(title="理由", description="一句管理者能看懂的话")
    source: Text = Field(title="来源", description="来源文献标题，或“通用实践”")


class Selection(_Model):
    """结构选择规则：由企业画像推荐组织结构类型。"""

    rules: list[SelectionRule] = Field(min_length=1, title="规则")


#: Entity kind → (folder, model, Chinese name). Folder names decide a file's kind.
ENTITY_KINDS: dict[str, tuple[str, type[_Model], str]] = {
    "structure": ("structures", Structure, "组织结构类型"),
    "org": ("orgs", Org, "组织架构模板"),
    "role": ("roles", Role, "岗位说明书"),
}

#: vocab.yaml is a single file with its own model.
VOCAB_FILE = "vocab.yaml"
#: selection.yaml: the structure-selection rules, also one file with its own model.
SELECTION_FILE = "selection.yaml"

Entity = Role | Org | Structure


def duty_texts(role: Role) -> list[str]:
    return [d.text for d in role.duties]
