"""/pengingat stays one message Telegram accepts, with its buttons, however many reminders are
pending and whatever letters the company names are written in (a red-team finding)."""

from __future__ import annotations

from datetime import timedelta

from bot.coach.length import TELEGRAM_LIMIT, visible_len
from bot.coach.nudges import NudgeKind
from bot.storage.db import Database
from bot.storage.models import ApplicationStatus, FollowUp, FollowUpStatus, JobApplication
from tests.conftest import START, Coach
from tests.helpers import rows, says

# Mathematical bold letters: outside the Basic Multilingual Plane, two UTF-16 units each.
ASTRAL = "𝐏𝐓 𝐀𝐦𝐚𝐧 𝐒𝐢𝐛𝐞𝐫 " * 20


async def add_pending(coach: Coach, user_id: int, count: int) -> None:
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session, session.begin():
            for number in range(count):
                application = JobApplication(
                    user_id=user_id,
                    company=(ASTRAL + str(number))[:200],
                    role="",
                    stage="rekruter",
                    status=ApplicationStatus.ACTIVE,
                    created_at=START,
                    updated_at=START,
                )
                session.add(application)
                await session.flush()
                session.add(
                    FollowUp(
                        user_id=user_id,
                        application_id=application.id,
                        kind=NudgeKind.SILENT_APPLICATION.value,
                        due_at=START + timedelta(days=1, minutes=number),
                        expires_at=START + timedelta(days=30),
                        status=FollowUpStatus.PENDING.value,
                        attempts=0,
                        last_error="",
                        payload={},
                        created_at=START,
                    )
                )
    finally:
        await database.dispose()


async def test_many_reminders_with_astral_names_fit_one_message(coach: Coach) -> None:
    sari = coach.user()
    other = coach.user(id=1002, first_name="Budi")
    await sari.ask("/start")
    await add_pending(coach, sari.id, 30)
    # Another chat busy meanwhile, and /pengingat sent twice without waiting.
    await other.send("/pengingat")
    await sari.send("/pengingat")
    await sari.send("/pengingat")
    await coach.emu.wait_idle()
    lists = [m for m in sari.messages if "Pengingat Anda" in (m.text or "")]
    assert len(lists) == 2
    listing = lists[-1]
    text = listing.text or ""
    assert visible_len(text) <= TELEGRAM_LIMIT
    assert "Maaf" not in "".join(m.text or "" for m in sari.messages)  # no apology
    shown = [label for label, _ in listing.buttons if label.startswith("❌")]
    assert 1 <= len(shown) <= 20
    assert f"… dan {30 - len(shown)} pengingat lain" in text
    assert "⏸️ Jeda semua" in [label for label, _ in listing.buttons]
    assert "Tanpa jam tenang" in [label for label, _ in listing.buttons]
    assert "Tidak ada pengingat" in (other.messages[-1].text or "")

    # The buttons work: cancelling the first one redraws the list, one fewer pending.
    await sari.press("❌ 1", message=listing)
    redrawn = await sari.wait_reply(predicate=says("Pengingat Anda"))
    assert visible_len(redrawn.text or "") <= TELEGRAM_LIMIT
    pending = [f for f in await rows(coach.settings.database_url, FollowUp)
               if f.status == FollowUpStatus.PENDING.value]  # fmt: skip
    assert len(pending) == 29
