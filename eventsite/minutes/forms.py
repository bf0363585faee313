from __future__ import annotations

from flask_babel import gettext
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from eventsite.forms import Form, VersionedForm, lazy_text as _l

TEXT_LIMIT = 20_000


class SummaryForm(VersionedForm):
    summary = TextAreaField(
        _l("Summary"), validators=[Optional(), Length(max=TEXT_LIMIT)],
        description=_l("What the session did, in a few sentences (Markdown). The attendance, discussion, "
                       "decisions and action items come from the session's record."),
    )


class CorrectionForm(Form):
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[DataRequired(_l("Give the reason for the correction; it is kept with the revision.")),
                    Length(max=2000)],
        description=_l("Kept with the new revision, e.g. “the competition opens at the end of July, not June”."),
    )


class RequestForm(Form):
    text = TextAreaField(
        _l("What should be corrected"),
        validators=[DataRequired(_l("Write what should be corrected.")), Length(max=TEXT_LIMIT)],
        description=_l("Quote the passage and say how it should read. The organisers will answer here."),
    )


class DecisionForm(Form):
    decision = RadioField(_l("Decision"), choices=[SelectChoice("accept", _l("Accept")),
                                                   SelectChoice("decline", _l("Decline"))],
                          validators=[DataRequired(_l("Choose accept or decline."))])
    response = TextAreaField(_l("Answer to the participant"), validators=[Length(max=TEXT_LIMIT)],
                             description=_l("Required when declining."))

    def validate_response(self, field):
        if self.decision.data == "decline" and not (field.data or "").strip():
            raise ValidationError(gettext("Say why the request is declined; the participant will read it."))
