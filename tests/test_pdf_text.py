"""The PDFs' text, as a plain PDF library reads it: exact once ``pdftext.fix_text`` has
rebuilt the fonts' ToUnicode maps from the derived face's glyphs.

The PDFs are LibreOffice's PDF/A-2b, tagged export as a build makes it (``helpers.export_pdfa``),
and the PDFs ``itadocs build --pdf`` publishes. pypdf reads only ToUnicode (poppler also
reads LibreOffice's ActualText), so pypdf is the reader that must get every word right: the
example's two documents and a line of stacked marks here, every district's order in
``test_all_districts_layout``. The derived face is checked against Laksaman with HarfBuzz:
the same drawing at the same place, glyph for glyph.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from itadocs.build import fonts, glyphtext
from itadocs.build.pdftext import fix_text
from itadocs.exceptions import PdfError
from itadocs.pipeline import build_workbook
from tests.helpers import EXAMPLE, export_pdfa, needs_soffice, run, thai_docx

OFFICE = "สำนักงานเขตคลองสาน"
# Stacked and moved marks, a line each: a below vowel before a tone (ทุ่ง), SARA AM after a
# tone (น้ำ), marks over ป ฝ ฟ (moved left) and under ฎ ฏ, ฤๅ, and Latin text.
WORDS = ("ทุ่งครุ บึงกุ่ม น้ำหนัก", "สำนักงานเขตป้อมปราบศัตรูพ่าย ฝ่ายปกครอง",
         "ฝุ่น ปั้ม ปี่ ฟ้าฝั่ง ผู้ใหญ่บ้าน", "ค่ำ ล้ำ กุ้งปู่ญี่ปุ่น ฎีกา ปฏิบัติ ฤๅษี",
         "ITA (BMA OSS) office")


def _pypdf_text(pdf: Path) -> str:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (the test extra) reads the PDFs' text")
    return "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def _poppler_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _needs_tools() -> None:
    needs_soffice()
    if fonts.find_laksaman() is None or shutil.which("pdftotext") is None:
        pytest.skip("TLWG Laksaman (fonts-tlwg-laksaman) or poppler-utils not installed")


def _fixed(made: list[Path], folder: Path) -> dict[str, Path]:
    """Copies of LibreOffice's PDFs in ``folder``, their text fixed: {stem: PDF}."""
    folder.mkdir()
    fixed = {}
    for pdf in made:
        fixed[pdf.stem] = Path(shutil.copy(pdf, folder / pdf.name))
        fix_text(fixed[pdf.stem])
    return fixed


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The example's order and measures document and the line of WORDS, as LibreOffice
    exports them ("made") and with their text fixed ("fixed"): {kind: {name: PDF}}."""
    _needs_tools()
    folder = tmp_path_factory.mktemp("pdftext")
    outcome = build_workbook(EXAMPLE, folder / "docx")
    words = thai_docx(folder / "docx" / "words.docx", list(WORDS))
    made = export_pdfa([outcome.outputs["order"], outcome.outputs["measures"], words],
                       folder / "made")
    fixed = _fixed(made, folder / "fixed")
    names = {"order": made[0].stem, "measures": made[1].stem, "words": "words"}
    built = run("build", EXAMPLE, "-o", folder / "built", "--pdf")
    assert built.exit_code == 0, built.output
    return {"made": {k: folder / "made" / f"{v}.pdf" for k, v in names.items()},
            "fixed": {k: fixed[v] for k, v in names.items()},
            "built": {k: folder / "built" / f"{names[k]}.pdf" for k in ("order", "measures")}}


# --------------------------------------------------------------------------- the example


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_build_publishes_pdfs_whose_text_reads_exactly(example, kind):
    """What a visitor of the website copies or a search engine indexes: ``build --pdf``
    corrects the text of what LibreOffice wrote."""
    pdf = example["built"][kind]
    text = _pypdf_text(pdf)
    assert text.count(OFFICE) == _poppler_text(pdf).count(OFFICE) >= 7, text[:600]
    assert _squashed(text) == _squashed(_poppler_text(pdf))
    assert "ผู้อำนวยการเขตคลองสาน" in text


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_pypdf_reads_the_office_name_wherever_poppler_does(example, kind):
    pdf = example["fixed"][kind]
    expected = _poppler_text(pdf).count(OFFICE)
    assert expected >= 7  # heading, body, signature, members...
    assert _pypdf_text(pdf).count(OFFICE) == expected, _pypdf_text(pdf)[:600]


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_pypdf_reads_the_whole_text_as_poppler_does(example, kind):
    """Every character, in order; only white space may differ: poppler ends each page with
    a form feed, and pypdf reads as a space the few gaps that justified lines widen inside
    a phrase ("การดำเนินงานของ หน่วยงาน"), which poppler joins."""
    pdf = example["fixed"][kind]
    assert _squashed(_pypdf_text(pdf)) == _squashed(_poppler_text(pdf))


def test_stacked_and_moved_marks_read_back_as_typed(example):
    """Line for line, spaces included: no mark out of order, no SARA AA lost, no space
    read into "ฝ่าย" where a mark was moved over ฝ."""
    assert _pypdf_text(example["fixed"]["words"]).splitlines() == list(WORDS)


def test_measures_document_reads_its_stacked_words(example):
    pdf = example["fixed"]["measures"]
    text, poppler = _pypdf_text(pdf), _poppler_text(pdf)
    assert text.count("น้ำหนัก") == poppler.count("น้ำหนัก") == 2
    assert text.count("ฝ่าย") == poppler.count("ฝ่าย") > 50


def test_libreoffice_alone_does_not(example):
    """Why fix_text runs: the same PDF as LibreOffice wrote it reads wrong in pypdf."""
    assert OFFICE not in _pypdf_text(example["made"]["order"])


def test_fix_adds_to_libreoffice_bytes_and_a_second_fix_changes_nothing(example):
    made, fixed = example["made"]["order"].read_bytes(), example["fixed"]["order"]
    # an incremental update: LibreOffice's bytes as they were, the new maps after them
    assert fixed.read_bytes().startswith(made) and len(fixed.read_bytes()) > len(made)
    before = fixed.read_bytes()
    fix_text(fixed)
    assert fixed.read_bytes() == before


def test_fixed_pdfs_are_still_pdf_a_2b(example):
    page = pytest.importorskip(
        "page", reason="page-validation (PyPI, the test extra) validates PDF/A-2b")
    for kind in ("order", "measures", "words"):
        result = page.validate_pdf(str(example["fixed"][kind]), profile="2b")
        failures = [(f.rule_id, f.message) for f in result.failures]
        made = page.validate_pdf(str(example["made"][kind]), profile="2b")
        assert made.is_compliant, f"LibreOffice's own {kind} PDF is not PDF/A-2b"
        assert result.is_compliant, f"{kind}: {failures}"


# --------------------------------------------------------------------------- fix_text alone


def test_a_file_that_is_no_pdf_is_a_pdf_error_and_stays(tmp_path):
    bad = tmp_path / "order.pdf"
    bad.write_bytes(b"%PDF-1.6\nnot really\n")
    with pytest.raises(PdfError) as caught:
        fix_text(bad, tmp_path)
    assert "order.pdf" in caught.value.message.th and "order.pdf" in caught.value.message.en
    assert bad.read_bytes() == b"%PDF-1.6\nnot really\n"


def test_a_pdf_without_the_derived_face_is_left_alone(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    pdf = tmp_path / "plain.pdf"
    document = pikepdf.new()
    document.add_blank_page()
    document.save(pdf)
    before = pdf.read_bytes()
    fix_text(pdf, tmp_path)  # no text index there
    assert pdf.read_bytes() == before


# --------------------------------------------------------------------------- the face


def _shaper(path: Path):
    """Shape text with HarfBuzz: (every outline point where it is drawn, sorted; the total
    advance; the glyph names in order), in font units."""
    hb = pytest.importorskip("uharfbuzz", reason="uharfbuzz (the test extra) shapes text")
    from fontTools.ttLib import TTFont

    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    tt = TTFont(path)
    glyf, order = tt["glyf"], tt.getGlyphOrder()

    def shape(text: str):
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        drawn, x, names = [], 0, []
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            name = order[info.codepoint]
            names.append(name)
            points = glyf[name].getCoordinates(glyf)[0]
            drawn += [(x + pos.x_offset + px, pos.y_offset + py) for px, py in points]
            x += pos.x_advance
        return sorted(drawn), x, names

    return shape


def _clusters() -> list[str]:
    """Every consonant with every vowel, tone and SARA AM it takes, one or two deep."""
    below, upper = ["ุ", "ู", "ฺ"], ["ั", "ิ", "ี", "ึ", "ื", "็"]
    tones = ["่", "้", "๊", "๋", "์"]
    out = " ".join(WORDS).split()
    for c in map(chr, range(0x0E01, 0x0E2F)):
        out += [c + "ำ", c + "ํ", c + "ํา", *(c + t + "ำ" for t in tones)]
        out += [c + m for m in below + upper + tones]
        out += [c + b + t for b in below for t in [*tones, "ํ"]]
        out += [c + u + t for u in upper for t in tones]
    return out


@pytest.mark.parametrize("style", ["Regular", "Bold"])
def test_derived_face_draws_every_cluster_where_laksaman_does(tmp_path, style):
    """The same outlines at the same places and the same advances as Laksaman (ช and ซ
    excepted in Regular: their advances are TH Sarabun New's on purpose)."""
    if fonts.find_laksaman() is None:
        pytest.skip("TLWG Laksaman (fonts-tlwg-laksaman) not installed")
    folder = fonts.derived_font_dir(tmp_path)
    laksaman = _shaper(fonts.find_laksaman() / fonts.STYLES[style][0])
    derived = _shaper(folder / f"THSarabunNew-{style}.ttf")
    words = [w for w in _clusters() if style != "Regular" or not set(w) & {"ช", "ซ"}]
    moved = [w for w in words if laksaman(w)[:2] != derived(w)[:2]]
    assert not moved, moved[:10]
    # and the glyphs are in the text's order, the tone after the vowel below
    assert derived("ทุ่")[2] == ["uni0E17", "uni0E38", "uni0E48.low"]


def test_text_index_gives_each_glyph_its_own_text(tmp_path):
    if fonts.find_laksaman() is None:
        pytest.skip("TLWG Laksaman (fonts-tlwg-laksaman) not installed")
    from fontTools.ttLib import TTFont

    face = fonts.derived_font_dir(tmp_path) / "THSarabunNew-Regular.ttf"
    font = TTFont(face)
    index = json.loads(fonts.text_index_path(face).read_text(encoding="utf-8"))

    def text(glyph: str) -> str | None:
        return index.get(glyphtext.outline_key(font["glyf"], font["hmtx"], glyph))

    assert (text("uni0E32"), text("uni0E32.am")) == ("า", "ำ")
    assert (text("uni0E4D"), text("uni0E4D.am")) == ("ํ", "")
    assert (text("uni0E48.low"), text("uni0E0D.descless")) == ("่", "ญ")
    placed = [g for g in font.getGlyphOrder() if g.startswith("uni0E49.low.at")]
    assert placed and {text(g) for g in placed} == {"้"}
    assert text("space") is None  # looks like a no-break space: LibreOffice's map decides


def test_a_stream_ending_in_a_carriage_return_is_ended_unambiguously(tmp_path):
    """Data ending in CR, then LF and "endstream" (as LibreOffice writes it, about one
    stream in 256) reads one byte short to a PDF/A validator; fix_text writes that stream
    again with CR LF after it, and a reader gets the same bytes."""
    pikepdf = pytest.importorskip("pikepdf")
    data = b"0 0 m 10 10 l S\r"
    pdf = tmp_path / "cr.pdf"
    document = pikepdf.new()
    document.add_blank_page()
    document.pages[0].Contents = document.make_stream(data)
    document.save(pdf, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    assert b"l S\r\nendstream" in pdf.read_bytes()  # ambiguous: CR LF or LF?
    assert "PDFA2B-STREAM-LENGTH-001" in _rules(pdf)
    fix_text(pdf, tmp_path)
    assert b"l S\r\r\nendstream" in pdf.read_bytes()
    assert "PDFA2B-STREAM-LENGTH-001" not in _rules(pdf)
    with pikepdf.open(pdf) as fixed:
        assert fixed.pages[0].Contents.read_raw_bytes() == data
    before = pdf.read_bytes()
    fix_text(pdf, tmp_path)
    assert pdf.read_bytes() == before


def _rules(pdf: Path) -> set[str]:
    """The PDF/A-2b rules ``pdf`` breaks, by the independent validator."""
    page = pytest.importorskip(
        "page", reason="page-validation (PyPI, the test extra) validates PDF/A-2b")
    return {f.rule_id for f in page.validate_pdf(str(pdf), profile="2b").failures}
