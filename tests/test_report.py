"""The library owns a build's result: statuses, wording, summary files and exit code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from itadocs.build.batch import build
from itadocs.build.report import BuildReport, Outcome, Status
from itadocs.exceptions import OutputError, WorkbookUnreadable
from tests.helpers import ROOT, run

EXAMPLE = ROOT / "inputs" / "ita-khlongsan-2568.xlsx"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    (folder / "junk.xlsx").write_bytes(b"not a workbook")
    return folder


def test_a_library_build_writes_what_the_command_writes(tmp_path):
    folder = _folder(tmp_path)
    report = build([folder], tmp_path / "lib", jobs=2)  # errors cross a process whole
    result = run("build", folder, "-o", tmp_path / "cli", "-j", "1")
    assert isinstance(report, BuildReport) and report.many
    assert sorted(p.name for p in (tmp_path / "lib").iterdir()) == sorted(
        p.name for p in (tmp_path / "cli").iterdir())
    assert report.summary[0].name == "ita-summary.xlsx"
    assert report.exit_code == result.exit_code == 2
    assert [o.status for o in report] == [Status.BUILT, Status.FAILED]
    junk = report[1]
    assert isinstance(junk.error, WorkbookUnreadable) and junk.failure is junk.error
    printed = "\n".join(line.text for line in report.lines())
    assert "รวม 2 สมุดงาน, ไม่สำเร็จ 1 / 2 workbooks, 1 failed" in printed
    assert "junk.xlsx: ข้อผิดพลาด / ERROR" in result.stderr and "junk.xlsx" in printed


def test_statuses_and_their_words():
    outcome = Outcome(Path("x.xlsx"), "edited", edited=["ita-order-2569-x.docx"])
    assert outcome.status is Status.EDITED
    assert isinstance(outcome.failure, OutputError)
    assert "edited by hand" in outcome.failure.message.en and outcome.error_count == 1
    assert Status.SKIPPED.message.en == "unchanged, skipped"
    skipped = Outcome(Path("y.xlsx"), Status.SKIPPED, total="92.84", level="ผ่านดี")
    assert str(skipped.result()) == ("ไม่มีการเปลี่ยนแปลง ข้าม / unchanged, skipped "
                                     "(ITA 92.84 ผ่านดี)")


def test_build_json_is_the_report_and_fails_in_the_one_shape(tmp_path, monkeypatch):
    import json

    folder = _folder(tmp_path)
    result = run("build", folder, "-o", tmp_path / "out", "-j", "1", "--json")
    out = json.loads(result.stdout)  # standard output holds only the JSON object
    assert result.exit_code == out["exit_code"] == 2 and out["failed"] == 1
    built, junk = out["outcomes"]
    assert built["status"] == "built" and built["error"] is None and built["outputs"]
    assert junk["status"] == "failed" and junk["error"]["type"] == "WorkbookUnreadable"
    assert out["summary"] and out["summary_error"] is None
    monkeypatch.chdir(tmp_path)
    failed = run("build", "--json")
    shape = json.loads(failed.stdout)
    assert failed.exit_code == 2 and shape["problems"][0]["code"] == "unreadable"
    assert set(shape) == {"targets", "error", "errors", "warnings", "problems"}


@pytest.mark.parametrize("command", [["build"], ["progress", "--round", "6"]])
def test_a_stopped_json_build_still_prints_the_one_shape(command, bangrak, tmp_path,
                                                         monkeypatch):
    """SIGTERM (or Ctrl-C) stops ``build --json``: standard output is still one JSON object,
    with the exit code 128 + the signal, the message on standard error as well."""
    import json
    import signal

    from itadocs.build import batch
    from itadocs.build.lifecycle import Interrupted

    def stopped(*args, **kwargs):
        raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(batch, "build", stopped)
    monkeypatch.setattr("itadocs.pipeline.build_progress", stopped)
    result = run(command[0], bangrak, *command[1:], "-o", tmp_path / "out", "--json")
    assert result.exit_code == 128 + signal.SIGTERM
    shape = json.loads(result.stdout)
    assert shape["targets"] == str(bangrak)
    assert shape["error"]["type"] == "BuildStopped"
    assert shape["error"]["exit_code"] == 128 + signal.SIGTERM
    assert "SIGTERM" in shape["error"]["message_en"] and shape["problems"][0]["code"] == "failed"
    assert "SIGTERM" in result.stderr
