"""All models, importable from one place."""
from eventsite.models.agenda import AgendaItem
from eventsite.models.api import ApiToken, CalendarFeed, TokenScope
from eventsite.models.attachments import Attachment, AttachmentContent
from eventsite.models.artifacts import DocumentArtifact
from eventsite.models.audit import AuditEntry
from eventsite.models.content_version import ContentVersion
from eventsite.models.base import db
from eventsite.models.directory import DirectoryEntry
from eventsite.models.forum import TRANSLATED_TEXTS, Forum, ForumSession, ForumText, SessionKind, Visibility
from eventsite.models.people import (
    Attendance,
    Organisation,
    OrganisationKind,
    ParticipantGroup,
    Participation,
    Person,
    Role,
)
from eventsite.models.merges import MergeRecord
from eventsite.models.minutes import CorrectionRequest, CorrectionStatus, DocumentStatus, Minutes, MinutesRevision
from eventsite.models.notify import ReminderSent, forum_organiser
from eventsite.models.points import ActionStatus, DatePrecision, DiscussionPoint, KeyDate, MonthPart, PointKind
from eventsite.models.press import PressRelease, PressReleaseRevision
from eventsite.models.uploads import BundleUpload
from eventsite.models.user import User, UserRole

__all__ = [
    "ActionStatus", "AgendaItem", "ApiToken", "Attachment", "AttachmentContent", "Attendance", "AuditEntry",
    "BundleUpload",
    "CalendarFeed", "ContentVersion", "CorrectionRequest", "CorrectionStatus", "DirectoryEntry", "DocumentArtifact", "DocumentStatus",
    "Minutes", "MinutesRevision", "PressRelease", "PressReleaseRevision", "DatePrecision", "MonthPart", "DiscussionPoint", "Forum", "ForumText", "TRANSLATED_TEXTS",
    "ForumSession", "KeyDate", "MergeRecord", "Organisation", "OrganisationKind", "ParticipantGroup", "Participation",
    "Person", "PointKind", "ReminderSent", "forum_organiser", "Role", "SessionKind", "TokenScope", "User", "UserRole",
    "Visibility", "db",
]
