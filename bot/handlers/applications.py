"""/lamaran and the buttons of an application's card: checklist ticks, outcomes, closing, the
drafts, the full guidance and what to change.

Outcome and checklist buttons carry the stage their card was shown for: pressed when the
application has moved on, they are refused kindly and the current card is sent, so that an old
card never announces the wrong next stage or cancels the current stage's nudges. Recording an
outcome twice (a double tap) records it once.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import (
    CHECK,
    CLOSE_APPLICATION,
    DRAFT,
    EDIT,
    EDIT_MENU,
    GO,
    GUIDANCE,
    OUTCOME,
    SHOW_APPLICATION,
)
from bot.coach.guidance import checklist_item, full_parts
from bot.coach.stages import PROCESS_ORDER, Stage, parse_stage
from bot.context import CoachContext, callback_message
from bot.followups import schedule as followups
from bot.handlers import calendar_files, fallbacks
from bot.handlers.stages import drafting, passing
from bot.handlers.stages.moments import short_day, short_moment
from bot.handlers.stages.offer import draft_choice
from bot.handlers.stages.records import (
    LIST_NAME_CHARS,
    application_label,
    button_label,
    is_earlier,
    keep_asking_for_news,
    passed_stages,
    shorten,
    stage_title,
)
from bot.handlers.stages.wrapup import card, pack, progress, reply_packed, send_card, status_label
from bot.i18n import _, ngettext
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, JobApplication

CLOSED = {s.value for s in ApplicationStatus if s is not ApplicationStatus.ACTIVE}
# /lamaran lists this many active applications and this many closed ones (the latest).
MAX_ACTIVE_LISTED = 20
MAX_CLOSED_LISTED = 10
# After an accepted offer, a withdrawal draft is offered for this many other applications.
MAX_WITHDRAWALS = 8
# ✏️ Ubah lists the fields of this many interviews (the latest ones).
MAX_EDITED_INTERVIEWS = 3


async def _owned(context: CoachContext, raw: str) -> JobApplication | None:
    application_id = keyboards.parse_id(raw)
    if application_id is None:
        return None
    return await repositories.get_application(context.session, context.user.id, application_id)


# --- /lamaran and one application's card ----------------------------------------------------


async def _listing(context: CoachContext) -> tuple[list[str], InlineKeyboardMarkup | None]:
    applications = await repositories.applications_in_order(context.session, context.user.id)
    active = [a for a in applications if a.status == ApplicationStatus.ACTIVE]
    closed = [a for a in applications if a.status != ApplicationStatus.ACTIVE]
    lines = [_("<b>Lamaran Anda</b>")]
    buttons: list[InlineKeyboardButton] = []
    for application in active[:MAX_ACTIVE_LISTED]:
        lines.append(
            f"{progress(application)} {application_label(application, limit=LIST_NAME_CHARS)}"
            f" — {stage_title(application)}"
        )
        buttons.append(
            InlineKeyboardButton(
                shorten(button_label(application), 40),
                callback_data=f"{SHOW_APPLICATION}{application.id}",
            )
        )
    if len(active) > MAX_ACTIVE_LISTED:
        lines.append(
            _("… dan {count} lamaran aktif lainnya.").format(count=len(active) - MAX_ACTIVE_LISTED)
        )
    if closed:
        lines.append("")
        lines.append(_("<b>Sudah selesai</b>"))
        for application in closed[-MAX_CLOSED_LISTED:]:
            lines.append(
                f"{status_label(application)} — "
                f"{application_label(application, limit=LIST_NAME_CHARS)}"
            )
            buttons.append(
                InlineKeyboardButton(
                    "✓ " + shorten(button_label(application), 38),
                    callback_data=f"{SHOW_APPLICATION}{application.id}",
                )
            )
        if len(closed) > MAX_CLOSED_LISTED:
            lines.append(
                _("… dan {count} lamaran lama lainnya.").format(
                    count=len(closed) - MAX_CLOSED_LISTED
                )
            )
    lines.append("")
    lines.append(_("Pilih lamaran untuk melihat kartunya: yang tercatat dan langkah berikutnya."))
    return lines, keyboards.rows(buttons, per_row=2)


async def list_applications(update: Update, context: CoachContext) -> None:
    """Lists the user's applications, in a stable order; each opens its card."""
    applications = await repositories.all_applications(context.session, context.user.id)
    if not applications:
        context.reply(
            _(
                "Belum ada lamaran yang tercatat. Ketik /wawancara dan pilih tahap Anda untuk mencatat lamaran pertama."
            )
        )
        return
    lines, markup = await _listing(context)
    reply_packed(context, lines, markup)


async def list_again(update: Update, context: CoachContext) -> None:
    """⬅️ Semua lamaran: the list again, in place of the card when it fits one message."""
    context.answer()
    lines, markup = await _listing(context)
    parts = pack(lines)
    if len(parts) == 1:
        context.edit(callback_message(update), parts[0], reply_markup=markup)
    else:
        reply_packed(context, lines, markup)


async def show_application(update: Update, context: CoachContext) -> None:
    """Shows one application's card: in place of the list (ap:<id>), or anew (ap:<id>:n)."""
    context.answer()
    raw, _sep, mode = callbacks.data(update).removeprefix(SHOW_APPLICATION).partition(":")
    application = await _owned(context, raw)
    if application is None:
        await fallbacks.stale_button(update, context)
        return
    if mode == "n":
        await send_card(context, application)
        return
    text, markup = await card(context, application, from_list=True)
    context.edit(callback_message(update), text, reply_markup=markup)


# --- closing --------------------------------------------------------------------------------


async def close_application(update: Update, context: CoachContext) -> None:
    """Closes an application as withdrawn (or, from older cards, accepted or rejected)."""
    raw_id, _sep, raw_status = (
        callbacks.data(update).removeprefix(CLOSE_APPLICATION).partition(":")
    )
    application = await _owned(context, raw_id)
    status = ApplicationStatus(raw_status) if raw_status in CLOSED else None
    if application is not None and status is not None and application.status == status:
        context.answer(_("Sudah tercatat."))
        return
    if application is None or application.status != ApplicationStatus.ACTIVE or status is None:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    if status is ApplicationStatus.REJECTED:
        # A rejection deserves the persistence stage, not just a closed row.
        _offer_to_recover(context, application)
        return
    await repositories.add_event(context.session, application, status.value, context.now())
    await close(context, application, status)
    if status is ApplicationStatus.WITHDRAWN:
        context.reply(
            closing_message(application, status),
            reply_markup=keyboards.rows(
                [
                    InlineKeyboardButton(
                        _("✉️ Draf email mengundurkan diri"),
                        callback_data=f"{DRAFT}{application.id}:mundur",
                    )
                ]
            ),
        )
        return
    context.reply(closing_message(application, status))
    await _offer_withdrawals(context, application)


async def close(
    context: CoachContext, application: JobApplication, status: ApplicationStatus
) -> None:
    await followups.on_close(context.session, context.user, application)
    application.status = status
    application.closed_at = context.now()
    application.updated_at = context.now()
    if context.user.focus_application_id == application.id:
        context.user.focus_application_id = None
    # Interviews still ahead that the user added to their calendar: cancelled there too.
    await calendar_files.bring_up_to_date(context, application)


def closing_message(application: JobApplication, status: ApplicationStatus) -> str:
    if status is ApplicationStatus.ACCEPTED:
        return _(
            "🎉 Selamat! Lamaran {application} selesai: Anda <b>diterima</b>. Semoga sukses di pekerjaan baru!"
        ).format(application=application_label(application))
    return _("Lamaran {application} ditutup. Ketik /lamaran untuk melihat lamaran lain.").format(
        application=application_label(application)
    )


def _offer_to_recover(context: CoachContext, application: JobApplication) -> None:
    go = InlineKeyboardButton(
        _("💪 Mari bangkit bersama"),
        callback_data=f"{GO}{application.id}:{Stage.PERSISTENCE.value}",
    )
    context.reply(
        _("Kabar ini pasti berat. Mari kita hadapi bersama."), reply_markup=keyboards.rows([go])
    )


async def _offer_withdrawals(context: CoachContext, accepted: JobApplication) -> None:
    """After accepting an offer: the other active applications deserve a polite word."""
    others = [
        a
        for a in await repositories.applications_in_order(context.session, context.user.id)
        if a.status == ApplicationStatus.ACTIVE and a.id != accepted.id
    ]
    if not others:
        return
    buttons = [
        InlineKeyboardButton(
            "✉️ " + shorten(button_label(other), 40), callback_data=f"{DRAFT}{other.id}:mundur"
        )
        for other in others[:MAX_WITHDRAWALS]
    ]
    context.reply(
        ngettext(
            "Anda masih punya {count} lamaran aktif lain. Sebaiknya kabari perusahaannya dengan sopan bahwa Anda mundur dari proses seleksi. Pilih lamarannya, dan saya siapkan drafnya:",
            "Anda masih punya {count} lamaran aktif lain. Sebaiknya kabari perusahaannya dengan sopan bahwa Anda mundur dari proses seleksi. Pilih lamarannya, dan saya siapkan drafnya:",
            len(others),
        ).format(count=len(others)),
        reply_markup=keyboards.rows(buttons),
    )


# --- outcomes -------------------------------------------------------------------------------


async def _refuse_old_card(context: CoachContext, application: JobApplication) -> None:
    context.answer(_("Kartu ini dari tahap sebelumnya."), alert=True)
    context.reply(
        _(
            "Kartu itu dari tahap sebelumnya. {application} sekarang di tahap <b>{stage}</b>:"
        ).format(application=application_label(application), stage=stage_title(application))
    )
    await send_card(context, application)


async def _last_event_is(context: CoachContext, application: JobApplication, kind: str) -> bool:
    events = await repositories.events_of(context.session, application.id)
    return bool(events) and events[-1].kind == kind


async def outcome(update: Update, context: CoachContext) -> None:
    """Moves the application on after a stage: passed, waiting, rejected, accepted, declined.

    The data names the stage the card was shown for (mv:<id>:<stage>:<outcome>)."""
    parts = callbacks.data(update).removeprefix(OUTCOME).split(":")
    application = await _owned(context, parts[0]) if len(parts) == 3 else None
    shown_for = parse_stage(parts[1]) if len(parts) == 3 else None
    result = parts[2] if len(parts) == 3 else ""
    if application is None or shown_for is None:
        await fallbacks.stale_button(update, context)
        return
    if application.status != ApplicationStatus.ACTIVE:
        done = {"accept": ApplicationStatus.ACCEPTED, "decline": ApplicationStatus.WITHDRAWN}
        if done.get(result) == application.status:
            context.answer(_("Sudah tercatat."))
        else:
            await fallbacks.stale_button(update, context)
        return
    stage = parse_stage(application.stage)
    if shown_for is not stage:
        if result == "pass" and shown_for.value in await passed_stages(context, application):
            context.answer(_("Sudah tercatat: Anda lolos tahap ini ✅"))
        elif is_earlier(shown_for, stage):
            await _refuse_old_card(context, application)
        else:
            await fallbacks.stale_button(update, context)
        return
    now = context.now()
    match result:
        case "pass" if stage in PROCESS_ORDER[:-1]:
            following = PROCESS_ORDER[PROCESS_ORDER.index(stage) + 1]
            await passing.pass_to(context, application, following)
            context.answer(_("Tercatat ✅"))
            passing.announce(context, application, following)
        case "wait":
            context.answer()
            kind = "considering" if stage is Stage.OFFER else "waiting"
            if not await _last_event_is(context, application, kind):
                await repositories.add_event(context.session, application, kind, now)
            application.updated_at = now
            if stage is Stage.OFFER:
                # The decision reminder stays; "Ada kabar?" no longer applies to an offer.
                context.reply(
                    _(
                        "Baik, timbang dengan tenang. Saya akan mengingatkan Anda untuk memutuskan pada waktunya."
                    )
                )
                return
            await keep_asking_for_news(context, application)
            context.reply(
                _(
                    "Baik. Menunggu kabar memang tidak mudah; sementara itu, tetap lanjutkan lamaran lain. Tekan lagi tombol di pesan ini saat ada perkembangan."
                )
            )
        case "reject":
            context.answer()
            _offer_to_recover(context, application)
        case "accept" if stage is Stage.OFFER:
            context.answer()
            await repositories.add_event(context.session, application, "accepted", now)
            await close(context, application, ApplicationStatus.ACCEPTED)
            context.reply(closing_message(application, ApplicationStatus.ACCEPTED))
            await _offer_withdrawals(context, application)
        case "decline" if stage is Stage.OFFER:
            context.answer()
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
    if (
        application is None
        or stage is None
        or checklist_item(stage, parts[2]) is None
        or application.status != ApplicationStatus.ACTIVE
    ):
        await fallbacks.stale_button(update, context)
        return
    if stage.value != application.stage:
        await _refuse_old_card(context, application)
        return
    ticked = await repositories.toggle_checklist(
        context.session, application.id, stage.value, parts[2], context.now()
    )
    await context.session.flush()
    context.answer(_("Dicentang ☑️") if ticked else _("Centang dihapus"))
    text, markup = await card(context, application)
    context.edit(callback_message(update), text, reply_markup=markup)


# --- the full guidance, the drafts, what to change ------------------------------------------


async def show_guidance(update: Update, context: CoachContext) -> None:
    """📖 Panduan lengkap: the stage's full guidance, in parts (gd:<stage>[:<application>])."""
    raw_stage, _sep, raw_id = callbacks.data(update).removeprefix(GUIDANCE).partition(":")
    stage = parse_stage(raw_stage)
    if stage is None:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    for part in full_parts(stage):
        context.reply(part)
    application = await _owned(context, raw_id) if raw_id else None
    if application is not None:
        await repositories.mark_guidance_shown(
            context.session, application.id, stage.value, context.now()
        )


async def send_draft(update: Update, context: CoachContext) -> None:
    """✉️ Draf: the draft named, built from what is recorded (df:<application>:<draft>)."""
    raw_id, _sep, which = callbacks.data(update).removeprefix(DRAFT).partition(":")
    application = await _owned(context, raw_id)
    if application is None:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    match which:
        case "rekruter":
            context.reply(await drafting.recruiter_reply(context, application))
        case "saring" | "lanjut":
            stage = Stage.SCREENING if which == "saring" else Stage.FOLLOW_UP_INTERVIEWS
            interview = await repositories.latest_interview(
                context.session, application.id, stage.value
            )
            if interview is None:
                context.reply(_("Belum ada wawancara yang tercatat untuk tahap ini."))
                return
            context.reply(drafting.thank_you(context, application, interview))
        case "pilih":
            context.reply(
                _("Apa langkah Anda untuk tawaran ini? Pilih, lalu saya siapkan drafnya."),
                reply_markup=draft_choice(application),
            )
        case "terima" | "nego" | "waktu":
            context.reply(await drafting.offer_draft(context, application, which))
        case "tolak":
            context.reply(drafting.rejection_reply(context, application))
        case "mundur":
            markup = None
            if application.status == ApplicationStatus.ACTIVE:
                markup = keyboards.rows(
                    [
                        InlineKeyboardButton(
                            _("↩️ Tandai lamaran ini mundur"),
                            callback_data=f"{CLOSE_APPLICATION}{application.id}:withdrawn",
                        )
                    ]
                )
            context.reply(drafting.withdrawal(context, application), reply_markup=markup)
        case _:
            await fallbacks.stale_button(update, context)


async def edit_menu(update: Update, context: CoachContext) -> None:
    """✏️ Ubah: which recorded fact to change; each button asks it again."""
    application = await _owned(context, callbacks.data(update).removeprefix(EDIT_MENU))
    stage = parse_stage(application.stage) if application is not None else None
    if (
        application is None
        or application.status != ApplicationStatus.ACTIVE
        or stage is None
        or stage is Stage.KEY_POINTS
    ):
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    prefix = f"{EDIT}{application.id}:{stage.value}:"
    buttons = [
        InlineKeyboardButton(_("🏢 Perusahaan dan posisi"), callback_data=f"{prefix}co"),
        InlineKeyboardButton(_("👤 Nama rekruter"), callback_data=f"{prefix}rn"),
    ]
    interviews = [
        interview
        for interview in await repositories.interviews_of(context.session, application.id)
        if interview.scheduled_at is not None
    ]
    for interview in interviews[-MAX_EDITED_INTERVIEWS:]:
        assert interview.scheduled_at is not None
        local = interview.scheduled_at.astimezone(ZoneInfo(context.timezone))
        when = short_moment(local)
        day = short_day(local)
        buttons.append(
            InlineKeyboardButton(
                _("📅 Waktu: {moment}").format(moment=when),
                callback_data=f"{prefix}wk:{interview.id}",
            )
        )
        cancel = calendar_files.cancel_button(
            application, interview, context.now(), context.timezone
        )
        if interview.stage == Stage.FOLLOW_UP_INTERVIEWS.value:
            buttons.append(
                InlineKeyboardButton(
                    _("🧑‍💼 Jenis ({day})").format(day=day),
                    callback_data=f"{prefix}kd:{interview.id}",
                )
            )
            buttons.append(
                InlineKeyboardButton(
                    _("👥 Pewawancara ({day})").format(day=day),
                    callback_data=f"{prefix}pw:{interview.id}",
                )
            )
        else:
            buttons.append(
                InlineKeyboardButton(
                    _("🎥 Format ({day})").format(day=day),
                    callback_data=f"{prefix}fm:{interview.id}",
                )
            )
        buttons.append(cancel)
    if await repositories.latest_event(context.session, application.id, "offer") is not None:
        buttons.append(
            InlineKeyboardButton(_("💰 Gaji yang ditawarkan"), callback_data=f"{prefix}am")
        )
        buttons.append(
            InlineKeyboardButton(_("⏰ Batas waktu jawaban"), callback_data=f"{prefix}dl")
        )
    buttons.append(
        InlineKeyboardButton(_("✍️ Nama lengkap dan telepon Anda"), callback_data=f"{prefix}sg")
    )
    context.reply(
        _("Apa yang ingin diubah untuk {application}?").format(
            application=application_label(application)
        ),
        reply_markup=keyboards.rows(buttons, per_row=2),
    )
