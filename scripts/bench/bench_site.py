"""Site build benchmark: the real site grown to 2,000 roles against bare Material sites of the same roles.

Three builds on the same machine:

* **site** — the real mkdocs.yml, docs/ and library, with roles copied under new ids
  up to 2,000: every page (roles, orgs, structures, browse and reference pages, the
  API reference) and every download (Word, Markdown, text and YAML files, the
  all-roles zip) is built, after the library check;
* **spec** (the baseline the target is judged against) — Material with no hook and
  no plugin but search, 2,000 pages: each role's 岗位说明书 as a Markdown document,
  the one its page offers for download (title, nine numbered sections, their tables
  and lists: the same text, written as a person would write it by hand). It is what
  the role specifications cost Material; the ratio is then what orgkit adds: the
  check, the generated pages beyond the roles, the downloads, the charts;
* **text** (printed for reference) — the same, but each page holds the role's words
  as plain paragraphs under its title: no sections, tables or lists. The ratio
  against it also charges orgkit with the cost of the spec's own structure (headings,
  tables of contents, tables), which any Material site of these specs pays.

Both baselines use the site's theme, features (``navigation.prune`` …), partial
overrides, search settings (jieba included) and Markdown extensions, and a nav of
sections of 50 pages.

The builds alternate (text, spec, site; … ; text, spec), each into an empty output
folder as on a fresh clone or in CI. Each build is one single-threaded process, so
the ratio is taken on its CPU time (user + system). Each site build is divided by
the mean of the baseline builds just before and after it, and the median of those
ratios counts: on this shared VM even the CPU time of one and the same build swings
by tens of percent within minutes, so a build is only compared with its neighbours
in time (the wall times are printed too). Prints the phases of every build, both
ratios, the judged one's target (≤ 1.5) and the largest role page (target ≤ 100 KB).
Exits 1 when a target is missed. Every build is ``--strict`` at the normal log
level and must log no warning.

It also shows what the build's one speed-up buys: the CPU time to convert every
generated role page with the site's Markdown setup with and without
``orgkit.markdown_blocks`` (and checks the HTML is the same, up to whitespace between tags).

    .venv/bin/python scripts/bench/bench_site.py [--roles 2000] [--rounds 3] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from markdown import Markdown
from mkdocs.config import load_config
from mkdocs.utils import meta

from orgkit.check import check_library
from orgkit.load import Library
from orgkit.render.text import role_markdown
from orgkit.site import build_pages

REPO = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).with_name("mkdocs")
RATIO_TARGET = 1.5
PAGE_TARGET = 100 * 1024
SECTION = 50

#: A hook appended to both builds: prints where the time goes (config, files, Markdown, pages).
TIMING_HOOK = """\
import sys, time
from mkdocs.plugins import event_priority
T = {"开始": time.perf_counter()}
@event_priority(-200)
def on_config(config, **kwargs):
    T["配置（含库检查）"] = time.perf_counter()
@event_priority(-200)
def on_files(files, config, **kwargs):
    T["生成页面与文件"] = time.perf_counter()
def on_env(env, **kwargs):
    T["Markdown 转换"] = time.perf_counter()
@event_priority(-200)
def on_post_build(config, **kwargs):
    T["模板、搜索与写文件"] = time.perf_counter()
    prev = T["开始"]
    for name, at in list(T.items())[1:]:
        print(f"PHASE {name} {at - prev:.1f}", file=sys.stderr)
        prev = at
"""

#: The bare site: the real mkdocs.yml's theme, search settings and Markdown extensions,
#: without the hook, mkdocstrings, the extra CSS/JS, and with its own nav.
BARE_OVERRIDES = """\
site_name: 基准
theme:
  custom_dir: overrides
hooks: []
watch: []
extra_css: []
extra_javascript: []
plugins:
  - search:
      separator: '[\\s\\u200b\\u3000\\-、。，．？！；]+|(?<=[\\u4e00-\\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\\u4e00-\\u9fff])'
"""


def _role_texts(role: dict[str, Any]) -> list[str]:
    """Every text a reader sees on a role page, as plain paragraphs: same words, no structure.

    Includes the 工作条件 (environment, hours, travel) and the general 直接上级 statement; the
    per-template reporting table and the 职业发展 links name other posts, so they are left out.
    """
    duties = [d if isinstance(d, str) else d["text"] for d in role["duties"]]
    req = role["requirements"]
    rel = role.get("relations", {})
    names = [role.get("title_en") or "", "、".join(role.get("aliases", []))]
    requirements = [req["education"], req["experience"], *req.get("skills", []), *req.get("qualities", []), *req.get("certificates", [])]
    relations = [rel.get("reports_to_note") or "", "、".join(rel.get("internal", [])), "、".join(rel.get("external", []))]
    cond = role.get("conditions", {})
    hours = {"standard": "标准工时制", "comprehensive": "综合计算工时制", "flexible": "不定时工作制"}.get(cond.get("hours", ""), "")
    conditions = [cond.get("environment", ""), hours, cond.get("travel", ""), cond.get("note") or ""]
    texts = [*names, role["summary"], *duties, *requirements, *role.get("kpis", []), *relations, *conditions]
    return [t for t in [*texts, *role.get("authority", []), *role.get("sources", [])] if t]


def grow_roles(roles_dir: Path, total: int) -> list[dict[str, Any]]:
    """Copy real roles under new ids until there are ``total``; return every role's data."""
    originals = sorted(roles_dir.glob("*.yaml"))
    data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in originals]
    out = list(data)
    header = "# yaml-language-server: $schema=../../schema/role.schema.json\n"
    i = 0
    while len(out) < total:
        src = data[i % len(data)]
        role = dict(src)
        role["id"] = f"{src['id']}-b{i:04d}"
        role["title"] = f"{src['title']}（{i + 1}）"
        # Own aliases too: shared ones would raise thousands of C308 name-clash warnings, work the real library never does.
        if "aliases" in src:
            role["aliases"] = [f"{a}（{i + 1}）" for a in src["aliases"]]
        # Distinct duties: copies must not trip the near-duplicate rule (a cost the real library never has).
        role["duties"] = [
            (f"{d}（第 {i + 1} 份）" if isinstance(d, str) else {**d, "text": f"{d['text']}（第 {i + 1} 份）"}) for d in src["duties"]
        ]
        (roles_dir / f"{role['id']}.yaml").write_text(header + yaml.safe_dump(role, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out.append(role)
        i += 1
    return out


def make_site_project(root: Path, total: int) -> list[dict[str, Any]]:
    root.mkdir(parents=True)
    # A frozen copy of the code (used through PYTHONPATH): edits in the working tree
    # during a run must not change what is measured.
    shutil.copytree(REPO / "scripts", root / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "orgtemplates", root / "orgtemplates")
    (root / "mkdocs.yml").write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\n", encoding="utf-8")
    return grow_roles(root / "orgtemplates" / "roles", total)


def text_pages(roles: list[dict[str, Any]]) -> dict[str, str]:
    """The *text* baseline: each role's words as plain paragraphs under its title."""
    return {role["id"]: f"# {role['title']}\n\n" + "\n\n".join(_role_texts(role)) + "\n" for role in roles}


def grown_library(site_project: Path) -> Library:
    """The site project's library after it was grown, checked as the build checks it."""
    library, problems = check_library(site_project / "orgtemplates")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit("扩充后的库有错误：" + "；".join(p.as_text() for p in errors[:5]))
    return library


def spec_pages(library: Library) -> dict[str, str]:
    """The *spec* baseline: each role's 岗位说明书 as the Markdown document its page offers for download.

    Title, the nine numbered sections with their tables and lists, the same words: the
    role page as a person would write it by hand for a plain Material site.
    """
    return {role_id: role_markdown(role, library) for role_id, role in library.roles.items()}


def _tags_joined(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


def markdown_blocks_gain(library: Library, site_project: Path, rounds: int = 3) -> tuple[float, float]:
    """CPU seconds to convert every generated role page with the site's Markdown setup, with and without
    ``orgkit.markdown_blocks`` (the build's one speed-up), best of ``rounds``; the HTML must be the same."""
    config = load_config(str(site_project / "mkdocs.yml"))
    extensions = list(config["markdown_extensions"])
    without = [e for e in extensions if e != "orgkit.markdown_blocks"]
    if len(without) == len(extensions):
        raise SystemExit("mkdocs.yml 中没有 orgkit.markdown_blocks")
    pages = build_pages(library)
    texts = [meta.get_data(text)[0] for uri, text in pages.items() if uri.startswith("roles/") and not uri.endswith("index.md")]
    best: dict[str, float] = {}
    outputs: dict[str, list[str]] = {}
    for _ in range(rounds):
        for key, exts in (("with", extensions), ("without", without)):
            md = Markdown(extensions=exts, extension_configs=config["mdx_configs"])
            start = time.process_time()
            html = []
            for text in texts:
                md.reset()
                html.append(md.convert(text))
            best[key] = min(best.get(key, float("inf")), time.process_time() - start)
            outputs[key] = html
    # Equal up to the whitespace between tags: without the extension md_in_html re-serialises the
    # HTML inside the spec's ``markdown`` div one tag per line (tests/test_site.py checks the same).
    if [_tags_joined(h) for h in outputs["with"]] != [_tags_joined(h) for h in outputs["without"]]:
        raise SystemExit("orgkit.markdown_blocks 改变了岗位页的 HTML")
    return best["with"], best["without"]


def make_bare_project(root: Path, roles: list[dict[str, Any]], bodies: dict[str, str]) -> None:
    """Material alone (no hook) building one page per role from ``bodies``, in the nav of sections of 50."""
    docs = root / "docs"
    (docs / "pages").mkdir(parents=True)
    # The same few partial overrides as the real site (packaged in orgkit; the real site's hook adds them).
    shutil.copytree(REPO / "scripts" / "orgkit" / "theme" / "partials", root / "overrides" / "partials")
    (docs / "index.md").write_text("# 基准\n\n2,000 个普通页面。\n", encoding="utf-8")
    sections = []
    for start in range(0, len(roles), SECTION):
        group = f"g{start // SECTION:03d}"
        (docs / "pages" / group).mkdir()
        pages = []
        for role in roles[start : start + SECTION]:
            (docs / "pages" / group / f"{role['id']}.md").write_text(bodies[role["id"]], encoding="utf-8")
            pages.append(f"pages/{group}/{role['id']}.md")
        sections.append({f"第 {start + 1}–{start + len(pages)} 页": pages})
    nav = [{"首页": "index.md"}, {"页面": sections}]
    config = f"INHERIT: {REPO / 'mkdocs.yml'}\n" + BARE_OVERRIDES + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def with_timing(project: Path, hooks: list[str]) -> None:
    """A config next to mkdocs.yml that adds the timing hook (the measured build is otherwise unchanged)."""
    (project / "bench_timing.py").write_text(TIMING_HOOK, encoding="utf-8")
    listed = "".join(f"  - {h}\n" for h in [*hooks, "bench_timing.py"])
    (project / "mkdocs-bench.yml").write_text(f"INHERIT: mkdocs.yml\nhooks:\n{listed}", encoding="utf-8")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(project: Path, site: Path, env: dict[str, str]) -> tuple[float, float, list[tuple[str, float]]]:
    """One build: (wall seconds, CPU seconds of the build process, phases)."""
    # Every build writes into an empty folder, as on a fresh clone or in CI: otherwise
    # MkDocs first deletes the previous output, and only the later rounds would pay it.
    shutil.rmtree(site, ignore_errors=True)
    cpu_before = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", "mkdocs-bench.yml", "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("WARNING", "ERROR"))]
    if result.returncode != 0 or warnings:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"构建失败或有警告：{project}")
    phases = [(line[6:].rsplit(" ", 1)[0], float(line.rsplit(" ", 1)[1])) for line in result.stderr.splitlines() if line.startswith("PHASE ")]
    return elapsed, cpu, phases


def _phases(phases: list[tuple[str, float]]) -> str:
    return "，".join(f"{name} {seconds:.1f} s" for name, seconds in phases)


#: The builds of one round, in order, with their labels (see the module docstring).
BUILDS = {"text": "文字基准（同样文字的普通段落）", "spec": "说明书基准（同一份岗位说明书的 Markdown）", "site": "真实网站"}
BASELINES = ("text", "spec")
#: The baseline the target is judged against (see the module docstring for why).
JUDGED = "spec"


def _median_wall(runs: list[tuple[float, float]]) -> float:
    return statistics.median(seconds for seconds, _cpu in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="site builds, each between two bare builds; the median ratio counts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="orgkit-bench-"))
    try:
        print(f"==> 准备：真实网站（岗位扩充到 {args.roles} 个）与两个各 {args.roles} 页的基准网站，目录 {tmp}")
        roles = make_site_project(tmp / "site-project", args.roles)
        make_bare_project(tmp / "text-project", roles, text_pages(roles))
        library = grown_library(tmp / "site-project")
        make_bare_project(tmp / "spec-project", roles, spec_pages(library))
        with_timing(tmp / "site-project", ["scripts/mkdocs_hooks.py"])
        with_timing(tmp / "text-project", [])
        with_timing(tmp / "spec-project", [])
        # The office files (handbook, chart PNG/PDF/PPT, 定岗定编表) are made per org, not per role, and
        # bench_office.py judges their cost against its own target; this ratio is the page pipeline's.
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(tmp / "site-project" / "scripts"), "ORGKIT_BENCH_NO_OFFICE": "1"}

        # The builds alternate: text, spec, site, text, spec, site, …, text, spec. Each site build is
        # compared with the mean of the baseline builds just before and after it: the machine is a VM
        # shared with other work, and the CPU time of one and the same build swings by tens of percent
        # within minutes, so a build is only compared with what the machine gave its neighbours in
        # time. The median of those paired ratios is judged, and every build is printed.
        labels = BUILDS
        runs: dict[str, list[tuple[float, float]]] = {key: [] for key in labels}
        order = [*(key for _ in range(args.rounds) for key in labels), *BASELINES]
        for n, key in enumerate(order, 1):
            print(f"==> 第 {n}/{len(order)} 次构建：{labels[key]}…", flush=True)
            seconds, cpu, phases = build(tmp / f"{key}-project", tmp / f"out-{key}", env)
            runs[key].append((seconds, cpu))
            print(f"    {seconds:.1f} s，CPU {cpu:.1f} s（{_phases(phases)}）", flush=True)

        site_cpus = [cpu for _s, cpu in runs["site"]]
        print()
        print(f"真实网站（{args.roles} 个岗位页及其下载文件）：CPU 中位数 {statistics.median(site_cpus):.1f} s，墙钟 {_median_wall(runs['site']):.1f} s")
        ratios: dict[str, float] = {}
        for key in BASELINES:
            cpus = [cpu for _s, cpu in runs[key]]
            paired = [site / ((cpus[i] + cpus[i + 1]) / 2) for i, site in enumerate(site_cpus)]
            ratios[key] = statistics.median(paired)
            print(f"{labels[key]}：CPU 中位数 {statistics.median(cpus):.1f} s，墙钟 {_median_wall(runs[key]):.1f} s")
            print("    真实网站 ÷ 它（CPU 时间，各轮）：" + "、".join(f"{r:.2f}" for r in paired) + f"；中位数 {ratios[key]:.2f}")
        with_blocks, without_blocks = markdown_blocks_gain(library, tmp / "site-project")
        print(
            f"orgkit.markdown_blocks（唯一的提速）：{len(library.roles)} 个岗位页的 Markdown 转换 CPU {without_blocks:.1f} s → "
            f"{with_blocks:.1f} s，节省 {without_blocks - with_blocks:.1f} s（HTML 相同，标签间空白除外；各取三次中最好的一次）"
        )
        role_pages = sorted((tmp / "out-site" / "roles").glob("*/index.html"), key=lambda p: p.stat().st_size)
        largest = role_pages[-1]
        size = largest.stat().st_size
        ratio = ratios[JUDGED]
        print(f"比例（对{labels[JUDGED]}，各轮中位数）{ratio:.2f}（目标 ≤ {RATIO_TARGET}）；对{labels['text']} {ratios['text']:.2f}（只作参考）")
        print(f"最大的岗位页：{largest.parent.name}，{size / 1024:.1f} KB（目标 ≤ {PAGE_TARGET // 1024} KB）")
        ok = ratio <= RATIO_TARGET and size <= PAGE_TARGET
        print("结果：" + ("达标" if ok else "未达标"))
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"保留临时目录 {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
