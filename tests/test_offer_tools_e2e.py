"""Issue 17, part 2, end to end: what an offer leaves the user after tax and BPJS, and two offers
side by side, in Indonesian and English. Every figure is checked against bot/coach/payroll.py
directly, to the rupiah; some answers are sent without waiting, and another chat is busy."""

from __future__ import annotations

import asyncio
import json
from datetime import date

from bot.coach import money, payroll
from bot.coach.money import format_rupiah, format_rupiah_range
from bot.coach.payroll import PtkpStatus
from bot.storage.models import ApplicationEvent, JobApplication
from tests.conftest import Coach
from tests.helpers import is_card, rows, says, stored_user
from tgemu import BotMessage, UserHandle

# The tests start on Wednesday 25 November 2026 in Jakarta (tests/conftest.py START).
TODAY = date(2026, 11, 25)


async def record_offer(
    user: UserHandle, company: str, amount: str, *, first: bool = True, english: bool = False
) -> BotMessage:
    """Stage 4 for a new application at `company`: received today, no deadline, `amount`;
    returns the message that asks which draft the user wants."""
    menu = await user.ask("/wawancara")
    label = "The job offer" if english else "Penawaran pekerjaan"
    await user.press(next(t for t, _ in menu.buttons if label in t), message=menu)
    if not first:
        await user.wait_reply(predicate=says("Which application" if english else "yang mana"))
        await user.press("➕ New application" if english else "➕ Lamaran baru")
    await user.wait_reply(predicate=says("company called" if english else "nama perusahaannya"))
    await user.ask(company)
    await user.press("Skip" if english else "Lewati")  # the role
    await user.wait_reply(predicate=says("When did" if english else "Kapan tawaran dari"))
    await user.press("Today" if english else "Hari ini")
    await user.wait_reply(predicate=says("By when" if english else "Sampai kapan"))
    await user.press("No deadline" if english else "Tidak ada batas waktu")
    await user.wait_reply(
        predicate=says("monthly base salary" if english else "gaji pokok per bulan")
    )
    await user.ask(amount)
    if first:
        await user.wait_reply(predicate=says("signature" if english else "tanda tangan"))
        await user.press("Skip" if english else "Lewati")
    choice = await user.wait_reply(
        predicate=says("What would you like to do" if english else "Apa langkah Anda")
    )
    await user.wait_reply(predicate=lambda m: is_any_card(m) and company in (m.text or ""))
    return choice


def is_any_card(message: BotMessage) -> bool:
    """A card in either language: its buttons hold ✏️ (Ubah, Change) and 📖 (the guide)."""
    labels = " ".join(text for text, _ in message.buttons)
    return "✏️" in labels and "📖" in labels


def figures(estimate: payroll.Estimate) -> list[str]:
    """The figures the estimate message must show, written as it writes them."""
    return [
        format_rupiah(estimate.gross),
        "≈ " + format_rupiah(estimate.employee_contributions),
        "≈ " + format_rupiah(estimate.pph21),
        "≈ " + format_rupiah(estimate.take_home),
        "≈ " + format_rupiah(estimate.thr),
        "≈ " + format_rupiah(estimate.pph21_thr),
        "≈ " + format_rupiah(estimate.annual.tax),
        "≈ " + format_rupiah(abs(estimate.pph21_december)),
        "≈ " + format_rupiah(estimate.take_home_december),
        "≈ " + format_rupiah(estimate.employer_cost),
    ]


async def busy_elsewhere(coach: Coach) -> None:
    """Another user records an offer of their own at the same time."""
    budi = coach.user(id=2002, first_name="Budi")
    choice = await record_offer(budi, "PT Lain Sendiri", "15 juta")
    await budi.press("💰 Perkiraan gaji bersih", message=choice)
    await budi.wait_reply(predicate=says("status Anda pada 1 Januari"))
    await budi.press("Lewati")
    shown = await budi.wait_reply(predicate=says("Perkiraan gaji bersih: PT Lain Sendiri"))
    assert "≈ " + format_rupiah(
        payroll.estimate(15_000_000, PtkpStatus(False), on=TODAY).take_home
    ) in (shown.text or "")


async def test_the_estimate_of_an_offer_asks_the_status_once(coach: Coach) -> None:
    sari = coach.user()
    other = asyncio.create_task(busy_elsewhere(coach))
    choice = await record_offer(sari, "PT Tawar", "Rp 9 juta + BPJS")
    assert "💰 Perkiraan gaji bersih" in [t for t, _ in choice.buttons]
    # The status asked in two presses, the second sent without waiting for the first's answer.
    await sari.press("💰 Perkiraan gaji bersih", message=choice)
    question = await sari.wait_reply(predicate=says("status Anda pada 1 Januari"))
    assert [t for t, _ in question.buttons] == ["👤 Belum menikah", "💍 Menikah", "Lewati"]
    await sari.press("💍 Menikah", message=question)
    await sari.press(callback_data=question.buttons[1][1].replace(":K:", ":K1:"), message=question)
    shown = await sari.wait_reply(predicate=says("Perkiraan gaji bersih: PT Tawar"))
    text = shown.text or ""
    married_one = PtkpStatus(married=True, dependants=1)
    expected = payroll.estimate(9_000_000, married_one, on=TODAY)
    assert "Status PTKP K/1 (TER kategori B)" in text
    for figure in figures(expected):
        assert figure in text, figure
    assert "perkiraan" in text and "Belum termasuk" in text  # labelled, with what it leaves out
    # The negotiation draft's range, and what it would leave: the same numbers as the draft.
    low, high = money.counter_offer_range(9_000_000)
    net = [payroll.estimate(g, married_one, on=TODAY).take_home for g in (low, high)]
    assert f"{format_rupiah_range(low, high)} per bulan" in text
    assert format_rupiah_range(*net) in text
    await sari.press("💬 Draf negosiasi", message=shown)
    draft = await sari.wait_reply(predicate=says("Kisaran yang bisa Anda ajukan"))
    assert format_rupiah_range(low, high) in (draft.text or "")
    assert (await stored_user(coach.settings.database_url, sari.id)).ptkp_status == "K/1"
    # From the card: no question any more, the same figures.
    listing = await sari.ask("/lamaran")
    await sari.press(next(t for t, _ in listing.buttons if "PT Tawar" in t), message=listing)
    offer_card = await sari.wait_reply(predicate=is_card)
    await sari.press("💰 Perkiraan gaji bersih", message=offer_card)
    again = await sari.wait_reply(predicate=says("Perkiraan gaji bersih: PT Tawar"))
    assert "≈ " + format_rupiah(expected.take_home) in (again.text or "")
    # The status changed with its button: the estimate follows it.
    await sari.press("👪 Ubah status PTKP", message=again)
    asked = await sari.wait_reply(predicate=says("status Anda pada 1 Januari"))
    await sari.press("👤 Belum menikah", message=asked)
    await sari.wait_reply(predicate=says("Berapa tanggungan Anda"))
    await sari.press("0", message=asked)
    single = await sari.wait_reply(predicate=says("Perkiraan gaji bersih: PT Tawar"))
    assert "Status PTKP TK/0 (TER kategori A)" in (single.text or "")
    single_take_home = payroll.estimate(9_000_000, PtkpStatus(False), on=TODAY).take_home
    assert "≈ " + format_rupiah(single_take_home) in (single.text or "")
    await other


async def test_two_offers_side_by_side_with_their_benefits(coach: Coach) -> None:
    sari = coach.user()
    await record_offer(sari, "PT Satu", "9 juta")
    await record_offer(sari, "PT Dua", "Rp12.500.000", first=False)
    second_card = coach.emu.last_message(sari.id)
    assert second_card is not None and is_any_card(second_card)
    assert "⚖️ Bandingkan dengan tawaran lain" in [t for t, _ in second_card.buttons]
    # The comparison's first question answered without waiting for it.
    await sari.press("⚖️ Bandingkan dengan tawaran lain", message=second_card)
    await sari.send("asuransi kesehatan keluarga, kerja hybrid <3 hari>")
    question = await sari.wait_reply(predicate=says("tawaran PT Satu"))
    assert "Lewati" in [t for t, _ in question.buttons]
    await sari.press("Lewati", message=question)
    status = await sari.wait_reply(predicate=says("status Anda pada 1 Januari"))
    await sari.press("Lewati", message=status)
    compared = await sari.wait_reply(predicate=says("Dua tawaran berdampingan"))
    text = compared.text or ""
    single = PtkpStatus(married=False)
    a = payroll.estimate(12_500_000, single, on=TODAY)  # the card it was asked from comes first
    b = payroll.estimate(9_000_000, single, on=TODAY)
    assert f"Gaji kotor per bulan: A {format_rupiah(a.gross)} · B {format_rupiah(b.gross)}" in text
    assert (
        f"Gaji bersih per bulan: A ≈ {format_rupiah(a.take_home)} · "
        f"B ≈ {format_rupiah(b.take_home)}"
    ) in text
    assert (
        f"Bersih setahun, termasuk THR: A ≈ {format_rupiah(a.take_home_year)} · "
        f"B ≈ {format_rupiah(b.take_home_year)}"
    ) in text
    difference = a.take_home_year - b.take_home_year
    assert f"Tawaran A memberi sekitar {format_rupiah(difference)} lebih banyak" in text
    assert "Benefit A: asuransi kesehatan keluarga, kerja hybrid <3 hari>" in text
    assert "Benefit B: (belum dicatat)" in text
    assert "saya pakai TK/0" in text  # the status was not given: said so
    assert "<3 hari>" in (compared.html or "").replace("&lt;", "<").replace("&gt;", ">")
    # The benefits are the offer's, kept: asked again only on request.
    offers = {
        a.company: e
        for a in await rows(coach.settings.database_url, JobApplication)
        for e in await rows(coach.settings.database_url, ApplicationEvent)
        if e.application_id == a.id and e.kind == "offer"
    }
    assert offers["PT Dua"].detail["benefits"].startswith("asuransi kesehatan keluarga")
    assert offers["PT Satu"].detail["benefits"] == ""
    await sari.press("⚖️ Bandingkan dengan tawaran lain", message=second_card)
    shown_again = await sari.wait_reply(predicate=says("Dua tawaran berdampingan"))
    assert "Benefit A: asuransi" in (shown_again.text or "")
    await sari.press("✏️ Ubah tunjangan dan fasilitas", message=shown_again)
    await sari.wait_reply(predicate=says("tawaran PT Dua"))
    await sari.ask("BPJS saja")
    await sari.wait_reply(predicate=says("tawaran PT Satu"))
    changed = await sari.ask("makan siang gratis")
    assert "Benefit A: BPJS saja" in (changed.text or "")
    assert "Benefit B: makan siang gratis" in (changed.text or "")
    # /ekspor carries the status (not given: "") and the benefits.
    await sari.send("/ekspor")
    exported = await sari.wait_reply(predicate=lambda m: m.document is not None)
    data = json.loads((exported.document_content or b"{}").decode("utf-8"))
    assert data["tables"]["users"][0]["ptkp_status"] == ""
    details = [e["detail"] for e in data["tables"]["application_events"] if e["kind"] == "offer"]
    assert {d.get("benefits") for d in details} == {"BPJS saja", "makan siang gratis"}


async def test_a_comparison_with_three_offers_asks_which(coach: Coach) -> None:
    sari = coach.user()
    for n, (company, amount) in enumerate(
        [("PT Satu", "9 juta"), ("PT Dua", "10 juta"), ("PT Tiga", "11 juta")]
    ):
        await record_offer(sari, company, amount, first=n == 0)
    third = coach.emu.last_message(sari.id)
    assert third is not None and is_any_card(third)
    await sari.press("⚖️ Bandingkan dengan tawaran lain", message=third)
    which = await sari.wait_reply(predicate=says("tawaran yang mana"))
    assert [t for t, _ in which.buttons] == ["PT Satu", "PT Dua"]
    await sari.press("PT Satu", message=which)
    await sari.wait_reply(predicate=says("tawaran PT Tiga"))
    # A command leaves the comparison; nothing typed after it is taken as benefits.
    await sari.ask("/lamaran")
    await sari.ask("gaji ke-13")
    offers = [
        e for e in await rows(coach.settings.database_url, ApplicationEvent) if e.kind == "offer"
    ]
    assert all("benefits" not in e.detail for e in offers)
    # A tampered press is refused.
    query = await sari.press(callback_data="bd:999:1", message=third)
    answer = await coach.emu.wait_for_callback_answer(query)
    assert "tidak berlaku" in (answer.text or "")


async def test_in_english(coach: Coach) -> None:
    john = coach.emu.user(id=3001, first_name="John", language_code="en")
    choice = await record_offer(john, "Acme Security", "9.5 million", english=True)
    await john.press("💰 Take-home pay estimate", message=choice)
    question = await john.wait_reply(predicate=says("status on 1 January"))
    await john.press("👤 Single", message=question)
    await john.wait_reply(predicate=says("dependants"))
    await john.press("2", message=question)
    shown = await john.wait_reply(predicate=says("Take-home pay estimate: Acme Security"))
    expected = payroll.estimate(9_500_000, PtkpStatus(False, 2), on=TODAY)
    for figure in figures(expected):
        assert figure in (shown.text or ""), figure
    assert "TK/2" in (shown.text or "")
    await record_offer(john, "Globex", "11 million", first=False, english=True)
    globex = coach.emu.last_message(john.id)
    assert globex is not None
    await john.press("⚖️ Compare with another offer", message=globex)
    await john.wait_reply(predicate=says("benefits come with the offer from Globex"))
    await john.ask("health insurance")
    await john.wait_reply(predicate=says("offer from Acme Security"))
    compared = await john.ask("skip")
    text = compared.text or ""
    assert "Two offers side by side" in text
    a = payroll.estimate(11_000_000, PtkpStatus(False, 2), on=TODAY)
    b = expected
    assert f"A ≈ {format_rupiah(a.take_home)} · B ≈ {format_rupiah(b.take_home)}" in text
