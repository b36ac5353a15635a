"""``orgkit init DIR --from ORG_ID [--name 公司名称]``: a company's own library, started from a template.

The new folder is self-contained: the template's chart, every post it uses, its structure
type and the vocabularies under ``orgtemplates/``; the JSON Schemas for editors; a
``mkdocs.yml`` whose pages and theme come from the installed orgkit (the ``orgkit`` MkDocs
plugin); a README and Makefile with its own two commands; a ``.gitignore``; and a CI
workflow that runs ``orgkit check`` on pull requests. References to posts that the chart
does not use (a promotion path, a supervised post elsewhere in the public library) are
dropped, so the copy checks clean and its site has no page of the public library it did
not copy.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from orgkit import __version__
from orgkit.check import check_library
from orgkit.cli import DEFAULT_ROOT, EXIT_OK, UsageError
from orgkit.load import Library, display_path
from orgkit.model import VOCAB_FILE, Org, roles_used
from orgkit.project import LIBRARY_DIR
from orgkit.schema import write_schemas

#: Where the company library installs orgkit from (the public repository; orgkit is not on PyPI).
ORGKIT_REQUIREMENT = "orgkit @ git+https://github.com/orgtemplates/orgtemplates@main"

#: Template file in ``orgkit/templates/company/`` → its place in the new library.
FILES: dict[str, str] = {
    "README.md": "README.md",
    "Makefile": "Makefile",
    "requirements.txt": "requirements.txt",
    "mkdocs.yml": "mkdocs.yml",
    "gitignore.txt": ".gitignore",
    "check.yml": ".github/workflows/check.yml",
}

#: Role fields that name other roles; entries outside the copy are dropped.
_ROLE_REFERENCES = (("relations", "supervises"), ("career", "promotion"), ("career", "rotation"))


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "init",
        help="从一个组织架构模板新建公司自己的库（组织图、岗位说明书、网站和 CI）",
        description="在空目录 DIR 中新建一个独立的库：复制模板的组织图、用到的全部岗位说明书、结构类型和词表，"
        "并生成网站设置、README、Makefile、.gitignore 和拉取请求检查。",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="新库的目录（不存在或为空）")
    parser.add_argument("--from", dest="org", required=True, metavar="ORG_ID", help="组织架构模板的 id，如 small-trading-company")
    parser.add_argument("--name", metavar="公司名称", help="公司名称，用作组织架构名称和网站名称")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="从哪个库复制（默认 orgtemplates/）")
    parser.set_defaults(run=run_init)


@dataclass(frozen=True)
class Plan:
    """What goes into the new library."""

    org: Org
    roles: tuple[str, ...]
    company: str
    site_name: str
    structure_title: str


def plan(library: Library, org_id: str, name: str | None) -> Plan:
    org = library.orgs[org_id]
    company = (name or "").strip() or org.title
    site_name = f"{company}组织手册"
    roles = tuple(sorted(r for r in roles_used(org) if r in library.roles))
    return Plan(org, roles, company, site_name, library.structures[org.structure].title)


# ---------------------------------------------------------------------------
# Writing entries


def _dump(data: dict[str, Any], schema: str, depth: int) -> str:
    """YAML as contributors write it (keys in their order, Chinese unescaped), with the schema line editors read."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return f"# yaml-language-server: $schema={'../' * depth}schema/{schema}.schema.json\n{text}"


#: libyaml's loader where it is installed (about ten times faster), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a safe loader either way


def _read(path: Path) -> dict[str, Any]:
    data = _load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path  # check_library passed: every entry is a mapping
    return data


def _dangling(library: Library, role_id: str, kept: set[str]) -> bool:
    role = library.roles[role_id]
    named = [*role.relations.supervises, *role.career.promotion, *role.career.rotation, *filter(None, [role.relations.reports_to])]
    return any(r not in kept for r in named)


def _copy_role(library: Library, role_id: str, kept: set[str], out: Path) -> None:
    source = library.docs[role_id].path
    if not _dangling(library, role_id, kept):  # the common case: the file as it is, comments and all
        shutil.copyfile(source, out / "roles" / source.name)
        return
    data = _read(source)
    changed = False
    for section, key in _ROLE_REFERENCES:
        values = data.get(section, {}).get(key)
        if values:
            inside = [v for v in values if v in kept]
            if inside != values:
                changed = True
                if inside:
                    data[section][key] = inside
                else:
                    del data[section][key]
                    if not data[section]:
                        del data[section]
    reports_to = data.get("relations", {}).get("reports_to")
    if reports_to and reports_to not in kept:  # cannot happen when R211 holds, but never leave a dangling id
        del data["relations"]["reports_to"]
        changed = True
    assert changed
    (out / "roles" / source.name).write_text(_edit_role_lists(source.read_text(encoding="utf-8"), data), encoding="utf-8")


def _edit_role_lists(text: str, data: dict[str, Any]) -> str:
    """Shorten the flow lists ``  promotion: [a, b]`` in place as ``data`` says, keeping the rest of the file as written.

    Falls back to writing the entry afresh when the file is laid out otherwise.
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    section: str | None = None
    for line in lines:
        top = re.match(r"^([A-Za-z_]+):", line)
        if top:
            section = top.group(1)
        item = re.match(r"^  ([A-Za-z_]+): \[.*\]\s*$", line)
        if item and (section, item.group(1)) in _ROLE_REFERENCES:
            values = data.get(section or "", {}).get(item.group(1))
            if values:
                line = f"  {item.group(1)}: [{', '.join(values)}]\n"
            else:
                continue
        out.append(line)
    # A section left with no keys at all goes too (its data entry was removed).
    kept = [ln for i, ln in enumerate(out) if not (re.match(r"^[A-Za-z_]+:\s*$", ln) and (i + 1 >= len(out) or not out[i + 1].startswith(" ")))]
    edited = "".join(kept)
    return edited if _load(edited) == data else _dump(data, "role", 2)


def _scalar(text: str) -> str:
    """``text`` as a one-line YAML scalar: plain where YAML allows it, quoted where not."""
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n").removesuffix("\n...").strip()


def _edit_top_level(text: str, data: dict[str, Any], schema: str) -> str:
    """Apply ``data``'s top-level changes to the file's own text, keeping its layout and comments.

    Only whole top-level keys are set or removed; when the edited text does not read back as
    ``data`` (an unusual layout), the entry is written afresh instead.
    """
    lines = text.splitlines(keepends=True)
    original = _load(text)
    out: list[str] = []
    skipping = False
    for line in lines:
        key = re.match(r"^([A-Za-z_]+):", line)
        if key:
            skipping = False
            name = key.group(1)
            if name not in data:
                skipping = True
                continue
            if data[name] != original.get(name) and isinstance(data[name], str):
                out.append(f"{name}: {_scalar(data[name])}\n")
                skipping = True  # drop the old value's continuation lines, if any
                continue
        elif skipping and (line.startswith((" ", "-", "\t")) or not line.strip()):
            continue
        else:
            skipping = False
        out.append(line)
    for name, value in data.items():
        if name not in original:
            out.append(f"{name}: {_scalar(value)}\n")
    edited = "".join(out)
    return edited if _load(edited) == data else _dump(data, schema, 2)


def _copy_org(library: Library, the_plan: Plan, named: bool, out: Path) -> None:
    source = library.docs[the_plan.org.id].path
    text = source.read_text(encoding="utf-8")
    if named:
        data = _read(source)
        data["title"] = the_plan.company
        text = _edit_top_level(text, data, "org")
    (out / "orgs" / source.name).write_text(text, encoding="utf-8")


def _copy_structure(library: Library, org: Org, out: Path) -> None:
    source = library.docs[org.structure].path
    data = _read(source)
    data["example"] = org.id  # the company's own chart is the example now
    data.pop("related", None)  # other structure types are not copied
    data.pop("guides", None)  # guides are pages of the public site
    text = _edit_top_level(source.read_text(encoding="utf-8"), data, "structure")
    (out / "structures" / source.name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------
# Project files


def _yaml_scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _fill(text: str, the_plan: Plan, template_title: str) -> str:
    values = {
        "company": the_plan.company,
        "description_yaml": _yaml_scalar(f"{the_plan.company}的组织架构图、部门职责和岗位说明书。"),
        "copyright_yaml": _yaml_scalar(f"{the_plan.company} 内部资料"),
        "site_name": the_plan.site_name,
        "site_name_yaml": _yaml_scalar(the_plan.site_name),
        "org_id": the_plan.org.id,
        "template_title": template_title,
        "orgkit_requirement": ORGKIT_REQUIREMENT,
        "version": __version__,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)


def home_page(the_plan: Plan) -> str:
    """docs/index.md: a plain home page the company edits as it likes."""
    org = the_plan.org
    return (
        f"# {html.escape(the_plan.site_name)}\n\n"
        f"{html.escape(the_plan.company)}的组织架构图、部门职责和岗位说明书。"
        f"共 {len(the_plan.roles)} 个岗位，每个岗位说明书都可以下载为 Word、Markdown 或纯文本。\n\n"
        f"- [组织架构图与部门职责](orgs/{org.id}.md)\n"
        "- [岗位说明书](roles/index.md)\n"
        "- [按岗位族和层级浏览](browse/index.md)\n"
        f"- [组织结构类型：{the_plan.structure_title}](structures/{org.structure}.md)\n\n"
        "本页是 `docs/index.md`，可以自由修改；其他页面由 `orgtemplates/` 中的文件生成。\n"
    )


def write_library(library: Library, the_plan: Plan, out: Path, *, named: bool) -> None:
    """Write the new library into ``out`` (which exists and is empty)."""
    lib = out / LIBRARY_DIR
    for folder in ("orgs", "roles", "structures"):
        (lib / folder).mkdir(parents=True)
    assert library.vocab_doc is not None
    shutil.copyfile(library.vocab_doc.path, lib / VOCAB_FILE)
    _copy_org(library, the_plan, named, lib)
    kept = set(the_plan.roles)
    for role_id in the_plan.roles:
        _copy_role(library, role_id, kept, lib)
    _copy_structure(library, the_plan.org, lib)
    write_schemas(out / "schema")
    templates = resources.files("orgkit").joinpath("templates", "company")
    for name, dest in FILES.items():
        target = out / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(templates.joinpath(name).read_text(encoding="utf-8"), the_plan, the_plan.org.title), encoding="utf-8")
    (out / "docs").mkdir()
    (out / "docs" / "index.md").write_text(home_page(the_plan), encoding="utf-8")


# ---------------------------------------------------------------------------


def run_init(args: argparse.Namespace) -> int:
    out: Path = args.dir
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} 已存在且不是空目录；orgkit init 只在新目录或空目录中创建库，不会覆盖已有文件")
    if not args.root.is_dir():
        raise UsageError(f"库目录不存在：{args.root}（用 --root 指定公开模板库的 orgtemplates/ 目录）")
    library, problems = check_library(args.root)
    if args.org not in library.orgs:
        guess = difflib.get_close_matches(args.org, list(library.orgs), n=1, cutoff=0.6)
        hint = f"（是否想写 {guess[0]}？）" if guess else ""
        raise UsageError(f"找不到组织架构模板 {args.org}{hint}；模板 id 就是 {display_path(args.root)}/orgs/ 下的文件名（不含 .yaml）")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise UsageError(f"源库有 {len(errors)} 个错误，无法复制（运行 orgkit check --root {display_path(args.root)} 查看）")
    the_plan = plan(library, args.org, args.name)
    out.mkdir(parents=True, exist_ok=True)
    write_library(library, the_plan, out, named=bool(args.name))
    where = display_path(out)
    print(
        f"已在 {where}/ 新建“{the_plan.site_name}”：组织架构模板 {args.org}、{len(the_plan.roles)} 个岗位说明书。\n"
        f"下一步：cd {where} && git init && make serve（预览网站）；提交前运行 make test。",
        file=sys.stderr,
    )
    return EXIT_OK
