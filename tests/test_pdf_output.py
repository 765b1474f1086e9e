"""PDF output: one LibreOffice run, embedded fonts, extractable Thai, Thai page numbers."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from itadocs.build import pdf
from itadocs.build.fonts import derived_font_dir
from itadocs.cli import main
from itadocs.exceptions import PdfError
from itadocs.model import Member
from itadocs.pipeline import build_workbook
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data, needs_soffice


def _text(path, first=None, last=None, mode="-layout") -> str:
    cmd = ["pdftotext", mode]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*cmd, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def long_order(tmp_path_factory):
    """A Bang Rak workbook with the seed's 34-member working group, built with --pdf."""
    needs_soffice()
    tmp = tmp_path_factory.mktemp("pdf")
    data = bangrak_data()
    data.working_group += [
        Member(f"นายสมมติ ทดสอบ{i}", "นักวิชาการสุขาภิบาลชำนาญการ", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล",
               "คณะทำงาน") for i in range(26)
    ]
    path = write_workbook(tmp / "big.xlsx", data)
    return build_workbook(path, tmp / "out", pdf=True)


def test_pdfs_written_beside_the_docx(long_order):
    assert long_order.outputs["measures_pdf"].name == "ita-measures-2569-bang-rak.pdf"
    assert long_order.outputs["order_pdf"].read_bytes().startswith(b"%PDF")
    leftovers = [p for p in long_order.outputs["order_pdf"].parent.iterdir()
                 if p.name.startswith(".~")]
    assert leftovers == []


def test_fonts_embedded_and_thai_extractable(long_order):
    fonts = subprocess.run(["pdffonts", str(long_order.outputs["measures_pdf"])],
                           capture_output=True, text=True, check=True).stdout
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert lines and all(" yes " in line for line in lines)  # every font embedded
    if derived_font_dir() is not None:
        assert "THSarabunNew-Regular" in fonts and "THSarabunNew-Bold" in fonts
        assert "Laksaman" not in fonts and "DejaVu" not in fonts
    text = _text(long_order.outputs["measures_pdf"])
    assert "มาตรการยกระดับคุณธรรมและความโปร่งใสของสำนักงานเขตบางรัก" in text
    assert "๙๐.๖๐" in text and "ผ่าน" in text


def test_order_page_numbers_from_page_two(long_order):
    order = long_order.outputs["order_pdf"]
    assert _pages(order) >= 2  # 34 working-group members run onto more pages
    first = _text(order, 1)
    assert "คำสั่งสำนักงานเขตบางรัก" in first
    assert "- ๑ -" not in first and "-๑-" not in first.replace(" ", "")
    assert _text(order, 2, mode="-raw").startswith("- ๒ -\n")  # single spaces
    last = _text(order, _pages(order))
    assert "(นางสาวทดสอบ ระบบดี)" in last and "สั่ง ณ วันที่" in last  # kept together


def test_measures_pages_numbered(long_order):
    measures = long_order.outputs["measures_pdf"]
    pages = _pages(measures)
    assert pages >= 8
    for page in range(2, pages + 1):
        assert f"- {''.join('๐๑๒๓๔๕๖๗๘๙'[int(d)] for d in str(page))} -" in _text(
            measures, page, mode="-raw"), page


def test_missing_libreoffice_keeps_docx(bangrak, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(bangrak), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    assert "ไม่พบ LibreOffice" in result.output and "apt-get install" in result.output
    assert (out / "ita-measures-2569-bang-rak.docx").exists()
    assert not list(out.glob("*.pdf"))


def test_convert_reports_a_file_that_failed(tmp_path):
    needs_soffice()
    missing = tmp_path / "gone.docx"  # deleted between the build and the conversion
    with pytest.raises(PdfError) as info:
        pdf.convert_to_pdf([missing], tmp_path)
    assert "gone.docx" in info.value.message_en and "gone.docx" in info.value.message_th
    assert not list(tmp_path.glob("*.pdf"))
