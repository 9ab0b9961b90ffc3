"""/lamaran and the buttons that work on one application: checklist ticks, outcomes, closing."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import CHECK, CLOSE_APPLICATION, GO, OUTCOME, SHOW_APPLICATION
from bot.coach.guidance import checklist_item
from bot.coach.stages import PROCESS_ORDER, STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext, callback_message
from bot.followups import schedule as followups
from bot.handlers import fallbacks
from bot.handlers.stages.records import application_label
from bot.handlers.stages.wrapup import card
from bot.i18n import _, format_day
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, JobApplication

CLOSED = {s.value for s in ApplicationStatus if s is not ApplicationStatus.ACTIVE}


def progress(application: JobApplication) -> str:
    """●●○○ through recruiter, screening, interviews, offer."""
    stage = parse_stage(application.stage)
    reached = PROCESS_ORDER.index(stage) + 1 if stage in PROCESS_ORDER else len(PROCESS_ORDER)
    return "●" * reached + "○" * (len(PROCESS_ORDER) - reached)


async def _owned(context: CoachContext, raw: str) -> JobApplication | None:
    application_id = keyboards.parse_id(raw)
    if application_id is None:
        return None
    return await repositories.get_application(context.session, context.user.id, application_id)


async def list_applications(update: Update, context: CoachContext) -> None:
    """Lists the user's applications with their progress; each opens its details."""
    applications = await repositories.all_applications(context.session, context.user.id)
    if not applications:
        context.reply(
            _(
                "Belum ada lamaran yang tercatat. Ketik /wawancara dan pilih tahap Anda untuk mencatat lamaran pertama."
            )
        )
        return
    active = [a for a in applications if a.status == ApplicationStatus.ACTIVE]
    closed = len(applications) - len(active)
    lines = [_("<b>Lamaran Anda</b>")]
    buttons = []
    for application in active[:20]:
        stage = parse_stage(application.stage)
        title = _(STAGE_INFO[stage].title) if stage else application.stage
        lines.append(f"{progress(application)} {application_label(application)} — {title}")
        buttons.append(
            InlineKeyboardButton(
                application.company[:40], callback_data=f"{SHOW_APPLICATION}{application.id}"
            )
        )
    if closed:
        lines.append(_("Ditutup: {count} lamaran.").format(count=closed))
    if not buttons:
        # Only closed applications: Telegram refuses an empty inline keyboard.
        context.reply("\n".join(lines))
        return
    lines.append(_("Pilih lamaran untuk melanjutkan atau menutupnya."))
    context.reply("\n".join(lines), reply_markup=keyboards.rows(buttons, per_row=2))


async def show_application(update: Update, context: CoachContext) -> None:
    """Shows one application's timeline and what can be done with it."""
    context.answer()
    application = await _owned(context, callbacks.data(update).removeprefix(SHOW_APPLICATION))
    if application is None:
        await fallbacks.stale_button(update, context)
        return
    events = await repositories.events_of(context.session, application.id)
    lines = [f"<b>{application_label(application)}</b> {progress(application)}"]
    for event in events[-12:]:
        lines.append(
            f"• {format_day(event.occurred_at, context.timezone)}: {event_label(event.kind)}"
        )
    rows: list[list[InlineKeyboardButton]] = []
    stage = parse_stage(application.stage)
    if application.status == ApplicationStatus.ACTIVE and stage is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    _("▶️ Lanjutkan: {stage}").format(stage=_(STAGE_INFO[stage].title)),
                    callback_data=f"{GO}{application.id}:{stage.value}",
                )
            ]
        )
        rows.append(
            [
                InlineKeyboardButton(
                    _("🎉 Diterima"), callback_data=f"{CLOSE_APPLICATION}{application.id}:accepted"
                ),
                InlineKeyboardButton(
                    _("💪 Ditolak"), callback_data=f"{CLOSE_APPLICATION}{application.id}:rejected"
                ),
                InlineKeyboardButton(
                    _("↩️ Saya mundur"),
                    callback_data=f"{CLOSE_APPLICATION}{application.id}:withdrawn",
                ),
            ]
        )
    else:
        lines.append(_("Lamaran ini sudah ditutup."))
    context.edit(
        callback_message(update),
        "\n".join(lines),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )


def event_label(kind: str) -> str:
    if kind.startswith("stage:"):
        stage = parse_stage(kind.removeprefix("stage:"))
        return _("masuk tahap {stage}").format(stage=_(STAGE_INFO[stage].title)) if stage else kind
    labels = {
        "contacted": _("dihubungi rekruter"),
        "offer": _("menerima penawaran"),
        "rejected": _("ditolak"),
        "accepted": _("menerima pekerjaan"),
        "withdrawn": _("mundur dari proses"),
        "waiting": _("menunggu kabar"),
        "passed": _("lolos ke tahap berikutnya"),
    }
    return labels.get(kind, kind)


async def close_application(update: Update, context: CoachContext) -> None:
    """Closes an application as accepted, rejected or withdrawn."""
    raw_id, _sep, raw_status = (
        callbacks.data(update).removeprefix(CLOSE_APPLICATION).partition(":")
    )
    application = await _owned(context, raw_id)
    status = ApplicationStatus(raw_status) if raw_status in CLOSED else None
    if application is None or application.status != ApplicationStatus.ACTIVE or status is None:
        await fallbacks.stale_button(update, context)
        return
    if status is ApplicationStatus.REJECTED:
        # A rejection deserves the persistence stage, not just a closed row.
        context.answer()
        go = InlineKeyboardButton(
            _("💪 Buka tahap Membangun ketekunan"),
            callback_data=f"{GO}{application.id}:{Stage.PERSISTENCE.value}",
        )
        context.reply(
            _("Saya ikut menyesal. Mari kita hadapi bersama."), reply_markup=keyboards.rows([go])
        )
        return
    await close(context, application, status)
    context.answer()
    context.edit(callback_message(update), closing_message(application, status))


async def close(
    context: CoachContext, application: JobApplication, status: ApplicationStatus
) -> None:
    await followups.on_close(context.session, context.user, application)
    application.status = status
    application.closed_at = context.now()
    application.updated_at = context.now()
    if context.user.focus_application_id == application.id:
        context.user.focus_application_id = None


def closing_message(application: JobApplication, status: ApplicationStatus) -> str:
    if status is ApplicationStatus.ACCEPTED:
        return _(
            "🎉 Selamat! Lamaran {application} selesai: Anda <b>diterima</b>. Semoga sukses di pekerjaan baru!"
        ).format(application=application_label(application))
    return _("Lamaran {application} ditutup. Ketik /lamaran untuk melihat lamaran lain.").format(
        application=application_label(application)
    )


async def outcome(update: Update, context: CoachContext) -> None:
    """Moves the application on after a stage: passed, waiting, rejected, accepted, declined."""
    raw_id, _sep, result = callbacks.data(update).removeprefix(OUTCOME).partition(":")
    application = await _owned(context, raw_id)
    if application is None or application.status != ApplicationStatus.ACTIVE:
        await fallbacks.stale_button(update, context)
        return
    stage = parse_stage(application.stage)
    context.answer()
    now = context.now()
    match result:
        case "pass" if stage in PROCESS_ORDER[:-1]:
            following = PROCESS_ORDER[PROCESS_ORDER.index(stage) + 1]
            await repositories.add_event(context.session, application, "passed", now)
            await followups.on_stage_change(context.session, context.user, application, now)
            info = STAGE_INFO[following]
            go = InlineKeyboardButton(
                f"{info.emoji} {_(info.title)}",
                callback_data=f"{GO}{application.id}:{following.value}",
            )
            context.reply(
                _(
                    "Selamat, Anda lolos! 🎉 Tahap berikutnya untuk {application}: <b>{stage}</b>. Tekan tombol di bawah saat Anda siap."
                ).format(application=application_label(application), stage=_(info.title)),
                reply_markup=keyboards.rows([go]),
            )
        case "wait":
            await repositories.add_event(context.session, application, "waiting", now)
            await followups.on_activity(context.session, context.user, application, now)
            application.updated_at = now
            if stage is Stage.OFFER:
                context.reply(
                    _(
                        "Baik, timbang dengan tenang. Saya akan mengingatkan Anda untuk memutuskan pada waktunya."
                    )
                )
                return
            context.reply(
                _(
                    "Baik. Menunggu kabar memang tidak mudah; sementara itu, tetap lanjutkan lamaran lain. Tekan tombol di kartu ini lagi saat ada perkembangan."
                )
            )
        case "reject":
            go = InlineKeyboardButton(
                _("💪 Buka tahap Membangun ketekunan"),
                callback_data=f"{GO}{application.id}:{Stage.PERSISTENCE.value}",
            )
            context.reply(
                _("Saya ikut menyesal. Mari kita hadapi bersama."),
                reply_markup=keyboards.rows([go]),
            )
        case "accept" if stage is Stage.OFFER:
            await repositories.add_event(context.session, application, "accepted", now)
            await close(context, application, ApplicationStatus.ACCEPTED)
            context.reply(closing_message(application, ApplicationStatus.ACCEPTED))
        case "decline" if stage is Stage.OFFER:
            await repositories.add_event(context.session, application, "withdrawn", now)
            await close(context, application, ApplicationStatus.WITHDRAWN)
            context.reply(closing_message(application, ApplicationStatus.WITHDRAWN))
        case _:
            await fallbacks.stale_button(update, context)


async def toggle_check(update: Update, context: CoachContext) -> None:
    """Ticks or unticks a checklist item and redraws the card."""
    parts = callbacks.data(update).removeprefix(CHECK).split(":")
    application = await _owned(context, parts[0]) if len(parts) == 3 else None
    stage = parse_stage(parts[1]) if len(parts) == 3 else None
    if application is None or stage is None or checklist_item(stage, parts[2]) is None:
        await fallbacks.stale_button(update, context)
        return
    ticked = await repositories.toggle_checklist(
        context.session, application.id, stage.value, parts[2], context.now()
    )
    await context.session.flush()
    context.answer(_("Dicentang ☑️") if ticked else _("Centang dihapus"))
    text, markup = await card(context, application, stage)
    context.edit(callback_message(update), text, reply_markup=markup)
