from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, ValidationError

from eventsite.accounts.passwords import check_new_password
from eventsite.models import UserRole
from eventsite.urls import MAX_ID
from eventsite.forms import EmailAddress, Form, VersionedForm

ROLE_CHOICES = [(r.value, r.value) for r in UserRole]


def _strip(value):
    # a pasted address often carries a space
    return value.strip() if isinstance(value, str) else value


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=200)], filters=[_strip])
    password = PasswordField("Password", validators=[DataRequired()])


class UserForm(VersionedForm):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=200)], filters=[_strip])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    person_id = SelectField("Linked person (for participants)", coerce=int, validate_choice=False,
                            validators=[NumberRange(min=0, max=MAX_ID,
                                                    message="There is no such person; choose one from the list.")])
    active = BooleanField("Active", default=True)
    password = PasswordField(
        "New password", validators=[Optional()], description="Leave empty to keep the current password.",
    )

    def validate_password(self, field):
        try:
            check_new_password(field.data, email=self.email.data or "", name=self.name.data or "")
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class PasswordChangeForm(Form):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password", validators=[DataRequired()],
        description="At least 8 characters and hard to guess: a few unrelated words work well.",
    )
    new_password_again = PasswordField(
        "New password again", validators=[DataRequired(), EqualTo("new_password", message="The two new passwords differ.")],
    )
