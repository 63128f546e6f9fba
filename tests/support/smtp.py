"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the e-mail tests."""

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# The public address the app is given when it sends through the test server: e-mails link
# to its status page.
PUBLIC_BASE_URL = "https://records.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that keeps what it receives. It can be stopped and
    started again on its port, to play a mail server that is down, told to refuse
    recipients, and given the one user name and password it accepts."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.refused_recipients: set[str] = set()
        self.account = ("desk", "mail-password")
        self.signed_in: list[str] = []
        self._controller: Controller | None = None

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        if (user, password) != self.account:
            return AuthResult(success=False, handled=False)
        self.signed_in.append(user)
        return AuthResult(success=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_recipients:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self.authenticate,
            # Plain-text sign-in on 127.0.0.1 only; production sets MAIL_USE_TLS or _SSL.
            auth_require_tls=False,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.received]
