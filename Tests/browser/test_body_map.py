"""The body map: a silhouette from behind and from each side, where each side of the body is a
target of its own, large enough for a thumb at 320 px, and reachable by keyboard and screen reader."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import answer_screening, layout_holds, no_serious_accessibility_problems, phone, screenshot, visible


def target(driver, region, side=None, view=None):
    selector = (f".map-{view} " if view else ".maps ") + f"[data-region='{region}']" + (f"[data-side='{side}']" if side else "")
    return driver.find_element(By.CSS_SELECTOR, selector)


def pressed(element):
    return element.get_attribute("aria-pressed") == "true"


def test_each_side_is_its_own_target_and_the_plan_follows_it(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d)
    visible(d, "where")
    assert not d.find_elements(By.CSS_SELECTOR, "input[name=side]"), "the side is no longer a separate question"
    # The left buttock: only the left one is chosen.
    target(d, "buttock", "left").click()
    assert pressed(target(d, "buttock", "left")) and not pressed(target(d, "buttock", "right"))
    assert d.find_element(By.ID, "chosen").text == "Chosen: Left buttock"
    assert d.execute_script("return chosenWhere()") == {"regions": ["buttock"], "side": "left"}
    # The lower leg is on the back view and on each side's view: one target per side, shown on both.
    target(d, "lower-leg", "right", view="right-side").click()
    assert pressed(target(d, "lower-leg", "right", view="back")), "the same target on the other view"
    assert d.execute_script("return chosenWhere()")["side"] == "both", "both sides tapped: both"
    target(d, "lower-leg", "right", view="back").click()
    assert not pressed(target(d, "lower-leg", "right", view="right-side"))
    # The low back is on the middle line: it leaves the side as chosen.
    target(d, "low-back").click()
    assert d.execute_script("return chosenWhere()") == {"regions": ["buttock", "low-back"], "side": "left"}
    d.find_element(By.ID, "make-plan").click()
    visible(d, "plan")
    plan = d.execute_script("return state.plan")
    assert plan["request"]["side"] == "left"
    assert {step.get("side") for step in plan["steps"] if step.get("side")} == {"left"}
    assert "left side" in d.find_element(By.ID, "plan-steps").text


def test_the_map_works_by_keyboard_and_names_every_target(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d)
    visible(d, "where")
    targets = d.find_elements(By.CSS_SELECTOR, ".maps [data-region]")
    names = [t.get_attribute("aria-label") for t in targets]
    assert all(t.get_attribute("role") == "button" and t.get_attribute("tabindex") == "0" for t in targets)
    assert {"Low back", "Left buttock", "Right buttock", "Left outer hip", "Right outer hip", "Left side of thigh"} <= set(names), names
    # Tab moves from one target to the next; Space and Enter toggle the one with focus.
    d.execute_script("arguments[0].focus()", targets[0])
    ActionChains(d).send_keys(Keys.SPACE).perform()
    assert pressed(targets[0])
    ActionChains(d).send_keys(Keys.TAB).perform()
    focused = d.switch_to.active_element
    assert focused.get_attribute("data-region") and focused.get_attribute("aria-label") == names[1]
    ActionChains(d).send_keys(Keys.ENTER).perform()
    assert pressed(targets[1])
    ActionChains(d).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert d.switch_to.active_element.get_attribute("aria-label") == names[0]
    ActionChains(d).send_keys(Keys.ENTER).perform()
    assert not pressed(targets[0]) and pressed(targets[1])
    WebDriverWait(d, 5).until(lambda d: d.find_element(By.ID, "chosen").text == "Chosen: " + names[1])
    no_serious_accessibility_problems(d, "the body map")


def test_every_target_fits_a_thumb_on_a_small_phone(own_server, browser):
    d = browser
    d.get(own_server)
    answer_screening(d)
    for width, height in [(320, 568), (390, 844)]:
        phone(d, width, height)
        visible(d, "where")
        sizes = d.execute_script(
            "return [...document.querySelectorAll('.maps [data-region]')].map((t) => { const b = t.getBoundingClientRect();"
            " return [t.getAttribute('aria-label'), Math.round(b.width), Math.round(b.height)]; })")
        small = [s for s in sizes if s[1] < 44 or s[2] < 44]
        assert not small, f"at {width} px: {small}"
        layout_holds(d, f"the body map at {width}x{height}")
    target(d, "buttock", "left").click()
    target(d, "outer-hip", "left", view="left-side").click()
    phone(d, 320, 568)
    d.execute_script("document.querySelector('.maps').scrollIntoView()")
    screenshot(d, "where-body-map-320")
