"""What an offer means for the user: "💰 Perkiraan gaji bersih" and "⚖️ Bandingkan dengan
tawaran lain" (issue 17, part 2).

The estimate needs the user's PTKP status: asked once, with two presses (married or not, then
the dependants), stored on the user and optional ("Lewati": the estimate assumes TK/0 and says
so). Its buttons carry what they were asked for, so they need no conversation. Comparing two
offers is a short conversation: it asks each offer's benefits as free text (optional, once;
kept in the offer's detail), then shows the two side by side.

The figures come from bot/coach/payroll.py and are put into words by bot/coach/offers.py; the
amount is the one recorded for the offer (questions/offer_details.offer_amount), the same amount the
negotiation draft's counter-offer range is computed from, and the estimate shows that range's
take-home too.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler

from bot import callbacks, keyboards
from bot.callbacks import COMPARE, DRAFT, ESTIMATE, PTKP, SKIP, pattern
from bot.coach import choices, money, offers, payroll
from bot.coach.payroll import PtkpStatus
from bot.context import CoachContext, callback_message
from bot.handlers import conversation, fallbacks
from bot.handlers.stages.questions.offer_details import offer_amount
from bot.handlers.stages.records import button_label, local_now
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, JobApplication, User
from bot.text import clean_text

END = ConversationHandler.END
Result = int | str
# Offers worth estimating and comparing: still open, or the one the user took.
COMPARABLE = (ApplicationStatus.ACTIVE, ApplicationStatus.ACCEPTED)
# The status an estimate assumes when the user preferred not to say.
ASSUMED = PtkpStatus(married=False, dependants=0)
# "Compare with which?" lists this many other offers.
MAX_LISTED_OFFERS = 8
# The answers a PTKP button carries (see callbacks.PTKP).
_MARRIED = {"TK": False, "K": True}
_STATUSES = {
    f"{code}{n}": PtkpStatus(married, n) for code, married in _MARRIED.items() for n in range(4)
}
SKIP_STATUS = "x"
ASK_AGAIN = "?"


class Compare(StrEnum):
    """Conversation states. Stored in the database: never rename a value."""

    BENEFITS = "tunjangan"


Offer = tuple[JobApplication, ApplicationEvent, int]


def stored_status(user: User) -> PtkpStatus | None:
    """The status the user gave, or None (not asked, or not said)."""
    try:
        return PtkpStatus.parse(user.ptkp_status) if user.ptkp_status else None
    except ValueError:
        return None


def _estimable(amount: int | None) -> int | None:
    return amount if amount is not None and 0 < amount <= payroll.MAX_MONTHLY_GROSS else None


async def _offers(context: CoachContext) -> list[Offer]:
    """The user's offers with a recorded amount that can be estimated, in recording order."""
    found: list[Offer] = []
    for application, offer in await repositories.latest_offers(context.session, context.user.id):
        amount = _estimable(offer_amount(offer))
        if amount is not None and application.status in COMPARABLE:
            found.append((application, offer, amount))
    return found


async def _offer_of(context: CoachContext, raw_id: str) -> Offer | None:
    application_id = keyboards.parse_id(raw_id)
    return next((o for o in await _offers(context) if o[0].id == application_id), None)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def estimate_button(application: JobApplication) -> InlineKeyboardButton:
    return _button(_("💰 Perkiraan gaji bersih"), f"{ESTIMATE}{application.id}")


def _compare_button(application: JobApplication) -> InlineKeyboardButton:
    return _button(_("⚖️ Bandingkan dengan tawaran lain"), f"{COMPARE}{application.id}")


async def can_estimate(context: CoachContext, application: JobApplication) -> bool:
    return await _offer_of(context, str(application.id)) is not None


async def offer_buttons(
    context: CoachContext, application: JobApplication
) -> list[InlineKeyboardButton]:
    """The card's buttons for an offer with a recorded amount: its estimate, and a comparison
    when another offer has one too."""
    if application.status not in COMPARABLE:
        return []
    found = await _offers(context)
    if not any(application.id == other.id for other, _offer, _amount in found):
        return []
    buttons = [estimate_button(application)]
    if len(found) > 1:
        buttons.append(_compare_button(application))
    return buttons


# --- the PTKP status ------------------------------------------------------------------------


def _target(raw: str) -> tuple[str, list[int]] | None:
    """ "e12" (the estimate of application 12) or "c12-15" (the comparison of two)."""
    kind, ids = raw[:1], raw[1:].split("-")
    parsed = [keyboards.parse_id(part) for part in ids]
    if any(value is None for value in parsed):
        return None
    numbers = [value for value in parsed if value is not None]
    if (kind, len(numbers)) not in (("e", 1), ("c", 2)):
        return None
    return kind, numbers


def ask_status(context: CoachContext, target: str) -> None:
    """Married or not (then the dependants); "Lewati" keeps it unsaid."""
    context.reply(
        _(
            "Untuk menghitung PPh 21, apa status Anda pada 1 Januari? Status ini menentukan PTKP "
            "dan kategori tarif efektif (TER); saya simpan untuk perhitungan berikutnya. "
            "Opsional: jika dilewati, saya anggap belum menikah tanpa tanggungan (TK/0)."
        )
        + "\n"
        + _("<i>Karyawati yang menikah dan suaminya bekerja umumnya dihitung TK/0.</i>"),
        reply_markup=keyboards.rows(
            [
                _button(_("👤 Belum menikah"), f"{PTKP}TK:{target}"),
                _button(_("💍 Menikah"), f"{PTKP}K:{target}"),
                _button(_("Lewati"), f"{PTKP}{SKIP_STATUS}:{target}"),
            ],
            per_row=2,
        ),
    )


def _dependants_markup(code: str, target: str) -> InlineKeyboardMarkup:
    return keyboards.rows(
        [_button(str(n), f"{PTKP}{code}{n}:{target}") for n in range(4)], per_row=4
    )


async def choose_status(update: Update, context: CoachContext) -> None:
    """One press of the PTKP question: married or not, then the dependants; then the estimate
    or the comparison it was asked for."""
    answer, _sep, raw_target = callbacks.data(update).removeprefix(PTKP).partition(":")
    target = _target(raw_target)
    known = answer in _MARRIED or answer in _STATUSES or answer in (SKIP_STATUS, ASK_AGAIN)
    if target is None or not known:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    message = callback_message(update)
    if answer == ASK_AGAIN:
        ask_status(context, raw_target)
        return
    if answer in _MARRIED:
        context.edit(
            message,
            _(
                "Berapa tanggungan Anda? Yaitu anak, atau keluarga sedarah atau semenda dalam "
                "satu garis lurus, yang sepenuhnya Anda biayai; paling banyak 3 yang dihitung."
            ),
            reply_markup=_dependants_markup(answer, raw_target),
        )
        return
    status = _STATUSES.get(answer)
    context.user.ptkp_status = status.code if status is not None else ""
    said = (
        _("Status PTKP tersimpan: <b>{status}</b>.").format(status=status.code)
        if status is not None
        else _("Baik, status PTKP tidak saya simpan; perhitungannya memakai TK/0.")
    )
    context.edit(message, said)
    kind, ids = target
    if kind == "e":
        found = await _offer_of(context, str(ids[0]))
        if found is None:
            context.reply(_gone())
            return
        _reply_estimate(context, found, others=len(await _offers(context)) > 1)
        return
    pair = await _pair(context, ids)
    if pair is None:
        context.reply(_gone())
        return
    _reply_comparison(context, pair)


def _gone() -> str:
    return _(
        "Tawaran itu sudah tidak ada di catatan Anda. Ketik /lamaran untuk melihat lamaran Anda."
    )


# --- the estimate ---------------------------------------------------------------------------


def _status(context: CoachContext) -> tuple[PtkpStatus, list[str]]:
    """The status to compute with, and the note that says it was assumed (if it was)."""
    status = stored_status(context.user)
    if status is not None:
        return status, []
    note = _(
        "Status PTKP belum Anda isi, jadi saya pakai TK/0. Ubah lewat tombol di bawah jika "
        "Anda menikah atau punya tanggungan."
    )
    return ASSUMED, [note]


def _today(context: CoachContext) -> date:
    return local_now(context).date()


def counter_offer_note(amount: int, status: PtkpStatus, on: date) -> str:
    """The negotiation draft's range (money.counter_offer_range, the same numbers) as take-home
    pay, so the two messages agree."""
    low, high = money.counter_offer_range(amount)
    net = [
        payroll.estimate(gross, status, on=on).take_home
        for gross in (low, high)
        if gross <= payroll.MAX_MONTHLY_GROSS
    ]
    if len(net) < 2:
        return ""
    return _(
        "💬 Kisaran yang diajukan di draf negosiasi, {range} per bulan, berarti gaji bersih "
        "sekitar {net}."
    ).format(
        range=money.format_rupiah_range(low, high),
        net=money.format_rupiah_range(net[0], net[1]),
    )


def _reply_estimate(context: CoachContext, found: Offer, *, others: bool) -> None:
    application, _offer, amount = found
    status, notes = _status(context)
    on = _today(context)
    if application.status == ApplicationStatus.ACTIVE:
        note = counter_offer_note(amount, status, on)
        notes = [*notes, note] if note else notes
    text = offers.render_estimate(
        payroll.estimate(amount, status, on=on),
        company=application.company,
        role=application.role,
        notes=notes,
    )
    buttons = []
    if application.status == ApplicationStatus.ACTIVE:
        buttons.append(_button(_("💬 Draf negosiasi"), f"{DRAFT}{application.id}:nego"))
    if others:
        buttons.append(_compare_button(application))
    buttons.append(_button(_("👪 Ubah status PTKP"), f"{PTKP}{ASK_AGAIN}:e{application.id}"))
    context.reply(text, reply_markup=keyboards.rows(buttons))


async def show_estimate(update: Update, context: CoachContext) -> None:
    """💰 Perkiraan gaji bersih (gb:<application id>): the PTKP status first if never asked."""
    found = await _offer_of(context, callbacks.data(update).removeprefix(ESTIMATE))
    if found is None:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    if context.user.ptkp_status is None:
        ask_status(context, f"e{found[0].id}")
        return
    _reply_estimate(context, found, others=len(await _offers(context)) > 1)


# --- two offers side by side ----------------------------------------------------------------


async def _pair(context: CoachContext, ids: list[int]) -> tuple[Offer, Offer] | None:
    found = {offer[0].id: offer for offer in await _offers(context)}
    first, second = (found.get(i) for i in ids[:2]) if len(ids) == 2 else (None, None)
    if first is None or second is None or first is second:
        return None
    return first, second


def _benefits(offer: ApplicationEvent) -> str:
    value = offer.detail.get("benefits")
    return value if isinstance(value, str) else ""


def _reply_comparison(context: CoachContext, pair: tuple[Offer, Offer]) -> None:
    status, notes = _status(context)
    on = _today(context)
    first, second = (
        offers.OfferSummary(
            label=button_label(application),
            estimate=payroll.estimate(amount, status, on=on),
            benefits=_benefits(offer),
        )
        for application, offer, amount in pair
    )
    ids = f"{pair[0][0].id}-{pair[1][0].id}"
    context.reply(
        offers.render_comparison(first, second, notes=notes),
        reply_markup=keyboards.rows(
            [
                _button(
                    _("✏️ Ubah tunjangan dan fasilitas"),
                    f"{COMPARE}{pair[0][0].id}:{pair[1][0].id}:u",
                ),
                _button(_("👪 Ubah status PTKP"), f"{PTKP}{ASK_AGAIN}:c{ids}"),
            ]
        ),
    )


def _skip_markup() -> InlineKeyboardMarkup:
    return keyboards.rows([_button(_("Lewati"), SKIP)])


async def compare(update: Update, context: CoachContext) -> Result:
    """⚖️ Bandingkan (bd:<id>[:<other id>][:u]): which other offer, then each offer's benefits
    not yet asked (all of them again with :u), then the two side by side."""
    context.user.pending = {}
    parts = callbacks.data(update).removeprefix(COMPARE).split(":")
    again = parts[-1] == "u"
    if again:
        parts = parts[:-1]
    found = await _offers(context)
    by_id = {offer[0].id: offer for offer in found}
    first = by_id.get(keyboards.parse_id(parts[0]) or 0)
    if first is None:
        await fallbacks.stale_button(update, context)
        return END
    context.answer()
    others = [offer for offer in found if offer is not first]
    if len(parts) == 2:
        second = by_id.get(keyboards.parse_id(parts[1]) or 0)
        if second is None or second is first:
            context.reply(_gone())
            return END
    elif len(others) == 1:
        second = others[0]
    elif not others:
        context.reply(
            _(
                "Belum ada tawaran lain yang angka gajinya tercatat. Catat tawaran kedua lewat "
                "/wawancara (tahap 4), lalu bandingkan dari kartunya."
            )
        )
        return END
    else:
        context.reply(
            _("Bandingkan dengan tawaran yang mana?"),
            reply_markup=keyboards.rows(
                _button(button_label(other[0]), f"{COMPARE}{first[0].id}:{other[0].id}")
                for other in others[-MAX_LISTED_OFFERS:]
            ),
        )
        return END
    pair = (first, second)
    ask = [o[0].id for o in pair if again or "benefits" not in o[1].detail]
    context.user.pending = {"compare": [first[0].id, second[0].id], "ask": ask}
    return await _next(context)


def _pending_ids(context: CoachContext, key: str) -> list[int]:
    raw = context.user.pending.get(key)
    if not isinstance(raw, list):
        return []
    return [value for value in raw if isinstance(value, int) and not isinstance(value, bool)]


async def _next(context: CoachContext) -> Result:
    """Asks the next offer's benefits, or shows the comparison (the status first if never
    asked) and ends."""
    pair = await _pair(context, _pending_ids(context, "compare"))
    if pair is None:
        context.user.pending = {}
        context.reply(_gone())
        return END
    ask = _pending_ids(context, "ask")
    asking = next((offer for offer in pair if offer[0].id in ask[:1]), None)
    if asking is not None:
        context.reply(
            _(
                "Apa saja tunjangan dan fasilitas dari tawaran <b>{company}</b>? Misalnya "
                "asuransi kesehatan keluarga, uang makan, transport, kerja hybrid, jatah cuti. "
                "Tulis dalam satu pesan, atau tekan Lewati."
            ).format(company=escape(asking[0].company)),
            reply_markup=_skip_markup(),
        )
        return Compare.BENEFITS
    context.user.pending = {}
    if context.user.ptkp_status is None:
        ask_status(context, f"c{pair[0][0].id}-{pair[1][0].id}")
    else:
        _reply_comparison(context, pair)
    return END


async def take_benefits(update: Update, context: CoachContext) -> Result:
    """The benefits of the offer asked about, as typed (or none: Lewati)."""
    pair = await _pair(context, _pending_ids(context, "compare"))
    ask = _pending_ids(context, "ask")
    if pair is None or not ask:
        return await _next(context)
    offer = next((o[1] for o in pair if o[0].id == ask[0]), None)
    if offer is None:
        return await _next(context)
    text = ""
    if update.callback_query is None:
        message = update.effective_message
        text = clean_text(message.text or "") if message is not None else ""
        if choices.is_skip(text):
            text = ""
        elif len(text) > offers.MAX_BENEFITS:
            context.reply(
                _("Terlalu panjang: maksimal {limit} karakter. Coba tulis lebih singkat.").format(
                    limit=offers.MAX_BENEFITS
                ),
                reply_markup=_skip_markup(),
            )
            return Compare.BENEFITS
    else:
        context.answer()
    offer.detail = {**offer.detail, "benefits": text}
    context.user.pending = {**context.user.pending, "ask": ask[1:]}
    return await _next(context)


def wrong_input(state: Compare) -> conversation.Callback:
    async def explain(update: Update, context: CoachContext) -> Result:
        if update.callback_query is not None:
            context.answer(_("Tombol itu dari pesan lama. Jawab pertanyaan terakhir, ya."))
        context.reply(
            _(
                "Saya menunggu tunjangan dan fasilitasnya dalam bentuk teks (maksimal {limit} "
                "karakter), atau tekan Lewati."
            ).format(limit=offers.MAX_BENEFITS),
            reply_markup=_skip_markup(),
        )
        return state

    return explain


async def cancel(update: Update, context: CoachContext) -> Result:
    context.user.pending = {}
    context.reply(
        _("Baik, perbandingannya tidak dilanjutkan. Yang sudah Anda tulis tetap tersimpan.")
    )
    return END


async def switch_away(update: Update, context: CoachContext) -> int:
    context.user.pending = {}
    return await conversation.switch_away(update, context)


def build_conversation() -> ConversationHandler[CoachContext]:
    """⚖️ Bandingkan: entered by its button from any card or estimate."""
    return conversation.build(
        "bandingkan_tawaran",
        entry_points=[
            CallbackQueryHandler(compare, pattern=pattern(COMPARE, "\\d+(?::\\d+)?(?::u)?$"))
        ],
        states={
            Compare.BENEFITS: [
                MessageHandler(conversation.TEXT, take_benefits),
                CallbackQueryHandler(take_benefits, pattern=pattern(SKIP, "$")),
            ]
        },
        wrong_input=wrong_input,
        cancel=cancel,
        switch_away=switch_away,
    )
