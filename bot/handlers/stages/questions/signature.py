"""The signature of the drafts: the user's full name and phone, asked once, read from one line."""

from __future__ import annotations

import re
from html import escape

from telegram import Update

from bot.callbacks import SKIP, pattern
from bot.coach import choices, names
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages import steps
from bot.handlers.stages.question import Answered, Pressed, Question, Result, Typed, single_button
from bot.handlers.stages.questions.asking import (
    change_button,
    current_interview,
    is_past,
    is_typed,
    lost_application,
    message_text,
    reask,
)
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import focused
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage.models import JobApplication

# A phone number as people type it: "0812-3456-7890", "+62 812 3456 7890", "(021) 555 1234".
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
# Words around a signature that are no part of it: "nama saya Sari, no hp 0812…", "my name is".
_SIGNATURE_WORDS = re.compile(
    r"\b(?:hp|wa|telp|telpon|telepon|no|nomor|nama|saya|lengkap|my|name|is|phone|number)\b[.:]?",
    re.IGNORECASE,
)


async def signature_known(
    context: CoachContext, application: JobApplication, stage: Stage
) -> bool:
    if context.user.full_name is not None:
        return True
    if stage in (Stage.SCREENING, Stage.FOLLOW_UP_INTERVIEWS):
        # Its draft comes after the interview (a nudge); asked when a draft is made now.
        return not is_past(context, await current_interview(context, application, stage))
    return False


async def ask_signature(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Untuk tanda tangan di draf email, siapa nama lengkap Anda dan nomor telepon yang "
            "bisa dihubungi? Keduanya opsional dan bisa Anda hapus kapan saja dengan /hapusdata."
        )
        + "\n"
        + _("Misalnya <i>Sari Wulandari, 0812 3456 7890</i>, atau tekan Lewati."),
        reply_markup=single_button(_("Lewati"), SKIP),
    )


def read_signature(text: str) -> tuple[str, str]:
    """ "sari wulandari 0812-3456-7890" -> ("Sari Wulandari", "0812-3456-7890")."""
    phone = ""
    if (match := _PHONE.search(text)) is not None:
        digits = sum(ch.isdigit() for ch in match.group(0))
        if 8 <= digits <= 15:
            phone = match.group(0).strip()
            text = text[: match.start()] + " " + text[match.end() :]
    text = _SIGNATURE_WORDS.sub(" ", text)
    name = names.person(" ".join(text.replace(",", " ").replace(";", " ").split())).name
    return name.strip(" -/|:"), phone


async def take_signature(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Keeps the full name and phone for the drafts' signature; Lewati keeps neither."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    text = message_text(update)
    user = context.user
    if not is_typed(update) or choices.is_skip(text):
        user.full_name, user.phone = "", ""
        return Answered(application, Step.SIGNATURE)
    name, phone = read_signature(text)
    if not (name or phone) or len(name) > steps.MAX_FULL_NAME_CHARS:
        return await reask(context, Step.SIGNATURE)
    user.full_name, user.phone = name, phone[: steps.MAX_PHONE_CHARS]
    shown = ", ".join(escape(part) for part in (name, user.phone) if part)
    context.reply(
        _("Tercatat untuk tanda tangan: <b>{signature}</b>.").format(signature=shown),
        reply_markup=change_button(application, "sg"),
    )
    return Answered(application, Step.SIGNATURE)


register(
    Question(
        Step.SIGNATURE,
        ask_signature,
        lambda: _(
            "Tulis nama lengkap dan nomor telepon Anda, misalnya <i>Sari Wulandari, 0812 3456 7890</i>, atau tekan Lewati."
        ),
        (Typed(take_signature), Pressed(take_signature, pattern(SKIP, "$"))),
        known=signature_known,
    ),
)
