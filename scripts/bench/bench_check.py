"""Benchmark: `orgkit check` on 5,000 role files vs. PyYAML's CSafeLoader parsing the same files.

Target (issue 2): check ≤ 2× the parse time, measured side by side in one run.
Prints both times and the ratio; exits 1 when over target.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from orgkit.check import check_library

REPO = Path(__file__).resolve().parents[2]
COUNT = 5000
TARGET = 2.0


def make_library(dest: Path) -> list[Path]:
    """5,000 distinct role files grown from the real ones (each ~2 KB, ids and duties made unique)."""
    shutil.copy(REPO / "orgtemplates" / "vocab.yaml", dest / "vocab.yaml")
    (dest / "roles").mkdir()
    sources = sorted((REPO / "orgtemplates" / "roles").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    files = []
    for src in sources:  # the originals keep their ids, so relations still resolve
        shutil.copy(src, dest / "roles" / src.name)
        files.append(dest / "roles" / src.name)
    for i in range(COUNT - len(sources)):
        src = sources[i % len(sources)]
        new_id = f"{src.stem}-{i:05d}"
        text = texts[i % len(texts)].replace(f"id: {src.stem}\n", f"id: {new_id}\n", 1)
        # Unique wording per copy, so the near-duplicate rule does real work instead of flagging everything.
        text = re.sub(r"\n  - text: ", f"\n  - text: 第{i}号", text)
        text = re.sub(r"\n  - (?!text:)", f"\n  - 第{i}号", text)
        # Unique names too, as in a real library (C308 would otherwise flag every copy).
        text = re.sub(r"^title: (.*)$", rf"title: \1（第{i}号）", text, count=1, flags=re.M)
        text = re.sub(r"^aliases: \[(.*)\]$", _numbered_aliases(i), text, count=1, flags=re.M)
        path = dest / "roles" / f"{new_id}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def _numbered_aliases(i: int) -> Callable[[re.Match[str]], str]:
    def numbered(m: re.Match[str]) -> str:
        return "aliases: [" + ", ".join(f"{a.strip()}（第{i}号）" for a in m.group(1).split(",")) + "]"

    return numbered


def time_parse(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        with path.open("rb") as fh:
            yaml.load(fh, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def time_check(root: Path) -> tuple[float, int]:
    start = time.perf_counter()
    _library, problems = check_library(root)
    return time.perf_counter() - start, sum(p.severity == "error" for p in problems)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_library(root)
        size = sum(f.stat().st_size for f in files) / len(files)
        time_parse(files[:200])  # warm the page cache for both contenders
        parse = min(time_parse(files) for _ in range(2))
        check, errors = min(time_check(root) for _ in range(2))
    ratio = check / parse
    verdict = "OK" if ratio <= TARGET else "OVER TARGET"
    print(f"check {COUNT} role files (avg {size / 1024:.1f} KB): CSafeLoader parse {parse:.2f} s, "
          f"orgkit check {check:.2f} s, ratio {ratio:.2f} (target ≤ {TARGET}) {verdict}")
    if errors:
        print(f"  note: the grown library had {errors} errors (the benchmark library should be clean)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
