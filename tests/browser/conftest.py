"""Playwright drives Debian's Chromium against pytest-django's live server."""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is only used
# synchronously here, so its async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(executable).exists(), (
        "Chromium missing: scripts/install-system-packages installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, reference_data):
    # bypass_csp lets the test inject axe-core; the pages themselves keep their strict CSP.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def strict_page(browser, live_server, reference_data):
    """A page that keeps the site's Content-Security-Policy (no axe injection), with the
    console messages it printed in `page.console` (CSP violations are reported there)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, reference_data):
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 360, "height": 740}, is_mobile=True,
        has_touch=True, device_scale_factor=2,
    )
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2.2 A/AA violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + json.dumps([n["target"] for n in v["nodes"]][:5], ensure_ascii=False)
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
