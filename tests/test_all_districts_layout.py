"""Every district's names, laid out by LibreOffice: no glyph outside the text area, no
vowel or tone mark drawn apart from its letter, no line spread letter by letter, no name
broken across lines — in the order and the first pages of the measures document (where the
names change the line breaks) of all 50 districts and a district with long names.

The example's texts are retargeted to each district; the 51 orders are laid out as one
document, and so are the measures documents' first pages (line breaks depend only on the
paragraphs and their width), so LibreOffice starts twice, not a hundred times. Glyph boxes
come from ``pdftotext -bbox-layout``: a word whose box passes a margin holds a glyph past
it; a "word" that is only a combining mark is a mark drawn apart; a line of one-letter
Thai "words" is spread letter by letter.
"""

from __future__ import annotations

import copy
import functools
import io
import itertools
import re
import subprocess
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from lxml import etree

from itadocs.build.pdf import PdfJob, convert_to_pdf
from itadocs.checking.check import check_workbook
from itadocs.checking.texts import text_fields
from itadocs.documents.compose import find_templates, render_documents
from itadocs.documents.typeset import for_pdf
from itadocs.framework import all_indicator_names
from itadocs.kinds import OutputKind
from itadocs.model import Member
from itadocs.reading import districts
from tests.helpers import EXAMPLE, needs_soffice

PT_PER_CM = 72 / 2.54
LEFT, RIGHT = 3.0 * PT_PER_CM, 21.0 * PT_PER_CM - 2.0 * PT_PER_CM  # A4 text area
SLACK = 0.5  # pt: rounding of the boxes
LONG = "ธนสารสมบูรณ์ทรัพย์"  # a long surname, as in the issue


@functools.cache
def _example():
    return check_workbook(EXAMPLE)


def _retargeted(district: str, long_names: bool = False):
    """The example's checked report, every text naming ``district`` instead of Khlong San."""
    report = copy.deepcopy(_example())
    data = report.data
    for _, owner, attribute in text_fields(data):
        text = getattr(owner, attribute)
        if text:
            setattr(owner, attribute, text.replace("คลองสาน", district))
    data.unit.district = district
    if long_names:
        for n, member in enumerate(data.committee[1:6], start=1):
            member.name = f"นายสมศักดิ์{'ศรี' * n} {LONG}{'กุล' * n}"
        data.working_group.append(Member(f"นางสาววิไลวรรณ {LONG}พงศ์ {LONG}", "นักวิชาการ"
                                         "สุขาภิบาลชำนาญการพิเศษ", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล",
                                         "คณะทำงาน"))
    return report


def _first_pages(measures: Document) -> list[etree._Element]:
    """The measures document's body up to section 2's heading (its first pages)."""
    kept = []
    for element in measures.element.body.iterchildren():
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        if element.tag == qn("w:p") and re.match(r"\s*[๒2]\.\s", text):
            break
        if element.tag != qn("w:sectPr"):
            kept.append(element)
    return kept


def _combined(parts: list[list[etree._Element]], base: bytes) -> Document:
    """One document holding every part, each from a new page, in ``base``'s page layout."""
    doc = Document(io.BytesIO(base))
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    for element in list(body.iterchildren()):
        if element is not final:
            body.remove(element)
    for n, elements in enumerate(parts):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for element in elements:
            inner = element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            element = copy.deepcopy(element)
            if inner is not None:  # one section for all
                element.find(qn("w:pPr")).remove(element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}"))
            final.addprevious(element)
    for_pdf(doc, all_indicator_names())
    return doc


def _render(district: str, long_names: bool) -> dict[OutputKind, bytes]:
    return render_documents(_retargeted(district, long_names), find_templates())


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[OutputKind, bytes]]:
    """Every district's .docx files, and the long-name district's last (its key ends in
    " long")."""
    names = [*districts.names(), "ป้อมปราบศัตรูพ่าย"]
    longs = [n == len(names) - 1 for n in range(len(names))]
    with ProcessPoolExecutor(max_workers=2) as pool:
        files = list(pool.map(_render, names, longs))
    return {name + " long" * long: f for name, long, f in zip(names, longs, files, strict=True)}


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory, rendered) -> dict[str, Path]:
    needs_soffice()
    tmp = tmp_path_factory.mktemp("all-districts")
    orders, firsts, bases = [], [], {}
    for files in rendered.values():
        order = Document(io.BytesIO(files[OutputKind.ORDER]))
        measures = Document(io.BytesIO(files[OutputKind.MEASURES]))
        orders.append([e for e in order.element.body.iterchildren() if e.tag != qn("w:sectPr")])
        firsts.append(_first_pages(measures))
        bases.setdefault("order", files[OutputKind.ORDER])
        bases.setdefault("measures", files[OutputKind.MEASURES])
    jobs = []
    for kind, parts in (("order", orders), ("measures", firsts)):
        source = tmp / f"{kind}-copy.docx"
        _combined(parts, bases[kind]).save(str(source))
        jobs.append(PdfJob(source, tmp / f"{kind}.pdf"))
    convert_to_pdf(jobs, tmp)
    return {job.target.stem: job.target for job in jobs}


def test_every_district_docx_holds_what_a_clerk_types(rendered):
    """The .docx the district finishes in Word: no word joiner or zero-width space, and the
    office's name as one run of text that Word's Find finds."""
    assert len(rendered) == 51
    for name, files in rendered.items():
        office = f"สำนักงานเขต{name.removesuffix(' long')}"
        for kind in (OutputKind.ORDER, OutputKind.MEASURES):
            doc = Document(io.BytesIO(files[kind]))
            paragraphs = [p.text for p in doc.paragraphs]
            paragraphs += [p.text for t in doc.tables for row in t.rows for cell in row.cells
                           for p in cell.paragraphs]
            text = "\n".join(paragraphs)
            assert not set(text) & {"\u2060", "\u200b", "\ufeff"}, (name, kind)
            assert any(office in p for p in paragraphs), (name, kind)


Char = tuple[str, float, float, float, float, int]  # text, left, bottom, right, top, page


@functools.cache
def _chars(pdf: Path) -> list[Char]:
    """Every character LibreOffice drew, with its box as pdfium lays it out (its "loose"
    box: the advance, standing on the baseline; a mark's reaches up or down from it)."""
    import pypdfium2 as pdfium

    found = []
    for number, page in enumerate(pdfium.PdfDocument(str(pdf)), start=1):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch not in "\r\n":
                left, bottom, right, top = text.get_charbox(i, loose=True)
                found.append((ch, left, bottom, right, top, number))
    return found


def _lines(pdf: Path) -> list[list[Char]]:
    """The letters of each line (marks left out), left to right: letters whose baselines
    lie within 2 pt, wherever the page's stream wrote them."""
    letters = sorted((c for c in _chars(pdf) if not _mark(c[0])), key=lambda c: (c[5], -c[2]))
    lines: list[list[Char]] = []
    for char in letters:
        if lines and lines[-1][0][5] == char[5] and abs(lines[-1][0][2] - char[2]) <= 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c[1]) for line in lines]


def _mark(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch[0]) == "Mn"


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_no_glyph_outside_the_text_area(laid_out, kind):
    chars = _chars(laid_out[kind])
    assert len({c[5] for c in chars}) > 50  # every district's pages were laid out
    outside = [(page, ch, round(x0, 1), round(x1, 1)) for ch, x0, _, x1, _, page in chars
               if ch.strip() and (x1 > RIGHT + SLACK or x0 < LEFT - SLACK)]
    assert outside == [], outside[:10]


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_no_mark_drawn_apart_from_its_letter(laid_out, kind):
    """Every vowel or tone mark sits over or under a letter: a letter's box holds the
    mark's middle and stands within 2 pt of it (by position: the order glyphs are written
    in need not be the order they are read in)."""
    chars = _chars(laid_out[kind])
    letters: dict[int, list[Char]] = {}
    for c in chars:
        if c[0].strip() and not _mark(c[0]):
            letters.setdefault(c[5], []).append(c)
    detached = []
    for ch, x0, bottom, x1, top, page in chars:
        middle = (x0 + x1) / 2
        if _mark(ch) and not any(
                a - 2 <= middle <= b + 2 and low - 2 <= top and bottom <= high + 2
                for _, a, low, b, high, _ in letters.get(page, ())):
            detached.append((page, ch, round(x0, 1), round(bottom, 1)))
    assert detached == [], detached[:10]


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_no_line_spread_letter_by_letter(laid_out, kind):
    spread = []
    for line in _lines(laid_out[kind]):
        gaps = [b[1] - a[3] for a, b in itertools.pairwise(line)
                if "\u0e01" <= a[0] <= "\u0e4f" and "\u0e01" <= b[0] <= "\u0e4f"]
        if sum(1 for g in gaps if 1.2 < g < 5) >= 3:  # letters 1 pt apart: spread
            spread.append("".join(c[0] for c in line)[:40])
    assert spread == [], spread[:5]


def test_a_name_never_touches_its_role(laid_out):
    """The role stands at its tab stop (11 cm), a clear gap after the name or position on
    its line: a long name goes on two lines instead (the long-name district's entries)."""
    from itadocs.reading import schema

    roles = [*schema.lists().committee_roles, *schema.lists().working_group_roles]
    role_x = LEFT + 11.0 * PT_PER_CM
    touching, entries = [], 0
    for line in _lines(laid_out["order"]):
        at = next((n for n, c in enumerate(line) if abs(c[1] - role_x) < 1.5), None)
        rest = "".join(c[0] for c in line[at:]) if at is not None else ""
        if not any(rest.startswith(role) for role in roles):
            continue
        entries += 1
        before = [c for c in line if c[1] < role_x - 1.5 and c[0].strip()]
        if before and max(c[3] for c in before) > role_x - 0.3 * PT_PER_CM:
            touching.append("".join(c[0] for c in line))
    assert entries > 500  # every district's committee and working group
    assert touching == [], touching[:5]


def test_no_office_or_district_name_broken_across_lines(laid_out):
    names = [*districts.names()]
    offices = [f"สำนักงานเขต{n}" for n in names] + [f"ผู้อำนวยการเขต{n}" for n in names]
    text = subprocess.run(["pdftotext", "-raw", str(laid_out["order"]), "-"],
                          capture_output=True, check=True, timeout=60).stdout.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    broken = []
    for a, b in itertools.pairwise(lines):
        for name in offices:
            for cut in range(1, len(name)):
                if a.endswith(name[:cut]) and b.startswith(name[cut:]):
                    broken.append((a[-20:], b[:20]))
    assert broken == [], broken[:5]


def test_every_district_office_name_reads_exactly_in_a_plain_pdf_library(laid_out):
    """pypdf reads only the fonts' ToUnicode maps, which ``pdftext.fix_text`` rebuilds as
    the PDFs land: every office name (ทุ่งครุ, บึงกุ่ม, ป้อมปราบศัตรูพ่าย: stacked marks) as
    often as poppler, which also reads LibreOffice's ActualText, finds it; the whole text
    the same but for white space."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (the test extra) reads the PDFs' text")
    pdf = laid_out["order"]
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    poppler = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                             check=True, timeout=60).stdout.decode()
    wrong = {name: (text.count(f"สำนักงานเขต{name}"), poppler.count(f"สำนักงานเขต{name}"))
             for name in districts.names()}
    wrong = {name: counts for name, counts in wrong.items()
             if not 0 < counts[0] == counts[1]}
    assert len(districts.names()) == 50
    assert wrong == {}, wrong
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", poppler)


@pytest.mark.parametrize("kind", ["order", "measures"])
def test_every_district_pdf_is_pdf_a_2b(laid_out, kind):
    page = pytest.importorskip(
        "page", reason="page-validation (PyPI, the test extra) validates PDF/A-2b")
    result = page.validate_pdf(str(laid_out[kind]), profile="2b")
    assert result.is_compliant, [(f.rule_id, f.message) for f in result.failures][:5]
