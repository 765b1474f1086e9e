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


def test_the_type_check_refuses_a_code_nobody_listed(tmp_path):
    """A problem's code is a ProblemCode, so a misspelt code is a type error, not a runtime
    surprise in one district's check."""
    pytest.importorskip("mypy", reason="pip install -e '.[test]' installs mypy")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from itadocs.exceptions import Problem, Severity\n"
        "from itadocs.messages import Message, ProblemCode\n"
        "Problem(Severity.ERROR, ProblemCode.REQUIRED, '', '', Message('a', 'b'))\n"
        "Problem(Severity.ERROR, 'requried', '', '', Message('a', 'b'))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(snippet)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout
    assert "snippet.py:4:" in done.stdout and "ProblemCode" in done.stdout
    assert "snippet.py:3:" not in done.stdout
