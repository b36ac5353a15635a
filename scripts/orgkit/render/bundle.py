"""Zip plumbing shared by the office exports: same input, same bytes.

python-pptx and openpyxl stamp every zip entry with the current time; the
entries are copied into a new archive with the fixed date the Word files use.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

from orgkit.render.docx import FIXED_DATE, fixed_zipinfo

FIXED_STAMP = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

#: openpyxl stamps the save time into docProps/core.xml whatever the workbook says.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def rezip(data: bytes, *, first: str = "[Content_Types].xml") -> bytes:
    """An OOXML package again, entries in their order with ``first`` first, dates fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        for name in sorted(names, key=lambda n: (n != first, names.index(n))):
            body = src.read(name)
            if name == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + FIXED_STAMP + rb"\g<2>", body)
            dst.writestr(fixed_zipinfo(name), body, compresslevel=6)
    return out.getvalue()


def archive(files: Mapping[str, bytes]) -> bytes:
    """A plain zip of ``{name: bytes}``, names sorted, dates fixed (compressed formats stored: :func:`fixed_zipinfo`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(files):
            dst.writestr(fixed_zipinfo(name), files[name], compresslevel=6)
    return out.getvalue()
