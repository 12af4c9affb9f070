"""The officer console in Debian's headless Chromium through chromedriver (Selenium): an admin
logs in, enrolls a citizen from the registry, sees the activation QR, finds the e-mailed code in
the outbox, is refused a NIK outside the registry and a form without its CSRF token, revokes,
reads the audit log and creates an officer account. Screenshots go to docs/issuer/. Prints "N passed, N failed".
   python tests/issuer/console_browser.py IKD_BIN"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ikd = os.path.abspath(sys.argv[1])
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
shots = os.path.join(repo, "docs", "issuer")
SITI = "3174015708900001"
PASSWORD = "kata-sandi-admin-contoh"
passed, failed = 0, 0


def check(name, ok):
    global passed, failed
    print(("ok   " if ok else "FAIL ") + name)
    if ok:
        passed += 1
    else:
        failed += 1


def replaced(button):
    """True once `button` is no longer in the page. Chromium may answer a query about a node of
    the page being replaced with a plain WebDriverException ("does not belong to the document")
    instead of a stale-element error: both mean the old page is gone."""
    def gone(_driver):
        try:
            button.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one of these
            return True
    return gone


def submit(driver, element_id="submit"):
    """Clicks a form's button and waits until the next page has replaced this one."""
    button = driver.find_element(By.ID, element_id)
    button.click()
    WebDriverWait(driver, 10).until(replaced(button))


work = tempfile.mkdtemp()
data = os.path.join(work, "issuer")
subprocess.run([ikd, "issuer", "import-registry", "--data", data, "--file",
                os.path.join(repo, "tests", "fixtures", "sample-registry.jsonl")],
               check=True, stdout=subprocess.DEVNULL)
subprocess.run([ikd, "issuer", "add-account", "--data", data, "--username", "ani", "--role", "admin"],
               input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
port = sock.getsockname()[1]
sock.close()
base = f"http://127.0.0.1:{port}"
server = subprocess.Popen([ikd, "issuer", "serve", "--data", data, "--bind", f"127.0.0.1:{port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={k: v for k, v in os.environ.items() if k != "IKD_OFFICER_TOKEN"})
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/v1/trust-list", timeout=1)
        break
    except OSError:
        time.sleep(0.1)

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,1100"):
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    with urllib.request.urlopen(base + "/console/login") as response:
        csp = response.headers.get("Content-Security-Policy", "")
        check("the console sends a strict CSP", "default-src 'none'" in csp and "script-src" not in csp)
        check("the console refuses framing", response.headers.get("X-Frame-Options") == "DENY")

    driver.get(base + "/console")
    check("an anonymous visit lands on the login page", driver.current_url.endswith("/console/login"))
    driver.save_screenshot(os.path.join(shots, "console-login.png"))
    driver.find_element(By.ID, "username").send_keys("ani")
    driver.find_element(By.ID, "password").send_keys("wrong password!!")
    submit(driver)
    check("a wrong password is refused in both languages",
          "Kata sandi" in driver.page_source and "Wrong user name or password" in driver.page_source)
    driver.get(base + "/console/login")
    driver.find_element(By.ID, "username").send_keys("ani")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver)
    check("the right password opens the enrollment page", driver.current_url.endswith("/console/enrol"))
    session = driver.get_cookie("ikd_session") or {}
    check("the session cookie is HttpOnly and SameSite=Strict",
          session.get("httpOnly") is True and session.get("sameSite") == "Strict")
    driver.save_screenshot(os.path.join(shots, "console-enrol.png"))

    driver.find_element(By.ID, "nik").send_keys(SITI)
    driver.find_element(By.ID, "email").send_keys("siti.contoh@example.id")
    submit(driver)
    qr = driver.find_elements(By.CSS_SELECTOR, "#activation-qr svg")
    check("the enrollment shows the activation QR", len(qr) == 1)
    if not qr:
        print(driver.find_element(By.TAG_NAME, "main").text)
    enrollment_id = driver.find_element(By.ID, "enrollment-id").text
    eml = os.path.join(data, "outbox", enrollment_id + ".eml")
    code_line = ""
    if os.path.exists(eml):
        code_line = next((l for l in open(eml) if l.startswith("Your IKD activation code: ")), "")
    check("the e-mailed code is in the outbox", len(code_line.split(":", 1)[-1].strip()) >= 8)
    driver.save_screenshot(os.path.join(shots, "console-enrolled.png"))

    driver.get(base + "/console/enrol")
    driver.find_element(By.ID, "nik").send_keys("3174011203880099")
    driver.find_element(By.ID, "email").send_keys("warga@example.id")
    submit(driver)
    check("a NIK outside the registry is refused", "NIK tidak terdaftar" in driver.page_source)

    # A cross-site form carries the cookie only if SameSite lets it; even with the cookie, a post
    # without the session's CSRF token is sent back to the login page and enrolls nobody.
    before = len(os.listdir(os.path.join(data, "outbox")))
    body = urllib.parse.urlencode({"nik": SITI, "email": "evil@example.id", "csrf": "0" * 64}).encode()
    request = urllib.request.Request(base + "/console/enrol", body, method="POST")
    request.add_header("Cookie", "ikd_session=" + session.get("value", ""))
    request.add_header("Content-Type", "application/x-www-form-urlencoded")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        status = urllib.request.build_opener(NoRedirect).open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    check("a post without the CSRF token enrolls nobody",
          status == 303 and len(os.listdir(os.path.join(data, "outbox"))) == before)

    driver.get(base + "/console/revoke")
    driver.find_element(By.ID, "nik").send_keys(SITI)
    submit(driver)
    check("revoking a NIK with no active phone says nothing changed",
          "Nothing changed" in driver.find_element(By.ID, "notice").text)

    driver.get(base + "/console/audit")
    table = driver.find_element(By.ID, "audit").text
    check("the admin's audit log lists the enrollment and the revocation",
          "enroll" in table and "revoke" in table and "ani" in table and SITI not in table)
    driver.save_screenshot(os.path.join(shots, "console-audit.png"))

    driver.get(base + "/console/accounts")
    driver.find_element(By.ID, "username").send_keys("budi")
    driver.find_element(By.ID, "password").send_keys("kata-sandi-petugas-baru")
    submit(driver)
    table = driver.find_element(By.ID, "accounts").text
    check("the admin creates an officer account and sees it listed",
          "budi" in table and "officer" in table and "Account created" in driver.page_source)
    driver.save_screenshot(os.path.join(shots, "console-accounts.png"))

    submit(driver, "logout")
    driver.get(base + "/console/enrol")
    check("after logging out the console asks to log in again", driver.current_url.endswith("/console/login"))
finally:
    driver.quit()
    server.terminate()
    server.wait()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
