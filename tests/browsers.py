"""Headless Chromium for the browser tests (the rating page, the report's web page):
Debian's chromium and chromedriver, driven by selenium, started by the test itself and
skipped with a plain reason where either is missing or will not start."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest


def found() -> tuple[str, str] | None:
    """(browser, driver) paths, or None."""
    browser = next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def start(*, downloads: Path | None = None, logs: bool = False) -> Any:
    """A headless Chromium at 1280 x 900; files it downloads go to ``downloads``; with
    ``logs`` the console and network logs are kept (``get_log``)."""
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')"
    )
    paths = found()
    if paths is None:
        pytest.skip(
            "no Chromium and chromedriver found (Debian: apt-get install chromium chromium-driver)"
        )
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(arg)
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {"download.default_directory": str(downloads), "download.prompt_for_download": False},
        )
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        return webdriver.Chrome(service=Service(paths[1]), options=options)
    except Exception as exc:  # a browser that cannot start here: say why
        pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
