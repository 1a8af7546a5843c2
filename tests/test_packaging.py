"""What installing phuluc puts in site-packages, and whether its dependencies are what it imports."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

tomllib = pytest.importorskip("tomllib")

SOURCE_DIRS = ("phuluc", "extract", "normalize", "export")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """phuluc's wheel, built from a copy of the checkout (the build leaves nothing in it)."""
    src = tmp_path_factory.mktemp("src")
    for name in (*SOURCE_DIRS, "pyproject.toml", "README.md"):
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(p, src / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(src)], check=True, capture_output=True)
    [whl] = dist.glob("phuluc-*.whl")
    return whl


def test_the_wheel_holds_one_top_level_package(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"phuluc"}
    for needed in ("phuluc/__init__.py", "phuluc/extract/model.py", "phuluc/extract/readers/pdf.py",
                   "phuluc/extract/tables/reconstruct.py", "phuluc/normalize/data/agencies.yaml",
                   "phuluc/export/schema.json", "phuluc/export/dataset.py"):
        assert needed in names, needed


def _site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


CHECK = """
import importlib.util, sys
for name in ("extract", "normalize", "export"):
    try:
        __import__(name)
    except ModuleNotFoundError:
        continue
    sys.exit(f"import {name} works after installing phuluc")
import phuluc
doc = phuluc.extract_file(sys.argv[1])
df = doc.to_pandas()
assert len(df) == len(doc.tasks) > 0, (len(df), len(doc.tasks))
print(phuluc.__file__)
print(len(df))
"""


def test_in_a_fresh_venv_only_phuluc_imports(wheel, tmp_path):
    """A new venv gets the wheel; its dependencies come from this environment's site-packages through a
    plain path (this environment's editable phuluc is not picked up: .pth files there are not run)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True)
    site = _site_packages(python)
    (site / "deps.pth").write_text(str(_site_packages(Path(sys.executable))) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    sample = tmp_path / "sample.txt"
    sample.write_bytes((SAMPLES / "ct26-daknong.txt").read_bytes())
    out = subprocess.run([str(python), "-c", CHECK, str(sample)], capture_output=True, text=True, cwd=tmp_path,
                         env=env)
    assert out.returncode == 0, out.stderr
    where, rows = out.stdout.split()
    assert Path(where).is_relative_to(site) and int(rows) > 0


# ---------------------------------------------------------------------------
# Dependencies: declared = imported
# ---------------------------------------------------------------------------


def _requirement_name(req: str) -> str:
    return re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0].lower().replace("_", "-")


def _third_party_imports(files) -> set[str]:
    tops: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops.add(node.module.split(".")[0])
    local = {"phuluc", "tests", *(p.stem for p in (ROOT / "tests").glob("*.py")),
             *(p.stem for p in (ROOT / "benchmarks").glob("*.py"))}
    return {t for t in tops if t not in sys.stdlib_module_names and t not in local}


def _distributions(modules: set[str]) -> set[str]:
    mapping = packages_distributions()
    missing = sorted(m for m in modules if m not in mapping)
    assert not missing, f"imported but not installed: {missing}"
    return {d.lower().replace("_", "-") for m in modules for d in mapping[m]}


def test_runtime_dependencies_are_exactly_what_the_code_imports():
    code = [p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py")]
    imported = _distributions(_third_party_imports(code))
    declared = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert imported == declared, f"undeclared: {sorted(imported - declared)}, unused: {sorted(declared - imported)}"


def test_tests_and_benchmarks_import_only_declared_packages():
    files = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    imported = _distributions(_third_party_imports(files))
    declared = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    declared |= {_requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert imported <= declared, f"undeclared: {sorted(imported - declared)}"
