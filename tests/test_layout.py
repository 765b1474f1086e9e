"""The PDF's pages, measured: entries that hold together, no heading at a page's foot,
no name or compound broken across lines, the order's page-2 number where it belongs.

Two districts: the bundled example (Khlong San) and one with long names everywhere (the
longest district name, long positions and departments, a working group of 40 and long
analysis texts running over pages). Lines are read from ``pdftotext -bbox-layout``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from itadocs import framework
from itadocs.build.batch import build
from itadocs.documents.render import text_of
from itadocs.documents.typeset import plain
from itadocs.model import Analysis, Measure, Member
from itadocs.reading import schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import EXAMPLE, bangrak_data, needs_soffice

PT_PER_CM = 72 / 2.54
LEFT = 3.0 * PT_PER_CM  # left margin
DETAIL_X = LEFT + 3.5 * PT_PER_CM  # where a member's detail lines (and wrapped lines) start
HEADINGS = ("Heading 1", "Heading 2", "ITA Caption", "ITA Order Heading",
            "ITA Order Body Heading", "ITA Table Band")


@dataclass
class Line:
    page: int
    x: float
    top: float
    bottom: float
    text: str


def long_names_data():
    """A district with long names in every place a name is printed."""
    data = bangrak_data()
    unit = data.unit
    unit.district = "ป้อมปราบศัตรูพ่าย"
    unit.director_position = "ผู้อำนวยการเขตป้อมปราบศัตรูพ่าย"
    data.order.signer_position = unit.director_position
    data.order.subject = ("แต่งตั้งคณะกรรมการและคณะทำงานการประเมินคุณธรรมและความโปร่งใสในการ"
                          "ดำเนินงานของหน่วยงานภาครัฐ (ITA) สำนักงานเขตป้อมปราบศัตรูพ่าย")
    departments = [d for d in schema.lists().departments if d.startswith("ฝ่าย")]
    data.committee = [
        Member("", "ผู้อำนวยการเขตป้อมปราบศัตรูพ่าย", "", "ประธานกรรมการ"),
        Member("", "ผู้ช่วยผู้อำนวยการเขตป้อมปราบศัตรูพ่าย", "", "รองประธานกรรมการ"),
        *(Member("", f"หัวหน้า{d}", "", "กรรมการ") for d in departments),
        Member("", "หัวหน้าฝ่ายปกครอง", "", "กรรมการและเลขานุการ"),
        Member("นางสาวปัณณ์ชญาณ์ ศรีวิเศษธรรมกุล", "นักบริหารงานนโยบายและแผนชำนาญการพิเศษ",
               "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม", "กรรมการและผู้ช่วยเลขานุการ"),
    ]
    data.committee = _unique(data.committee)
    data.working_group = [
        Member("", "หัวหน้าฝ่ายปกครอง", "", "ประธานคณะทำงาน"),
        *(Member(f"นางสาวกัญญาณัฐ ประเสริฐวงศ์ตระกูล{i}",
                 "นักวิชาการสุขาภิบาลชำนาญการพิเศษ",
                 departments[i % len(departments)], "คณะทำงาน") for i in range(38)),
        Member("นายเลขา ทำงาน", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ",
               "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", "คณะทำงานและเลขานุการ"),
    ]
    long_text = ("สำนักงานเขตป้อมปราบศัตรูพ่ายได้ดำเนินการตามแผนปฏิบัติการด้านการป้องกันและ"
                 "ปราบปรามการทุจริตและประพฤติมิชอบอย่างต่อเนื่อง โดยหน่วยงานรับผิดชอบได้จัดทำ"
                 "รายงานผลการใช้งบประมาณที่ไม่ซับซ้อน และเปิดเผยต่อสาธารณะทุกไตรมาส ")
    data.analyses = [
        Analysis(a.indicator, a.text + " " + long_text * 3,
                 "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", "ทุก ๓ เดือน")
        for a in data.analyses
    ]
    data.measures = [
        Measure(n, f"มาตรการข้อ {k} ของตัวชี้วัดที่ {n} " + long_text)
        for n in range(1, 11) for k in range(1, 6)
    ]
    for p in data.paragraphs:
        p.text = p.text.replace("บางรัก", "ป้อมปราบศัตรูพ่าย") + " " + long_text
    return data


def _unique(members):
    seen, out = set(), []
    for m in members:
        key = (m.name, m.position)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Both districts built with PDFs (one LibreOffice run): {district: {kind: path}}."""
    needs_soffice()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    folder = tmp_path_factory.mktemp("layout")
    books = folder / "books"
    books.mkdir()
    shutil.copy(EXAMPLE, books / EXAMPLE.name)
    write_workbook(books / "long-names.xlsx", long_names_data())
    outcomes = build([books], folder / "out", pdf=True, jobs=1)
    assert all(o.status == "built" for o in outcomes), [o.error for o in outcomes]
    return {o.district: o.outputs for o in outcomes}


DISTRICTS = ["คลองสาน", "ป้อมปราบศัตรูพ่าย"]


def lines_of(pdf: Path) -> list[Line]:
    """Every line of every page, in pdftotext's reading order; words that pdftotext split
    at a stacked mark ("ฝ่ ายปกครอง") joined again."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    out = []
    for number, page in enumerate(root.iterfind(".//h:page", ns), start=1):
        for line in page.iterfind(".//h:line", ns):
            words = line.findall("h:word", ns)
            text, last = "", None
            for w in words:
                gap = float(w.get("xMin")) - last if last is not None else 99
                text += ("" if gap < 2.5 else " ") + (w.text or "")
                last = float(w.get("xMax"))
            out.append(Line(number, float(line.get("xMin")), float(line.get("yMin")),
                            float(line.get("yMax")), text.strip()))
    return out


def _pages(lines: list[Line]) -> dict[int, list[Line]]:
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return pages


def _body(page: list[Line]) -> list[Line]:
    """A page's lines without its page number, top to bottom."""
    lines = sorted(page, key=lambda ln: (ln.top, ln.x))
    return [ln for ln in lines if not re.fullmatch(r"- ?[๐-๙0-9]+ ?-", ln.text.replace(" ", ""))
            and not re.fullmatch(r"-[๐-๙0-9]+-", ln.text.replace(" ", ""))]


def _squash(text: str) -> str:
    """Text for comparing: no spaces, and no Thai marks (text extraction sometimes puts a
    stacked vowel or tone mark after the next letter: "ตัวชีว้ ัด")."""
    text = re.sub(r"\s+", "", plain(text)).replace("\u0e33", "\u0e32")  # ำ = ํ + า
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


# --------------------------------------------------------------------------- entries


@pytest.mark.parametrize("district", DISTRICTS)
@pytest.mark.parametrize("kind", ["order", "measures"])
def test_no_member_entry_split_across_pages(documents, district, kind):
    pages = _pages(lines_of(documents[district][f"{kind}_pdf"]))
    for number, page in pages.items():
        body = _body(page)
        if number == 1 or not body:
            continue
        first = body[0]
        assert abs(first.x - DETAIL_X) > 3, (
            f"page {number} starts with the rest of a member's entry: {first.text!r}")


# --------------------------------------------------------------------------- headings


def _headings(docx: Path) -> list[str]:
    doc = Document(docx)
    texts = [p.text for p in doc.paragraphs if p.style.name in HEADINGS]
    for table in doc.tables:
        for cell in table._cells:
            texts += [p.text for p in cell.paragraphs if p.style.name in HEADINGS]
    return [_squash(t) for t in texts if t.strip()]


@pytest.mark.parametrize("district", DISTRICTS)
@pytest.mark.parametrize("kind", ["order", "measures"])
def test_no_heading_ends_a_page(documents, district, kind):
    outputs = documents[district]
    headings = _headings(outputs[kind])
    pages = _pages(lines_of(outputs[f"{kind}_pdf"]))
    last_page = max(pages)
    for number, page in pages.items():
        body = _body(page)
        if not body:
            continue
        bottom = max(ln.bottom for ln in body)
        for line in (ln for ln in page if ln.bottom > bottom - 3):  # the lowest line(s)
            ending = _heading_ending(page, page.index(line), headings)
            assert not ending, (f"page {number}"
                                f"{' (the last)' if number == last_page else ''} ends with "
                                f"the heading {ending!r}")


def _heading_ending(page: list[Line], index: int, headings: list[str]) -> str | None:
    """The heading whose last line is ``page[index]`` (its lines read back in order)."""
    text = ""
    for line in reversed(page[:index + 1]):
        text = _squash(line.text) + text
        for heading in headings:
            if heading == text:
                return heading
        if not any(h.endswith(text) for h in headings):
            return None
    return None


# --------------------------------------------------------------------------- words


def _clusters(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch) == "Mn" or ch == "\u0e33"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _kept_phrases() -> list[str]:
    lists = schema.lists()
    names = [i.name for i in framework.load(2568).indicators]
    compounds = ["ถ่วงน้ำหนัก", "รับผิดชอบ", "หน่วยงาน", "งบประมาณ", "ซับซ้อน", "ตัวชี้วัด"]
    return sorted({*lists.departments, *lists.committee_roles, *lists.working_group_roles,
                   *names, *compounds, "ITA", "IIT", "EIT", "OIT", "BMA", "OSS"}, key=len)


@pytest.mark.parametrize("district", DISTRICTS)
@pytest.mark.parametrize("kind", ["order", "measures"])
def test_no_listed_name_broken_across_lines(documents, district, kind):
    lines = [ln for ln in lines_of(documents[district][f"{kind}_pdf"]) if not _number(ln)]
    joins = [_squash(a.text) + "\n" + _squash(b.text)
             for a, b in pairwise(lines) if _continues(a, b)]
    broken = []
    for phrase in _kept_phrases():
        parts = _clusters(_squash(phrase))
        for k in range(1, len(parts)):
            head, tail = "".join(parts[:k]), "".join(parts[k:])
            if tail.startswith(_squash("และ")):
                continue  # where a long name may break in a narrow column
            broken += [j.replace("\n", "|") for j in joins
                       if j.split("\n")[0].endswith(head) and j.split("\n")[1].startswith(tail)
                       and not _whole_word_before(j.split("\n")[0], head, phrase)]
    assert broken == []
    # every listed name the document holds is found whole on one line of the PDF (a long
    # name may break before its "และ": its pieces are counted)
    document = [_squash(part) for part in re.split(r"[\t\n]",
                                                   text_of(Document(documents[district][kind])))]
    printed = [_squash(ln.text) for ln in lines]
    missing = {}
    for phrase in _kept_phrases():
        for piece in re.split(r"(?=และ)", _squash(phrase)):
            want = sum(part.count(piece) for part in document)
            got = sum(line.count(piece) for line in printed)
            if len(piece) > 2 and got < want:
                missing[piece] = (want, got)
    assert missing == {}
    starts = [ln.text for ln in lines if ln.text.startswith(("–", "-"))]
    assert starts == []  # "– ๒๕๘๐)": a range never starts a line
    pairs = [j for j in joins if re.search(r"(?:พ\.ศ\.|ที่)\n[๐-๙0-9]", j)]
    assert pairs == []


def _number(line: Line) -> bool:
    return bool(re.fullmatch(r"-[๐-๙0-9]+-", _squash(line.text)))


def _continues(a: Line, b: Line) -> bool:
    """``b`` is the next line of ``a``'s text: just below it, or at the top of the next page."""
    if b.page == a.page + 1:
        return True
    return b.page == a.page and 0 <= b.top - a.bottom < 8 and b.x <= a.x + 30


def _whole_word_before(line: str, head: str, phrase: str) -> bool:
    """The line ends with a longer listed word that merely ends like ``head`` ("ปกครอง"
    ends like "รอง" of "รองประธานกรรมการ"): not a broken phrase."""
    return any(line.endswith(p) and len(p) > len(head) and not phrase.startswith(p)
               for p in _kept_phrases())


# --------------------------------------------------------------------------- the order


@pytest.mark.parametrize("district", DISTRICTS)
def test_order_page_two_number_position(documents, district):
    pages = _pages(lines_of(documents[district]["order_pdf"]))
    assert len(pages) >= 2
    page = sorted(pages[2], key=lambda ln: ln.top)
    number = page[0]
    assert _squash(number.text) == "-๒-"
    assert subprocess.run(["pdftotext", "-raw", "-f", "2", "-l", "2",
                           str(documents[district]["order_pdf"]), "-"], capture_output=True,
                          text=True, check=True).stdout.startswith("- ๒ -\n")
    assert number.top / PT_PER_CM == pytest.approx(1.5, abs=0.25)  # about 1.5 cm from the top
    text = page[1]
    line = number.bottom - number.top
    assert text.top - number.bottom >= 0.9 * line  # a blank line between


@pytest.mark.parametrize("district", DISTRICTS)
def test_order_last_page_keeps_body_text(documents, district):
    pages = _pages(lines_of(documents[district]["order_pdf"]))
    body = _body(pages[max(pages)])
    closing = next(i for i, ln in enumerate(body)
                   if _squash(ln.text).startswith(_squash("ทั้งนี้")))
    assert closing >= 2, [ln.text for ln in body[:3]]


@pytest.mark.parametrize("district", DISTRICTS)
def test_level_table_with_its_introduction(documents, district):
    pages = _pages(lines_of(documents[district]["measures_pdf"]))
    intro = next(n for n, page in pages.items()
                 if any(_squash(ln.text).endswith(_squash("ระดับ ดังนี้")) for ln in page))
    assert any(_squash("ผ่านดีเยี่ยม") in _squash(ln.text) for ln in pages[intro])


@pytest.mark.parametrize("district", DISTRICTS)
def test_every_analysis_page_names_its_indicator(documents, district):
    """Section 5 (landscape pages): a continued indicator repeats its name on top."""
    pdf = documents[district]["measures_pdf"]
    pages = _pages(lines_of(pdf))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(max(pages)), str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    landscape = [int(m[1]) for m in re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)",
                                                info) if float(m[2]) > float(m[3])]
    assert landscape
    for number in landscape:
        top = _body(pages[number])[:12]  # the repeated column titles, then the band
        assert any(_squash(ln.text).startswith(_squash("ตัวชี้วัดที่")) for ln in top), number


def test_bold_reaches_thai_text(documents):
    for outputs in documents.values():
        for kind in ("measures", "order"):
            doc = Document(outputs[kind])
            roots = [doc.element.body, doc.styles.element]
            for root in roots:
                for rpr in root.iter(qn("w:rPr")):
                    if rpr.find(qn("w:b")) is not None:
                        assert rpr.find(qn("w:bCs")) is not None
                    if rpr.find(qn("w:i")) is not None:
                        assert rpr.find(qn("w:iCs")) is not None


def test_section_3_order_is_spaced_like_the_order(documents):
    """The order's title block in section 3 starts a blank line below the text before it."""
    doc = Document(documents["คลองสาน"]["measures"])
    title = next(p for p in doc.paragraphs if p.style.name == "ITA Order Heading")
    assert title.paragraph_format.space_before.pt >= 20
    assert plain(title.text) == "คำสั่งสำนักงานเขตคลองสาน"


def test_templates_check_flags_bold_without_its_thai_twin(tmp_path):
    import zipfile

    from click.testing import CliRunner

    from itadocs.cli import main
    from tests.helpers import TEMPLATES

    folder = tmp_path / "t"
    shutil.copytree(TEMPLATES, folder)
    path = folder / "measures.docx"
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    xml = files["word/document.xml"].decode()
    assert xml.count("<w:bCs/>") > 0
    files["word/document.xml"] = xml.replace("<w:bCs/>", "", 1).encode()  # as a tool writes it
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.output.splitlines() if "w:bCs" in ln]
    assert "measures.docx" in line and "word/document.xml" in line
    assert "ตัวหนา" in line and "not bold" in line
