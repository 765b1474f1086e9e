"""The web page does the whole year without a terminal: long Thai file names on every upload,
the draft, the office's Garuda and templates, messages in the page's words, and no visitor
without the password can log anyone out. Starlette's test client; the browser's view of the
same is in test_web_browser.py.
"""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from starlette.testclient import TestClient

from itadocs.reading.reader import read_workbook
from itadocs.web import Settings, create_app
from tests.helpers import (
    EXAMPLE,
    LONG_NAME,
    WEB_TEMPLATES,
    bangrak_data,
    check,
    photo_workbook,
    rewrite_zip,
    set_cells,
    text,
    token,
    upload,
)
from tests.helpers import WEB_BASE as BASE

STORED = re.compile(r"upload-[0-9a-f]{12}")  # a name of the server's making


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app(Settings(root=tmp_path_factory.mktemp("jobs-root"), pdf=False,
                              batch_jobs=1))
    yield app
    app.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("jobs-files")


@pytest.fixture(scope="module")
def undrafted(folder) -> Path:
    """Bang Rak's workbook with its scores and no analysis typed yet."""
    from itadocs.workbooks.writer import write_workbook

    data = bangrak_data()
    for analysis in data.analyses:
        analysis.text = analysis.category = ""
    path = folder / "ita-bangrak-undrafted.xlsx"
    write_workbook(path, data)
    return path


@pytest.fixture(scope="module")
def garbage(folder) -> Path:
    path = folder / "notes.xlsx"
    path.write_bytes(b"district,score\nbang rak,90.60\n")
    return path


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (240, 240), (160, 20, 20, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def no_stored_names(page) -> None:
    """The page names files as uploaded, never as the server saved them."""
    assert not STORED.search(page.text), STORED.search(page.text)[0]


# --------------------------------------------------------------------------- long names


def test_a_long_thai_name_works_on_every_upload_route(app, client, garbage, undrafted,
                                                      folder):
    """A real clerk's 300-byte name: saved under the server's names, shown whole."""
    page = check(client, EXAMPLE, LONG_NAME)
    assert page.status_code == 200 and LONG_NAME in text(page)
    assert re.search(r'class="num total">92.84<', page.text)
    no_stored_names(page)

    failed = check(client, garbage, LONG_NAME)
    assert failed.status_code == 422
    assert f"ไฟล์ {LONG_NAME} ไม่ใช่สมุดงาน" in text(failed)  # the message names it as uploaded
    no_stored_names(failed)

    carried = client.post("/carry", data={"csrf": token(client)},
                          files={"workbook": upload(EXAMPLE, LONG_NAME)})
    assert carried.status_code == 200 and LONG_NAME in text(carried)
    no_stored_names(carried)

    compared = client.post("/diff", data={"csrf": token(client)}, files={
        "old": upload(EXAMPLE, LONG_NAME), "new": upload(undrafted, "ฉบับใหม่ " + LONG_NAME)})
    assert compared.status_code == 200
    assert LONG_NAME in text(compared) and "ฉบับใหม่ " + LONG_NAME in text(compared)

    drafted = _draft(client, check(client, undrafted, LONG_NAME))
    name = re.search(r'id="download-draft" href="/download/[^/]+/([^"]+)"', drafted.text)[1]
    assert name.endswith("-draft.xlsx") and len(name.encode()) <= 200  # cut by bytes
    assert LONG_NAME.startswith(name.removesuffix("-draft.xlsx"))
    assert client.get(f"/download/{_token(drafted)}/{name}").status_code == 200

    named = check(client, photo_workbook(folder, "กิจกรรม.jpg"), LONG_NAME)
    photos = client.post("/photos", data={"csrf": token(client), "workbook": _token(named)},
                         files=[("photos", ("ภาพกิจกรรม " + "ก" * 120 + ".jpg", png(),
                                            "image/jpeg")),
                                ("photos", ("กิจกรรม.jpg", png(), "image/jpeg"))])
    assert photos.status_code == 200 and LONG_NAME in text(photos)
    assert "ภาพกิจกรรม " + "ก" * 120 + ".jpg" in text(photos)  # not named: shown, not kept
    assert 'action="/build"' in photos.text  # the one it names is in

    office = client.post("/office", data={"csrf": token(client), "name": "garuda.png"},
                         files={"file": ("ตราครุฑ " + "ก" * 100 + ".png", png(), "image/png")})
    assert office.status_code == 200 and "ตราครุฑ " + "ก" * 100 in text(office)
    client.post("/office/remove", data={"csrf": token(client), "name": "garuda.png"})

    for path in app.store.root.rglob("*"):  # nothing saved under an uploaded name
        assert "สมุดงาน" not in path.name and "ตราครุฑ" not in path.name, path


def test_a_long_name_in_a_batch_fails_nothing(client, garbage, tmp_path):
    """One such name used to fail the whole batch; now it is one row of the status, and
    the summary (page and zip) names every workbook as uploaded, with no server path."""
    page = client.post("/batch", data={"csrf": token(client)}, files=[
        ("workbooks", upload(EXAMPLE, LONG_NAME)),
        ("workbooks", upload(garbage, "ข้อมูลเก่า " + LONG_NAME))])
    done = _finished(client, page)
    shown = text(done)
    assert "1 built, 1 failed" in shown and "สร้างเอกสารแล้ว 1, ไม่สำเร็จ 1" in shown
    assert LONG_NAME in shown and f"ไฟล์ ข้อมูลเก่า {LONG_NAME} ไม่ใช่สมุดงาน" in shown
    assert str(client.app.store.root) not in done.text
    no_stored_names(done)
    for english in ("District office", "ITA total", "Rank", "Lowest district(s)"):
        assert english in shown, english  # the summary's headers in English too
    assert ">status<" not in done.text  # no raw column
    archive = client.get(re.search(r'href="(/zip/[^"]+)"', done.text)[1])
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        (tmp_path / "s.xlsx").write_bytes(zf.read("ita-summary.xlsx"))
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None]
    wb.close()
    assert LONG_NAME in cells and "ข้อมูลเก่า " + LONG_NAME in cells
    assert not any(STORED.search(c) or "/tmp" in c or "store" in c for c in cells)
    assert any(f"ไฟล์ ข้อมูลเก่า {LONG_NAME} ไม่ใช่สมุดงาน" in c for c in cells)


def _finished(client: TestClient, page):
    status = str(page.url).removeprefix(BASE) + "/status"
    for _ in range(300):
        if client.get(status).json()["finished"]:
            break
        time.sleep(0.2)
    return client.get(str(page.url))


def _token(page) -> str:
    return re.search(r"/check/([^/?#]+)$", str(page.url))[1]


def _draft(client: TestClient, page):
    return client.post("/draft", data={"csrf": token(client), "workbook": _token(page)})


# --------------------------------------------------------------------------- sessions


async def _get(app, path: str, cookie: str = "", host: str = "192.168.1.10:8000"
               ) -> list[dict]:
    """One request straight to the application, from this machine (loopback)."""
    headers = [(b"host", host.encode())]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 40000), "server": ("192.168.1.10", 8000)}
    sent: list[dict] = []
    done = asyncio.Event()
    asked = False

    async def receive() -> dict:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    return sent


def _cookie_set(sent: list[dict]) -> bool:
    return any(name == b"set-cookie" for name, _ in sent[0]["headers"])


@pytest.fixture()
def lan(tmp_path):
    app = create_app(Settings(host="0.0.0.0", password="correct horse", pdf=False,
                              root=tmp_path / "root"))
    yield app
    app.close()


def _login(app) -> TestClient:
    clerk = TestClient(app, base_url="http://192.168.1.10:8000")
    csrf = re.search(r'name="csrf" value="([^"]+)"', clerk.get("/login").text)[1]
    assert clerk.post("/login", data={"csrf": csrf, "password": "correct horse"}
                      ).status_code == 200
    return clerk


def test_no_session_for_a_request_that_needs_none(lan):
    async def run() -> dict[str, bool]:
        paths = ["/static/style.css", "/fonts/Sarabun-Regular.ttf", "/", "/check/x",
                 "/no-such-page", "/login"]
        return {p: _cookie_set(await _get(lan, p)) for p in paths}

    made = asyncio.run(run())
    assert made == {"/static/style.css": False, "/fonts/Sarabun-Regular.ttf": False,
                    "/": False, "/check/x": False, "/no-such-page": False, "/login": True}
    assert lan.server.sessions.counts() == (0, 1)  # the login form's, and it is fresh


def test_a_flood_of_anonymous_requests_logs_no_one_out(lan):
    """5,200 requests without a cookie (from this machine, in under a minute) push out only
    other anonymous sessions: the clerk who gave the password still sees their page."""
    clerk = _login(lan)
    csrf = re.search(r'name="csrf" value="([^"]+)"', clerk.get("/").text)[1]
    page = clerk.post("/check", data={"csrf": csrf}, files={"workbook": upload(EXAMPLE)})
    assert page.status_code == 200

    async def flood() -> set[int]:
        codes = []
        for start in range(0, 5200, 100):
            batch = [_get(lan, "/login") for _ in range(start, start + 100)]
            codes += [sent[0]["status"] for sent in await asyncio.gather(*batch)]
        return set(codes)

    started = time.monotonic()
    assert asyncio.run(flood()) == {200}
    assert time.monotonic() - started < 60
    home = clerk.get("/", follow_redirects=False)
    assert home.status_code == 200  # still logged in
    again = clerk.get(str(page.url))
    assert again.status_code == 200 and "92.84" in text(again)
    kept, fresh = lan.server.sessions.counts()
    assert kept == 1 and fresh == lan.server.sessions.fresh_limit  # bounded


def test_a_flood_on_a_server_without_password_keeps_the_clerks_page(client, app):
    """On this machine without a password: a clerk's session is kept once a form of theirs
    was accepted; cookie-less requests (a page elsewhere in the browser) cannot push it out."""
    page = check(client, EXAMPLE)

    async def flood() -> None:
        for _ in range(26):  # 5,200
            sent = await asyncio.gather(*[_get(app, "/", host="127.0.0.1:8000")
                                          for _ in range(200)])
            assert {s[0]["status"] for s in sent} == {200}

    asyncio.run(flood())
    again = client.get(str(page.url))
    assert again.status_code == 200 and "92.84" in text(again)
    assert app.server.sessions.counts()[1] == app.server.sessions.fresh_limit


def test_a_wrong_password_keeps_the_page_asked_for(lan):
    visitor = TestClient(lan, base_url="http://192.168.1.10:8000")
    login = visitor.get("/batch/abc", follow_redirects=True)
    assert 'name="next" value="/batch/abc"' in login.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)[1]
    wrong = visitor.post("/login", data={"csrf": csrf, "password": "guess",
                                         "next": "/batch/abc"})
    assert wrong.status_code == 401 and 'name="next" value="/batch/abc"' in wrong.text
    right = visitor.post("/login", data={"csrf": csrf, "password": "correct horse",
                                         "next": "/batch/abc"}, follow_redirects=False)
    assert right.headers["location"] == "/batch/abc"


def test_a_page_opened_before_a_restart_says_why(app, client):
    """A cookie the server does not know (it restarted): the form and files expired, and
    the page says that is why."""
    stale = TestClient(app, base_url=BASE, cookies={"itadocs_session": "x" * 43})
    post = stale.post("/check", data={"csrf": "y" * 43}, files={"workbook": upload(EXAMPLE)})
    assert post.status_code == 403
    for words in ("ก่อนเซิร์ฟเวอร์เริ่มทำงานใหม่", "opened before the server restarted",
                  "kept only while the server runs"):
        assert words in text(post), words
    gone = stale.get("/check/" + "D" * 43)
    assert gone.status_code == 404 and "opened before the server restarted" in text(gone)
    fresh = TestClient(app, base_url=BASE).post("/check", data={"csrf": "y" * 43})
    assert "another site" in text(fresh)  # no cookie at all: the usual explanation


# --------------------------------------------------------------------------- draft


def test_the_draft_button_drafts_the_empty_analyses(client, undrafted, tmp_path):
    """The same library call as ``itadocs draft``: the page offers it while analyses are
    empty, writes a new workbook (the uploaded one is kept), and checks the new one."""
    from itadocs.workbooks.draft import draft_workbook

    page = check(client, undrafted)
    assert 'action="/draft"' in page.text and "ร่างการวิเคราะห์" in text(page)
    assert "10 analyses are empty" in text(page)
    drafted = _draft(client, page)
    assert drafted.status_code == 200 and _token(drafted) != _token(page)
    shown = text(drafted)
    assert "Drafted 20 cells (blue)" in shown and "วิเคราะห์!B5–B14" in shown
    assert 'action="/draft"' not in drafted.text  # nothing left to draft
    assert "draft_unedited" not in shown and "ยังเป็นร่าง" in shown  # check's warnings
    link = re.search(r'id="download-draft" href="([^"]+)"', drafted.text)[1]
    assert link.endswith("/ita-bangrak-undrafted-draft.xlsx")
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(client.get(link).content)
    expected = draft_workbook(undrafted, tmp_path / "cli.xlsx")
    got, _ = read_workbook(mine)
    want, _ = read_workbook(tmp_path / "cli.xlsx")
    assert [a.text for a in got.analyses] == [a.text for a in want.analyses]
    assert all(a.text.startswith("ได้ค่าคะแนน") for a in got.analyses)
    assert len(expected.cells) == 20
    assert 'action="/draft"' in check(client, undrafted).text  # the upload is unchanged


def test_nothing_to_draft_and_a_draft_that_cannot_be_written(client, undrafted, tmp_path):
    from itadocs.reading.schema import CATEGORY_CHOICES
    from itadocs.workbooks.writer import write_workbook

    data = bangrak_data()
    for analysis in data.analyses:
        analysis.category = CATEGORY_CHOICES[1]
    write_workbook(tmp_path / "typed.xlsx", data)
    page = check(client, tmp_path / "typed.xlsx")
    assert 'action="/draft"' not in page.text  # every analysis typed
    again = _draft(client, page)
    assert _token(again) == _token(page)  # the same page: nothing was written
    macro = tmp_path / "with-pivot.xlsx"  # a part openpyxl would drop: the draft refuses
    with zipfile.ZipFile(undrafted) as src, zipfile.ZipFile(macro, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/pivotTables/pivotTable1.xml", "<pivotTableDefinition/>")
    refused = _draft(client, check(client, macro))
    assert refused.status_code == 422
    shown = text(refused)
    assert "ร่างการวิเคราะห์ไม่ได้" in shown and "pivot tables" in shown
    assert "home page" in shown and "itadocs new" not in shown


# --------------------------------------------------------------------------- office


@pytest.fixture()
def office(tmp_path):
    app = create_app(Settings(root=tmp_path / "root", pdf=False))
    with TestClient(app, base_url=BASE) as client:
        yield client
    app.close()


def _build(client: TestClient, page):
    return client.post("/build", data={"csrf": token(client), "workbook": _token(page)})


def _order_media(client: TestClient, built) -> list[bytes]:
    link = next(u for u, n in re.findall(r'href="(/download/[^"]+/([^"/]+))"', built.text)
                if n.startswith("ita-order") and n.endswith(".docx"))
    with zipfile.ZipFile(io.BytesIO(client.get(link).content)) as docx:
        return [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]


def test_the_offices_garuda_uploaded_on_the_page_goes_into_the_order(office):
    page = check(office, EXAMPLE)
    before = _build(office, page)
    assert 'id="no-garuda"' in before.text and _order_media(office, before) == []
    home = office.get("/")
    assert "ตราครุฑ" in text(home) and "none yet" in text(home)
    garuda = png()
    done = office.post("/office", data={"csrf": token(office), "name": "garuda.png"},
                       files={"file": ("ตราครุฑ สำนักงาน.png", garuda, "image/png")})
    assert done.status_code == 200
    assert "Now using the uploaded garuda.png" in text(done)
    assert "kept until the server stops" in text(done)  # said on the page
    after = _build(office, page)
    assert 'id="no-garuda"' not in after.text and "ไม่มีตราครุฑ" not in text(after)
    media = _order_media(office, after)
    assert len(media) == 1 and media[0].startswith(b"\x89PNG")
    assert "the office's (uploaded)" in text(office.get("/"))
    office.post("/office/remove", data={"csrf": token(office), "name": "garuda.png"})
    assert _order_media(office, _build(office, page)) == []


def test_an_upload_in_use_is_told_on_a_page_of_its_own(office):
    """A Garuda put in use answers with a redirect: reloading the page that says so, or
    coming back to it, never uploads the file again; another session is not told."""
    done = office.post("/office", data={"csrf": token(office), "name": "garuda.png"},
                       files={"file": ("ตราครุฑ.png", png(), "image/png")},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/office?upload=")
    page = office.get(done.headers["location"])
    assert "Now using the uploaded garuda.png" in text(page) and "ตราครุฑ.png" in text(page)
    other = TestClient(office.app, base_url=BASE)
    assert "Now using the uploaded" not in text(other.get(done.headers["location"]))
    assert "Now using the uploaded" not in text(office.get("/office"))
    office.post("/office/remove", data={"csrf": token(office), "name": "garuda.png"})


def test_a_template_with_an_unknown_field_points_to_the_guide_on_the_page(office,
                                                                         tmp_path):
    """A tag naming a field its value does not have ({{ office.nosuch }}) refuses the
    upload, saying where the tags' guide is on the page, not a command to run."""
    edited = tmp_path / "measures.docx"
    edited.write_bytes(office.get("/office/measures.docx").content)

    def unknown_field(parts):
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"{{ office }}", b"{{ office.nosuch }}", 1)
    rewrite_zip(edited, unknown_field)
    refused = office.post("/office", data={"csrf": token(office), "name": "measures.docx"},
                          files={"file": ("measures.docx", edited.read_bytes(), "x")})
    shown = text(refused)
    assert refused.status_code == 422 and "has no attribute 'nosuch'" in shown
    assert "itadocs templates" not in shown and "run '" not in shown
    assert "the tags' guide (README.md) on the \"Templates and Garuda\" page" in shown


def test_a_garuda_word_cannot_hold_is_refused_and_builds_go_on(office):
    """A CMYK JPEG (as print shops send, with no JFIF header) opens as a picture but Word's
    library cannot place it: refused at upload, saying what to do, so builds never fail
    with an "unexpected error" afterwards."""
    cmyk = io.BytesIO()
    Image.new("CMYK", (240, 240), (0, 100, 100, 0)).save(cmyk, "JPEG")
    refused = office.post("/office", data={"csrf": token(office), "name": "garuda.png"},
                          files={"file": ("ตราครุฑ.png", cmyk.getvalue(), "image/png")})
    shown = text(refused)
    assert refused.status_code == 422 and "The template was not changed" in shown
    assert "save it as PNG" in shown and "บันทึกเป็น PNG" in shown
    built = _build(office, check(office, EXAMPLE))
    assert "Built the documents of Khlong San" in text(built)
    assert "unexpected error" not in text(built)


def test_a_macro_enabled_template_renamed_docx_says_why(office, tmp_path):
    """A .docm renamed .docx (macro-enabled main part, a vbaProject): refused for its
    macros, said as such, not only as "cannot be read (ValueError)"; `templates check` of
    a folder holding it says the same instead of a traceback."""
    from click.testing import CliRunner

    from itadocs.cli import main

    docm = tmp_path / "order.docx"
    docm.write_bytes(office.get("/office/order.docx").content)

    def macro_enabled(parts):
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml")
    rewrite_zip(docm, macro_enabled)
    refused = office.post("/office", data={"csrf": token(office), "name": "order.docx"},
                          files={"file": ("คำสั่ง.docx", docm.read_bytes(), "x")})
    shown = text(refused)
    assert refused.status_code == 422 and "macroEnabled" in shown
    assert "save as a plain .docx" in shown and "the template cannot be read" not in shown
    assert "check/order.docx" not in shown  # no folder of the server's, only the file's name
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(tmp_path)])
    assert result.exit_code != 0 and isinstance(result.exception, (SystemExit, type(None)))
    assert "macroEnabled" in result.output


def test_a_template_is_checked_before_it_is_used(office, tmp_path):
    """The office's order.docx, downloaded, edited and uploaded again; a file that is not
    a template, or a template without a required tag, changes nothing and says why."""
    from docx import Document

    original = office.get("/office/order.docx")
    assert original.status_code == 200 and original.content[:2] == b"PK"
    assert office.get("/office/README.md").status_code == 200
    edited = tmp_path / "order.docx"
    doc = Document(io.BytesIO(original.content))
    para = next(p for p in doc.paragraphs if p.text.strip())
    para.runs[0].text = "ฉบับของสำนักงาน " + para.runs[0].text
    doc.save(edited)
    ok = office.post("/office", data={"csrf": token(office), "name": "order.docx"},
                     files={"file": ("คำสั่ง แก้ไข.docx", edited.read_bytes(), "x")})
    assert ok.status_code == 200 and "Now using the uploaded order.docx" in text(ok)
    built = _build(office, check(office, EXAMPLE))
    link = next(u for u, n in re.findall(r'href="(/download/[^"]+/([^"/]+))"', built.text)
                if n.startswith("ita-order") and n.endswith(".docx"))
    from itadocs.documents.render import text_of

    assert "ฉบับของสำนักงาน" in text_of(Document(io.BytesIO(office.get(link).content)))

    not_docx = office.post("/office", data={"csrf": token(office), "name": "measures.docx"},
                           files={"file": ("notes.docx", b"hello", "x")})
    assert not_docx.status_code == 422 and "not a Word document" in text(not_docx)
    broken = Document(io.BytesIO(original.content))
    for p in broken.paragraphs:
        for run in p.runs:
            run.text = re.sub(r"\{\{[^}]*\}\}", "", run.text)
    broken.save(tmp_path / "broken.docx")
    refused = office.post("/office", data={"csrf": token(office), "name": "order.docx"},
                          files={"file": ("b.docx", (tmp_path / "broken.docx").read_bytes(),
                                          "x")})
    assert refused.status_code == 422 and "The template was not changed" in text(refused)
    assert "order.docx" in text(refused)
    assert "the office's (uploaded)" in text(office.get("/"))  # the good one still in use
    assert not office.post("/office", data={"csrf": token(office), "name": "../x.png"},
                           files={"file": ("x.png", png(), "image/png")}).is_success
    garbage = office.post("/office", data={"csrf": token(office), "name": "garuda.png"},
                          files={"file": ("g.png", b"not a picture", "image/png")})
    assert garbage.status_code == 422 and "not an image" in text(garbage)


# --------------------------------------------------------------------------- wording


def test_messages_speak_of_the_page_not_of_commands(client, undrafted, tmp_path):
    carried = client.post("/carry", data={"csrf": token(client)},
                          files={"workbook": upload(EXAMPLE)})
    shown = text(carried)
    assert "Draft the analyses" in shown and "itadocs draft" not in shown
    assert "carried.xlsx" not in shown
    new = client.post("/new", data={"csrf": token(client), "district": "Gotham",
                                    "year": "2569"})
    assert new.status_code == 422
    assert re.search(r'<td class="where">เขต / District</td>', new.text)
    assert "--district" not in new.text
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(plain)
    page = check(client, plain)
    first = re.search(r'<tbody>\s*<tr class="error">(.*?)</tr>', page.text, re.S)[1]
    assert "not made by itadocs" in first and "home page" in first  # the one that explains
    assert "itadocs new" not in text(page)


def test_framework_warnings_name_no_data_file_on_the_page(client, tmp_path):
    """A framework not confirmed yet (2569), or an assessed year with no framework of its
    own (2570): the page says who acts on it, not a file inside the installed package."""
    from itadocs.workbooks.writer import write_workbook

    for assessed, said in ((2569, "the 2569 framework is not confirmed"),
                           (2570, "there is no framework file for 2570")):
        path = tmp_path / f"ita-bangrak-{assessed + 1}.xlsx"
        write_workbook(path, bangrak_data(fiscal_year=assessed + 1, assessed_year=assessed))
        shown = text(check(client, path))
        assert said in shown
        assert ".toml" not in shown and "itadocs/data" not in shown
        assert "the person who runs the server" in shown and "ผู้ดูแลเซิร์ฟเวอร์" in shown


def test_missing_photos_point_to_the_photo_box(client, tmp_path):
    page = check(client, photo_workbook(tmp_path, "ภาพ/กิจกรรม 1.jpg"))
    shown = text(page)
    assert "upload them in the photos box below" in shown
    # the documents' banner (the progress report's section below speaks of its own round)
    assert "correct them in the workbook" not in shown.split("Progress report of the")[0]
    assert "has not been uploaded: add it in the photos box below" in shown
    assert "(…)" not in shown and "not found in the workbook's folder" not in shown


def test_english_messages_name_fields_not_keys(client, tmp_path):
    path = tmp_path / "no-director.xlsx"
    shutil.copy(EXAMPLE, path)
    set_cells(path, "หน่วยงาน", {"C7": None})
    shown = text(check(client, path))
    assert "the director name is required" in shown and "director_name" not in shown


def test_only_warnings_left_the_page_offers_a_recheck(client, tmp_path):
    path = tmp_path / "one-warning.xlsx"
    shutil.copy(EXAMPLE, path)
    set_cells(path, "หน่วยงาน", {"C4": "เขตคลองสาน"})  # read as คลองสาน, with a warning
    page = check(client, path)
    assert "เขตคลองสาน" in page.text  # the warning is shown
    assert re.search(r'<details class="again-box">.*?action="/check"', page.text, re.S)


def test_the_carry_over_report_groups_cells_of_one_kind(client):
    page = client.post("/carry", data={"csrf": token(client), "district": "บางรัก"},
                       files={"workbook": upload(EXAMPLE)})
    rows = re.findall(r'<tr class="(replaced|cleared|kept)">', page.text)
    assert len(rows) < 15  # not one row per cell
    assert "วิเคราะห์!B5–B14" in text(page) and "คะแนน!C5–C17" in text(page)
    assert "คลองสาน → บางรัก ×" in text(page)
    assert "สำนักงานเขตบางรัก Bang Rak district office" in text(page)
    assert "บางรัก บางรัก" not in text(page)


def test_diff_marks_the_changed_part_of_a_long_text(client, tmp_path):
    new = tmp_path / "new.xlsx"
    shutil.copy(EXAMPLE, new)
    wb = openpyxl.load_workbook(EXAMPLE, read_only=True)
    analysis = wb["วิเคราะห์"]["B5"].value
    wb.close()
    set_cells(new, "วิเคราะห์", {"B5": analysis.replace("๙๕.๙๕", "๙๖.๑๐", 1)})
    page = client.post("/diff", data={"csrf": token(client)},
                       files={"old": upload(EXAMPLE), "new": upload(new)})
    assert "<mark>๙๕.๙๕</mark>" in page.text and "<mark>๙๖.๑๐</mark>" in page.text
    assert page.text.count("<mark>") == 2


def test_the_limits_are_stated(client):
    shown = text(client.get("/"))
    assert "at most 30 MB" in shown and "at most 100 files, 300 MB in all" in shown


def test_pdf_progress_is_counted(tmp_path):
    from itadocs.web.results import Progress

    progress = Progress(3, phase="pdf", pdfs=[tmp_path / f"{n}.pdf" for n in range(4)])
    (tmp_path / "1.pdf").write_bytes(b"%PDF")
    assert progress.pdfs_done() == 1


def test_every_page_with_a_form_makes_its_session():
    from itadocs.web.pages import FORM_PAGES

    with_forms = {t.name for t in WEB_TEMPLATES.glob("*.html")
                  if "csrf_input(" in t.read_text(encoding="utf-8")
                  and not t.name.startswith("_")}
    assert with_forms <= FORM_PAGES, with_forms - FORM_PAGES
