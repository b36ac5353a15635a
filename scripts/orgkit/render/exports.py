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
from functools import cached_property

from orgkit.load import Library
from orgkit.model import Entity, Org, Role
from orgkit.render import chartpdf, chartprint
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
    with zipfile.ZipFile(out, "w") as archive:
        for role in roles:
            data = built[role.id] if role.id in built else role_docx(role, library)
            archive.writestr(fixed_zipinfo(f"{role.id}.docx"), data)  # stored: a .docx is a zip already
        lines = ["岗位说明书目录（文件名 → 岗位名称）", ""]
        lines += [f"{role.id}.docx\t{role.title}" for role in roles]
        archive.writestr(fixed_zipinfo("index.txt"), UTF8_BOM + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return out.getvalue()


def entity_json(entity: Entity) -> bytes:
    """An entity exactly as the library holds it, for other tools to read."""
    data = entity.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# An org template in the office: handbook, chart picture and print, slides, 定岗定编表

#: Format → (file name suffix after the id, what it is). ``zip`` holds all the others.
ORG_OFFICE_FORMATS: dict[str, tuple[str, str]] = {
    "handbook": ("-handbook.docx", "组织架构与岗位职责手册（Word）"),
    "png": (".png", "组织架构图（PNG 图片，2 倍清晰度）"),
    "pdf": (".pdf", "组织架构图（PDF，A4/A3 横向）"),
    "pptx": (".pptx", "组织架构图（PowerPoint，可编辑）"),
    "xlsx": ("-staffing.xlsx", "定岗定编表（Excel）"),
    "zip": ("-office.zip", "以上全部文件（zip）"),
}


def org_office_name(org_id: str, fmt: str) -> str:
    return org_id + ORG_OFFICE_FORMATS[fmt][0]


class OfficeKit:
    """What the office files of every org template of one library share in one run (a site build, an export).

    Made once by whoever writes many orgs' files and passed to each :func:`org_office_files`
    call; it lives as long as that caller's loop, never longer. Each part is made on first use.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        #: The PNG's fonts, opened once instead of once per picture.
        self.faces = chartprint.RasterFonts()

    @cached_property
    def pdf_text(self) -> str:
        """Every chart's characters: one PDF font subset for every org, the CLI's and the site's (so the same bytes)."""
        return chartpdf.chart_text((o.chart, o.title) for o in self.library.orgs.values())


def org_office_files(
    org: Org, library: Library, formats: tuple[str, ...] = tuple(ORG_OFFICE_FORMATS), *, kit: OfficeKit | None = None
) -> dict[str, bytes]:
    """``{"<id>-handbook.docx": …, "<id>.png": …, …}`` for the asked formats (all by default).

    The chart is laid out once for all of them and the PNG made once: the handbook embeds it
    and the zip carries it. ``kit``: what a caller making many orgs' files shares between them
    (:class:`OfficeKit` of ``library``). Raises :class:`orgkit.render.fonts.FontMissing` without Noto CJK.
    """
    from orgkit.render import handbook, pptx, staffing

    wanted = set(formats)
    if "zip" in wanted:
        wanted |= set(ORG_OFFICE_FORMATS)
    kit = kit or OfficeKit(library)
    out: dict[str, bytes] = {}
    png = chartprint.chart_png(org.chart, org.title, faces=kit.faces) if wanted & {"png", "handbook"} else b""
    if "handbook" in wanted:
        svg = chartprint.chart_svg(org.chart, org.title)
        out[org_office_name(org.id, "handbook")] = handbook.handbook_docx(org, library, png=png, svg=svg)
    if "png" in wanted:
        out[org_office_name(org.id, "png")] = png
    if "pdf" in wanted:
        out[org_office_name(org.id, "pdf")] = chartpdf.chart_pdf(org.chart, org.title, text=kit.pdf_text)
    if "pptx" in wanted:
        out[org_office_name(org.id, "pptx")] = pptx.chart_pptx(org.chart, org.title)
    if "xlsx" in wanted:
        out[org_office_name(org.id, "xlsx")] = staffing.staffing_xlsx(org, library)
    if "zip" in wanted:
        from orgkit.render.bundle import archive

        members = dict(out)
        lines = [f"{org.title}：办公文件（文件名 → 内容）", ""]
        lines += [f"{org_office_name(org.id, f)}\t{label}" for f, (_s, label) in ORG_OFFICE_FORMATS.items() if f != "zip"]
        members["index.txt"] = UTF8_BOM + ("\r\n".join(lines) + "\r\n").encode("utf-8")
        out[org_office_name(org.id, "zip")] = archive(members)
    return {org_office_name(org.id, f): out[org_office_name(org.id, f)] for f in ORG_OFFICE_FORMATS if f in formats}
