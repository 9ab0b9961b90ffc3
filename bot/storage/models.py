"""SQLAlchemy models: the source of the schema that Alembic revisions in `migrations/` follow."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that Alembic revisions work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which drops the zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def stored_enum(enum: type[StrEnum], length: int) -> Enum:
    """A StrEnum column stored as its values in a plain VARCHAR (no database enum type, no CHECK,
    so a new member needs no migration); rows read back as members."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class FollowUpStatus(StrEnum):
    PENDING = "pending"  # waiting for its due time
    SENDING = "sending"  # claimed by a dispatcher; sent or being sent
    SENT = "sent"
    CANCELLED = "cancelled"  # no longer makes sense (step done, application moved on)
    EXPIRED = "expired"  # fell due so long ago that sending it would mislead
    FAILED = "failed"  # gave up after the retry cap; last_error says why


class ApplicationStatus(StrEnum):
    ACTIVE = "active"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class User(Base):
    """A person who talked to the coach in a private chat."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(128), default="")
    language: Mapped[str | None] = mapped_column(String(8))
    telegram_language: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(32), default="Asia/Jakarta")
    quiet_start: Mapped[int] = mapped_column(default=21)
    quiet_end: Mapped[int] = mapped_column(default=7)
    nudges_paused: Mapped[bool] = mapped_column(default=False)
    # The application the running stage conversation is about; a column, not PTB's user_data,
    # so that every replica and every restart sees it.
    focus_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL", use_alter=True)
    )
    blocked: Mapped[bool] = mapped_column(default=False)
    # Answers of a running conversation that belong to no row yet (a day still waiting for its
    # time of day); cleared when the conversation moves on.
    pending: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # For the signature of the drafts, asked once and optional: None = not asked yet, "" = the
    # user preferred not to say (the drafts then sign with the first name).
    full_name: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(32))
    # The PTKP status of the take-home estimate ("TK/0", "K/2"), asked once and optional:
    # None = not asked yet, "" = the user preferred not to say (the estimate assumes TK/0).
    ptkp_status: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)

    applications: Mapped[list[JobApplication]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        passive_deletes=True,
        foreign_keys="JobApplication.user_id",
    )


class JobApplication(Base):
    """One job the user applied for, and how far its interview process has come."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(32))
    status: Mapped[ApplicationStatus] = mapped_column(
        stored_enum(ApplicationStatus, 16), default=ApplicationStatus.ACTIVE
    )
    # The recruiter or HR contact the drafts greet ("Ibu Rina"): None = not asked yet, "" =
    # not known (the drafts then write "Bapak/Ibu").
    contact_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship(back_populates="applications", foreign_keys=[user_id])
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ApplicationEvent.occurred_at",
    )


class ApplicationEvent(Base):
    """A dated step on an application's timeline (contacted, screening held, offer, ...)."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[JobApplication] = relationship(back_populates="events")


class Interview(Base):
    """A scheduled screening or further interview of an application."""

    __tablename__ = "interviews"
    __table_args__ = (
        # Two interviews of one application at the same moment are the same interview (a panel
        # is one interview with several interviewers): never stored twice. A unique index, not
        # a constraint: SQLite adds it without rebuilding the table (a rebuild drops the old
        # table, and ON DELETE CASCADE would take every interview's nudges with it).
        Index("uq_interviews_moment", "application_id", "scheduled_at", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(32))
    # The three facts a calendar file carries that can change (active_history: the old value
    # is loaded before a new one is set, so that an unchanged value is no revision).
    scheduled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, active_history=True)
    kind: Mapped[str] = mapped_column(String(32), default="", active_history=True)
    interviewers: Mapped[list[str]] = mapped_column(JSON, default=list, active_history=True)
    thank_you_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Raised at every change of the time, the kind or the interviewers (see count_revisions)
    # and at a cancellation: the SEQUENCE of the interview's calendar file (RFC 5545).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # The revision of the last calendar file sent to the user, or None when they have none in
    # their calendar (never added, or cancelled since): what a change re-sends, what a
    # cancellation cancels.
    calendar_revision: Mapped[int | None] = mapped_column()


REVISED = ("scheduled_at", "kind", "interviewers")


@event.listens_for(Session, "before_flush")
def count_revisions(session: Session, flush_context: object, instances: object) -> None:
    """Raises an interview's revision when its time, kind or interviewers change, by whatever
    path (✏️ Ubah, a stage continued, free text): a calendar file sent before is then stale."""
    for instance in session.dirty:
        if isinstance(instance, Interview) and _revised(instance):
            instance.revision = (instance.revision or 0) + 1


def _revised(interview: Interview) -> bool:
    attributes = inspect(interview).attrs
    for name in REVISED:
        history = attributes[name].history
        if history.added and (not history.deleted or history.added[0] != history.deleted[0]):
            return True
    return False


class ChecklistMark(Base):
    """One ticked item of a stage's checklist for one application."""

    __tablename__ = "checklist_marks"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(32), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(UtcDateTime)


class GuidanceShown(Base):
    """The full guidance of a stage was sent for an application: later visits get only what is
    new, and the guidance again only on request."""

    __tablename__ = "guidance_shown"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(32), primary_key=True)
    shown_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConversationState(Base):
    """Where a chat stands in one of the conversations (read and written by each update)."""

    __tablename__ = "conversation_states"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    # PTB keys conversations by (chat id, user id); stored as "chat:user" for an indexable key.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    state: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FollowUp(Base):
    """A nudge due at a moment: a row, not a timer, so restarts and replicas lose none."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        # The dispatcher's claim query reads (status, due_at); the partial-looking index keeps
        # it cheap however many sent rows pile up.
        Index("ix_follow_ups_status_due", "status", "due_at"),
        # One user's pending nudges in due order (/pengingat, cancelling): without it SQLite
        # walked every pending row of every user in due order (47 ms at 100,000 users,
        # bench/growth.py). Its leading user_id serves the user's other lookups too.
        Index("ix_follow_ups_user_status_due", "user_id", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    # The moment the nudge is meant for (its rule's, a snooze's, a retry's), before the user's
    # quiet hours moved it: what it is placed from again when they change. Null in rows written
    # before it existed, which were meant for their due_at.
    planned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # After this moment the nudge would mislead ("prepare for tomorrow" after the interview).
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[FollowUpStatus] = mapped_column(
        stored_enum(FollowUpStatus, 16), default=FollowUpStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PracticeSession(Base):
    """One /latihan set: the questions chosen for it and how far the user has come."""

    __tablename__ = "practice_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(16))  # umum, perilaku, teknis or campur
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)  # index of the question being asked
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PracticeAnswer(Base):
    """A typed practice answer, private to the user; kept until the user deletes it."""

    __tablename__ = "practice_answers"
    __table_args__ = (Index("ix_practice_answers_user_answered", "user_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="SET NULL"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str] = mapped_column(Text)
    # A summary of the insights (terms, STAR parts, length) for the history.
    findings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ResilienceLesson(Base):
    """One lesson the user wrote down after a rejection (/tangguh)."""

    __tablename__ = "resilience_lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    lesson: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TipSeen(Base):
    """A resilience tip already shown to the user, so the next visit brings new ones."""

    __tablename__ = "tips_seen"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    tip_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProgressReport(Base):
    """What the coach understood from a progress message typed outside a conversation
    ("dijadwalin screening telpon besok jam 10 sama PT Aman Siber"), kept from the message until
    the user's tap: the buttons carry its id, as their data holds only 64 bytes. Nothing in it
    is recorded on the application before that tap; once recorded its detail is emptied, and a
    report is forgotten a day after it was made (bot/storage/reports.py)."""

    __tablename__ = "progress_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    intent: Mapped[str] = mapped_column(String(32))  # intents.Intent: passed, interview, offer
    # What was read: the application it is about, a company and role for a new one, the moment
    # or day, the format or kind, whether it is the screening, the amount.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open or recorded
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class ReceivedUpdate(Base):
    """An update Telegram handed us. In polling mode it is stored before Telegram is told it
    arrived (the next getUpdates) and handled from here, so a kill loses none; once handled only
    its id stays, for a day, so that an update delivered again is not applied twice."""

    __tablename__ = "received_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # The update as Telegram sent it, until it is handled (it holds what the user wrote).
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
