"""The test client every app in the suite uses."""

import contextvars

from flask import has_app_context
from flask.testing import FlaskClient

from records_app.extensions import db


class RequestIsolatingClient(FlaskClient):
    """A test client whose every request gets its own app context, `g` and database
    session, as a real request does. Without this, Flask reuses the app context the `app`
    fixture holds open for the test, and `g` (Flask-Login's cached user, Flask-WTF's CSRF
    verdict) and the session's cached rows would leak from one request, and one browser, to
    the next. Afterwards the test's own session forgets what it had loaded, so the test
    reads what the request wrote."""

    def open(self, *args, **kwargs):
        request_context = contextvars.Context()
        response = request_context.run(super().open, *args, **kwargs)
        if response.is_streamed:
            response.response = _produced_in(request_context, response.response)
        if has_app_context():
            db.session.expire_all()
        return response


def _produced_in(request_context: contextvars.Context, body):
    """A streamed body's chunks, each produced inside the request's own context, as the
    server produces them."""
    chunks = iter(body)
    while True:
        try:
            yield request_context.run(next, chunks)
        except StopIteration:
            return
