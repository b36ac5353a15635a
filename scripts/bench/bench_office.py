"""Office-files benchmark: what every org template's handbook, chart PNG/PDF/PPT, 定岗定编表 and zip cost.

Two measurements on the real library:

* **site build** — ``mkdocs build --strict`` of the real site, with the office files
  and without them (``ORGKIT_BENCH_NO_OFFICE=1``, a switch only this benchmark sets),
  alternating for ``--rounds`` rounds into empty folders; the best of each counts.
  Target: with them at most 1.2 × without (they are made in the build process itself,
  after the pages: no second process since issue #18);
* **per format** — the CPU time of each format for the whole library, in one process
  (imports paid before timing), and the bytes written.

    .venv/bin/python scripts/bench/bench_office.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).with_name("mkdocs")
RATIO_TARGET = 1.2


def build(project: Path, site: Path, env: dict[str, str]) -> float:
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([str(MKDOCS), "build", "--strict", "-q", "-d", str(site)], cwd=project, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"构建失败：{project}")
    return elapsed


def per_format() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    from orgkit.load import load_library
    from orgkit.render.exports import ORG_OFFICE_FORMATS, org_office_files

    library, _problems = load_library(REPO / "orgtemplates")
    orgs = [library.orgs[i] for i in sorted(library.orgs)]
    org_office_files(orgs[0], library)  # imports and the prepared PDF font, paid once per build
    print(f"\n每种格式，整个库 {len(orgs)} 个组织架构模板（CPU 时间，单进程）：")
    total = 0.0
    for fmt in ORG_OFFICE_FORMATS:
        if fmt == "zip":
            continue
        start = time.process_time()
        size = sum(len(data) for org in orgs for data in org_office_files(org, library, (fmt,)).values())
        spent = time.process_time() - start
        total += spent
        note = "（含它嵌入的 PNG）" if fmt == "handbook" else ""
        print(f"  {fmt:9s} {spent * 1000:7.0f} ms   {size / 1024:8.0f} KB{note}")
    start = time.process_time()
    size = sum(len(data) for org in orgs for data in org_office_files(org, library).values())
    print(f"  {'全部+zip':7s} {(time.process_time() - start) * 1000:7.0f} ms   {size / 1024:8.0f} KB（一次生成全部格式，布局与 PNG 共用）")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating builds without/with the office files; the best of each counts")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="orgkit-bench-office-"))
    try:
        project = tmp / "project"
        project.mkdir()
        # A frozen copy of the code: edits in the working tree during a run must not change what is measured.
        shutil.copytree(REPO / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        shutil.copytree(REPO / "docs", project / "docs")
        shutil.copytree(REPO / "orgtemplates", project / "orgtemplates")
        (project / "mkdocs.yml").write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\n", encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts")}
        env.pop("ORGKIT_BENCH_NO_OFFICE", None)
        times: dict[str, list[float]] = {"without": [], "with": []}
        for n in range(1, args.rounds + 1):
            for key, label, extra in (("without", "不含办公文件", {"ORGKIT_BENCH_NO_OFFICE": "1"}), ("with", "含办公文件", {})):
                seconds = build(project, tmp / f"site-{key}", {**env, **extra})
                times[key].append(seconds)
                print(f"==> 第 {n} 轮：网站构建（{label}）{seconds:.1f} s", flush=True)
        files = sorted((tmp / "site-with" / "downloads" / "orgs").glob("*-office.zip"))
        without, with_office = min(times["without"]), min(times["with"])
        ratio = with_office / without
        print()
        print(f"网站构建，不含办公文件：{without:5.1f} s")
        print(f"网站构建，含办公文件（{len(files)} 个模板，各 6 个文件）：{with_office:5.1f} s   比例 {ratio:.2f}（目标 ≤ {RATIO_TARGET}）")
        per_format()
        ok = ratio <= RATIO_TARGET and len(files) > 0
        print("结果：" + ("达标" if ok else "未达标"))
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
