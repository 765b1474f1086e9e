"""The checks as functions: each yields problems, ``check`` runs the list CHECKS."""

from __future__ import annotations

from itadocs import framework
from itadocs.checking import checks, locate
from itadocs.exceptions import ProblemCode, Severity
from itadocs.model import Order, WorkbookData


def test_problem_at_names_the_cell_or_falls_back_to_the_sheet():
    data = WorkbookData(locations={"order.number": ("คำสั่ง", "C5")})
    placed = locate.problem_at(data, "order.number", ProblemCode.ORDER_NUMBER, "th", "en")
    assert (placed.severity, placed.sheet, placed.cell) == (Severity.ERROR, "คำสั่ง", "C5")
    fallback = locate.problem_at(data, "committee", ProblemCode.NO_COMMITTEE, "th", "en",
                                 severity=Severity.WARNING, sheet="คณะกรรมการ")
    assert (fallback.severity, fallback.sheet, fallback.cell) == (
        Severity.WARNING, "คณะกรรมการ", "")


def test_one_check_alone_and_the_list():
    data = WorkbookData(order=Order(number=-3), locations={"order.number": ("คำสั่ง", "C5")})
    fw = framework.load(2567)
    found = list(checks.order_number(data, fw, None))
    assert [(p.code, p.where()) for p in found] == [("order_number", "คำสั่ง!C5")]
    assert checks.order_number in checks.CHECKS
    assert [p for p in checks.check(data, fw) if p.code == "order_number"] == found
