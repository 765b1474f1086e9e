"""The code keeps a shape that reads on a screen or two, and its layers apart.

- No class over MAX_CLASS_LINES lines and no function (or method) over MAX_FUNCTION_LINES,
  in the package and the template maker; what is still over is listed in ALLOWED with the
  size it has now, so it can only shrink (an entry no longer needed must be removed).
- Imports run one way, by folder: the front ends (``cli``, ``web/``) and the API face
  (``pipeline``) over ``build/``, over ``workbooks/`` and ``documents/``, over ``checking/``,
  over ``reading/``, over the shared vocabulary at the package's root. A new module is
  classified by the folder it is put in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "itadocs").rglob("*.py")), ROOT / "tools" / "make_templates.py"]

MAX_CLASS_LINES = 250
MAX_FUNCTION_LINES = 80

# Still over the limits: "path::qualified name" -> the lines it has now (it may shrink,
# not grow). Keep this short and true; remove an entry once its code is split.
ALLOWED: dict[str, int] = {}

# The shared vocabulary at the package's root: every folder may use it, it uses no folder.
VOCABULARY = ("messages", "exceptions", "model", "framework", "thai", "cleantext", "files",
              "kinds")
# What each layer may import besides the vocabulary (and its own folder). A layer above all
# others (cli, pipeline, web) is not listed: it may import anything but the front ends.
LAYERS: dict[str, set[str]] = {
    "reading": set(),
    "checking": {"reading"},
    "documents": {"reading", "checking"},
    "workbooks": {"reading", "checking", "documents"},
    "build": {"reading", "checking", "documents", "workbooks"},
}
FRONT_ENDS = {"cli", "clihelp", "web"}
# Imports against the layers, still to be mended: "folder/module" -> the layers it reaches.
NOT_YET: dict[str, set[str]] = {}


def _definitions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            yield name, node
            yield from _definitions(node, f"{name}.")
        else:
            yield from _definitions(node, prefix)


def _oversized() -> dict[str, int]:
    found = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in _definitions(tree):
            lines = node.end_lineno - node.lineno + 1
            limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
            if lines > limit:
                found[f"{path.relative_to(ROOT).as_posix()}::{name}"] = lines
    return found


def test_classes_and_functions_read_on_a_screen_or_two():
    oversized = _oversized()
    new = {name: lines for name, lines in oversized.items() if name not in ALLOWED}
    assert not new, f"split these (classes <= {MAX_CLASS_LINES}, functions <= " \
                    f"{MAX_FUNCTION_LINES} lines): {new}"
    grown = {name: lines for name, lines in oversized.items() if lines > ALLOWED[name]}
    assert not grown, f"grew past the size ALLOWED lists: {grown}"
    stale = sorted(set(ALLOWED) - set(oversized))
    assert not stale, f"within the limits now, remove from ALLOWED: {stale}"


def _layer(dotted: str) -> str:
    """The layer of an itadocs module: its folder, or its own name at the root."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imported(path: Path, root: Path = ROOT) -> Iterator[str]:
    """The itadocs modules (dotted) ``path`` imports, at the top or inside a function."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = [*base, *(node.module.split(".") if node.module else [])]
            if module[:1] != ["itadocs"]:
                continue
            if len(module) == 1:  # from itadocs import schema
                yield from (f"itadocs.{alias.name}" for alias in node.names
                            if alias.name != "__version__")
            else:
                yield ".".join(module)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names
                        if alias.name.startswith("itadocs."))


def _modules() -> list[Path]:
    return sorted((ROOT / "itadocs").rglob("*.py"))


def _key(path: Path, package: Path = ROOT / "itadocs") -> str:
    return path.relative_to(package).with_suffix("").as_posix()


def _offences(path: Path, package: Path = ROOT / "itadocs") -> set[str]:
    """The layers ``path`` imports that its own layer may not."""
    layer = _key(path, package).split("/")[0]
    imported = {_layer(m) for m in _imported(path, package.parent)}
    if layer in FRONT_ENDS:
        return set()
    if layer in VOCABULARY:
        return imported - set(VOCABULARY) - {""}
    if layer in LAYERS:
        return imported - {layer, *VOCABULARY, *LAYERS[layer]} - {""}
    return imported & FRONT_ENDS  # the API face: anything but the front ends


@pytest.mark.parametrize("path", _modules(), ids=_key)
def test_imports_run_one_way_by_folder(path):
    key = _key(path)
    offences = _offences(path) - NOT_YET.get(key, set())
    assert not offences, f"itadocs/{key}.py imports {sorted(offences)} against the layers"


def test_not_yet_lists_only_real_offences():
    stale = {key: layers - _offences(ROOT / "itadocs" / f"{key}.py")
             for key, layers in NOT_YET.items()}
    assert not {k: v for k, v in stale.items() if v}, f"mended, remove from NOT_YET: {stale}"


def test_every_module_is_in_a_known_place():
    """A module at the root is vocabulary or a front end; every folder is a layer."""
    for path in _modules():
        key = _key(path)
        top = key.split("/")[0]
        assert top in {*VOCABULARY, *LAYERS, *FRONT_ENDS, "pipeline", "__init__"}, (
            f"itadocs/{key}.py: put it in a folder of LAYERS, or name it in VOCABULARY")


def test_the_rule_sees_an_offence(tmp_path):
    """Relative and absolute imports, at the top or in a function, are classified."""
    package = tmp_path / "itadocs"
    (package / "reading").mkdir(parents=True)
    module = package / "reading" / "x.py"
    module.write_text("from ..documents import render\n"
                      "def f():\n    from itadocs.build.batch import build\n"
                      "from . import schema\nfrom itadocs import thai\n", encoding="utf-8")
    assert _offences(module, package) == {"documents", "build"}
    assert "itadocs.reading.photos" in set(_imported(ROOT / "itadocs" / "reading" /
                                                     "reader.py"))


def test_the_floor_plan_stays_readable():
    """At most 14 modules at the package's root, at least three in a folder, none over 800
    lines: a folder of one or two is a name for nothing, a long module a folder to be."""
    package = ROOT / "itadocs"
    at_root = sorted(p.name for p in package.glob("*.py"))
    assert len(at_root) <= 14, f"{len(at_root)} modules at the root: {at_root}"
    for folder in sorted(p for p in package.iterdir() if (p / "__init__.py").is_file()):
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) >= 3, f"{folder.name}/ holds {len(modules)} module(s)"
    long = {_key(p): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800}
    assert not long, f"split these modules (over 800 lines): {long}"
