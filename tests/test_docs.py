"""The documentation is tested like code: every command is documented, every command line in
the README runs, every problem code is listed, every template variable is described; and the
tests keep their helpers in one place."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from itadocs.cli import main
from itadocs.exceptions import ProblemCode
from tests.helpers import EXAMPLE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TEMPLATES_README = (ROOT / "itadocs" / "templates" / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    """Every command and sub-command, by its words after ``itadocs``."""
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


COMMANDS = dict(commands())


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=" ".join)
def test_command_has_help_and_is_in_the_readme(words):
    command = COMMANDS[words]
    assert (command.help or "").strip(), words
    assert (command.short_help or "").strip(), words
    assert f"itadocs {' '.join(words)}" in README, f"itadocs {' '.join(words)}"


# ----------------------------------------------------------------- README command lines

def command_lines(text: str) -> Iterator[str]:
    """Command lines of a Markdown text: lines of its code blocks and inline code spans that
    run ``itadocs`` (after variables set for it), without their comments."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)
    lines = [line for block in blocks for line in block.splitlines()]
    lines += re.findall(r"(?<!`)`([^`\n]+)`(?!`)", re.sub(r"^```.*?^```", "", text,
                                                          flags=re.S | re.M))
    for line in lines:
        line = line.split(" #", 1)[0].strip()
        line = re.sub(r"^(?:[A-Z_]+=\S+\s+)+", "", line)
        if line.startswith("itadocs ") or line == "itadocs":
            yield line


README_LINES = sorted({*command_lines(README), *command_lines(TEMPLATES_README)})


def test_the_readmes_have_command_lines():
    assert len(README_LINES) > 20
    assert "itadocs --help" in README_LINES


@pytest.mark.parametrize("line", README_LINES)
def test_readme_command_line_names_a_command_and_its_options(line):
    words = line.split()[1:]
    command: click.Command = main
    path: list[str] = []
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        assert words[0] in command.commands, f"{line}: no command {' '.join([*path, words[0]])}"
        path.append(words[0])
        command = command.commands[words.pop(0)]
    ctx = click.Context(command, info_name="itadocs")
    known = {opt for param in command.get_params(ctx) for opt in (*param.opts,
                                                                  *param.secondary_opts)}
    for word in words:
        if word.startswith("-") and not re.fullmatch(r"-\d.*", word):
            assert word.split("=")[0] in known, f"{line}: {' '.join(path) or 'itadocs'} " \
                                                f"has no option {word}"


# ----------------------------------------------------------------- problem codes

def emitted_codes() -> dict[str, str]:
    """The problem codes the code base uses (file:line by code): every ``ProblemCode.X``
    outside the enum itself (the type check makes a code given as text an error)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "itadocs").rglob("*.py")):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "ProblemCode"):
                code = ProblemCode[node.attr].value
                found.setdefault(code, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def checks_section() -> str:
    return README.split("\n### Checks\n", 1)[1].split("\n### ", 1)[0]


@pytest.mark.parametrize("code", sorted(ProblemCode))
def test_problem_code_is_in_the_readmes_checks(code):
    assert f"`{code}`" in checks_section(), code


def test_every_listed_code_is_used():
    """No code in the list (and the README's table) that nothing can report."""
    found = emitted_codes()
    assert {"missing_sheet", "photo_missing", "other_district"} <= set(found)
    unused = sorted(c.value for c in ProblemCode if c.value not in found)
    assert unused == [], f"listed but never reported: {unused}"


# ----------------------------------------------------------------- template variables

def contexts(folder: Path) -> Iterator[dict[str, Any]]:
    """The measures document's context (with the order's as ``order``) of the example, and of
    ``templates check``'s sample of everything with a photo in every section."""
    from PIL import Image as Pil

    from itadocs import framework
    from itadocs.checking.scoring import compute
    from itadocs.documents.context import build_context, order_context, sample_data
    from itadocs.documents.progress import progress_context, sample_progress_context
    from itadocs.model import Photo
    from itadocs.pipeline import check_progress, check_workbook

    report = check_workbook(EXAMPLE)
    yield build_context(report.data, report.result, EXAMPLE.parent, None)
    data = sample_data()
    Pil.new("RGB", (4, 3), "white").save(folder / "photo.png")
    data.photos = [Photo(n, "photo.png", "ภาพ") for n in (4, 6, 7, 8)]
    result, _ = compute(data, framework.load(data.unit.framework_year))
    yield {**build_context(data, result, folder, folder / "photo.png"),
           "order": order_context(data)}
    yield sample_progress_context(data, result, folder, folder / "photo.png")
    yield progress_context(check_progress(EXAMPLE, 12), EXAMPLE.parent)


def context_keys(folder: Path) -> set[str]:
    """Every key a template may use: the top level by name (``total``), nested keys as
    ``.name`` (``tool.computed``)."""
    keys: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                keys.add(f".{key}")
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    for context in contexts(folder):
        for key, value in context.items():
            keys.add(key)
            walk(value)
    return keys


def template_paths() -> set[str]:
    """The variables the shipped templates use: the top level, and attributes as ``.name``
    (loop variables and Jinja's ``loop`` left out)."""
    from itadocs.documents.templatelint import used_paths

    found: set[str] = set()
    for name in ("measures.docx", "order.docx", "progress.docx", "progress-memo.docx"):
        for path in used_paths(ROOT / "itadocs" / "templates" / name):
            root, _, rest = path.partition(".")
            if root == "loop":
                continue
            found.add(f".{rest.rpartition('.')[2]}" if rest else root)
    return found


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> set[str]:
    return context_keys(tmp_path_factory.mktemp("context"))


def test_contexts_hold_every_part(context):
    assert {"total", "tools", ".computed", ".present", ".image", ".caption", ".signer_name",
            ".first_line", ".change", "indicators", ".budget_used", ".pending", ".share",
            "memo", "oit_sentence"} <= context


LOOP_VARIABLES = {"tool", "ind", "level", "row", "m", "d", "text", "photo", "c", "s"}


def documented(key: str) -> bool:
    if key.startswith("."):
        return re.search(rf"[\w`]{re.escape(key)}\b", TEMPLATES_README) is not None
    return re.search(rf"(`|\{{\{{ |`order\.){re.escape(key)}\b", TEMPLATES_README) is not None


def test_context_keys_are_in_the_templates_readme(context):
    missing = sorted(key for key in context if not documented(key))
    assert missing == [], f"not described in itadocs/templates/README.md: {missing}"


@pytest.mark.parametrize("key", sorted(template_paths() - LOOP_VARIABLES))
def test_template_variable_is_in_the_templates_readme(key, context):
    assert documented(key), f"{key} is not described in itadocs/templates/README.md"
    assert key in context, f"the templates use {key}, which the context does not hold"


# ----------------------------------------------------------------- tests' own structure

def test_tests_import_helpers_only_from_tests_helpers():
    """Helpers live in tests/helpers.py; no test imports from conftest or another test."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [f"{'.' * node.level}{node.module or ''}"]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                last = name.rpartition(".")[2]
                assert last != "conftest" and not last.startswith("test_"), \
                    f"{path.relative_to(ROOT)} imports {name}"


# ----------------------------------------------------------------- changes and version

def test_changes_has_the_version_and_only_its_sections():
    import tomllib

    from itadocs import __version__

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
    changes = (ROOT / "CHANGES.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (.+)$", changes, re.M)
    assert f"{__version__} — " in "\n".join(releases), f"CHANGES.md has no ## {__version__}"
    for release in releases:
        assert release == "Unreleased" or re.fullmatch(r"\d+\.\d+\.\d+ — \d{4}-\d\d-\d\d",
                                                       release), release
    sections = set(re.findall(r"^### (.+)$", changes, re.M))
    assert sections <= {"Documents", "Workbook template", "Commands"}, sections
