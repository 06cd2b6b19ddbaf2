"""The plan a physiotherapist hands over: `knotwork plan --html` prints from Chromium on one
page, and the web app's plan screen prints itself."""
import os
import re
import subprocess

from selenium.webdriver.common.by import By

from conftest import ROOT, SCREENSHOTS, answer_screening, make_a_plan, visible


def test_the_handout_prints_on_one_page(tmp_path):
    binary = os.environ.get("KNOTWORK_BIN") or os.path.join(ROOT, ".build", "debug", "knotwork")
    html, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    subprocess.run([binary, "plan", "--where", "outer-hip,buttock", "--side", "left", "--minutes", "10", "--html", str(html)],
                   check=True, capture_output=True)
    chromium = ["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    subprocess.run(chromium + ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", f"file://{html}"],
                   check=True, capture_output=True, timeout=60)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == 1, f"the handout takes {pages} pages"
    # What the page looks like, for a person to check.
    os.makedirs(SCREENSHOTS, exist_ok=True)
    subprocess.run(chromium + ["--window-size=816,1056", f"--screenshot={os.path.join(SCREENSHOTS, '24-handout.png')}", f"file://{html}"],
                   check=True, capture_output=True, timeout=60)


def test_the_plan_screen_has_a_print_button(own_server, browser):
    browser.get(own_server)
    visible(browser, "screening")
    answer_screening(browser)
    make_a_plan(browser, "outer-hip")
    visible(browser, "plan")
    browser.execute_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    browser.find_element(By.ID, "print").click()
    assert browser.execute_script("return window.__printed") == 1
