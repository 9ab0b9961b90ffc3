"""The application a stage conversation works on: how it is named, found and moved on."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.coach.nudges import NudgeKind
from bot.coach.stages import PROCESS_ORDER, STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, JobApplication

# In lists and cards a company or role is cut to this many characters, so that twenty long
# names still fit a message (names are at most 100 characters, steps.MAX_NAME_CHARS).
LIST_NAME_CHARS = 48


def local_now(context: CoachContext) -> datetime:
    return context.now().astimezone(ZoneInfo(context.timezone))


def shorten(text: str, limit: int | None) -> str:
    """The text cut to `limit` characters with an ellipsis (plain text, before escaping)."""
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def application_label(application: JobApplication, limit: int | None = None) -> str:
    """ "Analis SOC di PT Aman" or just the company; escaped for HTML. `limit` cuts each name."""
    company = escape(shorten(application.company, limit))
    if application.role:
        return _("{role} di {company}").format(
            role=escape(shorten(application.role, limit)), company=company
        )
    return company


def button_label(application: JobApplication) -> str:
    """The application on a button: plain text (no HTML), and short."""
    label = (
        application.company
        if not application.role
        else f"{application.company} · {application.role}"
    )
    return shorten(label, 60)


def stage_title(application: JobApplication) -> str:
    stage = parse_stage(application.stage)
    return _(STAGE_INFO[stage].title) if stage else application.stage


def is_earlier(stage: Stage | None, than: Stage | None) -> bool:
    """Whether `stage` comes before `than` in the interview process (stages 1 to 4)."""
    if stage not in PROCESS_ORDER or than not in PROCESS_ORDER:
        return False
    return PROCESS_ORDER.index(stage) < PROCESS_ORDER.index(than)


async def focused(context: CoachContext) -> JobApplication | None:
    """The application the conversation works on, if it is still active."""
    application = await repositories.focused_application(context.session, context.user)
    if application is None or application.status != ApplicationStatus.ACTIVE:
        return None
    return application


async def has_offer(context: CoachContext, application: JobApplication) -> bool:
    return await repositories.latest_event(context.session, application.id, "offer") is not None


async def keep_asking_for_news(context: CoachContext, application: JobApplication) -> None:
    """Pushes the "Ada kabar?" nudge a week ahead, unless news is no longer what is awaited:
    the application is closed, or an offer is recorded (then the decision is the user's)."""
    if application.status != ApplicationStatus.ACTIVE or await has_offer(context, application):
        return
    await followups.on_activity(context.session, context.user, application, context.now())


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
        if stage is Stage.OFFER or stage is Stage.PERSISTENCE:
            # Waiting for news made sense before; now the user decides, or recovers.
            await followups.cancel(
                context.session,
                user_id=context.user.id,
                application_id=application.id,
                kinds=[NudgeKind.SILENT_APPLICATION],
            )
    application.updated_at = context.now()


async def passed_stages(context: CoachContext, application: JobApplication) -> set[str]:
    """The stages the application is recorded as passed."""
    events = await repositories.events_of_kind(context.session, application.id, "passed")
    return {str(event.detail.get("stage", "")) for event in events}


async def record_passed(context: CoachContext, application: JobApplication) -> bool:
    """Records that the user passed the application's current stage; once per stage (a double
    tap, or a button pressed again, records nothing more). Returns whether it was new."""
    if application.stage in await passed_stages(context, application):
        return False
    await repositories.add_event(
        context.session,
        application,
        "passed",
        context.now(),
        detail={"stage": application.stage},
    )
    return True
