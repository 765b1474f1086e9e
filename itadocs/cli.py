"""Command line: a thin layer over the library (see ``pipeline.py``): arguments, one call,
and the presentation of what the library returned (its messages, its build report).

Every failure is printed in Thai and English and ends with a non-zero exit code, never a
traceback: 1 for errors in the workbook, 2 for a file that cannot be read at all.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from itadocs.clihelp import BilingualGroup, NamedPath, WorkbookName
from itadocs.exceptions import ItadocsError


@contextlib.contextmanager
def _failing(*, json_of: dict[str, str] | None = None, to_stdout: bool = False,
             exit_code: int | None = None) -> Iterator[None]:
    """The one place a command's ``ItadocsError`` (or a stopped build) becomes its
    bilingual message and exit code. ``json_of`` names what a ``--json`` failure is about
    (its standard output stays one JSON object; the message goes to standard error);
    ``to_stdout`` prints the message where the command's report goes (``check``)."""
    from itadocs.exceptions import failure_json

    try:
        yield
    except ItadocsError as exc:
        if json_of is not None:
            click.echo(failure_json(exc, **json_of))
        click.echo(exc.format(), err=json_of is not None or not to_stdout)
        sys.exit(exit_code or exc.exit_code)
    except BaseException as exc:
        from itadocs.build.lifecycle import Interrupted

        if not isinstance(exc, Interrupted):
            raise
        if json_of is not None:  # a stopped build --json: still the one failure object
            click.echo(failure_json(exc.as_error(), **json_of))
        click.echo(exc.format(), err=True)
        sys.exit(exc.exit_code)


@click.group(cls=BilingualGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="itadocs", help="แสดงรุ่น / Show the version and exit.")
def main() -> None:
    """itadocs: เอกสาร ITA ของสำนักงานเขตจากสมุดงาน Excel ฉบับเดียว /
    ITA documents of a Bangkok district office from one Excel workbook.

    \b
    ปีหนึ่งตามปกติ / Typical year:
      itadocs new ita-2569.xlsx --from ita-2568.xlsx   # start next year's workbook
      itadocs draft ita-2569.xlsx                      # drafts the analyses into a new file
      itadocs check ita-2569.xlsx                      # find mistakes, with sheet and cell
      itadocs build ita-2569.xlsx --pdf                # the documents, data files and PDFs
      itadocs progress ita-2569.xlsx --round 6         # the progress report at 6 months
      itadocs diff ita-2569.xlsx ita-2569-v2.xlsx      # what a colleague changed
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


@main.command(short_help="สร้างสมุดงานใหม่ / Write a new workbook (or next year's).")
@click.argument("path", type=WorkbookName())
@click.option("--from", "previous", type=NamedPath(dir_okay=False, path_type=Path),
              help="สมุดงานปีก่อนหรือของเขตอื่น: คัดลอกข้อความ เปลี่ยนเขตและเลื่อนปี ล้างคะแนน / "
                   "Last year's (or a colleague's) workbook: texts carried over, retargeted to "
                   "the district and year, scores and the order's dates cleared.")
@click.option("--district",
              help="เขต (ชื่อภาษาไทย เช่น บางรัก): เติมข้อความมาตรฐาน หรือเขตปลายทางของ --from / "
                   "The district (Thai name, e.g. บางรัก): standard texts filled in, or the "
                   "district --from retargets to.")
@click.option("--year", type=int,
              help="ปีงบประมาณของเอกสาร (พ.ศ. เช่น 2569) / The document's fiscal year (พ.ศ., "
                   "e.g. 2569). With --from, the old workbook's own year converts it to the "
                   "current template, data kept.")
@click.option("--force", is_flag=True, help="เขียนทับ PATH / Overwrite PATH if it exists.")
def new(path: Path, previous: Path | None, district: str | None, year: int | None,
        force: bool) -> None:
    """สร้างสมุดงานมาตรฐานที่ PATH: ว่าง, มีข้อความมาตรฐานของเขต (--district) หรือของปีถัดไป
    (--from) พร้อมรายงานสิ่งที่แทนที่ ล้าง และคงไว้

    Write a standard workbook to PATH: blank, with a district's standard texts
    (--district), or next year's carried over (--from), reporting what was replaced,
    cleared and kept.

    \b
    ตัวอย่าง / Examples:
      itadocs new ita-2569.xlsx --district บางรัก --year 2569
      itadocs new ita-2569.xlsx --from ita-2568.xlsx
      itadocs new ita-bangrak-2569.xlsx --from ita-khlongsan-2568.xlsx --district บางรัก
      itadocs new ita-2568-v2.xlsx --from ita-2568.xlsx --year 2568   # older template
    """
    from itadocs.workbooks.newbook import new_workbook

    with _failing():
        written = new_workbook(path, previous, district, year, overwrite=force)
    click.echo(written.format())


@main.command(short_help="ร่างการวิเคราะห์ / Draft the empty analyses from the scores.")
@click.argument("workbook", type=NamedPath(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=WorkbookName(), default=None,
              help="สมุดงานใหม่ที่จะเขียน / The new workbook to write (default: WORKBOOK's "
                   "name with -draft).")
@click.option("--patterns", type=NamedPath(dir_okay=False, exists=True, path_type=Path),
              default=None, help="รูปประโยคของเขตเอง / The district's own sentence patterns "
                                 "(a copy of itadocs/data/draft.toml, rephrased).")
@click.option("--force", is_flag=True,
              help="เขียนทับไฟล์ผลลัพธ์ / Overwrite the output file if it exists.")
def draft(workbook: Path, output: Path | None, patterns: Path | None, force: bool) -> None:
    """ร่างข้อความวิเคราะห์ (และประเภท) ที่ว่างของ WORKBOOK จากคะแนน ลงในสมุดงานใหม่

    Draft every empty analysis (and category) of WORKBOOK from its scores.

    The drafts are written into a NEW workbook; WORKBOOK itself is not changed. Each draft
    states the indicator's score and level band, its change from last year and whether it is
    among the weakest indicators; drafted cells are blue with a note, and `check` warns until
    they are edited. Text staff typed is never replaced.

    \b
    ตัวอย่าง / Examples:
      itadocs draft ita-2569.xlsx                     # writes ita-2569-draft.xlsx
      itadocs draft ita-2569.xlsx -o ita-2569-v2.xlsx --patterns our-patterns.toml
    """
    from itadocs.workbooks.draft import draft_workbook

    output = output or workbook.with_name(f"{workbook.stem}-draft{workbook.suffix}")
    with _failing():
        report = draft_workbook(workbook, output, patterns=patterns, overwrite=force)
    if report.output is None:
        for note in report.notes:
            click.echo(f"  {note}")
        click.echo(f"{workbook.name}: ไม่มีช่องการวิเคราะห์ที่ว่างและมีคะแนน และแผ่นงานผลการดำเนินการ"
                   "ตรงกับมาตรการแล้ว ไม่ได้เขียนไฟล์ / no empty analysis cell with a score, and "
                   "the progress sheet is in step with the measures: nothing written")
        return
    for cell in report.cells:
        click.echo(f"  ร่าง / drafted [{cell}]")
    click.echo(f"เขียน / wrote {report.output} ({workbook.name} ไม่ถูกแก้ไข / left unchanged)")
    for note in report.notes:
        click.echo(f"  {note}")
    click.echo("แก้ไขข้อความร่าง (ช่องสีฟ้า) ในไฟล์ใหม่ก่อนสร้างเอกสาร / edit the drafts (blue "
               "cells) in the new file before building the documents")


@main.command("check", short_help="ตรวจสมุดงาน / Check a workbook: problems, scores, level.")
@click.argument("workbook", type=NamedPath(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="พิมพ์เป็น JSON / Print one JSON object: district, years, scores, total, "
                   "level, problems.")
def check_cmd(workbook: Path, as_json: bool) -> None:
    """ตรวจ WORKBOOK แล้วพิมพ์ปัญหา (ระบุแผ่นงานและเซลล์) คะแนน คะแนนรวม และระดับ ทางเอาต์พุต
    มาตรฐาน (itadocs check ไฟล์.xlsx > รายงาน.txt เก็บรายงานได้ครบ)

    Check WORKBOOK and print its problems, scores, total and level to standard output
    (errors too, so `itadocs check x.xlsx > report.txt` keeps the whole report).

    รหัสจบ / exit code: 0 ไม่มีข้อผิดพลาด (มีคำเตือนได้) / no errors (warnings allowed),
    1 มีข้อผิดพลาด / errors, 2 เปิดไฟล์ไม่ได้ / the file cannot be read at all.

    \b
    ตัวอย่าง / Examples:
      itadocs check inputs/ita-khlongsan-2568.xlsx
      itadocs check inputs/ita-khlongsan-2568.xlsx --json
    """
    from itadocs.pipeline import check_workbook

    # the report is what check prints, so a failure goes where the report goes
    with _failing(json_of={"file": workbook.name} if as_json else None, to_stdout=True):
        report = check_workbook(workbook)
    click.echo(report.to_json() if as_json else report.format())
    sys.exit(report.exit_code)


@main.command("diff", short_help="เทียบสองสมุดงาน / What changed between two workbooks.")
@click.argument("old", type=NamedPath(path_type=Path))
@click.argument("new", type=NamedPath(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="พิมพ์เป็น JSON / Print one JSON object: the changes, total, level and "
                   "problem counts.")
def diff_cmd(old: Path, new: Path, as_json: bool) -> None:
    """แสดงสิ่งที่เปลี่ยนจากสมุดงาน OLD เป็น NEW: แผ่นงาน เซลล์ ค่าเดิมและค่าใหม่ แถวที่เพิ่มหรือลบ
    และคะแนนรวมกับระดับก่อนและหลัง รหัสจบ 0 ไม่ต่างกัน 1 ต่างกัน 2 เปิดไฟล์ไม่ได้

    List what changed from workbook OLD to workbook NEW.

    Each changed value is shown with its sheet and cell, its label and the old and new
    value; rows added to or removed from a list (a member, a measure) are shown as such; then
    the ITA total and the level before and after. Use it to see what a colleague changed
    before building the documents again.

    Exit code 0 when there are no differences, 1 when there are, 2 when a file cannot be read
    (as diff(1) does).

    \b
    ตัวอย่าง / Examples:
      itadocs diff ita-2569.xlsx ita-2569-edited.xlsx
      itadocs diff ita-2569.xlsx ita-2569-edited.xlsx --json
    """
    from itadocs.workbooks.diff import diff_workbooks

    # 1 means "they differ"; failing to compare is trouble (2), as in diff(1)
    with _failing(json_of={"old": old.name, "new": new.name} if as_json else None,
                  exit_code=2):
        result = diff_workbooks(old, new)
    click.echo(result.to_json() if as_json else result.format())
    sys.exit(1 if result.has_differences else 0)


@main.command(short_help="สร้างเอกสาร / Build the documents and data files.")
@click.argument("targets", nargs=-1, type=NamedPath(path_type=Path))
@click.option("-o", "--output", "outdir", type=NamedPath(file_okay=False, path_type=Path),
              default=None, help="โฟลเดอร์ผลลัพธ์ / Folder for the outputs (default: outputs/).")
@click.option("--templates", type=NamedPath(file_okay=False, path_type=Path), default=None,
              help="โฟลเดอร์แม่แบบของเขต (ไฟล์ที่มีใช้แทนค่าเริ่มต้นทีละไฟล์) / Folder with the "
                   "district's measures.docx, order.docx and/or garuda.png; each overrides its "
                   "default (also ITADOCS_TEMPLATES).")
@click.option("--pdf", is_flag=True,
              help="เขียน PDF ด้วย / Also write a PDF of each document (LibreOffice).")
@click.option("--force", is_flag=True,
              help="สร้างใหม่ทั้งหมด / Rebuild unchanged districts too, and replace outputs "
                   "edited by hand (the edited file is kept as a dated .edited- copy).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="จำนวนสมุดงานที่สร้างพร้อมกัน / Workbooks built at once (default: the "
                   "machine's cores).")
@click.option("--json", "as_json", is_flag=True,
              help="พิมพ์ผลเป็น JSON / Print the build report as one JSON object: each "
                   "workbook's status, problems, error and outputs, the summary files.")
def build(targets: tuple[Path, ...], outdir: Path | None, templates: Path | None, pdf: bool,
          force: bool, jobs: int | None, as_json: bool) -> None:
    """สร้างเอกสารมาตรการ คำสั่งแต่งตั้ง และไฟล์ข้อมูล จากสมุดงานหรือโฟลเดอร์ของสมุดงาน
    (สมุดงานที่มีข้อผิดพลาดไม่ถูกสร้าง เขตที่ไม่เปลี่ยนถูกข้าม ไฟล์ที่แก้ด้วยมือไม่ถูกเขียนทับ)

    Build the measures document, the committee order and the data files.

    TARGETS are workbooks or folders of workbooks (default: the example in inputs/). Each
    district gets its .docx documents (and PDFs with --pdf), its scores and measures as CSV
    and its data as JSON. A workbook with errors is not built (its errors are printed as
    `check` prints them); warnings are printed and the build goes on. An unchanged district
    is skipped, and an output edited by hand is never overwritten without --force.

    \b
    ตัวอย่าง / Examples:
      itadocs build                                   # the example in inputs/
      itadocs build ita-2568.xlsx -o outputs/2568 --pdf
      itadocs build districts/ -o outputs/all --pdf   # every workbook in a folder
      itadocs build districts/ -o outputs/all --json  # the report for a script
    """
    from itadocs.build.batch import build as build_all
    from itadocs.build.batch import workbooks_in

    json_of = {"targets": ", ".join(map(str, targets or ("inputs",)))} if as_json else None
    if not targets and not workbooks_in([Path("inputs")] if Path("inputs").is_dir() else []):
        with _failing(json_of=json_of):
            raise _no_workbook_named()
    targets = targets or (Path("inputs"),)
    count = len(workbooks_in((t for t in targets if t.exists()), outdir or Path("outputs")))
    many = count > 1
    shown = (click.progressbar(length=count, label="สร้างเอกสาร / building", file=sys.stderr)
             if many else contextlib.nullcontext())
    with _failing(json_of=json_of), shown as bar:
        report = build_all(list(targets), outdir or Path("outputs"), templates, pdf=pdf,
                           force=force, jobs=jobs, create_outdir=outdir is None,
                           progress=None if bar is None else _advance(bar))
    for line in report.lines():  # with --json, standard output is only the JSON object
        click.echo(line.text, err=line.problem or as_json)
    if as_json:
        click.echo(report.to_json())
    sys.exit(report.exit_code)


@main.command(short_help="รายงานผลการดำเนินการ / The progress report of a round (6 or 12 "
                         "months).")
@click.argument("targets", nargs=-1, required=True, type=NamedPath(path_type=Path))
@click.option("--round", "round_months", type=click.Choice(["6", "12"]), required=True,
              help="รอบที่รายงาน: 6 หรือ 12 เดือน / The round reported: 6 or 12 months.")
@click.option("-o", "--output", "outdir", type=NamedPath(file_okay=False, path_type=Path),
              default=None, help="โฟลเดอร์ผลลัพธ์ / Folder for the outputs (default: outputs/).")
@click.option("--templates", type=NamedPath(file_okay=False, path_type=Path), default=None,
              help="โฟลเดอร์แม่แบบของเขต / The district's template folder (progress.docx, "
                   "progress-memo.docx, garuda.png; also ITADOCS_TEMPLATES).")
@click.option("--pdf", is_flag=True,
              help="เขียน PDF ด้วย / Also write a PDF of each document (LibreOffice).")
@click.option("--force", is_flag=True,
              help="สร้างใหม่ทั้งหมด / Rebuild unchanged reports too, and replace outputs "
                   "edited by hand (the edited file is kept as a dated .edited- copy).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="จำนวนสมุดงานที่สร้างพร้อมกัน / Workbooks built at once (default: the "
                   "machine's cores).")
@click.option("--json", "as_json", is_flag=True,
              help="พิมพ์ผลเป็น JSON / Print the report of the run as one JSON object, as "
                   "build --json does.")
def progress(targets: tuple[Path, ...], round_months: str, outdir: Path | None,
             templates: Path | None, pdf: bool, force: bool, jobs: int | None,
             as_json: bool) -> None:
    """สร้างรายงานผลการดำเนินการตามมาตรการ รอบ 6 หรือ 12 เดือน (และบันทึกข้อความนำเรียน) จากแผ่นงาน
    ผลการดำเนินการ ของสมุดงานหรือของทุกสมุดงานในโฟลเดอร์ พร้อมไฟล์ CSV/JSON

    Build the progress report of the measures for a round (6 or 12 months).

    TARGETS are workbooks or folders of workbooks. Each gets the round's report (.docx,
    and a PDF with --pdf), its cover memo (บันทึกข้อความ) when the sheet gives the memo's
    details, and its rows as CSV and JSON. The report of fiscal year N's measures is made
    from the fiscal year N workbook; last year's report is the round-12 report of last
    year's workbook. A workbook with errors (a measure without a row, a status that
    contradicts its percentage...) is not built; its errors are printed with sheet!cell.

    \b
    ตัวอย่าง / Examples:
      itadocs progress ita-2568.xlsx --round 6
      itadocs progress ita-2568.xlsx --round 12 -o outputs/2568 --pdf
      itadocs progress districts/ --round 6 -o outputs/progress
    """
    from itadocs.pipeline import build_progress

    outdir_given = outdir is not None
    outdir = outdir or Path("outputs")
    json_of = {"targets": ", ".join(map(str, targets))} if as_json else None
    from itadocs.build.batch import workbooks_in

    count = len(workbooks_in((t for t in targets if t.exists()), outdir))
    shown = (click.progressbar(length=count, label="สร้างรายงาน / building", file=sys.stderr)
             if count > 1 else contextlib.nullcontext())
    with _failing(json_of=json_of), shown as bar:
        report = build_progress(list(targets), outdir, int(round_months), templates, pdf=pdf,
                                force=force, jobs=jobs, create_outdir=not outdir_given,
                                progress=None if bar is None else _advance(bar))
    for line in report.lines():
        click.echo(line.text, err=line.problem or as_json)
    if as_json:
        click.echo(report.to_json())
    sys.exit(report.exit_code)


def _advance(bar: Any) -> Callable[[object], None]:
    """One step of the progress bar per workbook done."""
    return lambda _outcome: bar.update(1)


def _no_workbook_named() -> ItadocsError:
    from itadocs.exceptions import WorkbookUnreadable

    return WorkbookUnreadable(
        "ไม่ได้ระบุสมุดงาน และที่นี่ไม่มีโฟลเดอร์ inputs/ ของตัวอย่าง: สั่ง itadocs build "
        "ชื่อไฟล์.xlsx หรือชื่อโฟลเดอร์ของสมุดงาน เช่น itadocs build ita-2569.xlsx --pdf",
        "no workbook named, and there is no inputs/ folder (the example's) here: run "
        "itadocs build FILE.xlsx, or a folder of workbooks, e.g. itadocs build ita-2569.xlsx "
        "--pdf",
        where="inputs/",
    )


@main.command(short_help="เปิดหน้าเว็บ / Serve the web page for secretariat staff.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="ที่อยู่ที่รับการเชื่อมต่อ (0.0.0.0 = ทุกเครื่องในเครือข่าย ต้องมีรหัสผ่าน) / "
                   "Address to listen on (0.0.0.0: the whole network, needs --password).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="พอร์ต / Port (0: any free port).")
@click.option("--password", envvar="ITADOCS_PASSWORD", default=None,
              help="รหัสผ่านของหน้าเว็บ (หรือตัวแปร ITADOCS_PASSWORD) จำเป็นเมื่อ --host "
                   "ไม่ใช่เครื่องนี้ / The page's password (or ITADOCS_PASSWORD); required when --host "
                   "is reachable from other machines.")
@click.option("--templates", type=NamedPath(file_okay=False, path_type=Path), default=None,
              help="โฟลเดอร์แม่แบบของเขต / The district's template folder (also "
                   "ITADOCS_TEMPLATES).")
@click.option("--no-browser", is_flag=True,
              help="ไม่ต้องเปิดเบราว์เซอร์ / Do not open a browser.")
def serve(host: str, port: int, password: str | None, templates: Path | None,
          no_browser: bool) -> None:
    """เปิดหน้าเว็บให้เจ้าหน้าที่ใช้งานผ่านเบราว์เซอร์: ดาวน์โหลดสมุดงาน ตรวจ สร้างและดาวน์โหลดเอกสาร
    เปรียบเทียบสองฉบับ และสร้างหลายเขตพร้อมกัน

    Serve the web page: staff download a workbook, check it, build and download the
    documents, compare two versions and build many districts, all in a browser.

    By default only this machine can open it (127.0.0.1) and the browser opens it. With
    --host 0.0.0.0 other machines of the office network can, after typing the password
    set with --password or ITADOCS_PASSWORD; without one it refuses to start.

    \b
    ตัวอย่าง / Examples:
      itadocs serve                                    # this machine; opens the browser
      ITADOCS_PASSWORD=... itadocs serve --host 0.0.0.0 --port 8080 --no-browser
    """
    from itadocs.web.serve import run
    from itadocs.web.settings import Settings

    with _failing():
        run(Settings(host=host, port=port, password=password or None, templates=templates),
            open_browser=not no_browser, say=click.echo)


@main.group(short_help="แม่แบบ Word / The Word templates: check, export.")
def templates() -> None:
    """แม่แบบ Word (measures.docx, order.docx, garuda.png): ตรวจ และคัดลอกไปแก้ไข

    Work with the Word templates (measures.docx, order.docx, garuda.png).
    """


@templates.command("check", short_help="ตรวจแม่แบบ / Check the templates' tags and XML.")
@click.option("--templates", "folder", type=NamedPath(file_okay=False, path_type=Path),
              default=None, help="โฟลเดอร์แม่แบบของเขต / A district's template folder "
                                 "(default: ITADOCS_TEMPLATES, else the templates installed "
                                 "with itadocs).")
def templates_check(folder: Path | None) -> None:
    """ตรวจตัวแปรที่แม่แบบใช้แต่ไม่มีในข้อมูล และแท็กที่ผิดรูปหรือถูกแยก

    List variables a template uses that the context lacks, and broken or split tags.

    Also checks the templates against the OOXML schemas (what Microsoft Word may repair
    or drop): those findings are warnings, and the templates still build.

    \b
    ตัวอย่าง / Example:
      itadocs templates check --templates my-district-templates/
    """
    from itadocs.pipeline import template_report

    with _failing():
        report = template_report(folder)
    click.echo(report.format())
    sys.exit(report.exit_code)


@templates.command("export", short_help="คัดลอกแม่แบบ / Copy the templates to edit.")
@click.argument("folder", type=NamedPath(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="เขียนทับไฟล์ใน FOLDER / Overwrite files already in FOLDER.")
def templates_export(folder: Path, force: bool) -> None:
    """คัดลอกแม่แบบเริ่มต้นไปที่ FOLDER ให้เขตแก้ไขใน Word แล้วสร้างด้วย --templates FOLDER
    (เก็บไว้เฉพาะไฟล์ที่แก้)

    Copy the default templates into FOLDER, for a district to edit in Word.

    Keep in FOLDER only the files you change (measures.docx, order.docx, garuda.png);
    the others come from itadocs. Then build with --templates FOLDER (or set
    ITADOCS_TEMPLATES=FOLDER).

    \b
    ตัวอย่าง / Example:
      itadocs templates export my-templates/
      itadocs build ita-2569.xlsx --templates my-templates/
    """
    from itadocs.documents.templateset import export

    with _failing():
        written = export(folder, overwrite=force)
    for path in written:
        click.echo(f"เขียน / wrote {path}")
    click.echo(f"แก้ไขใน Word แล้วสั่ง itadocs build --templates {folder} "
               f"(เก็บไว้เฉพาะไฟล์ที่แก้ ใส่ตราครุฑเป็น garuda.png) / edit them in Word, then run "
               f"itadocs build --templates {folder} (keep only the files you change; add the "
               "Garuda as garuda.png)")


if __name__ == "__main__":  # pragma: no cover
    main()
