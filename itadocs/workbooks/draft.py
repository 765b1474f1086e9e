"""A first draft of the analysis: a Thai text for every empty analysis cell, from the scores.

Writing ten analyses is the slowest part of the staff's year. The draft says, per indicator,
its score and the level band it falls in, its change from the year before, whether it is
among the weakest indicators, and what that means; and it proposes the category the OIT asks
for (จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน / ประเด็นที่ต้องพัฒนาให้ดีขึ้น). The sentences are patterns in
``itadocs/data/draft.toml`` (a district may pass its own file). Staff text is never
overwritten: only empty cells are drafted, and each drafted cell is marked (a fill and a
note) and recorded, so ``check`` warns while a draft is left as itadocs wrote it.

A workbook is changed by writing a NEW file (the original is left as it is), and only when
nothing the spreadsheet library cannot carry over (macros, shapes, Excel-2010 extensions
such as some data validations) would be lost; otherwise the draft refuses and says what.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from itadocs.checking.scoring import Result
from itadocs.cleantext import codes, illegal_characters, one_line
from itadocs.exceptions import ItadocsError, OutputError
from itadocs.messages import Message, ProblemCode
from itadocs.model import Analysis, WorkbookData
from itadocs.reading import schema
from itadocs.reading.districts import office_name
from itadocs.thai import fmt2
from itadocs.workbooks.progressstep import StepCells, in_step_cells

if TYPE_CHECKING:
    from itadocs.reading.xlsxload import Trimmed

PLACEHOLDER = re.compile(r"\{([^{}\s]+)\}")
MAX_PATTERNS_BYTES = 256 * 1024  # draft.toml is 4 KB
MAX_CELL_CHARACTERS = 32_767  # what one Excel cell holds


class DraftError(ItadocsError):
    """The draft cannot be written (patterns file, workbook content, or what would be lost)."""


@dataclass(frozen=True)
class Patterns:
    text: str
    score: str
    up: str
    down: str
    same: str
    weakest: str
    weakest_count: int
    urgent_below: Decimal | None
    urgent_drop: Decimal | None
    meaning: tuple[tuple[Decimal, str], ...]  # (minimum score, text), highest first
    topics: dict[int, str] = field(default_factory=dict, hash=False, compare=False)
    source: str = field(default="itadocs/data/draft.toml", compare=False)  # for messages


def load_patterns(path: Path | None = None) -> Patterns:
    """The sentence patterns: the district's file when given, else itadocs' own."""
    where = str(path) if path else "itadocs/data/draft.toml"
    try:
        if path is None:
            text = (resources.files("itadocs") / "data" / "draft.toml").read_text("utf-8")
        else:
            with Path(path).open("rb") as fh:
                raw = fh.read(MAX_PATTERNS_BYTES + 1)
            if len(raw) > MAX_PATTERNS_BYTES:
                raise DraftError(
                    f"ไฟล์รูปประโยค {where} ใหญ่เกินไป (เกิน {MAX_PATTERNS_BYTES // 1024} KB)",
                    f"the patterns file {where} is too large (over "
                    f"{MAX_PATTERNS_BYTES // 1024} KB)", where=where)
            text = raw.decode("utf-8")
        data = tomllib.loads(text)
        meaning = tuple(sorted(((Decimal(m["min"]), str(m["text"])) for m in data["meaning"]),
                               reverse=True))
        patterns = Patterns(
            text=data["text"], score=data["score"], up=data["up"], down=data["down"],
            same=data["same"], weakest=data["weakest"],
            weakest_count=int(data.get("weakest_count", 3)),
            urgent_below=_decimal(data.get("urgent_below", "")),
            urgent_drop=_decimal(data.get("urgent_drop", "")),
            meaning=meaning,
            topics={int(k): str(v) for k, v in data.get("topics", {}).items()},
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftError(f"อ่านไฟล์รูปประโยค {where} ไม่ได้: {exc}",
                         f"cannot read the patterns file {where}: {exc}", where=where) from exc
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise DraftError(f"ไฟล์รูปประโยค {where} ไม่ถูกต้อง: {exc}",
                         f"the patterns file {where} is malformed: {exc}", where=where) from exc
    if not meaning or meaning[-1][0] > 0:
        raise DraftError(f"ไฟล์รูปประโยค {where}: ต้องมี [[meaning]] ที่ min = \"0.00\"",
                         f"the patterns file {where} needs a [[meaning]] with min = \"0.00\"",
                         where=where)
    _printable(patterns, where)
    return replace(patterns, source=where)


def _printable(patterns: Patterns, where: str) -> None:
    """Every sentence goes into a workbook cell and a Word document: a character neither can
    hold (a control character) is the file's mistake, named with its pattern."""
    texts = {"text": patterns.text, "score": patterns.score, "up": patterns.up,
             "down": patterns.down, "same": patterns.same, "weakest": patterns.weakest,
             **{f"meaning (min = {low})": text for low, text in patterns.meaning},
             **{f"topics.{n}": text for n, text in patterns.topics.items()}}
    for key, text in texts.items():
        chars = illegal_characters(text)
        if chars:
            raise DraftError(
                f"ไฟล์รูปประโยค {where}: รูปประโยค {key} มีอักขระที่ใส่ในเซลล์หรือเอกสาร Word ไม่ได้ "
                f"({codes(chars)}) ลบอักขระนั้นออก",
                f"the patterns file {where}: pattern {key} holds a character no cell or Word "
                f"document can hold ({codes(chars)}); delete it",
                where=where)


def _decimal(value: object) -> Decimal | None:
    return Decimal(str(value)) if str(value).strip() else None


# --------------------------------------------------------------------------- composing


@dataclass(frozen=True)
class Draft:
    indicator: int
    text: str | None  # None: the analysis cell already holds staff text
    category: str | None  # None: the category cell is already filled


def weakest(result: Result, count: int) -> set[int]:
    """The indicators with the ``count`` lowest scores (ties at the cut included)."""
    scored = sorted(v for v in result.indicators.values() if v is not None)
    if not scored or count <= 0:
        return set()
    cut = scored[min(count, len(scored)) - 1]
    return {n for n, v in result.indicators.items() if v is not None and v <= cut}


def category(score: Decimal, previous: Decimal | None, result: Result,
             patterns: Patterns) -> str:
    urgent_below = patterns.urgent_below or result.framework.pass_mark
    fell = (previous is not None and patterns.urgent_drop is not None
            and previous - score >= patterns.urgent_drop)
    urgent, improve = schema.CATEGORY_CHOICES
    return urgent if score < urgent_below or fell else improve


def compose(number: int, data: WorkbookData, result: Result, patterns: Patterns) -> str:
    """The draft analysis of one indicator (its score must be known)."""
    fw = result.framework
    score = result.indicators[number]
    assert score is not None
    previous = result.previous.get(number)
    band = next((lv for lv in fw.levels if score >= lv.min_total), fw.levels[-1])
    assessed = data.unit.assessed_year or (data.unit.fiscal_year or 1) - 1
    values = {
        "score": fmt2(score), "band": band.name, "band_range": band.range_text,
        "previous": fmt2(previous), "previous_year": str(assessed - 1),
        "weakest_count": str(patterns.weakest_count),
        "office": office_name(data.unit.district), "indicator": fw.indicator(number).name,
        "topic": patterns.topics.get(number, fw.indicator(number).name),
        "diff": "",
    }
    change = ""
    if previous is not None:
        diff = Decimal(fmt2(score)) - Decimal(fmt2(previous))
        values["diff"] = fmt2(abs(diff))
        change = patterns.up if diff > 0 else patterns.down if diff < 0 else patterns.same
    meaning = next(text for low, text in patterns.meaning if score >= low)
    parts = {
        "score_part": patterns.score,
        "change_part": change,
        "weakest_part": patterns.weakest if number in weakest(result, patterns.weakest_count)
        else "",
        "meaning_part": meaning,
    }
    filled = {k: fill(v, values) for k, v in parts.items()}
    text = one_line(fill(patterns.text, {**values, **filled}))
    if len(text) > MAX_CELL_CHARACTERS:
        raise DraftError(
            f"ร่างการวิเคราะห์ตัวชี้วัดที่ {number} ยาว {len(text):,} ตัวอักษร เกินที่เซลล์ Excel "
            f"เก็บได้ ({MAX_CELL_CHARACTERS:,}) ย่อรูปประโยคในไฟล์ {patterns.source}",
            f"the draft of indicator {number} would be {len(text):,} characters, more than an "
            f"Excel cell holds ({MAX_CELL_CHARACTERS:,}); shorten the patterns in "
            f"{patterns.source}",
            where=patterns.source)
    return text


def fill(pattern: str, values: dict[str, str]) -> str:
    """Put values into {placeholders}; an unknown placeholder is the file's mistake."""
    def one(m: re.Match[str]) -> str:
        if m[1] not in values:
            raise DraftError(
                f"รูปประโยคมีตัวแปร {{{m[1]}}} ที่ไม่รู้จัก", f"unknown placeholder {{{m[1]}}}"
            )
        return values[m[1]]

    return PLACEHOLDER.sub(one, pattern)


def drafts_for(data: WorkbookData, result: Result, patterns: Patterns) -> list[Draft]:
    """A draft for every indicator with a score whose analysis or category cell is empty."""
    by_number = {a.indicator: a for a in data.analyses}
    found = []
    for ind in result.framework.indicators:
        score = result.indicators.get(ind.number)
        if score is None:
            continue
        row = by_number.get(ind.number, Analysis(ind.number))
        text = None if row.text.strip() else compose(ind.number, data, result, patterns)
        cat = None if row.category.strip() else category(
            score, result.previous.get(ind.number), result, patterns)
        if text is not None or cat is not None:
            found.append(Draft(ind.number, text, cat))
    return found


def apply(data: WorkbookData, drafts: list[Draft]) -> None:
    """Put drafts into the data (for a workbook itadocs writes whole, as ``new`` does)."""
    by_number = {a.indicator: a for a in data.analyses}
    for d in drafts:
        row = by_number.get(d.indicator)
        if row is None:
            row = Analysis(d.indicator)
            data.analyses.append(row)
            by_number[d.indicator] = row
        for key in ("text", "category"):
            value = getattr(d, key)
            if value is not None:
                setattr(row, key, value)
                data.drafts[f"analyses[{d.indicator}].{key}"] = value
    data.analyses.sort(key=lambda a: a.indicator)


def draft_in_memory(data: WorkbookData, patterns: Path | None = None) -> list[Draft]:
    """The same step for a workbook itadocs is about to write (``new --from``): draft what
    can be drafted from the scores it holds; nothing when they are not known yet."""
    from itadocs import framework as frameworks
    from itadocs.checking.scoring import compute

    unit = data.unit
    assessed = unit.assessed_year or ((unit.fiscal_year or 0) - 1 if unit.fiscal_year else None)
    try:
        fw = frameworks.load(frameworks.choose(assessed, unit.framework_year).year)
    except ItadocsError:
        return []
    result, _ = compute(data, fw)
    drafts = [d for d in drafts_for(data, result, load_patterns(patterns))]
    apply(data, drafts)
    return drafts


def drafted_note(drafts: list[Draft], path: Path) -> Message:
    """What ``new`` tells staff about the draft step (the web page names its button)."""
    count = sum(d.text is not None for d in drafts)
    if count:
        return Message(f"ร่างการวิเคราะห์ {count} ตัวชี้วัด (ช่องสีฟ้า ต้องแก้ไขก่อนเผยแพร่)",
                       f"drafted {count} analyses (blue cells: edit them before publishing)")
    categories = sum(d.category is not None for d in drafts)
    if categories:  # the analyses were written, their categories empty: printed as drafted
        return Message(
            f"ร่างประเภทประเด็น {categories} ตัวชี้วัด ในแผ่นงาน วิเคราะห์ (ช่องสีฟ้า ตรวจทานก่อน"
            "เผยแพร่ เอกสารมาตรการพิมพ์ไว้เหนือการวิเคราะห์)",
            f"drafted {categories} categories (ประเภทประเด็น) in sheet วิเคราะห์ (blue cells: "
            "review them before publishing; the measures document prints them above the "
            "analyses)")
    return Message(
        f"กรอกคะแนนแล้วใช้ itadocs draft {Path(path).name} เพื่อร่างการวิเคราะห์",
        f"enter the scores, then 'itadocs draft {Path(path).name}' drafts the analyses",
        web=Message("กรอกคะแนนแล้วอัปโหลดสมุดงานเพื่อตรวจ หน้าผลการตรวจมีปุ่ม "
                    "\"ร่างการวิเคราะห์\" ให้ร่างข้อความวิเคราะห์จากคะแนน",
                    "enter the scores, then check the workbook on the page: its check page "
                    "has a \"Draft the analyses\" button"))


# --------------------------------------------------------------------------- a workbook


@dataclass
class DraftReport:
    source: Path
    output: Path | None
    drafts: list[Draft]
    cells: list[str] = field(default_factory=list)  # "วิเคราะห์!B5", ...
    notes: list[Message] = field(default_factory=list)  # what staff should know of the file


def draft_workbook(source: Path, output: Path, *, patterns: Path | None = None,
                   overwrite: bool = False) -> DraftReport:
    """Draft the empty analysis cells of ``source`` into a new workbook ``output``.

    ``source`` is never changed. Nothing is written when there is nothing to draft, when
    the workbook has errors that make the scores unknown, or when saving would lose content.
    """
    from itadocs.checking.check import check_workbook

    source, output = Path(source), Path(output)
    if output.resolve() == source.resolve():
        raise DraftError(
            "ไม่เขียนทับสมุดงานต้นฉบับ ระบุไฟล์ใหม่ด้วย -o",
            "the draft is never written over the original workbook; name a new file with -o",
            where=str(output))
    if output.exists() and not overwrite:
        raise DraftError(f"มีไฟล์ {output} อยู่แล้ว (ใช้ --force เพื่อเขียนทับ)",
                         f"{output} already exists (use --force to overwrite)", where=str(output))
    report = check_workbook(source)
    blocking = [p for p in report.errors if p.code in (
        ProblemCode.UNKNOWN_VERSION, ProblemCode.MISSING_SHEET, ProblemCode.MISSING_HEADER,
        ProblemCode.FRAMEWORK, ProblemCode.MISSING_COLUMN, ProblemCode.TOO_MANY_VALUES,
        ProblemCode.PHOTO_BUDGET)]
    if blocking or report.result is None:
        first = blocking[0] if blocking else None
        raise DraftError(
            "ร่างการวิเคราะห์ไม่ได้: " + (first.message_th if first else "อ่านคะแนนไม่ได้"),
            "cannot draft: " + (first.message_en if first else "the scores cannot be read"),
            where=f"{source}" + (f" [{first.where()}]" if first else ""))
    drafts = drafts_for(report.data, report.result, load_patterns(patterns))
    result = DraftReport(source, None, drafts)
    step = in_step_cells(report.data)
    result.notes = step.notes
    if not drafts and not step.cells:
        return result
    cells, notes = _write(source, output, report.data, drafts, step)
    result.cells, result.notes = cells, [*result.notes, *notes]
    result.output = output
    return result


def _write(source: Path, output: Path, data: WorkbookData, drafts: list[Draft],
           step: StepCells) -> tuple[list[str], list[Message]]:
    from itadocs.files import write_atomic
    from itadocs.workbooks.cells import put
    from itadocs.workbooks.writer import LINE_HEIGHT, fitted_height, mark_draft, record_draft

    wb, trimmed = _open(source)
    note = trimmed.note()
    cells = step.write(wb)
    meta = wb[schema.META_SHEET]
    for d in drafts:
        for key in ("text", "category"):
            value = getattr(d, key)
            where = data.where(f"analyses[{d.indicator}].{key}")
            if value is None or where is None:
                continue
            cell = wb[where[0]][where[1]]
            if cell.value not in (None, "") and str(cell.value).strip():
                continue  # never overwrite what staff typed
            put(cell, value)
            mark_draft(cell)
            rows = cell.parent.row_dimensions[cell.row]
            rows.height = max(rows.height or LINE_HEIGHT, fitted_height(cell))
            record_draft(meta, f"analyses[{d.indicator}].{key}", value)
            cells.append(f"{where[0]}!{where[1]}")
    buffer = io.BytesIO()
    wb.save(buffer)
    lost = losses(source.read_bytes(), buffer.getvalue())
    if lost:
        th = "ไม่เขียนร่าง เพราะการบันทึกใหม่จะทำให้สิ่งเหล่านี้ในสมุดงานหายไป: " + "; ".join(
            th for th, _ in lost)
        en = "the draft was not written: saving the workbook again would lose " + "; ".join(
            en for _, en in lost)
        raise DraftError(Message(
            th + " (กรุณาคัดลอกข้อความร่างด้วยมือ หรือใช้สมุดงานที่สร้างด้วย itadocs new)",
            en + " (copy the drafts by hand, or use a workbook made with 'itadocs new')",
            web=Message(th + " (กรุณาพิมพ์การวิเคราะห์เอง หรือใช้สมุดงานที่ดาวน์โหลดจากหน้าแรก)",
                        en + " (type the analyses yourself, or use a workbook downloaded "
                        "from the home page)")), where=str(source))
    if not output.parent.is_dir():
        raise OutputError(f"ไม่มีโฟลเดอร์ {output.parent}",
                          f"folder {output.parent} does not exist", where=str(output))
    write_atomic(output, buffer.getvalue())
    return cells, [Message(*note)] if note else []


def _open(source: Path) -> tuple[Any, Trimmed]:
    """The workbook to save again, opened within the bounds ``check`` reads it in (see
    ``xlsxload.load_for_edit``); a workbook whose pictures would be read once per anchor
    beyond the pictures' budget is refused before it is opened."""
    from itadocs.reading.pasted import MAX_STORED_BYTES, per_anchor_bytes
    from itadocs.reading.xlsxload import load_for_edit

    with zipfile.ZipFile(source) as zf:
        anchored = per_anchor_bytes(zf)
    if anchored > MAX_STORED_BYTES:
        raise DraftError(
            f"ไม่เขียนร่าง เพราะภาพในสมุดงานถูกวางซ้ำจนต้องอ่านรวม {anchored // 1_048_576:,} MB "
            f"(เกิน {MAX_STORED_BYTES // 1_048_576} MB) ลบภาพที่ซ้ำกัน แล้วสั่งใหม่",
            f"the draft was not written: the workbook's pictures are anchored so many times "
            f"that saving it again would read {anchored // 1_048_576:,} MB of them (more than "
            f"{MAX_STORED_BYTES // 1_048_576} MB); delete the repeated pictures and run again",
            where=str(source))
    return load_for_edit(source)


# --------------------------------------------------------------------------- what a re-save loses

# Parts of an .xlsx that openpyxl does not carry over when it saves a workbook it has read.
_PARTS = (
    (re.compile(r"xl/vbaProject\.bin$"), "มาโคร (VBA)", "macros (VBA)"),
    (re.compile(r"xl/pivotTables/"), "ตาราง Pivot", "pivot tables"),
    (re.compile(r"xl/slicers?/|xl/slicerCaches/"), "ตัวแบ่งข้อมูล (slicer)", "slicers"),
    (re.compile(r"xl/threadedComments/"), "ข้อคิดเห็นแบบเธรด", "threaded comments"),
    (re.compile(r"xl/richData/"), "รูปภาพในเซลล์", "pictures placed in cells"),
    (re.compile(r"xl/activeX/|xl/ctrlProps/"), "ตัวควบคุมฟอร์ม", "form controls"),
    (re.compile(r"xl/media/"), "รูปภาพ", "pictures"),
    (re.compile(r"xl/charts/chart"), "แผนภูมิ", "charts"),
)
# Markup inside sheet and drawing parts that openpyxl drops.
_MARKUP = (
    (b"<x14:dataValidation ", "การตรวจสอบข้อมูลแบบ Excel 2010", "Excel-2010 data validations"),
    (b"<x14:conditionalFormatting", "การจัดรูปแบบตามเงื่อนไขแบบ Excel 2010",
     "Excel-2010 conditional formatting"),
    (b"<x14:sparklineGroup", "เส้นแนวโน้มในเซลล์ (sparkline)", "sparklines"),
    (b"<xdr:sp>", "รูปร่าง/กล่องข้อความ", "shapes and text boxes"),
    (b"<xdr:sp ", "รูปร่าง/กล่องข้อความ", "shapes and text boxes"),
)


def inventory(data: bytes) -> Counter[tuple[str, str]]:
    """What an .xlsx holds that a re-save might lose, counted."""
    found: Counter[tuple[str, str]] = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            for pattern, th, en in _PARTS:
                if pattern.match(name):
                    found[(th, en)] += 1
            if name.startswith(("xl/worksheets/", "xl/drawings/")) and name.endswith(".xml"):
                with zf.open(name) as part:
                    found.update(_markup(part))
    return +found


def _markup(part: IO[bytes]) -> Counter[tuple[str, str]]:
    """The markup of one part that a re-save may lose, counted while streaming it (a sheet
    of millions of formatted cells is never held whole)."""
    found: Counter[tuple[str, str]] = Counter()
    overlap = max(len(marker) for marker, _, _ in _MARKUP) - 1
    tail = b""
    while chunk := part.read(8 * 1024 * 1024):
        data = tail + chunk
        for marker, th, en in _MARKUP:  # a marker across the cut is counted in this window
            found[(th, en)] += data.count(marker) - tail.count(marker)
        tail = data[-overlap:]
    return found


def losses(before: bytes, after: bytes) -> list[tuple[str, str]]:
    """What ``before`` holds that ``after`` lacks (Thai, English), one line each."""
    missing = inventory(before) - inventory(after)
    return [(f"{th} ({n})", f"{en} ({n})") for (th, en), n in sorted(missing.items())]
