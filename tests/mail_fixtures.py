"""A real SMTP server for the mail tests: what arrived, parsed (aiosmtpd's handler)."""
from __future__ import annotations

import email
import email.policy
import threading


class Inbox:
    """What the SMTP server received, parsed; `wait(n)` waits until n mails have arrived."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 OK"

    def wait(self, count: int, timeout: float = 10) -> list:
        with self._arrived:
            assert self._arrived.wait_for(lambda: len(self.messages) >= count, timeout), self.messages
        return self.messages

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]
