"""One vocabulary of messages: problem codes, errors that pickle whole, one failure shape."""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest
from click.testing import CliRunner

from itadocs import exceptions
from itadocs.cli import main
from itadocs.exceptions import (
    ItadocsError,
    Message,
    OutputError,
    Problem,
    ProblemCode,
    Severity,
    WorkbookHasErrors,
)


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _subclasses(sub)
    return found


def _example(cls: type[ItadocsError]) -> ItadocsError:
    if cls is WorkbookHasErrors:
        return cls([Problem(Severity.ERROR, ProblemCode.REQUIRED, "หน่วยงาน", "B3",
                            Message("ไม่ได้กรอก", "missing"))])
    return cls("ข้อความ", "message", where="คะแนน!C5")


@pytest.mark.parametrize("cls", _subclasses(ItadocsError), ids=lambda c: c.__name__)
def test_every_error_pickles_whole(cls):
    error = _example(cls)
    error.extra = ["kept"]
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert back.__dict__ == error.__dict__ and back.args == error.args
    assert back.message == error.message and back.exit_code == error.exit_code


def _raise_in_worker() -> None:
    raise OutputError("เขียนไม่ได้", "cannot write", where="out/x.docx")


def test_an_error_raised_in_a_worker_process_comes_back_as_itself():
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_raise_in_worker)
        with pytest.raises(OutputError) as caught:
            future.result()
    assert caught.value.message == Message("เขียนไม่ได้", "cannot write")
    assert caught.value.where == "out/x.docx"


def test_a_problem_carries_a_message_and_a_listed_code():
    problem = Problem(Severity.WARNING, ProblemCode.STALE_YEAR, "คำสั่ง", "B4",
                      Message("ปี", "year"))
    assert problem.as_dict() == {"severity": "warning", "code": "stale_year", "sheet": "คำสั่ง",
                                 "cell": "B4", "message_th": "ปี", "message_en": "year"}
    assert (problem.message_th, problem.message_en, problem.where()) == ("ปี", "year",
                                                                          "คำสั่ง!B4")


def test_an_error_accepts_a_message():
    error = exceptions.TemplateError(Message("แม่แบบ", "template"), where="order.docx")
    assert (error.message_th, error.message_en, str(error)) == ("แม่แบบ", "template", "template")


def test_check_and_diff_fail_in_one_json_shape(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    check = CliRunner().invoke(main, ["check", str(broken), "--json"])
    diff = CliRunner().invoke(main, ["diff", str(broken), str(broken), "--json"])
    assert (check.exit_code, diff.exit_code) == (2, 2)
    as_check, as_diff = json.loads(check.stdout), json.loads(diff.stdout)
    assert as_check["file"] == "broken.xlsx"
    assert (as_diff["old"], as_diff["new"]) == ("broken.xlsx", "broken.xlsx")
    for out in (as_check, as_diff):
        assert out["errors"] == 1 and out["warnings"] == 0
        assert out["error"]["type"] == "WorkbookUnreadable" and out["error"]["exit_code"] == 2
        assert out["problems"][0]["code"] == "unreadable"
        assert out["problems"][0]["message_en"] == out["error"]["message_en"]


def test_the_readme_lists_every_problem_code_and_no_other():
    import re

    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", readme, flags=re.M))
    assert listed == {code.value for code in ProblemCode}
