"""The output folder's lock file, as anyone who can create a file in a shared folder might
leave it: a link to a file to overwrite, a FIFO, a folder, a stale lock of a build killed
with ``kill -9``, a stale or unreadable lock of another user. Real files, real processes;
no file the lock points at is ever written, and every refusal says what is there and how to
clear it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from itadocs.build.folderlock import LOCK_NAME
from tests.helpers import OUTPUTS, env, itadocs, snapshot


def _build(bangrak: Path, out: Path, prefix: list[str] | None = None
           ) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "itadocs.cli", "build",
                           str(bangrak), "-o", str(out)], capture_output=True, text=True,
                          env=env(), timeout=300)


def test_a_link_as_the_lock_is_never_followed(bangrak, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "precious.txt"
    victim.write_text("the only copy", encoding="utf-8")
    (out / LOCK_NAME).symlink_to(victim)
    result = itadocs("build", bangrak, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert victim.read_text(encoding="utf-8") == "the only copy"
    assert "is not itadocs' lock file but a symbolic link" in result.stderr
    assert "ไม่ใช่ไฟล์ล็อกของ itadocs แต่เป็นลิงก์" in result.stderr
    assert f"rm '{out / LOCK_NAME}'" in result.stderr
    assert (out / LOCK_NAME).is_symlink() and set(snapshot(out)) == {LOCK_NAME}
    (out / LOCK_NAME).unlink()
    (out / LOCK_NAME).symlink_to(tmp_path / "does-not-exist")  # a dangling link: not created
    result = itadocs("build", bangrak, "-o", out)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert not (tmp_path / "does-not-exist").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_a_folder_as_the_lock(bangrak, tmp_path, kind):
    out = tmp_path / "out"
    out.mkdir()
    if kind == "fifo":
        os.mkfifo(out / LOCK_NAME)
        words = "a FIFO (named pipe)"
    else:
        (out / LOCK_NAME).mkdir()
        words = "a folder"
    result = itadocs("build", bangrak, "-o", out, timeout=60)  # never left waiting
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"is not itadocs' lock file but {words}" in result.stderr
    assert "None" not in result.stderr and f"rm '{out / LOCK_NAME}'" in result.stderr
    assert not any(name in snapshot(out) for name in OUTPUTS)


def test_a_stale_lock_of_a_killed_build_is_replaced_never_truncated(bangrak, tmp_path):
    """``kill -9`` leaves the file; nobody holds it, so the next build removes it and
    makes its own (the old file's content is never rewritten in place)."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / LOCK_NAME
    stale.write_text(json.dumps({"pid": 999999, "host": "pc-7", "started": "2026-01-01"}))
    other_name = tmp_path / "hard-link-to-the-stale-lock"
    os.link(stale, other_name)  # whatever else shares that file is left as it was
    result = itadocs("build", bangrak, "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(other_name.read_text())["host"] == "pc-7"
    assert not stale.exists() and all(name in snapshot(out) for name in OUTPUTS)


def _as_another_user(out: Path, mode: int) -> tuple[list[str], str]:
    """A shared folder (mode 1777, like /tmp) holding a lock file of another user, and a
    command prefix under which this test's build is not that user and has no power to
    ignore permissions; or skip."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to make a file of another user")
    import pwd

    nobody = pwd.getpwnam("nobody")
    lock = out / LOCK_NAME
    lock.write_text(json.dumps({"pid": 999999, "host": "pc-7",
                                "started": "2026-01-01 10:00:00"}), encoding="utf-8")
    os.chown(lock, nobody.pw_uid, nobody.pw_gid)
    lock.chmod(mode)
    os.chown(out, nobody.pw_uid, nobody.pw_gid)
    out.chmod(0o1777)
    prefix = [shutil.which("setpriv") or "setpriv",
              "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", "--"]
    return prefix, nobody.pw_name


def test_a_stale_read_only_lock_of_another_user(bangrak, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    prefix, owner = _as_another_user(out, 0o444)
    result = _build(bangrak, out, prefix)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"a stale lock file {out / LOCK_NAME} of user {owner}" in result.stderr
    assert "process 999999 on pc-7, started 2026-01-01 10:00:00" in result.stderr
    assert f"ask {owner} or an administrator to delete it (rm '{out / LOCK_NAME}')" \
        in result.stderr
    assert f"ของผู้ใช้ {owner} ค้างอยู่จากงานที่หยุดไปแล้ว" in result.stderr
    assert set(snapshot(out)) == {LOCK_NAME}
    assert "999999" in (out / LOCK_NAME).read_text()  # untouched


def test_an_unreadable_lock_of_another_user(bangrak, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    prefix, owner = _as_another_user(out, 0o400)
    result = _build(bangrak, out, prefix)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"belongs to user {owner} and cannot be opened by you" in result.stderr
    assert f"rm '{out / LOCK_NAME}'" in result.stderr and f"เป็นของผู้ใช้ {owner}" in result.stderr
    assert set(snapshot(out)) == {LOCK_NAME}
