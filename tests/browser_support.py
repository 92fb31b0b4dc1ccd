"""The real browser the page tests drive: Debian's chromium, headless, through Playwright.

A pytest plugin (tests/conftest.py loads it), so every browser test gets the same
``browser`` fixture and helpers instead of launching its own. The tests pair it with
pytest-django's ``live_server`` (a real server in a thread, over the test database).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (CI runs as root in a container), and nothing that would call out to Google:
# the tests must not depend on the network.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser per test module. Playwright's sync API runs an event loop in the test
    thread, which Django takes for async code and guards against; the ORM calls the tests
    make between browser steps are plain synchronous code, so the guard is relaxed for as
    long as the browser lives."""
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM} (apt-get install chromium)")
    with pytest.MonkeyPatch.context() as env, sync_playwright() as p:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def desktop_page(browser: Browser) -> Page:
    """A page in a fresh context (its own cookies) at a desktop screen's size."""
    return browser.new_context(viewport=DESKTOP).new_page()


def screenshot(page: Page, name: str, folder: str = "") -> None:
    """The whole page as ``var/screenshots/[folder/]name.png``, for a person to look at."""
    where = SCREENSHOTS / folder if folder else SCREENSHOTS
    where.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(where / f"{name}.png"), full_page=True)
