"""Helpers shared by the fault and hostile-input tests."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from itadocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("ita-measures-2569-bang-rak.docx", "ita-order-2569-bang-rak.docx",
           "ita-scores-2569-bang-rak.csv", "ita-measures-2569-bang-rak.csv",
           "ita-data-2569-bang-rak.json")


def run(*args: object):
    """``itadocs ARGS`` in this process; never a traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def itadocs(*args: object, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """``itadocs ARGS`` as a real process (stdout and stderr as text)."""
    return subprocess.run([sys.executable, "-m", "itadocs.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env(),
                          **kwargs)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, hidden ones included."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def edit(path: Path, fn: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def set_cells(path: Path, sheet: str, cells: dict[str, object]) -> Path:
    def change(wb):
        for ref, value in cells.items():
            wb[sheet][ref] = value
    return edit(path, change)


def sheet_part(files: dict[str, bytes], sheet: str) -> str:
    """The zip part name of a worksheet, by its name."""
    workbook = files["xl/workbook.xml"].decode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', workbook)[1]
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*/>', rels)[0]
    return "xl/" + re.search(r'Target="([^"]+)"', target)[1].lstrip("/").removeprefix("xl/")


def rewrite_zip(path: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Rewrite a zip package's parts in place (``change`` edits the dict of parts)."""
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    change(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def set_raw_cell(path: Path, sheet: str, ref: str, xml: str) -> Path:
    """Replace one cell's XML as a hostile tool could write it."""
    def change(files):
        part = sheet_part(files, sheet)
        text = files[part].decode()
        m = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', text)
        assert m, ref
        files[part] = text.replace(m[0], xml, 1).encode()
    return rewrite_zip(path, change)
