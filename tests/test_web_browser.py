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
from tests.helpers import EXAMPLE, env, set_cells

CHROMIUM = os.environ.get("ITADOCS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def shoot(page, shots: Path, name: str, full: bool = True) -> Path:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
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
