"""Remake the README's screenshots: the public request form on a phone and the staff queue.

    .venv/bin/python scripts/screenshots.py

Serves the app on a throw-away SQLite database seeded with invented requests (bench/seed.py)
and photographs it with Debian's Chromium (/usr/bin/chromium) through Playwright. Writes
docs/screenshots/public-form-phone.png and docs/screenshots/staff-queue.png.
"""

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from bench.seed import seed  # noqa: E402
from records_app import accounts, audit, create_app  # noqa: E402
from records_app.extensions import db  # noqa: E402
from records_app.models import Role  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
EMAIL, PASSWORD = "custodian@example.org", "screenshots only, not a real password"


def seeded_app(folder: Path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'screenshots.sqlite3'}",
            "SECRET_KEY": "screenshots-only",
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed(60, 0.0, 7)
        accounts.create(
            EMAIL, "Robin Custodian", Role.ADMIN, PASSWORD, by=audit.Actor(label="screenshots")
        )
        db.session.commit()
    return app


def photograph(base_url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        phone = browser.new_context(
            base_url=base_url,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        ).new_page()
        phone.goto("/request")
        phone.screenshot(path=str(OUTPUT / "public-form-phone.png"))

        desk = browser.new_context(
            base_url=base_url, viewport={"width": 1280, "height": 860}
        ).new_page()
        desk.goto("/staff/sign-in")
        desk.get_by_label("E-mail address").fill(EMAIL)
        desk.get_by_label("Password").fill(PASSWORD)
        desk.get_by_role("button", name="Sign in").click()
        desk.get_by_role("heading", name="Requests by deadline").wait_for()
        desk.screenshot(path=str(OUTPUT / "staff-queue.png"))
        browser.close()


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = seeded_app(Path(folder))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            photograph(f"http://127.0.0.1:{server.server_port}")
        finally:
            server.shutdown()
    print(f"wrote {OUTPUT / 'public-form-phone.png'} and {OUTPUT / 'staff-queue.png'}")


if __name__ == "__main__":
    main()
