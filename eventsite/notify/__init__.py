"""E-mail notifications: participants when draft minutes are open for corrections and when minutes are
published (with the PDF), the requester when a correction request is answered, an owner when an action
is assigned, and `send-reminders` for actions due soon or overdue.

Off unless MAIL_SERVER is set. Domain functions call `announce`; mail goes out after their commit
(eventsite.notify.outbox), each in its recipient's language with a plain-text and an HTML part and a
link that turns that account's notifications off (eventsite.notify.tokens).
"""
from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask_babel import gettext, lazy_gettext as _l

from eventsite.i18n import TranslatedOption
from eventsite.notify import outbox, sending
from eventsite.notify.outbox import announce
from eventsite.notify.reminders import send_reminders

__all__ = ["announce", "init_app"]


@click.command("send-reminders", help=_l(
    "Mail the owners of actions due within 3 days or overdue, once per action per day (for cron)."))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_l("The day to remind for (default: today, UTC)."), cls=TranslatedOption)
def send_reminders_command(today) -> None:
    if not sending.mail_enabled():
        raise click.ClickException(gettext("no mail is sent: MAIL_SERVER is not set"))
    day = today.date() if today else date.today()
    count = send_reminders(day)
    click.echo(gettext("%(count)s reminders sent for %(day)s", count=count, day=day.isoformat()))


def init_app(app: Flask) -> None:
    from eventsite.notify.views import bp

    app.config.setdefault("MAIL_TIMEOUT", 10)
    sending.init_app(app)
    outbox.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(send_reminders_command)
