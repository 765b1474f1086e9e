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
