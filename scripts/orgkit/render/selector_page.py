"""The “选择组织结构” page: the profile questions as a form, ranked in the browser.

The page carries the rules from selection.yaml as JSON; scripts/orgkit/theme/javascripts/selector.js scores
them exactly as :mod:`orgkit.selector` does (a Chromium test compares the two on the same
profiles). The form submits with GET, so the answers live in the URL and a result can be shared;
nothing is sent anywhere: the page works offline.
"""

from __future__ import annotations

import json

from orgkit import selector
from orgkit.load import Library
from orgkit.model import PROFILE_LABELS, Profile
from orgkit.render.markdown import entity_uri, esc, front_matter, url_between

URI = "selector/index.md"


def _data(library: Library, *, directory_urls: bool) -> dict[str, object]:
    def href(kind: str, entity_id: str) -> str:
        return url_between(URI, entity_uri(kind, entity_id), directory_urls=directory_urls)

    rules = library.selection.model_dump(mode="json")["rules"] if library.selection else []
    templates = selector.templates_by_structure(library)
    return {
        "rules": rules,
        "structures": {
            sid: {
                "title": s.title,
                "url": href("structure", sid),
                "templates": [{"id": t, "title": library.orgs[t].title, "url": href("org", t)} for t in templates.get(sid, ())],
            }
            for sid, s in sorted(library.structures.items())
        },
    }


def _json_script(data: object) -> str:
    # “</script>” or “<!--” in a title must not end the element: escape every “<”.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="selector-data">{text}</script>'


def _select(name: str, label: str, options: list[tuple[str, str]], *, default: str | None = None) -> str:
    opts = "".join(f'<option value="{esc(v)}"{" selected" if v == default else ""}>{esc(t)}</option>' for v, t in options)
    return f'<p><label for="sel-{name}">{label}</label><br><select id="sel-{name}" name="{name}">{opts}</select></p>'


def _number(name: str, label: str, default: int, hint: str) -> str:
    return (
        f'<p><label for="sel-{name}">{label}</label><br>'
        f'<input id="sel-{name}" name="{name}" type="number" min="1" step="1" value="{default}" required> '
        f'<span class="selector-hint">{hint}</span></p>'
    )


def page(library: Library, *, directory_urls: bool = True) -> str:
    """The selector page's Markdown (its body is HTML: a form and an empty result list)."""
    vocab = library.vocab
    stages = [(t.id, t.label) for t in vocab.stages] if vocab else []
    industries = [(t.id, t.label) for t in vocab.industries] if vocab else []
    fields = Profile.model_fields

    def choice(name: str) -> str:
        options = list(PROFILE_LABELS[name].items())
        return _select(name, str(fields[name].title), options, default=str(fields[name].default) if not fields[name].is_required() else None)

    form = "\n".join(
        [
            '<form class="selector-form" method="get">',
            _number("employees", "员工人数", 50, "全职员工总数"),
            _select("stage", "发展阶段", stages, default="growth"),
            _select("industry", "行业", industries, default="general"),
            choice("businesses"),
            choice("markets"),
            choice("work"),
            _number("sites", str(fields["sites"].title), 1, "门店、工厂、分公司等经营网点"),
            _number("companies", str(fields["companies"].title), 1, "集团内独立法人公司的数量"),
            choice("environment"),
            '<p><button class="md-button md-button--primary" type="submit">推荐结构类型</button></p>',
            "</form>",
        ]
    )
    lines = [
        *front_matter(hide_toc=True),
        "# 选择组织结构",
        "",
        "回答下面几个问题，按库中的结构选择规则给每种组织结构类型打分，列出理由和示例模板。"
        "答案保存在网址里，复制网址即可分享结果；页面不向任何服务器发送数据。"
        "命令行里用 `orgkit suggest 企业画像.yaml` 得到同样的结果。",
        "",
        form,
        "",
        '<div class="selector-output" aria-live="polite"><p class="selector-empty">填好问题后点击“推荐结构类型”。</p>'
        '<ol class="selector-results"></ol></div>',
        "",
        _json_script(_data(library, directory_urls=directory_urls)),
        "",
        "规则来自 `orgtemplates/selection.yaml`，每条规则写明条件、倾向或不宜的结构类型及权重、理由和来源；"
        "得分是所有适用规则的权重之和。规则只是起点：最终选择还要看企业自己的管理能力和历史。",
        "",
    ]
    return "\n".join(lines)
