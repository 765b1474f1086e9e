"""Edited templates within bounds: loops that never end, huge values, include, division by
zero, recursion; external relationships and macros; tags a document cannot do without.
Each ends in a message naming the template (and the line), and no document is written."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from itadocs.documents import bounded
from itadocs.documents.templatelint import external_relationships
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data, run, snapshot, templates_with


def after_year(tag: str):
    """Put ``tag`` right after the measures title's {{ fiscal_year }} (paragraph 1)."""
    def change(files):
        xml = files["word/document.xml"].decode()
        assert "{{ fiscal_year }}" in xml
        files["word/document.xml"] = xml.replace("{{ fiscal_year }}",
                                                 "{{ fiscal_year }}" + tag, 1).encode()
    return change


HOSTILE = {
    "nested-loops": ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}"
                     "{% endfor %}", "takes too long", "ใช้เวลาสร้างนานเกินไป"),
    "range": ("{{ range(10**9)|length }}", "range too large", "ใหญ่เกินไป"),
    "include": ("{% include 'other.docx' %}", "cannot include", "ดึงไฟล์อื่น"),
    "division-by-zero": ("{{ 1 / 0 }}", "division by zero", "หารด้วยศูนย์"),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself",
                  "เรียกตัวเอง"),
    "repetition": ("{{ 'x' * 10**9 }}", "too large", "ใหญ่เกินไป"),
    "power": ("{{ 2 ** 10000000 }}", "a power of", "ใหญ่เกินไป"),
    "width": ("{{ '%999999999s'|format(1) }}", "characters wide", "ใหญ่เกินไป"),
    "output-size": ("{% for a in range(99999) %}{{ 'ข้อความยาว' * 99 }}{% endfor %}",
                    "more text than any real document", "ยาวเกินกว่า"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_template(bangrak, tmp_path, monkeypatch, case):
    tag, en, th = HOSTILE[case]
    monkeypatch.setattr(bounded, "RENDER_SECONDS", 2.0)
    monkeypatch.setattr(bounded, "MAX_OUTPUT_CHARS", 5_000_000)
    folder = templates_with(tmp_path, "measures.docx", after_year(tag))
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1
    assert "[measures.docx, line 1]" in result.output, result.output
    assert en in result.output and th in result.output
    assert "near: 'มาตรการยกระดับ" in result.output  # the line is quoted
    assert not snapshot(out)
    if case in ("nested-loops", "include"):  # templates check renders the same way
        check = run("templates", "check", "--templates", folder)
        assert check.exit_code == 1 and "measures.docx" in check.output and en in check.output


def test_a_data_dependent_template_error_fails_that_district_only(tmp_path):
    folder = templates_with(tmp_path, "order.docx", lambda files: files.update({
        "word/document.xml": files["word/document.xml"].decode().replace(
            "{{ order.subject }}", "{{ order.subject }}{{ 100 // (order.committee|length - 5) }}",
            1).encode()}))
    books = tmp_path / "in"
    books.mkdir()
    write_workbook(books / "a.xlsx", bangrak_data())  # five committee members: 100 // 0
    other = bangrak_data(district="ดุสิต", director_position="ผู้อำนวยการเขตดุสิต")
    other.order.signer_position = "ผู้อำนวยการเขตดุสิต"
    other.committee.append(other.committee[-1].__class__("นายเพิ่ม คนที่หก", "นักจัดการงานทั่วไป",
                                                         "ฝ่ายปกครอง", "กรรมการ"))
    write_workbook(books / "b.xlsx", other)
    out = tmp_path / "out"
    result = run("build", books, "-o", out, "--templates", folder, "-j", "1")
    assert result.exit_code == 1
    assert "a.xlsx: ข้อผิดพลาด / ERROR [order.docx, line 3]" in result.output
    assert "division by zero" in result.output
    assert "2 workbooks, 1 failed" in result.output
    assert (out / "ita-order-2569-dusit.docx").exists()
    assert not list(out.glob("*bang-rak*"))


# --------------------------------------------------------------------------- relationships


SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
    'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId90" Type="'
    'http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
    'Target="https://evil.example/template.dotm" TargetMode="External"/></Relationships>')


def _outside_links(files):
    settings = files["word/settings.xml"].decode()
    settings = re.sub(r"(<w:settings\b[^>]*>)", r'\1<w:attachedTemplate r:id="rId90"/>',
                      settings, count=1)
    if "xmlns:r=" not in settings.split(">", 2)[1]:
        settings = settings.replace(
            "<w:settings ", '<w:settings xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships" ', 1)
    files["word/settings.xml"] = settings.encode()
    files["word/_rels/settings.xml.rels"] = SETTINGS_RELS.encode()
    rels = files["word/_rels/document.xml.rels"].decode()
    hyperlink = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
    rels = rels.replace("</Relationships>", (
        f'<Relationship Id="rId91" Type="{hyperlink}" Target="file:///C:/Users/staff/secret.docx"'
        ' TargetMode="External"/>'
        f'<Relationship Id="rId92" Type="{hyperlink}" Target="https://www.bangkok.go.th/"'
        ' TargetMode="External"/></Relationships>'))
    files["word/_rels/document.xml.rels"] = rels.encode()
    xml = files["word/document.xml"].decode()
    links = ('<w:hyperlink r:id="rId91"><w:r><w:t>ไฟล์ในเครื่อง</w:t></w:r></w:hyperlink>'
             '<w:hyperlink r:id="rId92"><w:r><w:t>เว็บไซต์กรุงเทพมหานคร</w:t></w:r>'
             '</w:hyperlink>')
    first = xml.index("</w:p>", xml.index("{{ fiscal_year }}"))
    files["word/document.xml"] = (xml[:first] + links + xml[first:]).encode()


def test_external_relationships_are_listed_and_never_published(bangrak, tmp_path):
    folder = templates_with(tmp_path, "measures.docx", _outside_links)
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 1
    assert "attachedTemplate → https://evil.example/template.dotm" in check.output
    assert "hyperlink → file:///C:/Users/staff/secret.docx" in check.output
    assert "bangkok.go.th" not in check.output  # a web link in the text may stay
    assert "การเชื่อมโยงไปภายนอก" in check.output
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 0, result.output
    built = out / "ita-measures-2569-bang-rak.docx"
    assert [t for _, _, t in external_relationships(built)] == []
    with zipfile.ZipFile(built) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert b"evil.example" not in everything and b"secret.docx" not in everything
    assert b"attachedTemplate" not in everything
    assert b"https://www.bangkok.go.th/" in everything
    text = "\n".join(p.text for p in Document(built).paragraphs)
    text = text.replace("\u2060", "").replace("\u200b", "")  # joiners keep names whole
    assert "ไฟล์ในเครื่อง" in text and "เว็บไซต์กรุงเทพมหานคร" in text  # the words stay


def _macros(files):
    files["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + bytes(500)
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId93" Type="http://schemas.microsoft.com/'
        b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
        b'vbaProject"/></Types>')


def test_macros_are_refused(bangrak, tmp_path):
    folder = templates_with(tmp_path, "order.docx", _macros)
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 1 and "word/vbaProject.bin" in check.output
    assert "vbaProject" in check.output and "cannot be used" in check.output
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1 and "[order.docx]" in result.output
    assert "holds active or remote content" in result.output and not snapshot(out)


def test_required_tags_are_listed_and_a_document_without_them_is_not_built(bangrak, tmp_path):
    def drop(files):
        xml = files["word/document.xml"].decode()
        for tag in ("{{ total }}", "{{ order_text }}"):
            assert tag in xml
            xml = xml.replace(tag, "")
        files["word/document.xml"] = xml.encode()

    folder = templates_with(tmp_path, "measures.docx", drop)
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 1
    assert "the required tag {{ total }} (the ITA total) is missing" in check.output
    assert "{{ order_text }} (the order (section 3))" in check.output
    assert "ไม่มีแท็กที่จำเป็น {{ total }} (คะแนนรวม ITA)" in check.output
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1 and "[measures.docx]" in result.output
    assert "{{ total }}, {{ order_text }}" in result.output and not snapshot(out)


@pytest.mark.parametrize("kind", ["not-an-image", "30000-squared"])
def test_a_garuda_that_is_not_a_sane_image(bangrak, tmp_path, kind):
    from tests.helpers import png_header

    folder = tmp_path / "templates"
    folder.mkdir()
    data = b"<html>not a picture</html>" if kind == "not-an-image" else png_header(30_000, 30_000)
    (folder / "garuda.png").write_bytes(data)
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1 and "[garuda.png]" in result.output
    assert "the Garuda image garuda.png cannot be used" in result.output
    assert "ตราครุฑ garuda.png ใช้ไม่ได้" in result.output and not snapshot(out)


@pytest.mark.parametrize("kind", ["not-an-image", "30000-squared", "bomb", "empty"])
def test_templates_check_opens_the_garuda(tmp_path, kind):
    """The same Garuda that build refuses is named by ``templates check`` first."""
    from tests.helpers import png_bomb, png_header

    folder = tmp_path / "templates"
    folder.mkdir()
    data = {"not-an-image": b"<html>not a picture</html>",
            "30000-squared": png_header(30_000, 30_000), "bomb": png_bomb(20_000, 20_000),
            "empty": b""}[kind]
    (folder / "garuda.png").write_bytes(data)
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 1
    assert "garuda.png: the Garuda image garuda.png cannot be used" in check.output
    assert "garuda.png: ตราครุฑ garuda.png ใช้ไม่ได้" in check.output
    if kind in ("30000-squared", "bomb"):
        assert "at most 25 megapixels" in check.output


def test_templates_check_passes_a_sane_garuda(tmp_path):
    import io

    from PIL import Image

    folder = tmp_path / "templates"
    folder.mkdir()
    buf = io.BytesIO()
    Image.new("RGBA", (300, 300), (200, 160, 0, 255)).save(buf, "PNG")
    (folder / "garuda.png").write_bytes(buf.getvalue())
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 0, check.output
    assert "cannot be used" not in check.output and "are fine" in check.output
