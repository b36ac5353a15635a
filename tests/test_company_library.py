"""A company's own library (issue #17), end to end, the way HR would use it.

``orgkit init`` from a company template; rename a post, add a unit, remove one; the copy
checks clean, builds its own site with the installed orgkit (search finds the renamed
post), its handbook shows the changed chart, and ``orgkit diff`` against the untouched
copy lists exactly those three changes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgkit.cli import main

TEMPLATE = "small-trading-company"
COMPANY = "星河商贸有限公司"
#: The post renamed (its file and its chart box), the unit added, the unit removed (with the post below it).
RENAMED = ("sales-representative", "销售代表", "渠道拓展专员")
ADDED = {"title": "大客户组", "kind": "team", "role": "sales-representative"}
ADDED_UNDER = "市场部"
REMOVED = ("物流管理组", "物流专员")


def _run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _edit(path: Path, change: Any) -> None:
    """Load, change and write a library file back, schema line first, as an editor would leave it."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    change(data)
    head = text.splitlines()[0]
    path.write_text(head + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _walk(node: dict[str, Any]) -> Any:
    yield node
    for child in node.get("staff", []) + node.get("children", []):
        yield from _walk(child)


def _reorganise(chart: dict[str, Any]) -> None:
    role_id, old_title, new_title = RENAMED
    titles = [n["title"] for n in _walk(chart)]
    # The template must still have what the reorganisation touches, or the edit would silently do less.
    assert old_title in titles and ADDED_UNDER in titles and REMOVED[0] in titles, titles
    for node in list(_walk(chart)):
        if node.get("role") == role_id and node["title"] == old_title:
            node["title"] = new_title
        if node["title"] == ADDED_UNDER:
            node.setdefault("children", []).append(dict(ADDED))
        node["children"] = [c for c in node.get("children", []) if c["title"] != REMOVED[0]]
        if not node["children"]:
            del node["children"]


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the reorganised library, the untouched copy made by the same init)."""
    base = tmp_path_factory.mktemp("company")
    here, untouched = base / "xinghe", base / "untouched"
    assert main(["init", str(here), "--from", TEMPLATE, "--name", COMPANY]) == 0
    shutil.copytree(here, untouched)
    lib = here / "orgtemplates"
    role_id, _old, new_title = RENAMED
    _edit(lib / "roles" / f"{role_id}.yaml", lambda d: d.update(title=new_title))
    _edit(lib / "orgs" / f"{TEMPLATE}.yaml", lambda d: _reorganise(d["chart"]))
    return here, untouched


# ---------------------------------------------------------------------------
# init


def test_init_writes_a_self_contained_library(company: tuple[Path, Path]) -> None:
    _here, untouched = company
    for name in ("mkdocs.yml", "README.md", "Makefile", ".gitignore", ".github/workflows/check.yml", "requirements.txt", "docs/index.md"):
        assert (untouched / name).is_file(), name
    assert not (untouched / "orgtemplates" / "selection.yaml").exists()
    org = yaml.safe_load((untouched / "orgtemplates" / "orgs" / f"{TEMPLATE}.yaml").read_text(encoding="utf-8"))
    assert org["title"] == COMPANY
    config = (untouched / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"{COMPANY}组织手册" in config
    assert "scripts/" not in config and "hooks:" not in config  # nothing of this repository: the installed plugin
    readme = (untouched / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme
    workflow = yaml.safe_load((untouched / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    steps = [s.get("run", "") for s in workflow["jobs"]["check"]["steps"]]
    assert any("orgkit check" in s for s in steps)
    roles = sorted(p.stem for p in (untouched / "orgtemplates" / "roles").glob("*.yaml"))
    assert "sales-manager" in roles and "cashier" in roles and "ceo" not in roles


def test_init_copy_checks_clean_for_every_template(tmp_path: Path) -> None:
    """Dangling references (promotion paths, supervised posts elsewhere) are dropped: every template's copy is clean."""
    from orgkit import company as init
    from orgkit.check import check_library

    library, _ = check_library(Path("orgtemplates"))
    for org_id in sorted(library.orgs):
        out = tmp_path / org_id
        out.mkdir()
        init.write_library(library, init.plan(library, org_id, "测试公司"), out, named=True)
        _copy, problems = check_library(out / "orgtemplates")
        assert [p.as_text() for p in problems] == [], org_id


def test_init_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, _out, err = _run("init", str(tmp_path), "--from", TEMPLATE, capsys=capsys)
    assert code == 2
    assert "不是空目录" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_refuses_an_unknown_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run("init", str(tmp_path / "new"), "--from", "small-trading-compnay", capsys=capsys)
    assert code == 2
    assert "找不到组织架构模板 small-trading-compnay（是否想写 small-trading-company？）" in err
    assert not (tmp_path / "new").exists()


# ---------------------------------------------------------------------------
# check and diff


def test_the_reorganised_library_checks_clean(company: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    here, _untouched = company
    code, out, err = _run("check", str(here), capsys=capsys)
    assert (code, out) == (0, "")
    assert "没有发现问题" in err


def test_diff_lists_exactly_the_three_changes(company: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    here, untouched = company
    code, out, _err = _run("diff", str(untouched), str(here), "--format", "json", capsys=capsys)
    assert code == 0
    note = json.loads(out)
    assert note["count"] == 3
    assert note["roles"] == [
        {
            "id": RENAMED[0],
            "title": RENAMED[2],
            "change": "changed",
            "old_title": RENAMED[1],
            "fields": [{"field": "title", "label": "岗位名称", "old": RENAMED[1], "new": RENAMED[2]}],
        }
    ]
    [org] = note["orgs"]
    units = [(u["change"], u["title"], u["parent"], u.get("below", [])) for u in org["units"]]
    assert units == [("removed", REMOVED[0], "采购部", [REMOVED[1]]), ("added", ADDED["title"], ADDED_UNDER, [])]
    assert note["structures"] == [] and note["vocab_changed"] is False


def test_diff_text_reads_like_a_change_note(company: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    here, untouched = company
    code, out, _err = _run("diff", str(untouched), str(here), capsys=capsys)
    assert code == 0
    assert out.splitlines()[2] == "共 3 项变更。"
    assert f"  · 撤销 {REMOVED[0]}（小组、班组），原隶属“采购部”；下设 {REMOVED[1]} 一并撤销" in out
    assert f"  · 新设 {ADDED['title']}（小组、班组），隶属“{ADDED_UNDER}”，岗位：销售代表（sales-representative）" not in out  # renamed
    assert f"  · 新设 {ADDED['title']}（小组、班组），隶属“{ADDED_UNDER}”，岗位：{RENAMED[2]}（{RENAMED[0]}）" in out
    assert f"  · 修订岗位 {RENAMED[2]}（{RENAMED[0]}）（原名“{RENAMED[1]}”）：岗位名称由“{RENAMED[1]}”改为“{RENAMED[2]}”" in out
    assert out.index("一、组织架构") < out.index("二、岗位说明书")


def test_diff_of_a_copy_with_itself_is_empty(company: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _here, untouched = company
    code, out, _err = _run("diff", str(untouched), str(untouched / "orgtemplates"), capsys=capsys)
    assert code == 0
    assert "没有变化" in out


def test_diff_reads_git_revisions(company: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    here, untouched = company
    repo = tmp_path / "repo"
    shutil.copytree(untouched, repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "before"], cwd=repo, check=True)
    shutil.rmtree(repo / "orgtemplates")
    shutil.copytree(here / "orgtemplates", repo / "orgtemplates")
    subprocess.run([*git, "commit", "-qam", "after"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    code, out, _err = _run("diff", "HEAD~1", "HEAD", "--format", "json", capsys=capsys)
    assert code == 0 and json.loads(out)["count"] == 3
    code, out, _err = _run("diff", "main~1:orgtemplates", "./orgtemplates", "--format", "json", capsys=capsys)
    assert code == 0 and json.loads(out)["count"] == 3


@pytest.mark.parametrize(
    ("old", "message"),
    [("no-such-rev", "既不是目录，也不是 git 版本"), ("docs", "不是库目录")],
)
def test_diff_refuses_what_it_cannot_read(old: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run("diff", old, "orgtemplates", capsys=capsys)
    assert code == 2
    assert message in err


def test_export_accepts_the_project_folder(company: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    here, _untouched = company
    code, _out, err = _run("export", "--root", str(here), "--out", str(tmp_path / "out"), "--format", "json", capsys=capsys)
    assert code == 0, err
    assert (tmp_path / "out" / f"{TEMPLATE}.json").is_file()
    assert not (tmp_path / "out" / "ceo.json").exists()


# ---------------------------------------------------------------------------
# the company's own site


def test_the_site_builds_with_the_installed_plugin_and_search_finds_the_renamed_post(company: tuple[Path, Path], tmp_path: Path) -> None:
    here, _untouched = company
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=here,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # Search: the page is indexed under its new title, and the exact-name table (which puts the page
    # whose name equals the query first, scripts/orgkit/theme/javascripts/exact-search.js) leads there.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["location"]: d["title"].replace("\u200b", "") for d in index["docs"]}
    assert titles[f"roles/{RENAMED[0]}/"] == RENAMED[2]
    assert RENAMED[1] not in titles.values()
    exact = json.loads((site / "search" / "exact-names.json").read_text(encoding="utf-8"))
    assert [exact["pages"][i][0] for i in exact["names"][RENAMED[2]]] == [f"roles/{RENAMED[0]}/"]
    assert RENAMED[1] not in exact["names"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"{COMPANY}组织手册" in home
    # Only what was copied: no page of a post or template the company did not take.
    assert (site / "roles" / "cashier" / "index.html").is_file()
    assert not (site / "roles" / "ceo").exists()
    assert not (site / "orgs" / "manufacturing-company").exists()
    assert not (site / "guides").exists()
    assert not (site / "selector").exists()
    # The theme came with the plugin: the stylesheet and scripts are in the built site.
    assert (site / "stylesheets" / "extra.css").is_file()
    assert 'href="../../stylesheets/extra.css"' in (site / "roles" / "cashier" / "index.html").read_text(encoding="utf-8")
    assert f"{COMPANY} 内部资料" in home  # its own footer, not the public library's
    # Edited in the company's repository: no page sends a reader to edit the public library.
    assert [p.name for p in site.rglob("*.html") if "github.com/orgtemplates" in p.read_text(encoding="utf-8")] == []
    # Every office export of its chart, and each post's downloads.
    office = sorted(p.name for p in (site / "downloads" / "orgs").iterdir())
    for suffix in ("-handbook.docx", ".png", ".pdf", ".pptx", "-staffing.xlsx", "-office.zip", ".docx", ".svg", ".drawio"):
        assert f"{TEMPLATE}{suffix}" in office
    assert (site / "downloads" / "roles" / f"{RENAMED[0]}.docx").is_file()


def test_the_handbook_shows_the_changed_chart(company: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    import docx

    here, _untouched = company
    code, _out, err = _run("export", "--root", str(here), "--format", "handbook", "--out", str(tmp_path), TEMPLATE, capsys=capsys)
    assert code == 0, err
    path = tmp_path / f"{TEMPLATE}-handbook.docx"
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert COMPANY in text
    assert ADDED["title"] in text
    posts = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert f"{RENAMED[2]}岗位说明书" in posts
    assert f"{RENAMED[1]}岗位说明书" not in posts
    assert f"{REMOVED[1]}岗位说明书" not in posts  # the post below the removed unit is no longer in the chart
    # The chart picture itself (SVG, with its PNG fallback) is drawn from the changed chart.
    with zipfile.ZipFile(path) as package:
        [svg] = [package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".svg")]
    assert ADDED["title"] in svg and RENAMED[2] in svg
    assert REMOVED[0] not in svg


def test_one_adapter_behind_the_plugin_and_the_repository_hook() -> None:
    """The plugin and scripts/mkdocs_hooks.py hand every event to orgkit.mkdocs_adapter, priorities included."""
    import importlib.util

    from mkdocs.plugins import BasePlugin

    from orgkit import mkdocs_adapter
    from orgkit.mkdocs_plugin import OrgkitPlugin

    spec = importlib.util.spec_from_file_location("site_hooks", Path("scripts/mkdocs_hooks.py"))
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    assert mkdocs_adapter.__all__
    for name in mkdocs_adapter.__all__:
        event = getattr(mkdocs_adapter, name)
        assert getattr(hooks, name) is event
        method = getattr(OrgkitPlugin, name)
        assert method is not getattr(BasePlugin, name, None), name
        assert getattr(method, "mkdocs_priority", 0) == getattr(event, "mkdocs_priority", 0), name
    assert sorted(n for n in dir(hooks) if n.startswith("on_")) == sorted(mkdocs_adapter.__all__)


def test_serve_runs_mkdocs_on_the_folder_and_refuses_one_without_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from orgkit.serve import command

    assert command(Path("xinghe"), "127.0.0.1:9000")[1:] == ["-m", "mkdocs", "serve", "--strict", "-f", "xinghe/mkdocs.yml", "-a", "127.0.0.1:9000"]
    code, _out, err = _run("serve", str(tmp_path), capsys=capsys)
    assert code == 2
    assert "没有 mkdocs.yml" in err
