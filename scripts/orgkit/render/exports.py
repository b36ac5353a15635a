"""Downloadable files for the site and the CLI: one call per entity, bytes out.

The site build calls these and writes the results next to each page; the
``orgkit export`` command writes the same bytes to a folder. Everything here is
deterministic so rebuilding an unchanged library changes no file.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping

from orgkit.load import Library
from orgkit.model import Entity, Org, Role
from orgkit.render.docx import fixed_zipinfo, org_docx, role_docx
from orgkit.render.text import role_markdown, role_text

#: Name of the all-roles archive on the site.
ALL_ROLES_ZIP = "all-roles-docx.zip"

#: Windows Notepad and browsers without a charset header guess GBK for BOM-less
#: UTF-8 and show mojibake; the BOM settles it. Markdown stays BOM-free because
#: Markdown tools treat a BOM as content.
UTF8_BOM = b"\xef\xbb\xbf"


#: The download formats every role has, in the order the site lists them.
ROLE_FORMATS = ("docx", "md", "txt")


def role_file(role: Role, library: Library, fmt: str) -> bytes:
    """One role in one of ``ROLE_FORMATS``."""
    if fmt == "docx":
        return role_docx(role, library)
    if fmt == "md":
        return role_markdown(role, library).encode("utf-8")
    if fmt == "txt":
        return UTF8_BOM + role_text(role, library).encode("utf-8")
    raise ValueError(f"unknown role format: {fmt}")


def role_files(role: Role, library: Library) -> dict[str, bytes]:
    """``{"<id>.docx": …, "<id>.md": …, "<id>.txt": …}`` for one role."""
    return {f"{role.id}.{fmt}": role_file(role, library, fmt) for fmt in ROLE_FORMATS}


def org_files(org: Org, library: Library) -> dict[str, bytes]:
    """``{"<id>.docx": …}`` for one org template."""
    return {f"{org.id}.docx": org_docx(org, library)}


def all_roles_zip(library: Library, built: Mapping[str, bytes] | None = None) -> bytes:
    """Every role's .docx in one archive, names sorted, timestamps fixed.

    Entries are ``<id>.docx`` (ASCII: older Windows unzippers garble UTF-8 names),
    with an ``index.txt`` that maps each file to its Chinese title. ``built`` maps
    role ids to .docx bytes already made (the site has them): Word files are the
    slowest export, so they are not built twice.
    """
    built = built or {}
    out = io.BytesIO()
    roles = sorted(library.roles.values(), key=lambda r: r.id)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for role in roles:
            data = built[role.id] if role.id in built else role_docx(role, library)
            archive.writestr(fixed_zipinfo(f"{role.id}.docx"), data)
        lines = ["岗位说明书目录（文件名 → 岗位名称）", ""]
        lines += [f"{role.id}.docx\t{role.title}" for role in roles]
        archive.writestr(fixed_zipinfo("index.txt"), UTF8_BOM + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return out.getvalue()


def entity_json(entity: Entity) -> bytes:
    """An entity exactly as the library holds it, for other tools to read."""
    data = entity.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
