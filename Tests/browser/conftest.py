"""Fixtures for the browser suite: the real `knotwork serve` and a headless Chromium."""
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

os.environ["SE_AVOID_STATS"] = "true"  # Selenium Manager must not reach out: there is no internet
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = os.path.join(ROOT, ".build", "screenshots")


def start_server(folder, speed=30):
    """Starts `knotwork serve` on a free loopback port over a journal in `folder`: (process, URL)."""
    binary = os.environ.get("KNOTWORK_BIN") or os.path.join(ROOT, ".build", "debug", "knotwork")
    process = subprocess.Popen(
        [binary, "serve", "--port", "0", "--speed", str(speed), "--db", os.path.join(folder, "journal.sqlite")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    assert match, f"the server did not print its URL: {line!r}"
    return process, match.group(1)


@pytest.fixture(scope="session")
def server():
    """`knotwork serve` on a free loopback port, a fresh journal, and sessions 30x faster."""
    folder = tempfile.mkdtemp(prefix="knotwork-browser-")
    process, url = start_server(folder)
    yield url
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def browser(tmp_path):
    """A phone-sized headless Chromium that logs the console and the network."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.download_dir = str(tmp_path)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    yield driver
    driver.quit()


def screenshot(driver, name):
    time.sleep(0.3)
    driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
