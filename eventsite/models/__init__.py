"""All models, importable from one place."""
from eventsite.models.api import ApiToken, CalendarFeed, TokenScope
from eventsite.models.audit import AuditEntry
from eventsite.models.base import db
from eventsite.models.directory import DirectoryEntry
from eventsite.models.forum import Forum, ForumSession, SessionKind, Visibility
from eventsite.models.people import (
    Attendance,
    Organisation,
    OrganisationKind,
    ParticipantGroup,
    Participation,
    Person,
    Role,
)
from eventsite.models.minutes import CorrectionRequest, CorrectionStatus, DocumentStatus, Minutes, MinutesRevision
from eventsite.models.points import ActionStatus, DatePrecision, DiscussionPoint, KeyDate, MonthPart, PointKind
from eventsite.models.press import PressRelease, PressReleaseRevision
from eventsite.models.user import User, UserRole

__all__ = [
    "ActionStatus", "ApiToken", "Attendance", "CalendarFeed", "AuditEntry", "CorrectionRequest", "CorrectionStatus", "DirectoryEntry",
    "DocumentStatus",
    "Minutes", "MinutesRevision", "PressRelease", "PressReleaseRevision", "DatePrecision", "MonthPart", "DiscussionPoint", "Forum",
    "ForumSession", "KeyDate", "Organisation", "OrganisationKind", "ParticipantGroup", "Participation",
    "Person", "PointKind", "Role", "SessionKind", "TokenScope", "User", "UserRole", "Visibility", "db",
]
