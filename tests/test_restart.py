"""The coach as a separate process: a restart between two commands loses nothing."""

from __future__ import annotations

import signal

from tests.conftest import BotProcess
from tgemu import BotApiEmulator


async def test_restart_between_start_and_wawancara_loses_nothing(
    emulator: BotApiEmulator, bot_process: BotProcess
) -> None:
    sari = emulator.user(id=1001, first_name="Sari", language_code="id")
    await bot_process.start()
    greeting = await sari.ask("/start", timeout=30)
    assert "Halo, Sari!" in (greeting.text or "")
    # Choose English, so that there is something stored to lose.
    await sari.ask("/bahasa")
    await sari.press("🇬🇧 English")
    await sari.wait_reply()
    assert await bot_process.stop(signal.SIGTERM) == 0

    await bot_process.start()
    menu = await sari.ask("/wawancara", timeout=30)
    assert "The six stages of the interview process" in (menu.text or "")
    assert len(menu.buttons) == 6


async def test_crash_in_the_middle_of_a_stage_continues_where_the_user_was(
    emulator: BotApiEmulator, bot_process: BotProcess
) -> None:
    sari = emulator.user(id=1001, first_name="Sari", language_code="id")
    await bot_process.start()
    menu = await sari.ask("/wawancara", timeout=30)
    await sari.press(next(t for t, _ in menu.buttons if "Wawancara tambahan" in t), message=menu)
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Tahan Banting")
    await sari.ask("Analis SOC")
    await sari.wait_reply(predicate=lambda m: "Kapan wawancaranya" in (m.text or ""))
    # The answer above was seen by the user, so its state is committed: a crash loses nothing.
    await bot_process.stop(signal.SIGKILL)

    await bot_process.start()
    await sari.send("lusa jam 10")
    kind = await sari.wait_reply(predicate=lambda m: "jenis apa" in (m.text or ""), timeout=30)
    await sari.press("👥 Panel", message=kind)
    await sari.wait_reply(predicate=lambda m: "pewawancaranya" in (m.text or ""))
    await bot_process.stop(signal.SIGTERM)

    await bot_process.start()
    honorific = await sari.ask("Dewi", timeout=30)
    assert "Ibu atau Bapak" in (honorific.text or "")
    await sari.press("Ibu Dewi", message=honorific)
    noted = await sari.wait_reply(predicate=lambda m: "Tercatat" in (m.text or ""))
    assert "Tercatat: Ibu Dewi" in (noted.text or "")
    await sari.press("✅ Selesai")
    checklist = await sari.wait_reply(predicate=lambda m: "Riwayat" in (m.text or ""))
    assert "Analis SOC di PT Tahan Banting" in (checklist.text or "")
    assert "panel — Ibu Dewi" in (checklist.text or "")
