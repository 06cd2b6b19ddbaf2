"""Fixtures for the browser suite: the real `knotwork serve` and a headless Chromium."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest

os.environ["SE_AVOID_STATS"] = "true"  # Selenium Manager must not reach out: there is no internet
from axe_selenium_python import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = os.path.join(ROOT, ".build", "screenshots")


BINARY = os.environ.get("KNOTWORK_BIN") or os.path.join(ROOT, ".build", "debug", "knotwork")


def start_server(folder, speed=30, extra=()):
    """Starts `knotwork serve` on a free loopback port over a journal in `folder`: (process, URL)."""
    process = subprocess.Popen(
        [BINARY, "serve", "--port", "0", "--speed", str(speed), "--db", os.path.join(folder, "journal.sqlite"), *extra],
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
def own_server(tmp_path):
    """A server with a journal of its own, for tests that leave the screening in a state (a
    stop, a precaution, a session started) that the shared `server` must not inherit."""
    process, url = start_server(str(tmp_path))
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def new_browser(download_dir):
    """A phone-sized headless Chromium that logs the console and the network."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(download_dir), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # Headless windows are at least 500 pixels wide: emulate the phone's viewport exactly.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": True})
    driver.download_dir = str(download_dir)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    return driver


@pytest.fixture()
def browser(tmp_path):
    """A phone-sized headless Chromium that logs the console and the network."""
    driver = new_browser(tmp_path)
    yield driver
    driver.quit()


def screenshot(driver, name):
    time.sleep(0.3)
    driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


# --- What a person does, shared by the test files -------------------------------------

SPEECH_SPY = "window.__spoken = []; speechSynthesis.speak = (u) => window.__spoken.push(u.text);"


def visible(driver, section, timeout=30):
    WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.ID, "screen-" + section).is_displayed())


def answer_screening(driver, yes=()):
    """Answers every question of the full screening: yes to the ids in `yes`, no to the rest."""
    visible(driver, "screening")
    groups = driver.find_elements(By.CSS_SELECTOR, "#screening-form .yesno")
    names = [group.find_element(By.TAG_NAME, "input").get_attribute("name") for group in groups]
    assert {name[:3] for name in names} == {"rf-", "sg-", "pc-"}, f"the red flags, the signs and the precautions are asked: {names}"
    assert set(yes) <= set(names), f"not asked: {set(yes) - set(names)}"
    for group, name in zip(groups, names):
        driver.execute_script("arguments[0].click()", group.find_elements(By.TAG_NAME, "span")[0 if name in yes else 1])
    driver.find_element(By.CSS_SELECTOR, "#screening-form button[type=submit]").click()


def make_a_plan(driver, region="buttock"):
    """Chooses `region` on the body map (if it is not chosen yet) and asks for a plan."""
    visible(driver, "where")
    area = driver.find_element(By.CSS_SELECTOR, f".maps [data-region='{region}']")
    if area.get_attribute("aria-pressed") != "true":
        area.click()
    driver.find_element(By.ID, "make-plan").click()


def get_json(url):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def no_serious_accessibility_problems(driver, page):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, f"{page}: " + json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious], indent=1)


LAYOUT_PROBLEMS = """
const out = [];
const width = document.documentElement.scrollWidth;
if (width > window.innerWidth + 1) out.push(`the page is ${width} px wide in a ${window.innerWidth} px window`);
for (const el of document.querySelectorAll('button, a[href], input, [role=radio], [tabindex]:not([tabindex="-1"])')) {
  const style = getComputedStyle(el);
  if (el.closest('[hidden]') || style.display === 'none' || style.visibility === 'hidden') continue;
  let box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  // A checkbox or radio is tapped through its label.
  if ((el.type === 'checkbox' || el.type === 'radio' || el.type === 'range') && el.closest('label')) box = el.closest('label').getBoundingClientRect();
  if (box.width < 44 || box.height < 44) out.push(`${el.id || el.textContent.trim().slice(0, 30) || el.tagName}: ${Math.round(box.width)}x${Math.round(box.height)}`);
}
return out;
"""


def layout_holds(driver, page):
    """Every visible target at least 44x44 CSS px, and nothing wider than the window."""
    problems = driver.execute_script(LAYOUT_PROBLEMS)
    assert not problems, f"{page}: {problems}"


def screen_holds(driver, page):
    """What the whole-flow test checks on every screen: the layout, and axe."""
    layout_holds(driver, page)
    no_serious_accessibility_problems(driver, page)


def no_console_errors(driver):
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def phone(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
