"""The web app as a person uses it, in a real browser against the real server."""
import json
import os
import time
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SPEECH_SPY, answer_screening, make_a_plan, no_serious_accessibility_problems, screenshot, start_server, visible

def test_a_whole_session_from_screening_to_history(server, browser):
    d = browser
    d.get(server)
    d.execute_script(SPEECH_SPY)
    visible(d, "screening")
    for no in d.find_elements(By.XPATH, "//form[@id='screening-form']//div[@class='yesno']/label[2]/span"):
        d.execute_script("arguments[0].click()", no)
    screenshot(d, "1-screening")
    no_serious_accessibility_problems(d, "screening")
    d.find_element(By.CSS_SELECTOR, "#screening-form button[type=submit]").click()

    visible(d, "where")
    d.find_element(By.ID, "make-plan").click()
    WebDriverWait(d, 10).until(lambda d: "Tap at least one area" in d.find_element(By.ID, "where-error").text)
    # The left outer hip, on the left side's view: the plan is for the left side.
    d.find_element(By.CSS_SELECTOR, ".map-left-side [data-region='outer-hip']").click()
    d.find_element(By.CSS_SELECTOR, "[data-region='low-back']").click()
    assert d.find_element(By.CSS_SELECTOR, "[data-region='outer-hip'][data-side='left']").get_attribute("aria-pressed") == "true"
    assert d.find_element(By.CSS_SELECTOR, "[data-region='outer-hip'][data-side='right']").get_attribute("aria-pressed") == "false"
    d.execute_script("const m = document.getElementById('minutes'); m.value = 5; m.dispatchEvent(new Event('input'));")
    screenshot(d, "2-where")
    no_serious_accessibility_problems(d, "where it hurts")
    d.find_element(By.ID, "make-plan").click()

    visible(d, "plan")
    steps = d.find_elements(By.CSS_SELECTOR, "#plan-steps li")
    assert steps and steps[0].text.startswith("Warm up with easy movement")
    d.find_elements(By.CSS_SELECTOR, "#pain-before button")[6].click()
    screenshot(d, "3-plan")
    no_serious_accessibility_problems(d, "plan")
    d.find_element(By.ID, "start").click()

    visible(d, "live")
    WebDriverWait(d, 10).until(lambda d: d.execute_script("return window.__spoken.length") > 0)
    assert "Warm-up" in d.execute_script("return window.__spoken[0]")
    assert d.find_element(By.ID, "announce").text, "cues also go to the ARIA live region"
    screenshot(d, "4-live")
    no_serious_accessibility_problems(d, "live session")
    d.find_element(By.ID, "pause").click()
    WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "pause").text == "Resume")
    position = d.find_element(By.ID, "live-position").text

    # Reload mid-session: the app finds the session and carries on where it was.
    d.refresh()
    d.execute_script(SPEECH_SPY)
    visible(d, "live")
    WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "live-position").text)
    assert d.find_element(By.ID, "live-position").text == position
    assert d.find_element(By.ID, "pause").text == "Resume"
    d.find_element(By.ID, "pause").click()

    visible(d, "after")
    d.find_elements(By.CSS_SELECTOR, "#pain-after button")[3].click()
    screenshot(d, "5-pain-after")
    d.find_element(By.ID, "save").click()

    visible(d, "history")
    WebDriverWait(d, 10).until(lambda d: "Too little data" in d.find_element(By.ID, "verdict").text)
    WebDriverWait(d, 10).until(lambda d: d.execute_script("return document.getElementById('chart').naturalWidth") > 0)
    assert "pain 6 → 3" in d.find_element(By.ID, "history-list").text
    screenshot(d, "6-history")
    no_serious_accessibility_problems(d, "history")

    d.find_element(By.CSS_SELECTOR, "a[href='/api/v1/exports/csv']").click()
    path = os.path.join(d.download_dir, "knotwork-journal.csv")
    lines = []
    for _ in range(100):  # the download finishes when the file is renamed into place with its rows
        if os.path.exists(path):
            with open(path, encoding="utf-8", newline="") as csv:
                lines = csv.read().split("\r\n")
            if len(lines) > 2:
                break
        time.sleep(0.1)
    assert lines[0].startswith("id,started_at,time_zone")
    assert ",6,3,-3," in lines[1]

    errors = [entry for entry in d.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors
    origin = urlparse(server).netloc
    for entry in d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlparse(message["params"]["request"]["url"])
            assert url.scheme in ("data", "blob") or url.netloc == origin, f"request to another origin: {url.geturl()}"


def test_a_red_flag_shows_where_to_get_care(own_server, browser):
    d = browser
    d.get(own_server + "#screening")
    visible(d, "screening")
    answers = d.find_elements(By.XPATH, "//form[@id='screening-form']//div[@class='yesno']")
    for index, group in enumerate(answers):
        label = group.find_elements(By.TAG_NAME, "span")[0 if index == 0 else 1]
        d.execute_script("arguments[0].click()", label)
    d.find_element(By.CSS_SELECTOR, "#screening-form button[type=submit]").click()
    visible(d, "care")
    assert "emergency" in d.find_element(By.ID, "care-advice").text.lower()
    screenshot(d, "7-care")
    no_serious_accessibility_problems(d, "care")


def test_without_the_server_the_app_still_opens_and_says_what_is_wrong(browser, tmp_path):
    """Installed as a PWA, the app starts from its cache when the server cannot be reached:
    screening and the body map work from the cached catalog, and what needs the server says so."""
    d = browser
    process, url = start_server(str(tmp_path))
    try:
        d.get(url)
        visible(d, "screening")
        WebDriverWait(d, 30).until(lambda d: d.execute_script("return !!navigator.serviceWorker.controller"))
        d.refresh()  # now through the service worker, which keeps what it fetches
        visible(d, "screening")
        # A drawing seen once (a plan's step) is kept too.
        assert d.execute_async_script("fetch('/api/v1/drawings/warm-up.svg').then((r) => arguments[0](r.status))") == 200
    finally:
        process.terminate()
        process.wait(timeout=10)

    d.refresh()
    visible(d, "screening")
    assert d.find_elements(By.XPATH, "//div[@class='yesno']"), "the screening questions come from the cached catalog"
    drawing = d.execute_async_script(
        "fetch('/api/v1/drawings/warm-up.svg').then(async (r) => arguments[0]([r.status, (await r.text()).slice(0, 4)]))")
    assert drawing == [200, "<svg"], "the drawing comes from the cache without the server"
    for no in d.find_elements(By.XPATH, "//div[@class='yesno']/label[2]/span"):
        d.execute_script("arguments[0].click()", no)
    d.find_element(By.CSS_SELECTOR, "#screening-form button[type=submit]").click()
    alert = WebDriverWait(d, 10).until(expected_conditions.alert_is_present())
    assert "cannot reach its server" in alert.text
    alert.accept()
    screenshot(d, "8-no-server")


def _loaded(driver, img):
    return driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img)


def test_every_step_shows_its_drawing_on_the_plan_and_live(own_server, browser):
    """Every step on the plan and in the live session shows its drawing, loaded, with words;
    the plan shows the anatomy with the chosen regions lit. Screenshots at 390×844 and 320×568."""
    d = browser
    phone = lambda w, h: d.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": w, "height": h, "deviceScaleFactor": 2, "mobile": True})
    phone(390, 844)
    d.get(own_server)
    answer_screening(d)
    visible(d, "where")
    d.find_element(By.CSS_SELECTOR, ".map-left-side [data-region='outer-hip']").click()
    d.execute_script("const m = document.getElementById('minutes'); m.value = 20; m.dispatchEvent(new Event('input'));")
    make_a_plan(d, "buttock")
    visible(d, "plan")
    texts = d.execute_script("return state.catalog.drawings")
    steps = d.find_elements(By.CSS_SELECTOR, "#plan-steps li")
    assert len(steps) > 4
    for li in steps:
        img = li.find_element(By.CSS_SELECTOR, "img.step-drawing")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        WebDriverWait(d, 10).until(lambda d: _loaded(d, img), f"the drawing of '{li.text}' did not load")
        drawing = img.get_attribute("src").rsplit("/", 1)[1].removesuffix(".svg")
        assert img.get_attribute("alt") == texts[drawing] and len(texts[drawing]) > 30, li.text
    kinds = {img.get_attribute("src").rsplit("/", 1)[1] for img in d.find_elements(By.CSS_SELECTOR, "#plan-steps img")}
    assert any(k.startswith("pin-and-stretch-") for k in kinds) and "warm-up.svg" in kinds, kinds
    d.execute_script("document.getElementById('plan-steps').scrollIntoView()")
    screenshot(d, "drawings-1-plan-steps")

    anatomy = d.find_element(By.ID, "plan-anatomy")
    WebDriverWait(d, 10).until(lambda d: len(anatomy.find_elements(By.CSS_SELECTOR, "svg path")) > 8)
    title = d.execute_script("return document.querySelector('#plan-anatomy svg title').textContent")
    assert "outer hip and buttock" in title and "gluteus medius" in title, title
    assert d.execute_script("return document.querySelector('#plan-anatomy svg').getAttribute('role')") == "img"
    d.execute_script("document.getElementById('t-plan-why').scrollIntoView()")
    screenshot(d, "drawings-2-plan-anatomy")
    no_serious_accessibility_problems(d, "plan with drawings")
    phone(320, 568)
    d.execute_script("document.getElementById('plan-steps').scrollIntoView()")
    screenshot(d, "drawings-3-plan-320")
    phone(390, 844)

    d.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    d.find_element(By.ID, "start").click()
    visible(d, "live")
    seen = []
    while d.execute_script("return state.live && state.live.phase !== 'finished' && !document.getElementById('screen-live').hidden"):
        step = d.execute_script("return state.live.step")
        if not step:
            break
        figure = d.find_element(By.ID, "figure")
        WebDriverWait(d, 10).until(
            lambda d: (figure.get_attribute("src") or "").endswith(f"/{step['drawing']}.svg") and _loaded(d, figure),
            f"step {step['number']} shows no drawing")
        assert figure.is_displayed() and figure.get_attribute("alt") == texts[step["drawing"]]
        if step["number"] not in seen:
            seen.append(step["number"])
            if len(seen) in (1, 4):
                screenshot(d, f"drawings-4-live-step-{step['number']}")
                if len(seen) == 4:
                    phone(320, 568)
                    screenshot(d, f"drawings-5-live-320-step-{step['number']}")
                    phone(390, 844)
        d.execute_script(
            "fetch(`/api/v1/live/${state.live.id}/events`, {method: 'POST', headers: {'Content-Type': 'application/json'},"
            " body: JSON.stringify({event: 'skip'})})")
        WebDriverWait(d, 10).until(lambda d: d.execute_script(
            "return !state.live.step || state.live.step.number !== arguments[0] || state.live.phase === 'finished'", step["number"]))
    assert len(seen) >= len(steps) - 1, f"saw the drawings of steps {seen} of {len(steps)}"
