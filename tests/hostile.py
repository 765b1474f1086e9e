"""Hostile files made by the tests: huge sheets of formatted cells, pictures that are not
what they claim to be. Used by the tests and by bench/run.py."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from tests.helpers import sheet_part


def _column(n: int) -> bytes:
    letters = b""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = bytes([65 + rem]) + letters
    return letters


def formatted_cells(path: Path, sheet: str, *, last_row: int, columns: int,
                    values: dict[str, str] | None = None) -> Path:
    """Fill ``sheet`` below its content, up to ``last_row``, with empty formatted cells in
    columns B.. (as a spreadsheet writes a column formatted all the way down), plus text
    ``values`` by cell ("A3000": "x", also below ``last_row``). Written streaming, so
    millions of cells are cheap."""
    values = {ref: text for ref, text in (values or {}).items()}
    by_row: dict[int, list[tuple[bytes, str]]] = {}
    for ref, text in values.items():
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        by_row.setdefault(int(m[2]), []).append((m[1].encode(), text))
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        part = sheet_part({n: src.read(n) for n in ("xl/workbook.xml",
                                                     "xl/_rels/workbook.xml.rels")}, sheet)
        for info in src.infolist():
            data = src.read(info)
            if info.filename != part:
                dst.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            rows = [int(n) for n in re.findall(rb"<row [^>]*?r=\"(\d+)\"", head)]
            first = max(rows, default=0) + 1
            with dst.open(info.filename, "w") as out:
                out.write(head)
                styled = [b'<c r="%s%%d" s="1"/>' % _column(c) for c in range(2, columns + 2)]
                template = b"".join(styled)
                count = template.count(b"%d")
                for r in sorted({*range(first, last_row + 1), *(n for n in by_row if n >= first)}):
                    cells = b"".join(
                        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                        % (col, r, text.encode()) for col, text in sorted(by_row.get(r, [])))
                    styled_row = template % ((r,) * count) if r <= last_row else b""
                    out.write(b'<row r="%d" s="1" customFormat="1" ht="21" customHeight="1">'
                              % r + cells + styled_row + b"</row>")
                out.write(b"</sheetData>" + tail)
    tmp.replace(path)
    return path


def png_header(width: int, height: int, body: bytes | None = None) -> bytes:
    """A PNG declaring ``width`` x ``height`` pixels; its data is ``body`` (default: a small
    valid stream of blank rows, far fewer than declared — a truncated image)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    data = body if body is not None else zlib.compress(b"\0" * (1 + (width + 7) // 8) * 4)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def png_bomb(width: int, height: int) -> bytes:
    """A complete 1-bit PNG of ``width`` x ``height`` blank pixels: a few hundred KB that
    would decode to gigabytes."""
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 256) for _ in range(height // 256)]
    parts.append(packer.compress(row * (height % 256)))
    parts.append(packer.flush())
    return png_header(width, height, b"".join(parts))
