"""``orgkit suggest PROFILE.yaml``: rank every structure type for a company profile.

    orgkit suggest profile.yaml              # ranked list with reasons and example templates
    orgkit suggest profile.yaml --format json

A bad profile is the user's input, not a library problem: it exits 2 with every problem
found, each as ``path:line:col: CODE 说明`` naming the field, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from orgkit import selector
from orgkit.check import check_library, unknown_term
from orgkit.cli import DEFAULT_ROOT, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from orgkit.load import Library, display_path, field_name, schema_problems
from orgkit.model import Profile
from orgkit.problems import Problem, problem
from orgkit.yamlsrc import read


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "suggest",
        help="根据企业画像推荐组织结构类型",
        description="读取企业画像（YAML：employees、stage、industry、businesses、markets、work，可选 sites、companies、environment），"
        "按 selection.yaml 中的规则给每种结构类型打分排序，并列出理由和示例模板。",
    )
    parser.add_argument("profile", type=Path, metavar="PROFILE.yaml", help="企业画像文件")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="库目录（默认 orgtemplates/）")
    parser.set_defaults(run=run_suggest)


def load_profile(path: Path, library: Library) -> tuple[Profile | None, list[Problem]]:
    """The profile, or the problems that stop it being read (warnings such as Y011 are dropped)."""
    display = display_path(path)
    if not path.is_file():
        return None, [problem("Y001", display, 1, 1, detail="文件不存在或不是普通文件")]
    doc, problems = read(path, display)
    problems = [p for p in problems if p.severity == "error"]
    if doc.data is None or problems:
        return None, problems
    try:
        profile = Profile.model_validate(doc.data)
    except ValidationError as exc:
        return None, schema_problems(exc, Profile, doc)
    for name, vocab_name in (("stage", "stages"), ("industry", "industries")):
        found = unknown_term(library, doc, (name,), getattr(profile, name), vocab_name, field_name(Profile, (name,)))
        if found:
            problems.append(found)
    return (None, problems) if problems else (profile, [])


def run_suggest(args: argparse.Namespace) -> int:
    if not args.root.is_dir():
        print(f"orgkit: 库目录不存在：{args.root}", file=sys.stderr)
        return EXIT_USAGE
    library, lib_problems = check_library(args.root)
    errors = [p for p in lib_problems if p.severity == "error"]
    if errors or library.selection is None:
        why = "库中没有 selection.yaml（结构选择规则）" if not errors else f"库有 {len(errors)} 个错误，先运行 orgkit check 修正"
        print(f"orgkit: 无法推荐：{why}", file=sys.stderr)
        return EXIT_PROBLEMS
    profile, problems = load_profile(args.profile, library)
    if profile is None:
        for p in problems:
            print(p.as_text(), file=sys.stderr)
        print(f"orgkit: 企业画像 {display_path(args.profile)} 有 {len(problems)} 个问题，未能推荐", file=sys.stderr)
        return EXIT_USAGE
    ranked = selector.rank(library, profile)
    if args.format == "json":
        print(json.dumps({"ranked": [r.as_json() for r in ranked]}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(selector.as_text(library, ranked))
    return EXIT_OK
