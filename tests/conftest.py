"""Fixtures: a complete workbook for a district other than the seed's, and the example; a
client of the web page's module's ``app``; the ``--update-golden`` option. Helpers and
constants are in tests/helpers.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from itadocs.workbooks.writer import write_workbook
from tests.helpers import EXAMPLE, bangrak_data


@pytest.fixture
def bangrak(tmp_path: Path) -> Path:
    """A valid Bang Rak workbook written by itadocs' own writer."""
    path = tmp_path / "ita-bangrak-2569.xlsx"
    write_workbook(path, bangrak_data())
    return path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the bundled example workbook."""
    path = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output (then review the "
                          "diff); also ITADOCS_UPDATE_GOLDEN=1")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether the golden-file tests write what they see instead of comparing."""
    return bool(request.config.getoption("--update-golden")
                or os.environ.get("ITADOCS_UPDATE_GOLDEN") == "1")


@pytest.fixture(scope="module")
def client(app):
    """A client of the ``app`` fixture of the test's module (each sets its own limits)."""
    from starlette.testclient import TestClient

    from tests.helpers import WEB_BASE

    with TestClient(app, base_url=WEB_BASE) as client:
        yield client
