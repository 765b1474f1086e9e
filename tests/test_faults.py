"""Real faults, not patched ones: a build killed mid-batch (SIGKILL, SIGTERM, SIGHUP), two
builds on one folder, a full disk (``ulimit -f``), a read-only folder, a damaged manifest, a
file name that is not UTF-8, a summary that cannot be written; on the PDF path, a
LibreOffice killed, a build stopped while LibreOffice works, a PDF's place taken by a
folder, a home folder that cannot be written. After each, the message is
clear, every output file is either the old one or a complete new one known to the manifest,
and the next build finishes the job without calling itadocs' own files "edited by hand"."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from itadocs.build import pdf
from itadocs.build.folderlock import LOCK_NAME
from itadocs.build.outputs import MANIFEST, file_sha256
from itadocs.workbooks.writer import write_workbook
from tests.helpers import OUTPUTS, bangrak_data, env, itadocs, needs_soffice, run, snapshot

DISTRICTS = (("บางรัก", "bang-rak"), ("ดุสิต", "dusit"), ("สาทร", "sathon"),
             ("ปทุมวัน", "pathum-wan"), ("พระนคร", "phra-nakhon"), ("ยานนาวา", "yan-nawa"))
def is_summary(name: str) -> bool:
    return name.startswith("ita-summary")  # rewritten by every folder build, not recorded


KINDS = ("ita-measures-2569-{}.docx", "ita-order-2569-{}.docx", "ita-scores-2569-{}.csv",
         "ita-measures-2569-{}.csv", "ita-data-2569-{}.json")


def districts(folder: Path, count: int = len(DISTRICTS)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for thai, _ in DISTRICTS[:count]:
        write_workbook(folder / f"ita-{thai}.xlsx", retarget(bangrak_data(), thai))
    return folder


def retarget(value, district: str):
    """Bang Rak's example data as another district's (every text naming it)."""
    if isinstance(value, str):
        return value.replace("บางรัก", district)
    if isinstance(value, list):
        return [retarget(v, district) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            setattr(value, name, retarget(getattr(value, name), district))
    return value


def manifest(out: Path) -> dict[str, dict[str, str]]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]


def recorded(out: Path) -> list[str]:
    """Districts whose five outputs are all in the manifest, as the files on disk."""
    try:
        entries = manifest(out)
    except (OSError, ValueError, KeyError):
        return []
    done = []
    for _, slug in DISTRICTS:
        names = [k.format(slug) for k in KINDS]
        if all(n in entries and file_sha256(out / n) == entries[n]["sha256"] for n in names):
            done.append(slug)
    return done


def assert_consistent(out: Path) -> None:
    """Every output is a file the manifest knows (the new one, or the one it replaces), no
    file is half-written, and nothing temporary is left once a build has finished."""
    entries = manifest(out)
    for path in out.iterdir():
        if (path.name in (MANIFEST, LOCK_NAME) or is_summary(path.name)
                or path.name.startswith(".~itadocs-") or ".edited-" in path.name):
            continue
        assert path.name in entries, path.name
        entry = entries[path.name]
        assert file_sha256(path) in (entry["sha256"], entry.get("replaces")), path.name


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_build(folder: Path, out: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "itadocs.cli", "build", str(folder), "-o",
                             str(out), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env(), **kwargs)


def wait_for(condition, timeout: float = 120, what: str = "") -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.02)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP],
                         ids=["SIGKILL", "SIGTERM", "SIGHUP"])
def test_build_killed_mid_batch_then_rebuilt(tmp_path, signum):
    count = 4
    folder = districts(tmp_path / "in", count)
    out = tmp_path / "out"
    out.mkdir()
    proc = start_build(folder, out, "-j", "2")
    wait_for(lambda: len(recorded(out)) >= 1 or proc.poll() is not None, what="a district")
    workers = children(proc.pid)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert "Traceback" not in stderr
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 128 + signum, stderr
        assert f"build stopped ({signal.Signals(signum).name})" in stderr
        assert "หยุดการสร้างเอกสาร" in stderr
        assert not (out / LOCK_NAME).exists()
    wait_for(lambda: not any(alive(w) for w in workers), 10, "the workers to end")
    done = recorded(out)
    assert 1 <= len(done) < count, done  # killed in the middle of the batch
    assert_consistent(out)

    again = itadocs("build", folder, "-o", out)
    assert again.returncode == 0, again.stderr
    assert "edited by hand" not in again.stderr and "Traceback" not in again.stderr
    for slug in done:  # what was recorded is not built again
        assert f"ita-{dict((s, t) for t, s in DISTRICTS)[slug]}.xlsx: ไม่มีการเปลี่ยนแปลง" \
            in again.stdout
    assert sorted(recorded(out)) == sorted(slug for _, slug in DISTRICTS[:count])
    assert_consistent(out)
    names = {p.name for p in out.iterdir() if not is_summary(p.name)}
    assert not [n for n in names if n.startswith(".~") or ".edited-" in n], names
    assert names == {MANIFEST, *(k.format(slug) for _, slug in DISTRICTS[:count] for k in KINDS)}
    assert (out / "ita-summary.xlsx").exists()


@needs_proc
def test_two_builds_at_once(tmp_path):
    folder = districts(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    first = start_build(folder, out, "-j", "1")
    wait_for(lambda: (out / LOCK_NAME).exists() or first.poll() is not None, what="the lock")
    began = time.monotonic()
    second = itadocs("build", folder, "-o", out, timeout=60)
    assert time.monotonic() - began < 30  # told at once, not left waiting
    assert second.returncode == 1
    assert "another itadocs build" in second.stderr and f"process {first.pid}" in second.stderr
    assert "กำลังถูกใช้โดยคำสั่ง itadocs build อีกงานหนึ่ง" in second.stderr
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert sorted(recorded(out)) == ["bang-rak", "dusit", "sathon"]
    assert_consistent(out)
    assert not (out / LOCK_NAME).exists()
    third = itadocs("build", folder, "-o", out)  # the lock is free again
    assert third.returncode == 0 and third.stdout.count("ไม่มีการเปลี่ยนแปลง") == 3


def _limit_file_size(limit: int):
    def limit_it():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_it


def test_full_disk_via_ulimit(bangrak, tmp_path):
    out = tmp_path / "out"
    first = itadocs("build", bangrak, "-o", out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    data = bangrak_data()
    data.measures[0].text = "มาตรการใหม่"
    write_workbook(bangrak, data)
    full = itadocs("build", bangrak, "-o", out, preexec_fn=_limit_file_size(20_000))
    assert full.returncode == 1
    assert "File too large" in full.stderr and "ไฟล์เดิมยังอยู่ครบ" in full.stderr
    assert "the previous file is unchanged" in full.stderr and "Traceback" not in full.stderr
    assert snapshot(out) == before  # every output and the manifest as they were
    fresh = tmp_path / "fresh"
    full = itadocs("build", bangrak, "-o", fresh, preexec_fn=_limit_file_size(20_000))
    assert full.returncode == 1 and "File too large" in full.stderr
    assert not fresh.exists()  # nothing built: no empty folder either
    again = itadocs("build", bangrak, "-o", out)
    assert again.returncode == 0 and "edited by hand" not in again.stderr
    assert set(snapshot(out)) == set(before)


@pytest.mark.parametrize("limit", [8_000, 20_000, 30_000])
def test_new_on_a_full_disk_says_so_once(tmp_path, limit):
    """``new`` under a real ``ulimit -f``: the workbook library fails in its own temporary
    file or the workbook's write does; either way one clear message, nothing else printed
    (no "Exception ignored" from the library's half-closed writers), nothing left."""
    target = tmp_path / "ita-2569.xlsx"
    full = itadocs("new", target, "--district", "บางรัก", "--year", "2569",
                   preexec_fn=_limit_file_size(limit))
    assert full.returncode == 1
    assert "Exception ignored" not in full.stderr and "Traceback" not in full.stderr
    assert "cannot write ita-2569.xlsx: File too large" in full.stderr, full.stderr
    assert "บันทึกไฟล์ ita-2569.xlsx ไม่ได้" in full.stderr
    assert len(full.stderr.strip().splitlines()) == 3, full.stderr  # the error, Thai, English
    assert not list(tmp_path.iterdir())


def _read_only_runner(folder: Path) -> list[str]:
    """A command prefix under which ``folder`` (mode 0555) really cannot be written, or skip.

    As root, permissions do not stop writes: the build then runs without the capabilities
    that let root ignore them (setpriv), which the kernel enforces like for any user."""
    folder.chmod(0o555)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a folder read-only")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable",
                  "--"]
    probe = subprocess.run([*prefix, sys.executable, "-c",
                            f"open({str(folder / 'probe')!r}, 'w')"], capture_output=True)
    if probe.returncode == 0:
        (folder / "probe").unlink()
        pytest.skip("this system lets the test user write into a 0555 folder")
    return prefix


def test_read_only_output_folder_for_real(bangrak, tmp_path):
    out = tmp_path / "out"
    assert itadocs("build", bangrak, "-o", out).returncode == 0
    before = snapshot(out)
    data = bangrak_data()
    data.measures[0].text = "มาตรการใหม่"
    write_workbook(bangrak, data)
    prefix = _read_only_runner(out)
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "itadocs.cli", "build",
                                 str(bangrak), "-o", str(out)], capture_output=True, text=True,
                                env=env(), timeout=300)
    finally:
        out.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert "read-only" in result.stderr and "อ่านอย่างเดียว" in result.stderr
    assert str(out) in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out) == before


def test_damaged_manifest(bangrak, tmp_path):
    out = tmp_path / "out"
    run("build", bangrak, "-o", out)
    before = snapshot(out)
    for damaged in ('{"outputs": ["not", "a", "map"]}', '[1, 2]', "\x00\xff garbage",
                    '{"version": 1, "outputs": {"ita-order-2569-bang-rak.docx": "abc"}}'):
        (out / MANIFEST).write_text(damaged, encoding="latin-1")
        result = run("build", bangrak, "-o", out)
        assert result.exit_code == 1
        assert "is damaged" in result.output and "เสียหาย" in result.output
        assert "edited by hand" in result.output  # never overwritten without --force
        assert {k: v for k, v in snapshot(out).items() if k != MANIFEST} == {
            k: v for k, v in before.items() if k != MANIFEST}
    result = run("build", bangrak, "-o", out, "--force")
    assert result.exit_code == 0
    copies = sorted(p.name for p in out.glob("*.edited-*"))
    assert len(copies) == len(OUTPUTS)  # kept: the manifest no longer vouched for them
    assert sorted(recorded(out)) == ["bang-rak"]
    assert_consistent(out)
    shutil.rmtree(out)
    out.mkdir()
    (out / MANIFEST).write_text("{}", encoding="utf-8")
    result = run("build", bangrak, "-o", out)  # nothing there yet: builds, a note is printed
    assert result.exit_code == 0 and "is damaged" in result.output
    assert recorded(out) == ["bang-rak"]


def test_file_name_that_is_not_utf8(tmp_path):
    folder = districts(tmp_path / "in", 2)
    odd = os.fsdecode(b"ita-\xff\xfe.xlsx")
    (folder / "ita-ดุสิต.xlsx").rename(folder / odd)
    out = tmp_path / "out"
    result = itadocs("build", folder, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "ita-\ufffd\ufffd.xlsx" in result.stdout
    rows = (out / "ita-summary.csv").read_bytes().decode("utf-8")  # strictly UTF-8
    assert "ita-\ufffd\ufffd.xlsx" in rows
    assert manifest(out)["ita-measures-2569-dusit.docx"]["source"] == "ita-\ufffd\ufffd.xlsx"
    data = json.loads((out / "ita-data-2569-dusit.json").read_bytes().decode("utf-8"))
    assert data["file"] == "ita-\ufffd\ufffd.xlsx"
    assert sorted(recorded(out)) == ["bang-rak", "dusit"]


def test_summary_that_cannot_be_written_is_reported(tmp_path):
    folder = districts(tmp_path / "in", 2)
    out = tmp_path / "out"
    (out / "ita-summary.xlsx").mkdir(parents=True)  # a real obstacle where the file goes
    (out / "ita-summary.xlsx" / "keep").write_text("x")
    result = itadocs("build", folder, "-o", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ita-summary.xlsx" in result.stderr and "บันทึกไฟล์" in result.stderr
    assert "บางรัก" in result.stdout and "ดุสิต" in result.stdout  # the table is printed
    assert "2 workbooks, 0 failed" in result.stdout
    assert sorted(recorded(out)) == ["bang-rak", "dusit"]
    assert (out / "ita-summary.xlsx" / "keep").read_text() == "x"
    assert not list(out.glob(".~itadocs-*"))


def test_a_summary_file_that_cannot_be_replaced_leaves_the_whole_summary_as_it_was(
        tmp_path):
    """The summary's workbook and CSV files are read together: when one cannot be replaced
    (here a real folder stands where ita-summary-status.csv goes), none is, so the central
    office never reads a new workbook beside old CSV files."""
    folder = districts(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert itadocs("build", folder, "-o", out).returncode == 0
    (out / "ita-summary-status.csv").unlink()
    (out / "ita-summary-status.csv").mkdir()
    before = {p.name: p.read_bytes() for p in out.glob("ita-summary*") if p.is_file()}
    data = retarget(bangrak_data(), "ดุสิต")
    data.scores[0].score = data.scores[0].score - 10  # Dusit is built again, Bang Rak skipped
    write_workbook(folder / "ita-ดุสิต.xlsx", data)
    result = itadocs("build", folder, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ita-summary-status.csv" in result.stderr
    assert {p.name: p.read_bytes() for p in out.glob("ita-summary*") if p.is_file()} == before
    assert not list(out.glob(".~itadocs-*"))
    (out / "ita-summary-status.csv").rmdir()
    assert itadocs("build", folder, "-o", out).returncode == 0
    assert (out / "ita-summary.xlsx").read_bytes() != before["ita-summary.xlsx"]


def test_disk_full_while_writing_the_summary(tmp_path, monkeypatch):
    from itadocs.build import batch

    folder = districts(tmp_path / "in", 2)
    out = tmp_path / "out"

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch, "write_summary", full)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 1
    assert "cannot write the summary" in result.output and "No space left" in result.output
    assert "เขียนไฟล์สรุปผล" in result.output
    assert "2 workbooks, 0 failed" in result.output
    assert sorted(recorded(out)) == ["bang-rak", "dusit"]


def test_one_district_failing_unexpectedly_does_not_stop_the_others(tmp_path, monkeypatch):
    from itadocs.documents import compose

    folder = districts(tmp_path / "in", 3)
    real = compose.render_documents

    def flaky(report, templates):
        if report.data.unit.district == "ดุสิต":
            raise RuntimeError("something no check foresaw")
        return real(report, templates)

    monkeypatch.setattr(compose, "render_documents", flaky)
    out = tmp_path / "out"
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 1
    assert "ita-ดุสิต.xlsx: ข้อผิดพลาด / ERROR" in result.output
    assert "unexpected error (RuntimeError: something no check foresaw)" in result.output
    assert "3 workbooks, 1 failed" in result.output
    assert sorted(recorded(out)) == ["bang-rak", "sathon"]
    assert not list(out.glob("*dusit*"))


# --------------------------------------------------------------------------- PDFs
# A LibreOffice killed in the middle of a folder build, the build itself stopped while
# LibreOffice works, a PDF that cannot be put in place, a home folder that cannot be
# written: a clear message, no traceback, no LibreOffice left running, nothing temporary
# left in the output folder, and the next build finishes the job.


def pdf_names(count: int) -> set[str]:
    return {f"ita-{kind}-2569-{slug}.pdf" for _, slug in DISTRICTS[:count]
            for kind in ("measures", "order")}


def offices(out: Path) -> list[int]:
    """The LibreOffice processes working for a build into ``out`` (their profile is in
    its temporary folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "soffice.bin" in cmdline and str(out.resolve()) in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def staged(out: Path) -> list[Path]:
    """PDFs LibreOffice has finished in the build's temporary folder."""
    return list(out.glob(".~itadocs-pdf-*/out/*.pdf"))


def start_pdf_build(folder: Path, out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "itadocs.cli", "build", str(folder), "-o",
                             str(out), "--pdf", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env())


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith(".~itadocs-")]


def test_a_pdf_that_cannot_be_put_in_place_fails_its_district_only(tmp_path):
    """A folder where a PDF should go: that district fails naming it; the other districts'
    PDFs are put in place, the table is printed, and once the folder is gone the next
    build makes the missing PDF."""
    needs_soffice()
    folder = districts(tmp_path / "in", 2)
    out = tmp_path / "out"
    first = itadocs("build", folder, "-o", out)
    assert first.returncode == 0, first.stderr
    blocked = out / "ita-measures-2569-dusit.pdf"  # dusit is the first district built
    blocked.mkdir()
    (blocked / "keep").write_text("x")
    run = itadocs("build", folder, "-o", out, "--pdf")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "ita-measures-2569-dusit.pdf" in run.stderr and "Is a directory" in run.stderr
    assert "บางรัก" in run.stdout and "ดุสิต" in run.stdout  # the table is printed
    made = {p.name for p in out.glob("*.pdf") if p.is_file()}
    assert made == pdf_names(2) - {blocked.name}, made
    assert (blocked / "keep").read_text() == "x"
    assert not leftovers(out)
    blocked.joinpath("keep").unlink()
    blocked.rmdir()
    again = itadocs("build", folder, "-o", out, "--pdf")
    assert again.returncode == 0, again.stderr
    assert "edited by hand" not in again.stderr
    assert {p.name for p in out.glob("*.pdf")} == pdf_names(2)
    assert_consistent(out)


def test_a_home_folder_that_cannot_be_written(bangrak, tmp_path):
    """The derived fonts' cache cannot be made under $HOME: they are made for this run
    in a temporary folder instead, and the PDFs are made."""
    needs_soffice()
    out = tmp_path / "out"
    home = {**env(), "HOME": "/dev/null"}  # not a folder: not writable even by root
    home.pop("XDG_CACHE_HOME", None)
    before = set(Path(tempfile.gettempdir()).glob("itadocs-fonts-*"))
    run = subprocess.run([sys.executable, "-m", "itadocs.cli", "build", str(bangrak), "-o",
                          str(out), "--pdf"], capture_output=True, text=True, env=home,
                         timeout=300)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    assert {p.name for p in out.glob("*.pdf")} == {"ita-measures-2569-bang-rak.pdf",
                                                    "ita-order-2569-bang-rak.pdf"}
    assert not leftovers(out)
    assert set(Path(tempfile.gettempdir()).glob("itadocs-fonts-*")) == before


@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_stopped_while_libreoffice_works_stops_at_once(tmp_path, signum):
    needs_soffice()
    folder = districts(tmp_path / "in", 3)
    out = tmp_path / "out"
    proc = start_pdf_build(folder, out, "-j", "1")
    wait_for(lambda: staged(out) or proc.poll() is not None)
    assert proc.poll() is None, "the build ended before LibreOffice made a PDF"
    proc.send_signal(signum)
    began = time.monotonic()
    _, stderr = proc.communicate(timeout=120)
    assert time.monotonic() - began < 10, "LibreOffice held the build up"
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr and "หยุดการสร้างเอกสาร" in stderr
    wait_for(lambda: not offices(out), 5, "LibreOffice to end")
    assert not leftovers(out) and not (out / LOCK_NAME).exists()
    again = itadocs("build", folder, "-o", out, "--pdf")
    assert again.returncode == 0, again.stderr
    assert "edited by hand" not in again.stderr
    assert {p.name for p in out.glob("*.pdf")} == pdf_names(3)
    assert_consistent(out)


@needs_proc
def test_a_libreoffice_killed_mid_build_costs_only_what_it_held(tmp_path):
    """One of two LibreOffice processes killed (a crash, the OOM killer) once the PDFs are
    coming: the other one converts the documents still waiting, so at most the ones the
    dead one held fail, each named with the reason; the next build makes them."""
    needs_soffice()
    count = 6  # 12 documents: two LibreOffice lanes
    if pdf.lane_count(2 * count) < 2:
        pytest.skip("one core: a single LibreOffice lane")
    folder = districts(tmp_path / "in", count)
    out = tmp_path / "out"
    proc = start_pdf_build(folder, out)
    wait_for(lambda: (staged(out) and len(offices(out)) >= 2) or proc.poll() is not None)
    assert proc.poll() is None, "the build ended before it could be hurt"
    os.kill(offices(out)[0], signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=600)
    assert "Traceback" not in stderr
    failed = [line for line in stdout.splitlines() if line.rstrip().endswith(" failed")]
    assert 1 <= len(failed) <= 2, stdout  # the document converting, and the one queued
    assert proc.returncode == 1
    assert "LibreOffice stopped" in stderr and "Binary URP bridge" not in stderr, stderr
    assert not offices(out) and not leftovers(out)
    assert len([p for p in out.glob("*.pdf")]) >= 2 * count - 2
    assert_consistent(out)
    again = itadocs("build", folder, "-o", out, "--pdf")
    assert again.returncode == 0, again.stderr
    assert {p.name for p in out.glob("*.pdf")} == pdf_names(count)
    assert all(name in manifest(out) for name in pdf_names(count))
    assert_consistent(out)
