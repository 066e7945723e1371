"""Every page type is valid HTML according to the Nu HTML checker (vnu)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from practices.seed import seed_practices_load
from tests.public_pages import LOGGED_IN_PAGES, PUBLIC_PAGES, resolve, waiting_for_review

VNU = (Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist"
       / "vnu.jar")


def _validate(pages: dict[str, bytes], folder: Path) -> list[str]:
    assert VNU.exists(), "vnu.jar missing: run `make test`, which installs node packages"
    assert shutil.which("java"), "java missing: scripts/install-system-packages installs it"
    names = {}
    for number, (url, body) in enumerate(pages.items()):
        (folder / f"{number:02d}.html").write_bytes(body)
        names[f"{number:02d}"] = url
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{names[Path(m['url']).stem]}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m["type"] == "error"]


@pytest.fixture
def pages(client, reference_data, league_admin, tmp_path):
    seed_practices_load()
    waiting_for_review(league_admin)
    collected = {}
    for url in resolve(PUBLIC_PAGES):
        response = client.get(url)
        assert response.status_code == 200, url
        collected[url] = response.content
    client.force_login(league_admin)
    for url in resolve(LOGGED_IN_PAGES):
        response = client.get(url)
        assert response.status_code == 200, url
        collected[f"{url} (logged in)"] = response.content
    return collected


def test_every_page_type_has_no_html_errors(pages, tmp_path):
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
