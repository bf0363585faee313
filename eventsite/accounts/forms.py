from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from eventsite.models import UserRole
from eventsite.forms import Form, VersionedForm

ROLE_CHOICES = [(r.value, r.value) for r in UserRole]


def _strip(value):
    # a pasted address often carries a space
    return value.strip() if isinstance(value, str) else value


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Email()], filters=[_strip])
    password = PasswordField("Password", validators=[DataRequired()])


class UserForm(VersionedForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=200)], filters=[_strip])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    person_id = SelectField("Linked person (for participants)", coerce=int, validate_choice=False)
    active = BooleanField("Active", default=True)
    password = PasswordField(
        "New password", validators=[Optional(), Length(min=8, message="At least 8 characters.")],
        description="Leave empty to keep the current password.",
    )
