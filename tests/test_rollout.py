"""Rollout to fifty districts: an installed itadocs carries its templates and standard texts,
a district overrides one file at a time, and a wrong path is an error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from itadocs.cli import main
from itadocs.documents.render import text_of
from itadocs.documents.templateset import default_folder
from itadocs.pipeline import build_workbook
from tests.helpers import EXAMPLE, ROOT

run = CliRunner().invoke


def _first_page_pictures(docx: Path) -> int:
    doc = Document(docx)
    header = doc.sections[0].first_page_header
    return len(list(header._element.iter(qn("pic:pic"))))


# --------------------------------------------------------------------------- export, override


def test_export_copies_the_defaults_and_never_overwrites(tmp_path):
    folder = tmp_path / "mine"
    result = run(main, ["templates", "export", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md", "measures.docx", "order.docx", "progress-memo.docx", "progress.docx"]
    assert (folder / "order.docx").read_bytes() == (default_folder() / "order.docx").read_bytes()
    assert "--templates" in result.output
    (folder / "order.docx").write_bytes(b"edited")
    again = run(main, ["templates", "export", str(folder)])
    assert again.exit_code == 1 and "--force" in again.output and "ไม่เขียนทับ" in again.output
    assert (folder / "order.docx").read_bytes() == b"edited"
    assert run(main, ["templates", "export", str(folder), "--force"]).exit_code == 0
    assert (folder / "order.docx").read_bytes() != b"edited"


def test_a_folder_with_only_the_garuda_changes_only_the_garuda(bangrak, tmp_path):
    from PIL import Image

    default = build_workbook(bangrak, tmp_path / "default")
    folder = tmp_path / "garuda-only"
    folder.mkdir()
    Image.new("RGBA", (300, 330), (150, 20, 20, 255)).save(folder / "garuda.png")
    mine = build_workbook(bangrak, tmp_path / "mine", folder)
    assert _first_page_pictures(mine.outputs["order"]) == 1
    assert _first_page_pictures(default.outputs["order"]) == 0
    # the wording is the default's: same measures document, byte for byte
    assert mine.outputs["measures"].read_bytes() == default.outputs["measures"].read_bytes()


def test_a_folder_with_only_the_order_changes_only_the_order(bangrak, tmp_path, monkeypatch):
    folder = tmp_path / "wording"
    folder.mkdir()
    doc = Document(default_folder() / "order.docx")
    for paragraph in doc.paragraphs:
        if "{{ order.preamble }}" in paragraph.text:
            paragraph.runs[-1].text += " (ถ้อยคำของเขต)"
            break
    else:
        pytest.fail("no preamble paragraph in the order template")
    doc.save(folder / "order.docx")
    monkeypatch.setenv("ITADOCS_TEMPLATES", str(folder))
    outcome = build_workbook(bangrak, tmp_path / "out")
    assert "(ถ้อยคำของเขต)" in text_of(Document(outcome.outputs["order"]))
    assert "ความสำคัญของ ITA" in text_of(Document(outcome.outputs["measures"]))  # default


@pytest.mark.parametrize("how", ["option", "variable", "empty"])
def test_a_wrong_template_path_is_an_error(bangrak, tmp_path, monkeypatch, how):
    out = tmp_path / "out"
    args = ["build", str(bangrak), "-o", str(out)]
    if how == "option":
        args += ["--templates", str(tmp_path / "my-templtes")]
    elif how == "variable":
        monkeypatch.setenv("ITADOCS_TEMPLATES", str(tmp_path / "my-templtes"))
    else:
        (tmp_path / "empty").mkdir()
        args += ["--templates", str(tmp_path / "empty")]
    result = run(main, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    if how == "empty":
        assert ("holds none of measures.docx, order.docx, progress.docx, progress-memo.docx, "
                "garuda.png") in result.output
    else:
        assert "my-templtes" in result.output and "ไม่พบโฟลเดอร์แม่แบบ" in result.output
        assert ("ITADOCS_TEMPLATES" if how == "variable" else "--templates") in result.output
    assert not out.exists()


# --------------------------------------------------------------------------- pip install .


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """itadocs built as a wheel and installed into a fresh virtual environment outside the
    clone; its dependencies are borrowed from this environment (no network needed)."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"  # a clean copy: no build/ left in the clone, nothing stale
    everywhere = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__",
                                        ".*_cache", ".hypothesis")

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {"build", "dist", "outputs"} if Path(folder) == ROOT else set()  # not itadocs/build
        return set(everywhere(folder, names)) | (top & set(names))

    shutil.copytree(ROOT, source, ignore=ignore)
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(dist), str(source)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = dist.glob("itadocs-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True).stdout
    # the dependencies (docxtpl, openpyxl, pandas, ...) from this environment, after the wheel
    Path(site.strip(), "borrowed-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    return wheel, venv, tmp


def test_the_wheel_carries_templates_and_standard_texts(installed):
    wheel, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("itadocs/templates/measures.docx", "itadocs/templates/order.docx",
                 "itadocs/templates/README.md", "itadocs/data/standard_texts.toml",
                 "itadocs/data/lists.toml", "itadocs/web/templates/home.html",
                 "itadocs/web/templates/_problems.html", "itadocs/web/static/style.css",
                 "itadocs/web/static/app.js"):
        assert name in names, name


def test_the_installed_copy_serves_the_page(installed):
    """The web page's templates, styles and scripts come from the installed package."""
    _, venv, tmp = installed
    script = (
        "import itadocs.web, re\n"
        "from starlette.testclient import TestClient\n"
        "app = itadocs.web.create_app(itadocs.web.Settings(pdf=False))\n"
        "c = TestClient(app, base_url='http://127.0.0.1:8000')\n"
        "home = c.get('/')\n"
        "assert home.status_code == 200 and 'ตรวจสมุดงาน' in home.text, home.status_code\n"
        "assert c.get('/static/style.css').status_code == 200\n"
        "assert c.get('/static/app.js').status_code == 200\n"
        "app.close()\n"
        "print(itadocs.web.__file__)\n")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", script], cwd=tmp,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().startswith(str(venv))


def test_pip_install_builds_the_example_outside_the_clone(installed):
    _, venv, tmp = installed
    work = tmp / "district"
    work.mkdir()
    shutil.copy(EXAMPLE, work / EXAMPLE.name)
    env = {k: v for k, v in os.environ.items() if k != "ITADOCS_TEMPLATES"}
    itadocs = str(venv / "bin" / "itadocs")
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import itadocs.documents.templateset as t; print(t.default_folder())"],
                           cwd=work, env=env, check=True, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(venv))  # the installed copy, not the clone's
    done = subprocess.run([itadocs, "build", EXAMPLE.name, "-o", "out"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    order = Document(work / "out" / "ita-order-2568-khlong-san.docx")
    assert "คำสั่งสำนักงานเขตคลองสาน" in text_of(order)
    assert (work / "out" / "ita-measures-2568-khlong-san.docx").stat().st_size > 10_000
    new = subprocess.run([itadocs, "new", "br.xlsx", "--district", "บางรัก", "--year", "2569"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert new.returncode == 0, new.stdout + new.stderr
    assert "standard texts of Bang Rak" in new.stdout
    export = subprocess.run([itadocs, "templates", "export", "mine"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=300)
    assert export.returncode == 0 and (work / "mine" / "order.docx").is_file()
