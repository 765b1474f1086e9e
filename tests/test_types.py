"""The package type-checks: mypy with the settings in pyproject.toml, as the README's test
command runs it before pytest; here too, so that any run of the tests catches a type error
(warm, with mypy's cache, it takes well under a second)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT


def test_mypy_is_clean():
    pytest.importorskip("mypy", reason="pip install -e '.[test]' installs mypy")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
