"""The progress report on the web page: the check page's section (the round chosen, its own
problems from ``itadocs.check_progress``, its build), the build page's downloads, an older
workbook told in the page's words, the ids-and-rows button, and the many-workbook build of
a round. Starlette's test client; the browser's view is in test_web_browser.py."""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from starlette.testclient import TestClient

from itadocs.documents.render import text_of
from itadocs.reading import schema
from itadocs.reading.reader import read_workbook
from itadocs.web import Settings, create_app
from tests.helpers import EXAMPLE, bangrak_data, check, edit, set_cells, text, token, upload
from tests.helpers import WEB_BASE as BASE

SHEET = "ผลการดำเนินการ"
FIRST = 20  # M01, round 6, in a workbook itadocs wrote


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app(Settings(root=tmp_path_factory.mktemp("progress-root"), pdf=False,
                              batch_jobs=1))
    yield app
    app.close()


@pytest.fixture(scope="module")
def example_page(client):
    page = check(client, EXAMPLE)
    assert page.status_code == 200
    return page


def section(page) -> str:
    """The check page's progress section, as text."""
    found = re.search(r'<section class="card" id="progress">(.*?)</section>', page.text, re.S)
    assert found, "no progress section"
    return text(type("Page", (), {"text": found[1]}))


def workbook_token(page) -> str:
    return re.search(r'name="workbook" value="([^"]+)"', page.text)[1]


def build_round(client: TestClient, page, round_months: int):
    built = client.post("/progress", data={"csrf": token(client),
                                           "workbook": workbook_token(page),
                                           "round": str(round_months)})
    assert built.status_code == 200 and "/build/" in str(built.url)
    return built


def download(client: TestClient, page, name: str) -> bytes:
    link = re.search(rf'href="(/download/[^"]+/{re.escape(name)})"', page.text)
    assert link, f"no download of {name}"
    return client.get(link[1]).content


def test_the_check_page_offers_each_round_with_its_own_problems(client, tmp_path):
    """Round 6's errors stop round 6 only; the measures documents are not stopped; the
    round's warnings are shown and do not stop it."""
    path = tmp_path / "ita-khlongsan-2568.xlsx"
    shutil.copy(EXAMPLE, path)
    set_cells(path, SHEET, {f"E{FIRST}": "อยู่ระหว่างดำเนินการ",  # but 100 percent: an error
                            f"I{FIRST + 4}": "15 เมษายน 2568"})  # after the round: a warning
    page = check(client, path)
    six = section(page)
    assert "Round 6 has 1 error(s) of its own" in six
    assert f"{SHEET}!E{FIRST}" in six and "contradicts the percentage 100" in six
    assert f"{SHEET}!I{FIRST + 4}" in six and "not within round 6" in six
    assert 'action="/progress"' not in page.text  # no report of round 6
    assert 'action="/build"' in page.text  # the measures and the order still build
    assert 'type="radio" name="round" value="6" data-submit-on-change checked' in page.text
    twelve = client.get(f"{page.url}?round=12")
    shown = section(twelve)
    assert f"{SHEET}!E{FIRST}" not in shown and "The 12-month report can be built" in shown
    assert "round 12: 30 measures, 28 done, 2 under way, 0 not started" in shown
    assert re.search(r'name="round" value="12">', twelve.text)  # the build's hidden round
    assert 'value="12" data-submit-on-change checked' in twelve.text


def test_a_workbook_with_errors_stops_the_report_too(client, tmp_path):
    path = tmp_path / "ita-broken.xlsx"
    shutil.copy(EXAMPLE, path)
    set_cells(path, "คะแนน", {"C5": 150})
    page = check(client, path)
    shown = section(page)
    assert "has no errors of its own, but the workbook's errors (above) stop" in shown
    assert "คะแนน!C5" not in shown  # the workbook's own errors are in the table above
    assert 'action="/progress"' not in page.text


def test_round_6_of_the_example_builds_with_every_measure(client, example_page):
    built = build_round(client, example_page, 6)
    shown = text(built)
    assert "Built the 6-month progress report of Khlong San, fiscal year 2568" in shown
    assert "round 6: 30 measures, 13 done, 14 under way, 3 not started" in shown
    assert "Progress report (Word)" in shown and "Progress report's cover memo (Word)" in shown
    report = text_of(Document(io.BytesIO(
        download(client, built, "ita-progress-6-2568-khlong-san.docx"))))
    assert "สำนักงานเขตคลองสาน" in report and "(รอบ ๖ เดือน)" in report
    data, _ = read_workbook(EXAMPLE)
    for measure in data.measures:  # every measure of the measures sheet
        assert measure.text.split()[0] in report, measure.id
    assert report.count("ดำเนินการแล้ว\n(ร้อยละ ๑๐๐)") == 13
    memo = text_of(Document(io.BytesIO(
        download(client, built, "ita-progress-memo-6-2568-khlong-san.docx"))))
    assert "บันทึกข้อความ" in memo
    csv_rows = download(client, built, "ita-progress-6-2568-khlong-san.csv").decode(
        "utf-8-sig").splitlines()
    assert len(csv_rows) == 31  # a header and a row per measure
    archive = client.get(re.search(r'href="(/zip/[^"]+)"', built.text)[1])
    assert "ita-progress-6-2568-khlong-san.zip" in archive.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        assert set(zf.namelist()) == {
            "ita-progress-6-2568-khlong-san.docx", "ita-progress-memo-6-2568-khlong-san.docx",
            "ita-progress-6-2568-khlong-san.csv", "ita-progress-6-2568-khlong-san.json"}
    back = re.search(r'href="(/check/[^"]+)"', built.text)[1]
    assert back.endswith("?round=6#progress")  # back to the section it came from


def test_round_12_builds_its_own_report(client, example_page):
    built = build_round(client, example_page, 12)
    assert "round 12: 30 measures, 28 done, 2 under way" in text(built)
    report = text_of(Document(io.BytesIO(
        download(client, built, "ita-progress-12-2568-khlong-san.docx"))))
    assert "(รอบ ๑๒ เดือน)" in report and "(รอบ ๖ เดือน)" not in report
    assert report.count("ดำเนินการแล้ว\n(ร้อยละ ๑๐๐)") == 28


def test_a_round_that_is_not_6_or_12_is_refused(client, example_page):
    for value in ("7", "", "6 OR 1=1"):
        page = client.post("/progress", data={"csrf": token(client), "round": value,
                                              "workbook": workbook_token(example_page)})
        assert page.status_code == 400


def test_an_older_workbook_is_told_to_convert_on_the_page(client, tmp_path):
    """A version 2 workbook (no progress sheet) builds its documents; its report is refused
    with the library's message in the page's words, never a crash or a command."""
    from itadocs.workbooks.writer import write_workbook

    path = write_workbook(tmp_path / "ita-bangrak-2569.xlsx", bangrak_data())

    def as_version_2(wb):
        del wb[SHEET]
        wb["มาตรการ"].delete_cols(7)
        wb[schema.META_SHEET]["B1"] = 2

    edit(path, as_version_2)
    page = check(client, path)
    shown = section(page)
    assert "has no sheet ผลการดำเนินการ (an older template); convert it on the home page" in shown
    assert "give its own fiscal year 2569" in shown and "ใส่ปีงบประมาณเดิม 2569" in shown
    assert "itadocs new" not in text(page) and "--from" not in text(page)
    assert 'action="/build"' in page.text and 'action="/progress"' not in page.text
    built = client.post("/progress", data={"csrf": token(client), "round": "6",
                                           "workbook": workbook_token(page)})
    assert built.status_code == 200  # its build page says why, in the page's words
    assert "The 6-month progress report was not built" in text(built)
    assert "convert it on the home page" in text(built) and "itadocs new" not in text(built)


def test_a_measure_added_by_hand_gets_its_id_and_rows_from_the_button(client, tmp_path):
    from itadocs.workbooks.draft import draft_in_memory
    from itadocs.workbooks.writer import write_workbook

    data = bangrak_data()
    draft_in_memory(data)  # every analysis complete: the button writes only ids and rows
    path = write_workbook(tmp_path / "ita-bangrak-2569.xlsx", data)
    set_cells(path, "มาตรการ", {"A25": "3. การใช้อำนาจ", "B25": "มาตรการที่เพิ่มเอง"})
    page = check(client, path)
    shown = section(page)
    assert "มาตรการ!G25" in shown and "has no id yet" in shown
    assert 'the "Add the missing ids and rows" button' in shown
    assert "itadocs draft" not in text(page)
    assert 'action="/draft" class="in-step' in page.text
    drafted = client.post("/draft", data={"csrf": token(client),
                                          "workbook": workbook_token(page)})
    assert drafted.status_code == 200 and drafted.url != page.url
    banner = text(type("Page", (), {"text": re.search(
        r'<div class="banner good" id="drafted">(.*?)</div>', drafted.text, re.S)[1]}))
    assert "Wrote 5 cells in a new copy" in banner  # the id, its two rows' id and round
    assert "gave 1 measure(s) without an id their id (M21)" in banner
    assert "added 2 row(s) to sheet ผลการดำเนินการ" in banner
    assert "มาตรการ!G25; ผลการดำเนินการ!A60–A61, B60–B61" in banner
    assert "has no id yet" not in section(drafted)
    assert 'class="in-step' not in drafted.text  # in step now
    saved = tmp_path / "drafted.xlsx"
    saved.write_bytes(download(client, drafted, "ita-bangrak-2569-draft.xlsx"))
    data, _ = read_workbook(saved)
    assert data.measures[-1].id == "M21"
    assert {(r.measure_id, r.round) for r in data.progress.rows} >= {("M21", 6), ("M21", 12)}


@pytest.fixture(scope="module")
def bangrak_filled(tmp_path_factory) -> Path:
    """Bang Rak, 2569, with round 6 filled: every measure under way, at half."""
    from itadocs.workbooks.writer import write_workbook

    path = tmp_path_factory.mktemp("bangrak-filled") / "ita-bangrak-2569.xlsx"
    write_workbook(path, bangrak_data())  # its 20 measures' rows: round 6 first
    cells: dict[str, object] = {}
    for row in range(FIRST, FIRST + 20):
        cells |= {f"E{row}": "อยู่ระหว่างดำเนินการ", f"F{row}": 50,
                  f"G{row}": "ดำเนินการตามแผนแล้วครึ่งหนึ่ง"}
    set_cells(path, SHEET, cells)
    data, _ = read_workbook(path)
    assert {(r.round, r.percent) for r in data.progress.rows if r.measure_id} == {
        (6, Decimal(50)), (12, None)}
    return path


def finished(client: TestClient, page):
    status_url = str(page.url).removeprefix(BASE) + "/status"
    for _ in range(600):
        status = client.get(status_url).json()
        if status["finished"]:
            return client.get(str(page.url))
        time.sleep(0.2)
    pytest.fail("the many-workbook build did not finish")


def test_the_batch_builds_a_rounds_report_for_every_district(client, bangrak_filled):
    page = client.post("/batch", data={"csrf": token(client), "what": "progress-6"}, files=[
        ("workbooks", upload(EXAMPLE)), ("workbooks", upload(bangrak_filled))])
    assert page.status_code == 200
    done = finished(client, page)
    shown = text(done)
    assert "The 6-month progress reports of many districts" in shown
    assert "2 built" in shown
    assert "round 6: 30 measures, 13 done, 14 under way, 3 not started" in shown
    assert "round 6: 20 measures, 0 done, 20 under way, 0 not started" in shown
    assert 'id="summary"' not in done.text  # the year's summary is of the documents
    archive = client.get(re.search(r'href="(/zip/[^"]+)"', done.text)[1])
    assert "ita-progress-6.zip" in archive.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        names = set(zf.namelist())
        bangrak = text_of(Document(io.BytesIO(zf.read("ita-progress-6-2569-bang-rak.docx"))))
        khlongsan = text_of(Document(io.BytesIO(
            zf.read("ita-progress-6-2568-khlong-san.docx"))))
    assert "ita-summary.xlsx" not in names and not any("measures" in n for n in names)
    assert "สำนักงานเขตบางรัก" in bangrak and "(รอบ ๖ เดือน)" in bangrak
    assert "สำนักงานเขตคลองสาน" in khlongsan


def test_the_batch_builds_round_12_and_refuses_another_choice(client, bangrak_filled):
    page = client.post("/batch", data={"csrf": token(client), "what": "progress-12"},
                       files=[("workbooks", upload(EXAMPLE)),
                              ("workbooks", upload(bangrak_filled))])
    done = finished(client, page)
    shown = text(done)
    assert "1 built, 1 failed" in shown  # Bang Rak's round 12 is not filled in
    assert "round 12 is not filled in at all (20 measures)" in shown
    assert "round 12: 30 measures, 28 done" in shown
    refused = client.post("/batch", data={"csrf": token(client), "what": "progress-7"},
                          files=[("workbooks", upload(EXAMPLE))])
    assert refused.status_code == 400
