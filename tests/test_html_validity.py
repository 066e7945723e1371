"""Every public page type is valid HTML according to the Nu HTML checker (vnu)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.public_pages import PUBLIC_PAGES

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.usefixtures("reference_data")
def test_public_pages_have_no_html_errors(client, tmp_path):
    assert VNU.exists(), "vnu.jar missing: run `make test`, which installs node packages"
    assert shutil.which("java"), "java missing: scripts/install-system-packages installs it"
    for number, url in enumerate(PUBLIC_PAGES):
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{number:02d}.html").write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{PUBLIC_PAGES[int(Path(m['url']).stem)]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert not problems, "\n".join(problems)
