"""``itadocs --help`` starts fast: it imports click and nothing heavy (bench/run.py --startup)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import env

HEAVY = {"openpyxl", "docx", "docxtpl", "jinja2", "matplotlib", "numpy", "pandas", "PIL",
         "lxml", "fontTools", "openxml_audit", "starlette", "uvicorn", "multipart"}

PROBE = """
import sys
from itadocs.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def test_help_imports_nothing_heavy():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=env(), timeout=60, check=True)
    assert "itadocs" in done.stdout
    loaded = set(done.stderr.split())
    assert "click" in loaded
    assert not loaded & HEAVY, sorted(loaded & HEAVY)


def test_the_public_api_is_named_at_the_root_and_imported_lazily():
    """``import itadocs`` loads nothing heavy; each name of __all__ is found on first use."""
    code = ("import sys, itadocs\n"
            "heavy = [m for m in ('itadocs.checking.check', 'itadocs.build.batch', 'openpyxl',"
            " 'docxtpl') if m in sys.modules]\n"
            "assert heavy == [], heavy\n"
            "assert set(itadocs.__all__) == {'__version__', *itadocs._API}\n"
            "for name in itadocs.__all__: getattr(itadocs, name)\n"
            "print(itadocs.check_workbook.__module__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "itadocs.checking.check"
