"""Checkpoints of the audit chain, written where the database cannot reach them.

The MACs stop anyone without the audit key from rewriting rows, but not from deleting the
newest rows and moving the chain head back, nor (with the key) from writing the chain anew.
A checkpoint is the newest row's id and MAC when the chain was last seen whole; kept in the
system log, a file on another system or an e-mail, it lets `flask audit verify --checkpoint`
find the chain cut back below it or rewritten up to it (docs/audit.md). A checkpoint holds
an id and a MAC only, nothing about anyone.
"""

import logging
import logging.handlers
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from records_app.audit.trail import Checkpoint
from records_app.mail import smtp

_CHECKPOINT = re.compile(r"id=(\d+) mac=([0-9a-f]{64})")


class CheckpointUnreadable(ValueError):
    pass


def destinations(config: Mapping) -> dict[str, str]:
    """The places set for checkpoints: syslog, file, e-mail, with the setting's value."""
    settings = {
        "syslog": config["AUDIT_CHECKPOINT_SYSLOG"],
        "file": config["AUDIT_CHECKPOINT_FILE"],
        "e-mail": config["AUDIT_CHECKPOINT_EMAIL"],
    }
    return {place: value.strip() for place, value in settings.items() if value.strip()}


def write(checkpoint: Checkpoint, config: Mapping) -> dict[str, str | None]:
    """Writes the checkpoint to every place set; for each, None or why it failed. One place
    failing does not stop the others."""
    line = f"{checkpoint.line()} at={datetime.now(UTC).isoformat(timespec='seconds')}"
    writers = {"syslog": _to_syslog, "file": _to_file, "e-mail": _by_email}
    outcomes = {}
    for place, value in destinations(config).items():
        try:
            writers[place](value, line, config)
            outcomes[place] = None
        except (OSError, smtp.MailFailure) as error:
            outcomes[place] = getattr(error, "reason", None) or type(error).__name__
    return outcomes


class _SysLogHandler(logging.handlers.SysLogHandler):
    """Raises what went wrong: the standard handler prints it and carries on, as a log
    should, but a checkpoint that did not reach the log must fail the command."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        raise  # the error being handled, re-raised


def _to_syslog(address: str, line: str, _config: Mapping) -> None:
    """A socket path (/dev/log) or host:port (UDP), at the authpriv facility."""
    host, _, port = address.rpartition(":")
    target = (host, int(port)) if not address.startswith("/") and port.isdigit() else address
    handler = _SysLogHandler(address=target, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
    try:
        handler.ident = "records-desk: "
        handler.emit(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))
    finally:
        handler.close()


def _to_file(path: str, line: str, _config: Mapping) -> None:
    with Path(path).open("a", encoding="utf-8") as checkpoints:
        checkpoints.write(line + "\n")


def _by_email(addresses: str, line: str, config: Mapping) -> None:
    if not smtp.is_on(config):
        raise smtp.MailFailure("E-mail is off: MAIL_SERVER is not set.")
    message = EmailMessage()
    message["Subject"] = "Audit trail checkpoint"
    message["From"] = smtp.sender_address(config)
    message["To"] = addresses
    message.set_content(
        "The audit trail's newest row when it was last verified whole. Keep this message: "
        "`flask audit verify --checkpoint` with the line below finds the trail cut back "
        f"or rewritten before it.\n\n{line}\n"
    )
    smtp.send(message, config)


def parse(given: str) -> Checkpoint:
    """A checkpoint from a line as written (pasted from the log or an e-mail), or from a
    file of them (its last one)."""
    path = Path(given)
    text = path.read_text(encoding="utf-8") if path.is_file() else given
    found = _CHECKPOINT.findall(text)
    if not found:
        raise CheckpointUnreadable(
            "No checkpoint found: give a line such as `audit checkpoint id=41 mac=…` "
            "or the file the checkpoints are written to."
        )
    last_id, mac = found[-1]
    return Checkpoint(int(last_id), mac)
