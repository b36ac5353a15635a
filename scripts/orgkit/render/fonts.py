"""Where the Noto CJK fonts are, for the chart's PNG and PDF.

Rasterising and embedding need real font files; browsers' font stacks do not
apply. The fonts are looked up in this order, first hit wins:

1. ``ORGKIT_CJK_FONTS``: a folder holding ``NotoSansCJK-Regular.ttc`` and
   ``NotoSansCJK-Bold.ttc`` (or the single-language ``NotoSansCJKsc-*.otf``);
2. the folders Linux distributions and macOS install them to
   (Debian/Ubuntu ``fonts-noto-cjk``: ``/usr/share/fonts/opentype/noto``).

The same files on every machine give the same bytes, so no system font
fallback is ever used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FONT_ENV = "ORGKIT_CJK_FONTS"

SEARCH_DIRS = (
    "/usr/share/fonts/opentype/noto",  # Debian, Ubuntu (fonts-noto-cjk)
    "/usr/share/fonts/noto-cjk",  # Arch
    "/usr/share/fonts/google-noto-cjk",  # Fedora
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/Library/Fonts",
    "/Library/Fonts",
)

#: File names per weight, the collection first (all of Debian's package), then the SC-only files.
FILE_NAMES = {
    "regular": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.otc"),
    "bold": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansCJK-Bold.otc"),
}

#: The family name the SVGs ask for; present in every file above.
FAMILY = "Noto Sans CJK SC"


class FontMissing(Exception):
    """The Noto CJK fonts are not installed where orgkit looks; the message says how to fix it."""


@dataclass(frozen=True)
class Face:
    """One face of a font file: the path and, for a collection, the index of the SC face."""

    path: Path
    index: int


@dataclass(frozen=True)
class CjkFonts:
    regular: Face
    bold: Face

    @property
    def files(self) -> list[str]:
        return sorted({str(self.regular.path), str(self.bold.path)})


def _dirs() -> list[Path]:
    env = os.environ.get(FONT_ENV)
    dirs = [Path(env).expanduser()] if env else []
    return dirs + [Path(d).expanduser() for d in SEARCH_DIRS]


def _sc_index(path: Path) -> int:
    """The simplified-Chinese face of a collection (its order differs between releases)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection  # imported here: only the chart images need fontTools

    collection = TTCollection(str(path), lazy=True)
    for i, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == FAMILY:
            return i
    raise FontMissing(f"{path} 中没有 {FAMILY} 字体")


@lru_cache(maxsize=4)
def _find(dirs: tuple[Path, ...]) -> CjkFonts:
    found: dict[str, Face] = {}
    for weight, names in FILE_NAMES.items():
        for folder in dirs:
            hit = next((folder / n for n in names if (folder / n).is_file()), None)
            if hit is not None:
                found[weight] = Face(hit, _sc_index(hit))
                break
    if len(found) < len(FILE_NAMES):
        raise FontMissing(
            "找不到 Noto CJK 中文字体（NotoSansCJK-Regular.ttc 与 NotoSansCJK-Bold.ttc），无法生成组织图 PNG/PDF。"
            f"Debian/Ubuntu：apt-get install fonts-noto-cjk；其他系统：把字体放进一个目录并设置环境变量 {FONT_ENV}=该目录。"
        )
    return CjkFonts(found["regular"], found["bold"])


def cjk_fonts() -> CjkFonts:
    """The Noto Sans CJK SC regular and bold faces; raises :class:`FontMissing` with the fix."""
    return _find(tuple(_dirs()))


def open_face(face: Face) -> TTFont:
    """A lazily loaded face (a collection is 20 MB; only the tables used are read)."""
    from fontTools.ttLib import TTFont

    return TTFont(str(face.path), fontNumber=face.index, lazy=True)
