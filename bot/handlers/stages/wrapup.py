"""An application's card, and how every stage ends: what is new, then the card.

The card says what is recorded (the timeline, with the interviews and the offer), the stage's
checklist, and what can be done next, as buttons. It is what opening an application shows
(/lamaran, a stage menu pick, a nudge), and what every stage conversation ends with. Its
outcome and checklist buttons carry the stage they were shown for, so that an old card pressed
later acts on what it names (see handlers/applications.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.callbacks import (
    ADD_INTERVIEW,
    CHECK,
    CLOSE_APPLICATION,
    DRAFT,
    EDIT_MENU,
    GO,
    GUIDANCE,
    LIST_APPLICATIONS,
    OUTCOME,
)
from bot.coach import money
from bot.coach.guidance import GUIDANCE as STAGE_GUIDANCE
from bot.coach.guidance import full_parts
from bot.coach.length import visible_len
from bot.coach.stages import PROCESS_ORDER, STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext
from bot.handlers.stages.moments import short_day, short_moment
from bot.handlers.stages.records import (
    LIST_NAME_CHARS,
    application_label,
    keep_asking_for_news,
    shorten,
)
from bot.handlers.stages.steps import CHANNEL_WORDS, FORMAT_WORDS, KIND_WORDS
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, Interview, JobApplication

# Every message the coach sends stays this far under Telegram's 4,096 UTF-16 units.
MESSAGE_BUDGET = 3800
# The card's timeline shows the latest lines; older ones are counted, not listed.
TIMELINE_LINES = 8
# An interviewer's name on the card is cut to this many characters.
CARD_PERSON_CHARS = 40
# The draft the card's ✉️ button gives, by stage (handlers/applications.py: send_draft).
STAGE_DRAFTS = {
    Stage.RECRUITER: "rekruter",
    Stage.SCREENING: "saring",
    Stage.FOLLOW_UP_INTERVIEWS: "lanjut",
    Stage.OFFER: "pilih",
    Stage.PERSISTENCE: "tolak",
}
# Whether a stage's conversation still has a question for the application (flow.asks_more).
AsksMore = Callable[[CoachContext, JobApplication, Stage], Awaitable[bool]]


def pack(lines: list[str], budget: int = MESSAGE_BUDGET) -> list[str]:
    """Lines joined into as few messages as fit the budget (UTF-16 units, as Telegram counts)."""
    messages: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if current and visible_len(candidate) > budget:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


def reply_packed(
    context: CoachContext, lines: list[str], markup: InlineKeyboardMarkup | None = None
) -> None:
    """Sends the lines in as few messages as fit; the buttons go with the last one."""
    parts = pack(lines)
    for part in parts[:-1]:
        context.reply(part)
    if parts:
        if markup is not None:
            context.reply(parts[-1], reply_markup=markup)
        else:
            context.reply(parts[-1])


def progress(application: JobApplication) -> str:
    """●●○○ through recruiter, screening, interviews, offer."""
    stage = parse_stage(application.stage)
    reached = PROCESS_ORDER.index(stage) + 1 if stage in PROCESS_ORDER else len(PROCESS_ORDER)
    return "●" * reached + "○" * (len(PROCESS_ORDER) - reached)


def status_label(application: JobApplication) -> str:
    """Where the application stands, in words: its stage, or how it ended."""
    match application.status:
        case ApplicationStatus.ACCEPTED:
            return _("🎉 Diterima")
        case ApplicationStatus.REJECTED:
            return _("💪 Tidak diterima")
        case ApplicationStatus.WITHDRAWN:
            return _("↩️ Mundur dari proses")
    stage = parse_stage(application.stage)
    if stage is None:
        return escape(application.stage)
    info = STAGE_INFO[stage]
    return f"📍 {info.number}. {_(info.title)}"


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _stage_name(raw: object) -> str:
    stage = parse_stage(str(raw))
    return _(STAGE_INFO[stage].title) if stage else ""


def event_label(event: ApplicationEvent, zone: str) -> str:
    """One event of the timeline in words that cannot be misread (received is not accepted)."""
    kind = event.kind
    if kind.startswith("stage:"):
        title = _stage_name(kind.removeprefix("stage:"))
        return _("masuk tahap {stage}").format(stage=title) if title else escape(kind)
    match kind:
        case "contacted":
            channel = str(event.detail.get("channel", ""))
            if channel in CHANNEL_WORDS:
                return _("dihubungi rekruter lewat {channel}").format(
                    channel=_(CHANNEL_WORDS[channel])
                )
            return _("dihubungi rekruter")
        case "passed":
            title = _stage_name(event.detail.get("stage", ""))
            if title:
                return _("✅ lolos tahap {stage}").format(stage=title)
            return _("lolos ke tahap berikutnya")
        case "offer":
            parts = [_("🎉 mendapat tawaran kerja")]
            amount = event.detail.get("amount")
            if isinstance(amount, int) and not isinstance(amount, bool):
                parts.append(_("gaji pokok {amount}").format(amount=money.format_rupiah(amount)))
            deadline = event.detail.get("deadline")
            if isinstance(deadline, str):
                parts.append(
                    _("jawaban paling lambat {moment}").format(
                        moment=short_moment(_local(datetime.fromisoformat(deadline), zone))
                    )
                )
            return "; ".join(parts)
        case "accepted":
            return _("menerima tawaran kerja")
        case "interview_cancelled":
            at = event.detail.get("at")
            if isinstance(at, str):
                return _("❌ wawancara {moment} dibatalkan").format(
                    moment=short_moment(_local(datetime.fromisoformat(at), zone))
                )
            return _("❌ wawancara dibatalkan")
        case "rejected":
            return _("tidak diterima")
        case "withdrawn":
            return _("mundur dari proses")
        case "waiting":
            return _("menunggu kabar")
        case "considering":
            return _("sedang menimbang tawaran")
        case "done":
            if event.detail.get("kind") in ("bagaimana", "terima_kasih_24j"):
                return _("ucapan terima kasih terkirim")
            if event.detail.get("kind") == "balas_rekruter":
                return _("membalas rekruter")
            return _("satu langkah selesai")
    return escape(kind)


def interview_label(interview: Interview) -> str:
    """ "📅 wawancara tambahan, teknis — Ibu Rina, Bapak Budi"."""
    stage = parse_stage(interview.stage)
    what = (
        _("wawancara pendahuluan")
        if stage is Stage.SCREENING
        else _("wawancara tambahan")
        if stage is Stage.FOLLOW_UP_INTERVIEWS
        else _("wawancara")
    )
    how = FORMAT_WORDS.get(interview.kind) or KIND_WORDS.get(interview.kind)
    text = f"📅 {what}" + (f", {_(how)}" if how else "")
    people = [escape(shorten(name, CARD_PERSON_CHARS)) for name in interview.interviewers]
    if people:
        text += " — " + ", ".join(people)
    return text


async def timeline(context: CoachContext, application: JobApplication) -> list[str]:
    """The application's history, oldest first: its events and its interviews, by date."""
    zone = context.timezone
    entries: list[tuple[datetime, int, str, str]] = []
    for event in await repositories.events_of(context.session, application.id):
        label = event_label(event, zone)
        entries.append((event.occurred_at, event.id, event.kind, label))
    for interview in await repositories.interviews_of(context.session, application.id):
        if interview.scheduled_at is not None:
            entries.append((interview.scheduled_at, 0, "interview", interview_label(interview)))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    lines: list[str] = []
    previous = ""
    for moment, _id, kind, label in entries:
        if kind.startswith("stage:") and previous == "passed":
            continue  # "lolos tahap 1" already says that the application moved on
        local = _local(moment, zone)
        when = short_moment(local) if kind == "interview" else short_day(local)
        lines.append(f"• {when}: {label}")
        previous = kind
    return lines


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


async def card(
    context: CoachContext, application: JobApplication, *, from_list: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    """The application's card: the record, the checklist of its stage, what comes next."""
    from bot.handlers.stages.flow import asks_more  # the flows are built on this module

    stage = parse_stage(application.stage)
    active = application.status == ApplicationStatus.ACTIVE
    head = [
        f"<b>{application_label(application, limit=LIST_NAME_CHARS)}</b> {progress(application)}",
        status_label(application),
    ]
    if application.contact_name:
        head.append(
            _("👤 Rekruter: {name}").format(
                name=escape(shorten(application.contact_name, CARD_PERSON_CHARS))
            )
        )
    history = await timeline(context, application)
    checklist: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    if active and stage is not None and stage in STAGE_GUIDANCE:
        done = await repositories.checklist_done(context.session, application.id, stage.value)
        checklist.append(_("<b>Daftar periksa</b> (tekan nomornya untuk mencentang)"))
        items = STAGE_GUIDANCE[stage].checklist
        for number, item in enumerate(items, start=1):
            checklist.append(f"{'☑️' if item.key in done else '⬜'} {number}. {_(item.text)}")
        ticks = [
            _button(
                f"{'☑️' if item.key in done else '⬜'} {number}",
                f"{CHECK}{application.id}:{stage.value}:{item.key}",
            )
            for number, item in enumerate(items, start=1)
        ]
        rows.extend(list(row) for row in keyboards.rows(ticks, per_row=4).inline_keyboard)
    actions = await _actions(context, application, stage, asks_more)
    if from_list:
        actions.append(_button(_("⬅️ Semua lamaran"), LIST_APPLICATIONS))
    rows.extend(list(row) for row in keyboards.rows(actions, per_row=2).inline_keyboard)

    def render(shown: list[str]) -> str:
        blocks = ["\n".join(head)]
        if shown:
            hidden = len(history) - len(shown)
            title = _("<b>Riwayat</b>")
            if hidden:
                title += " " + _("(+{count} sebelumnya)").format(count=hidden)
            blocks.append("\n".join([title, *shown]))
        if checklist:
            blocks.append("\n".join(checklist))
        return "\n\n".join(blocks)

    shown = history[-TIMELINE_LINES:]
    text = render(shown)
    while shown and visible_len(text) > MESSAGE_BUDGET:
        shown = shown[1:]
        text = render(shown)
    return text, InlineKeyboardMarkup(rows)


async def _actions(
    context: CoachContext,
    application: JobApplication,
    stage: Stage | None,
    asks_more: AsksMore,
) -> list[InlineKeyboardButton]:
    """The next sensible steps for the application, as buttons."""
    from bot.handlers import calendar_files, offer_tools  # both draw on this module

    app_id = application.id
    draft = STAGE_DRAFTS.get(stage) if stage is not None else None
    if application.status != ApplicationStatus.ACTIVE or stage is None:
        if application.status == ApplicationStatus.REJECTED:
            return [_button(_("✉️ Draf"), f"{DRAFT}{app_id}:tolak")]
        # An accepted offer's take-home is still worth a look.
        return await offer_tools.offer_buttons(context, application)
    buttons: list[InlineKeyboardButton] = []
    if await asks_more(context, application, stage):
        buttons.append(_button(_("▶️ Lanjutkan"), f"{GO}{app_id}:{stage.value}"))
    outcome = f"{OUTCOME}{app_id}:{stage.value}:"
    if stage is Stage.OFFER:
        buttons += [
            _button(_("🎉 Saya terima"), f"{outcome}accept"),
            _button(_("🤔 Masih menimbang"), f"{outcome}wait"),
            _button(_("🙅 Tidak saya ambil"), f"{outcome}decline"),
        ]
    elif stage in PROCESS_ORDER:
        buttons += [
            _button(_("✅ Lolos"), f"{outcome}pass"),
            _button(_("⏳ Belum ada kabar"), f"{outcome}wait"),
        ]
        if stage in (Stage.SCREENING, Stage.FOLLOW_UP_INTERVIEWS):
            buttons.append(
                _button(_("➕ Tambah wawancara"), f"{ADD_INTERVIEW}{app_id}:{stage.value}")
            )
        buttons += [
            _button(_("🎉 Tawaran"), f"{GO}{app_id}:{Stage.OFFER.value}"),
            _button(_("💪 Ditolak"), f"{outcome}reject"),
        ]
    if draft is not None:
        buttons.append(_button(_("✉️ Draf"), f"{DRAFT}{app_id}:{draft}"))
    buttons += await offer_tools.offer_buttons(context, application)
    buttons += await calendar_files.calendar_buttons(context, application)
    buttons += [
        _button(_("✏️ Ubah"), f"{EDIT_MENU}{app_id}"),
        _button(_("📖 Panduan lengkap"), f"{GUIDANCE}{stage.value}:{app_id}"),
        _button(_("↩️ Saya mundur"), f"{CLOSE_APPLICATION}{app_id}:withdrawn"),
    ]
    return buttons


async def send_card(
    context: CoachContext, application: JobApplication, *, from_list: bool = False
) -> None:
    """The card, after the calendar files of what changed: the card ends every change (a
    stage, ✏️ Ubah), so an interview the user added to their calendar is re-sent with it."""
    from bot.handlers.calendar_files import bring_up_to_date  # it draws on this module

    await bring_up_to_date(context, application)
    text, markup = await card(context, application, from_list=from_list)
    context.reply(text, reply_markup=markup)


async def send_guidance_once(
    context: CoachContext, application: JobApplication, stage: Stage
) -> None:
    """The stage's full guidance, the first time the application reaches it; later only on
    request (📖 Panduan lengkap)."""
    if await repositories.guidance_was_shown(context.session, application.id, stage.value):
        return
    for part in full_parts(stage):
        context.reply(part)
    await repositories.mark_guidance_shown(
        context.session, application.id, stage.value, context.now()
    )


async def finish_stage(
    context: CoachContext,
    application: JobApplication,
    stage: Stage,
    *,
    recorded: str | None = None,
    drafts: list[str] | None = None,
    then: tuple[str, InlineKeyboardMarkup] | None = None,
) -> None:
    """Sends what was recorded, the guidance (once per application), the drafts, a question
    with buttons (`then`) and the card."""
    await keep_asking_for_news(context, application)
    if recorded:
        context.reply(recorded)
    await send_guidance_once(context, application, stage)
    for draft in drafts or []:
        context.reply(draft)
    if then is not None:
        context.reply(then[0], reply_markup=then[1])
    await send_card(context, application)
