"""The unsubscribe link (no login) and the setting on the account page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from wtforms import BooleanField

from eventsite.forms import Form, lazy_text as _l
from eventsite.models import db
from eventsite.notify.tokens import user_of

bp = Blueprint("notify", __name__)


class UnsubscribeForm(Form):
    """Only the CSRF token: the link shows a page, and the button on it turns mail off (a mail scanner that
    follows links must not unsubscribe anyone)."""


class NotificationsForm(Form):
    notifications = BooleanField(_l("Send me e-mail: minutes of my sessions, answers to my correction requests, "
                                    "my actions and their reminders"))


@bp.app_template_global()
def notifications_form() -> NotificationsForm:
    """The setting on the account page, as the account has it now."""
    return NotificationsForm(formdata=None, notifications=current_user.notifications)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    user = user_of(token)
    if user is None:
        abort(404)
    form = UnsubscribeForm()
    done = False
    if form.validate_on_submit():
        user.notifications = False
        db.session.commit()
        done = True
    return render_template("notify/unsubscribe.html", user=user, form=form, done=done or not user.notifications)


@bp.post("/account/notifications")
@login_required
def account_notifications():
    form = NotificationsForm()
    if form.validate():
        current_user.notifications = bool(form.notifications.data)
        db.session.commit()
        flash(gettext("E-mail notifications are on.") if current_user.notifications
              else gettext("E-mail notifications are off."), "success")
    return redirect(url_for("accounts.account"))
