"""The text and buttons of each nudge, in the user's language, with dates the Indonesian way."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.callbacks import NUDGE
from bot.coach import drafts
from bot.coach.guidance import render_checklist
from bot.coach.nudges import NudgeKind
from bot.coach.stages import Stage, parse_stage
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import FollowUp, Interview, JobApplication, User

# Nudge buttons: fu:<follow-up id>:<action>.
INTERVIEW_KINDS_LABELS = {"manajer": "manajer perekrutan", "teknis": "teknis", "panel": "panel"}


def nudge_buttons(follow_up: FollowUp) -> InlineKeyboardMarkup:
    prefix = f"{NUDGE}{follow_up.id}:"
    return keyboards.rows(
        [
            InlineKeyboardButton(_("Sudah ✅"), callback_data=f"{prefix}done"),
            InlineKeyboardButton(_("Ingatkan 2 jam lagi"), callback_data=f"{prefix}snooze"),
            InlineKeyboardButton(_("Jangan ingatkan ini lagi"), callback_data=f"{prefix}stop"),
        ]
    )


def _label(application: JobApplication) -> str:
    if application.role:
        return _("{role} di {company}").format(
            role=escape(application.role), company=escape(application.company)
        )
    return escape(application.company)


async def render(
    session: AsyncSession, follow_up: FollowUp, user: User, now: datetime
) -> str | None:
    """The nudge's text, or None when its subject is gone or closed (then it is not sent)."""
    kind = NudgeKind(follow_up.kind)
    zone = user.timezone
    name = user.first_name
    if kind is NudgeKind.RESILIENCE_CHECK_IN:
        return _(
            "Halo, {name}. 💙 Beberapa hari lalu Anda sedang melewati masa yang berat. Bagaimana "
            "kabar Anda sekarang? Ingat: satu penolakan bukan akhir dari perjalanan Anda. Jika "
            "ingin, ketik /tangguh untuk menyusun langkah berikutnya."
        ).format(name=escape(name) or _("teman"))
    application = (
        await repositories.get_application(session, user.id, follow_up.application_id)
        if follow_up.application_id is not None
        else None
    )
    if application is None:
        return None
    if application.status != "active" and kind not in (
        NudgeKind.REJECTION_FEEDBACK,
        NudgeKind.REJECTION_CHECK_IN,
    ):
        return None
    label = _label(application)
    company, role = application.company, application.role
    interview = (
        await session.get(Interview, follow_up.interview_id)
        if follow_up.interview_id is not None
        else None
    )
    match kind:
        case NudgeKind.RECRUITER_REPLY:
            draft = drafts.recruiter_reply(
                company=company, role=role, recruiter_name="", channel="email",
                time_options=[], user_name=name,
            )  # fmt: skip
            return "\n\n".join(
                [
                    _("⏰ Sudah membalas rekruter {company}? Balasan yang cepat menunjukkan "
                      "bahwa Anda responsif dan tertarik.").format(company=escape(company)),
                    draft,
                ]
            )  # fmt: skip
        case NudgeKind.INTERVIEW_PREP if interview is not None and interview.scheduled_at:
            stage = parse_stage(interview.stage) or Stage.SCREENING
            done = await repositories.checklist_done(session, application.id, stage.value)
            return "\n\n".join(
                [
                    _("📋 Persiapan wawancara {application}: {moment}.").format(
                        application=label, moment=format_moment(interview.scheduled_at, zone)
                    ),
                    render_checklist(stage, done),
                    _("Tidur yang cukup, siapkan pakaian dan tautan/alamatnya malam ini."),
                ]
            )
        case NudgeKind.GOOD_LUCK if interview is not None and interview.scheduled_at:
            return _(
                "🍀 Semangat, {name}! Wawancara {application} sebentar lagi ({moment}). Tarik "
                "napas; Anda sudah bersiap."
            ).format(
                name=escape(name) or _("teman"),
                application=label,
                moment=format_moment(interview.scheduled_at, zone),
            )
        case NudgeKind.DEBRIEF if interview is not None:
            parts = [
                _("💬 Bagaimana wawancara untuk {application}? Catat apa yang berjalan baik "
                  "selagi masih segar, lalu kirim ucapan terima kasih dalam 24 jam.").format(
                    application=label
                )
            ]  # fmt: skip
            if interview.stage == Stage.FOLLOW_UP_INTERVIEWS.value:
                kind_value = (
                    interview.kind if interview.kind in INTERVIEW_KINDS_LABELS else "manajer"
                )
                for person in interview.interviewers or [""]:
                    parts.append(
                        drafts.interviewer_thank_you(
                            company=company, role=role, interviewer=person,
                            kind=cast(drafts.InterviewKind, kind_value), user_name=name,
                        )
                    )  # fmt: skip
            else:
                parts.append(
                    drafts.screening_thank_you(
                        company=company, role=role, recruiter_name="", user_name=name
                    )
                )
            return "\n\n".join(parts)
        case NudgeKind.THANK_YOU_LAST_CALL if interview is not None and interview.scheduled_at:
            if interview.thank_you_sent_at is not None:
                return None
            return _(
                "⌛ Pengingat terakhir: waktu 24 jam untuk ucapan terima kasih kepada "
                "{application} berakhir {moment}. Draf ada di pesan sebelumnya."
            ).format(
                application=label,
                moment=format_moment(follow_up.expires_at or now, zone),
            )
        case NudgeKind.OFFER_DECISION:
            offer = await repositories.latest_event(session, application.id, "offer")
            deadline = (offer.detail.get("deadline") if offer else None) or None
            decide_by = (
                format_moment(datetime.fromisoformat(str(deadline)), zone)
                if deadline
                else _("dalam satu atau dua hari")
            )
            return "\n\n".join(
                [
                    _("🤔 Tawaran untuk {application} menunggu jawaban Anda ({deadline}). Anda "
                      "boleh menerima, menegosiasikan gaji atau manfaat, atau meminta waktu.").format(
                        application=label, deadline=decide_by
                    ),
                    drafts.offer_ask_time(company=company, role=role, user_name=name, decide_by=decide_by),
                    drafts.offer_negotiate(company=company, role=role, user_name=name),
                ]
            )  # fmt: skip
        case NudgeKind.REJECTION_FEEDBACK:
            return "\n\n".join(
                [
                    _("💌 Jika sudah siap: berterima kasihlah kepada {company}, sampaikan minat "
                      "pada peran lain, dan minta umpan balik.").format(company=escape(company)),
                    drafts.rejection_reply(company=company, role=role, contact_name="", user_name=name),
                ]
            )  # fmt: skip
        case NudgeKind.REJECTION_CHECK_IN:
            return _(
                "🌱 Sudah seminggu sejak kabar dari {company}. Bagaimana kabar Anda? Setiap "
                "wawancara adalah latihan; lanjutkan lamaran lain lewat /wawancara."
            ).format(company=escape(company))
        case NudgeKind.SILENT_APPLICATION:
            return _(
                "📭 Ada kabar dari {company}? Sudah seminggu tanpa kabar. Jika perlu, tanyakan "
                "perkembangannya kepada rekruter dengan sopan, lalu perbarui lamaran ini di /lamaran."
            ).format(company=escape(company))
        case _:
            return None
