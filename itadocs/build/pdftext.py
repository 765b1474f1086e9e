"""A PDF whose text a plain PDF library extracts exactly: each font's ToUnicode map rebuilt
from the glyphs themselves.

LibreOffice maps a glyph to the text of the shaping cluster it first drew, in glyph order,
and leaves the other glyphs of a cluster unmapped; where a later use of a glyph has other
text it adds ActualText, which poppler reads but pypdf and pdfminer do not. So pypdf read
"สำนักงนเขตคลองสน" and "ทุ่งคร่". After LibreOffice has written a PDF, ``fix_text`` reads
each embedded subset of the derived "TH Sarabun New" (``fonts.py``), recognises every glyph
by its outline in the face's text index (``glyphtext.py``) and writes the font's map anew:
each code gives its glyph's own text (the NIKHAHIT of a SARA AM nothing, the SARA AA that
closes it "ำ", a lowered tone mark its tone mark), and the derived face keeps glyphs in the
text's order, so the text reads in logical order. A glyph the index does not know, or knows
to be shared by two texts (a space and a no-break space look alike), keeps LibreOffice's
mapping. The only other change: a stream whose data ends in a carriage return is written
again with CR LF before "endstream" (``_ambiguous``), which a PDF/A validator otherwise
reads one byte short. The rest of the file is LibreOffice's, so a PDF/A stays PDF/A.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import Any

from itadocs.build import fonts
from itadocs.build.glyphtext import outline_key
from itadocs.exceptions import PdfError
from itadocs.files import Content, commit, stage

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[([^\]]*)\]")
_HEADER = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
)
_FOOTER = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
BLOCK = 100  # at most 100 mappings between beginbfchar and endbfchar


def fix_text(pdf: Path, fonts_dir: Path | None = None) -> None:
    """Rewrite the ToUnicode maps of ``pdf``'s fonts of the derived face, in place (a new
    file renamed over it), and end every stream unambiguously (``_ambiguous``). A PDF
    with neither to do is left as it is. ``fonts_dir``: the derived faces' folder (default
    ``fonts.derived_font_dir()``; without one, no map changes). Raises ``PdfError`` when
    ``pdf`` is not a readable PDF."""
    import pikepdf

    folder = fonts_dir or fonts.derived_font_dir()
    try:
        original = pdf.read_bytes()
        # pages' inherited attributes are read where they are, not copied into each page
        with pikepdf.open(pdf, inherit_page_attributes=False) as document, _quiet_fonttools():
            maps = {font.objgen: (font, data) for font, data in _new_maps(document, folder)}
            mends = _ambiguous(original, document)
            if not maps and not mends:
                return
            content: Content | None = _appended(original, document, list(maps.values()),
                                                mends)
            if content is None:  # write the whole file anew instead
                for font, data in maps.values():
                    font.ToUnicode = document.make_stream(data)
                content = partial(document.save, fix_metadata_version=False)
            staged = stage(pdf, content)
    except (pikepdf.PdfError, OSError) as exc:
        raise PdfError(
            f"อ่านไฟล์ PDF {pdf.name} ไม่ได้ จึงแก้ข้อความสำหรับค้นหาไม่ได้: {exc}",
            f"cannot read {pdf.name} as PDF to correct its extractable text: {exc}",
            where=str(pdf),
        ) from exc
    commit(staged, pdf)


Update = tuple[tuple[int, int], bytes, bytes]  # object, its stream dictionary, raw data


def _ambiguous(original: bytes, document: Any) -> list[Update]:
    """Streams whose data ends in a carriage return that LibreOffice follows with a bare
    line feed and "endstream": the CR LF reads as the end-of-line before "endstream", one
    byte short of /Length, and a PDF/A validator (page-validation's STREAM-LENGTH rule)
    refuses the file, as it did for about 3 in 100 PDFs. Written again with CR LF after the
    data, they read one way only."""
    import pikepdf

    found = []
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.objgen == (0, 0):
            continue
        raw = obj.read_raw_bytes()
        if not raw.endswith(b"\r"):
            continue
        number, generation = obj.objgen
        at = original.rfind(b"\n%d %d obj" % (number, generation))
        start = original.find(b"stream", at) + len(b"stream")
        start += 2 if original[start:start + 2] == b"\r\n" else 1
        if at < 0 or original[start + len(raw):start + len(raw) + 10] != b"\nendstream":
            continue
        head = pikepdf.Dictionary({key: value for key, value in obj.stream_dict.items()
                                   if key != "/Length"})
        head.Length = len(raw)
        found.append((obj.objgen, head.unparse(resolved=False), raw))
    return found


def _appended(original: bytes, document: Any, maps: list[tuple[Any, bytes]],
              mends: list[Update]) -> bytes | None:
    """``original`` with an incremental update giving each font's ToUnicode stream its new
    map and writing the ``mends`` again: LibreOffice's bytes stay as they are and only these
    objects are added (a full rewrite of a 21-page tagged PDF costs more than the rest of the
    work). None when the file is not one this simple update suits (a cross-reference stream,
    a font without a map of its own, a direct trailer entry)."""
    tail = original[-1024:]
    at = tail.rfind(b"startxref")
    numbers = tail[at + 9:].split()[:1] if at >= 0 else []
    previous = int(numbers[0]) if numbers and numbers[0].isdigit() else -1
    trailer = document.trailer
    if original[previous:previous + 4] != b"xref":
        return None
    streams = [font.ToUnicode.objgen if "/ToUnicode" in font else (0, 0) for font, _ in maps]
    if (0, 0) in streams or len(set(streams)) < len(streams):  # missing, direct or shared
        return None
    if any(key in trailer and trailer[key].objgen == (0, 0) for key in ("/Root", "/Info")):
        return None
    updates = {objgen: (head, raw) for objgen, head, raw in mends}
    for font, data in maps:
        packed = zlib.compress(data)
        updates[font.ToUnicode.objgen] = (
            b"<</Length %d/Filter/FlateDecode>>" % len(packed), packed)
    out = bytearray(original if original.endswith(b"\n") else original + b"\n")
    entries = []
    for (number, generation), (head, raw) in sorted(updates.items()):
        entries.append(b"%d 1\n%010d %05d n\r\n" % (number, len(out), generation))
        # CR LF before "endstream": never read as part of the data, whatever it ends with
        out += b"%d %d obj\n%s\nstream\n%s\r\nendstream\nendobj\n" % (
            number, generation, head, raw)
    xref = len(out)
    out += b"xref\n" + b"".join(entries) + b"trailer\n<</Size %d" % int(trailer.Size)
    for key in ("/Root", "/Info"):
        if key in trailer:
            out += b"/%s %d %d R" % (key[1:].encode(), *trailer[key].objgen)
    if "/ID" in trailer:
        out += b"/ID [" + b"".join(b"<%s>" % bytes(v).hex().upper().encode()
                                   for v in trailer.ID) + b"]"
    out += b"/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (previous, xref)
    return bytes(out)


def _fonts(document: Any) -> Iterator[Any]:
    """Every font of the pages and of the forms they draw, once each."""
    seen: set[tuple[int, int]] = set()

    def new(obj: Any) -> bool:  # a direct object is met once; an indirect one may recur
        if obj.objgen == (0, 0):
            return True
        if obj.objgen in seen:
            return False
        seen.add(obj.objgen)
        return True

    todo = []
    for page in document.pages:  # a page's resources, and those it inherits
        node = page.obj
        while node is not None and new(node):
            todo.append(node.get("/Resources"))
            node = node.get("/Parent")
    while todo:
        resources = todo.pop()
        if resources is None or not new(resources):
            continue
        yield from (font for font in (resources.get("/Font") or {}).values() if new(font))
        todo += [xobject.get("/Resources")
                 for xobject in (resources.get("/XObject") or {}).values()
                 if xobject.get("/Subtype") == "/Form" and new(xobject)]


@contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """fontTools warns of what LibreOffice's subsets leave out (a zero date): not news."""
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


@cache
def _index(path: Path) -> dict[str, str]:
    """A derived face's text index (outline key -> text); empty when it is missing."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _new_maps(document: Any, folder: Path | None) -> Iterator[tuple[Any, bytes]]:
    """Each font of the derived face whose ToUnicode map changes, with its new map (none
    without the derived faces' folder)."""
    if folder is None:
        return
    for font in _fonts(document):
        data = _new_map(font, folder)
        if data is not None:
            yield font, data


def _new_map(font: Any, folder: Path) -> bytes | None:
    """For a subset of a derived face, a ToUnicode map from its glyphs' own texts; None
    when it would not change, for other fonts, and for subsets that cannot be read."""
    if font.get("/Subtype") != "/TrueType" or "/FontDescriptor" not in font:
        return None
    program = font.FontDescriptor.get("/FontFile2")
    postscript = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
    index = _index(fonts.text_index_path(folder / f"{postscript}.ttf"))
    if program is None or not index:
        return None
    try:
        glyphs = _glyph_texts(program.read_bytes(), index)
    except Exception:  # a subset fontTools cannot read keeps LibreOffice's map, as it was
        return None
    try:
        old = _parse(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
    except ValueError:  # a map that cannot be read is replaced by the glyphs' own
        old = {}
    new = {**old, **glyphs}
    return None if new == old else _cmap(new)


def _glyph_texts(program: bytes, index: dict[str, str]) -> dict[int, str]:
    """Code -> text for the glyphs of an embedded TrueType subset the index knows."""
    from fontTools.ttLib import TTFont

    subset = TTFont(io.BytesIO(program), lazy=True)
    glyf, hmtx = subset["glyf"], subset["hmtx"]
    texts = {}
    for code, glyph in _codes(subset).items():
        text = index.get(outline_key(glyf, hmtx, glyph))
        if text is not None:
            texts[code] = text
    return texts


def _codes(subset: Any) -> dict[int, str]:
    """Code -> glyph of a simple TrueType font: its (3,0) or (1,0) cmap, as PDF reads a
    symbolic font's, else glyph number = code."""
    tables = {(t.platformID, t.platEncID): t for t in subset["cmap"].tables} \
        if "cmap" in subset else {}
    table = tables.get((3, 0)) or tables.get((1, 0))
    if table is None:
        return dict(enumerate(subset.getGlyphOrder()[:256]))
    return {code & 0xFF: glyph for code, glyph in table.cmap.items()
            if code < 0x100 or 0xF000 <= code < 0xF100}


def _parse(cmap: bytes) -> dict[int, str]:
    """The mappings of a one-byte ToUnicode CMap (bfchar and bfrange)."""
    found: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        pairs = [_hex(m[0]) for m in _TOKEN.findall(block)]
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            found[int.from_bytes(src, "big")] = dst.decode("utf-16-be", "replace")
    for block in _BFRANGE.findall(cmap):
        tokens: list[tuple[bytes, bytes]] = _TOKEN.findall(block)
        for i in range(0, len(tokens) - 2, 3):
            low, high = (int.from_bytes(_hex(t[0]), "big") for t in tokens[i:i + 2])
            single, listed = tokens[i + 2]
            texts = [_hex(h) for h in re.findall(rb"<([0-9A-Fa-f\s]*)>", listed)]
            for n, code in enumerate(range(low, high + 1)):
                if listed:  # [<dst> <dst> ...]
                    dst = texts[n] if n < len(texts) else b""
                else:  # the first text, its last character counting up
                    base = _hex(single)
                    dst = base[:-2] + (int.from_bytes(base[-2:], "big") + n).to_bytes(2, "big")
                found[code] = dst.decode("utf-16-be", "replace")
    return found


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", token).decode("ascii"))


def _cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap for one-byte codes; an empty text maps to nothing (``<>``)."""
    entries = [f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>"
               for code, text in sorted(mapping.items())]
    blocks = [entries[i:i + BLOCK] for i in range(0, len(entries), BLOCK)]
    body = "".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar\n" for b in blocks)
    return (_HEADER + body + _FOOTER).encode("ascii")
