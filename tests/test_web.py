"""The web page's routes, through Starlette's test client: every page and every error.

One server (module scope) without LibreOffice for speed; the PDFs and the page as a person
uses it are tested in a real browser (test_web_browser.py).
"""

from __future__ import annotations

import html
import io
import pickle
import re
import shutil
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from starlette.testclient import TestClient

from itadocs.cli import main
from itadocs.documents.render import text_of
from itadocs.exceptions import PdfError
from itadocs.reading.reader import read_workbook
from itadocs.web import Settings, create_app
from itadocs.web.present import hider
from itadocs.web.store import Store, cut_to_bytes, safe_name, server_root, stored_name
from itadocs.web.workers import PdfQueue
from tests.helpers import (
    EXAMPLE,
    LONG_NAME,
    WEB_BASE,
    WEB_TEMPLATES,
    bangrak_data,
    check,
    photo_workbook,
    set_cells,
    text,
    token,
    upload,
)

BASE = WEB_BASE
TEMPLATES = WEB_TEMPLATES
assert len(LONG_NAME.encode()) > 300


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web-root")


@pytest.fixture(scope="module")
def app(root):
    app = create_app(Settings(root=root, pdf=False, batch_jobs=1, single_bytes=400_000,
                              batch_bytes=2_000_000))
    yield app
    app.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The example, a copy with a score out of range, and a file that is not a workbook."""
    folder = tmp_path_factory.mktemp("web-files")
    broken = folder / "ita-broken.xlsx"
    shutil.copy(EXAMPLE, broken)
    set_cells(broken, "คะแนน", {"C5": 150})
    garbage = folder / "notes.xlsx"
    garbage.write_bytes(b"district,score\nkhlong san,92.84\n")
    return {"example": EXAMPLE, "broken": broken, "garbage": garbage}


@pytest.fixture(scope="module")
def checked(client, files):
    page = check(client, files["example"])
    assert page.status_code == 200
    return page


@pytest.fixture(scope="module")
def built(client, checked):
    workbook = re.search(r'name="workbook" value="([^"]+)"', checked.text)[1]
    page = client.post("/build", data={"csrf": token(client), "workbook": workbook})
    assert page.status_code == 200 and "/build/" in str(page.url)
    return page


# --------------------------------------------------------------------------- pages


def test_home_offers_every_job_in_thai_and_english(client):
    page = client.get("/")
    assert page.status_code == 200
    shown = text(page)
    for words in ("ตรวจสมุดงานและสร้างเอกสาร", "Check a workbook and build the documents",
                  "สมุดงานว่างของเขต", "Next year's from last year's", "เปรียบเทียบสองฉบับ",
                  "For a central office", "บางรัก (Bang Rak)"):
        assert words in shown, words
    assert page.text.count('name="csrf"') >= 5  # every form carries the token


def test_security_headers_and_session_cookie(client):
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["cache-control"] == "no-store"
    fresh = TestClient(client.app, base_url=BASE).get("/")
    cookie = fresh.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_have_no_inline_script_or_style():
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template.name
        assert "style=" not in source and "<style" not in source, template.name
        assert not re.search(r"\son[a-z]+=", source), template.name  # onclick= etc.
        assert "http://" not in source and "https://" not in source, template.name  # no CDN


def test_problems_are_laid_out_in_one_place():
    """Only the problems macro prints a message's Thai and English."""
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        if template.name == "_problems.html":
            assert "row.th" in source and "row.en" in source
        else:
            assert not re.search(r"message_(th|en)|\brow\.(th|en)\b", source), template.name


def test_static_files_and_fonts_come_from_the_package(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@font-face" in css.text
    assert client.get("/static/app.js").status_code == 200
    font = client.get("/fonts/Sarabun-Regular.ttf")
    assert font.status_code == 200 and font.content[:4] in (b"\x00\x01\x00\x00", b"true")
    assert client.get("/fonts/..%2F..%2Fsetup.py").status_code == 404


def test_check_shows_scores_total_level_and_chart(client, checked):
    shown = text(checked)
    assert "/check/" in str(checked.url)
    assert "ita-khlongsan-2568.xlsx" in shown
    assert "สำนักงานเขตคลองสาน" in shown and "Khlong San district office" in shown
    for figure in ("95.95", "94.77", "86.37", "96.25", "28.43", "25.91", "38.50"):
        assert figure in shown, figure
    assert re.search(r'class="num total">92.84<', checked.text)
    assert re.search(r'class="num level">ผ่านดี<', checked.text)
    assert "As NACC announced" in shown and "Computed by itadocs" in shown
    assert "ไม่มีข้อผิดพลาด" in shown and "No errors" in shown
    assert "เนื้อหา!A5" not in shown  # the example has no warning (section 8 is filled)
    chart = client.get(re.search(r'src="(/chart/[^"]+)"', checked.text)[1])
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")


def test_a_workbook_with_errors_shows_them_with_the_cell_and_no_build(client, files):
    page = check(client, files["broken"])
    assert page.status_code == 200
    shown = text(page)
    assert "คะแนน!C5" in shown
    assert "150" in shown
    assert "The workbook has" in shown and "no documents can be built" in shown
    assert 'action="/build"' not in page.text
    errors = page.text.index('class="error"')
    assert errors < page.text.index('class="warning"')  # errors first


def test_a_file_that_is_not_a_workbook_gets_the_library_message(client, files, tmp_path,
                                                                 monkeypatch):
    """The library's message in its words for the page: the same error the terminal shows,
    naming the file as uploaded, pointing at the page's button instead of a command."""
    from itadocs.exceptions import WorkbookUnreadable

    page = check(client, files["garbage"])
    assert page.status_code == 422
    shown = text(page)
    monkeypatch.chdir(tmp_path)  # the library names the file as it was given: by its name
    terminal, web = _library_message(files["garbage"], tmp_path)
    assert web.th in shown and web.en in shown
    assert "notes.xlsx" in web.en and "home page" in web.en
    assert terminal.en not in shown and "itadocs new" not in shown
    assert str(client.app.store.root) not in page.text  # no server path on the page
    assert "upload-" not in page.text  # nor the name the server saved it under
    assert "Traceback" not in page.text
    assert isinstance(pickle.loads(pickle.dumps(WorkbookUnreadable(terminal))).message.web,
                      type(web))  # the page's words travel with the error


def _library_message(path: Path, tmp_path: Path):
    """The message the library raises for ``path``, and its words for the page."""
    from itadocs.exceptions import WorkbookUnreadable

    shutil.copy(path, tmp_path / path.name)
    with pytest.raises(WorkbookUnreadable) as raised:
        read_workbook(Path(path.name))
    message = raised.value.message
    assert message.web is not None and message.web != message  # two wordings
    return message, message.web


def test_uploaded_names_are_display_text_only(client, files):
    page = check(client, files["example"], "../../../../etc/passwd.xlsx")
    assert page.status_code == 200
    assert "passwd.xlsx" in text(page) and "../" not in text(page)
    assert not list((client.app.store.root / "work").iterdir())  # request folders removed


def test_build_offers_documents_data_and_zip(client, built):
    shown = text(built)
    assert "92.84" in shown and "ผ่านดี" in shown
    links = dict(re.findall(r'href="(/download/[^"]+/([^"/]+))"', built.text)[::-1])
    names = {name for _, name in re.findall(r'href="(/download/[^"]+/([^"/]+))"', built.text)}
    assert names == {"ita-measures-2568-khlong-san.docx", "ita-order-2568-khlong-san.docx",
                     "ita-scores-2568-khlong-san.csv", "ita-measures-2568-khlong-san.csv",
                     "ita-data-2568-khlong-san.json"}
    assert links
    order = client.get(next(u for u, n in re.findall(
        r'href="(/download/[^"]+/([^"/]+))"', built.text) if n.startswith("ita-order")))
    assert order.status_code == 200
    assert "attachment" in order.headers["content-disposition"]
    assert "คำสั่งสำนักงานเขตคลองสาน" in text_of(Document(io.BytesIO(order.content)))
    archive = client.get(re.search(r'href="(/zip/[^"]+)"', built.text)[1])
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        assert set(zf.namelist()) == names
        measures = Document(io.BytesIO(zf.read("ita-measures-2568-khlong-san.docx")))
        scores = zf.read("ita-scores-2568-khlong-san.csv").decode("utf-8-sig")
    assert "มาตรการยกระดับคุณธรรมและความโปร่งใส" in text_of(measures)
    assert "92.84" in scores


def test_build_warnings_are_shown(built):
    shown = text(built)
    assert "ไม่มีตราครุฑ" in shown and "The office's templates and Garuda" in shown
    assert "--templates" not in shown and "build --" not in shown  # no command to type
    assert 'href="/office"' in built.text


def test_downloads_belong_to_the_session_that_made_them(client, built, app):
    link = re.search(r'href="(/download/[^"]+)"', built.text)[1]
    assert client.get(link).status_code == 200
    stranger = TestClient(app, base_url=BASE)
    other = stranger.get(link)
    assert other.status_code == 404 and "ไม่พบหน้านี้" in other.text
    zip_link = re.search(r'href="(/zip/[^"]+)"', built.text)[1]
    assert stranger.get(zip_link).status_code == 404


@pytest.mark.parametrize("path", [
    "/download/" + "A" * 43 + "/ita-order-2568-khlong-san.docx",
    "/download/short/x.docx",
    "/zip/" + "B" * 43,
    "/build/" + "C" * 43,
    "/check/" + "D" * 43,
    "/chart/" + "E" * 43 + ".png",
    "/batch/" + "F" * 43,
    "/no-such-page",
])
def test_unknown_tokens_and_pages_get_the_404_page(client, path):
    page = client.get(path)
    assert page.status_code == 404
    assert "ไม่พบหน้านี้" in page.text and "Page not found" in page.text
    assert page.headers["x-frame-options"] == "DENY"


def test_a_known_entry_does_not_serve_a_name_it_did_not_record(client, built):
    link = re.search(r'href="(/download/[^"]+)/[^"/]+"', built.text)[1]
    for name in ("..%2F..%2F..%2Fetc%2Fpasswd", ".itadocs-manifest.json", "x.docx"):
        assert client.get(f"{link}/{name}").status_code == 404


def test_wrong_method_gets_the_405_page(client):
    page = client.get("/check")
    assert page.status_code == 405 and "Method not allowed" in page.text


# --------------------------------------------------------------------------- attacks


def test_a_post_without_the_form_token_is_refused(client, files):
    page = client.post("/check", files={"workbook": upload(files["example"])})
    assert page.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in page.text and "another site" in page.text


def test_a_post_with_another_sessions_token_is_refused(client, app, files):
    other = TestClient(app, base_url=BASE)
    page = other.post("/check", data={"csrf": token(client)},
                      files={"workbook": upload(files["example"])})
    assert page.status_code == 403


def test_a_post_from_another_site_is_refused(client):
    page = client.post("/new", data={"csrf": token(client), "district": "บางรัก"},
                       headers={"origin": "http://evil.example"})
    assert page.status_code == 403
    page = client.post("/new", data={"csrf": token(client), "district": "บางรัก"},
                       headers={"referer": "http://evil.example/form"})
    assert page.status_code == 403


def test_another_host_name_is_refused_in_local_mode(client):
    page = client.get("/", headers={"host": "rebound.example:8000"})
    assert page.status_code == 400 and "unknown host name" in page.text


def test_a_large_upload_is_refused_with_the_413_page(client, files, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(files["example"].read_bytes() + b"\0" * 500_000)
    page = check(client, big)
    assert page.status_code == 413
    assert "ไฟล์ใหญ่เกินไป" in page.text and "too large" in page.text


def test_a_large_upload_without_a_length_is_cut_off(client):
    """A chunked body (no Content-Length) is counted as it arrives."""
    def chunks():
        for _ in range(100):
            yield b"x" * 10_000

    page = client.post("/check", content=chunks(),
                       headers={"content-type": "multipart/form-data; boundary=abc"})
    assert page.status_code == 413


def test_a_malformed_form_gets_the_400_page(client):
    body = b"--abc\r\nContent-Disposition: form-data\r\n\r\nx\r\n--abc--\r\n"
    page = client.post("/check", content=body,
                       headers={"content-type": "multipart/form-data; boundary=abc"})
    assert page.status_code == 400 and "The form could not be read" in page.text


def test_an_unexpected_failure_gets_the_500_page(app, files, monkeypatch):
    from itadocs.web import actions

    def boom(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "check", boom)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    page = check(client, files["example"])
    assert page.status_code == 500
    assert "เกิดข้อผิดพลาดภายในโปรแกรม" in page.text and "boom" not in page.text
    assert "Traceback" not in page.text
    assert page.headers["content-security-policy"]


# --------------------------------------------------------------------------- LAN mode


@pytest.fixture(scope="module")
def lan(tmp_path_factory):
    app = create_app(Settings(host="0.0.0.0", password="correct horse", pdf=False,
                              root=tmp_path_factory.mktemp("lan-root")))
    yield app
    app.close()


def test_lan_mode_asks_for_the_password_first(lan, files):
    client = TestClient(lan, base_url="http://192.168.1.10:8000")
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    login = client.get("/login")
    assert "รหัสผ่าน" in login.text and "Password" in login.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)[1]
    post = client.post("/check", data={"csrf": csrf}, files={"workbook": upload(EXAMPLE)})
    assert post.status_code == 401 and "Please log in first" in post.text
    assert client.get("/static/style.css").status_code == 200  # the login page's styles


def test_lan_mode_wrong_password_then_right_one(lan):
    client = TestClient(lan, base_url="http://192.168.1.10:8000")
    login = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)[1]
    wrong = client.post("/login", data={"csrf": csrf, "password": "guess"})
    assert wrong.status_code == 401 and "รหัสผ่านไม่ถูกต้อง" in wrong.text
    before = client.cookies.get("itadocs_session")
    right = client.post("/login", data={"csrf": csrf, "password": "correct horse",
                                        "next": "https://evil.example/"},
                        follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/"
    assert client.cookies.get("itadocs_session") != before  # a new session after login
    assert client.get("/").status_code == 200
    page = client.get("/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    client.post("/logout", data={"csrf": csrf})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_lan_mode_stops_guessing(lan):
    client = TestClient(lan, base_url="http://192.168.1.10:8000")
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)[1]
    codes = [client.post("/login", data={"csrf": csrf, "password": f"guess{n}"}).status_code
             for n in range(12)]
    assert codes[0] == 401 and codes[-1] == 429 and set(codes) == {401, 429}
    right = client.post("/login", data={"csrf": csrf, "password": "correct horse"})
    assert right.status_code == 429 and "Too many wrong passwords" in right.text


def test_serve_refuses_the_network_without_a_password(monkeypatch):
    monkeypatch.delenv("ITADOCS_PASSWORD", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 1
    assert "ต้องกำหนดรหัสผ่าน" in result.output and "needs a password" in result.output
    assert "ITADOCS_PASSWORD='...' itadocs serve" in result.output
    assert "--password SECRET" not in result.output and "not --password" in result.output
    short = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--no-browser",
                                      "--password", "abc"])
    assert short.exit_code == 1 and "too short" in short.output


def test_serve_says_when_the_port_is_taken():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--no-browser"])
    assert result.exit_code == 1
    assert f"port {port}" in result.output and "--port" in result.output


def test_serve_refuses_a_missing_template_folder(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--no-browser", "--port", "0",
                                       "--templates", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "nope" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- other jobs


def test_a_blank_workbook_for_a_district_and_year(client, tmp_path):
    """The page says what was made and what to do next, and offers the download."""
    page = client.post("/new", data={"csrf": token(client), "district": "บางรัก",
                                     "year": "๒๕๖๙"})
    assert page.status_code == 200 and "/new/" in str(page.url)
    shown = text(page)
    assert "สร้างสมุดงานว่างของสำนักงานเขตบางรัก ปีงบประมาณ 2569 แล้ว" in shown
    assert "Bang Rak district office, fiscal year 2569" in shown and "What next" in shown
    link = re.search(r'href="(/download/[^"]+)"', page.text)[1]
    download = client.get(link)
    assert 'filename="ita-2569-bang-rak.xlsx"' in download.headers["content-disposition"]
    path = tmp_path / "new.xlsx"
    path.write_bytes(download.content)
    data, _ = read_workbook(path)
    assert data.unit.district == "บางรัก" and data.unit.fiscal_year == 2569


def test_a_blank_workbook_for_an_unknown_district_or_year(client):
    page = client.post("/new", data={"csrf": token(client), "district": "Gotham",
                                     "year": "2569"})
    assert page.status_code == 422
    assert "ไม่ใช่ชื่อเขตของกรุงเทพมหานคร" in text(page)
    assert "Bangkok's 50 districts" in text(page)
    page = client.post("/new", data={"csrf": token(client), "district": "บางรัก",
                                     "year": "next"})
    assert page.status_code == 422 and "Buddhist-era year" in page.text


def test_next_years_workbook_with_the_carry_over_report(client, tmp_path):
    page = client.post("/carry", data={"csrf": token(client)},
                       files={"workbook": upload(EXAMPLE)})
    assert page.status_code == 200
    shown = text(page)
    assert "ita-2569-khlong-san.xlsx" in shown
    assert "ล้างค่า" in shown and "cleared" in shown and "คงไว้" in shown
    assert re.search(r"คะแนน!C\d+", shown)  # the cleared scores, by cell
    link = re.search(r'href="(/download/[^"]+\.xlsx)"', page.text)[1]
    path = tmp_path / "next.xlsx"
    path.write_bytes(client.get(link).content)
    data, _ = read_workbook(path)
    assert data.unit.fiscal_year == 2569 and data.unit.district == "คลองสาน"


def test_a_colleagues_workbook_made_ours(client):
    page = client.post("/carry", data={"csrf": token(client), "district": "บางรัก"},
                       files={"workbook": upload(EXAMPLE)})
    assert page.status_code == 200
    shown = text(page)
    assert "ita-2569-bang-rak.xlsx" in shown and "คลองสาน → บางรัก" in shown


def test_carry_over_of_a_file_that_is_not_a_workbook(client, files):
    page = client.post("/carry", data={"csrf": token(client)},
                       files={"workbook": upload(files["garbage"])})
    assert page.status_code == 422 and "notes.xlsx" in text(page)


def test_compare_two_versions(client, files):
    page = client.post("/diff", data={"csrf": token(client)},
                       files={"old": upload(files["example"]), "new": upload(files["broken"])})
    assert page.status_code == 200
    shown = text(page)
    assert "คะแนน!C5" in shown and "95.95" in shown and "150" in shown
    same = client.post("/diff", data={"csrf": token(client)},
                       files={"old": upload(files["example"]), "new": upload(files["example"])})
    assert "ไม่มีความแตกต่าง" in text(same) and "No differences" in text(same)


def test_a_comparison_has_its_own_address(client, files):
    """The posted form answers with a redirect: reloading the comparison, or coming back to
    it, never sends the workbooks again; another session cannot open it."""
    posted = client.post("/diff", data={"csrf": token(client)}, follow_redirects=False,
                         files={"old": upload(files["example"]), "new": upload(files["broken"])})
    assert posted.status_code == 303 and posted.headers["location"].startswith("/diff/")
    page = client.get(posted.headers["location"])
    assert page.status_code == 200 and "คะแนน!C5" in text(page)
    assert files["example"].name in text(page) and files["broken"].name in text(page)
    assert client.get(posted.headers["location"]).status_code == 200  # reloaded
    other = TestClient(client.app, base_url=BASE)
    assert other.get(posted.headers["location"]).status_code == 404


def test_comparing_two_districts_or_years_says_so_first(client, files, tmp_path):
    """Two workbooks of different districts (or fiscal years) are not two versions of one:
    the page says so above the table, in Thai and English; versions of one say nothing."""
    from itadocs.workbooks.writer import write_workbook

    bangrak = tmp_path / "ita-bangrak-2569.xlsx"
    write_workbook(bangrak, bangrak_data())
    later = tmp_path / "ita-bangrak-2570.xlsx"
    write_workbook(later, bangrak_data(fiscal_year=2570, assessed_year=2569))

    def compare(old: Path, new: Path):
        return client.post("/diff", data={"csrf": token(client)},
                           files={"old": upload(old), "new": upload(new)})

    districts = text(compare(bangrak, files["example"]))
    assert ("สมุดงานทั้งสองเป็นของคนละเขต (บางรัก → คลองสาน)" in districts
            and "The two workbooks are of different districts (Bang Rak → Khlong San)"
            in districts)
    assert districts.index("different districts") < districts.index("หน่วยงาน!C4")
    years = text(compare(bangrak, later))
    assert "different fiscal years (2569 → 2570)" in years and "คนละปีงบประมาณ" in years
    assert "different districts" not in years
    versions = text(compare(files["example"], files["broken"]))
    assert "different districts" not in versions and "different fiscal years" not in versions


def test_compare_with_a_file_that_is_not_a_workbook(client, files):
    page = client.post("/diff", data={"csrf": token(client)},
                       files={"old": upload(files["example"]), "new": upload(files["garbage"])})
    assert page.status_code == 422 and "notes.xlsx" in text(page)


def banner(page) -> str:
    """The failed page's heading (its banner), as text."""
    inner = re.search(r'<div class="banner bad" role="alert">(.*?)</div>', page.text, re.S)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())


def test_a_failed_page_is_headed_by_the_errors_title(client, files, monkeypatch):
    """One handler renders every library error; the heading is what the view said failed."""
    from itadocs.exceptions import ItadocsError
    from itadocs.messages import Message

    read = check(client, files["garbage"])
    assert banner(read) == "เปิดสมุดงานไม่ได้ The workbook could not be read"
    assert '<h1 class="file">notes.xlsx</h1>' in read.text  # the file it was about
    compared = client.post("/diff", data={"csrf": token(client)}, files={
        "old": upload(files["example"]), "new": upload(files["garbage"])})
    assert banner(compared) == "เปรียบเทียบไม่ได้ The workbooks could not be compared"
    year = client.post("/new", data={"csrf": token(client), "district": "บางรัก",
                                     "year": "next"})
    assert banner(year) == "เริ่มสมุดงานไม่ได้ The workbook could not be made"
    error = ItadocsError("ก", "a", title=Message("หัวข้อ", "Title"))
    assert pickle.loads(pickle.dumps(error)).title == Message("หัวข้อ", "Title")

    def titled_already(path):
        raise error

    from itadocs.web import actions

    monkeypatch.setattr(actions, "check", titled_already)
    assert banner(check(client, files["example"])) == "หัวข้อ Title"  # kept, not replaced


def test_a_token_opens_only_its_own_kind_of_page(client, checked, built):
    """Each entry holds one typed result: a checked workbook's token is no build's."""
    workbook = re.search(r'name="workbook" value="([^"]+)"', checked.text)[1]
    build = re.search(r"/build/([^/]+)$", str(built.url))[1]
    assert client.get(f"/build/{workbook}").status_code == 404
    assert client.get(f"/batch/{build}/status").status_code == 404
    assert client.get(f"/check/{build}").status_code == 404
    assert client.get(f"/zip/{workbook}").status_code == 404


def test_many_workbooks_progress_summary_and_zip(client, files, bangrak):
    page = client.post("/batch", data={"csrf": token(client)}, files=[
        ("workbooks", upload(files["example"])), ("workbooks", upload(bangrak)),
        ("workbooks", upload(files["garbage"]))])
    assert page.status_code == 200 and "/batch/" in str(page.url)
    status_url = str(page.url).removeprefix(BASE) + "/status"
    for _ in range(300):
        status = client.get(status_url).json()
        if status["finished"]:
            break
        time.sleep(0.2)
    assert status["finished"] and status["done"] == status["total"] == 3
    assert status["pdfs"] == status["pdfs_done"] == 0  # no PDFs asked for
    done = client.get(str(page.url))
    shown = text(done)
    assert "อันดับคะแนน ITA ของสำนักงานเขต ปีงบประมาณ 2568" in shown  # the summary's tables
    assert "notes.xlsx" in shown and "not an .xlsx workbook" in shown  # the failed one
    assert "92.84" in shown
    archive = client.get(re.search(r'href="(/zip/[^"]+)"', done.text)[1])
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        names = set(zf.namelist())
    assert {"ita-summary.xlsx", "ita-measures-2568-khlong-san.docx",
            "ita-order-2569-bang-rak.docx"} <= names
    assert not any("notes" in n for n in names)
    assert not (client.app.store.root / "store" / str(page.url).rsplit("/", 1)[1] / "in"
                ).exists()  # the uploaded workbooks are gone


@pytest.fixture(scope="module")
def bangrak(tmp_path_factory) -> Path:
    from itadocs.workbooks.writer import write_workbook
    from tests.helpers import bangrak_data

    path = tmp_path_factory.mktemp("web-bangrak") / "ita-bangrak-2569.xlsx"
    write_workbook(path, bangrak_data())
    return path


# --------------------------------------------------------------------------- pieces


def test_safe_names():
    """What is shown of an uploaded name (never a name to save under)."""
    assert safe_name("C:\\Users\\staff\\ita 2569.xlsx", "x.xlsx") == "ita 2569.xlsx"
    assert safe_name("../../etc/passwd", "x.xlsx") == "passwd"
    assert safe_name(".hidden.xlsx", "x.xlsx") == "hidden.xlsx"
    assert safe_name("a\x00b\u202e.xlsx", "x.xlsx") == "ab.xlsx"
    assert safe_name("", "x.xlsx") == "x.xlsx"
    assert safe_name("..", "x.xlsx") == "x.xlsx"
    assert safe_name(LONG_NAME, "x.xlsx") == LONG_NAME  # a name Windows allows: whole
    assert len(safe_name("ก" * 500 + ".xlsx", "x.xlsx")) == 255


def test_names_are_cut_by_bytes_where_they_must_be():
    """A name the page makes from an upload fits Linux's 255 bytes, keeps its ending and
    never leaves a Thai mark without its letter."""
    stem = LONG_NAME.removesuffix(".xlsx")
    cut = cut_to_bytes(stem, ending="-draft.xlsx")
    assert len(cut.encode()) <= 200 and cut.endswith("-draft.xlsx")
    assert stem.startswith(cut.removesuffix("-draft.xlsx"))
    assert cut_to_bytes("สั้น", ending=".xlsx") == "สั้น.xlsx"
    text = "ครั้งที่ที่ที่ที่ที่"
    for limit in range(3, 40):  # "ที่" is a letter and two marks: cut before it or after
        kept = cut_to_bytes(text, limit)
        assert len(kept.encode()) <= limit and text.startswith(kept)
        assert not unicodedata.category(text[len(kept)]).startswith("M")
    assert re.fullmatch(r"upload-[0-9a-f]{12}\.xlsx", stored_name())


def test_messages_never_show_the_servers_folders(tmp_path):
    hide = hider(tmp_path)
    message = f"ไฟล์ {tmp_path}/work/req-x1/ita คลองสาน.xlsx เสียหาย"
    assert hide(message) == "ไฟล์ ita คลองสาน.xlsx เสียหาย"


def test_leftovers_of_dead_servers_are_removed_at_start(tmp_path):
    dead = tmp_path / "999999999-abcd"
    (dead / "store" / "x").mkdir(parents=True)
    alive = tmp_path / "1-abcd"  # pid 1 is running
    alive.mkdir()
    root = server_root(tmp_path)
    assert not dead.exists() and alive.exists() and root.is_dir()
    store = Store(root, keep_seconds=0)
    entry = store.add("session", "build")
    assert entry.folder.is_dir()
    store.add("session", "build")  # adding expires what is older than keep_seconds
    assert not entry.folder.exists()
    store.close()
    assert not root.exists()


def test_one_libreoffice_for_waiting_jobs(tmp_path):
    calls: list[list[str]] = []

    def fake(docx: list[Path]) -> list[Path]:
        time.sleep(0.2)
        calls.append([p.name for p in docx])
        for p in docx:
            if "bad" in p.name:
                continue
            p.with_suffix(".pdf").write_bytes(b"%PDF-1.7 " + p.read_bytes())
        if any("bad" in p.name for p in docx):
            raise PdfError("แปลงไม่ได้", "could not convert", where="PDF")
        return []

    queue = PdfQueue(tmp_path, convert=fake)
    jobs = []
    for n, name in enumerate(["a.docx", "b.docx", "a.docx", "bad.docx"]):
        folder = tmp_path / f"job{n}"
        folder.mkdir()
        (folder / name).write_bytes(name.encode())
        jobs.append(queue.submit([folder / name]))
    results = [job.exception(timeout=10) or job.result() for job in jobs]
    queue.close()
    assert results[0] == [tmp_path / "job0" / "a.pdf"]
    assert (tmp_path / "job0" / "a.pdf").read_bytes() == b"%PDF-1.7 a.docx"
    assert (tmp_path / "job2" / "a.pdf").is_file()
    assert isinstance(results[3], PdfError)
    # the first job alone, then the three that waited: two starts, not three (the second
    # a.docx would give a PDF of the same name, so it goes with the next start)
    assert len(calls) <= 3 and sum(len(c) for c in calls) == 4


def test_workbook_upload_is_bounded_like_the_reader():
    from itadocs.reading.opening import MAX_FILE_BYTES
    from itadocs.web.settings import SINGLE_BYTES

    assert MAX_FILE_BYTES < SINGLE_BYTES <= 2 * MAX_FILE_BYTES + 1024 * 1024


def indicator_score(page, number: int) -> str:
    """The score Table 1 on the page prints for indicator ``number``."""
    row = re.search(rf"<tr>\s*<td>ตัวชี้วัดที่ {number}\. .*?</tr>", page.text, re.S)[0]
    return re.findall(r'<td class="num">([^<]*)</td>', row)[0]


def test_the_check_page_reads_workbook_edits(tmp_path, client, checked):
    """The page checks the file as uploaded: indicator 1's score (95.95 in the example)
    typed as the Thai-digit text ๙๗.๑๓ shows as 97.13 in Table 1, and blanked it is an
    error naming its cell. (NACC's announced total, 92.84, is the same in all three, so
    it cannot tell which file was read.)"""
    def example_with(name: str, c5: object) -> Path:
        path = tmp_path / name
        shutil.copy(EXAMPLE, path)
        return set_cells(path, "คะแนน", {"C5": c5})

    assert indicator_score(checked, 1) == "95.95"
    page = check(client, example_with("thai-digits.xlsx", "๙๗.๑๓"))
    assert page.status_code == 200 and indicator_score(page, 1) == "97.13"
    page = check(client, example_with("blank.xlsx", None))
    assert page.status_code == 200
    assert re.search(r'<tr class="error">\s*<td class="severity">.*?</td>\s*'
                     r'<td class="where">คะแนน!C5</td>', page.text, re.S)
    assert indicator_score(page, 1) == "-" and 'action="/build"' not in page.text


def test_the_check_pages_chart_is_the_one_the_document_prints(client, checked, built):
    chart = client.get(re.search(r'src="(/chart/[^"]+)"', checked.text)[1]).content
    link = next(u for u, n in re.findall(r'href="(/download/[^"]+/([^"/]+))"', built.text)
                if n == "ita-measures-2568-khlong-san.docx")
    with zipfile.ZipFile(io.BytesIO(client.get(link).content)) as docx:
        media = [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]
    assert chart in media


def jpeg(colour: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def add_photos(client: TestClient, page, *names: str):
    workbook = re.search(r'name="workbook" value="([^"]+)"', page.text)[1]
    return client.post("/photos", data={"csrf": token(client), "workbook": workbook},
                       files=[("photos", (name, jpeg(), "image/jpeg")) for name in names])


def test_photos_the_workbook_names_are_uploaded_beside_it(client, app, tmp_path):
    page = check(client, photo_workbook(tmp_path, "ภาพ/กิจกรรม 1.jpg", "../../outside.jpg"))
    shown = text(page)
    assert "ภาพ/กิจกรรม 1.jpg" in shown and "ยังไม่มี" in shown  # listed as missing
    assert re.search(r"ภาพ!B\d+", shown)  # the library's error names the cell
    assert str(app.store.root) not in page.text
    added = add_photos(client, page, "กิจกรรม 1.jpg", "outside.jpg", "holiday.jpg")
    assert added.status_code == 200
    shown = text(added)
    assert "มีแล้ว" in shown  # found now
    assert "holiday.jpg" in shown and "Not used" in shown  # a picture it does not name
    token_ = re.search(r"/check/([^/]+)$", str(added.url))[1]
    entry = app.store.get(token_, client.cookies["itadocs_session"])
    saved = sorted(str(p.relative_to(entry.folder)) for p in entry.folder.rglob("*.jpg"))
    assert saved == ["ภาพ/กิจกรรม 1.jpg"]  # never outside the workbook's folder
    assert not any(app.store.root.parent.rglob("outside.jpg"))
    assert 'action="/build"' not in added.text  # ../../outside.jpg is still missing


def test_a_workbook_with_its_photo_builds_with_the_picture(client, tmp_path):
    page = check(client, photo_workbook(tmp_path, "กิจกรรม.jpg"))
    assert 'action="/build"' not in page.text
    added = add_photos(client, page, "กิจกรรม.jpg")
    assert 'action="/build"' in added.text
    workbook = re.search(r'name="workbook" value="([^"]+)"', added.text)[1]
    built = client.post("/build", data={"csrf": token(client), "workbook": workbook})
    link = next(u for u, n in re.findall(r'href="(/download/[^"]+/([^"/]+))"', built.text)
                if n.startswith("ita-measures") and n.endswith(".docx"))
    with zipfile.ZipFile(io.BytesIO(client.get(link).content)) as docx:
        media = [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]
    assert any(m.startswith(b"\xff\xd8") for m in media)  # the photo, beside the chart


def test_photos_for_an_unknown_workbook(client):
    page = client.post("/photos", data={"csrf": token(client), "workbook": "X" * 43},
                       files=[("photos", ("a.jpg", jpeg(), "image/jpeg"))])
    assert page.status_code == 404


def test_a_slow_build_does_not_hold_up_another_persons_check(app, client, checked, files,
                                                             monkeypatch):
    import threading

    from itadocs.web import actions

    release, started = threading.Event(), threading.Event()
    real_build = actions.build

    def slow_build(*args):
        started.set()
        release.wait(30)
        return real_build(*args)

    monkeypatch.setattr(actions, "build", slow_build)
    workbook = re.search(r'name="workbook" value="([^"]+)"', checked.text)[1]
    csrf = token(client)
    results = []
    builder = threading.Thread(target=lambda: results.append(client.post(
        "/build", data={"csrf": csrf, "workbook": workbook})))
    builder.start()
    try:
        assert started.wait(30)
        other = TestClient(app, base_url=BASE)  # another person, while the build waits
        page = check(other, files["example"])
        assert page.status_code == 200 and "92.84" in text(page)
        assert not results  # the build is still running
    finally:
        release.set()
        builder.join(60)
    assert results and results[0].status_code == 200
