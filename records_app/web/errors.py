"""Errors are calm pages, never traces. The request id on the page matches the log line."""

import logging
import sys
import traceback
from collections.abc import Iterator

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext
from flask_wtf.csrf import CSRFError
from redis.exceptions import RedisError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from records_app.extensions import db

log = logging.getLogger("records_app.errors")

MESSAGES = {
    400: (
        lazy_gettext("Something was wrong with that request"),
        lazy_gettext("Go back, check the page and try again."),
    ),
    403: (
        lazy_gettext("You do not have access to this page"),
        lazy_gettext("Ask the practice's administrator if you need it."),
    ),
    404: (
        lazy_gettext("Page not found"),
        lazy_gettext("Check the address, or start again from the home page."),
    ),
    405: (
        lazy_gettext("That did not work"),
        lazy_gettext("Go back and use the buttons on the page."),
    ),
    413: (
        lazy_gettext("That upload is too large"),
        lazy_gettext("Each file can be at most 10 MB. Go back and choose a smaller file."),
    ),
    429: (
        lazy_gettext("Too many tries"),
        lazy_gettext("For your security, please wait a few minutes before trying again."),
    ),
    500: (
        lazy_gettext("Something went wrong on our side"),
        lazy_gettext(
            "Nothing you sent was lost on purpose, but please try again in a few minutes."
        ),
    ),
    503: (
        lazy_gettext("The service is briefly unavailable"),
        lazy_gettext("Nothing was saved. Please try again in a few minutes."),
    ),
}


# How long a client is asked to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def _render(status: int, detail: str | None = None):
    title, advice = MESSAGES.get(status, MESSAGES[400])
    page = render_template(
        "errors/error.html",
        status=status,
        title=title,
        advice=detail or advice,
        request_id=g.get("request_id", "-"),
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else {}
    return page, status, headers


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            "This page had been open too long or came from another site, so it was not sent. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        # A limit that brought its own calm page (the request form's) keeps it.
        if error.response is not None:
            return error.response
        return _render(error.code)

    # The database went away (restart, fail-over, network): the transaction is rolled back,
    # so nothing of the request was written. The pool's pre-ping replaces dead connections,
    # so the next request after the database returns succeeds without a restart.
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        db.session.rollback()
        log.error("request_id=%s database unavailable", g.get("request_id", "-"))
        return _render(503)

    # The shared rate-limit store (Redis) is down: the limited pages (sign-in, status
    # lookup) refuse rather than run unlimited, and say to come back.
    @app.errorhandler(RedisError)
    def rate_limit_store_unavailable(error):
        log.error("request_id=%s rate-limit store unavailable", g.get("request_id", "-"))
        return _render(503)

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        db.session.rollback()
        return _render(500)


def log_exception_without_values(exc_info) -> None:
    """Replaces Flask's exception log: an exception's message can quote submitted values
    (a database error quotes its parameters), so only its type and where it happened go in."""
    error_type, _error, trace = exc_info
    frames = " <- ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
        for frame in reversed(traceback.extract_tb(trace))
    )
    log.error(
        "request_id=%s endpoint=%s %s at %s",
        g.get("request_id", "-"),
        request.endpoint,
        error_type.__name__ if error_type else "error",
        frames,
    )


class StreamBroken(Exception):
    """A streamed download failed after its first bytes were sent: too late for an error
    page. Raised with no message and no chained cause, so that the server's own log of it
    holds no submitted values; the connection is cut, so the browser reports a failed
    download rather than keeping a file cut short."""


def stream_without_values(chunks: Iterator[str]) -> Iterator[str]:
    """Passes a streamed response's chunks on; when making one fails, logs the failure as
    the error handler does (type and lines, never values) and breaks the stream."""
    try:
        yield from chunks
    except Exception:
        log_exception_without_values(sys.exc_info())
        raise StreamBroken() from None
