"""The dependency rule of docs/architecture.md: apps import only the apps below them, no
circles inside an app, no module over 400 lines."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")
PACKAGES = ["config", "portal", "practices", "coaches", "pilots", "line_oa", "reports", "learning",
            "deliveries", "network", "events", "dashboard"]


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=root, capture_output=True,
                          text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          timeout=120)


def _copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("templates", "static", "locale", "data",
                                                      "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_the_dependency_rule():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_import_of_a_higher_app_breaks_it(tmp_path):
    root = _copy(tmp_path)
    selectors = root / "pilots" / "selectors.py"
    selectors.write_text(selectors.read_text() + "\nfrom reports.models import ProgressReport\n")
    result = _lint(root)
    assert result.returncode != 0
    assert "pilots is not allowed to import reports" in result.stdout


def test_a_circle_inside_an_app_breaks_it(tmp_path):
    root = _copy(tmp_path)
    message = root / "deliveries" / "message.py"
    message.write_text(message.read_text() + "\nfrom deliveries import services\n")
    result = _lint(root)
    assert result.returncode != 0
    assert "No cycles are allowed in deliveries" in result.stdout


def test_no_module_outside_the_tests_is_over_400_lines():
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                            "*.py"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    long = {name: n for name in files
            if not name.startswith("tests/") and "/migrations/" not in name
            and (n := len((ROOT / name).read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
