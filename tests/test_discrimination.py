"""The C301 detector on single sentences: conditions flagged, statements against them left alone."""

from __future__ import annotations

import pytest

from orgkit.discrimination import find

FLAGGED = [
    ("限男性，年龄35岁以下，已婚已育优先", {"性别", "年龄", "婚育状况"}),
    ("女士优先", {"性别"}),
    ("25-35周岁", {"年龄"}),
    ("年龄不超过 40 周岁", {"年龄"}),
    ("仅招本地户口", {"户籍或籍贯"}),
    ("籍贯为本省", {"户籍或籍贯"}),
    ("汉族", {"民族或宗教信仰"}),
    ("身高165cm以上，形象气质佳", {"身高体重", "相貌"}),
    ("身体健康，无乙肝", {"健康状况"}),
    ("欢迎 90后 加入", {"年龄"}),
    ("45 岁以上优先", {"年龄"}),
]

CLEAN = [
    "杜绝性别歧视",
    "不得设置性别或年龄限制",
    "不询问婚育情况",
    "不设与岗位无关的年龄、户籍等条件",
    "落实女职工孕期、产期、哺乳期保护",
    "办理生育保险和职业健康检查",
    "接触直接入口食品的员工持健康证明上岗",
    "年满18周岁",
    "分析员工年龄结构",
    "维护公司品牌形象，核实工程形象进度",
    "办理达到法定退休年龄员工的退休手续",
    "男女同工同酬",
]


@pytest.mark.parametrize(("text", "kinds"), FLAGGED, ids=[t for t, _k in FLAGGED])
def test_conditions_are_flagged(text: str, kinds: set[str]) -> None:
    assert {f.kind for f in find(text)} == kinds


@pytest.mark.parametrize("text", CLEAN)
def test_statements_against_discrimination_stay_clean(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    ["在客户家中照料 0–3 岁婴幼儿的饮食和睡眠", "为 60 岁以上老人提供上门照护", "一年以上增长相关经验", "有用户增长相关项目经验"],
)
def test_the_people_served_and_words_that_merely_contain_a_term_are_not_hiring_conditions(text: str) -> None:
    assert find(text) == []


#: One text per alternative of every condition pattern, for the pre-screen check below.
EVERY_ALTERNATIVE = [
    "性别", "限男", "仅招女", "女士", "男生", "男优先", "女为主", "男者优先",
    "已婚", "未婚", "婚育", "婚姻状况", "婚否", "已育", "未育", "生育", "怀孕", "孕期", "单身",
    "年龄", "年纪", "年轻", "25-35岁", "35 岁以下", "三十岁以内", "不超过35周岁", "45岁及以上", "90后", "00后",
    "籍贯", "户籍", "户口", "原籍", "生源地", "本地人", "本市人", "本省人", "本地户",
    "民族", "汉族", "种族", "族裔", "宗教",
    "身高", "体重", "170cm以上", "170CM以上", "170 厘米以上", "170公分以上",
    "相貌", "容貌", "长相", "外貌", "颜值", "五官端正", "形象佳", "气质佳", "端庄", "身材",
    "身体健康", "健康状况良好", "体格健壮", "无心脏病史", "乙肝", "病原携带", "无残疾",
]  # fmt: skip


@pytest.mark.parametrize("text", EVERY_ALTERNATIVE + [t for t, _k in FLAGGED])
def test_the_pre_screen_passes_every_condition(text: str) -> None:
    # find() skips a text the fast screen rejects, so every match of a condition must hold a screen word.
    from orgkit.discrimination import _ANY, _SCREEN

    matches = list(_ANY.finditer(text))
    assert matches, "example no longer matches any condition pattern"
    for m in matches:
        assert _SCREEN.search(m.group()), m.group()
