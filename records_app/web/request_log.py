"""One log line per request, with a request id that error pages show, so a person reporting
a problem can quote it. The method, the path without its query string, the route's name, the
status, the time taken and the signed-in staff member's id are logged: never form fields,
query strings or anything else that could carry patient information (our paths hold ids and
tracking-free names only; searches by patient details are POSTs)."""

import logging
import re
import secrets
import time

from flask import Flask, g, request

log = logging.getLogger("records_app.requests")
ENGINE_LOGGER = "sqlalchemy.engine.Engine"


class DropResultRows(logging.Filter):
    """SQLAlchemy logs every result row at DEBUG. The engine's hide_parameters keeps values
    out of logged statements but not the rows read back, which are patients' names, dates
    of birth and addresses; this drops them wherever logging is turned up."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Row "))


_DROP_RESULT_ROWS = DropResultRows()

# A proxy's id is kept so that its log and ours can be matched; anything else (spaces, an
# equals sign, a line break) could forge fields in our log line, and gets an id of our own.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def request_id_for(sent: str | None) -> str:
    if sent and _SAFE_REQUEST_ID.fullmatch(sent):
        return sent
    return secrets.token_hex(8)


def register(app: Flask) -> None:
    engine_logger = logging.getLogger(ENGINE_LOGGER)
    if _DROP_RESULT_ROWS not in engine_logger.filters:
        engine_logger.addFilter(_DROP_RESULT_ROWS)

    @app.before_request
    def start_timer():
        g.request_id = request_id_for(request.headers.get("X-Request-Id"))
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        # Flask-Login keeps the user it loaded for this request on g; not loading one here
        # keeps public pages free of a session lookup.
        staff = getattr(g.get("_login_user"), "id", None)
        log.info(
            "request_id=%s method=%s path=%s endpoint=%s status=%s ms=%.1f staff=%s",
            g.get("request_id", "-"),
            request.method,
            request.path,
            request.endpoint or "-",
            response.status_code,
            elapsed_ms,
            staff or "-",
        )
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        return response
