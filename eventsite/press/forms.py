from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eventsite.forms import Form, VersionedForm, lazy_text as _l


class PressReleaseForm(VersionedForm):
    # text areas so a long headline can be read whole; line breaks are folded into spaces on save
    headline = TextAreaField(_l("Headline"), render_kw={"rows": 2},
                             validators=[DataRequired(message=_l("A press release needs a headline.")),
                                         Length(max=300)])
    subheadline = TextAreaField(_l("Subheadline"), render_kw={"rows": 2}, validators=[Optional(), Length(max=300)])
    dateline = StringField(_l("Dateline"), validators=[Optional(), Length(max=200)],
                           description=_l("City and date as the release opens: NOVOSIBIRSK, 10 June 2016."))
    embargo_local = DateTimeLocalField(
        _l("Embargoed until"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        validators=[Optional()],
    )
    body = TextAreaField(_l("Text (Markdown)"), render_kw={"rows": 24, "spellcheck": "true"},
                         description=_l("The forum's “About” boilerplate, the press contact and ### are added "
                                        "when the release is shown."))
    reason = StringField(_l("Reason for this change"), validators=[Optional(), Length(max=500)])


class NewPressReleaseForm(Form):
    """Drafting a release from the record: nothing to choose, its language is the session's."""


class LogoForm(Form):
    logo = FileField(_l("Logo (PNG or JPEG)"), render_kw={"accept": "image/png,image/jpeg"})


class ReasonForm(Form):
    """Why a release is withdrawn or an old revision restored; kept with the revision."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
