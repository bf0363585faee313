"""The organiser's forms. Each message is written for the field it stands beside."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from flask_babel import get_locale, gettext, lazy_pgettext as _lp
from wtforms import (
    DateField, DateTimeLocalField, EmailField, FieldList, FormField, HiddenField, IntegerField, SelectField,
    StringField, TextAreaField, BooleanField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from eventsite.dates import in_zone
from eventsite.i18n import LANGUAGES
from eventsite.text import MAX_LINE
from eventsite.forms import EmailAddress, Form, SubForm, TypedDateField, VersionedForm, lazy_text as _l
from eventsite.labels import (
    ACTION_STATUS, ATTENDANCE, DATE_PRECISION, MONTH_PARTS, ORGANISATION_KINDS, POINT_KINDS, ROLES, SESSION_KINDS, VISIBILITY,
    choices,
)
from eventsite.models import (
    TRANSLATED_TEXTS, ActionStatus, Attendance, DatePrecision, MonthPart, OrganisationKind, PointKind, Role, SessionKind, Visibility,
)
from eventsite.organise import service

#: /forums/new is the new-forum form, so no forum may be called "new"
RESERVED_FORUM_SLUGS = {"new"}
SLUG_MESSAGE = _l("Use lowercase letters, digits and hyphens only, e.g. technoprom-2016.")
LANGUAGE = [DataRequired(), Length(max=16),
            Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", message=_l("A language code such as en or ru."))]
TIMEZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) + ["UTC"]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


STRIP = [_strip]
#: the first is what datetime-local inputs show; browsers may add seconds
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class ForumTextForm(SubForm):
    """The forum's texts in one other language, for the documents of its sessions in that language."""

    name = StringField(_l("Short name"), filters=STRIP, validators=[Optional(), Length(max=120)])
    title = StringField(_l("Full title"), filters=STRIP, validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), filters=STRIP, validators=[Optional(), Length(max=120)])
    country = StringField(_l("Country"), filters=STRIP, validators=[Optional(), Length(max=120)])
    about = TextAreaField(_l("About the forum"), validators=[Optional()])
    press_contact_name = StringField(_l("Press contact name"), filters=STRIP,
                                     validators=[Optional(), Length(max=200)])


class ForumForm(VersionedForm):
    slug = StringField(_l("Slug"), filters=STRIP, validators=[DataRequired(), Length(max=80),
                       Regexp(service.SLUG_RE.pattern, message=SLUG_MESSAGE)],
                       description=_l("Part of the address: /forums/<slug>/. Lowercase letters, digits and hyphens."))
    name = StringField(_l("Short name"), filters=STRIP, validators=[DataRequired(), Length(max=120)],
                       description=_l("For example: Technoprom-2016."))
    title = StringField(_l("Full title"), filters=STRIP, validators=[DataRequired(), Length(max=300)],
                        description=_l("For example: IV International Forum of Technological Development "
                                       "Technoprom-2016."))
    city = StringField(_l("City"), filters=STRIP, validators=[DataRequired(), Length(max=120)])
    country = StringField(_l("Country"), filters=STRIP, validators=[DataRequired(), Length(max=120)])
    starts_on = DateField(_l("First day"),
                          validators=[DataRequired(message=_l("Enter the first day, e.g. 2016-06-09."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(message=_l("Enter the last day, e.g. 2016-06-10."))])
    # checked by validate_timezone, which says what to do instead of "Not a valid choice"
    timezone = SelectField(_l("Time zone"), choices=[(z, z.replace("_", " ")) for z in TIMEZONES], default="UTC",
                           validate_choice=False,
                           description=_l("Session times are entered and shown in this zone."))
    language = StringField(_l("Language"), filters=STRIP, default="en", validators=LANGUAGE)
    about = TextAreaField(_l("About the forum"), validators=[Optional()],
                          description=_l("Boilerplate for press releases. Markdown: *emphasis*, [links](https://…), "
                                         "lists."))
    press_contact_name = StringField(_l("Press contact name"), filters=STRIP,
                                     validators=[Optional(), Length(max=200)])
    press_contact_email = EmailField(_l("Press contact email"), filters=STRIP,
                                     validators=[Optional(), EmailAddress(), Length(max=200)])
    press_contact_phone = StringField(_l("Press contact phone"), filters=STRIP, validators=[Optional(), Length(max=60)])

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._forum = forum
        #: the languages whose texts the form asks for: every other one eventsite speaks
        self.other_languages = [code for code in LANGUAGES if code != (forum.language if forum else "en")]
        self.language_names = {code: Locale.parse(code).get_display_name(str(get_locale() or "en"))
                               for code in self.other_languages}
        if forum is not None and not self.is_submitted():
            for code in self.other_languages:
                given = (forum.translations or {}).get(code, {})
                self.texts_in(code).process(None, SimpleNamespace(**{n: given.get(n) for n in TRANSLATED_TEXTS}))

    def texts_in(self, code: str):
        return getattr(self, f"in_{code}")

    def translations(self) -> dict:
        """{language: {text: value}} for the languages given, the forum's others kept as they were."""
        kept = dict(self._forum.translations or {}) if self._forum is not None else {}
        for code in self.other_languages:
            given = {n: v for n, v in self.texts_in(code).data.items() if n in TRANSLATED_TEXTS and v}
            kept.pop(code, None)
            if given:
                kept[code] = given
        return kept

    def validate_slug(self, field):
        if field.data in RESERVED_FORUM_SLUGS:
            raise ValidationError(gettext("This word is part of the site's own addresses; choose another slug."))
        if service.forum_slug_taken(field.data, exclude=self._forum):
            raise ValidationError(gettext("Another forum already has this slug; choose another."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(gettext("The last day cannot be before the first day."))

    def validate_timezone(self, field):
        try:
            ZoneInfo(field.data)
        except (ValueError, KeyError, OSError):
            raise ValidationError(gettext("Choose a time zone from the list, e.g. Asia/Novosibirsk.")) from None

    def values(self) -> dict:
        return {name: getattr(self, name).data or ("" if name not in ("starts_on", "ends_on") else None)
                for name in ("slug", "name", "title", "city", "country", "starts_on", "ends_on", "timezone",
                             "language", "about", "press_contact_name", "press_contact_email",
                             "press_contact_phone")} | {"translations": self.translations()}


for _code in LANGUAGES:
    setattr(ForumForm, f"in_{_code}", FormField(ForumTextForm))


class SessionForm(VersionedForm):
    """Start and end are typed as the forum's local time and stored aware."""

    slug = StringField(_l("Slug"), filters=STRIP, validators=[DataRequired(), Length(max=80),
                       Regexp(service.SLUG_RE.pattern, message=SLUG_MESSAGE)],
                       description=_l("Part of the address: /forums/<forum>/<slug>/."))
    kind = SelectField(_l("Kind"), choices=choices(SESSION_KINDS, SessionKind), default=SessionKind.round_table.value)
    title = StringField(_l("Title"), filters=STRIP, validators=[DataRequired(), Length(max=300)])
    # named after ForumSession.local_start/local_end so a stale edit compares like with like
    local_start = DateTimeLocalField(_l("Starts"), format=LOCAL_FORMATS,
                                     validators=[DataRequired(message=_l("Enter the date and time it starts."))])
    local_end = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMATS,
                                   validators=[DataRequired(message=_l("Enter the date and time it ends."))])
    venue = StringField(_l("Venue"), filters=STRIP, validators=[Optional(), Length(max=300)])
    language = StringField(_l("Language"), filters=STRIP, default="en", validators=LANGUAGE)
    visibility = SelectField(_l("Who may read it"), choices=choices(VISIBILITY, Visibility),
                             default=Visibility.public.value,
                             description=_l("Public: everyone. Participants only: its participants and staff. "
                                         "Internal: staff only."))
    summary = TextAreaField(_l("Summary"), validators=[Optional()],
                            description=_l("What the session was about (Markdown)."))

    def __init__(self, *args, forum, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._forum = forum
        self._session = session
        zone = forum.zone
        for field in (self.local_start, self.local_end):
            if isinstance(field.data, datetime):
                field.data = in_zone(field.data, zone)
        self.local_start.description = self.local_end.description = gettext("Local time in %(zone)s.",
                                                                            zone=forum.timezone)

    def validate_slug(self, field):
        if service.session_slug_taken(self._forum, field.data, exclude=self._session):
            raise ValidationError(gettext("Another session of this forum already has this slug; choose another."))

    def validate_local_end(self, field):
        if field.data and self.local_start.data and field.data <= self.local_start.data:
            raise ValidationError(gettext("The session must end after it starts."))

    def values(self) -> dict:
        return dict(slug=self.slug.data, kind=SessionKind(self.kind.data), title=self.title.data,
                    starts_at=self.local_start.data, ends_at=self.local_end.data, venue=self.venue.data or "",
                    language=self.language.data, visibility=Visibility(self.visibility.data),
                    summary=self.summary.data or "")


class PersonFields:
    name = StringField(_l("Name"), filters=STRIP, validators=[DataRequired(), Length(max=200)],
                       description=_l("As the forum's documents write it, for example: Artyom Shadrin."))
    native_name = StringField(_l("Name in the original script"), filters=STRIP,
                              validators=[Optional(), Length(max=200)],
                              description=_l("For example: Артём Шадрин."))
    email = EmailField(_l("Email"), filters=STRIP, validators=[Optional(), EmailAddress(), Length(max=200)])


class PersonForm(PersonFields, VersionedForm):
    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._person = person

    def validate_email(self, field):
        if service.person_email_taken(field.data, exclude=self._person):
            raise ValidationError(gettext("Another person already has this email address."))


class OrganisationForm(VersionedForm):
    name = StringField(_lp("organisation", "Name"), filters=STRIP, validators=[DataRequired(), Length(max=300)],
                       description=_l("For example: Ministry of Economic Development of Russia."))
    short_name = StringField(_l("Short name"), filters=STRIP, validators=[Optional(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=choices(ORGANISATION_KINDS, OrganisationKind),
                       default=OrganisationKind.other.value)
    parent_name = StringField(_l("Part of"), filters=STRIP, validators=[Optional(), Length(max=300)],
                         description=_l("The organisation this one belongs to, e.g. a ministry for a department."))
    parent_id = HiddenField()
    contact_name = StringField(_l("Contact person"), filters=STRIP, validators=[Optional(), Length(max=200)],
                               description=_l("Who answers for the organisation's action items: they see them "
                                              "under “My actions”. Type part of a name."))
    contact_ref = HiddenField()

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation = organisation

    def validate_name(self, field):
        if service.organisation_name_taken(field.data, exclude=self._organisation):
            raise ValidationError(gettext("An organisation with this name already exists."))


class ParticipationFields:
    """What a participant was at the session: shared by the add and the edit form."""

    role = SelectField(_l("Role"), choices=choices(ROLES, Role), default=Role.participant.value)
    attendance = SelectField(_l("Attendance"), choices=choices(ATTENDANCE, Attendance),
                             default=Attendance.attended.value)
    position = StringField(_l("Position at this session"), filters=STRIP, validators=[Optional(), Length(max=300)],
                           description=_l("As it was then; later job changes do not alter this session's record."))
    organisation_name = StringField(_l("Organisation at this session"), filters=STRIP,
                                    validators=[Optional(), Length(max=300)],
                                    description=_l("Type part of its name and pick from the suggestions."))
    organisation_id = HiddenField()
    new_organisation = StringField(_l("New organisation"), filters=STRIP, validators=[Optional(), Length(max=300)],
                                   description=_l("Only if it is not in the list yet."))
    new_organisation_kind = SelectField(_l("Its kind"), choices=choices(ORGANISATION_KINDS, OrganisationKind),
                                        default=OrganisationKind.other.value)

    def validate_new_organisation(self, field):
        if field.data and service.organisation_name_taken(field.data):
            raise ValidationError(gettext("This organisation exists: type it under “Organisation at this "
                                          "session”."))
        if field.data and self.organisation_name.data:
            raise ValidationError(gettext("Either pick an organisation or create a new one, not both."))


class ParticipantForm(ParticipationFields, VersionedForm):
    """Adding a participant; the person is found by name or created inline."""

    person_name = StringField(_l("Person"), filters=STRIP, validators=[Optional(), Length(max=200)],
                              description=_l("Type part of a name or email and pick from the suggestions."))
    person_id = HiddenField()
    new_name = StringField(_l("Name"), filters=STRIP, validators=[Optional(), Length(max=200)])
    new_native_name = StringField(_l("Name in the original script"), filters=STRIP,
                                  validators=[Optional(), Length(max=200)])
    new_email = EmailField(_l("Email"), filters=STRIP,
                           validators=[Optional(), EmailAddress(), Length(max=200)])

    def validate_new_email(self, field):
        if field.data and service.person_email_taken(field.data):
            raise ValidationError(gettext("Someone already has this email: find them under “Person” instead."))

    def validate_new_name(self, field):
        if field.data and self.person_name.data:
            raise ValidationError(gettext("Either find a person above or create a new one here, not both."))
        if not field.data and (self.new_native_name.data or self.new_email.data):
            raise ValidationError(gettext("Give the new person's name."))


class ParticipantEditForm(ParticipationFields, VersionedForm):
    """Editing what a participant was at the session."""


class GroupForm(VersionedForm):
    name = StringField(_l("Group"), filters=STRIP,
                       validators=[DataRequired(message=_l("Describe the group.")), Length(max=300)],
                       description=_l("Who took part without names: “state offices”, “business”."))


class KeyDateForm(SubForm):
    label = StringField(_l("Label"), filters=STRIP, validators=[Optional(), Length(max=300)])
    # the fieldset's hint explains the format once for every row
    date = StringField(_l("Date"), filters=STRIP, validators=[Optional()])
    precision = SelectField(_l("Precision"), choices=choices(DATE_PRECISION, DatePrecision),
                            default=DatePrecision.day.value)
    #: only for a month: "end of July 2016" only where the record says "end"
    qualifier = SelectField(_l("Part of the month"), choices=list(MONTH_PARTS.items()), default="")
    remove = BooleanField(_l("Remove"))

    def parsed(self, after=None):
        """A KeyDateValue, None for an empty row, and errors at the fields otherwise."""
        if self.remove.data or (not self.label.data and not self.date.data):
            return None
        if self.precision.errors or self.qualifier.errors:
            # not one of the choices: validation put the message at the field, and there is no rule to parse by
            return None
        if not self.label.data:
            self.label.errors = list(self.label.errors) + [gettext("Say what the date is for.")]
        try:
            day = service.parse_key_date(self.date.data, DatePrecision(self.precision.data), after)
        except service.OrganiseError as exc:
            self.date.errors = list(self.date.errors) + [str(exc) if self.date.data else gettext("Enter the date.")]
            return None
        precision = DatePrecision(self.precision.data)
        qualifier = MonthPart(self.qualifier.data) if self.qualifier.data else None
        if qualifier is not None and precision is not DatePrecision.month:
            self.qualifier.errors = list(self.qualifier.errors) + [
                gettext("A part of the month goes with a month, not a day.")]
            return None
        if not self.label.data:
            return None
        return service.KeyDateValue(self.label.data, day, precision, qualifier)


class CaptureForm(Form):
    """The quick form for points typed while the session runs."""

    kind = SelectField(_l("Kind"), choices=choices(POINT_KINDS, PointKind), default=PointKind.statement.value)
    speaker_id = SelectField(_l("Speaker"), coerce=int, choices=[(0, _l("— nobody —"))], default=0)
    title = StringField(_l("Title"), filters=STRIP, validators=[Optional(), Length(max=300)],
                        description=_l("Optional. Enter moves on to the text."))
    body = TextAreaField(_l("Text"), validators=[DataRequired(message=_l("Type what was said."))],
                         description=_l("Markdown. Ctrl+Enter saves and leaves kind and speaker as they are."))
    tags = StringField(_l("Tags"), filters=STRIP, validators=[Optional(), Length(max=MAX_LINE)],
                       description=_l("Comma-separated."))
    agenda_item_id = SelectField(_l("Agenda item"), coerce=int, choices=[(0, _l("— no agenda item —"))], default=0,
                                 description=_l("The item under discussion; the next point keeps it."))
    owner_name = StringField(_l("Owner"), filters=STRIP, validators=[Optional(), Length(max=300)],
                        description=_l("For actions: a person or an organisation. Type part of the name."))
    owner_ref = HiddenField()
    due_on = TypedDateField(_l("Due"), validators=[Optional()],
                            description=_l("For example 15.12.2026, 2026-12-15 or 15 December."))
    # not named key_dates: the conflict table compares fields with the point's attributes by name;
    # three empty rows at once, and "Add another date" for more (organise/points.py, static/js/organise.js)
    dates = FieldList(FormField(KeyDateForm), min_entries=3)


class PointForm(CaptureForm, VersionedForm):
    """The whole point: what the capture form has, and an action's and announcement's details."""

    status = SelectField(_l("Status"), choices=choices(ACTION_STATUS, ActionStatus), default=ActionStatus.open.value)
    # not named key_dates: the conflict table compares fields with the point's attributes by name
    dates = FieldList(FormField(KeyDateForm), min_entries=0)


class AgendaItemForm(VersionedForm):
    """An item of the agenda: what, who presents it (a participant, or a name typed), how long, notes."""

    title = StringField(_l("Title"), filters=STRIP, validators=[DataRequired(message=_l("Give the item a title.")),
                                                                Length(max=300)])
    presenter_id = SelectField(_l("Presenter"), coerce=int, choices=[(0, _l("— nobody —"))], default=0,
                               description=_l("A participant of the session."))
    presenter_name = StringField(_l("Or a presenter not among the participants"), filters=STRIP,
                                 validators=[Optional(), Length(max=200)],
                                 description=_l("For example: the Cluster's working group."))
    planned_minutes = IntegerField(_l("Planned minutes"), validators=[
        Optional(), NumberRange(min=1, max=1440, message=_l("Plan between 1 and 1,440 minutes, or leave it empty."))])
    notes = TextAreaField(_l("Notes"), validators=[Optional()], description=_l("Markdown; printed in the agenda."))
