"""The safety rules hold in the web app: the server's clearance decides every way to a plan.

Each test runs its own server (`own_server`), because each leaves the journal in a state (a
stop, a precaution, a started session) that other tests must not inherit.
"""
import time

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    SPEECH_SPY, answer_screening, get_json, make_a_plan, no_console_errors, no_serious_accessibility_problems, post_json, screenshot,
    start_server,
    visible)

STOP_LABELS = [
    "Sharp or stabbing pain", "Shooting or electric pain", "Burning pain", "Numbness", "Tingling or pins and needles",
    "Pain spreading down the leg", "Dizziness or feeling light-headed",
]


def displayed(driver, element_id):
    found = driver.find_elements(By.ID, element_id)
    return bool(found) and found[0].is_displayed()


def settle(driver):
    """Waits until the app has answered an address change: exactly one screen is showing."""
    time.sleep(0.4)
    WebDriverWait(driver, 10).until(
        lambda d: len([s for s in d.find_elements(By.CSS_SELECTOR, "main > section") if s.is_displayed()]) == 1)


def no_plan_and_no_start(driver, way):
    assert not displayed(driver, "screen-plan"), f"{way}: a plan is showing"
    assert not displayed(driver, "start"), f"{way}: a Start button is showing"
    assert not displayed(driver, "screen-where"), f"{way}: the body map is showing, a plan is one tap away"


def stopped(driver, way):
    """After `way`, the app shows where to get care, and no plan and no Start."""
    try:
        visible(driver, "care", timeout=10)
    except TimeoutException:
        shown = [s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "main > section") if s.is_displayed()]
        if displayed(driver, "screen-where"):  # what a person would do next: tap a hip, make a plan
            make_a_plan(driver, "outer-hip")
            time.sleep(2)
            no_plan_and_no_start(driver, f"{way}, then a hip and 'Make my plan'")
        raise AssertionError(f"{way}: expected the care screen, the app shows {shown}") from None
    no_plan_and_no_start(driver, way)
    assert "See a clinician" in driver.find_element(By.ID, "t-care").text, way


def test_after_a_red_flag_no_way_leads_to_a_plan(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d, yes={"rf-cancer-history"})
    stopped(d, "a yes to 'Have you ever had cancer?'")
    assert "Have you ever had cancer?" in d.find_element(By.ID, "care-flags").text
    screenshot(d, "9-care-cancer")
    no_serious_accessibility_problems(d, "care after a past cancer")

    d.find_element(By.CSS_SELECTOR, "[data-go=where]").click()
    stopped(d, "the header's Plan button")
    d.refresh()
    stopped(d, "a reload")
    d.execute_script("location.hash = '#where'")
    stopped(d, "typing #where")
    d.execute_script("location.hash = '#plan'")
    stopped(d, "typing #plan")
    d.find_element(By.CSS_SELECTOR, "[data-go=history]").click()
    visible(d, "history")
    d.execute_script("location.hash = '#plan'")
    stopped(d, "typing #plan on the history screen")
    d.get(own_server + "#where")
    d.refresh()
    stopped(d, "opening #where")

    # Only a new full screening replaces the stop.
    d.find_element(By.CSS_SELECTOR, "#screen-care [data-go=screening]").click()
    answer_screening(d)
    make_a_plan(d)
    visible(d, "plan")
    assert displayed(d, "start")

    # Something changed: the red flag again, answered from the body map; then Back through
    # every screen of the way here, the plan among them.
    d.find_element(By.CSS_SELECTOR, "[data-go=where]").click()
    visible(d, "where")
    d.find_element(By.ID, "rescreen").click()
    answer_screening(d, yes={"rf-cancer-history"})
    stopped(d, "a red flag answered again")
    for step in range(4):
        d.back()
        settle(d)
        no_plan_and_no_start(d, f"Back, {step + 1} time(s)")
    d.forward()
    settle(d)
    no_plan_and_no_start(d, "Forward")
    no_console_errors(d)


def test_a_tab_left_open_on_a_plan_leaves_it_after_a_red_flag(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d)
    make_a_plan(d)
    visible(d, "plan")
    tab_a = d.current_window_handle

    # Tab B answers the questions again, with a red flag.
    d.switch_to.new_window("tab")
    d.get(own_server + "#screening")
    answer_screening(d, yes={"rf-cancer-history"})
    stopped(d, "tab B")
    d.close()
    d.switch_to.window(tab_a)
    stopped(d, "tab A, left open on a plan")
    no_console_errors(d)


def test_start_in_a_stale_tab_after_a_red_flag_leads_to_care(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d)
    make_a_plan(d)
    visible(d, "plan")

    # The red flag comes through the API, with no event in this tab at all: Start must not
    # start a session, and must lead to care.
    catalog = get_json(own_server + "api/v1/catalog")["screening"]
    answers = {q["id"]: q["id"] == "rf-cancer-history" for q in catalog["redFlags"] + catalog["signs"] + catalog["precautions"]}
    assert post_json(own_server + "api/v1/screening", {"answers": answers})["verdict"] == "stop"
    if displayed(d, "start"):
        d.find_element(By.ID, "start").click()
    stopped(d, "Start after a red flag was answered elsewhere")
    assert not displayed(d, "screen-live")
    assert d.execute_script("return localStorage.getItem('knotwork.live')") is None, "a session was started"


def test_the_next_session_starts_with_the_check_in(own_server, browser):
    d = browser
    d.get(own_server)
    d.execute_script(SPEECH_SPY)
    answer_screening(d)
    make_a_plan(d)
    visible(d, "plan")
    d.find_element(By.ID, "start").click()
    started = time.monotonic()
    visible(d, "live")

    # The screening counted for that session; the next one asks the check-in first.
    d.find_element(By.CSS_SELECTOR, "[data-go=where]").click()
    visible(d, "check-in")
    no_plan_and_no_start(d, "Plan after a session")
    questions = d.find_elements(By.CSS_SELECTOR, "#check-in-list li")
    assert len(questions) >= 5 and "back passage" in questions[0].text
    assert "Since your last session" in d.find_element(By.ID, "t-check-in").text
    screenshot(d, "10-check-in")
    no_serious_accessibility_problems(d, "check-in")

    d.find_element(By.ID, "check-in-some").click()
    WebDriverWait(d, 5).until(lambda d: d.find_element(By.ID, "check-in-form").is_displayed())
    assert len(d.find_elements(By.CSS_SELECTOR, "#check-in-form .yesno")) == len(questions), "a yes or no for each"
    assert not d.find_element(By.ID, "check-in-none").is_displayed()
    screenshot(d, "11-check-in-yes")
    no_serious_accessibility_problems(d, "check-in, one by one")

    d.find_element(By.CSS_SELECTOR, "[data-go=where]").click()  # asked again from the start
    WebDriverWait(d, 5).until(lambda d: d.find_element(By.ID, "check-in-none").is_displayed())
    # The journal keeps whole seconds: a check-in in the same second as the session's start
    # would not count after it (reported to the server side).
    time.sleep(max(0, started + 1.2 - time.monotonic()))
    d.find_element(By.ID, "check-in-none").click()
    visible(d, "where")
    make_a_plan(d)
    visible(d, "plan")
    assert displayed(d, "start")
    no_console_errors(d)


def test_what_a_precaution_changes_is_shown_before_the_plan(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d, yes={"pc-pregnancy"})
    visible(d, "where")
    notice = d.find_element(By.ID, "where-precautions")
    assert notice.is_displayed() and "Are you pregnant?" in notice.text and "midwife" in notice.text
    screenshot(d, "12-where-pregnant")
    no_serious_accessibility_problems(d, "body map with a precaution")
    make_a_plan(d)
    visible(d, "plan")
    notice = d.find_element(By.ID, "plan-precautions")
    assert notice.is_displayed() and "midwife" in notice.text
    screenshot(d, "13-plan-pregnant")

    # Recent surgery: no pressure work, what is still fine, and no Start.
    d.find_element(By.CSS_SELECTOR, "[data-go=where]").click()
    visible(d, "where")
    d.find_element(By.ID, "rescreen").click()
    answer_screening(d, yes={"pc-recent-surgery"})
    visible(d, "where")
    assert "surgeon" in d.find_element(By.ID, "where-precautions").text
    make_a_plan(d)
    visible(d, "no-pressure")
    text = d.find_element(By.ID, "screen-no-pressure").text
    assert "No pressure work for now" in text
    assert "until your surgeon says it is fine" in text and "Gentle walking" in text
    no_plan_and_no_start(d, "recent surgery")
    screenshot(d, "14-no-pressure")
    no_serious_accessibility_problems(d, "no pressure work")
    no_console_errors(d)


def test_the_seven_stop_signals_stop_the_step_also_when_paused(browser, tmp_path):
    d = browser
    process, url = start_server(str(tmp_path), speed=1)  # real time: the steps must not run out meanwhile
    try:
        d.get(url)
        d.execute_script(SPEECH_SPY)
        answer_screening(d)
        make_a_plan(d)
        visible(d, "plan")
        d.find_element(By.ID, "start").click()
        visible(d, "live")
        assert "Stop at once" in d.find_element(By.ID, "t-stops").text
        buttons = d.find_elements(By.CSS_SELECTOR, "#stops button")
        assert [b.text for b in buttons] == STOP_LABELS
        assert all(b.is_displayed() and b.is_enabled() for b in buttons)
        # The warm-up: pause, but nothing to "ease".
        assert d.find_element(By.ID, "pause").is_displayed() and not d.find_element(By.ID, "eased").is_displayed()
        screenshot(d, "15-live-stops")
        no_serious_accessibility_problems(d, "live, with the stop signals")

        # While running: numbness stops the step at once.
        d.find_element(By.ID, "stop-ss-numbness").click()
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "t-step").text == "Stopped for safety")
        assert "nerve" in d.find_element(By.ID, "cue").text
        d.find_element(By.ID, "pause").click()  # "Go on": the next step
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "pause").text == "Pause")

        # While paused: dizziness stops the step, and says to sit or lie down.
        d.find_element(By.ID, "pause").click()
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "pause").text == "Resume")
        dizzy = d.find_element(By.ID, "stop-ss-dizzy")
        assert dizzy.text == "Dizziness or feeling light-headed" and dizzy.is_enabled()
        dizzy.click()
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "t-step").text == "Stopped for safety")
        cue = d.find_element(By.ID, "cue")
        assert "Sit down" in cue.text and "lie on your side" in cue.text and "safety" in cue.get_attribute("class")
        WebDriverWait(d, 10).until(lambda d: any("Sit down" in text for text in d.execute_script("return window.__spoken")))
        assert "Sit down" in d.find_element(By.ID, "alarm").get_attribute("textContent"), "the safety cue is announced"
        screenshot(d, "16-live-dizzy")
        no_console_errors(d)
    finally:
        process.terminate()
        process.wait(timeout=10)
