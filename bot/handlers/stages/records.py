"""The application a stage conversation works on: how it is named, found and moved on."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, JobApplication


def local_now(context: CoachContext) -> datetime:
    return context.now().astimezone(ZoneInfo(context.timezone))


def application_label(application: JobApplication) -> str:
    """ "Analis SOC di PT Aman" or just the company; escaped for HTML."""
    if application.role:
        return _("{role} di {company}").format(
            role=escape(application.role), company=escape(application.company)
        )
    return escape(application.company)


def button_label(application: JobApplication) -> str:
    """The application on a button: plain text (no HTML), and short."""
    label = (
        application.company
        if not application.role
        else f"{application.company} · {application.role}"
    )
    return label[:60]


async def focused(context: CoachContext) -> JobApplication | None:
    """The application the conversation works on, if it is still active."""
    application = await repositories.focused_application(context.session, context.user)
    if application is None or application.status != ApplicationStatus.ACTIVE:
        return None
    return application


async def move_to_stage(context: CoachContext, application: JobApplication, stage: Stage) -> None:
    """Records that the application has reached `stage` (once per arrival)."""
    context.user.focus_application_id = application.id
    if application.stage != stage.value:
        await followups.on_stage_change(context.session, context.user, application, context.now())
        application.stage = stage.value
        context.session.add(
            ApplicationEvent(
                application_id=application.id,
                kind=f"stage:{stage.value}",
                occurred_at=context.now(),
                detail={},
                note="",
            )
        )
    application.updated_at = context.now()
