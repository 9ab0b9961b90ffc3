"""The text and buttons of each nudge, in the user's language, with dates the Indonesian way."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TypedDict, cast, get_args

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.callbacks import NUDGE, SHOW_APPLICATION
from bot.coach import drafts, money
from bot.coach.guidance import render_checklist
from bot.coach.length import visible_len
from bot.coach.nudges import NudgeKind
from bot.coach.stages import Stage, parse_stage
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import FollowUp, Interview, JobApplication, User

# Nudge buttons: fu:<follow-up id>:<action>.
INTERVIEW_KINDS_LABELS = {"manajer": "manajer perekrutan", "teknis": "teknis", "panel": "panel"}
# A nudge is one message: under Telegram's 4,096 UTF-16 units with room to spare.
NUDGE_BUDGET = 3800
# In the list of greetings of a crowded debrief, a name is cut to this many characters.
GREETING_NAME_LIMIT = 40


class _Signed(TypedDict):
    full_name: str
    phone: str


def nudge_buttons(follow_up: FollowUp) -> InlineKeyboardMarkup:
    prefix = f"{NUDGE}{follow_up.id}:"
    buttons = [
        InlineKeyboardButton(_("Sudah ✅"), callback_data=f"{prefix}done"),
        InlineKeyboardButton(_("Ingatkan 2 jam lagi"), callback_data=f"{prefix}snooze"),
        InlineKeyboardButton(_("Jangan ingatkan ini lagi"), callback_data=f"{prefix}stop"),
    ]
    if follow_up.application_id is not None:
        # The application's card, as a new message (the nudge stays readable above it).
        buttons.append(
            InlineKeyboardButton(
                _("📋 Buka lamaran"),
                callback_data=f"{SHOW_APPLICATION}{follow_up.application_id}:n",
            )
        )
    return keyboards.rows(buttons)


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
    # The drafts sign with what the user gave for signatures (handlers/stages: SIGNATURE).
    signed = _Signed(full_name=user.full_name or "", phone=user.phone or "")
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
    contact = application.contact_name or ""
    interview = (
        await session.get(Interview, follow_up.interview_id)
        if follow_up.interview_id is not None
        else None
    )
    match kind:
        case NudgeKind.RECRUITER_REPLY:
            contacted = await repositories.latest_event(session, application.id, "contacted")
            channel = str(contacted.detail.get("channel", "")) if contacted else ""
            draft = drafts.recruiter_reply(
                company=company, role=role, time_options=[], user_name=name,
                channel=cast(drafts.Channel, channel if channel in get_args(drafts.Channel)
                             else "email"),
                recruiter_name=contact, **signed,
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
                    _(
                        "Siapkan pakaian serta tautan atau alamat wawancaranya sejak sekarang, "
                        "dan usahakan tidur yang cukup."
                    ),
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
            kind_value = interview.kind if interview.kind in INTERVIEW_KINDS_LABELS else "manajer"
            return debrief(
                label,
                company,
                role,
                interviewers=(
                    list(interview.interviewers)
                    if interview.stage == Stage.FOLLOW_UP_INTERVIEWS.value
                    else None
                ),
                kind=cast(drafts.InterviewKind, kind_value),
                user_name=name,
                contact_name=contact,
                **signed,
            )
        case NudgeKind.THANK_YOU_LAST_CALL if interview is not None and interview.scheduled_at:
            if interview.thank_you_sent_at is not None:
                return None
            return _(
                "⌛ Pengingat terakhir: waktu 24 jam untuk mengirim ucapan terima kasih setelah "
                "wawancara {application} berakhir pada {moment}. Drafnya ada di pesan sebelumnya."
            ).format(
                application=label,
                moment=format_moment(follow_up.expires_at or now, zone),
            )
        case NudgeKind.OFFER_DECISION:
            offer = await repositories.latest_event(session, application.id, "offer")
            deadline = (offer.detail.get("deadline") if offer else None) or None
            recorded = offer.detail.get("amount") if offer is not None else None
            amount = (
                recorded
                if isinstance(recorded, int) and not isinstance(recorded, bool)
                else money.find_rupiah(offer.note or "")
                if offer is not None
                else None
            )
            negotiate = drafts.offer_negotiate(
                company=company, role=role, user_name=name, offer_amount=amount,
                contact_name=contact, **signed,
            )  # fmt: skip
            if deadline:
                # A deadline was given: remind of it, never ask for it. An extension is the
                # user's call, so its draft is not pushed here.
                return "\n\n".join(
                    [
                        _("🤔 Tawaran untuk {application} menunggu jawaban Anda paling lambat "
                          "{deadline}. Anda bisa menerimanya atau menegosiasikan gaji dan "
                          "tunjangan. Jika memerlukan tambahan waktu, mintalah dengan sopan "
                          "sebelum tenggat itu.").format(
                            application=label,
                            deadline=format_moment(datetime.fromisoformat(str(deadline)), zone),
                        ),
                        negotiate,
                    ]
                )  # fmt: skip
            return "\n\n".join(
                [
                    _("🤔 Tawaran untuk {application} masih menunggu jawaban Anda. Anda bisa "
                      "menerimanya, menegosiasikan gaji dan tunjangan, atau meminta waktu satu "
                      "atau dua hari untuk mempertimbangkannya.").format(application=label),
                    drafts.offer_ask_time(
                        company=company, role=role, user_name=name, contact_name=contact, **signed
                    ),
                    negotiate,
                ]
            )  # fmt: skip
        case NudgeKind.REJECTION_FEEDBACK:
            return "\n\n".join(
                [
                    _("💌 Jika Anda sudah siap, kirim ucapan terima kasih kepada {company}, "
                      "sampaikan minat Anda pada posisi lain, dan mintalah umpan balik.").format(
                        company=escape(company)
                    ),
                    drafts.rejection_reply(company=company, role=role, contact_name=contact,
                                           user_name=name, **signed),
                ]
            )  # fmt: skip
        case NudgeKind.REJECTION_CHECK_IN:
            return _(
                "🌱 Sudah seminggu sejak {company} menyampaikan hasilnya. Apa kabar Anda sekarang? "
                "Setiap wawancara adalah latihan. Lihat lamaran lain di /lamaran, atau mulai yang "
                "baru dengan /wawancara."
            ).format(company=escape(company))
        case NudgeKind.SILENT_APPLICATION:
            if await repositories.latest_event(session, application.id, "offer") is not None:
                return None  # an offer is no silence: the decision is the user's now
            return _(
                "📭 Ada kabar dari {company}? Sudah seminggu tanpa kabar. Jika perlu, tanyakan "
                "perkembangannya kepada rekruter dengan sopan, lalu perbarui lamaran ini di /lamaran."
            ).format(company=escape(company))
        case _:
            return None


def debrief(
    label: str,
    company: str,
    role: str,
    *,
    interviewers: list[str] | None,
    kind: drafts.InterviewKind,
    user_name: str,
    contact_name: str = "",
    full_name: str = "",
    phone: str = "",
    header: str | None = None,
) -> str:
    """After an interview: a prompt to note what went well, and the thank-you draft(s).

    `contact_name` is the recruiter the screening email greets; `full_name` and `phone` sign
    the drafts; `header` replaces the opening prompt (the drafts asked for before the
    interview).

    `interviewers` None: a screening, one email to the recruiter. Otherwise a note per
    interviewer while they fit in one message; past the budget (seven or eight people, long
    names), one note and the greeting line for each person, since the text is theirs to vary.
    """
    if header is None:
        header = _(
            "💬 Bagaimana wawancara untuk {application}? Catat apa yang berjalan baik selagi "
            "masih segar, lalu kirim ucapan terima kasih dalam 24 jam."
        ).format(application=label)
    signed = _Signed(full_name=full_name, phone=phone)
    if interviewers is None:
        screening = drafts.screening_thank_you(
            company=company, role=role, user_name=user_name, recruiter_name=contact_name, **signed
        )
        return "\n\n".join([header, screening])
    people = interviewers or [""]
    notes = [
        drafts.interviewer_thank_you(
            company=company,
            role=role,
            interviewer=person,
            kind=kind,
            user_name=user_name,
            **signed,
        )
        for person in people
    ]
    message = "\n\n".join([header, *notes])
    if visible_len(message) <= NUDGE_BUDGET:
        return message
    instruction = _(
        "Kirim catatan terpisah kepada setiap pewawancara. Untuk yang lain, ganti salam "
        "pembukanya dan kalimat tentang topik yang Anda bahas dengan orang itu:"
    )
    greetings = "\n".join(
        f"• {drafts.email_greeting(person, limit=GREETING_NAME_LIMIT)}" for person in people
    )
    generic = drafts.interviewer_thank_you(
        company=company, role=role, interviewer="", kind=kind, user_name=user_name, **signed
    )
    for note in (notes[0], generic):
        message = "\n\n".join([header, note, instruction + "\n" + greetings])
        if visible_len(message) <= NUDGE_BUDGET:
            break
    return message
