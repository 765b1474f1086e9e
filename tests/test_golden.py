"""Golden files for what people read: the text and JSON that ``check``, ``diff`` and ``build``
print for the seed as published, the example, two versions of a workbook, a folder of
districts and a file that is not a workbook (tests/golden/*.txt, each with its command
line, exit code, stdout and stderr).

After a change that means to change this output, regenerate and review the diff:

    .venv/bin/python -m pytest -q tests/test_golden.py --update-golden
    (or ITADOCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py)
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from itadocs.cli import main
from itadocs.model import Measure
from itadocs.workbooks.writer import write_workbook
from tests.helpers import AS_PUBLISHED, EXAMPLE, ROOT, bangrak_data, edit

GOLDEN = ROOT / "tests" / "golden"
SEED = "ita-khlongsan-2568-as-published.xlsx"
EXAMPLE_NAME = EXAMPLE.name


def seed(folder: Path) -> None:
    shutil.copy(AS_PUBLISHED, folder / SEED)


def example(folder: Path) -> None:
    shutil.copy(EXAMPLE, folder / EXAMPLE_NAME)


def seed_and_example(folder: Path) -> None:
    seed(folder)
    example(folder)


def two_versions(folder: Path) -> None:
    """Bang Rak's workbook and a second version: a score that lifts the level, a tool score,
    an added measure, a working group member gone, the order's date moved."""
    write_workbook(folder / "ita-bangrak-2569.xlsx", bangrak_data())
    data = bangrak_data()
    data.score("1").score = Decimal("91.25")
    data.score("EIT").score = Decimal("85.50")
    data.measures.append(Measure(10, "จัดอบรมการเปิดเผยข้อมูลบนเว็บไซต์"))
    data.working_group.pop(3)
    data.order.date = dt.date(2025, 11, 4)
    write_workbook(folder / "ita-bangrak-2569-v2.xlsx", data)


def not_a_workbook(folder: Path) -> None:
    (folder / "ita-notes.xlsx").write_text("district,score\nคลองสาน,92.84\n", encoding="utf-8")


def districts(folder: Path) -> None:
    """A folder as a central office builds it: two districts of one year that build, one
    with errors, and a file that is not a workbook."""
    (folder / "in").mkdir()
    example(folder / "in")
    write_workbook(folder / "in" / "ita-bangrak-2569.xlsx", bangrak_data())
    broken = bangrak_data()
    broken.unit.district = "สาทร"
    broken.score("EIT").score = None
    write_workbook(folder / "in" / "ita-sathon-2569.xlsx", broken)
    not_a_workbook(folder / "in")


def progress_mistakes(folder: Path) -> None:
    """The example's progress sheet with the mistakes its checks name: a status against its
    percent, a blank status, a measure without its row, a row of a removed measure, a link
    that is not one, a date after the round, a budget beyond the budget set."""
    example(folder)

    def change(wb) -> None:
        ws = wb["ผลการดำเนินการ"]
        ws["E20"] = "อยู่ระหว่างดำเนินการ"
        ws["E21"] = None
        for col in "ABEFGHIJ":
            ws[f"{col}22"] = None
        ws["A23"] = "M99"
        ws["J24"] = "ดูในแฟ้มฝ่ายปกครอง"
        ws["I25"] = "15 เมษายน 2568"
        ws["E6"] = None
        wb["มาตรการ"]["D7"] = "1,000 บาท"
    edit(folder / EXAMPLE_NAME, change)


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    setup: Callable[[Path], None]


CASES = (
    Case("check-seed", ("check", SEED), seed),
    Case("check-seed-json", ("check", SEED, "--json"), seed),
    Case("check-example", ("check", EXAMPLE_NAME), example),
    Case("check-example-json", ("check", EXAMPLE_NAME, "--json"), example),
    Case("check-unreadable", ("check", "ita-notes.xlsx"), not_a_workbook),
    Case("check-unreadable-json", ("check", "ita-notes.xlsx", "--json"), not_a_workbook),
    Case("diff-seed-example", ("diff", SEED, EXAMPLE_NAME), seed_and_example),
    Case("diff-seed-example-json", ("diff", SEED, EXAMPLE_NAME, "--json"), seed_and_example),
    Case("diff-versions", ("diff", "ita-bangrak-2569.xlsx", "ita-bangrak-2569-v2.xlsx"),
         two_versions),
    Case("diff-versions-json", ("diff", "ita-bangrak-2569.xlsx", "ita-bangrak-2569-v2.xlsx",
                                "--json"), two_versions),
    Case("diff-same", ("diff", EXAMPLE_NAME, EXAMPLE_NAME), example),
    Case("diff-unreadable-json", ("diff", EXAMPLE_NAME, "ita-notes.xlsx", "--json"),
         lambda folder: (example(folder), not_a_workbook(folder))),
    Case("build-example", ("build", EXAMPLE_NAME, "-o", "out"), example),
    Case("build-districts", ("build", "in", "-o", "out", "-j", "1"), districts),
    Case("build-districts-json", ("build", "in", "-o", "out", "-j", "1", "--json"), districts),
    Case("progress-example", ("progress", EXAMPLE_NAME, "--round", "12", "-o", "out"), example),
    Case("progress-mistakes", ("progress", EXAMPLE_NAME, "--round", "6", "-o", "out"),
         progress_mistakes),
    Case("progress-mistakes-json", ("progress", EXAMPLE_NAME, "--round", "6", "-o", "out",
                                    "--json"), progress_mistakes),
)


def output_of(case: Case, folder: Path) -> str:
    """What a person sees, as one text: the command, its exit code, stdout and stderr; the
    temporary folder's path written as ``<tmp>``."""
    case.setup(folder)
    result = CliRunner().invoke(main, list(case.args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    text = (f"$ itadocs {' '.join(case.args)}\n"
            f"exit code: {result.exit_code}\n"
            f"--- stdout\n{result.stdout}"
            f"--- stderr\n{result.stderr}")
    for spelling in {str(folder), str(folder.resolve())}:
        text = text.replace(spelling, "<tmp>")
    return text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_output(case, tmp_path, monkeypatch, update_golden):
    monkeypatch.chdir(tmp_path)
    actual = output_of(case, tmp_path)
    expected = GOLDEN / f"{case.name}.txt"
    if update_golden:
        expected.write_text(actual, encoding="utf-8")
    assert expected.exists(), f"no {expected.name}: run with --update-golden and review it"
    assert actual == expected.read_text(encoding="utf-8")


def test_every_golden_file_has_its_case():
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(c.name for c in CASES)
