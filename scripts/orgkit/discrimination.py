"""Discriminatory hiring conditions in free text (rule C301).

Chinese employment rules (就业促进法 第三条、第二十七条; the 2019 nine-ministry notice
on hiring and women's employment) forbid hiring conditions on gender, marriage or
childbearing, age caps, 户籍/籍贯, ethnicity or religion, and — outside what a law
requires for the post — height, appearance and health. Such a condition can slip
into any sentence of a spec (“限男性，年龄35岁以下” in a summary as much as in the
requirements), so the checker reads every free-text field.

The same words appear in lawful sentences too: a recruiter's duty *against*
discrimination (“不得设置性别或年龄限制”“杜绝性别歧视”“不询问婚育情况”), labour
protection (“女职工孕期保护”), insurance (“生育保险”), occupational health. So a
text is cut into clauses at sentence punctuation and a clause that states a ban,
a protection or a right is left alone; a few lawful compounds are taken out first.
What remains is matched against the condition patterns below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Clause boundaries: a condition and a statement against conditions are usually
#: separate clauses (“不限专业，限男性”). 、 is not one: “不设年龄、户籍等条件” is one clause.
_CLAUSE = re.compile(r"[，。；！？,;!?\n]+")

#: A clause with one of these states a ban, a protection or a right, not a condition.
_AGAINST = re.compile(
    r"歧视|不得|不应|不能|不可|不准|不许|严禁|禁止|杜绝|防止|避免|消除|纠正|反对|平等|"
    r"不设|不写|不含|不列|不问|不询问|不以|不因|不将|不作|不论|无论|不分|不限|退回|删除|整改|核查|检出|"
    r"保护|权益|保障|关爱|关怀"
)

#: Lawful compounds that contain a pattern word; blanked out before matching.
_LAWFUL = re.compile(
    r"生育保险|生育津贴|生育医疗|职业健康|健康证明?|健康检查|健康档案|健康管理|心理健康|安全健康|"
    r"年龄结构|年龄分布|退休年龄|集体户口|单身宿舍|"
    r"年满1[68]周?岁"
)


@dataclass(frozen=True)
class Finding:
    """One discriminatory condition: the words that state it and what it restricts."""

    word: str
    kind: str


#: (pattern, what it restricts). Each pattern is a condition on a person, not a mere topic.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"性别|[限仅只]招?[男女]|[男女](?:性|士|生)|[男女](?:优先|为主|者优先)"), "性别"),
    (re.compile(r"已婚|未婚|婚育|婚姻状况|婚否|已育|未育|生育|怀孕|孕期|单身"), "婚育状况"),
    (
        re.compile(
            # An age range followed by the people served (0–3 岁婴幼儿, 60 岁以上老人) describes the work, not the hire.
            r"年龄|年纪|年轻|\d+\s*(?:[-–—~～至到])\s*\d+\s*周?岁(?!\s*(?:及?以[上下内])?\s*的?(?:婴幼儿|婴儿|幼儿|儿童|孩子|宝宝|学员|学生|青少年|老人|老年人|患者|患儿))|\d+\s*周?岁以(?:下|内)|"
            r"[一二三四五六七八九十]+\s*周?岁以(?:下|内)|(?:不超过|不大于|不高于|低于|小于)\s*\d+\s*周?岁|"
            r"\d+\s*周?岁(?:以上|及以上)(?!\s*的?(?:婴幼儿|婴儿|幼儿|儿童|孩子|宝宝|学员|学生|青少年|老人|老年人|患者|患儿))|(?<!\d)(?:[5-9]0|00)后"
        ),
        "年龄",
    ),
    (re.compile(r"籍贯|户籍|户口|原籍|生源地|本地人|本市人|本省人|本地户"), "户籍或籍贯"),
    (re.compile(r"民族|汉族|种族|族裔|宗教"), "民族或宗教信仰"),
    (re.compile(r"身高|体重|\d+\s*(?:cm|CM|厘米|公分)\s*以上"), "身高体重"),
    (re.compile(r"相貌|容貌|(?<![增成生延擅助])长相|外貌|颜值|五官端正|形象(?:好|佳|气质|端正|出众)|气质佳|端庄|身材"), "相貌"),
    (re.compile(r"身体健康|健康状况良好|体格健[壮康]|无.{0,6}病史|乙肝|病原携带|无残疾"), "健康状况"),
]

#: One pass that any condition needs to match first: most texts hold none, and then the
#: clause-by-clause work is skipped (the checker runs this on every string of the library).
_ANY = re.compile("|".join(f"(?:{p.pattern})" for p, _kind in _PATTERNS))

#: Every match of a pattern above contains one of these words (keep them in step when a
#: pattern changes; tests/test_discrimination.py checks the examples). ``_ANY`` tries
#: every branch at every character, about 20× slower than this plain alternation, which
#: the regex engine scans for by first character; only the few texts it finds go on to ``_ANY``.
_NEEDLES = (
    "性别", "男", "女",
    "婚", "已育", "未育", "生育", "孕", "单身",
    "年龄", "年纪", "年轻", "岁", "0后",
    "籍", "户口", "生源地", "本地人", "本市人", "本省人", "本地户",
    "族", "宗教",
    "身高", "体重", "cm", "CM", "厘米", "公分",
    "貌", "长相", "颜值", "五官端正", "形象", "气质佳", "端庄", "身材",
    "身体健康", "健康状况良好", "体格健", "病史", "乙肝", "病原携带", "无残疾",
)  # fmt: skip
_SCREEN = re.compile("|".join(_NEEDLES))

#: An "N 岁以上" below this is a legal minimum working age (16, 18), not a cap on age.
_MIN_WORKING_AGE = 18


def may_match(text: str) -> bool:
    """False when :func:`find` surely finds nothing in ``text`` nor in any of its lines.

    A fast pre-check: many texts joined with "\\n" can be ruled out with one call.
    """
    return _SCREEN.search(text) is not None


def find(text: str) -> list[Finding]:
    """Every kind of discriminatory condition stated in ``text``, first words of each kind."""
    if not may_match(text) or not _ANY.search(text):
        return []
    found: dict[str, str] = {}
    for clause in _CLAUSE.split(text):
        if not clause or _AGAINST.search(clause):
            continue
        clause = _LAWFUL.sub("　", clause)
        for pattern, kind in _PATTERNS:
            if kind in found:
                continue
            for match in pattern.finditer(clause):
                if _legal_minimum_age(match.group()):
                    continue
                found[kind] = match.group()
                break
    return [Finding(word, kind) for kind, word in found.items()]


def _legal_minimum_age(words: str) -> bool:
    m = re.fullmatch(r"(\d+)\s*周?岁(?:以上|及以上)", words)
    return m is not None and int(m.group(1)) <= _MIN_WORKING_AGE
