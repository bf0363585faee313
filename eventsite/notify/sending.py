"""The mail itself: Flask-Mailman with the MAIL_* settings; none unless MAIL_SERVER is set."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_mailman import EmailMultiAlternatives, Mail

mail = Mail()


@dataclass
class Letter:
    """One mail to one account: subject, plain text and HTML, in the recipient's language."""

    to: str
    subject: str
    text: str
    html: str
    unsubscribe: str
    #: (file name, bytes, content type)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_messages(letters: list[Letter]) -> int:
    """Send the letters over one connection; the number sent."""
    if not letters:
        return 0
    messages = []
    for letter in letters:
        message = EmailMultiAlternatives(
            letter.subject, letter.text, current_app.config.get("MAIL_DEFAULT_SENDER"), [letter.to],
            headers={"List-Unsubscribe": f"<{letter.unsubscribe}>", "Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(letter.html, "text/html")
        for name, content, content_type in letter.attachments:
            message.attach(name, content, content_type)
        messages.append(message)
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0


def init_app(app) -> None:
    mail.init_app(app)
