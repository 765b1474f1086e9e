"""The web page as a person uses it: a real server, Debian's chromium driven by Playwright.

One server process (``itadocs serve``) and one browser for the module. The browser is the
system's (``/usr/bin/chromium``, launched by its path; Playwright never downloads one).
Screenshots of each page are written to the test's folder, and to ``$ITADOCS_SCREENSHOTS``
when set (the README's pictures come from there).
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from itadocs.documents.render import text_of
from tests.helpers import EXAMPLE, LONG_NAME, XLSX, env, set_cells

CHROMIUM = os.environ.get("ITADOCS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def shoot(page, shots: Path, name: str, full: bool | None = True) -> Path:
    """A screenshot of ``page`` (the whole page with ``full``), or of one part of it (a
    locator, ``full=None``)."""
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), **({} if full is None else {"full_page": full}))
    target = os.environ.get("ITADOCS_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``itadocs serve`` on a free port, as the operator starts it."""
    home = tmp_path_factory.mktemp("serve")
    proc = subprocess.Popen(
        [sys.executable, "-m", "itadocs.cli", "serve", "--port", "0", "--no-browser"],
        cwd=home, env={**env(), "TMPDIR": str(home)}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not match:
        proc.kill()
        pytest.fail(f"itadocs serve did not start: {line}{proc.stdout.read()}")
    yield match[0]
    proc.terminate()
    proc.wait(timeout=30)
    assert not any((home / f"itadocs-web-{os.getuid()}").glob("*/store/*"))  # cleaned up


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium is required in CI ({CHROMIUM})")
        pytest.skip(f"chromium not installed ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="th-TH",
                                  accept_downloads=True, base_url=server)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("broken") / "ita-khlongsan-2568-แก้ไข.xlsx"
    shutil.copy(EXAMPLE, path)
    set_cells(path, "คะแนน", {"C5": 150})
    return path


def test_a_staffer_checks_builds_and_downloads_both_documents(page, shots, tmp_path):
    page.goto("/")
    assert page.get_by_role("heading", name=re.compile("ตรวจสมุดงานและสร้างเอกสาร")).is_visible()
    shoot(page, shots, "web-home")
    # choosing the file is enough: the form sends itself
    page.set_input_files("#check input[type=file]", str(EXAMPLE))
    page.wait_for_url(re.compile(r"/check/"))
    page.wait_for_load_state("networkidle")
    assert page.locator("table.scores .total").inner_text() == "92.84"
    assert page.locator("table.scores .level").inner_text() == "ผ่านดี"
    assert page.locator("figure.chart img").evaluate("img => img.naturalWidth") > 500
    shoot(page, shots, "web-check")

    wants_pdf = page.locator("form.build input[name=pdf]").count() > 0
    assert wants_pdf == (shutil.which("soffice") is not None)
    page.click("form.build button[type=submit]")
    page.wait_for_url(re.compile(r"/build/"))
    if wants_pdf:  # the PDFs and the previews come in while the page waits
        page.wait_for_selector("#pages img", timeout=240_000)
        page.wait_for_load_state("networkidle")
        first = page.locator("#pages img").first
        assert first.evaluate("img => img.naturalWidth") > 300
        assert page.get_by_text("Measures document (PDF)").is_visible()
        assert page.locator("#pages img").count() >= 15  # the measures document's pages
    assert "92.84" in page.locator(".banner.good").inner_text()
    shoot(page, shots, "web-build")

    with page.expect_download() as download:
        page.click("#zip")
    archive = tmp_path / download.value.suggested_filename
    download.value.save_as(archive)
    assert archive.name == "ita-2568-khlong-san.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        measures = Document(io.BytesIO(zf.read("ita-measures-2568-khlong-san.docx")))
        order = Document(io.BytesIO(zf.read("ita-order-2568-khlong-san.docx")))
    assert {"ita-scores-2568-khlong-san.csv", "ita-data-2568-khlong-san.json"} <= names
    assert "มาตรการยกระดับคุณธรรมและความโปร่งใสของสำนักงานเขตคลองสาน" in text_of(measures)
    assert "แต่งตั้งคณะกรรมการ" in text_of(order)
    assert "๙๒.๘๔" in text_of(measures)  # the total, in Thai digits as the workbook asks

    with page.expect_download() as one:
        page.get_by_role("link", name=re.compile("Committee order \\(Word\\)")).click()
    assert one.value.suggested_filename == "ita-order-2568-khlong-san.docx"
    assert not page.problems, page.problems  # no script error, nothing the CSP blocked


def test_a_broken_workbook_shows_its_message_and_cell(page, shots, broken):
    page.goto("/")
    page.set_input_files("#check input[type=file]", str(broken))
    page.wait_for_url(re.compile(r"/check/"))
    row = page.locator("table.problems tr.error", has_text="คะแนน!C5").first
    assert row.is_visible()
    assert "150" in row.inner_text()
    assert page.locator(".banner.bad").is_visible()
    assert page.locator("form.build").count() == 0
    assert page.locator("table.problems tbody tr").first.get_attribute("class") == "error"
    shoot(page, shots, "web-errors", full=False)


def test_a_file_dropped_on_the_page_is_checked(page, shots):
    page.goto("/")
    data = base64.b64encode(EXAMPLE.read_bytes()).decode()
    transfer = page.evaluate_handle(
        """(data) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], "ita-khlongsan-2568.xlsx"));
            return dt;
        }""", data)
    page.dispatch_event("#check .drop", "drop", {"dataTransfer": transfer})
    page.wait_for_url(re.compile(r"/check/"))
    assert page.locator("table.scores .total").inner_text() == "92.84"


def test_a_file_that_is_not_a_workbook(page, shots, tmp_path):
    fake = tmp_path / "scores.xlsx"
    fake.write_text("district,score\n", encoding="utf-8")
    page.goto("/")
    page.set_input_files("#check input[type=file]", str(fake))
    page.wait_for_load_state("networkidle")
    message = page.locator("table.problems").inner_text()
    assert "scores.xlsx" in message and "ไม่ใช่สมุดงาน" in message
    assert "not an .xlsx workbook" in message
    assert "/tmp" not in page.content()


# --------------------------------------------------------------------------- round two

WIDTHS = (1280, 390)


def fits(page, shots: Path, name: str) -> dict[int, int]:
    """The page's width at each window width (a screenshot of each): never wider."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        found[width] = page.evaluate("document.documentElement.scrollWidth")
        shoot(page, shots, f"{name}-{width}")
    page.set_viewport_size({"width": 1200, "height": 900})
    assert found == {w: w for w in WIDTHS}, (name, found)
    return found


@pytest.fixture(scope="module")
def undrafted(tmp_path_factory) -> Path:
    from itadocs.workbooks.writer import write_workbook
    from tests.helpers import bangrak_data

    data = bangrak_data()
    for analysis in data.analyses:
        analysis.text = analysis.category = ""
    path = tmp_path_factory.mktemp("undrafted") / "ita-bangrak-2569.xlsx"
    write_workbook(path, data)
    return path


def bangrak_bytes() -> bytes:
    """A valid workbook of Bang Rak, 2569."""
    import tempfile

    from itadocs.workbooks.writer import write_workbook
    from tests.helpers import bangrak_data

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.xlsx"
        write_workbook(path, bangrak_data())
        return path.read_bytes()


def test_a_long_thai_name_is_checked_and_shown_whole(page, shots):
    page.problems.clear()  # a failed page earlier logs its 422
    page.goto("/")
    page.set_input_files("#check input[type=file]", files=[
        {"name": LONG_NAME, "mimeType": XLSX, "buffer": EXAMPLE.read_bytes()}])
    page.wait_for_url(re.compile(r"/check/"))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1.file").inner_text().replace("\n", "") == LONG_NAME
    assert page.locator("table.scores .total").inner_text() == "92.84"
    fits(page, shots, "web-check-long-name")
    assert not page.problems, page.problems


def test_the_draft_button_drafts_and_offers_the_new_workbook(page, shots, undrafted,
                                                             tmp_path):
    page.problems.clear()  # a failed page earlier logs its 422
    from itadocs.reading.reader import read_workbook

    page.goto("/")
    page.set_input_files("#check input[type=file]", str(undrafted))
    page.wait_for_url(re.compile(r"/check/"))
    before = page.url
    page.click("form.draft button[type=submit]")
    page.wait_for_url(lambda url: url != before and "/check/" in url)
    assert page.locator("#drafted").is_visible()
    assert "วิเคราะห์!B5–B14" in page.locator("#drafted").inner_text()
    with page.expect_download() as download:
        page.click("#download-draft")
    assert download.value.suggested_filename == "ita-bangrak-2569-draft.xlsx"
    download.value.save_as(tmp_path / "drafted.xlsx")
    data, _ = read_workbook(tmp_path / "drafted.xlsx")
    assert all(a.text.startswith("ได้ค่าคะแนน") for a in data.analyses)
    fits(page, shots, "web-drafted")
    assert not page.problems, page.problems


def test_a_year_typed_in_thai_digits_makes_the_blank_workbook(page):
    """Thai offices type years in Thai digits: the year field takes ๒๕๖๙ as 2569."""
    page.problems.clear()
    page.goto("/")
    page.select_option("form[action='/new'] select[name=district]", "บางรัก")
    page.fill("form[action='/new'] input[name=year]", "๒๕๖๙")
    page.click("form[action='/new'] button[type=submit]")
    page.wait_for_url(re.compile(r"/new/"))
    assert "ปีงบประมาณ 2569" in page.locator("main").inner_text()
    assert not page.problems, page.problems


def test_the_offices_garuda_is_uploaded_on_the_page(page, shots, tmp_path):
    page.problems.clear()  # a failed page earlier logs its 422
    from PIL import Image

    garuda = tmp_path / "ตราครุฑ.png"
    Image.new("RGBA", (240, 240), (160, 20, 20, 255)).save(garuda)
    page.goto("/")
    page.click("#office a.button")
    page.wait_for_url(re.compile(r"/office$"))
    assert "kept until the server stops" in page.locator("#kept").inner_text()
    page.set_input_files("#file-garuda-png input[type=file]", str(garuda))
    page.click("#file-garuda-png button[type=submit]")
    page.wait_for_selector("#installed")
    assert "ตราครุฑ.png" in page.locator("#installed").inner_text()
    fits(page, shots, "web-office")
    page.goto("/")
    assert "the office's (uploaded)" in page.locator("#office").inner_text()
    page.goto("/office")  # leave the standard Garuda for the other tests
    page.click("form[action='/office/remove'] button[type=submit]")
    page.wait_for_url(re.compile(r"/office$"))
    assert not page.problems, page.problems


def test_every_page_fits_the_window_at_1280_and_390_px(page, shots, broken):
    """Home, carry-over, check, build, diff and many workbooks: no page wider than the
    window, the carry-over report included (it was 1,440 px in 1,280)."""
    page.problems.clear()  # a failed page earlier logs its 422
    page.goto("/")
    fits(page, shots, "web-home")
    page.set_input_files("form[action='/carry'] input[type=file]", str(EXAMPLE))
    page.click("form[action='/carry'] details summary")
    page.select_option("form[action='/carry'] select[name=district]", "บางรัก")
    page.click("form[action='/carry'] button[type=submit]")
    page.wait_for_url(re.compile(r"/carry/"))
    assert page.locator("table.report tbody tr").count() < 15
    fits(page, shots, "web-carry")
    page.goto("/")
    page.set_input_files("#check input[type=file]", str(broken))
    page.wait_for_url(re.compile(r"/check/"))
    fits(page, shots, "web-check-errors")
    page.goto("/")
    page.set_input_files("#check input[type=file]", str(EXAMPLE))
    page.wait_for_url(re.compile(r"/check/"))
    page.wait_for_load_state("networkidle")
    fits(page, shots, "web-check-example")
    if page.locator("form.build input[name=pdf]").count():
        page.uncheck("form.build input[name=pdf]")
    page.click("form.build button[type=submit]")
    page.wait_for_url(re.compile(r"/build/"))
    fits(page, shots, "web-build-no-pdf")
    page.goto("/")
    page.set_input_files("form[action='/diff'] .drop >> nth=0 >> input", str(EXAMPLE))
    page.set_input_files("form[action='/diff'] .drop >> nth=1 >> input", str(broken))
    page.click("form[action='/diff'] button[type=submit]")
    page.wait_for_url(re.compile(r"/diff/"))
    fits(page, shots, "web-diff")
    page.goto("/")
    page.set_input_files("form[action='/batch'] input[type=file]", files=[
        {"name": LONG_NAME, "mimeType": XLSX, "buffer": EXAMPLE.read_bytes()},
        {"name": "ita-bangrak-2569.xlsx", "mimeType": XLSX, "buffer": bangrak_bytes()},
        {"name": "notes.xlsx", "mimeType": XLSX, "buffer": b"district,score\n"}])
    page.click("form[action='/batch'] button[type=submit]")
    page.wait_for_selector("#headline", timeout=240_000)
    assert page.locator("#headline").inner_text().endswith("2 built, 1 failed")
    assert page.locator("#summary h3").count() >= 5
    fits(page, shots, "web-batch")
    assert not page.problems, page.problems


def test_a_staffer_chooses_a_round_and_builds_its_progress_report(page, shots, tmp_path):
    """The check page's progress section: the round chosen by its radio button (the page
    shows that round at once), its report built and downloaded; the many-workbook form
    builds a round's reports. Every page fits 1280 and 390 px."""
    page.problems.clear()  # a failed page earlier logs its 422
    page.goto("/")
    page.set_input_files("#check input[type=file]", str(EXAMPLE))
    page.wait_for_url(re.compile(r"/check/"))
    section = page.locator("#progress")
    assert "round 6: 30 measures, 13 done" in section.inner_text()
    show = section.locator("button", has_text="Show this round")
    assert show.count() == 1 and show.is_hidden()  # the choice itself shows the round
    section.get_by_label(re.compile("12 months")).check()
    page.wait_for_url(re.compile(r"round=12"))
    section = page.locator("#progress")
    assert "round 12: 30 measures, 28 done, 2 under way" in section.inner_text()
    assert section.get_by_label(re.compile("12 months")).is_checked()
    shoot(section, shots, "web-progress", full=None)
    fits(page, shots, "web-check-progress")
    wants_pdf = section.locator("input[name=pdf]").count() > 0
    assert wants_pdf == (shutil.which("soffice") is not None)
    section.get_by_role("button", name=re.compile("Build the 12-month report")).click()
    page.wait_for_url(re.compile(r"/build/"))
    if wants_pdf:  # the report's pages come in while the page waits
        page.wait_for_selector("#pages img", timeout=240_000)
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("Progress report (PDF)").is_visible()
        assert page.locator("#pages img").count() >= 5
        assert "The progress report's pages" in page.locator("#pages h2").inner_text()
    assert "Built the 12-month progress report of Khlong San" in page.locator(
        ".banner.good").inner_text()
    link = page.get_by_role("link", name=re.compile(r"^.*Progress report \(Word\)"))
    assert link.is_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "ita-progress-12-2568-khlong-san.docx"
    download.value.save_as(tmp_path / "report.docx")
    report = text_of(Document(str(tmp_path / "report.docx")))
    assert "สำนักงานเขตคลองสาน" in report and "(รอบ ๑๒ เดือน)" in report
    fits(page, shots, "web-build-progress")

    page.goto("/")
    page.set_input_files("form[action='/batch'] input[type=file]", files=[
        {"name": "ita-khlongsan-2568.xlsx", "mimeType": XLSX, "buffer": EXAMPLE.read_bytes()},
        {"name": "ita-bangrak-2569.xlsx", "mimeType": XLSX, "buffer": bangrak_bytes()}])
    page.get_by_label(re.compile("The 6-month progress reports")).check()
    page.click("form[action='/batch'] button[type=submit]")
    page.wait_for_selector("#headline", timeout=240_000)
    assert page.locator("#headline").inner_text().endswith("1 built, 1 failed")
    assert "round 6 is not filled in at all" in page.locator("table.status").inner_text()
    assert page.locator("#zip").is_visible() and page.locator("#summary").count() == 0
    fits(page, shots, "web-batch-progress")
    assert not page.problems, page.problems


def test_going_back_shows_the_round_the_section_shows(page):
    """Back from round 12 to round 6: the radio button the browser would restore says 12
    while the section and its button are round 6's; the page shows one round."""
    page.problems.clear()
    page.goto("/")
    page.set_input_files("#check input[type=file]", str(EXAMPLE))
    page.wait_for_url(re.compile(r"/check/"))
    page.locator("#progress").get_by_label(re.compile("12 months")).check()
    page.wait_for_url(re.compile(r"round=12"))
    page.go_back()
    page.wait_for_load_state("networkidle")
    section = page.locator("#progress")
    assert "round 6: 30 measures" in section.inner_text()
    assert section.locator("input[name=round]:checked").get_attribute("value") == "6"
    assert section.locator("form.progress-build input[name=round]").get_attribute(
        "value") == "6"
    assert not page.problems, page.problems


def test_back_to_an_upload_page_never_asks_to_resubmit(page, tmp_path):
    """The office's upload and a comparison answer with a page of their own address: going
    on, then Back (or reloading), shows it again, never the browser's "Confirm Form
    Resubmission" (English only) or a second upload."""
    from PIL import Image

    page.problems.clear()
    garuda = tmp_path / "garuda.png"
    Image.new("RGBA", (240, 240), (160, 20, 20, 255)).save(garuda)
    page.goto("/office")
    page.set_input_files("#file-garuda-png input[type=file]", str(garuda))
    page.click("#file-garuda-png form[action='/office'] button[type=submit]")
    page.wait_for_selector("#installed")
    page.reload()  # no form sent again: the page of the upload, still saying so
    assert "Now using the uploaded garuda.png" in page.locator("#installed").inner_text()
    page.click(".crumbs a[href='/']")
    page.wait_for_url(re.compile(r"/$"))
    page.go_back()
    assert "Using the uploaded file" in page.locator("#file-garuda-png").inner_text()
    page.click("#file-garuda-png form[action='/office/remove'] button[type=submit]")
    page.wait_for_url(re.compile(r"/office$"))

    page.goto("/")
    page.set_input_files("form[action='/diff'] .drop >> nth=0 >> input", str(EXAMPLE))
    page.set_input_files("form[action='/diff'] .drop >> nth=1 >> input", str(EXAMPLE))
    page.click("form[action='/diff'] button[type=submit]")
    page.wait_for_url(re.compile(r"/diff/"))
    page.click(".crumbs a[href='/']")
    page.wait_for_url(re.compile(r"/$"))
    page.go_back()
    assert "No differences" in page.locator("main").inner_text()
    assert not page.problems, page.problems


def test_two_districts_compared_are_said_to_be_so(page, shots):
    """Bang Rak's workbook against Khlong San's: the notes above the table say they are of
    different districts and years; the page fits 1280 and 390 px."""
    page.problems.clear()
    page.goto("/")
    page.set_input_files("form[action='/diff'] .drop >> nth=0 >> input", files=[
        {"name": "ita-bangrak-2569.xlsx", "mimeType": XLSX, "buffer": bangrak_bytes()}])
    page.set_input_files("form[action='/diff'] .drop >> nth=1 >> input", str(EXAMPLE))
    page.click("form[action='/diff'] button[type=submit]")
    page.wait_for_url(re.compile(r"/diff/"))
    notes = page.locator(".banner.unlike")
    assert notes.count() == 2 and notes.first.is_visible()
    assert "different districts (Bang Rak → Khlong San)" in notes.first.inner_text()
    fits(page, shots, "web-diff-two-districts")
    assert not page.problems, page.problems


def test_a_waiting_page_whose_files_are_gone_reloads_to_say_so(page):
    """A build or many-workbook page waiting on its status, when the server no longer has
    its files (restarted, or expired): the page reloads, so the server's page says why,
    instead of a spinner that never ends."""
    served: list[int] = []

    def waiting(route) -> None:
        served.append(1)
        if len(served) == 1:  # the page as it was, polling a status the server lost
            route.fulfill(status=200, content_type="text/html", body=(
                '<!doctype html><p data-poll="/build/gone/status">waiting</p>'
                '<script src="/static/app.js"></script>'))
        else:
            route.fulfill(status=404, content_type="text/html", body='<p id="said">gone</p>')

    page.route("**/waiting-page", waiting)
    try:
        page.goto("/waiting-page")
        page.wait_for_selector("#said", timeout=15_000)
    finally:
        page.unroute("**/waiting-page")


def test_a_flood_of_requests_on_the_real_server_logs_no_one_out(page, server):
    """5,200 requests without a cookie to the running server, over this machine's loopback
    (8 connections, in under two minutes): the clerk's page still opens."""
    import http.client
    import time
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    page.goto("/")
    page.set_input_files("#check input[type=file]", str(EXAMPLE))
    page.wait_for_url(re.compile(r"/check/"))
    mine = page.url
    address = urlsplit(server)

    def hammer(count: int) -> set[int]:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        codes = set()
        for _ in range(count):
            connection.request("GET", "/", headers={"Host": address.netloc})
            response = connection.getresponse()
            response.read()
            codes.add(response.status)
        connection.close()
        return codes

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        codes = set().union(*pool.map(hammer, [650] * 8))
    assert codes == {200} and time.monotonic() - started < 120
    page.goto(mine)
    assert page.locator("table.scores .total").inner_text() == "92.84"


# --------------------------------------------------------------------------- central office


def district_bytes(district: str, bump: str) -> bytes:
    """A valid 2569 workbook of ``district``, Bang Rak's scores raised by ``bump``."""
    import datetime as dt
    import tempfile
    from decimal import Decimal

    from itadocs.workbooks.carryover import carry_over
    from itadocs.workbooks.writer import write_workbook
    from tests.helpers import bangrak_data

    data = carry_over(bangrak_data(), district, 2569).data
    data.unit.director_name = data.order.signer_name = "นางสาวทดสอบ ระบบดี"
    data.order.number = 3
    data.order.date = data.order.effective_date = dt.date(2025, 11, 3)
    data.scores = [type(s)(s.key, min(s.score + Decimal(bump), Decimal("100.00")))
                   for s in bangrak_data().scores]
    for analysis in data.analyses:
        analysis.text = "วิเคราะห์ผลคะแนนของตัวชี้วัด"
    data.unit.iit_replies, data.unit.iit_minimum = 480, 589
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.xlsx"
        write_workbook(path, data)
        return path.read_bytes()


def mistyped_year(content: bytes, year: int) -> bytes:
    """The workbook with its fiscal year (หน่วยงาน!C5) typed as ``year``: it fails check."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    book["หน่วยงาน"]["C5"] = year
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_central_office_sees_groups_targets_and_due_next(page, shots, tmp_path):
    """From the many-district page to the central office's: the chart by group, the tables
    and what is due next, within the window at 1280 and 390 px; the summary downloads. A
    workbook whose year is mistyped fails, and its year is no section of the page."""
    page.problems.clear()
    page.goto("/")
    page.set_input_files("form[action='/batch'] input[type=file]", files=[
        {"name": f"ita-{name}-2569.xlsx", "mimeType": XLSX, "buffer": district_bytes(name, bump)}
        for name, bump in (("ดุสิต", "5.00"), ("บางกะปิ", "-3.00"), ("สาทร", "6.00"),
                           ("ภาษีเจริญ", "8.00"))] + [
        {"name": "ita-บางรัก-2569.xlsx", "mimeType": XLSX,
         "buffer": mistyped_year(district_bytes("บางรัก", "0"), 2590)}])
    page.click("form[action='/batch'] button[type=submit]")
    page.wait_for_selector("#headline", timeout=240_000)
    assert page.locator("#headline").inner_text().endswith("4 built, 1 failed")
    page.click("#central")
    page.wait_for_url(re.compile(r"/central/"))
    assert page.locator("#due-next li").count() == 1
    assert "ถัดไป" in page.locator("#due-next").inner_text() or \
        "ไม่มีรายการ" in page.locator("#due-next").inner_text()
    assert page.locator("section.summary").count() == 1 and not page.locator("#year-2590").count()
    # where the groups, targets and calendar come from, in words for the page: no data file
    assert "itadocs/data" not in page.locator("body").inner_text()
    assert "ข้อมูลของ itadocs" in page.locator("#year-2569").inner_text()
    chart = page.locator("figure.group-chart svg")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300
    assert "กรุงธนใต้ 97.30 (1 เขต)" in chart.locator("desc").text_content()
    assert page.locator("#year-2569 h3").count() >= 9
    assert "ขาด 109" in page.locator("#year-2569").inner_text()  # IIT 480 of 589
    fits(page, shots, "web-central")
    with page.expect_download() as download:
        page.click("#summary-download")
    assert download.value.suggested_filename == "ita-summary.xlsx"
    download.value.save_as(tmp_path / "summary.xlsx")
    import openpyxl

    assert "กลุ่มเขต 2569" in openpyxl.load_workbook(tmp_path / "summary.xlsx").sheetnames
    assert not page.problems, page.problems
