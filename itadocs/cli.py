"""Command line: a thin layer over the library (see ``pipeline.py``).

Every failure is printed in Thai and English and ends with a non-zero exit code, never a
traceback: 1 for errors in the workbook, 2 for a file that cannot be read at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .exceptions import ItadocsError


def _echo_error(exc: ItadocsError) -> None:
    click.echo(exc.format(), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="itadocs")
def main() -> None:
    """itadocs: ITA documents of a Bangkok district office from one Excel workbook.

    \b
    Typical year:
      itadocs new ita-2569.xlsx --from ita-2568.xlsx   # start next year's workbook
      itadocs check ita-2569.xlsx                      # find mistakes, with sheet and cell
    """
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
        sys.stderr.reconfigure(errors="replace")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "previous", type=click.Path(dir_okay=False, path_type=Path),
              help="Last year's workbook: committee, measures and texts are carried over, "
                   "the year advanced and the scores emptied.")
@click.option("--district", help="Pre-fill the district (Thai name, e.g. คลองสาน).")
@click.option("--year", type=int, help="Pre-fill the document's fiscal year (พ.ศ., e.g. 2568).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new(path: Path, previous: Path | None, district: str | None, year: int | None,
        force: bool) -> None:
    """Write a blank standard workbook to PATH (or next year's, with --from).

    \b
    Examples:
      itadocs new ita-2569.xlsx --district คลองสาน --year 2569
      itadocs new ita-2569.xlsx --from ita-2568.xlsx
    """
    from .blank import carry_over, write_workbook
    from .model import WorkbookData
    from .reader import read_workbook

    try:
        if path.exists() and not force:
            raise ItadocsError(
                f"มีไฟล์ {path} อยู่แล้ว (ใช้ --force เพื่อเขียนทับ)",
                f"{path} already exists (use --force to overwrite)",
            )
        if previous is not None:
            last, _ = read_workbook(previous)
            data = carry_over(last)
        else:
            data = WorkbookData()
        if district:
            data.unit.district = district
        if year:
            data.unit.fiscal_year = year
        write_workbook(path, data)
    except ItadocsError as exc:
        _echo_error(exc)
        sys.exit(exc.exit_code)
    click.echo(f"สร้างสมุดงาน / wrote {path}")


@main.command("check")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: district, years, scores, total, level, problems.")
def check_cmd(workbook: Path, as_json: bool) -> None:
    """Check WORKBOOK and print its problems, scores, total and level.

    Exit code 0 when there are no errors (warnings allowed), 1 with errors, 2 when the file
    cannot be read at all.

    \b
    Examples:
      itadocs check inputs/ita-khlongsan-2568.xlsx
      itadocs check inputs/ita-khlongsan-2568.xlsx --json
    """
    from .pipeline import check_workbook

    try:
        report = check_workbook(workbook)
    except ItadocsError as exc:
        if as_json:
            click.echo(_json_failure(workbook, exc))
        _echo_error(exc)
        sys.exit(exc.exit_code)
    if as_json:
        click.echo(report.to_json())
    else:
        _print_report(report)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the documents (default: outputs/).")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with measures.docx and order.docx (default: templates/).")
def build(workbooks: tuple[Path, ...], outdir: Path | None, templates: Path | None) -> None:
    """Build the measures document and the committee order from WORKBOOK.

    Without WORKBOOK, builds the example in inputs/. A workbook with errors is not built (the
    errors are printed as `check` prints them); warnings are printed and the build goes on.

    \b
    Examples:
      itadocs build                                   # the example in inputs/
      itadocs build ita-2568.xlsx -o outputs/2568
    """
    from .exceptions import WorkbookHasErrors
    from .pipeline import build_workbook

    if not workbooks:
        workbooks = tuple(sorted(Path("inputs").glob("*.xlsx")))
        if not workbooks:
            _echo_error(ItadocsError(
                "ไม่ได้ระบุสมุดงาน และไม่พบสมุดงานตัวอย่างในโฟลเดอร์ inputs/",
                "no workbook given and no example workbook found in inputs/",
            ))
            sys.exit(2)
    failed = 0
    for workbook in workbooks:
        try:
            result = build_workbook(workbook, outdir or Path("outputs"), templates,
                                    create_outdir=outdir is None)
        except WorkbookHasErrors as exc:
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            _echo_error(exc)
            failed = max(failed, exc.exit_code)
            continue
        except ItadocsError as exc:
            _echo_error(exc)
            failed = max(failed, exc.exit_code)
            continue
        for problem in result.report.warnings:
            click.echo(problem.format(), err=True)
        res = result.report.result
        click.echo(f"{workbook.name}: ITA {res.total} ({res.level.name})")
        for path in result.outputs.values():
            click.echo(f"  เขียน / wrote {path}")
    sys.exit(failed)


@main.group()
def templates() -> None:
    """Work with the Word templates (templates/measures.docx, templates/order.docx)."""


@templates.command("check")
@click.option("--templates", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder with the templates (default: templates/).")
def templates_check(folder: Path | None) -> None:
    """List variables a template uses that the context lacks, and broken or split tags.

    \b
    Example:
      itadocs templates check --templates my-district-templates/
    """
    from .pipeline import check_templates, find_templates

    try:
        where = find_templates(folder)
        messages = check_templates(folder)
    except ItadocsError as exc:
        _echo_error(exc)
        sys.exit(exc.exit_code)
    for message in messages:
        click.echo(message)
    if messages:
        sys.exit(1)
    click.echo(f"แม่แบบใน {where} ใช้ได้ / the templates in {where} are fine")


def _json_failure(workbook: Path, exc: ItadocsError) -> str:
    import json

    return json.dumps({
        "file": workbook.name, "errors": 1, "warnings": 0,
        "problems": [{"severity": "error", "code": "unreadable", "sheet": "", "cell": "",
                      "message_th": exc.message_th, "message_en": exc.message_en}],
    }, ensure_ascii=False, indent=2)


def _print_report(report) -> None:
    from .thai import fmt2

    data, result = report.data, report.result
    click.echo(f"{report.path.name}: เขต{data.unit.district or '?'} "
               f"ปีงบประมาณ {data.unit.fiscal_year or '?'} "
               f"(ผลการประเมินปี {data.unit.assessed_year or '?'})")
    if result:
        for tool in result.tools:
            mark = " (คำนวณ/computed)" if tool.computed else ""
            click.echo(f"  {tool.tool.code}: {fmt2(tool.score) or '-':>6} x "
                       f"{fmt2(tool.tool.weight)}% = {fmt2(tool.weighted) or '-'}{mark}")
        level = result.level.name if result.level else "-"
        click.echo(f"  ITA: {fmt2(result.total) or '-'}  ระดับ/level: {level}")
    for problem in report.problems:
        click.echo(problem.format(), err=problem.is_error)
    summary = (f"ข้อผิดพลาด {len(report.errors)} รายการ, คำเตือน {len(report.warnings)} รายการ / "
               f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    click.echo(summary)


if __name__ == "__main__":  # pragma: no cover
    main()
