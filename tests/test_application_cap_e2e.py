"""The cap on a user's applications (repositories.MAX_APPLICATIONS), end to end through the
emulator: at the cap a new application is refused with what to do, from the stage conversation
and from a progress message, and the chat goes on; a closed application then gives way."""

from __future__ import annotations

from bot.storage import repositories
from bot.storage.db import Database
from bot.storage.models import ApplicationStatus, JobApplication, ProgressReport
from tests.conftest import START, Coach
from tests.helpers import open_stage, rows, says
from tgemu import UserHandle

REFUSED = "Lamaran baru belum bisa saya catat"
APOLOGY = "Maaf, terjadi kesalahan"


async def seed_active(coach: Coach, user_id: int, count: int, first: int = 0) -> None:
    """`count` active applications for the user, written straight to the database."""
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            session.add_all(
                JobApplication(user_id=user_id, company=f"PT Nomor {n}", role="", stage="rekruter",
                               created_at=START, updated_at=START)
                for n in range(first, first + count)
            )  # fmt: skip
            await session.commit()
    finally:
        await database.dispose()


async def applications(coach: Coach) -> list[JobApplication]:
    return sorted(await rows(coach.settings.database_url, JobApplication), key=lambda a: a.id)


def no_apology(user: UserHandle) -> bool:
    return not any(APOLOGY in (m.text or "") for m in user.messages)


async def test_at_the_cap_a_new_application_is_refused_with_what_to_do(coach: Coach) -> None:
    cap = repositories.MAX_APPLICATIONS
    sari = coach.user()
    await sari.ask("/start")
    await seed_active(coach, sari.id, cap)

    # From the stage conversation: "➕ Lamaran baru" is refused before the company is asked.
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("Untuk lamaran yang mana?"))
    await sari.press("➕ Lamaran baru")
    refused = await sari.wait_reply(predicate=says(REFUSED))
    assert refused.text == (
        f"Lamaran baru belum bisa saya catat: Anda sudah punya {cap} lamaran aktif, jumlah "
        "terbanyak yang bisa saya simpan. Tutup dulu lamaran yang sudah tidak berjalan: ketik "
        "/lamaran, pilih lamarannya, lalu tekan ↩️ Saya mundur atau 💪 Ditolak. Setelah itu, "
        "coba lagi; lamaran tertutup yang paling lama akan saya hapus untuk memberi tempat."
    )
    # The conversation is over: a company typed now is no answer to a question.
    await sari.send("PT Terlambat")
    await coach.emu.wait_idle()
    assert len(await applications(coach)) == cap

    # From a progress message: the tap is refused, and the report and its buttons stay.
    understood = await sari.ask("dijadwalin screening besok jam 10 sama PT Baru Jaya")
    assert "PT Baru Jaya" in (understood.text or "")
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says(REFUSED))
    [report] = await rows(coach.settings.database_url, ProgressReport)
    assert report.status == "open"
    assert len(await applications(coach)) == cap

    # What the answer says to do: /lamaran, the application, ↩️ Saya mundur.
    listing = await sari.ask("/lamaran")
    await sari.press(next(text for text, _ in listing.buttons if "PT Nomor 0" in text))
    await sari.wait_reply(predicate=lambda m: "↩️ Saya mundur" in dict(m.buttons))
    await sari.press("↩️ Saya mundur")
    await sari.wait_reply(predicate=says("ditutup"))

    # Now the same tap records the new application, in the place of the one closed.
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says("Tercatat: Kamis, 26 November 2026 pukul 10.00 WIB"))
    stored = await applications(coach)
    assert len(stored) == cap
    assert "PT Nomor 0" not in {a.company for a in stored}
    assert all(a.status == ApplicationStatus.ACTIVE for a in stored)
    assert next(a for a in stored if a.company == "PT Baru Jaya").stage == "penyaringan"
    assert no_apology(sari)


async def test_the_cap_reached_while_the_company_is_asked_ends_the_conversation(
    coach: Coach,
) -> None:
    """The company answer itself is refused at the cap (the repository's check), not only the
    "➕ Lamaran baru" button; the chat then carries on as usual."""
    cap = repositories.MAX_APPLICATIONS
    sari = coach.user()
    await sari.ask("/start")
    await seed_active(coach, sari.id, cap - 1)
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("Untuk lamaran yang mana?"))
    await sari.press("➕ Lamaran baru")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await seed_active(coach, sari.id, 1, first=cap)  # the last place is taken meanwhile

    await sari.send("PT Terlambat")
    await sari.wait_reply(predicate=says(REFUSED))
    stored = await applications(coach)
    assert len(stored) == cap and "PT Terlambat" not in {a.company for a in stored}
    # Nothing of the refused application waits: the next message is answered as any other.
    reply = await sari.ask("/bantuan")
    assert "/lamaran" in (reply.text or "")
    assert no_apology(sari)
