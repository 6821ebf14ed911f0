"""A headless Chromium for the HTML report's tests: Debian's system browser, driven by playwright.

Nothing downloads a browser: playwright launches /usr/bin/chromium (`.ci/run` installs it with
apt-get when missing). Without it, or without the playwright package, these tests are skipped
with the reason. Every page records the requests it makes: the report must make none but its
own file, and anything else is refused (`route`), so a stray reference cannot pass unseen.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    given = os.environ.get("RULECHECK_CHROMIUM")
    if given:
        return given
    return next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()


class ReportPage:
    """A browser tab showing one report file, with the requests it attempted."""

    def __init__(self, browser, path: Path):
        self.path = path.resolve()
        self.url = self.path.as_uri()
        self.context = browser.new_context(viewport=VIEWPORT)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._only_the_report)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(self.url)

    def _only_the_report(self, route) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def outside(self) -> list[str]:
        """Requests for anything but the report itself (data: URIs are not requests)."""
        return [url for url in self.requests if url != self.url]

    def shot(self, folder: Path, name: str) -> Path:
        target = folder / f"{name}.png"
        self.page.screenshot(path=str(target))
        return target

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_report(browser):
    pages = []

    def opened(path: Path) -> ReportPage:
        pages.append(ReportPage(browser, path))
        return pages[-1]

    yield opened
    for page in pages:
        page.close()
