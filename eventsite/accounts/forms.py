from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from eventsite.accounts.passwords import MIN_LENGTH, check_new_password
from eventsite.models import UserRole
from eventsite.urls import MAX_ID
from eventsite.forms import EmailAddress, Form, VersionedForm, lazy_text as _l
from eventsite.labels import USER_ROLES, choices

ROLE_CHOICES = choices(USER_ROLES, UserRole)


def _strip(value):
    # a pasted address often carries a space
    return value.strip() if isinstance(value, str) else value


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), EmailAddress(), Length(max=200)], filters=[_strip])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def _a_row_id(form, field) -> None:
    """No person has an id the database could not hold (2^63 and more)."""
    if field.data is not None and not 0 <= field.data <= MAX_ID:
        raise ValidationError(_l("There is no such person; choose one from the list."))


class UserForm(VersionedForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), EmailAddress(), Length(max=200)], filters=[_strip])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    person_id = SelectField(_l("Linked person (for participants)"), coerce=int, validate_choice=False,
                            validators=[_a_row_id])
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(
        _l("New password"), validators=[Optional()], description=_l("Leave empty to keep the current password."),
    )

    def validate_password(self, field):
        try:
            check_new_password(field.data, email=self.email.data or "", name=self.name.data or "")
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class PasswordChangeForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired()],
        description=_l("At least %(num)d characters and hard to guess: a few unrelated words work well.",
                       num=MIN_LENGTH),
    )
    new_password_again = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
    )


class ApiTokenForm(Form):
    """A new personal API token: what to call it, and whether it may change things."""

    name = StringField(_l("Name of the token"), filters=[_strip],
                       validators=[DataRequired(message=_l("Say what the token is for, e.g. “live capture laptop”.")),
                                   Length(max=120)],
                       description=_l("So you know which one to revoke, e.g. “live capture laptop”."))
    scope = SelectField(_l("It may"), choices=[("read", _l("read")), ("read_write", _l("read and write"))],
                        default="read")


class ActionForm(Form):
    """A button that posts and carries nothing but its CSRF token (revoke, regenerate)."""
