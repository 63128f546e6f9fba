"""Fixtures for the tests that drive the real app in Chromium.

The app is served on 127.0.0.1 by a werkzeug server in a thread, on the suite's fresh
database (the `app` fixture empties its tables after each test). One browser serves the
whole run; each test gets its own browser context, so no cookie or session leaks from one
test to the next. Where Debian's Chromium is missing the tests skip, saying why, unless
REQUIRE_BROWSER=1 (set by .ci/run) says they must run: then they fail.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from records_app import accounts, audit
from records_app.extensions import db
from records_app.models import Role
from tests.support import skips
from tests.support.accounts import STAFF_PASSWORD
from tests.support.browser import DESKTOP, PHONE, save_screenshots

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = skips.needs(skips.CHROMIUM, f"not installed at {CHROMIUM}")
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The app served for real on a free port; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def new_context(browser, live_server, request):
    """Opens browser contexts for this test (a phone or a desktop, JavaScript on or off);
    if the test fails, every page still open is saved as a screenshot at phone and desktop
    widths under test-results/, named after the test."""
    opened = []

    def open_context(*, viewport=DESKTOP, **options):
        context = browser.new_context(
            base_url=live_server, viewport=viewport, accept_downloads=True, **options
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield open_context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshots(request.node, opened)
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context):
    """A desktop browser tab on the live app."""
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context):
    """A phone-sized browser tab (390×844) on the live app."""
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.fixture
def make_account(app):
    """A staff account made through the account rules, as `flask users create` makes it."""

    def make(email="clerk@example.org", *, name="Casey Clerk", role=Role.STAFF):
        user = accounts.create(
            email, name, role, STAFF_PASSWORD, by=audit.Actor(label="browser tests")
        )
        db.session.commit()
        return user

    return make
