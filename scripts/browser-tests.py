#!/usr/bin/env python3
"""Real-browser tests of the web workbench, run by scripts/browser-tests.sh.

Headless Chromium through Selenium against a running `aragent serve`. Each test is a function
in TESTS and runs in a browser session of its own (a fresh profile, so no cookies carry over);
a failure is caught, reported with the test's name and the reason, and the failing page is saved
as a screenshot. Output: one line per test, `browser: PASS name` or `browser: FAIL name: reason`,
then `browser: N tests, M failed`. Exit status 1 when a test failed.

Environment (set by browser-tests.sh):
  ARAGENT_BROWSER_BASE_URL             the server, such as http://127.0.0.1:40123
  ARAGENT_BROWSER_PASSWORD_<ROLE>      the demo users' passwords (ADMIN, APPROVER, COLLECTOR, VIEWER)
  ARAGENT_BROWSER_MAILDIR              the test SMTP server's Maildir (messages land in new/)
  ARAGENT_BROWSER_SCREENSHOTS          where the PNGs go
  ARAGENT_BROWSER_BIN, ARAGENT_BROWSER_DB   the aragent binary and the ledger (to read the
                                       expected recipient and subject of an action)
  ARAGENT_BROWSER_CHROMIUM             the Chromium binary (default /usr/bin/chromium)
  ARAGENT_BROWSER_TMP                  a temporary folder for the browser profiles
  ARAGENT_BROWSER_ONLY                 optional: comma-separated test names to run
"""

import email
import email.policy
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("ARAGENT_BROWSER_BASE_URL", "").rstrip("/")
MAILDIR = os.environ.get("ARAGENT_BROWSER_MAILDIR", "")
SCREENSHOTS = os.environ.get("ARAGENT_BROWSER_SCREENSHOTS", ".build/screenshots")
BINARY = os.environ.get("ARAGENT_BROWSER_BIN", "")
DATABASE = os.environ.get("ARAGENT_BROWSER_DB", "")
CHROMIUM = os.environ.get("ARAGENT_BROWSER_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = "/usr/bin/chromedriver"
TMP = os.environ.get("ARAGENT_BROWSER_TMP") or tempfile.gettempdir()
ROLES = ["admin", "approver", "collector", "viewer"]
PASSWORDS = {role: os.environ.get("ARAGENT_BROWSER_PASSWORD_" + role.upper(), "") for role in ROLES}
SESSION_COOKIE = "aragent_session"

# Deadlines. Pages of a local server answer in well under a second; the generous waits only
# bound a hang. The delivery worker runs every minute (serve --every 1), so an approved reminder
# reaches the Maildir within about a minute of the approval.
PAGE_SECONDS = 15
DELIVERY_SECONDS = 100


# The message the approval test found in the Maildir: the portal test opens its links.
DELIVERED = {}


class Failure(Exception):
    """A test's assertion, with the reason shown in the FAIL line."""


def check(condition, reason):
    if not condition:
        raise Failure(reason)


# --- The registry -------------------------------------------------------------------------------

TESTS = []  # (name, function(driver))


def test(name):
    def register(function):
        TESTS.append((name, function))
        return function
    return register


# --- Browser and page helpers -------------------------------------------------------------------

def new_driver(name):
    profile = tempfile.mkdtemp(prefix="chromium-" + safe_name(name) + "-", dir=TMP)
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--user-data-dir=" + profile, "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--disable-background-networking"]:
        options.add_argument(argument)
    service = Service(executable_path=CHROMEDRIVER, log_path=os.path.join(profile, "chromedriver.log"))
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    driver.aragent_profile = profile
    driver.set_page_load_timeout(PAGE_SECONDS)
    driver.delete_all_cookies()
    return driver


def safe_name(text):
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")
    return text or "root"


def screenshot(driver, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, safe_name(name) + ".png")
    driver.save_screenshot(path)
    return path


def url(path):
    return BASE_URL + path


def path_of(address):
    parts = urllib.parse.urlsplit(address)
    return parts.path + ("?" + parts.query if parts.query else "")


def current_path(driver):
    return urllib.parse.urlsplit(driver.current_url).path


def wait(driver, condition, what, seconds=PAGE_SECONDS):
    try:
        return WebDriverWait(driver, seconds).until(condition)
    except TimeoutException:
        raise Failure("timed out after %d s waiting for %s (at %s)" % (seconds, what, path_of(driver.current_url)))


def loaded(driver):
    return driver.execute_script("return document.readyState") == "complete"


def open_page(driver, path):
    driver.get(url(path))
    wait(driver, loaded, "%s to load" % path)


def swapped(error):
    """The page an element belonged to was replaced: Chromium reports it as a stale element or,
    while the new document is being committed, as a node that "does not belong to the document"."""
    return isinstance(error, StaleElementReferenceException) or "does not belong to the document" in (getattr(error, "msg", None) or str(error))


def gone(element):
    """A wait condition: `element`'s page has been replaced (the form was submitted)."""
    def condition(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException as error:
            if swapped(error):
                return True
            raise
    return condition


def settled(read):
    """Runs `read` (a query of the current page); if the page was swapped under it (a redirect
    after a form completing just then), reads again from the new page, at most three times."""
    for attempt in range(3):
        try:
            return read()
        except WebDriverException as error:
            if not swapped(error) or attempt == 2:
                raise


def text_of(driver, selector):
    return settled(lambda: " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)))


def sign_in(driver, name, password):
    """Fills in the sign-in form and submits it; returns when a page other than the submitted form
    is shown (the landing page) or the form came back (an error)."""
    open_page(driver, "/login")
    field = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form input[name=name]")), "the sign-in form")
    field.clear()
    field.send_keys(name)
    driver.find_element(By.CSS_SELECTOR, "form input[name=password]").send_keys(password)
    button = driver.find_element(By.CSS_SELECTOR, "form button[type=submit], form input[type=submit]")
    button.click()
    # The old page goes away either way: a redirect to the landing page, or the form again.
    wait(driver, gone(button), "the sign-in form to be submitted")
    wait(driver, loaded, "the page after signing in to load")


def sign_in_as(driver, role):
    check(PASSWORDS[role], "no password for the demo user '%s' (ARAGENT_BROWSER_PASSWORD_%s)" % (role, role.upper()))
    sign_in(driver, role, PASSWORDS[role])
    check(current_path(driver) != "/login",
          "signing in as %s stayed on the sign-in page; it says: %s" % (role, text_of(driver, ".error, [role=alert]") or "nothing"))


def session_cookie(driver):
    cookie = driver.get_cookie(SESSION_COOKIE)
    check(cookie is not None and cookie.get("value"),
          "the browser holds no %s cookie after signing in (it holds: %s)" % (SESSION_COOKIE, [c["name"] for c in driver.get_cookies()]))
    return cookie


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


HTTP = urllib.request.build_opener(NoRedirects)


def http(method, path, cookie=None, form=None):
    """One request outside the browser, redirects not followed: (status, headers, body text)."""
    data = urllib.parse.urlencode(form).encode() if form is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(url(path), data=data, method=method)
    if cookie is not None:
        request.add_header("Cookie", "%s=%s" % (SESSION_COOKIE, cookie["value"]))
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with HTTP.open(request, timeout=PAGE_SECONDS) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def aragent(*arguments):
    check(BINARY and DATABASE, "ARAGENT_BROWSER_BIN and ARAGENT_BROWSER_DB are needed to read the ledger")
    result = subprocess.run([BINARY, *arguments, "--db", DATABASE], capture_output=True, text=True, timeout=60)
    check(result.returncode == 0, "aragent %s failed (%d): %s" % (" ".join(arguments), result.returncode, result.stderr.strip()[-500:]))
    return result.stdout


def proposed_actions():
    return json.loads(aragent("actions", "list", "--status", "proposed", "--format", "json"))


def approval_rows(driver):
    """The approvals table's rows that have an Approve form: (row, action id, form)."""
    return settled(lambda: read_approval_rows(driver))


def read_approval_rows(driver):
    rows = []
    for form in driver.find_elements(By.CSS_SELECTOR, "form[action*='/approve']"):
        action = form.get_attribute("action")
        found = re.search(r"/approvals/([^/]+)/approve$", urllib.parse.urlsplit(action).path)
        if found:
            row = form.find_element(By.XPATH, "./ancestor::tr[1]")
            rows.append((row, urllib.parse.unquote(found.group(1)), form))
    return rows


def customer_email(customer_id):
    """The address a reminder to this customer goes to, read from the ledger (read-only)."""
    check(DATABASE, "ARAGENT_BROWSER_DB is needed to read a customer's email address")
    connection = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(DATABASE), uri=True, timeout=10)
    try:
        row = connection.execute("SELECT email FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else None


def maildir_messages():
    folder = os.path.join(MAILDIR, "new")
    if not os.path.isdir(folder):
        return {}
    return {name: os.path.join(folder, name) for name in os.listdir(folder) if not name.startswith(".")}


# --- The tests ----------------------------------------------------------------------------------

def sign_in_test(role):
    def run(driver):
        sign_in_as(driver, role)
        session_cookie(driver)
        header = text_of(driver, "header")
        check(re.search(r"\b%s\b" % re.escape(role), header),
              "after signing in as %s the page header does not show the user's name; it reads: %r" % (role, header))
        check(driver.find_elements(By.TAG_NAME, "h1"), "the landing page %s has no <h1>" % current_path(driver))
        check("Internal Server Error" not in driver.page_source, "the landing page %s is an error page" % current_path(driver))
        screenshot(driver, "landing-" + role)
    return run


for _role in ROLES:
    test("sign-in-" + _role)(sign_in_test(_role))


@test("wrong-password")
def wrong_password(driver):
    sign_in(driver, "approver", "not-the-password-" + os.urandom(4).hex())
    check(current_path(driver) == "/login", "a wrong password led to %s instead of the sign-in page" % current_path(driver))
    error = text_of(driver, ".error, [role=alert]").strip()
    check(error, "the sign-in page shows no error after a wrong password")
    check("wrong" in error.lower() or "password" in error.lower(), "the sign-in error does not say what went wrong: %r" % error)
    check(driver.find_elements(By.CSS_SELECTOR, "input[type=password]"), "the sign-in form is not shown again after a wrong password")
    screenshot(driver, "login-wrong-password")
    check(driver.get_cookie(SESSION_COOKIE) is None, "a wrong password still set the %s cookie" % SESSION_COOKIE)
    open_page(driver, "/approvals")
    check(current_path(driver) == "/login", "after a wrong password, /approvals showed %s instead of the sign-in page" % current_path(driver))


@test("anonymous-approvals-redirects")
def anonymous_approvals(driver):
    open_page(driver, "/approvals")
    wait(driver, lambda d: current_path(d) == "/login", "the redirect to /login")
    check(driver.find_elements(By.CSS_SELECTOR, "form input[type=password]"), "the page an anonymous visitor lands on has no password field")
    check("Approve" not in text_of(driver, "main"), "the sign-in page an anonymous visitor sees lists approvals")
    screenshot(driver, "login")


@test("approver-approves-reminder-delivered")
def approve_and_deliver(driver):
    sign_in_as(driver, "approver")
    open_page(driver, "/approvals")
    rows = [(row, id, form) for row, id, form in approval_rows(driver) if re.search(r"\bby email\b", row.text)]
    check(rows, "the approvals page lists no proposed email reminder with an Approve button (rows: %d)" % len(approval_rows(driver)))
    row, action_id, form = rows[0]
    cells = [" ".join(c.text.split())[:80] for c in row.find_elements(By.TAG_NAME, "td")][:4]
    screenshot(driver, "approvals-approver")

    # What should arrive: the action's customer address and subject, from the ledger and the composer.
    listed = {a["id"]: a for a in proposed_actions()}
    check(action_id in listed, "action %s from the page is not among the ledger's proposed actions" % action_id)
    action = listed[action_id]
    preview = aragent("actions", "preview", action_id)
    subject = re.search(r"^Subject: *(.+)$", preview, re.MULTILINE)
    check(subject, "aragent actions preview %s printed no 'Subject:' line:\n%s" % (action_id, preview[:500]))
    subject = subject.group(1).strip()
    recipient = customer_email(action["customer_id"])
    check(recipient, "customer %s of action %s has no email address in the ledger" % (action["customer_id"], action_id))
    invoices = action.get("invoice_numbers") or []

    before = set(maildir_messages())
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
    check(button.text.strip() == "Approve", "the approve form's button reads %r" % button.text)
    button.click()
    wait(driver, gone(button), "the approval to be submitted")
    wait(driver, loaded, "the approvals page after approving")
    check(current_path(driver) == "/approvals", "approving led to %s instead of /approvals" % current_path(driver))
    check(action_id not in [id for _, id, _ in approval_rows(driver)], "action %s is still proposed on /approvals after approving it" % action_id)
    screenshot(driver, "approvals-after-approve")
    check(action_id not in {a["id"] for a in proposed_actions()}, "the ledger still has action %s as proposed" % action_id)

    approved = time.monotonic()
    deadline = approved + DELIVERY_SECONDS
    seen = []
    while True:
        for name, path in sorted(maildir_messages().items()):
            if name in before or name in seen:
                continue
            seen.append(name)
            with open(path, "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            to = str(message.get("To", ""))
            if str(message.get("Subject", "")).strip() != subject:
                continue
            check(recipient.lower() in to.lower(), "the delivered message with subject %r went to %r, not %r" % (subject, to, recipient))
            body = message.get_body(preferencelist=("plain", "html"))
            text = body.get_content() if body is not None else ""
            missing = [n for n in invoices if n not in text]
            check(not missing, "the delivered message for action %s does not name invoice(s) %s" % (action_id, ", ".join(missing)))
            print("browser:   approved %s; delivered to %s after %.0f s: %r" % (action_id, to, time.monotonic() - approved, subject), file=sys.stderr)
            DELIVERED.update({"text": text, "customer": action["customer_id"], "action": action_id})
            return
        if time.monotonic() > deadline:
            raise Failure("no message with subject %r to %s reached the Maildir %s/new within %d s of approving action %s (%d other new message(s); row: %s)"
                          % (subject, recipient, MAILDIR, DELIVERY_SECONDS, action_id, len(seen), " | ".join(cells)))
        time.sleep(0.5)  # the Maildir poll interval; the deadline above bounds the wait


def portal_link(text):
    """The portal link of a delivered message, as a path on the server under test (the message's
    links carry the public URL; the test server listens on a port of its own)."""
    found = re.search(r"https?://[^\s\"<>]+(/portal/[A-Za-z0-9_.~-]+)", text)
    check(found, "the delivered message has no portal link:\n%s" % text[:800])
    return found.group(1)


def invoice_numbers_on(driver):
    return [cell.text.strip() for cell in driver.find_elements(By.CSS_SELECTOR, "#invoices tr td:first-child")]


@test("portal-from-delivered-message")
def portal_from_message(driver):
    check(DELIVERED.get("text"), "no message was delivered by the approval test, so there is no portal link to open")
    portal = portal_link(DELIVERED["text"])
    customer = DELIVERED["customer"]

    # A tampered token: a plain refusal, nothing of the ledger.
    token = portal[len("/portal/"):]
    tampered = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    open_page(driver, "/portal/" + tampered)
    page = driver.find_element(By.TAG_NAME, "body").text
    check("not valid" in page, "a tampered portal token shows %r instead of a refusal" % page[:200])
    check(not driver.find_elements(By.CSS_SELECTOR, "#invoices"), "a tampered portal token shows an invoice table")

    open_page(driver, portal)
    numbers = invoice_numbers_on(driver)
    check(numbers, "the portal from the message lists no open invoice")
    body = driver.find_element(By.TAG_NAME, "body").text
    check("How to pay" in body and "Bank:" in body and "Reference:" in body, "the portal shows no bank instructions:\n%s" % body[:800])
    screenshot(driver, "portal")

    # Promise to pay the first invoice a week from today.
    promised = numbers[0]
    form = driver.find_element(By.ID, "promise-form")
    form.find_element(By.CSS_SELECTOR, "input[name=invoice][value='%s']" % promised).click()
    date_input = form.find_element(By.CSS_SELECTOR, "input[name=date]")
    day = date_input.get_attribute("min")
    check(re.match(r"^\d{4}-\d{2}-\d{2}$", day or ""), "the promise form's date has no minimum (today): %r" % day)
    target = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(day, "%Y-%m-%d")) + 7 * 86400 + 43200))
    driver.execute_script("arguments[0].value = arguments[1]", date_input, target)
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    button.click()
    wait(driver, gone(button), "the promise to be submitted")
    wait(driver, loaded, "the portal after the promise")
    notice = text_of(driver, ".notice")
    check("promise is recorded" in notice, "after promising, the portal says %r" % notice)

    # The promised invoice leaves tomorrow's plan.
    tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(day, "%Y-%m-%d")) + 86400 + 43200))
    plan = json.loads(aragent("run", "--as-of", tomorrow, "--dry-run", "--format", "json"))
    chased = [a["id"] for a in plan if promised in (a.get("invoice_numbers") or [])]
    check(not chased, "invoice %s, promised on the portal, is still in the plan of %s: %s" % (promised, tomorrow, chased))

    # Dispute another invoice (or the same) with a delivery note attached.
    disputed = numbers[1] if len(numbers) > 1 else numbers[0]
    note = os.path.join(driver.aragent_profile, "delivery-note.pdf")
    with open(note, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    form = driver.find_element(By.ID, "dispute-form")
    Select(form.find_element(By.NAME, "invoice")).select_by_value(disputed)
    Select(form.find_element(By.NAME, "type")).select_by_value("not_received")
    form.find_element(By.NAME, "comment").send_keys("The goods never arrived.")
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(note)
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    button.click()
    wait(driver, gone(button), "the dispute to be submitted")
    wait(driver, loaded, "the portal after the dispute")
    notice = text_of(driver, ".notice")
    check("dispute is recorded" in notice, "after disputing, the portal says %r" % notice)
    screenshot(driver, "portal-after-dispute")

    # The collector sees both on the customer's page.
    driver.delete_all_cookies()
    sign_in_as(driver, "collector")
    open_page(driver, "/customers/" + urllib.parse.quote(customer, safe=""))
    timeline = text_of(driver, "ol.timeline")
    check("Customer: promise" in timeline and promised in timeline, "the customer's timeline shows no portal promise for %s" % promised)
    check("Customer: dispute" in timeline, "the customer's timeline shows no portal dispute")
    files = text_of(driver, "#attachments")
    check("delivery-note.pdf" in files, "the customer page lists no attached delivery note: %r" % files[:300])
    screenshot(driver, "customer-portal-signals")


@test("viewer-cannot-approve")
def viewer_cannot_approve(driver):
    sign_in_as(driver, "viewer")
    open_page(driver, "/approvals")
    pending = proposed_actions()
    check(pending, "the ledger has no proposed action, so the viewer's page proves nothing")
    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    check(rows, "the viewer's approvals page lists no proposed action although the ledger has %d" % len(pending))
    screenshot(driver, "approvals-viewer")
    buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, "button, input[type=submit]")
               if (b.text or b.get_attribute("value") or "").strip().lower() in ("approve", "reject")]
    check(not buttons, "the viewer sees %d Approve/Reject button(s)" % len(buttons))
    check(not driver.find_elements(By.CSS_SELECTOR, "form[action*='/approve']"), "the viewer's page has an approve form")
    # And the server refuses it too: the viewer's own valid CSRF token, the viewer's session.
    cookie = session_cookie(driver)
    token = [e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, "input[name=csrf]")]
    check(token and token[0], "the viewer's page carries no CSRF token (the sign-out form's) to post with")
    target = pending[0]["id"]
    status, _, body = http("POST", "/approvals/%s/approve" % urllib.parse.quote(target, safe=""), cookie, {"csrf": token[0]})
    check(status == 403, "a viewer's approval with a valid CSRF token answered %d, not 403: %s" % (status, body[:200]))
    check(target in {a["id"] for a in proposed_actions()}, "the viewer's refused approval changed action %s" % target)


@test("approve-without-csrf-refused")
def approve_without_csrf(driver):
    sign_in_as(driver, "approver")
    open_page(driver, "/approvals")
    rows = approval_rows(driver)
    check(rows, "the approver's approvals page lists no action with an Approve button")
    _, action_id, form = rows[0]
    path = "/approvals/%s/approve" % urllib.parse.quote(action_id, safe="")
    cookie = session_cookie(driver)
    status, _, body = http("POST", path, cookie, {})
    check(status == 403, "an approval without a CSRF token answered %d, not 403: %s" % (status, body[:200]))
    status, _, body = http("POST", path, cookie, {"csrf": "0" * 43})
    check(status == 403, "an approval with a wrong CSRF token answered %d, not 403: %s" % (status, body[:200]))
    open_page(driver, "/approvals")
    check(action_id in [id for _, id, _ in approval_rows(driver)], "action %s left the approvals page after refused posts" % action_id)
    check(action_id in {a["id"] for a in proposed_actions()}, "action %s is no longer proposed after refused posts" % action_id)


@test("session-cookie-httponly")
def session_cookie_httponly(driver):
    sign_in_as(driver, "admin")
    cookie = session_cookie(driver)
    visible = driver.execute_script("return document.cookie") or ""
    check(SESSION_COOKIE not in visible and cookie["value"] not in visible,
          "document.cookie shows the session cookie: %r" % visible)
    check(cookie.get("httpOnly") is True, "the %s cookie is not HttpOnly: %s" % (SESSION_COOKIE, cookie))
    check(str(cookie.get("sameSite", "")).lower() in ("lax", "strict"), "the %s cookie's SameSite is %r" % (SESSION_COOKIE, cookie.get("sameSite")))
    # It is the session indeed: with it, a request outside the browser gets the page.
    status, headers, _ = http("GET", "/approvals", cookie)
    check(status == 200, "GET /approvals with the browser's session cookie answered %d (Location %s)" % (status, headers.get("Location")))


DETAIL_PATH = re.compile(r"^/(customers|invoices|approvals)/[^/?#]+")


@test("tour")
def tour(driver):
    sign_in_as(driver, "admin")
    origin = urllib.parse.urlsplit(BASE_URL)
    cookie = session_cookie(driver)

    def same_origin(address):
        parts = urllib.parse.urlsplit(address)
        return parts.scheme == origin.scheme and parts.netloc == origin.netloc

    links = []
    for a in driver.find_elements(By.CSS_SELECTOR, "header nav a[href]"):
        address = (a.get_attribute("href") or "").split("#")[0]
        if address and same_origin(address) and path_of(address) not in links and not path_of(address).startswith("/logout"):
            links.append(path_of(address))
    if not links:
        links = [path_of(driver.current_url)]
    problems, visited, details = [], [], []

    def visit(path, name):
        open_page(driver, path)
        visited.append(path)
        shown = current_path(driver)
        screenshot(driver, name)
        source = driver.page_source
        found = []
        if shown == "/login":
            found.append("redirected to the sign-in page")
        if "Internal Server Error" in source:
            found.append("shows 'Internal Server Error'")
        if not driver.find_elements(By.TAG_NAME, "h1"):
            found.append("has no <h1> (%r)" % driver.find_element(By.TAG_NAME, "body").text[:120])
        status, headers, _ = http("GET", path, cookie)
        if status != 200:
            found.append("answers %d%s" % (status, " to " + headers.get("Location") if headers.get("Location") else ""))
        if found:
            problems.append("%s %s" % (path, " and ".join(found)))
        return not found

    for path in links:
        if visit(path, "tour" + (path if path != "/" else "-root")):
            for a in driver.find_elements(By.CSS_SELECTOR, "a[href]"):
                address = (a.get_attribute("href") or "").split("#")[0]
                if address and same_origin(address) and DETAIL_PATH.match(urllib.parse.urlsplit(address).path):
                    detail = path_of(address)
                    if detail not in details and detail not in links:
                        details.append(detail)
                    break
    for detail in details:
        visit(detail, "tour" + detail)
    print("browser:   tour visited %s" % ", ".join(visited), file=sys.stderr)
    check(not problems, "; ".join(problems))


def minor_units(text):
    """'1,234.50 USD' as 123450 (integers only: amounts are never floats here)."""
    found = re.search(r"(-?[\d,]+)(?:\.(\d+))?", text)
    check(found, "no amount in %r" % text)
    whole = found.group(1).replace(",", "")
    fraction = found.group(2) or ""
    return int(whole + fraction) if fraction else int(whole) * 100


def open_amount(driver, invoice):
    open_page(driver, "/invoices/" + urllib.parse.quote(invoice, safe=""))
    cell = wait(driver, EC.presence_of_element_located((By.ID, "open-amount")), "the open amount of %s" % invoice)
    return minor_units(cell.text)


@test("cash-accept-suggestion")
def cash_accept_suggestion(driver):
    sign_in_as(driver, "collector")
    open_page(driver, "/cash")
    screenshot(driver, "cash-collector")
    forms = driver.find_elements(By.CSS_SELECTOR, "form[action$='/accept']")
    check(forms, "the cash application page lists no suggestion to accept (the demo statement should leave some for review)")
    form = forms[0]
    line = re.search(r"/cash/(\d+)/accept$", urllib.parse.urlsplit(form.get_attribute("action")).path).group(1)
    suggestion = form.find_element(By.XPATH, "./ancestor::li[1]").text
    invoice = re.search(r"\b(INV-\d+)\b", suggestion)
    check(invoice, "the first suggestion names no invoice: %r" % suggestion[:200])
    invoice = invoice.group(1)
    before = open_amount(driver, invoice)
    open_page(driver, "/cash")
    button = driver.find_element(By.CSS_SELECTOR, "form[action$='/cash/%s/accept'] button" % line)
    button.click()
    wait(driver, gone(button), "the accept form to be submitted")
    wait(driver, loaded, "the cash page after accepting")
    notice = text_of(driver, ".notice")
    check("applied" in notice, "after accepting, the page says %r, not that the suggestion was applied (error: %r)" % (notice, text_of(driver, ".error")))
    check(not driver.find_elements(By.ID, "line-" + line), "bank line %s is still in the review queue after it was accepted" % line)
    after = open_amount(driver, invoice)
    check(after < before, "invoice %s still has %d open after the suggestion was accepted (before: %d)" % (invoice, after, before))
    screenshot(driver, "invoice-after-accept")
    customer = driver.find_element(By.CSS_SELECTOR, "main a[href^='/customers/']")
    customer.click()
    wait(driver, lambda d: current_path(d).startswith("/customers/"), "the customer page")
    timeline = text_of(driver, "ol.timeline")
    check(("applied to %s" % invoice) in timeline and ("bank line %s" % line) in timeline,
          "the customer's timeline does not show the payment of bank line %s applied to %s" % (line, invoice))
    screenshot(driver, "customer-timeline")


@test("split-checked-before-submit")
def split_checked(driver):
    sign_in_as(driver, "collector")
    open_page(driver, "/cash")
    forms = driver.find_elements(By.CSS_SELECTOR, "form[data-split-limit]")
    check(forms, "the cash application page offers no split form")
    form = forms[0]
    form.find_element(By.XPATH, "./ancestor::details[1]/summary").click()
    limit = int(form.get_attribute("data-split-limit"))
    form.find_element(By.CSS_SELECTOR, "input[name=invoice1]").send_keys("INV-000001")
    form.find_element(By.CSS_SELECTOR, "input[name=amount1]").send_keys("%d.%02d" % ((limit + 100) // 100, (limit + 100) % 100))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    box = wait(driver, lambda d: form.find_element(By.CSS_SELECTOR, ".split-error") if form.find_element(By.CSS_SELECTOR, ".split-error").is_displayed() else False,
               "the split form's own error")
    check("more than" in box.text, "the split form says %r about amounts over the payment" % box.text)
    check(current_path(driver) == "/cash" and not text_of(driver, ".notice"), "the split over the payment's amount was sent to the server")
    screenshot(driver, "cash-split-refused")


@test("policy-error-named-at-line")
def policy_error(driver):
    sign_in_as(driver, "admin")
    open_page(driver, "/policy")
    area = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "textarea[name=policy]")), "the policy editor")
    lines = area.get_attribute("value").split("\n")
    check(len(lines) > 5, "the policy editor holds no policy")
    lines.insert(2, "shaddow_mode = true")
    driver.execute_script("arguments[0].value = arguments[1]", area, "\n".join(lines))
    button = driver.find_element(By.XPATH, "//button[normalize-space()='Check and preview']")
    button.click()
    wait(driver, gone(button), "the policy to be checked")
    wait(driver, loaded, "the policy page after the check")
    error = text_of(driver, "[role=alert]")
    check("policy:3:" in error and "shaddow_mode" in error, "the error does not name line 3 and its key: %r" % error)
    marked = driver.find_elements(By.CSS_SELECTOR, "li#line-3.wrong")
    check(marked and "shaddow_mode" in marked[0].text, "line 3 is not marked in the numbered listing")
    screenshot(driver, "policy-error")
    # The good policy previews today's cycle, activating nothing.
    area = driver.find_element(By.CSS_SELECTOR, "textarea[name=policy]")
    del lines[2]
    driver.execute_script("arguments[0].value = arguments[1]", area, "\n".join(lines))
    button = driver.find_element(By.XPATH, "//button[normalize-space()='Check and preview']")
    button.click()
    wait(driver, gone(button), "the preview")
    wait(driver, loaded, "the policy page after the preview")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")), "the preview page's heading")
    check("Preview: today" in text_of(driver, "main h2"), "the good policy shows no preview (error: %r)" % text_of(driver, "[role=alert]"))
    screenshot(driver, "policy-preview")


@test("upload-bad-row-named")
def upload_bad_row(driver):
    sign_in_as(driver, "collector")
    open_page(driver, "/imports")
    folder = tempfile.mkdtemp(prefix="upload-", dir=TMP)
    try:
        path = os.path.join(folder, "bad-invoices.csv")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("invoice_number,customer_id,issue_date,due_date,currency,amount\n"
                         "UP-1,C00001,2026-11-01,2026-12-01,USD,100.00\n"
                         "UP-2,C00001,2026-11-01,31/12/2026,USD,100.00\n")
        Select(driver.find_element(By.CSS_SELECTOR, "select[name=kind]")).select_by_visible_text("invoices")
        driver.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(path)
        button = driver.find_element(By.CSS_SELECTOR, "form[action='/imports'] button[type=submit]")
        button.click()
        wait(driver, gone(button), "the upload")
        wait(driver, loaded, "the imports page after the upload")
        error = text_of(driver, "[role=alert]")
        check("bad-invoices.csv:3" in error and "due_date" in error, "the bad row (line 3, due_date) is not named: %r" % error[:400])
        check("nothing was imported" in error, "the page does not say that nothing was imported: %r" % error[:400])
        screenshot(driver, "imports-bad-row")
        open_page(driver, "/invoices?after=UP-0")
        check("UP-1" not in text_of(driver, "main table"), "UP-1 of the refused file was imported anyway")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- The runner ---------------------------------------------------------------------------------

def main():
    if not BASE_URL:
        print("browser-tests.py: ARAGENT_BROWSER_BASE_URL is not set (run scripts/browser-tests.sh)", file=sys.stderr)
        return 2
    only = {n.strip() for n in os.environ.get("ARAGENT_BROWSER_ONLY", "").split(",") if n.strip()}
    selected = [(n, f) for n, f in TESTS if not only or n in only]
    failed = 0
    for name, function in selected:
        driver = None
        try:
            driver = new_driver(name)
            function(driver)
            print("browser: PASS %s" % name, flush=True)
        except Exception as error:  # every failure of one test is that test's, never the run's
            failed += 1
            if isinstance(error, Failure):
                reason = str(error)
            elif isinstance(error, WebDriverException):
                reason = "%s: %s" % (type(error).__name__, (error.msg or "").splitlines()[0] if error.msg else error)
            else:
                reason = "%s: %s" % (type(error).__name__, error)
                traceback.print_exc(file=sys.stderr)
            if driver is not None:
                try:
                    reason += " (screenshot %s)" % screenshot(driver, "FAIL-" + name)
                except Exception:
                    pass
            print("browser: FAIL %s: %s" % (name, " ".join(reason.split())), flush=True)
        finally:
            if driver is not None:
                try:
                    driver.quit()
                except Exception:
                    pass
                shutil.rmtree(driver.aragent_profile, ignore_errors=True)
    print("browser: %d tests, %d failed" % (len(selected), failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
