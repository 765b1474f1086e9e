"""A face with TH Sarabun New's metrics for LibreOffice, derived from TLWG Laksaman.

Word lays the documents out with TH Sarabun New, which Debian does not ship. LibreOffice
would silently substitute another font and break lines differently, so the PDF would not
match the .docx. TLWG Laksaman (fonts-tlwg-laksaman, GPL with font exception) is
TH Sarabun New's outlines scaled by 150.42%: keeping its outlines and enlarging the em by the
same factor gives glyphs and advances of TH Sarabun New's size. Laksaman also sets
OS/2 USE_TYPO_METRICS, which TH Sarabun New does not: LibreOffice would then space lines by
the typographic metrics (18.25 pt at 16 pt instead of TH Sarabun New's 21.30 pt, so about 39
lines on a page instead of 33), so the bit is cleared. The few vertical values that Laksaman
left unscaled (line gaps, sub/superscript, strikeout, underline) are put back to TH Sarabun
New's. The derived files are named "TH Sarabun New", kept in a private cache folder and
offered to LibreOffice through its own fontconfig file only; nothing is installed on the
system. Each face is also made traceable (``glyphtext``): every glyph LibreOffice draws can
be read back as its text, and a ``.text.json`` beside the face lists that text by outline
for ``pdftext``.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from itadocs.build import glyphtext
from itadocs.exceptions import OutputError, PdfError
from itadocs.files import write_atomic

SCALE = 1.5042
FAMILY = "TH Sarabun New"
LAKSAMAN_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/tlwg"))
STYLES = {
    # style: (Laksaman file, PostScript suffix, OS/2 weight, fsSelection bits, macStyle)
    "Regular": ("Laksaman.ttf", "Regular", 400, 0x40, 0),
    "Bold": ("Laksaman-Bold.ttf", "Bold", 700, 0x20, 1),
    "Italic": ("Laksaman-Italic.ttf", "Italic", 400, 0x01, 2),
    "Bold Italic": ("Laksaman-BoldItalic.ttf", "BoldItalic", 700, 0x21, 3),
}
VERSION = "3"  # bump when the derivation changes, so caches are rebuilt
USE_TYPO_METRICS = 0x80  # OS/2 fsSelection bit 7
# Font-unit values Laksaman copied from TH Sarabun New without scaling them with the outlines.
UNSCALED = {
    "hhea": ("lineGap",),
    "OS/2": ("sTypoLineGap", "ySubscriptXSize", "ySubscriptYSize", "ySubscriptXOffset",
             "ySubscriptYOffset", "ySuperscriptXSize", "ySuperscriptYSize",
             "ySuperscriptXOffset", "ySuperscriptYOffset", "yStrikeoutSize",
             "yStrikeoutPosition"),
    "post": ("underlineThickness",),
}
UNDERLINE_POSITION = -35  # TH Sarabun New's, per 1000 units (Laksaman has -5)
# TH Sarabun New's advances (per 1000 units) where Laksaman's differ by more than rounding.
ADVANCES = {"Regular": {0x0E0A: 380, 0x0E0B: 384}}  # ช ซ


def find_laksaman() -> Path | None:
    """The folder holding Laksaman's four faces, or None when fonts-tlwg-laksaman is absent."""
    for folder in LAKSAMAN_DIRS:
        if (folder / STYLES["Regular"][0]).is_file():
            return folder
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", "Laksaman"], capture_output=True,
                                 text=True, timeout=20, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and Path(out).name == STYLES["Regular"][0]:
            return Path(out).parent
    return None


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/itadocs/fonts``, else ``~/.cache/itadocs/fonts``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "itadocs" / "fonts"


_private: Path | None = None


def private_root() -> Path:
    """A folder of this process's own for the derived faces, when the cache cannot be
    written (a service account whose home folder is not writable); removed at exit."""
    global _private
    if _private is None:
        _private = Path(tempfile.mkdtemp(prefix="itadocs-fonts-"))
        atexit.register(shutil.rmtree, _private, True)
    return _private


def _derive(source: Path, target: Path, style: str) -> None:
    """Write one derived face: Laksaman's outlines on a 1.5042x larger em, renamed."""
    from fontTools.ttLib import TTFont  # imported only when a PDF is made

    _, ps_style, weight, selection, mac_style = STYLES[style]
    font = TTFont(source)
    upm = round(font["head"].unitsPerEm * SCALE)
    font["head"].unitsPerEm = upm
    font["head"].macStyle = mac_style
    for tag, fields in UNSCALED.items():
        for field in fields:
            setattr(font[tag], field, round(getattr(font[tag], field) * SCALE))
    font["post"].underlinePosition = round(UNDERLINE_POSITION * upm / 1000)
    cmap = font.getBestCmap()
    for codepoint, advance in ADVANCES.get(style, {}).items():
        glyph = cmap.get(codepoint)
        if glyph is not None:
            font["hmtx"][glyph] = (round(advance * upm / 1000), font["hmtx"][glyph][1])
    os2 = font["OS/2"]
    os2.usWeightClass = weight
    os2.fsSelection = (os2.fsSelection & ~(0x61 | USE_TYPO_METRICS)) | selection
    os2.fsType = 0  # installable: the PDF may embed it
    name = font["name"]
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    postscript = f"THSarabunNew-{ps_style}"
    for record_id in (1, 2, 3, 4, 6, 16, 17):
        name.removeNames(nameID=record_id)
    for record_id, text in (
        (1, FAMILY), (2, style), (3, f"itadocs derived {postscript}"), (4, full),
        (6, postscript), (16, FAMILY), (17, style),
        (10, "Derived by itadocs from TLWG Laksaman (GPL with font exception): outlines "
             "unchanged, em enlarged by 1.5042 to TH Sarabun New's metrics, for PDF layout."),
    ):
        name.setName(text, record_id, 3, 1, 0x409)
        name.setName(text, record_id, 1, 0, 0)
    glyphtext.keep_mark_order(font)
    known = glyphtext.split_sara_am(font)
    glyphtext.place_marks(font)
    write_atomic(target, font.save)
    # the index from the file as written: the outlines a PDF's subset will carry
    index = glyphtext.text_index(TTFont(target), known)
    write_atomic(text_index_path(target), json.dumps(index, ensure_ascii=False,
                                                     sort_keys=True).encode("utf-8"))


def text_index_path(face: Path) -> Path:
    """Where the text of a derived face's glyphs is kept (``glyphtext.text_index``)."""
    return face.with_name(f"{face.stem}.text.json")


def derived_font_dir(cache_dir: Path | None = None) -> Path | None:
    """The folder with the derived faces and a ``fonts.conf``, built once and cached (in a
    folder of this process's own when the cache cannot be written: ``PdfError`` when that
    cannot be either).

    The folder's name hashes the derivation's version, fontTools' and the source files, so
    a changed Laksaman, derivation or fontTools gets a new folder. Returns None when
    Laksaman is not installed (LibreOffice then substitutes a font and the PDF's line breaks
    may differ from Word's).
    """
    source = find_laksaman()
    if source is None:
        return None
    import fontTools  # its version too: the text index keys outlines as fontTools reads them

    stamp = hashlib.sha256(f"{VERSION};{fontTools.version}".encode())
    faces = {}
    for style, (file, ps_style, *_rest) in STYLES.items():
        path = source / file
        if path.is_file():
            info = path.stat()
            stamp.update(f"{file}:{info.st_size}:{info.st_mtime_ns};".encode())
            faces[style] = (path, f"THSarabunNew-{ps_style}.ttf")
    if cache_dir is not None:
        return _made(cache_dir / stamp.hexdigest()[:16], faces)
    try:
        return _made(cache_root() / stamp.hexdigest()[:16], faces)
    except (OSError, RuntimeError, OutputError) as exc:  # RuntimeError: no home folder
        cache = exc
    try:  # made for this process only
        return _made(private_root() / stamp.hexdigest()[:16], faces)
    except (OSError, OutputError) as exc:
        why = getattr(cache, "strerror", None) or str(cache)
        raise PdfError(
            f"สร้างฟอนต์สำหรับ PDF ไม่ได้: เขียนโฟลเดอร์เก็บฟอนต์ไม่ได้ ({why}) และโฟลเดอร์ชั่วคราว"
            f"ก็ไม่ได้ ({exc}) ให้ตั้ง XDG_CACHE_HOME เป็นโฟลเดอร์ที่เขียนได้ (ไฟล์ .docx สร้างเสร็จแล้ว)",
            f"cannot make the fonts for the PDFs: the font cache cannot be written ({why}) "
            f"nor a temporary folder ({exc}); set XDG_CACHE_HOME to a writable folder (the "
            ".docx files were written)", where="PDF") from exc


def _made(folder: Path, faces: dict[str, tuple[Path, str]]) -> Path:
    """``folder`` with the derived ``faces`` and their ``fonts.conf``, made if missing."""
    conf = folder / "fonts.conf"
    made = [folder / name for _, name in faces.values()]
    if conf.is_file() and all(p.is_file() and text_index_path(p).is_file() for p in made):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for style, (path, name) in faces.items():
        if not (folder / name).is_file() or not text_index_path(folder / name).is_file():
            _derive(path, folder / name, style)
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{escape(str(folder))}</dir>\n"
        f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        "</fontconfig>\n"
    )
    write_atomic(conf, text.encode("utf-8"))
    return folder


def fontconfig_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for LibreOffice in which "TH Sarabun New" is the derived face."""
    env = dict(os.environ if base is None else base)
    folder = derived_font_dir()
    if folder is not None:
        env["FONTCONFIG_FILE"] = str(folder / "fonts.conf")
    return env
