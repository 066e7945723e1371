import subprocess
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "portal/locale/th/LC_MESSAGES/django.po"


def test_every_interface_string_has_a_thai_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
