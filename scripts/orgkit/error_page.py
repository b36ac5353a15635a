"""The page ``mkdocs serve`` shows while the library has errors.

A preview that stops answering teaches nothing; a page that lists the problems,
exactly as ``orgkit check`` prints them, tells the contributor what to fix. The
page is self-contained HTML (inline style, no theme assets) because the hook
writes it as the site's ``index.html`` and ``404.html``: MkDocs' development
server answers every unknown address with ``404.html``, so whatever address the
browser had open shows it. A short script asks for the same address every
second and reloads once the answer is no longer this page, that is, once a
build succeeded after the file was fixed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from orgkit.problems import Problem

#: Present in the page's head; the reload script looks for it (split in the script, so the script itself never matches).
MARKER = "orgkit-build-error"

_STYLE = """\
body{font:16px/1.6 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1d1d1f;background:#fff}
main{max-width:60rem;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.5rem;color:#b00020;margin:0 0 .5rem}
ol{padding-left:1.5rem}
li{margin:.35rem 0}
code{font:14px/1.5 ui-monospace,"Noto Sans Mono CJK SC",monospace;white-space:pre-wrap;word-break:break-all}
.hint{color:#555}
@media (prefers-color-scheme:dark){body{background:#1e1e24;color:#e6e6e6}h1{color:#ff8a80}.hint{color:#aaa}}
"""

_RELOAD = (
    "(function(){var m='orgkit-build-'+'error';function poll(){setTimeout(function(){"
    "fetch(location.href,{cache:'no-store'}).then(function(r){return r.text()})"
    ".then(function(t){if(t.indexOf(m)<0){location.reload()}else{poll()}},poll)},1000)}poll()})();"
)


def error_page_html(errors: Sequence[Problem], *, warnings: int = 0) -> str:
    """The whole page: every error as ``path:line:col: CODE 说明``, escaped."""
    items = "\n".join(f"<li><code>{html.escape(p.as_text())}</code></li>" for p in errors)
    more = f"另有 {warnings} 条警告，不影响构建。" if warnings else ""
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="{MARKER}">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>库文件有错误 · 网站未构建</title>\n<style>\n{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>库文件有 {len(errors)} 个错误，网站暂未构建</h1>\n"
        '<p class="hint">修改下列文件并保存后，本页会自动刷新为网站。每行的格式：<code>路径:行:列: 代码 说明</code>。'
        f"{more}</p>\n"
        f"<ol>\n{items}\n</ol>\n"
        '<p class="hint">也可以在终端运行 <code>.venv/bin/orgkit check</code> 查看同样的列表。</p>\n'
        f"</main>\n<script>{_RELOAD}</script>\n</body>\n</html>\n"
    )
