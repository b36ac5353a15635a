"""Generate the JSON Schemas in ``schema/`` from the models (the field registry)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from orgkit.model import ENTITY_KINDS, Profile, Selection, Vocab

BASE_URL = "https://orgtemplates.github.io/orgtemplates/schema/"


def schemas() -> dict[str, dict]:
    models: dict[str, type[BaseModel]] = {kind: m for kind, (_f, m, _n) in ENTITY_KINDS.items()}
    models["vocab"] = Vocab
    models["selection"] = Selection
    models["profile"] = Profile
    out = {}
    for kind, model_cls in sorted(models.items()):
        schema = model_cls.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{BASE_URL}{kind}.schema.json", **schema}
        out[f"{kind}.schema.json"] = schema
    return out


def _text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(_text(schema), encoding="utf-8")
        written.append(path)
    return written


def stale_files(out: Path) -> list[str]:
    """Names of schema files that are missing or differ from what the models generate."""
    stale = []
    for name, schema in schemas().items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != _text(schema):
            stale.append(name)
    return stale
