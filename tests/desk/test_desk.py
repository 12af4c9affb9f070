"""The desk station in Debian's Chromium (headless, through chromium-driver and Selenium).

A desk is made from nothing (`ikd desk init`), certified by the local verifier authority
(`ikd desk certify`), and served (`ikd desk serve`) against a real local issuer
(`ikd issuer serve`). A wallet enrolled by an officer and activated against that issuer scans the
desk's request off the page (a screenshot of the QR on screen) and answers it (`ikd wallet answer
--share`). The answer reaches the desk through Chromium's camera (a fake capture device playing a
Y4M video of the answer QR) and through the USB-scanner text field (typed keys), and the page
shows SAH; bad input shows the right refusal. Screenshots of each screen go to docs/desk/.

Usage: python test_desk.py PATH/TO/ikd
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

import images

IKD = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, "docs", "desk")
NIK = "3174015708900001"
EMAIL = "siti.contoh@example.id"
PIN = "246813"
TOKEN = "desk-test-officer-token"
STATE = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, stdin=None, env=None):
    done = subprocess.run([IKD, *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"ikd {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def start(args, env=None):
    """Starts a long-running ikd command; returns (process, the first http:// URL it prints
    after `after`)."""
    process = subprocess.Popen([IKD, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env={**os.environ, **(env or {})})
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if match and "--bind" in args and match.group(1).endswith(args[args.index("--bind") + 1].split(":")[1]):
            return process, match.group(1)
    process.kill()
    raise AssertionError(f"ikd {' '.join(args)} did not start")


def browser(camera_file=None):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1150",
                 "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    if camera_file:
        options.add_argument(f"--use-file-for-fake-video-capture={camera_file}")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    return driver


def desk_home(name):
    """A home folder whose issuer folder is the running issuer's (same authority and root)."""
    home = os.path.join(STATE["tmp"], name)
    os.makedirs(home, exist_ok=True)
    link = os.path.join(home, "issuer")
    if not os.path.exists(link):
        os.symlink(os.path.join(STATE["wallet_home"], "issuer"), link)
    return home


def make_desk(name, institution, desk):
    """`ikd desk init`, `ikd desk certify`, `ikd desk serve`: a desk made from nothing."""
    home = desk_home(name)
    assert not os.path.exists(os.path.join(home, "desk", "static.key"))
    run("desk", "init", "--home", home)
    run("desk", "certify", "--institution", institution, "--desk", desk, "--sector", "finance",
        "--allow", "ktp-basic", "--allow", "age17", "--home", home)
    offset = os.path.join(home, "clock-offset")
    with open(offset, "w") as f:
        f.write("0")
    port = free_port()
    process, url = start(["desk", "serve", "--home", home, "--issuer", STATE["issuer_url"],
                          "--bind", f"127.0.0.1:{port}", "--clock-offset-file", offset])
    return {"process": process, "url": url, "home": home, "offset": offset}


def setUpModule():
    STATE["tmp"] = tempfile.mkdtemp(prefix="ikd-desk-test-")
    home = os.path.join(STATE["tmp"], "citizen")
    os.makedirs(home)
    STATE["wallet_home"] = home
    # The issuer enrolls only citizens of its registry: the sample extract first.
    run("issuer", "import-registry", "--data", os.path.join(home, "issuer"), "--file",
        os.path.join(ROOT, "tests", "fixtures", "sample-registry.jsonl"))
    port = free_port()
    STATE["issuer"], STATE["issuer_url"] = start(
        ["issuer", "serve", "--data", os.path.join(home, "issuer"), "--bind", f"127.0.0.1:{port}"],
        env={"IKD_OFFICER_TOKEN": TOKEN})
    out = run("officer", "enroll", "--server", STATE["issuer_url"], "--nik", NIK, "--email", EMAIL,
              env={"IKD_OFFICER_TOKEN": TOKEN})
    qr = re.search(r"(IKDACT1\|\S+)", out).group(1)
    outbox = os.path.join(home, "issuer", "outbox")
    mail = open(os.path.join(outbox, sorted(os.listdir(outbox))[-1])).read()
    code = re.search(r"Your IKD activation code: (\S+)", mail).group(1)
    run("wallet", "activate", "--qr", qr, "--nik", NIK, "--code", code, "--home", home,
        stdin=f"{PIN}\n{PIN}\n")
    STATE["a"] = make_desk("desk-a", "BANK CONTOH", "LOKET 1")
    STATE["b"] = make_desk("desk-b", "BANK CONTOH", "LOKET 2")
    STATE["driver"] = browser()


def tearDownModule():
    if "driver" in STATE:
        STATE["driver"].quit()
    for key in ("a", "b"):
        if key in STATE:
            STATE[key]["process"].terminate()
            STATE[key]["process"].wait(10)
    if "issuer" in STATE:
        STATE["issuer"].terminate()
        STATE["issuer"].wait(10)
    shutil.rmtree(STATE["tmp"], ignore_errors=True)


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, name))


def answer_from(desk, driver=None):
    """The wallet scans the request shown on the desk's waiting page (a screenshot of the QR
    element, as a phone camera sees the screen) and shares; returns (answer bytes, PNG path)."""
    driver = driver or STATE["driver"]
    driver.get(desk["url"] + "/waiting")
    request_png = os.path.join(STATE["tmp"], "request.png")
    with open(request_png, "wb") as f:
        f.write(driver.find_element(By.ID, "request-qr").screenshot_as_png)
    out = run("wallet", "answer", "--request", request_png, "--share", "--home",
              STATE["wallet_home"], stdin=f"{PIN}\n")
    assert "BANK CONTOH" in out, out
    answer_png = os.path.join(STATE["tmp"], f"answer-{time.time_ns()}.png")
    shutil.copy(os.path.join(STATE["wallet_home"], "last-qr.png"), answer_png)
    # zbarimg, an independent decoder, reads the answer's bytes off the wallet's picture.
    raw = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", answer_png],
                         capture_output=True, check=True).stdout
    return raw.rstrip(b"\n"), answer_png


def scan_typed(desk, text, driver=None):
    """Types `text` and Enter as a keyboard-mode scanner does, into whatever has the focus when
    the waiting page loads (no click into the field first)."""
    driver = driver or STATE["driver"]
    if not driver.current_url.startswith(desk["url"] + "/waiting"):
        driver.get(desk["url"] + "/waiting")
    ActionChains(driver).send_keys(text).send_keys(Keys.ENTER).perform()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/result"))
    return verdict(driver)


def verdict(driver):
    element = driver.find_element(By.ID, "verdict")
    return element.get_attribute("data-code"), element.text


def next_citizen(driver=None):
    driver = driver or STATE["driver"]
    driver.find_element(By.CSS_SELECTOR, "#next button").click()
    WebDriverWait(driver, 10).until(lambda d: "/waiting" in d.current_url)


class DeskStation(unittest.TestCase):
    def test_01_a_desk_made_from_nothing_reads_a_wallet_answer_through_the_camera(self):
        desk, driver = STATE["a"], STATE["driver"]
        driver.get(desk["url"] + "/")
        WebDriverWait(driver, 10).until(lambda d: "/waiting" in d.current_url)
        driver.get(desk["url"] + "/setup")
        self.assertIn("BANK CONTOH", driver.find_element(By.ID, "institution").text)
        self.assertIn("Sertifikat berlaku", driver.find_element(By.ID, "certificate-state").text)
        self.assertRegex(driver.find_element(By.ID, "fingerprint").text, r"^([0-9A-F]{4} ){7}[0-9A-F]{4}$")
        shot(driver, "setup.png")
        answer, answer_png = answer_from(desk)
        self.assertIn("KTP", driver.find_element(By.ID, "request-profile").text)
        self.assertIn("UTC", driver.find_element(By.ID, "request-expiry").text)
        shot(driver, "waiting.png")
        video = os.path.join(STATE["tmp"], "answer.y4m")
        images.write_y4m(answer_png, video)
        camera = browser(camera_file=video)
        try:
            camera.get(desk["url"] + "/camera")
            WebDriverWait(camera, 60).until(lambda d: d.current_url.endswith("/result"))
            code, text = verdict(camera)
            self.assertEqual(code, "accepted")
            self.assertIn("SAH", text)
            fields = camera.find_element(By.ID, "fields").text
            self.assertIn("SITI CONTOH RAHAYU", fields)
            self.assertIn("NIK", fields)
            self.assertIn("KTP", camera.find_element(By.ID, "result-profile").text)
            self.assertIn("UTC", camera.find_element(By.ID, "result-time").text)
            shot(camera, "result-valid.png")
            # "Warga berikutnya" clears the screen: the result is gone, a new request is shown.
            next_citizen(camera)
            camera.get(desk["url"] + "/result")
            self.assertTrue(camera.current_url.endswith("/waiting"))
            self.assertNotIn("SITI", camera.page_source)
        finally:
            camera.quit()
        STATE["accepted_answer"] = answer

    def test_02_the_camera_screen_shows_the_live_picture(self):
        driver = STATE["driver"]
        driver.get(STATE["a"]["url"] + "/camera")
        WebDriverWait(driver, 20).until(
            lambda d: d.execute_script("return document.getElementById('camera').videoWidth") > 0)
        self.assertTrue(driver.current_url.endswith("/camera"))
        shot(driver, "camera.png")
        driver.get(STATE["a"]["url"] + "/waiting")

    def test_03_the_scanner_path_accepts_the_answer_typed_as_base45_text(self):
        desk = STATE["a"]
        answer, _ = answer_from(desk)
        code, text = scan_typed(desk, images.base45(answer))
        self.assertEqual(code, "accepted")
        self.assertIn("SAH", text)
        next_citizen()

    def test_04_the_scanner_path_accepts_hex_and_a_replayed_answer_is_refused(self):
        desk = STATE["a"]
        answer, _ = answer_from(desk)
        self.assertEqual(scan_typed(desk, answer.hex().upper())[0], "accepted")
        next_citizen()
        code, text = scan_typed(desk, answer.hex())
        self.assertEqual(code, "replayed")
        self.assertIn("DITOLAK", text)
        self.assertIn("QR sudah dipakai", STATE["driver"].find_element(By.ID, "reason").text)
        self.assertIn("QR already used", STATE["driver"].find_element(By.ID, "reason").text)
        shot(STATE["driver"], "result-refused.png")
        next_citizen()

    def test_05_a_qr_that_is_not_ikd_is_refused(self):
        code, text = scan_typed(STATE["a"], "https://example.com/promo?id=42")
        self.assertEqual(code, "malformed")
        self.assertIn("QR tidak terbaca", STATE["driver"].find_element(By.ID, "reason").text)
        next_citizen()

    def test_06_garbage_is_refused(self):
        code, _ = scan_typed(STATE["a"], "\u00e9\u00e8 garbage !!! 0x00")
        self.assertEqual(code, "malformed")
        next_citizen()
        code, _ = scan_typed(STATE["a"], "IB0" + "Z" * 300)
        self.assertIn(code, ("malformed", "other_request"))
        next_citizen()

    def test_07_another_desks_answer_is_refused(self):
        answer, _ = answer_from(STATE["b"])
        code, _ = scan_typed(STATE["a"], answer.hex())
        self.assertEqual(code, "other_request")
        self.assertIn("permintaan lain", STATE["driver"].find_element(By.ID, "reason").text)
        next_citizen()
        # At its own desk the same answer is accepted.
        self.assertEqual(scan_typed(STATE["b"], answer.hex())[0], "accepted")
        next_citizen()

    def test_08_an_answer_after_its_request_expired_is_refused(self):
        desk = STATE["a"]
        answer, _ = answer_from(desk)
        with open(desk["offset"], "w") as f:
            f.write("200")
        try:
            # The page was loaded before the clock moved: the scanner types into it.
            code, _ = scan_typed(desk, answer.hex())
            self.assertEqual(code, "request_expired")
            self.assertIn("Permintaan kedaluwarsa", STATE["driver"].find_element(By.ID, "reason").text)
        finally:
            with open(desk["offset"], "w") as f:
                f.write("0")
        next_citizen()

    def test_09_every_page_has_strict_headers_and_foreign_posts_are_refused(self):
        url = urllib.parse.urlparse(STATE["a"]["url"])

        def send(method, path, body=None, headers=None):
            # A new connection for each request: the server may close a connection after it
            # refuses a request without reading its body, and that is its right.
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            try:
                conn.request(method, path, body=body, headers=headers or {})
                response = conn.getresponse()
                response.read()
                return response
            finally:
                conn.close()

        for path in ("/setup", "/waiting", "/result", "/camera"):
            response = send("GET", path)
            csp = response.getheader("Content-Security-Policy")
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertIn("script-src 'self'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertEqual(response.getheader("Cache-Control"), "no-store")
        # A form posted from another site, or without the token, is refused.
        response = send("POST", "/next", "csrf=x", {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"})
        self.assertEqual(response.status, 403)
        response = send("POST", "/scan", "payload=00", {
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 403)
        # A page reached under another name (DNS rebinding) is refused.
        response = send("GET", "/setup", headers={"Host": "evil.example"})
        self.assertEqual(response.status, 421)
        # No inline script in any page.
        STATE["driver"].get(STATE["a"]["url"] + "/camera")
        for script in STATE["driver"].find_elements(By.TAG_NAME, "script"):
            self.assertTrue(script.get_attribute("src"))

    def test_10_the_log_holds_no_personal_data(self):
        import sqlite3
        db = sqlite3.connect(os.path.join(STATE["a"]["home"], "desk", "desk.sqlite"))
        rows = db.execute("SELECT * FROM verification_log").fetchall()
        db.close()
        self.assertGreaterEqual(len(rows), 6)
        text = repr(rows)
        for secret in (NIK, "SITI", "CONTOH"):
            self.assertNotIn(secret, text)
        self.assertIn("replayed", text)
        mode = os.stat(os.path.join(STATE["a"]["home"], "desk", "static.key")).st_mode & 0o777
        self.assertEqual(mode, 0o600)


    def test_11_past_the_maximum_list_age_the_desk_says_so_and_what_to_do(self):
        desk, driver = STATE["b"], STATE["driver"]
        with open(desk["offset"], "w") as f:
            f.write(str(72 * 3600 + 60))
        try:
            driver.get(desk["url"] + "/waiting")
            message = driver.find_element(By.ID, "message").text
            self.assertIn("terlalu lama", message)
            self.assertIn("too old", message)
            self.assertIn("Perbarui daftar sekarang", message)
            self.assertEqual(driver.find_elements(By.ID, "request-qr"), [])
            shot(driver, "lists-too-old.png")
        finally:
            with open(desk["offset"], "w") as f:
                f.write("0")
        driver.get(desk["url"] + "/waiting")
        self.assertTrue(driver.find_elements(By.ID, "request-qr"))

    def test_12_the_set_up_screen_makes_the_key_and_takes_the_certificate(self):
        home = desk_home("desk-c")
        offset = os.path.join(home, "clock-offset")
        port = free_port()
        process, url = start(["desk", "serve", "--home", home, "--issuer", STATE["issuer_url"],
                              "--bind", f"127.0.0.1:{port}"])
        driver = STATE["driver"]
        try:
            driver.get(url + "/")
            WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/setup"))
            self.assertIn("belum punya kunci", driver.find_element(By.ID, "key-problem").text)
            driver.find_element(By.CSS_SELECTOR, "#make-key button").click()
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "fingerprint"))
            self.assertIn("ikd desk certify", driver.find_element(By.ID, "certificate-state").text)
            mode = os.stat(os.path.join(home, "desk", "static.key")).st_mode & 0o777
            self.assertEqual(mode, 0o600)
            run("desk", "certify", "--institution", "KLINIK CONTOH", "--desk", "LOKET 3",
                "--sector", "health", "--allow", "bpjs", "--home", home)
            driver.find_element(By.CSS_SELECTOR, "#check-certificate button").click()
            WebDriverWait(driver, 10).until(lambda d: "KLINIK" in d.find_element(By.ID, "institution").text)
            self.assertIn("Sertifikat berlaku", driver.find_element(By.ID, "certificate-state").text)
            driver.find_element(By.ID, "start").click()
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "request-qr"))
            self.assertIn("BPJS", driver.find_element(By.ID, "request-profile").text)
        finally:
            process.terminate()
            process.wait(10)


class CountingResult(unittest.TextTestResult):
    pass


if __name__ == "__main__":
    IKD = os.path.abspath(sys.argv.pop(1))
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult).run(suite)
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
