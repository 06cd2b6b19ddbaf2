"""A live session a person on a mat can follow and leave cleanly: the set-up stays on screen, a
second tap does nothing twice, and every way out (stop for now, a safety stop, another screen)
says where it leads and gets there.

Each test runs its own server at real speed (`live_server`), so a step lasts long enough to tap.
"""
import shutil
import tempfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SPEECH_SPY, answer_screening, make_a_plan, screenshot, start_server, visible


@pytest.fixture()
def live_server():
    folder = tempfile.mkdtemp(prefix="knotwork-live-")
    process, url = start_server(folder, speed=1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def shown(driver, element_id):
    return driver.find_element(By.ID, element_id).is_displayed()


def start_a_session(driver, url):
    driver.get(url)
    driver.execute_script(SPEECH_SPY)
    answer_screening(driver)
    make_a_plan(driver, "outer-hip")
    visible(driver, "plan")
    driver.find_element(By.CSS_SELECTOR, "#pain-before button[data-value='6'], #pain-before button").click()
    driver.find_element(By.ID, "start").click()
    visible(driver, "live")
    WebDriverWait(driver, 10).until(lambda d: text(d, "live-position").startswith("Step 1 of"))


def position(driver):
    return int(text(driver, "live-position").split()[1])


def test_the_set_up_stays_and_a_double_tap_skips_one_step(live_server, browser):
    start_a_session(browser, live_server)
    # The warm-up: how to do it is on screen, and there is nothing to "ease".
    assert text(browser, "t-step") == "Warm up with easy movement"
    assert len(text(browser, "setup")) > 20, "the warm-up says how"
    assert not shown(browser, "eased"), "no 'It eased' in the warm-up"
    # Two quick taps on Skip: one step is skipped.
    browser.execute_script("const b = document.getElementById('skip'); b.click(); b.click();")
    WebDriverWait(browser, 10).until(lambda d: position(d) == 2)
    # The server drops a tap meant for a step that has ended, whatever the page does.
    live_id = browser.execute_script("return localStorage.getItem('knotwork.live')")
    states = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        const send = () => fetch(`/api/v1/live/${arguments[0]}/events`, {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({event: 'skip', step: 2})}).then((r) => r.json());
        Promise.all([send(), send()]).then(done);""", live_id)
    assert sorted(state["position"] for state in states) == [3, 3], states
    WebDriverWait(browser, 10).until(lambda d: position(d) == 3)
    setup = text(browser, "setup")
    assert len(setup) > 20
    if "warm-up" != browser.execute_script("return state.live.step.technique") and \
            browser.execute_script("return state.live.step.technique") != "hydrate":
        assert shown(browser, "eased"), "'It eased' is offered on a step with pressure"
    screenshot(browser, "17-live-setup")
    # After a reload the same step's set-up is on screen again.
    browser.refresh()
    visible(browser, "live")
    WebDriverWait(browser, 10).until(lambda d: text(d, "setup") == setup)


def test_stop_for_now_can_finish_and_a_session_without_pain_after_is_saved_after_one_question(live_server, browser):
    start_a_session(browser, live_server)
    browser.find_element(By.ID, "quit").click()
    WebDriverWait(browser, 10).until(lambda d: shown(d, "left-panel"))
    assert not shown(browser, "skip"), "no Skip that does nothing while stopped"
    # What stopping means and its three ways on come first: the panel, then Resume.
    top = lambda element_id: browser.execute_script(f"return document.getElementById('{element_id}').getBoundingClientRect().top")
    assert top("left-panel") < top("pause"), "the choices are read before Resume"
    screenshot(browser, "18-stopped-for-now")
    browser.find_element(By.ID, "left-finish").click()
    visible(browser, "after")
    browser.find_element(By.ID, "save").click()
    WebDriverWait(browser, 10).until(lambda d: shown(d, "after-ask"))
    assert shown(browser, "screen-after"), "asked once, not saved yet"
    browser.find_element(By.ID, "save").click()
    visible(browser, "history")
    WebDriverWait(browser, 10).until(lambda d: "not rated after" in text(d, "history-list"))
    # The chart's text is 13 units in a 300-unit chart: shown at 277 CSS px or more it is 12 px or more.
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.getElementById('chart').naturalWidth") > 0)
    chart = browser.find_element(By.ID, "chart")
    assert "size=phone" in chart.get_attribute("src")
    assert chart.size["width"] >= 277, chart.size


def test_resume_later_shows_the_session_in_progress_and_returns_to_it(live_server, browser):
    start_a_session(browser, live_server)
    # A header button in the middle of a step: the session is one tap away.
    browser.find_element(By.CSS_SELECTOR, "header [data-go='history']").click()
    visible(browser, "history")
    assert shown(browser, "live-banner")
    browser.find_element(By.ID, "live-return").click()
    visible(browser, "live")
    assert not shown(browser, "live-banner")
    # Stop for now, resume later: the same.
    browser.find_element(By.ID, "quit").click()
    WebDriverWait(browser, 10).until(lambda d: shown(d, "left-panel"))
    browser.find_element(By.ID, "left-later").click()
    visible(browser, "history")
    assert shown(browser, "live-banner")
    screenshot(browser, "19-session-in-progress")
    browser.find_element(By.ID, "live-return").click()
    visible(browser, "live")
    assert shown(browser, "left-panel")
    browser.find_element(By.ID, "pause").click()  # "Resume"
    WebDriverWait(browser, 10).until(lambda d: not shown(d, "left-panel") and text(d, "pause") == "Pause")


def test_a_safety_stop_says_what_comes_next_and_go_on_goes_there(live_server, browser):
    start_a_session(browser, live_server)
    while browser.execute_script("return state.live.step.technique") in ("warm-up", "hydrate"):
        before = position(browser)
        browser.find_element(By.ID, "skip").click()
        WebDriverWait(browser, 10).until(lambda d, n=before: position(d) == n + 1)
    step = position(browser)
    browser.find_element(By.ID, "stop-ss-sharp").click()
    WebDriverWait(browser, 10).until(lambda d: shown(d, "stop-next"))
    said = text(browser, "stop-next-text")
    # What happened and where "Go on" leads come before the button, near the top of the screen.
    top = lambda element_id: browser.execute_script(f"return document.getElementById('{element_id}').getBoundingClientRect().top")
    assert top("cue") < top("stop-next") < top("pause"), "the message first, then what comes next, then the button"
    assert not shown(browser, "figure"), "the stopped step's picture is gone"
    screenshot(browser, "20-safety-stop-next")
    nxt = browser.execute_script("return state.live.next")
    assert nxt, "a next step to go on to"
    name = browser.execute_script("return state.live.nextTitle")
    assert name and name in said, said
    assert text(browser, "pause") == "Go on to the next step"
    browser.find_element(By.ID, "pause").click()
    WebDriverWait(browser, 10).until(lambda d: position(d) > step)
    assert text(browser, "t-step") == name, "it went where it said"
    assert not shown(browser, "stop-next")


@pytest.mark.parametrize("size", [(390, 844), (320, 568)])
def test_every_screen_fits_a_phone_with_targets_big_enough_to_tap(live_server, browser, size):
    """The whole flow on a phone: on every screen each target is at least 44x44 px, nothing is
    wider than the screen and axe finds nothing serious; every step shows its drawing with words;
    and the console stays free of errors."""
    from conftest import no_console_errors, phone, screen_holds
    phone(browser, *size)
    browser.get(live_server)
    browser.execute_script(SPEECH_SPY)
    visible(browser, "screening")
    screen_holds(browser, f"screening at {size}")
    answer_screening(browser)
    visible(browser, "where")
    screen_holds(browser, f"where at {size}")
    make_a_plan(browser, "outer-hip")
    visible(browser, "plan")
    screen_holds(browser, f"plan at {size}")
    for img in browser.find_elements(By.CSS_SELECTOR, "#plan-steps img"):
        assert img.get_attribute("src") and len(img.get_attribute("alt")) > 20, "a step on the plan without its drawing"
    browser.find_element(By.ID, "start").click()
    visible(browser, "live")
    screen_holds(browser, f"live at {size}")
    # On the floor: Pause and the way to the stop signs are on screen without scrolling.
    browser.execute_script("window.scrollTo(0, 0)")
    in_view = "const b = document.getElementById(arguments[0]).getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight;"
    for control in ("pause", "to-stops"):
        assert browser.execute_script(in_view, control), f"{control} is below the fold at {size}"
    browser.find_element(By.ID, "to-stops").click()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(in_view, "stop-ss-sharp"))
    screenshot(browser, f"23-live-stops-{size[0]}")
    # Every step of the session shows its drawing, with words, as it comes.
    seen = set()
    # Read in one go from the page's state: the last skip can end the session between two reads.
    now = "return state.live ? [state.live.phase, state.live.position] : ['gone', null]"
    while browser.execute_script(now)[0] not in ("finished", "gone"):
        number = browser.execute_script(now)[1]
        figure = browser.find_element(By.ID, "figure")
        WebDriverWait(browser, 10).until(lambda d: d.execute_script(
            "const f = document.getElementById('figure'); return f.complete && f.naturalWidth > 0"), f"step {number}'s drawing")
        assert figure.is_displayed() and len(figure.get_attribute("alt")) > 20, f"step {number}"
        seen.add(figure.get_attribute("src"))
        if number == 3:
            screenshot(browser, f"24-live-step-{size[0]}")
            browser.find_element(By.ID, "quit").click()
            WebDriverWait(browser, 10).until(lambda d: shown(d, "left-panel"))
            screen_holds(browser, f"stopped for now at {size}")
            browser.find_element(By.ID, "pause").click()
            WebDriverWait(browser, 10).until(lambda d: not shown(d, "left-panel"))
        browser.execute_script("document.getElementById('skip').click()")
        WebDriverWait(browser, 10).until(
            lambda d, n=number: d.execute_script(now)[0] in ("finished", "gone") or (d.execute_script(now)[1] or 0) > n)
    assert len(seen) >= 4, seen
    visible(browser, "after")
    screen_holds(browser, f"pain after at {size}")
    screenshot(browser, f"21-pain-after-{size[0]}")
    browser.find_element(By.CSS_SELECTOR, "#pain-after button").click()
    browser.find_element(By.ID, "save").click()
    visible(browser, "history")
    screen_holds(browser, f"history at {size}")
    screenshot(browser, f"22-history-{size[0]}")
    no_console_errors(browser)


def test_the_screening_is_grouped_with_none_of_these_and_counts_what_is_answered(live_server, browser):
    browser.get(live_server)
    visible(browser, "screening")
    groups = browser.find_elements(By.CSS_SELECTOR, ".question-group")
    assert len(groups) == 5
    names = [i.get_attribute("name") for i in browser.find_elements(By.CSS_SELECTOR, "#screening-form input[value=no]")]
    assert len(names) == len(set(names)), "no question is asked twice"
    total = len(names)
    assert text(browser, "screening-count") == f"0 of {total} answered"
    screenshot(browser, "23-screening-groups")
    for group in groups:
        browser.execute_script("arguments[0].click()", group.find_element(By.CSS_SELECTOR, ".none-of-these"))
    assert text(browser, "screening-count") == f"{total} of {total} answered"
    browser.find_element(By.CSS_SELECTOR, "#screening-form button[type=submit]").click()
    visible(browser, "where")


def test_the_back_button_stays_in_the_app_and_the_session_is_one_tap_away(live_server, browser):
    start_a_session(browser, live_server)
    origin = browser.current_url.split("#")[0]
    browser.back()
    WebDriverWait(browser, 10).until(lambda d: not shown(d, "screen-live"))
    assert browser.current_url.startswith(origin), "still in the app"
    WebDriverWait(browser, 10).until(lambda d: shown(d, "live-banner"))
    assert not shown(browser, "start"), "no second session can start from the old plan"
    browser.find_element(By.ID, "live-return").click()
    visible(browser, "live")
    assert position(browser) >= 1
