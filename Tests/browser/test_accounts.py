"""A server with accounts (`serve --accounts`), as people use it in a real browser: signing up
and in, the account page, and a clinician and a patient each on their own phone."""
import base64
import os
import re
import shutil
import subprocess
import tempfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BINARY, SCREENSHOTS, answer_screening, new_browser, phone, screen_holds, start_server, visible

CLINICIAN = {"email": "dr.okafor@example.org", "name": "Dr Ada Okafor", "password": "clinic-password-1"}


def create_user(folder, email, name, role, password):
    """`knotwork admin create-user`, as the server's administrator runs it on its machine."""
    subprocess.run(
        [BINARY, "admin", "create-user", "--db", os.path.join(folder, "journal.sqlite"), "--email", email, "--name", name,
         "--role", role, "--bcrypt-cost", "4"],
        env={**os.environ, "KNOTWORK_PASSWORD": password}, check=True, capture_output=True, text=True)


def serve_with_accounts(sign_up):
    """`knotwork serve --accounts` over a fresh journal with one clinician in it: (process, URL, folder)."""
    folder = tempfile.mkdtemp(prefix="knotwork-accounts-")
    create_user(folder, CLINICIAN["email"], CLINICIAN["name"], "clinician", CLINICIAN["password"])
    process, url = start_server(folder, extra=["--accounts", "--sign-up", sign_up, "--bcrypt-cost", "4"])
    return process, url, folder


@pytest.fixture(params=["open"])
def accounts_server(request):
    """A server with accounts where anyone may sign up (`--sign-up open`), or as the param says."""
    process, url, folder = serve_with_accounts(request.param)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def second_browser(tmp_path):
    """A second phone: the clinician's, beside the patient's."""
    folder = tmp_path / "second"
    folder.mkdir()
    driver = new_browser(folder)
    yield driver
    driver.quit()


def whole_screenshot(driver, name):
    """The whole page at the phone's width, however long: what scrolling would show, in one image."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    with open(os.path.join(SCREENSHOTS, name + ".png"), "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def shown(driver, element_id, timeout=15):
    WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.ID, element_id).is_displayed())
    return driver.find_element(By.ID, element_id)


def text_of(driver, element_id, words, timeout=15):
    """Waits until the element's text has `words`; returns the text."""
    WebDriverWait(driver, timeout).until(lambda d: words in d.find_element(By.ID, element_id).text,
                                         f"#{element_id} never said {words!r}")
    return driver.find_element(By.ID, element_id).text


def fill(driver, element_id, text):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def status_of(driver, path):
    """What the server answers this browser (its cookie) for a GET."""
    return driver.execute_script("return fetch(arguments[0]).then((r) => r.status)", path)


def sign_in(driver, email, password):
    visible(driver, "sign-in")
    fill(driver, "sign-in-email", email)
    fill(driver, "sign-in-password", password)
    driver.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()


def go(driver, page, lands=None):
    """Taps a page in the header; waits for the screen it lands on (the page itself by default)."""
    driver.find_element(By.CSS_SELECTOR, f"nav [data-go='{page}']").click()
    visible(driver, lands or page)


def test_a_server_without_accounts_shows_no_sign_in(server, browser):
    d = browser
    d.get(server)
    visible(d, "screening")
    # Not even loaded: no accounts screens in the page, and neither their script nor their styles.
    assert not d.find_elements(By.ID, "screen-sign-in")
    assert not d.find_elements(By.CSS_SELECTOR, "script[src='/accounts.js'], link[href='/accounts.css']")
    fetched = d.execute_script("return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)")
    assert not {"/accounts.js", "/accounts.html", "/accounts.css"} & set(fetched), fetched
    for page in ["clinicians", "patients", "account"]:
        assert not d.find_element(By.CSS_SELECTOR, f".bar [data-go='{page}']").is_displayed(), page
    assert d.find_element(By.CSS_SELECTOR, "nav [data-go='history']").is_displayed()


def test_sign_up_sign_out_a_wrong_password_and_the_account_page(accounts_server, browser):
    d = browser
    phone(d, 390, 844)
    d.get(accounts_server + "#history")
    # Nothing but signing in: no journal pages in the header, and the journal answers 401.
    visible(d, "sign-in")
    assert d.switch_to.active_element.get_attribute("id") == "t-sign-in", "focus is on the new screen's heading"
    assert not d.find_element(By.CSS_SELECTOR, "nav [data-go='history']").is_displayed()
    assert status_of(d, "/api/v1/history") == 401
    d.save_screenshot(os.path.join(SCREENSHOTS, "accounts-1-sign-in.png"))
    screen_holds(d, "sign-in")

    d.find_element(By.CSS_SELECTOR, "#screen-sign-in [data-go='sign-up']").click()
    visible(d, "sign-up")
    assert "Optional" in d.find_element(By.ID, "sign-up-invite-hint").text
    fill(d, "sign-up-name", "Sam Reyes")
    fill(d, "sign-up-email", "sam@example.org")
    fill(d, "sign-up-password", "short")
    d.find_element(By.CSS_SELECTOR, "#sign-up-form button[type=submit]").click()
    text_of(d, "sign-up-password-error", "at least 10 characters")
    assert d.find_element(By.ID, "sign-up-password").get_attribute("aria-invalid") == "true"
    whole_screenshot(d, "accounts-2-sign-up")
    screen_holds(d, "sign-up")
    fill(d, "sign-up-password", "a long enough password")
    d.find_element(By.CSS_SELECTOR, "#sign-up-form button[type=submit]").click()
    # Signed up: on to where the app was going.
    visible(d, "history")
    assert d.find_element(By.ID, "nav-account").text == "Sam Reyes"
    assert d.find_element(By.CSS_SELECTOR, "nav [data-go='clinicians']").is_displayed()
    assert not d.find_element(By.CSS_SELECTOR, "nav [data-go='patients']").is_displayed(), "a clinician's page only"

    # The account page: a token shown once, a wrong current password refused by its field.
    d.find_element(By.ID, "nav-account").click()
    visible(d, "account")
    assert "sam@example.org" in d.find_element(By.ID, "account-who").text
    fill(d, "token-name", "laptop")
    d.find_element(By.CSS_SELECTOR, "#token-form button[type=submit]").click()
    secret = shown(d, "token-secret").get_attribute("value")
    assert secret.startswith("kw_")
    text_of(d, "token-list", "never used")
    fill(d, "password-current", "not my password at all")
    fill(d, "password-new", "another long password")
    d.find_element(By.CSS_SELECTOR, "#password-form button[type=submit]").click()
    text_of(d, "password-current-error", "not right")
    whole_screenshot(d, "accounts-3-account")
    screen_holds(d, "account")
    d.find_element(By.CSS_SELECTOR, "#token-list button").click()
    d.find_element(By.CSS_SELECTOR, "#token-list .ask .danger-button").click()
    text_of(d, "token-list", "Revoked")

    # Signed out, the journal needs signing in again; a wrong password says so by the form.
    d.find_element(By.ID, "sign-out").click()
    visible(d, "sign-in")
    text_of(d, "sign-in-status", "signed out")
    assert status_of(d, "/api/v1/history") == 401
    d.get(accounts_server + "#history")
    visible(d, "sign-in")
    sign_in(d, "sam@example.org", "the wrong password!")
    text_of(d, "sign-in-form", "not right")
    d.save_screenshot(os.path.join(SCREENSHOTS, "accounts-4-wrong-password.png"))
    screen_holds(d, "sign-in with an error")
    sign_in(d, "sam@example.org", "a long enough password")
    visible(d, "history")

    # Deleting the account asks for the password, and then nothing is left to sign in to.
    d.find_element(By.ID, "nav-account").click()
    visible(d, "account")
    fill(d, "delete-password", "a long enough password")
    d.find_element(By.CSS_SELECTOR, "#delete-form button[type=submit]").click()
    visible(d, "sign-in")
    text_of(d, "sign-in-status", "deleted")
    sign_in(d, "sam@example.org", "a long enough password")
    text_of(d, "sign-in-form", "not right")
    no_console_errors_but_refusals(d)


@pytest.mark.parametrize("accounts_server", ["invite"], indirect=True)
def test_sign_up_by_invitation_asks_for_the_code(accounts_server, browser):
    d = browser
    phone(d, 390, 844)
    d.get(accounts_server + "#sign-up")
    visible(d, "sign-up")
    assert "Required" in d.find_element(By.ID, "sign-up-invite-hint").text
    fill(d, "sign-up-name", "Kim Lind")
    fill(d, "sign-up-email", "kim@example.org")
    fill(d, "sign-up-password", "kim's long password")
    d.find_element(By.CSS_SELECTOR, "#sign-up-form button[type=submit]").click()
    text_of(d, "sign-up-invite-error", "Fill this in")
    assert d.switch_to.active_element.get_attribute("id") == "sign-up-invite"
    # A code that is no clinician's: the server's words, by the code's field.
    fill(d, "sign-up-invite", "ABCD-EFGH")
    d.find_element(By.CSS_SELECTOR, "#sign-up-form button[type=submit]").click()
    WebDriverWait(d, 15).until(lambda d: "Fill this in" not in d.find_element(By.ID, "sign-up-invite-error").text
                               and d.find_element(By.ID, "sign-up-invite-error").text)
    assert d.find_element(By.ID, "screen-sign-up").is_displayed()
    d.save_screenshot(os.path.join(SCREENSHOTS, "accounts-12-sign-up-invite.png"))
    screen_holds(d, "sign-up by invitation")


def no_console_errors_but_refusals(driver):
    """The console has no errors but the requests the test had refused on purpose (a 4xx)."""
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "status of 4" not in e["message"]]
    assert not errors, errors


def test_a_clinician_prescribes_and_the_patient_follows_and_ends_access(accounts_server, browser, second_browser):
    patient, clinician = browser, second_browser
    for d in (patient, clinician):
        phone(d, 390, 844)

    # The clinician signs in and invites a patient.
    clinician.get(accounts_server)
    sign_in(clinician, CLINICIAN["email"], CLINICIAN["password"])
    WebDriverWait(clinician, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "nav [data-go='patients']").is_displayed())
    assert not clinician.find_element(By.CSS_SELECTOR, "nav [data-go='clinicians']").is_displayed()
    go(clinician, "patients")
    shown(clinician, "patients-none")
    clinician.find_element(By.ID, "invite").click()
    code = shown(clinician, "invite-code").text
    assert len(code) == 9 and code[4] == "-", code
    assert "until" in clinician.find_element(By.ID, "invite-expiry").text
    clinician.save_screenshot(os.path.join(SCREENSHOTS, "accounts-5-invite.png"))
    screen_holds(clinician, "patients")

    # The patient signs up and gives the clinician access with the code.
    patient.get(accounts_server)
    visible(patient, "sign-in")  # the accounts screens come after the page, with accounts.js
    patient.find_element(By.CSS_SELECTOR, "#screen-sign-in [data-go='sign-up']").click()
    visible(patient, "sign-up")
    fill(patient, "sign-up-name", "Lee Park")
    fill(patient, "sign-up-email", "lee@example.org")
    fill(patient, "sign-up-password", "lee's long password")
    patient.find_element(By.CSS_SELECTOR, "#sign-up-form button[type=submit]").click()
    visible(patient, "screening")
    go(patient, "clinicians")
    shown(patient, "clinicians-none")
    fill(patient, "accept-code", "WRNG-CODE")
    patient.find_element(By.CSS_SELECTOR, "#accept-form button[type=submit]").click()
    WebDriverWait(patient, 15).until(lambda d: d.find_element(By.ID, "accept-code-error").text)
    fill(patient, "accept-code", code.lower())
    patient.find_element(By.CSS_SELECTOR, "#accept-form button[type=submit]").click()
    text_of(patient, "accept-done", "Dr Ada Okafor can now see your journal")
    text_of(patient, "clinician-list", "Dr Ada Okafor")

    # The clinician sees the patient, opens their record and prescribes.
    go(clinician, "patients")
    text_of(clinician, "patient-list", "Lee Park")
    clinician.find_element(By.CSS_SELECTOR, "#patient-list button").click()
    visible(clinician, "patient")
    text_of(clinician, "t-patient", "Lee Park")
    assert clinician.switch_to.active_element.get_attribute("id") == "t-patient"
    shown(clinician, "patient-body")
    form = clinician.find_element(By.ID, "prescribe-form")
    form.find_element(By.CSS_SELECTOR, "input[name=regions][value=buttock]").click()
    form.find_element(By.CSS_SELECTOR, "input[name=prescribe-side][value=left]").click()
    fill(clinician, "prescribe-minutes", "12")
    fill(clinician, "prescribe-notes", "Slow and gentle; stop if anything tingles.")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_of(clinician, "prescribe-days-error", "at least one day")
    for box in form.find_elements(By.CSS_SELECTOR, "input[name=days]"):
        box.click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_of(clinician, "prescribe-done", "Saved")
    text_of(clinician, "prescription-list", "Buttock · left side · 12 minutes")
    whole_screenshot(clinician, "accounts-6-patient")
    screen_holds(clinician, "patient")
    assert clinician.find_element(By.ID, "patient-fhir").get_attribute("href").endswith("/export/fhir")

    # The patient sees today's prescription on the way to a plan; it leads through the safety
    # questions to a plan to read, never straight into a session.
    go(patient, "where", lands="screening")
    title = text_of(patient, "today-title", "Today's prescription from Dr Ada Okafor")
    assert title
    assert "Buttock · left side · 12 minutes" in patient.find_element(By.ID, "today-what").text
    assert "stop if anything tingles" in patient.find_element(By.ID, "today-notes").text
    # Its reminders are one tap away: a calendar of the prescribed days, the patient's own.
    reminders = patient.find_element(By.ID, "today-reminders").get_attribute("href")
    assert re.search(r"/api/v1/prescriptions/[0-9A-Fa-f-]{36}/reminders\.ics$", reminders), reminders
    calendar = patient.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(async (r) => done([r.status, r.headers.get('content-type'), await r.text()]));", reminders)
    assert calendar[0] == 200 and calendar[1].startswith("text/calendar"), calendar[:2]
    assert "RRULE:FREQ=WEEKLY" in calendar[2]
    patient.save_screenshot(os.path.join(SCREENSHOTS, "accounts-7-today.png"))
    screen_holds(patient, "screening with today's prescription")
    patient.find_element(By.ID, "today-use").click()
    text_of(patient, "today-note", "Answer the safety questions below")
    assert patient.find_element(By.ID, "screen-screening").is_displayed()
    assert not patient.find_element(By.ID, "screen-live").is_displayed()
    answer_screening(patient)
    visible(patient, "plan")
    request = patient.execute_script("return state.plan.request")
    assert request["regions"] == ["buttock"] and request["side"] == "left" and request["minutes"] == 12, request
    assert not patient.find_element(By.ID, "screen-live").is_displayed()

    # Back on the Plan page (clear now): the card is there too, its button makes the plan again.
    go(patient, "where")
    visible(patient, "where")
    shown(patient, "today-card")
    patient.save_screenshot(os.path.join(SCREENSHOTS, "accounts-8-where-today.png"))
    patient.find_element(By.ID, "today-use").click()
    visible(patient, "plan")

    # The patient's page shows who looked, and ends the clinician's access.
    go(patient, "clinicians")
    text_of(patient, "access-log", "Dr Ada Okafor looked at your journal (patient record")
    whole_screenshot(patient, "accounts-9-clinicians")
    screen_holds(patient, "my clinicians")
    card = patient.find_element(By.CSS_SELECTOR, "#clinician-list li")
    card.find_element(By.CSS_SELECTOR, "button.danger-outline").click()
    text_of(patient, "clinician-list", "End Dr Ada Okafor's access?")
    whole_screenshot(patient, "accounts-10-end-access")
    patient.find_element(By.CSS_SELECTOR, "#clinician-list .ask .danger-button").click()
    text_of(patient, "clinician-list", "Access ended")
    shown(patient, "clinicians-none")

    # The clinician's record of the patient is gone.
    clinician.refresh()
    visible(clinician, "patient")
    text_of(clinician, "patient-error", "not open to you")
    assert not clinician.find_element(By.ID, "patient-body").is_displayed()
    clinician.save_screenshot(os.path.join(SCREENSHOTS, "accounts-11-gone.png"))
    go(clinician, "patients")
    shown(clinician, "patients-none")
    assert not clinician.find_elements(By.CSS_SELECTOR, "#patient-list li")
    no_console_errors_but_refusals(patient)
