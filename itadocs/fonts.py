"""A face with TH Sarabun New's metrics for LibreOffice, derived from TLWG Laksaman.

Word lays the documents out with TH Sarabun New, which Debian does not ship. LibreOffice
would silently substitute another font and break lines differently, so the PDF would not
match the .docx. TLWG Laksaman (fonts-tlwg-laksaman, GPL with font exception) is
TH Sarabun New's outlines scaled by 150.42%: keeping its outlines and enlarging the em by the
same factor gives glyphs and advances of TH Sarabun New's size. The derived files are
named "TH Sarabun New", kept in a private cache folder and offered to LibreOffice through
its own fontconfig file only; nothing is installed on the system.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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
VERSION = "1"  # bump when the derivation changes, so caches are rebuilt


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
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "itadocs" / "fonts"


def _derive(source: Path, target: Path, style: str) -> None:
    """Write one derived face: Laksaman's outlines on a 1.5042x larger em, renamed."""
    from fontTools.ttLib import TTFont  # imported only when a PDF is made

    _, ps_style, weight, selection, mac_style = STYLES[style]
    font = TTFont(source)
    font["head"].unitsPerEm = round(font["head"].unitsPerEm * SCALE)
    font["head"].macStyle = mac_style
    os2 = font["OS/2"]
    os2.usWeightClass = weight
    os2.fsSelection = (os2.fsSelection & ~0x61) | selection
    os2.fsType = 0  # installable: the PDF may embed it
    name = font["name"]
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    postscript = f"THSarabunNew-{ps_style}"
    for record_id in (1, 2, 3, 4, 6, 16, 17):
        name.removeNames(nameID=record_id)
    for record_id, text in (
        (1, FAMILY), (2, style), (3, f"itadocs derived {postscript}"), (4, full),
        (6, postscript),
        (10, "Derived by itadocs from TLWG Laksaman (GPL with font exception): outlines "
             "unchanged, em enlarged by 1.5042 to TH Sarabun New's metrics, for PDF layout."),
    ):
        name.setName(text, record_id, 3, 1, 0x409)
        name.setName(text, record_id, 1, 0, 0)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(tmp)
    os.replace(tmp, target)


def derived_font_dir(cache_dir: Path | None = None) -> Path | None:
    """The folder with the derived faces and a ``fonts.conf``, built once and cached.

    Returns None when Laksaman is not installed (LibreOffice then substitutes a font and
    the PDF's line breaks may differ from Word's).
    """
    source = find_laksaman()
    if source is None:
        return None
    stamp = hashlib.sha256(VERSION.encode())
    for style in STYLES.values():
        path = source / style[0]
        if path.is_file():
            stamp.update(path.name.encode() + str(path.stat().st_size).encode())
    folder = (cache_dir or cache_root()) / stamp.hexdigest()[:16]
    conf = folder / "fonts.conf"
    if conf.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for style, (file, ps_style, *_rest) in STYLES.items():
        if (source / file).is_file():
            _derive(source / file, folder / f"THSarabunNew-{ps_style}.ttf", style)
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{folder}</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".conf")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, conf)
    return folder


def fontconfig_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for LibreOffice in which "TH Sarabun New" is the derived face."""
    env = dict(os.environ if base is None else base)
    folder = derived_font_dir()
    if folder is not None:
        env["FONTCONFIG_FILE"] = str(folder / "fonts.conf")
    return env
