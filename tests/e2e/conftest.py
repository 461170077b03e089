"""Browser tests: the real app served on loopback, driven in Debian's Chromium through Playwright."""

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, free_port

CHROMIUM = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).with_name("axe.min.js")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The live server's thread may still hold a static file when the browser drops its connection at the end of a
# test; its collection then warns. That is the test server's thread, not the site.
UNCLOSED_STATIC_FILE = (
    "ignore:Exception ignored in. <_io.(FileIO|BufferedReader) name='[^']*/static/"
    ":pytest.PytestUnraisableExceptionWarning"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.filterwarnings(UNCLOSED_STATIC_FILE))


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set PORTAL_CHROMIUM)"
        if os.environ.get("PORTAL_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_app(make_app, smtp_server_factory):
    """The site on http://127.0.0.1:<port>, with CSRF on and mail delivered to a loopback SMTP server."""
    smtp_port, capture = smtp_server_factory()
    port = free_port()
    app = make_app(
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        MAIL_PORT=smtp_port,
        MAIL_SEND_AFTER_REQUEST=True,
        SITE_URL=f"http://127.0.0.1:{port}",  # mailed links lead to this server
    )
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = app.config["SITE_URL"]
    app.config["CAPTURE"] = capture

    def deliver() -> None:
        from portal.mail.sender import deliver_pending

        with app.app_context():
            deliver_pending()

    capture.deliver = deliver
    try:
        yield app
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def smtp_server_factory():
    from aiosmtpd.controller import Controller

    from tests.conftest import Capture, _smtp_allowed

    controllers = []

    def start():
        capture = Capture()
        port = free_port()
        controller = Controller(capture, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        _smtp_allowed["on"] = True
        return port, capture

    yield start
    _smtp_allowed["on"] = False
    for controller in controllers:
        controller.stop()


@pytest.fixture(params=[(360, 780), (1280, 900)], ids=["phone", "desktop"])
def viewport(request):
    return {"width": request.param[0], "height": request.param[1]}


@pytest.fixture
def page_factory(browser):
    contexts = []

    def open_page(viewport=None, **options):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="fr-FR", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page (needs a context with bypass_csp=True) and return the violations that count."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def log_in(page, base: str, email: str, remember: bool = False) -> None:
    """Log in through the form as a user of the Factory (whose password is PASSWORD), and wait for the dashboard."""
    page.goto(base + "/compte/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    if remember:
        page.get_by_label("Se souvenir de moi sur cet appareil").check()
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name=re.compile("^Bonjour")).wait_for()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def looks_right(page, name: str, width: int) -> None:
    """A screenshot to look at, no axe-core violation, and nothing wider than the screen."""
    screenshot(page, f"{name}-{width}")
    assert axe_violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def join_from_coach_link(page, capture, email: str) -> None:
    """On the page the coach's link opened: create the account, confirm the address, log in, tie the record."""
    from tests.conftest import links_in, text_part

    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label(re.compile("^J'ai lu la politique de confidentialité")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    verification = wait_for_mail(capture, email, subject="Confirmez votre adresse")
    page.goto(next(url for url in links_in(text_part(verification)) if "/compte/verification/" in url))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name="Lier mon accompagnement à mon compte").click()


def wait_for_mail(capture, address: str, timeout: float = 10.0, subject: str = ""):
    """The last mail that reached the address (with a subject starting so, if given), once it has arrived.

    The site delivers its mail once the response is closed. Werkzeug's development server closes a response only
    after draining what the client sent on the connection, and Chromium may have sent its next request there
    already: the close, and the delivery with it, then wait until Chromium drops the connection. After a second,
    the outbox is delivered from here, as the `flask mail send` of cron does in production.
    """
    deadline = time.monotonic() + timeout
    caught_up = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        found = [m for m in capture.to(address) if str(m["Subject"]).startswith(subject)]
        if found:
            return found[-1]
        if caught_up is not None and time.monotonic() > caught_up and getattr(capture, "deliver", None):
            capture.deliver()
            caught_up = None
        time.sleep(0.1)
    raise AssertionError(
        f"no mail {subject!r} reached {address}; it has: {[str(m['Subject']) for m in capture.to(address)]}"
    )
