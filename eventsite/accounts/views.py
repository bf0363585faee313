from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, logout_user

from eventsite.accounts import tokens
from eventsite.accounts.forms import ActionForm, ApiTokenForm, LoginForm, PasswordChangeForm, UserForm
from eventsite.accounts.service import (
    AccountError, change_password, check_login, create_user, find_user, generate_password, person_link_error,
)
from eventsite.accounts.sessions import end_sessions, start_session
from eventsite.accounts.throttle import seconds_to_wait, throttled, too_many_message, wrong_password
from eventsite.forms import apply_versioned
from eventsite.labels import USER_ROLES, label
from eventsite.models import ApiToken, Person, TokenScope, User, UserRole, db
from eventsite.permissions import can_manage_users
from eventsite.urls import base_url

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None, default: str | None = None) -> str:
    # only paths on this site: an open redirect would help phishing. Browsers read a
    # backslash as a slash ("/\evil" is "//evil") and drop tabs and newlines, so refuse those too.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not urlsplit(target).netloc
    ):
        return target
    return default or url_for("reading.index")


@bp.route("/login", methods=["GET", "POST"])
@throttled
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = check_login(form.email.data, form.password.data)
        if user is None:
            wrong_password()
            form.password.errors.append(gettext("Wrong email or password."))
        else:
            start_session(user)
            db.session.commit()
            flash(gettext("Logged in as %(email)s.", email=user.email), "success")
            # an organiser starts from what needs them
            home = url_for("organise.home") if user.role is UserRole.organiser else None
            return redirect(_safe_next(request.args.get("next"), home))
    return render_template("accounts/login.html", form=form), 422 if request.method == "POST" else 200


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # in every browser: a copy of the cookie, kept or stolen, stops working too
        end_sessions(current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash(gettext("Logged out."), "info")
    return redirect(url_for("reading.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
@throttled
def account():
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except AccountError as exc:
            if exc.field == "current_password":
                wrong_password()
            form[exc.field].errors.append(str(exc))
        else:
            start_session(user)  # this browser stays logged in, with the new session token
            db.session.commit()
            flash(gettext("Your password is changed. Wherever else you were logged in, you are logged out."),
                  "success")
            return redirect(url_for(".account"))
    return _account_page(form=form, status=422 if request.method == "POST" else 200)


def _account_page(form=None, token_form=None, new_token=None, new_calendar=None, status=200):
    """The account page; a secret just made is shown on it once, in this answer only (never flashed:
    a flashed message travels in the session cookie)."""
    user = current_user._get_current_object()
    return render_template(
        "accounts/account.html", form=form or PasswordChangeForm(formdata=None),
        token_form=token_form or ApiTokenForm(formdata=None), action_form=ActionForm(formdata=None),
        api_tokens=tokens.api_tokens_of(user), calendar_feed=tokens.calendar_feed_of(user),
        new_token=new_token, new_calendar=new_calendar, base_url=base_url(),
    ), status


@bp.post("/account/tokens")
@login_required
def create_api_token():
    form = ApiTokenForm()
    if not form.validate():
        return _account_page(token_form=form, status=422)
    token, secret = tokens.create_api_token(current_user._get_current_object(), form.name.data,
                                            TokenScope(form.scope.data))
    db.session.commit()
    return _account_page(new_token={"name": token.name, "secret": secret})


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    if not ActionForm().validate():
        abort(400)
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id:
        abort(404)
    tokens.revoke_api_token(token)
    db.session.commit()
    flash(gettext("Revoked the token “%(name)s”: programs using it are refused from now on.", name=token.name),
          "success")
    return redirect(url_for(".account", _anchor="api-tokens"))


@bp.post("/account/calendar")
@login_required
def new_calendar_feed():
    if not ActionForm().validate():
        abort(400)
    secret = tokens.new_calendar_feed(current_user._get_current_object())
    db.session.commit()
    return _account_page(new_calendar=url_for("reading.personal_calendar", token=secret, _external=False))


@bp.post("/account/calendar/revoke")
@login_required
def revoke_calendar_feed():
    if not ActionForm().validate():
        abort(400)
    tokens.revoke_calendar_feed(current_user._get_current_object())
    db.session.commit()
    flash(gettext("Your calendar address no longer works. Calendar applications subscribed to it stop "
                  "receiving updates."), "success")
    return redirect(url_for(".account", _anchor="calendar"))


@bp.errorhandler(RateLimitExceeded)
def too_many_wrong_passwords(exc):
    # the page that was posted, with what was typed but the passwords, and the message at the password
    seconds = seconds_to_wait()
    if request.endpoint == "accounts.account":
        form = PasswordChangeForm()
        form.current_password.errors = [too_many_message(seconds)]
        response, _ = _account_page(form=form)
        return response, 429, {"Retry-After": str(seconds)}
    form = LoginForm()
    form.password.errors = [too_many_message(seconds)]
    return render_template("accounts/login.html", form=form), 429, {"Retry-After": str(seconds)}


def _require_admin():
    if not current_user.is_authenticated:
        from eventsite.extensions import login_manager

        abort(login_manager.unauthorized())
    if not can_manage_users(current_user):
        abort(403)


def _person_choices():
    people = db.session.execute(db.select(Person.id, Person.name).order_by(Person.name)).all()
    return [(0, gettext("— none —"))] + [(p.id, p.name) for p in people]


def _refuse_person_link(form: UserForm, user: User | None) -> bool:
    error = person_link_error(form.person_id.data, user)
    if error:
        form.person_id.errors.append(error)
    return error is not None


@bp.get("/admin/users")
@login_required
def users():
    _require_admin()
    rows = db.session.execute(db.select(User).order_by(User.role, User.email)).scalars().all()
    return render_template("accounts/users.html", users=rows)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@login_required
def new_user():
    _require_admin()
    form = UserForm()
    form.person_id.choices = _person_choices()
    if form.validate_on_submit() and not _refuse_person_link(form, None):
        password = form.password.data or generate_password()
        try:
            person = db.session.get(Person, form.person_id.data) if form.person_id.data else None
            user = create_user(form.email.data, form.role.data, password, name=form.name.data or "", person=person)
        except AccountError as exc:
            form[exc.field].errors.append(str(exc))
        else:
            user.active = form.active.data
            db.session.commit()
            role = label(USER_ROLES, user.role)
            if form.password.data:
                created = gettext("Created %(email)s (%(role)s).", email=user.email, role=role)
            else:
                created = gettext("Created %(email)s (%(role)s). Its password is %(password)s — pass it on now; "
                                  "it is not shown again.", email=user.email, role=role, password=password)
            flash(created, "success")
            return redirect(url_for(".users"))
    return _form_page(form, None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    _require_admin()
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = user.role.value
        form.person_id.data = user.person_id or 0
    form.person_id.choices = _person_choices()
    if form.validate_on_submit():
        email = form.email.data
        other = find_user(email)
        if other is not None and other.id != user.id:
            form.email.errors.append(gettext("An account for %(email)s already exists.", email=email))
        elif _refuse_person_link(form, user):
            pass
        elif user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors.append(gettext("You cannot take away your own admin role or deactivate yourself."))
        else:
            def apply(u: User):
                u.email = email
                u.name = form.name.data or ""
                u.role = UserRole(form.role.data)
                u.person_id = form.person_id.data or None
                u.active = form.active.data
                if form.password.data:
                    u.set_password(form.password.data)

            conflict = apply_versioned(user, form, apply)
            if conflict is None:
                flash(gettext("Saved %(name)s.", name=user.email), "success")
                return redirect(url_for(".users"))
            return render_template("accounts/user_form.html", form=form, user=user, conflict=conflict), 409
    return _form_page(form, user)


def _form_page(form: UserForm, user: User | None):
    # a refused POST is 422 so scripts and tests can tell it from a fresh form
    return render_template("accounts/user_form.html", form=form, user=user), 422 if request.method == "POST" else 200
