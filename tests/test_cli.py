"""The command line as contributors and CI meet it: exit codes, formats, hostile files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from orgkit.cli import main
from orgkit.problems import Problem
from orgkit.report import github_line

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orgkit", *args], capture_output=True, text=True, timeout=120)


def test_valid_library_exits_zero() -> None:
    result = run("check", str(VALID))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "没有发现问题" in result.stderr


def test_errors_exit_one_with_path_line_col_code() -> None:
    result = run("check", "--root", str(VALID), str(INVALID / "S101"))
    assert result.returncode == 1
    assert result.stdout.strip() == "tests/fixtures/invalid/S101/roles/s101.yaml:3:1: S101 缺少必填字段 summary（岗位概述）"


def test_warnings_alone_exit_zero() -> None:
    result = run("check", "--root", str(VALID), str(INVALID / "C305"))
    assert result.returncode == 0
    assert ": C305 [警告] " in result.stdout


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/path"]) == 2
    assert "路径不存在" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml"])
    assert exc.value.code == 2


def test_github_format_exact_syntax() -> None:
    p = Problem("orgtemplates/roles/a,b.yaml", 7, 3, "C305", "用了半角标点“,”\n第二行 100%", "warning")
    assert github_line(p) == (
        "::warning file=orgtemplates/roles/a%2Cb.yaml,line=7,col=3,title=C305::C305 用了半角标点“,”%0A第二行 100%25"
    )
    result = run("check", "--format", "github", "--root", str(VALID), str(INVALID / "Y002"))
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=tests/fixtures/invalid/Y002/roles/y002.yaml,line=7,col=1,title=Y002::Y002 ")


def test_json_format() -> None:
    result = run("check", "--format", "json", "--root", str(VALID), str(INVALID / "R203"))
    rows = json.loads(result.stdout)
    assert [(r["code"], r["line"], r["severity"]) for r in rows] == [("R203", 19, "error")]


def test_every_fixture_at_once_sorted_and_no_traceback() -> None:
    result = run("check", "--root", str(VALID), str(INVALID))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    keys = [(line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines]
    assert keys == sorted(keys)
    codes = {line.split(": ", 1)[1].split()[0] for line in lines}
    assert {"Y001", "Y004", "Y008", "S101", "C301"} <= codes


HOSTILE = {
    "alias-bomb": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    "self-alias": "a: &a\n  b: *a\n",
    "deep-flow": "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(200)),
    "python-tag": "a: !!python/object/new:os.system [echo pwned]\n",
    "custom-tag": "a: !secret 1\n",
    "control-chars": "a: \x00\x01\x02\n",
    "binary": "\x89PNG\r\n\x1a\n\x00\x00",
    "top-scalar": "just text\n",
    "complex-key": "? [a, b]\n: 1\n",
    "empty": "",
    "only-comment": "# nothing\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_exit_one_and_a_located_message(tmp_path: Path, name: str) -> None:
    roles = tmp_path / "roles"
    roles.mkdir()
    target = roles / f"{name}.yaml"
    target.write_bytes(HOSTILE[name].encode("utf-8", "surrogatepass"))
    result = run("check", "--root", str(VALID), str(target))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{target.as_posix()}:") or first.startswith(f"{target.name}")
    assert first.split(":")[1].isdigit()


def test_gbk_file_message_says_so() -> None:
    result = run("check", "--root", str(VALID), str(INVALID / "Y004"))
    assert result.returncode == 1, result.stdout + result.stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith("tests/fixtures/invalid/Y004/roles/y004.yaml:4:8: Y004 文件不是 UTF-8 编码，看起来是 GBK/GB2312"), line
