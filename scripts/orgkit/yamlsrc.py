"""Read one YAML file safely into plain values plus the line/column of every value.

PyYAML's loaders hide what a reviewer needs: they keep the last of two duplicate
keys, expand alias bombs, construct ``!!python/…`` tags and recurse without a
bound. So we read the *event stream* (libyaml's C parser where available) and
build values ourselves with an explicit stack. Nothing here raises for bad
input: every problem becomes a :class:`~orgkit.problems.Problem`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from orgkit.problems import Problem, problem

#: Larger files are refused unread: a duty spec is 2–6 KB, an org chart under 60 KB.
MAX_BYTES = 256 * 1024
#: Nesting deeper than this is refused before anything recurses over it.
MAX_DEPTH = 64

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S+")

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_resolver = Resolver()
_constructor = SafeConstructor()

Path_ = tuple[str | int, ...]


@dataclass
class Doc:
    """A parsed file: its data (None when unreadable) and where each value starts."""

    path: Path
    display: str
    data: Any = None
    #: the decoded text, so rules can rule out a whole file with one C-speed search.
    text: str = ""
    #: every string value with its path, collected while building (rules read these).
    strings: list[tuple[Path_, str]] = field(default_factory=list)
    #: what :attr:`locs` and :attr:`keylocs` return; None until first asked for (see there).
    _locs: dict[Path_, tuple[int, int]] | None = field(default_factory=dict, repr=False)
    _keylocs: dict[Path_, tuple[int, int]] | None = field(default_factory=dict, repr=False)

    @property
    def locs(self) -> dict[Path_, tuple[int, int]]:
        """value path → (line, col), 1-based; () is the top-level mapping.

        Only a file with a problem needs locations, and most files have none: the fast
        reader leaves them out and they are found here, from the text, on first use.
        """
        if self._locs is None:
            self._locs, self._keylocs = _locate(self.text)
        return self._locs

    @property
    def keylocs(self) -> dict[Path_, tuple[int, int]]:
        """mapping-key path → (line, col) of the key itself."""
        if self._keylocs is None:
            self._locs, self._keylocs = _locate(self.text)
        return self._keylocs

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The best location for ``path``: the key (or value), else its nearest ancestor."""
        p = tuple(path)
        while True:
            if key and p in self.keylocs:
                return self.keylocs[p]
            if p in self.locs:
                return self.locs[p]
            if p in self.keylocs:
                return self.keylocs[p]
            if not p:
                return (1, 1)
            p = p[:-1]


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _scalar(event: yaml.ScalarEvent) -> tuple[Any, str | None]:
    """Value of a scalar event, or (None, bad_tag) for a tag we refuse."""
    tag = event.tag
    if tag in (None, "!"):
        if not event.implicit[0]:
            return event.value, None  # quoted: always a string
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag not in _SCALAR_TAGS:
        return None, tag
    if tag == _TAG + "str" or tag == _TAG + "timestamp":
        # Dates stay text (YYYY-MM-DD) so every consumer sees what the file says.
        return event.value, None
    node = yaml.ScalarNode(tag, event.value)
    build = {
        _TAG + "int": _constructor.construct_yaml_int,
        _TAG + "float": _constructor.construct_yaml_float,
        _TAG + "bool": _constructor.construct_yaml_bool,
        _TAG + "null": _constructor.construct_yaml_null,
    }[tag]
    return build(node), None


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file, or a problem that says which encoding it looks like."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "文件不是 UTF-8 编码"
        try:
            raw.decode("gbk")
            hint += "，看起来是 GBK/GB2312（中文 Windows 编辑器的默认编码）"
        except UnicodeDecodeError:
            pass
        return None, [problem("Y004", display, line, col, detail=hint)]
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM is harmless; editors on Windows add it
    return text, []


def read(path: Path, display: str) -> tuple[Doc, list[Problem]]:
    """Parse ``path``; data stays None when the file cannot be used at all."""
    doc = Doc(path=path, display=display)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # never read more than the cap, however large the file
            if len(raw) > MAX_BYTES:
                size = os.fstat(fh.fileno()).st_size
                return doc, [problem("Y009", display, 1, 1, size=size, limit=MAX_BYTES)]
    except OSError as exc:
        return doc, [problem("Y001", display, 1, 1, detail=f"无法读取文件（{exc.strerror}）")]
    text, problems = decode(raw, display)
    if text is None:
        return doc, problems
    return parse_text(text, doc, problems)


def parse_text(text: str, doc: Doc, problems: list[Problem]) -> tuple[Doc, list[Problem]]:
    display = doc.display
    doc.text = text
    if "\t" in text:
        for n, line in enumerate(text.splitlines(), 1):
            col = line.find("\t")
            if col >= 0:
                problems.append(problem("Y003", display, n, col + 1))
    if not text.strip():
        problems.append(problem("Y006", display, 1, 1, found="空文件"))
        return doc, problems
    if not SCHEMA_LINE.match(text):
        problems.append(problem("Y011", display, 1, 1))
    try:
        data = _build_nodes(text, doc, problems) if _plain(text) else _build(text, doc, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        problems.append(problem("Y001", display, line, col, detail=str(exc.problem or exc.context or "")))
        return doc, problems
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        problems.append(problem("Y001", display, 1, 1, detail=str(exc).splitlines()[0] if str(exc) else str(mark)))
        return doc, problems
    except _Abort:
        return doc, problems
    if data is None:
        problems.append(problem("Y006", display, 1, 1, found="空文档（只有注释或空值）"))
    elif not isinstance(data, dict):
        problems.append(problem("Y006", display, *doc.locs.get((), (1, 1)), found=_kind(data)))
        data = None
    doc.data = data
    return doc, problems


#: Anything that could be an anchor, alias or tag, or deep flow nesting, sends a file to the
#: careful event-by-event reader; ordinary files take the faster node reader.
_SUSPECT = re.compile(r"(?:^|[\s\[{,:])[&*!]")
_MAX_FLOW = 32


def _plain(text: str) -> bool:
    # Substring tests first: they are C-speed, and most files contain none of these characters.
    suspect = ("&" in text or "*" in text or "!" in text) and _SUSPECT.search(text)
    return not suspect and text.count("[") + text.count("{") <= _MAX_FLOW


class _Abort(Exception):
    """Stop building a file whose structure we refuse (alias, tag, depth, 2nd document)."""


def _kind(value: Any) -> str:
    return {list: "列表", dict: "映射", str: "字符串", bool: "布尔值", int: "整数", float: "数字"}.get(
        type(value), "空值" if value is None else type(value).__name__
    )


_CONSTRUCT = {
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "null": _constructor.construct_yaml_null,
}


def _build_nodes(text: str, doc: Doc, problems: list[Problem]) -> Any:
    """Fast reader: libyaml composes the node tree in C, we walk it without recursion.

    Only used for files with no anchors, aliases, tags or deep flow nesting (see
    :func:`_plain`); those go through :func:`_build`, which reports them precisely.
    """
    loader = _Parser(text)
    try:
        root = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc.context or "") or "single document" in str(exc.problem or ""):
            mark = exc.problem_mark
            problems.append(problem("Y005", doc.display, *(_pos(mark) if mark else (1, 1))))
            raise _Abort from None
        raise
    finally:
        loader.dispose()
    if root is None:
        return None
    display = doc.display
    strings = doc.strings
    text_tags = (_TAG + "str", _TAG + "timestamp")
    scalar_cls, sequence_cls = yaml.ScalarNode, yaml.SequenceNode

    # Recursion is bounded: _plain() capped flow nesting, MAX_BYTES caps block nesting
    # (each level costs a column of indentation), and MAX_DEPTH is checked on the way down.
    def walk(node: Any, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            problems.append(problem("Y010", display, *_pos(node.start_mark), limit=MAX_DEPTH))
            raise _Abort
        cls = node.__class__
        if cls is scalar_cls:
            tag = node.tag
            if tag in text_tags:
                strings.append((path, node.value))
                return node.value
            if tag in _CONSTRUCT:
                return _CONSTRUCT[tag](node)
            problems.append(problem("Y008", display, *_pos(node.start_mark), tag=tag.replace(_TAG, "!!")))
            raise _Abort
        # Most values are text: those are taken inline, exactly as walk() would take them, because
        # a call per value is most of the cost here. Deeper than MAX_DEPTH, walk() reports them.
        inline = depth < MAX_DEPTH
        if cls is sequence_cls:
            items: list[Any] = []
            for i, child in enumerate(node.value):
                if inline and child.__class__ is scalar_cls and child.tag in text_tags:
                    strings.append((path + (i,), child.value))
                    items.append(child.value)
                else:
                    items.append(walk(child, path + (i,), depth + 1))
            return items
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar_cls:
                problems.append(problem("Y001", display, *_pos(key_node.start_mark), detail="映射的键必须是简单文字"))
                raise _Abort
            key = key_node.value
            if key in mapping:
                first = next(k for k, _v in node.value if k.value == key).start_mark.line + 1  # the kept one
                problems.append(problem("Y002", display, *_pos(key_node.start_mark), key=key, first=first))
                continue
            if inline and value_node.__class__ is scalar_cls and value_node.tag in text_tags:
                strings.append((path + (key,), value_node.value))
                mapping[key] = value_node.value
            else:
                mapping[key] = walk(value_node, path + (key,), depth + 1)
        return mapping

    data = walk(root, (), 0)
    doc._locs = doc._keylocs = None  # found from the text if a rule asks (Doc.locs)
    return data


def _locate(text: str) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]]:
    """Where each value and key starts, for a file :func:`_build_nodes` has read (not refused)."""
    locs: dict[Path_, tuple[int, int]] = {}
    keylocs: dict[Path_, tuple[int, int]] = {}
    loader = _Parser(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    stack: list[tuple[Any, Path_]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        locs[path] = _pos(node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, path + (i,)) for i, child in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key_path = path + (key_node.value,)
                if key_path not in keylocs:  # a repeated key's value was dropped (Y002)
                    keylocs[key_path] = _pos(key_node.start_mark)
                    stack.append((value_node, key_path))
    return locs, keylocs


def _child_path(frame: list[Any]) -> Path_:
    """Path of the value about to be added to ``frame``'s container."""
    container, path, key = frame
    if isinstance(container, list):
        return path + (len(container),)
    # A duplicate key's value is dropped; give it a path no field can have.
    return path + (("\0dup",) + key[1:] if isinstance(key, tuple) else (key,))


def _build(text: str, doc: Doc, problems: list[Problem]) -> Any:
    display = doc.display
    # Each frame: [container, path, pending key (None while the next scalar is a key)]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def add(value: Any, pos: tuple[int, int]) -> None:
        nonlocal root
        if not stack:
            root = value
            doc.locs[()] = pos
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            p = path + (len(container),)
            container.append(value)
            doc.locs[p] = pos
            if isinstance(value, str):
                doc.strings.append((p, value))
            return
        if frame[2] is None:  # this value is a key
            if isinstance(value, (dict, list)):
                problems.append(problem("Y001", display, *pos, detail="映射的键必须是简单文字"))
                raise _Abort
            key = str(value) if value is not None else "null"
            if key in container:
                problems.append(problem("Y002", display, *pos, key=key, first=doc.keylocs[path + (key,)][0]))
                frame[2] = ("dup", key)
            else:
                frame[2] = key
                doc.keylocs[path + (key,)] = pos
            return
        key = frame[2]
        frame[2] = None
        if isinstance(key, tuple):  # duplicate: the first value wins, this one is dropped
            return
        container[key] = value
        doc.locs[path + (key,)] = pos
        if isinstance(value, str):
            doc.strings.append((path + (key,), value))

    for event in yaml.parse(text, Loader=_Parser):
        pos = _pos(event.start_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problems.append(problem("Y005", display, *pos))
                raise _Abort
            continue
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(problem("Y007", display, *pos))
            raise _Abort
        if isinstance(event, yaml.ScalarEvent):
            value, bad_tag = _scalar(event)
            if bad_tag:
                problems.append(problem("Y008", display, *pos, tag=bad_tag.replace(_TAG, "!!")))
                raise _Abort
            add(value, pos)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            tag = event.tag
            std = _TAG + ("map" if isinstance(event, yaml.MappingStartEvent) else "seq")
            if tag not in (None, "!", std):
                problems.append(problem("Y008", display, *pos, tag=tag.replace(_TAG, "!!")))
                raise _Abort
            if len(stack) >= MAX_DEPTH:
                problems.append(problem("Y010", display, *pos, limit=MAX_DEPTH))
                raise _Abort
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                problems.append(problem("Y001", display, *pos, detail="映射的键必须是简单文字"))
                raise _Abort
            path = _child_path(stack[-1]) if stack else ()
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            add(container, pos)
            stack.append([container, path, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return root
