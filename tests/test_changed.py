"""``orgkit check --changed`` against a throwaway git repository.

The repository holds the small valid fixture library on ``main``; each test makes a
branch, changes something, and asserts exactly which problems are reported.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orgkit.changed import changed_files, collect

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"

#: No user config, hooks or signing from the machine running the tests.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the valid library committed on main and a feature branch checked out."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    root = tmp_path / "repo"
    shutil.copytree(VALID, root / "orgtemplates")
    (root / "README.md").write_text("说明\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "library")
    git(root, "checkout", "--quiet", "-b", "feature")
    monkeypatch.chdir(root)
    return root


def check_changed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orgkit", "check", *args], capture_output=True, text=True, timeout=120)


def codes(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """(path, code) of every reported problem."""
    out = []
    for line in result.stdout.splitlines():
        path, _line, _col, rest = line.split(":", 3)
        out.append((path, rest.split()[0]))
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_committed_uncommitted_and_untracked_files_are_all_found(repo: Path) -> None:
    lib = repo / "orgtemplates"
    edit(lib / "roles/fx-clerk.yaml", "title: 测试专员", "title: 测试专员甲")
    git(repo, "commit", "--quiet", "-am", "committed change")
    edit(lib / "roles/fx-manager.yaml", "title: 测试部门经理", "title: 测试部门经理乙")  # unstaged
    shutil.copy(lib / "structures/fx-line.yaml", lib / "structures/fx-staged.yaml")
    git(repo, "add", "orgtemplates/structures/fx-staged.yaml")  # staged
    (lib / "orgs/new-org.yaml").write_text("id: new-org\n", encoding="utf-8")  # untracked
    (lib / "notes.txt").write_text("不是 YAML\n", encoding="utf-8")
    (repo / "README.md").write_text("库外的改动\n", encoding="utf-8")

    found = changed_files("main", Path("orgtemplates"))

    assert [p.as_posix() for p in found] == [
        "orgtemplates/orgs/new-org.yaml",
        "orgtemplates/roles/fx-clerk.yaml",
        "orgtemplates/roles/fx-manager.yaml",
        "orgtemplates/structures/fx-staged.yaml",
    ]


def test_only_problems_on_changed_files_are_reported(repo: Path) -> None:
    lib = repo / "orgtemplates"
    # A warning already on main stays out of a branch that does not touch the file.
    edit(lib / "roles/fx-manager.yaml", "summary: 负责测试部门的计划、人员和结果。", "summary: 负责测试部门的计划,人员和结果。")
    git(repo, "commit", "--quiet", "-am", "warning on main")
    git(repo, "branch", "--quiet", "-f", "main", "HEAD")
    edit(lib / "roles/fx-clerk.yaml", "level: staff", "level: nobody")

    result = check_changed("--changed", "main")

    assert result.returncode == 1, result.stderr
    assert codes(result) == [("orgtemplates/roles/fx-clerk.yaml", "S104")]
    assert "与 main 相比改动了 1 个库文件" in result.stderr
    assert "检查了 1 个文件" in result.stderr
    # Without --changed the warning on the untouched file is there.
    assert ("orgtemplates/roles/fx-manager.yaml", "C305") in codes(check_changed())


def test_clean_branch_reports_nothing(repo: Path) -> None:
    result = check_changed("--changed=main")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "检查了 0 个文件，没有发现问题" in result.stderr


def test_removed_id_breaks_references_in_unchanged_files(repo: Path) -> None:
    git(repo, "rm", "--quiet", "orgtemplates/roles/fx-clerk.yaml")
    git(repo, "commit", "--quiet", "-m", "remove the clerk")

    result = check_changed("--changed", "main")

    assert result.returncode == 1
    # fx-manager supervises fx-clerk and fx-company's chart names it: both untouched, both shown.
    assert codes(result) == [("orgtemplates/orgs/fx-company.yaml", "R203"), ("orgtemplates/roles/fx-manager.yaml", "R203")]


def test_renamed_file_breaks_references_but_unrelated_problems_stay_hidden(repo: Path) -> None:
    lib = repo / "orgtemplates"
    edit(lib / "structures/fx-line.yaml", "title: 测试直线制", "title: 测试直线制(旧)")  # an unrelated warning
    git(repo, "commit", "--quiet", "-am", "warning on main")
    git(repo, "branch", "--quiet", "-f", "main", "HEAD")
    git(repo, "mv", "orgtemplates/roles/fx-manager.yaml", "orgtemplates/roles/fx-head.yaml")
    edit(lib / "roles/fx-head.yaml", "id: fx-manager", "id: fx-head")

    result = check_changed("--changed")  # no origin/main here: falls back to main

    # The chart and the clerk's reports_to still name fx-manager; fx-line's warning is not shown.
    assert codes(result) == [("orgtemplates/orgs/fx-company.yaml", "R203"), ("orgtemplates/roles/fx-clerk.yaml", "R203")]
    changes = collect(None, Path("orgtemplates"))
    assert changes.base == "main"
    assert changes.removed == {"fx-manager"}


def test_duplicate_id_in_a_new_file_is_reported_even_when_it_lands_on_the_old_file(repo: Path) -> None:
    lib = repo / "orgtemplates"
    # orgs/ sorts before roles/, so the checker reports R201 on the untouched role file.
    shutil.copy(lib / "orgs/fx-company.yaml", lib / "orgs/fx-clerk.yaml")
    edit(lib / "orgs/fx-clerk.yaml", "id: fx-company", "id: fx-clerk")

    result = check_changed("--changed", "main")

    # The role lost its id to the new org, so references to the role break too: all shown.
    assert codes(result) == [
        ("orgtemplates/orgs/fx-clerk.yaml", "R203"),
        ("orgtemplates/orgs/fx-company.yaml", "R203"),
        ("orgtemplates/roles/fx-clerk.yaml", "R201"),
        ("orgtemplates/roles/fx-manager.yaml", "R203"),
    ]


def test_near_duplicate_of_an_unchanged_role_is_reported_on_the_changed_file(repo: Path) -> None:
    lib = repo / "orgtemplates"
    shutil.copy(lib / "roles/fx-clerk.yaml", lib / "roles/fx-copy.yaml")
    edit(lib / "roles/fx-copy.yaml", "id: fx-clerk", "id: fx-copy")
    edit(lib / "roles/fx-copy.yaml", "title: ", "title: 复制的")

    result = check_changed("--changed", "main")

    assert result.returncode == 0  # a warning, not an error
    assert codes(result) == [("orgtemplates/roles/fx-copy.yaml", "C306")]
    assert "fx-clerk.yaml" in result.stdout


def test_vocab_change_reports_the_whole_library(repo: Path) -> None:
    edit(repo / "orgtemplates/vocab.yaml", "  - id: staff\n", "  - id: worker\n")

    result = check_changed("--changed", "main")

    assert result.returncode == 1
    assert codes(result) == [("orgtemplates/roles/fx-clerk.yaml", "S104")]
    assert "vocab.yaml 有改动" in result.stderr


def test_github_format_with_changed(repo: Path) -> None:
    edit(repo / "orgtemplates/roles/fx-clerk.yaml", "level: staff", "level: nobody")
    result = check_changed("--changed", "main", "--format", "github")
    assert result.stdout.startswith("::error file=orgtemplates/roles/fx-clerk.yaml,line=5,col=8,title=S104::S104 ")


def test_unknown_base_is_a_usage_error(repo: Path) -> None:
    result = check_changed("--changed", "no-such-branch")
    assert result.returncode == 2
    assert "找不到比较基准 no-such-branch" in result.stderr
    assert "Traceback" not in result.stderr


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(VALID, tmp_path / "lib")
    result = check_changed("--changed", "--root", str(tmp_path / "lib"))
    assert result.returncode == 2
    assert "不在 git 仓库中" in result.stderr


def test_paths_and_changed_together_are_refused(repo: Path) -> None:
    result = check_changed("orgtemplates/roles", "--changed=main")
    assert result.returncode == 2
    assert "不能同时使用" in result.stderr
