"""The command line speaks Thai and English: help, click's usage errors, where reports go."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import openpyxl
import pytest
from click.testing import CliRunner

from itadocs.cli import main
from itadocs.reading import schema
from tests.helpers import env

THAI = re.compile(r"[\u0e01-\u0e5b]")
LATIN = re.compile(r"[A-Za-z]{3,}")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = [(), *(path for path, _ in _commands(main))]


def run(args):
    return CliRunner().invoke(main, args, prog_name="itadocs")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "itadocs")
def test_every_help_is_in_thai_and_english(path):
    result = run([*path, "--help"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("วิธีใช้ / Usage: itadocs")
    assert "ตัวเลือก / Options:" in text
    assert "แสดงวิธีใช้นี้ / Show this message and exit." in text
    assert "\nOptions:" not in text and "\nCommands:" not in text
    command = main
    for name in path:
        command = command.commands[name]
    assert THAI.search(command.help or "") and LATIN.search(command.help or ""), path
    for param in command.params:
        if isinstance(param, click.Option):
            assert THAI.search(param.help or "") and LATIN.search(param.help or ""), (
                path, param.name)
    if isinstance(command, click.Group):
        assert "คำสั่ง / Commands:" in text
        for sub in command.commands.values():
            short = sub.get_short_help_str(200)
            assert THAI.search(short) and LATIN.search(short), sub.name


@pytest.mark.parametrize(("args", "thai", "english"), [
    (["new"], "ยังไม่ได้ระบุ PATH", "Missing argument 'PATH'"),
    (["check", "--nope", "x.xlsx"], "ไม่มีตัวเลือก --nope", "--nope"),
    (["build", "--pd"], "ไม่มีตัวเลือก --pd", "Did you mean one of: '--help', '--pdf'?"),
    (["bulid"], "ไม่มีคำสั่ง 'bulid'", "No such command 'bulid'"),
    (["new", "x.xlsx", "--year", "สองห้า"], "ไม่ใช่จำนวนเต็ม", "is not a valid integer"),
    (["build", "-j", "99"], "ไม่อยู่ในช่วง", "is not in the range"),
    (["check", "a.xlsx", "b.xlsx"], "มีอาร์กิวเมนต์เกินมา", "unexpected extra argument"),
    (["new", "x.xlsx", "--year"], "ต้องมีค่าตามหลัง", "requires an argument"),
])
def test_usage_errors_are_in_thai_and_english(args, thai, english):
    result = run(args)
    assert result.exit_code == 2
    assert "ข้อผิดพลาด / ERROR" in result.stderr
    assert thai in result.stderr and english in result.stderr
    assert "ดูวิธีใช้ด้วย / see: itadocs" in result.stderr
    assert "Error:" not in result.stderr and "Traceback" not in result.output


def test_a_group_alone_shows_its_help():
    result = run(["templates"])
    assert result.exit_code == 2 and "คำสั่ง / Commands:" in result.output


def test_check_prints_its_whole_report_to_standard_output(bangrak):
    wb = openpyxl.load_workbook(bangrak)
    wb[schema.SCORES.name]["C7"] = "ดีมาก"
    wb.save(bangrak)
    result = run(["check", str(bangrak)])
    assert result.exit_code == 1
    assert "[คะแนน!C7]" in result.stdout and "is not a number" in result.stdout
    assert "ข้อผิดพลาด 1 รายการ" in result.stdout
    assert result.stderr == ""


def test_check_of_an_unreadable_file_reports_on_standard_output(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    result = run(["check", str(broken)])
    assert result.exit_code == 2 and "broken.xlsx" in result.stdout and result.stderr == ""
    as_json = run(["check", str(broken), "--json"])
    assert as_json.stdout.lstrip().startswith("{")  # standard output stays one JSON object
    assert "ข้อผิดพลาด / ERROR" in as_json.stderr


def test_build_without_a_workbook_outside_the_project_says_how(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(["build"])
    assert result.exit_code == 2
    assert "itadocs build ชื่อไฟล์.xlsx" in result.output
    assert "itadocs build FILE.xlsx" in result.output
    assert not (tmp_path / "outputs").exists()


def test_a_value_not_among_the_choices_says_which_in_thai():
    result = run(["progress", "x.xlsx", "--round", "9"])
    assert result.exit_code == 2
    assert "'9' ไม่ใช่ค่าที่เลือกได้ ('6', '12')" in result.stderr
    assert "is not one of '6', '12'" in result.stderr


@pytest.mark.parametrize("args", [["check", "{book}"], ["check", "{book}", "--json"],
                                  ["diff", "{book}", "{book}"], ["--help"],
                                  ["check", "{folder}/nosuch.xlsx", "--json"]])
def test_a_full_disk_under_standard_output_is_said_not_a_traceback(args, bangrak):
    """``itadocs check x.xlsx > report.txt`` on a full disk: one message on standard error,
    a non-zero exit code, no traceback and no "Exception ignored" at exit."""
    args = [a.format(book=bangrak, folder=bangrak.parent) for a in args]
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "itadocs.cli", *args], stdout=full,
                                stderr=subprocess.PIPE, text=True, env=env(), timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "เขียนผลทางเอาต์พุตมาตรฐานไม่ได้" in result.stderr
    assert "cannot write to standard output" in result.stderr


def test_an_excel_lock_file_named_is_said_to_be_one(tmp_path, bangrak):
    lock = tmp_path / f"~${bangrak.name}"
    lock.write_bytes(b"\x05clerk" + b" " * 48 + b"\x05\x00c\x00l\x00e\x00r\x00k\x00")
    result = run(["check", str(lock)])
    assert result.exit_code == 2
    assert f"ไฟล์ล็อกที่ Excel สร้างขณะเปิดสมุดงาน {bangrak.name}" in result.stdout
    assert f"the lock file Excel keeps while {bangrak.name} is open" in result.stdout
    assert "CSV" not in result.stdout


@pytest.mark.parametrize("args", [
    ["draft", ""], ["draft", "x.xlsx", "-o", ""], ["new", "", "--district", "บางรัก", "--year",
                                                      "2569", "--force"],
    ["new", "x.xlsx", "--from", ""], ["build", "x.xlsx", "-o", ""],
    ["progress", "x.xlsx", "--round", "6", "-o", ""], ["build", "--templates", ""],
    ["templates", "export", ""], ["templates", "check", "--templates", ""],
    ["check", ""], ["diff", "", "x.xlsx"], ["build", ""], ["progress", "", "--round", "6"],
], ids=" ".join)
def test_an_empty_name_is_a_usage_error_not_the_current_folder(args, tmp_path, monkeypatch):
    """``itadocs draft "$BOOK"`` with the variable unset: said, and nothing is written
    where the command runs (before, draft raised a traceback, templates export and
    build -o wrote into the current folder, new --force said "cannot write : ...")."""
    monkeypatch.chdir(tmp_path)
    result = run(args)
    assert result.exit_code == 2, result.output
    assert "ชื่อว่างเปล่า" in result.stderr and "an empty name" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "subject", "english"), [
    (["check", "--json"], {"file": ""}, "Missing argument 'WORKBOOK'"),
    (["check", "x.xlsx", "--json", "--nope"], {"file": ""}, "No such option '--nope'"),
    (["diff", "a.xlsx", "--json"], {"old": "", "new": ""}, "Missing argument 'NEW'"),
    (["build", "x.xlsx", "-o", "{file}", "--json"], {"targets": ""}, "is a file"),
    (["build", "--json", "-j", "0"], {"targets": ""}, "is not in the range"),
    (["progress", "x.xlsx", "--json"], {"targets": ""}, "Missing option '--round'"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_a_usage_error_with_json_is_one_json_object_too(args, subject, english, tmp_path):
    """``itadocs check "$BOOK" --json | jq`` with the variable unset: standard output is
    the one failure shape every ``--json`` prints, the message on standard error as well."""
    import json

    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x")
    result = run([a.format(file=a_file) for a in args])
    assert result.exit_code == 2
    shown = json.loads(result.stdout)
    assert {k: shown[k] for k in subject} == subject
    assert shown["error"]["type"] == "UsageError" and shown["error"]["exit_code"] == 2
    assert english in shown["error"]["message_en"] and THAI.search(shown["error"]["message_th"])
    assert shown["errors"] == 1 and shown["warnings"] == 0
    assert [p["code"] for p in shown["problems"]] == ["failed"]
    assert "ข้อผิดพลาด / ERROR" in result.stderr and english in result.stderr


def test_a_usage_error_without_json_prints_nothing_on_standard_output():
    result = run(["check"])
    assert result.exit_code == 2 and result.stdout == ""


@pytest.mark.parametrize("args", [
    ["new", "ita-2569", "--district", "บางรัก", "--year", "2569"],
    ["draft", "{book}", "-o", "ita-2569-draft.txt"],
], ids=" ".join)
def test_a_workbook_written_under_a_name_excel_would_not_open_is_refused(args, tmp_path,
                                                                         monkeypatch, bangrak):
    """``new ita-2569`` (the .xlsx forgotten) wrote a file named ita-2569 that Excel does not
    open; now it is a usage error naming the file, and nothing is written."""
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.iterdir())
    result = run([a.format(book=bangrak) for a in args])
    assert result.exit_code == 2, result.output
    assert "ต้องลงท้ายด้วย .xlsx" in result.stderr and "does not end in .xlsx" in result.stderr
    assert set(tmp_path.iterdir()) == before
