"""The architecture test: the import contracts in pyproject.toml hold, and the check can fail."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# import-linter's own command line, run by this interpreter so it is the one the tests have.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
CONTRACT_NAMES = {contract["id"]: contract["name"]
                  for contract in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]}


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Check the contracts in root's pyproject.toml against the voice_capture package in root.

    A separate process, started in root, so it reads that copy of the package (lint-imports puts its
    working directory first on the path) and not the one this test session has imported."""
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}  # one line per contract, no colour codes
    environment.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_the_import_contracts_hold():
    result = _lint_imports(ROOT)
    if result.returncode != 0:
        pytest.fail(f"an import contract is broken:\n{result.stdout}{result.stderr}", pytrace=False)


# Each case adds one module with one forbidden import to a copy of the package; new modules, so the cases do not
# depend on which files the package has today.
FORBIDDEN_IMPORTS = {  # case: (package, the import, the module it imports, the contract it breaks)
    "models import a feature": ("models", "from .. import feedback", "voice_capture.feedback", "models"),
    "a service imports a route module": ("feedback", "from ..main import routes", "voice_capture.main.routes", "routes"),
    "capture imports a feature above it": ("capture", "from .. import plans", "voice_capture.plans", "layers"),
    "speech imports capture": ("speech", "from .. import capture", "voice_capture.capture", "speech-symbols"),
    "symbols import feedback": ("symbols", "from .. import feedback", "voice_capture.feedback", "speech-symbols"),
    "capture imports letters": ("capture", "from .. import feedback", "voice_capture.feedback", "capture-letters"),
    "audit imports people": ("audit", "from .. import people", "voice_capture.people", "audit"),
    "views import capture": ("views", "from .. import capture", "voice_capture.capture", "views"),
}


@pytest.mark.parametrize("package, line, imported, contract_id", FORBIDDEN_IMPORTS.values(), ids=FORBIDDEN_IMPORTS.keys())
def test_a_forbidden_import_breaks_its_contract(tmp_path, package, line, imported, contract_id):
    shutil.copytree(ROOT / "voice_capture", tmp_path / "voice_capture", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "voice_capture" / package / "forbidden.py").write_text(f'"""An import the contracts forbid."""\n{line}\n')

    result = _lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{CONTRACT_NAMES[contract_id]} BROKEN" in result.stdout
    assert f"voice_capture.{package}.forbidden -> {imported}" in result.stdout


def _private_imports(root: Path) -> list[str]:
    """Every import of another module's private (_underscore) name inside the package, as "module: name"."""
    found = []
    for path in sorted((root / "voice_capture").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("voice_capture")):
                found += [f"{path.relative_to(root)}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and alias.name != "_"]
    return found


def test_no_module_imports_another_modules_private_names():
    """Private names stay in their room; what another module needs is public (and so named)."""
    assert _private_imports(ROOT) == []


def test_the_private_name_check_can_fail(tmp_path):
    (tmp_path / "voice_capture" / "feedback").mkdir(parents=True)
    (tmp_path / "voice_capture" / "feedback" / "panels.py").write_text("from .responses import _answered\n")
    assert _private_imports(tmp_path) == ["voice_capture/feedback/panels.py: _answered"]
