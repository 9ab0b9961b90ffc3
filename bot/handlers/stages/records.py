"""The application a stage conversation works on: how it is named, found, moved on, and what is
recorded on it.

The recording functions here are the one way each fact gets onto an application, whether it was
answered in a stage conversation (handlers/stages/questions/) or confirmed from a sentence
typed outside one (handlers/progress.py): an interview with its nudges, an offer, a stage
passed, a rejection.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.coach import names
from bot.coach.nudges import NudgeKind
from bot.coach.stages import PROCESS_ORDER, STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, Interview, JobApplication

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


async def new_application(
    context: CoachContext, company: str, stage: Stage, role: str = ""
) -> JobApplication:
    """Stores a new active application at `stage`, with the names in their formal spelling
    (names.company_name, names.role_name), and puts the stage on its timeline."""
    application = await repositories.create_application(
        context.session,
        context.user,
        company=names.company_name(company),
        stage=stage.value,
        now=context.now(),
    )
    if role:
        application.role = names.role_name(role)
    if stage is not Stage.RECRUITER:
        # Its first line on the timeline (stage 1 gets "contacted by a recruiter" instead).
        await repositories.add_event(
            context.session, application, f"stage:{stage.value}", context.now()
        )
    return application


async def schedule_interview(
    context: CoachContext,
    application: JobApplication,
    stage: Stage,
    moment: datetime,
    interview: Interview | None = None,
) -> Interview:
    """Stores a new interview of `stage` at `moment` (or moves `interview` there) and plans its
    nudges; one already held gets no "how did it go?" nudge: its thank-you comes now.

    The caller checks first that no other interview of the application is at `moment`
    (repositories.interview_at): the database refuses a second one."""
    if interview is None:
        interview = Interview(
            application_id=application.id,
            stage=stage.value,
            scheduled_at=moment,
            kind="",
            interviewers=[],
            created_at=context.now(),
        )
        context.session.add(interview)
    interview.scheduled_at = moment
    await context.session.flush()
    await followups.on_interview(
        context.session, context.user, application, interview, context.now()
    )
    if moment <= context.now():
        await followups.cancel(
            context.session,
            user_id=context.user.id,
            interview_id=interview.id,
            kinds=[NudgeKind.DEBRIEF],
        )
    return interview


async def record_offer(
    context: CoachContext,
    application: JobApplication,
    received: datetime,
    amount: int | None = None,
) -> ApplicationEvent:
    """Stores the offer received at `received` (with its monthly salary when known) and plans
    the decision reminder."""
    detail: dict[str, object] = {} if amount is None else {"amount": amount}
    offer = await repositories.add_event(
        context.session, application, "offer", received, detail=detail
    )
    await followups.on_offer(
        context.session, context.user, application, offer.occurred_at, None, context.now()
    )
    return offer


async def mark_rejected(context: CoachContext, application: JobApplication) -> bool:
    """Closes the application as not accepted: its nudges are cancelled, and the feedback
    request and check-in of a rejection are planned. Returns whether it was still active."""
    if application.status != ApplicationStatus.ACTIVE:
        return False
    now = context.now()
    application.status = ApplicationStatus.REJECTED
    application.closed_at = now
    application.updated_at = now
    if context.user.focus_application_id == application.id:
        context.user.focus_application_id = None
    await repositories.add_event(context.session, application, "rejected", now)
    await followups.on_rejection(context.session, context.user, application, now)
    # Interviews still ahead that the user put in their calendar are called off there too.
    from bot.handlers.calendar_files import bring_up_to_date  # it draws on this module

    await bring_up_to_date(context, application)
    return True
