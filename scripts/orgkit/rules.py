"""Every check the library knows, in one registry: ``{code: Rule}``.

Codes are stable: contributors search for them and CI logs quote them. The
contributor reference on the site is generated from this dict, and emitting a
code that is not here raises (a bug in orgkit, not in the library).

Letters: Y = YAML file hygiene, S = schema (fields and types), R = references
and identity across the library, C = content rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    severity: Severity
    summary: str
    #: ``str.format`` template; the fields are filled in by the rule that fires.
    message: str


RULES: dict[str, Rule] = {
    # --- YAML hygiene -------------------------------------------------------
    "Y001": Rule("error", "YAML 语法错误", "YAML 语法错误：{detail}"),
    "Y002": Rule("error", "重复的键", "键 {key} 重复出现（第 {first} 行已有）；YAML 会悄悄丢掉其中一个，请合并为一处"),
    "Y003": Rule("error", "使用了制表符", "此行含制表符（Tab）；YAML 缩进只能用空格，请把 Tab 换成两个空格"),
    "Y004": Rule("error", "文件不是 UTF-8 编码", "{detail}；请用 UTF-8 编码另存此文件"),
    "Y005": Rule("error", "一个文件只能有一个文档", "文件含有多个 YAML 文档（---）；每个文件只写一个条目"),
    "Y006": Rule("error", "顶层必须是映射", "文件顶层应为“字段: 值”的映射，实际为{found}"),
    "Y007": Rule("error", "不允许锚点和别名", "不允许使用 YAML 锚点（&）和别名（*）；请把内容直接写出来"),
    "Y008": Rule("error", "不允许的 YAML 标签", "不允许的 YAML 标签 {tag}；库文件只能包含文字、数字、列表和映射"),
    "Y009": Rule("error", "文件过大", "文件大小 {size} 字节，超过上限 {limit} 字节；请拆分内容"),
    "Y010": Rule("error", "嵌套过深", "YAML 嵌套超过 {limit} 层；请检查缩进"),
    "Y011": Rule("warning", "缺少 schema 注释行", "第一行应为 “# yaml-language-server: $schema=…” 注释，编辑器才能提示字段；用 orgkit new 生成的文件会自带"),
    # --- schema ---------------------------------------------------------------
    "S101": Rule("error", "缺少必填字段", "缺少必填字段 {field}"),
    "S102": Rule("error", "类型错误", "{field} 应为{expected}，实际为{found}"),
    "S103": Rule("error", "未知字段", "未知字段 {key}{hint}；允许的字段见“贡献者参考”"),
    "S104": Rule("error", "取值不在允许范围", "{field} 的取值 {found} 无效；应为：{allowed}"),
    "S105": Rule("error", "标识格式错误", "{field} 的取值 {found} 格式不对；应为小写英文字母、数字和连字符（如 sales-manager）"),
    "S106": Rule("error", "数值超出范围", "{field} 的取值 {found} 超出范围：{detail}"),
    "S107": Rule("error", "空字符串", "{field} 为空；请填写内容或删除这一项"),
    # --- identity and references ---------------------------------------------
    "R201": Rule("error", "标识重复", "id（标识）{id} 已被 {other} 使用；整个库中的 id 必须唯一"),
    "R202": Rule("error", "文件名与标识不一致", "文件名应为 {id}.yaml，与 id（标识）一致；实际为 {name}"),
    "R203": Rule("error", "引用不存在", "{field} 引用的{target} {id} 不存在{hint}"),
    "R204": Rule("error", "虚线汇报对象无效", "dotted_to（虚线汇报）中的 {title} {why}"),
    "R205": Rule(
        "error",
        "文件位置无法识别",
        "无法判断条目类型：文件应放在 roles/、orgs/ 或 structures/ 目录下（词表为 vocab.yaml，结构选择规则为 selection.yaml）",
    ),
    "R206": Rule("error", "组织图层级过深", "组织图超过 {limit} 层；请拆成多个模板或合并层级"),
    "R207": Rule("error", "缺少词表", "库中没有 vocab.yaml，无法检查行业、规模、阶段等取值"),
    "R208": Rule("error", "单位未指定岗位", "{kind}“{title}”没有填写 role（岗位）；部门和高管单位都要写明负责人的岗位 id"),
    "R209": Rule(
        "error",
        "部门负责人层级过低",
        "部门“{title}”的负责人岗位 {role} 是“{level}”；部门应由中层管理或以上的岗位负责（一人承担的职能可画成 kind: position）",
    ),
    "R210": Rule("error", "下级岗位层级高于上级", "“{title}”的岗位 {role}（{level}）高于它的上级“{boss}”的岗位 {boss_role}（{boss_level}）"),
    "R211": Rule(
        "error",
        "直接上级与组织图不一致",
        "relations.reports_to（直接上级）写的是 {stated}，但组织图 {org} 中“{unit}”的上级是“{boss}”（{actual}）；"
        "上级因组织而异时请删去 reports_to，改写 reports_to_note（直接上级（通用说明））",
    ),
    "R213": Rule("warning", "结构类型无法被推荐", "结构类型 {structure} 在任何企业画像下都排不进前两名；请在 selection.yaml 中为它补充适用规则，或调整权重"),
    "R214": Rule("error", "选择规则互相矛盾", "规则 {first} 与 {second} 的条件完全相同，却对结构类型 {structure} 一个倾向、一个不宜；请合并或改写条件"),
    "R212": Rule(
        "error",
        "晋升方向层级不高于本岗位",
        "career.promotion（晋升方向）中的 {target}（{level}）层级不高于本岗位（{own}）；"
        "同级调动请写在 rotation（轮岗方向）里，只有高层管理之间（如总监晋升总经理）可以同级",
    ),
    # --- content ----------------------------------------------------------------
    "C301": Rule(
        "error",
        "歧视性招聘条件",
        "{field} 含有歧视性招聘条件“{word}”（{kind}）；依据《就业促进法》和 2019 年九部门《关于进一步规范招聘行为促进妇女就业的通知》，"
        "招聘和用人不得限定{kind}（法律对岗位另有规定的除外）；反对歧视的写法（如“不得设置性别限制”“不询问婚育情况”）不受影响",
    ),
    "C302": Rule("warning", "已废止的称谓", "“{old}”已不再使用：{advice}；旧称可放在 aliases（别名）里以便搜索"),
    "C303": Rule("warning", "管理幅度过大", "{title} 有 {count} 个直接下级，超过 {limit} 个；考虑增设中间层级或分组"),
    "C304": Rule("warning", "职责条数不合适", "duties（岗位职责）有 {count} 条；建议 {low}–{high} 条"),
    "C305": Rule("warning", "中文里用了半角标点", "{field} 在中文中使用了半角标点“{mark}”；请改为全角“{full}”"),
    "C308": Rule(
        "warning",
        "名称与其他岗位重复",
        "{field} 的“{name}”也是 {other} 的{other_field}；一个叫法只对应一个岗位，搜索才能直达，请删去或改用更具体的说法",
    ),
    "C307": Rule("warning", "未替换的占位文字", "{field} 仍是 orgkit new 生成的占位文字；请换成真实内容"),
    "C306": Rule("warning", "与其他岗位职责高度重复", "duties（岗位职责）与 {other} 有 {percent}% 相同；请写出本岗位特有的职责，或合并两个岗位"),
}


#: How ``orgkit new`` marks a value still to be written; C307 looks for it.
PLACEHOLDER = "（请填写："


def severity(code: str) -> Severity:
    return RULES[code].severity
