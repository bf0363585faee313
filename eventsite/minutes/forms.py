from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventsite.forms import Form, VersionedForm

TEXT_LIMIT = 20_000


class SummaryForm(VersionedForm):
    summary = TextAreaField(
        "Summary", validators=[Optional(), Length(max=TEXT_LIMIT)],
        description="What the session did, in a few sentences (Markdown). The attendance, discussion, "
                    "decisions and action items come from the session's record.",
    )


class CorrectionForm(Form):
    reason = TextAreaField(
        "Reason for the correction",
        validators=[DataRequired("Give the reason for the correction; it is kept with the revision."),
                    Length(max=2000)],
        description="Kept with the new revision, e.g. “the competition opens at the end of July, not June”.",
    )


class RequestForm(Form):
    text = TextAreaField(
        "What should be corrected",
        validators=[DataRequired("Write what should be corrected."), Length(max=TEXT_LIMIT)],
        description="Quote the passage and say how it should read. The organisers will answer here.",
    )


class DecisionForm(Form):
    decision = RadioField("Decision", choices=[SelectChoice("accept", "Accept"), SelectChoice("decline", "Decline")],
                          validators=[DataRequired("Choose accept or decline.")])
    response = TextAreaField("Answer to the participant", validators=[Length(max=TEXT_LIMIT)],
                             description="Required when declining.")

    def validate_response(self, field):
        from wtforms.validators import ValidationError

        if self.decision.data == "decline" and not (field.data or "").strip():
            raise ValidationError("Say why the request is declined; the participant will read it.")
