from __future__ import annotations

import json
import re
from pathlib import Path

from orgkit.load import library_files
from orgkit.schema import schemas, stale_files

REPO = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_current() -> None:
    stale = stale_files(REPO / "schema")
    assert stale == [], f"schema/ is stale ({', '.join(stale)}): run `python -m orgkit schema` (or `make schema`)"


def test_stale_detection_can_fail(tmp_path: Path) -> None:
    (tmp_path / "role.schema.json").write_text("{}", encoding="utf-8")
    assert "role.schema.json" in stale_files(tmp_path)


def test_every_field_has_a_chinese_title() -> None:
    for name, schema in schemas().items():
        defs = [schema, *schema.get("$defs", {}).values()]
        for d in defs:
            for field, prop in d.get("properties", {}).items():
                assert re.search(r"[\u4e00-\u9fff]", prop.get("title", "")), f"{name}: {field}"


def test_every_library_file_points_editors_at_its_schema() -> None:
    for path in library_files(REPO / "orgtemplates"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        by_name = {"vocab.yaml": "vocab", "selection.yaml": "selection"}
        kind = by_name.get(path.name) or {"roles": "role", "orgs": "org", "structures": "structure"}[path.parent.name]
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (REPO / "schema" / f"{kind}.schema.json").resolve(), path
        json.loads(target.read_text(encoding="utf-8"))
