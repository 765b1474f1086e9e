"""Templates judged by what they do: a required value hidden behind a condition, markup let
in from a workbook cell, active or remote content known by its type, and templates re-saved
by LibreOffice (table titles and section breaks lost) — each mended or refused, never a
broken document with exit code 0."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENTATION

from itadocs.documents import captions, verify
from itadocs.exceptions import DocumentIncomplete
from itadocs.workbooks.writer import write_workbook
from tests.helpers import (
    TEMPLATES,
    bangrak_data,
    needs_soffice,
    run,
    snapshot,
    templates_with,
)


@pytest.fixture
def bangrak(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "ita-bangrak-2569.xlsx", bangrak_data())


def _replace(old: str, new: str):
    def change(files):
        xml = files["word/document.xml"].decode()
        assert old in xml, old
        files["word/document.xml"] = xml.replace(old, new, 1).encode()
    return change


def _refused(bangrak: Path, tmp_path: Path, folder: Path, *words: str) -> None:
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 1, check.output
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1, result.output
    assert not snapshot(out)  # nothing written
    for word in words:
        assert word in check.output and word in result.output, word


def test_a_total_inside_a_condition_never_true_is_refused(bangrak, tmp_path):
    folder = templates_with(tmp_path, "measures.docx",
                            _replace("{{ total }}", "{% if 1 > 2 %}{{ total }}{% endif %}"))
    _refused(bangrak, tmp_path, folder, "{{ total }}", "does not print")


@pytest.mark.parametrize("tag", ["{{ office|safe }}", "{{ lipsum(1) }}",
                                 "{{ office|urlize }}"])
def test_markup_from_a_template_is_refused(bangrak, tmp_path, tag):
    folder = templates_with(tmp_path, "measures.docx", _replace("{{ office }}", tag))
    _refused(bangrak, tmp_path, folder, "Word markup")


def test_markup_inside_text_is_never_written():
    """Whatever produced it, a text element holding markup fails the read-back."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml",
                    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                    '2006/main"><w:body><w:p><w:r><w:t>a<w:br/>b</w:t></w:r></w:p><w:sectPr/>'
                    "</w:body></w:document>")
    with pytest.raises(DocumentIncomplete, match="<br> element inside its text"):
        verify.check_docx(buffer.getvalue(), verify.Expected(), "x.docx")


def _field(instr: str):
    return _replace("{{ office }}", "{{ office }}</w:t></w:r><w:r><w:fldChar w:fldCharType="
                    f'"begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} '
                    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>')


def _vba_elsewhere(files):
    """A VBA project under an innocent name, reached by its relationship and content type."""
    files["word/styles2.bin"] = b"\xd0\xcf\x11\xe0" + bytes(500)
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId93" Type="http://schemas.microsoft.com/'
        b'office/2006/relationships/vbaProject" Target="styles2.bin"/></Relationships>')
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/styles2.bin" ContentType="application/'
        b'vnd.ms-office.vbaProject"/></Types>')


def _ole(files):
    xml = files["word/document.xml"].decode()
    files["word/document.xml"] = xml.replace(
        "{{ office }}", '{{ office }}</w:t></w:r><w:r><w:object><v:shape xmlns:v="urn:'
        'schemas-microsoft-com:vml" id="x"/></w:object></w:r><w:r><w:t>', 1).encode()


@pytest.mark.parametrize("change,words", [
    (_vba_elsewhere, ["vbaProject", "[Content_Types].xml"]),
    (_ole, ["(OLE)"]),
    (_field(r'INCLUDEPICTURE "http://evil.example/x.png" \d'), ["INCLUDEPICTURE"]),
    (_field(r'INCLUDETEXT "\\\\server\\share\\a.docx"'), ["INCLUDETEXT"]),
], ids=["vba-under-another-name", "ole-object", "includepicture", "includetext"])
def test_active_or_remote_content_is_refused_by_what_it_is(bangrak, tmp_path, change, words):
    folder = templates_with(tmp_path, "measures.docx", change)
    _refused(bangrak, tmp_path, folder, *words)


# --------------------------------------------------------------------------- re-saved


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> Path:
    """The default templates opened and saved again by LibreOffice."""
    needs_soffice()
    tmp = tmp_path_factory.mktemp("resaved")
    for name in ("measures.docx", "order.docx"):
        shutil.copy(TEMPLATES / name, tmp / name)
    out = tmp / "templates"
    out.mkdir()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                    str(tmp / "measures.docx"), str(tmp / "order.docx")],
                   check=True, capture_output=True, timeout=300)
    lost = Document(str(out / "measures.docx"))
    assert [captions.caption_of(t) for t in lost.tables] == [None] * 4  # what it does
    shutil.copy(Path(__file__).parent / "fixtures" / "garuda.png", out / "garuda.png") \
        if (Path(__file__).parent / "fixtures" / "garuda.png").exists() else \
        (out / "garuda.png").write_bytes(_garuda_png())
    return out


def _garuda_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (300, 300), (200, 160, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_template_resaved_by_libreoffice_builds_a_right_document(bangrak, tmp_path,
                                                                   resaved):
    check = run("templates", "check", "--templates", resaved)
    assert check.exit_code == 0, check.output
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", resaved)
    assert result.exit_code == 0, result.output
    measures = Document(str(out / "ita-measures-2569-bang-rak.docx"))
    orientations = [s.orientation for s in measures.sections]
    assert WD_ORIENTATION.LANDSCAPE in orientations  # section 5 keeps its landscape pages
    table1 = captions.table_by_caption(measures, captions.TABLE1)
    assert table1 is not None
    merged = table1._tbl.xpath(".//w:vMerge")
    assert merged, "Table 1's tool cells are merged"
    order = Document(str(out / "ita-order-2569-bang-rak.docx"))
    header = order.sections[0].first_page_header
    assert header._element.xpath(".//pic:pic")  # the Garuda is placed
    assert "garuda.png ในโฟลเดอร์แม่แบบ" not in "".join(p.text for p in header.paragraphs)


def test_a_template_that_lost_its_landscape_section_is_refused(bangrak, tmp_path):
    def no_landscape(files):
        xml = files["word/document.xml"].decode()
        assert 'w:orient="landscape"' in xml
        files["word/document.xml"] = xml.replace(' w:orient="landscape"', "").encode()

    folder = templates_with(tmp_path, "measures.docx", no_landscape)
    _refused(bangrak, tmp_path, folder, "landscape")


def test_an_order_that_lost_its_garuda_frame_is_refused(bangrak, tmp_path):
    def no_frame(files):
        for name in [n for n in files if n.startswith("word/header")]:
            xml = files[name].decode()
            if "garuda" in xml:
                start, end = xml.index("<w:tbl>"), xml.index("</w:tbl>") + len("</w:tbl>")
                files[name] = (xml[:start] + xml[end:]).encode()

    folder = templates_with(tmp_path, "order.docx", no_frame)
    _refused(bangrak, tmp_path, folder, "Garuda")
