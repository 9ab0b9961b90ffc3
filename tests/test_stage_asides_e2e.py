"""Free text inside a running stage that is no answer to its question, end to end: answered
aside and the question repeated in one line; and, the other way, answers that the classifier
alone would misread ("PT Aman Siber" sounds like "is it safe?") taken as answers."""

from __future__ import annotations

import asyncio

from bot.handlers.stages.asides import shaped_like_a_name
from bot.storage.models import ConversationState, Interview, JobApplication
from tests.conftest import Coach
from tests.helpers import open_stage, record_application, rows, says
from tests.test_understanding_e2e import SCAM, answers_to, forward, stored_text
from tgemu import UserHandle

COMPANY_PROMPT = "Saya menunggu nama perusahaan"


async def at_company_question(user: UserHandle) -> None:
    await open_stage(user, "Dihubungi oleh rekruter")
    await user.wait_reply(predicate=says("nama perusahaannya"))


async def states(coach: Coach) -> list[tuple[str, str]]:
    return [(s.name, s.state) for s in await rows(coach.settings.database_url, ConversationState)]


async def test_a_question_typed_while_the_company_is_awaited_is_answered_not_stored(
    coach: Coach,
) -> None:
    sari = coach.user()
    await at_company_question(sari)
    replies = await answers_to(coach, sari, "gimana cara nego gaji?")
    assert "Bernegosiasi dengan sopan" in (replies[0].text or "")
    assert COMPANY_PROMPT in (replies[-1].text or "")
    assert len(replies) == 2
    assert await rows(coach.settings.database_url, JobApplication) == []
    assert await states(coach) == [("tahap_rekruter", "perusahaan")]
    # Small talk is no company.
    replies = await answers_to(coach, sari, "makasih")
    assert "Sama-sama" in (replies[0].text or "")
    assert COMPANY_PROMPT in (replies[-1].text or "")
    # The answer comes next, and is taken: a company the classifier alone reads as a question
    # whether something is safe ("aman").
    role = await sari.ask("PT Aman Siber")
    assert "Posisi apa yang Anda lamar di PT Aman Siber?" in (role.text or "")
    [application] = await rows(coach.settings.database_url, JobApplication)
    assert application.company == "PT Aman Siber"
    # A role that reads like a question about replying to recruiters is still the role.
    await sari.ask("HR Generalist")
    await sari.wait_reply(predicate=says("menghubungi Anda"))
    [application] = await rows(coach.settings.database_url, JobApplication)
    assert application.role == "HR Generalist"

    john = coach.user(id=1002, first_name="John", language_code="en")
    await open_stage(john, "📞 1.")
    await john.wait_reply(predicate=says("company"))
    before = coach.emu.cursor
    await john.send("how do I negotiate my salary?")
    await john.wait_reply(predicate=says("company name as text"))
    replies = coach.emu.messages_since(john.id, before)
    assert "Negotiating politely" in (replies[0].text or "")
    assert len(replies) == 2


async def test_a_forwarded_recruiter_message_is_checked_and_the_question_repeated(
    coach: Coach,
) -> None:
    sari = coach.user()
    await at_company_question(sari)
    before = coach.emu.cursor
    await forward(sari, SCAM)
    await sari.wait_reply(predicate=says(COMPANY_PROMPT))
    replies = [m.text or "" for m in coach.emu.messages_since(sari.id, before)]
    assert "Meminta bayaran" in replies[0]
    assert len(replies) == 2
    assert await rows(coach.settings.database_url, JobApplication) == []
    assert "1234567890" not in await stored_text(coach.settings.database_url)
    # "ini penipuan ga?": asked for the message, the question repeated.
    replies = await answers_to(coach, sari, "ini penipuan ga?")
    assert "Kirim pesan rekruternya" in (replies[0].text or "")
    assert COMPANY_PROMPT in (replies[-1].text or "")
    assert await states(coach) == [("tahap_rekruter", "perusahaan")]


async def test_answers_that_read_as_answers_are_taken(coach: Coach) -> None:
    sari = coach.user()
    await record_application(sari)
    await sari.press("✅ Lolos")
    await sari.wait_reply(predicate=says("Selamat, Anda lolos"))
    await sari.press("☎️ Wawancara pendahuluan atau penyaringan telepon")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    # A question while the time is awaited: answered, and the time asked again.
    replies = await answers_to(coach, sari, "aku gugup bgt")
    assert "Gugup sebelum wawancara itu wajar" in (replies[0].text or "")
    assert "Saya menunggu tanggal dan jam wawancara" in (replies[-1].text or "")
    assert await rows(coach.settings.database_url, Interview) == []
    # A date is the answer, even with words around it: "besok" is the interview's day.
    time = await sari.ask("aku gugup bgt besok interview")
    assert "Jam berapa pada Kamis, 26 November 2026?" in (time.text or "")
    await sari.ask("jam 10")
    await sari.wait_reply(predicate=says("Tercatat: Kamis, 26 November 2026 pukul 10.00 WIB"))
    await sari.wait_reply(predicate=says("Wawancaranya lewat apa?"))
    # "zoom" for the format, typed.
    await sari.ask("zoom")
    await sari.wait_reply(predicate=says("Riwayat"))
    [interview] = await rows(coach.settings.database_url, Interview)
    assert interview.kind == "video"


async def at_company_then_question(coach: Coach, user: UserHandle) -> None:
    await at_company_question(user)
    await user.send("ini penipuan ga?")
    await user.send(f"PT Nomor {user.id}")
    await user.wait_reply(predicate=says("Posisi apa yang Anda lamar"), timeout=20)


async def test_asides_typed_without_waiting_while_other_chats_are_busy(coach: Coach) -> None:
    users = [coach.user(id=5001 + n, first_name=f"U{n}") for n in range(4)]
    await asyncio.gather(*(at_company_then_question(coach, user) for user in users))
    stored = sorted(a.company for a in await rows(coach.settings.database_url, JobApplication))
    assert stored == sorted(f"PT Nomor {u.id}" for u in users)


def test_the_rule_both_ways() -> None:
    """What is answered aside and what is taken as the answer, without a chat."""
    for name in ("PT Aman Siber", "HR Generalist", "Interview Consulting", "PT Gugup"):
        assert shaped_like_a_name(name), name
    for sentence in ("gmn cara nego gaji", "ini penipuan ga?", "Gimana Cara Nego Gaji?"):
        assert not shaped_like_a_name(sentence), sentence


async def test_stage_one_offers_the_recruiter_message_check_with_its_brief(coach: Coach) -> None:
    sari = coach.user()
    await at_company_question(sari)
    brief = next(
        m for m in coach.emu.chat_messages(sari.id) if "Yang penting sekarang" in (m.text or "")
    )
    assert dict(brief.buttons)["🔍 Cek pesan rekruter"] == "rk:cek"
    await sari.press("🔍 Cek pesan rekruter", message=brief)
    await sari.wait_reply(predicate=says("Kirim pesan rekruternya"))
    assert await states(coach) == [("cek_rekruter", "menunggu_pesan")]
