"""Helpers shared by the test modules: the CI flag, required tools, throwaway MkDocs projects and builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITE_FIXTURE = REPO / "tests" / "fixtures" / "site"
MKDOCS = Path(sys.executable).with_name("mkdocs")
COUNTS_TOKEN = "<!-- orgkit:counts -->"


def in_ci() -> bool:
    """``CI`` read as a boolean: ``true``/``1``/``yes`` (any case) turn it on; ``false``, ``0`` or empty do not."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_tool(found: str | None, what: str, install: str) -> str:
    """``found`` (a tool's path), or skip loudly without it; under CI a missing tool fails the test."""
    if found:
        return found
    message = f"缺少 {what}"
    if in_ci():
        pytest.fail(f"{message}：CI 中必须运行此测试（{install}）", pytrace=False)
    print(f"NOTICE: {message}; {install}")
    pytest.skip(f"{message}（安装：{install}）")


def make_project(tmp_path: Path, library_src: Path, *, name: str = "project") -> Path:
    """A throwaway MkDocs project: the real mkdocs.yml and code, a copy of a library, a tiny docs/."""
    project = tmp_path / name
    (project / "docs").mkdir(parents=True)
    (project / "scripts").symlink_to(REPO / "scripts")
    # No theme files: the hook adds orgkit's packaged theme (partials, CSS, JS).
    shutil.copytree(library_src, project / "orgtemplates")
    (project / "docs" / "index.md").write_text(f"# 首页\n\n{COUNTS_TOKEN}\n", encoding="utf-8")
    # Generated pages link to this guide; without it a strict build fails on a missing link.
    (project / "docs" / "guides").mkdir()
    (project / "docs" / "guides" / "choose-structure.md").write_text("# 如何选择组织结构\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\n"
        "nav:\n"
        "  - 首页: index.md\n"
        "  - 结构类型: structures/index.md\n"
        "  - 组织架构模板: orgs/index.md\n"
        "  - 岗位说明书: roles/index.md\n"
        "  - 分类浏览: browse/index.md\n"
        "  - 参考: [reference/index.md, reference/fields.md, reference/rules.md, reference/api.md]\n"
        "  - 数据下载: data/index.md\n",
        encoding="utf-8",
    )
    return project


def real_project(tmp_path: Path) -> Path:
    """The real site (docs/, library, mkdocs.yml) in a throwaway folder."""
    project = tmp_path / "real-project"
    project.mkdir()
    (project / "scripts").symlink_to(REPO / "scripts")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "orgtemplates", project / "orgtemplates")
    (project / "mkdocs.yml").write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\n", encoding="utf-8")
    return project


def mkdocs_build(project: Path, site_dir: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` at the default log level (never ``-q``: it would hide the warnings strict mode counts)."""
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-d", str(site_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def warnings_in(output: str) -> list[str]:
    """The lines MkDocs logs at WARNING or above."""
    return [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def assert_clean_build(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0 and not one warning in the log."""
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert warnings_in(output) == [], output


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``: relative path → bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def tree_differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """What differs between two trees, short enough to read in a failure message."""
    out = [f"只在前者：{k}" for k in sorted(a.keys() - b.keys())] + [f"只在后者：{k}" for k in sorted(b.keys() - a.keys())]
    out += [f"内容不同：{k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return out[:40]


#: Set to 1 to rewrite the golden files; such a run always fails, so it can never pass for a check.
UPDATE_GOLDEN = "ORGKIT_UPDATE_GOLDEN"


def assert_golden(path: Path, actual: str) -> None:
    """``actual`` equals the golden file; with ``ORGKIT_UPDATE_GOLDEN=1`` write it instead, and fail."""
    where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    if os.environ.get(UPDATE_GOLDEN) == "1":
        before = path.read_text(encoding="utf-8") if path.is_file() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        state = "新建" if before is None else ("未变" if before == actual else "已改写")
        pytest.fail(
            f"{where}：{state}。更新黄金文件的运行总是失败：请用 git diff {where} 逐行检查改动，确认无误后不带 {UPDATE_GOLDEN} 重新运行测试。",
            pytrace=False,
        )
    assert path.is_file(), f"{where} 不存在；运行 {UPDATE_GOLDEN}=1 .venv/bin/python -m pytest <测试文件> 生成它，再用 git diff 检查"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"输出与黄金文件 {where} 不同；若改动是有意的，运行 {UPDATE_GOLDEN}=1 .venv/bin/python -m pytest <测试文件>，再用 git diff 检查"


def to_pdf(soffice: str, folder: Path, names: list[str]) -> None:
    """Convert office files in ``folder`` to PDF with LibreOffice, as a person opening them would see them."""
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo-profile", "--convert-to", "pdf", "--outdir", str(folder), *names],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=300,
    )
