"""SMTP through the standard library, configured by the MAIL_* settings. Without MAIL_SERVER
e-mail is off. A failed delivery becomes a MailFailure whose reason is safe to store and to
show staff: it names what went wrong and the server's reply code, never the server's text,
which can quote the recipient's address."""

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage


class MailFailure(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def is_on(config: Mapping) -> bool:
    return bool(config["MAIL_SERVER"])


def sender_address(config: Mapping) -> str:
    return config["MAIL_SENDER"] or config["PRACTICE_EMAIL"]


def send(message: EmailMessage, config: Mapping) -> None:
    """One connection per message: messages are few (one per status change), and a fresh
    connection means one server that went away cannot fail the next message too."""
    try:
        with _connect(config) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as refused:
        codes = sorted({code for code, _reply in refused.recipients.values()})
        raise MailFailure(f"The mail server refused the recipient (reply {codes[0]}).") from None
    except smtplib.SMTPAuthenticationError as refused:
        raise MailFailure(
            f"The mail server refused MAIL_USERNAME/MAIL_PASSWORD (reply {refused.smtp_code})."
        ) from None
    except smtplib.SMTPResponseException as refused:
        raise MailFailure(
            f"The mail server refused the message (reply {refused.smtp_code})."
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        # smtplib turns a timeout while waiting for a reply into SMTPServerDisconnected.
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            raise MailFailure("The mail server did not answer in time.") from None
        raise MailFailure(f"Could not reach the mail server ({type(error).__name__}).") from None


def _connect(config: Mapping) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    return smtplib.SMTP(host, port, timeout=timeout)
