"""Load a library folder into typed entities, turning every failure into a Problem.

A library root holds ``vocab.yaml`` and the folders ``structures/``, ``orgs/``
and ``roles/``; a file's folder decides its kind. Loading never renders and
never raises for bad data.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from orgkit import model
from orgkit.model import ENTITY_KINDS, SELECTION_FILE, VOCAB_FILE, Org, Role, Selection, Structure, Vocab
from orgkit.problems import Problem, problem
from orgkit.yamlsrc import Doc, read

KIND_BY_FOLDER = {folder: kind for kind, (folder, _m, _n) in ENTITY_KINDS.items()}


@dataclass(frozen=True)
class RoleUse:
    """One box of one chart that uses a role, with that chart's reporting lines."""

    org: str
    unit: str
    path: tuple[Any, ...]
    #: The boss box's role id, or None when the boss box names no role (e.g. 董事会).
    boss_role: str | None
    #: The boss box's title (None at the chart's root).
    boss_unit: str | None
    #: Role ids of the direct reports in this chart.
    subordinates: tuple[str, ...]


@dataclass
class Library:
    """Every valid entity of a library, by id, plus where each came from."""

    root: Path
    vocab: Vocab | None = None
    structures: dict[str, Structure] = field(default_factory=dict)
    orgs: dict[str, Org] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    #: id → the parsed source (path and value locations), for rules and edit links.
    docs: dict[str, Doc] = field(default_factory=dict)
    vocab_doc: Doc | None = None
    selection: Selection | None = None
    selection_doc: Doc | None = None
    #: every parsed file with its kind, valid or not: content rules read raw values.
    parsed: list[tuple[str, Doc]] = field(default_factory=list)
    _uses: dict[str, list[RoleUse]] | None = field(default=None, repr=False)

    @property
    def docs_dir(self) -> Path:
        """The site's hand-written pages, beside the library (guides that entries link to)."""
        return self.root.parent / "docs"

    def guide_title(self, guide: str) -> str:
        """A guide page's first heading, for link text (its path when the page is not there)."""
        path = self.docs_dir / guide
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
        return guide

    def entities(self, kind: str) -> dict[str, Any]:
        return {"structure": self.structures, "org": self.orgs, "role": self.roles}[kind]

    def role_uses(self, role_id: str) -> list[RoleUse]:
        """Every place a chart uses the role, with that chart's boss and direct reports (orgs sorted by id).

        Reporting lines belong to charts: this is the one place that answers "who is this post's
        boss here", for org pages, role pages, every download and the rules.
        """
        if self._uses is None:
            index: dict[str, list[RoleUse]] = {}
            for org_id in sorted(self.orgs):
                for node, path, boss in model.chart_bosses(self.orgs[org_id].chart):
                    if node.role:
                        subs = tuple(n.role for n in model.subordinates(node) if n.role)
                        use = RoleUse(org_id, node.title, path, boss.role if boss else None, boss.title if boss else None, subs)
                        index.setdefault(node.role, []).append(use)
            self._uses = index
        return list(self._uses.get(role_id, []))

    def standalone_boss(self, role: Role) -> str:
        """直接上级 as a role states it on its own: true in every chart that uses it (rule R211)."""
        boss = role.relations.reports_to
        if boss:
            return self.roles[boss].title if boss in self.roles else boss
        return role.relations.reports_to_note or "视所在组织而定"

    def position_code(self, role: Role) -> str:
        """岗位编号: the family's letter code and a stable hash of the id, so adding roles renumbers nothing."""
        code = role.family.upper().replace("-", "")[:2]
        if self.vocab is not None:
            for term in self.vocab.families:
                if term.id == role.family and term.code:
                    code = term.code
        digest = hashlib.sha1(role.id.encode("utf-8")).hexdigest()[:4].upper()
        return f"{code}-{digest}"

    def label(self, vocab_name: str, term_id: str) -> str:
        """Chinese label of a vocabulary value (the id itself when unknown)."""
        if self.vocab is None:
            return term_id
        for term in getattr(self.vocab, vocab_name):
            if term.id == term_id:
                return term.label
        return term_id


def is_library_root(path: Path) -> bool:
    """A folder with ``vocab.yaml`` is a whole library; any other folder is just files."""
    return path.is_dir() and (path / VOCAB_FILE).is_file()


def library_files(root: Path) -> list[Path]:
    """Every YAML file of a library, sorted so output is stable."""
    files = [p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(files)


def kind_of(path: Path) -> str | None:
    if path.name == VOCAB_FILE:
        return "vocab"
    if path.name == SELECTION_FILE:
        return "selection"
    return KIND_BY_FOLDER.get(path.parent.name)


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible, so editors can jump to them."""
    absolute = os.path.abspath(path)  # no symlink resolution: it is slow and changes names
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        return Path(absolute[len(cwd) + 1 :]).as_posix()
    return Path(path).as_posix()


# ---------------------------------------------------------------------------
# pydantic errors → problems


def _field_title(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """Chinese title of the last field named in ``loc`` (None for an unknown key)."""
    named = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not named:
        return None
    last = named[-1]
    info = _container_model(model_cls, loc[:last]).model_fields.get(loc[last])
    return info.title if info else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    if get_origin(annotation) is None and hasattr(annotation, "__metadata__"):
        return _inner_model(annotation.__origin__)
    return None


def field_name(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """``requirements.education（学历）`` — the path a contributor sees, with its Chinese name."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    title = _field_title(model_cls, loc)
    return f"{text}（{title}）" if title else text


_TYPE_NAMES = {
    "string": "文字",
    "int": "整数",
    "list": "列表",
    "dict": "映射（字段: 值）",
    "model": "映射（字段: 值）",
    "bool": "布尔值",
}


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {value}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    return f"“{value}”"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic inserts tags for union members and validators; keep only real path parts.
    return tuple(p for p in loc if isinstance(p, int) or (not p[:1].isupper() and p not in ("function-before",)))


def schema_problems(exc: ValidationError, model_cls: type[BaseModel], doc: Doc) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        kind = err["type"]
        name = field_name(model_cls, loc)
        if kind == "missing":
            line, col = doc.where(loc[:-1])
            out.append(problem("S101", doc.display, line, col, field=name))
        elif kind == "extra_forbidden":
            allowed = list(_container_model(model_cls, loc[:-1]).model_fields)
            guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            hint = f"（是否想写 {guess[0]}？）" if guess else ""
            line, col = doc.where(loc, key=True)
            out.append(problem("S103", doc.display, line, col, key=loc[-1], hint=hint))
        elif kind in ("literal_error", "enum"):
            expected = err.get("ctx", {}).get("expected", "")
            line, col = doc.where(loc)
            out.append(problem("S104", doc.display, line, col, field=name, found=_found(err["input"]), allowed=expected.replace("'", "")))
        elif kind == "string_pattern_mismatch":
            line, col = doc.where(loc)
            out.append(problem("S105", doc.display, line, col, field=name, found=_found(err["input"])))
        elif kind in ("greater_than_equal", "less_than_equal", "string_too_long", "greater_than", "less_than"):
            line, col = doc.where(loc)
            out.append(problem("S106", doc.display, line, col, field=name, found=_found(err["input"]), detail=err["msg"]))
        else:
            expected = next((v for k, v in _TYPE_NAMES.items() if kind.startswith(k)), "其他类型")
            line, col = doc.where(loc)
            out.append(problem("S102", doc.display, line, col, field=name, expected=expected, found=_found(err["input"])))
    return out


def _container_model(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose instance sits at ``loc`` (list indexes pass through)."""
    current: type[BaseModel] = model_cls
    for part in loc:
        if isinstance(part, str) and part in current.model_fields:
            inner = _inner_model(current.model_fields[part].annotation)
            if inner is not None:
                current = inner
    return current


# ---------------------------------------------------------------------------


def load_file(path: Path, library: Library, kind: str | None = None) -> list[Problem]:
    """Parse and validate one file into ``library``; return what went wrong."""
    display = display_path(path)
    kind = kind or kind_of(path)
    doc, problems = read(path, display)
    if kind is None:
        return problems + [problem("R205", display, 1, 1)]
    if doc.data is None:
        return problems
    library.parsed.append((kind, doc))
    model_cls: type[BaseModel] = {"vocab": Vocab, "selection": Selection}.get(kind) or ENTITY_KINDS[kind][1]
    try:
        entity = model_cls.model_validate(doc.data)
    except ValidationError as exc:
        return problems + schema_problems(exc, model_cls, doc)
    if kind == "vocab":
        library.vocab, library.vocab_doc = entity, doc  # type: ignore[assignment]
        return problems
    if kind == "selection":
        library.selection, library.selection_doc = entity, doc  # type: ignore[assignment]
        return problems
    entities = library.entities(kind)
    other = library.docs.get(entity.id)  # type: ignore[attr-defined]
    if other is not None:
        line, col = doc.where(("id",))
        return problems + [problem("R201", display, line, col, id=entity.id, other=other.display)]  # type: ignore[attr-defined]
    entities[entity.id] = entity  # type: ignore[attr-defined]
    library.docs[entity.id] = doc  # type: ignore[attr-defined]
    return problems


def load_library(root: Path, extra: list[Path] | None = None) -> tuple[Library, list[Problem]]:
    """Load every file under ``root`` (plus ``extra`` files checked in its context)."""
    library = Library(root=root)
    problems: list[Problem] = []
    for path in library_files(root) + sorted(extra or []):
        problems += load_file(path, library)
    return library, problems


__all__ = ["Library", "is_library_root", "library_files", "load_file", "load_library", "model"]
