"""The user's control over their data, end to end: /privasi, /ekspor's JSON file, /hapusdata."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, select
from telegram.ext import ConversationHandler

from bot.storage import privacy
from bot.storage.db import Database
from bot.storage.models import Base, UtcDateTime
from tests.conftest import START, Coach
from tests.helpers import card, is_card, open_stage, stored_user
from tests.test_followups_e2e import recruiter_stage
from tgemu import BotMessage, UserHandle

Snapshot = dict[str, list[dict[str, Any]]]

# The tables the scenario below fills for Sari; each must hold rows of hers before the deletion.
FILLED = {
    "users",
    "applications",
    "application_events",
    "interviews",
    "checklist_marks",
    "follow_ups",
    "conversation_states",
    "guidance_shown",
}


def has_text(needle: str) -> Callable[[BotMessage], bool]:
    return lambda m: needle in (m.text or "")


async def snapshot(coach: Coach) -> Snapshot:
    """Every row of every table the models declare, as plain dictionaries."""
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            result: Snapshot = {}
            for table in Base.metadata.sorted_tables:
                rows = await session.execute(select(table))
                result[table.name] = sorted(
                    (dict(row) for row in rows.mappings()),
                    key=lambda row: repr([row[c.name] for c in table.primary_key.columns]),
                )
            return result
    finally:
        await database.dispose()


def ids_of(rows: Snapshot, user_id: int) -> dict[str, set[Any]]:
    """The user's id, and the ids of their applications and of those applications' interviews."""
    applications = {a["id"] for a in rows["applications"] if a["user_id"] == user_id}
    interviews = {i["id"] for i in rows["interviews"] if i["application_id"] in applications}
    return {"users": {user_id}, "applications": applications, "interviews": interviews}


def mentions(table: Table, row: dict[str, Any], ids: dict[str, set[Any]]) -> bool:
    """Whether the row names the user: their id, or one of their applications or interviews."""
    user_id = next(iter(ids["users"]))
    if table.name == "users" and row["id"] == user_id:
        return True
    if table.name == "conversation_states" and row["key"].endswith(f":{user_id}"):
        return True
    for column in table.columns:
        value = row[column.name]
        if column.name in ("user_id", "chat_id") and value == user_id:
            return True
        if any(value in ids.get(fk.column.table.name, set()) for fk in column.foreign_keys):
            return True
    return False


async def document_reply(user: UserHandle) -> BotMessage:
    return await user.wait_reply(predicate=lambda m: m.document is not None)


async def recruiter_stage_with_names(coach: Coach, user: UserHandle, company: str) -> None:
    """Stage 1 with the recruiter's name and the name and phone for signatures."""
    await open_stage(user, "Dihubungi oleh rekruter")
    await user.wait_reply(predicate=has_text("nama perusahaannya"))
    await user.ask(company)
    await user.ask("Analis SOC")
    await user.press("📧 Email")
    await user.wait_reply(predicate=has_text("nama rekruternya"))
    await user.ask("bu rina")
    await user.wait_reply(predicate=has_text("tanda tangan"))
    await user.ask("Sari Wulandari, 0812 3456 7890")
    await card(coach, user)


async def tick_first_item(coach: Coach, user: UserHandle) -> None:
    checklist = next(m for m in reversed(coach.emu.chat_messages(user.id)) if is_card(m))
    await user.press(next(t for t, _ in checklist.buttons if t.endswith(" 1")), message=checklist)
    await user.wait_reply(predicate=has_text("☑️ 1."))


async def further_interview(coach: Coach, user: UserHandle) -> None:
    """A new application at the further-interviews stage, with two interviewers."""
    await open_stage(user, "Wawancara tambahan")
    await user.wait_reply(predicate=has_text("lamaran yang mana"))
    await user.press("➕ Lamaran baru")
    await user.wait_reply(predicate=has_text("nama perusahaannya"))
    await user.ask("PT Kunci")
    await user.ask("Pentester")
    quick = await user.wait_reply(predicate=has_text("Kapan wawancaranya"))
    await user.press(quick.buttons[0][0], message=quick)
    await user.wait_reply(predicate=has_text("jenis apa"))
    await user.press("🛠️ Teknis")
    await user.wait_reply(predicate=has_text("pewawancaranya"))
    await user.ask("Budi Santoso, Rina")
    await user.wait_reply(predicate=has_text("Ibu atau Bapak"))
    await user.press("Lewati (Bapak/Ibu)")  # both stay neutral ("Yth. Bapak/Ibu Rina,")
    await user.wait_reply(predicate=has_text("Tambah nama lain"))
    await user.press("✅ Selesai")
    await coach.emu.wait_for_message(
        user.id, predicate=lambda m: is_card(m) and has_text("PT Kunci")(m)
    )


async def test_export_then_delete_everything_and_start_afresh(coach: Coach) -> None:
    sari = coach.user()
    budi = coach.user(id=1002, first_name="Budi")
    await recruiter_stage(coach, budi, company="PT Lain")
    await recruiter_stage_with_names(coach, sari, company="PT Kopi – Siber")
    await tick_first_item(coach, sari)
    await further_interview(coach, sari)
    await sari.ask("/zonawaktu")
    await sari.press("WIT (Jayapura)")
    await sari.wait_reply(predicate=has_text("Zona waktu disimpan"))
    # A conversation in progress: the screening stage waits for Sari to pick an application.
    await open_stage(sari, "Wawancara pendahuluan")
    pick = await sari.wait_reply(predicate=has_text("lamaran yang mana"))

    await sari.send("/ekspor")
    exported = await document_reply(sari)
    document = exported.document
    assert document is not None and exported.document_content is not None
    assert document["file_name"] == "pelatih-wawancara-data-2026-11-25.json"
    assert "/hapusdata" in (exported.text or "")
    raw = exported.document_content
    assert raw.startswith(b'{\n  "') and "PT Kopi – Siber".encode() in raw  # indented, UTF-8
    data = json.loads(raw.decode("utf-8"))
    assert data["telegram_user_id"] == sari.id
    tables = data["tables"]
    assert set(tables) == {t.name for t in Base.metadata.sorted_tables} - privacy.NOT_PERSONAL
    [user] = tables["users"]
    assert (user["first_name"], user["timezone"]) == ("Sari", "Asia/Jayapura")
    assert (user["full_name"], user["phone"]) == ("Sari Wulandari", "0812 3456 7890")
    assert {a["company"] for a in tables["applications"]} == {"PT Kopi – Siber", "PT Kunci"}
    assert {a["contact_name"] for a in tables["applications"]} == {"Ibu Rina", None}
    assert {g["stage"] for g in tables["guidance_shown"]} == {"rekruter", "lanjutan"}
    [interview] = tables["interviews"]
    assert interview["interviewers"] == ["Budi Santoso", "Rina"]
    # One ticked by Sari; two by what she recorded (the recruiter's, the interviewers' names).
    assert {m["item"] for m in tables["checklist_marks"]} == {
        "balas-cepat",
        "nama-rekruter",
        "catat-nama",
    }
    assert {e["kind"] for e in tables["application_events"]} >= {"contacted"}
    assert tables["follow_ups"] and {f["user_id"] for f in tables["follow_ups"]} == {sari.id}
    [state] = tables["conversation_states"]
    assert (state["name"], state["user_id"]) == ("tahap_penyaringan", sari.id)
    # Every moment is an aware ISO datetime.
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, UtcDateTime):
                for row in tables.get(table.name, []):
                    if row[column.name] is not None:
                        moment = datetime.fromisoformat(row[column.name])
                        assert moment.utcoffset() == timedelta(0), (table.name, column.name)
    assert datetime.fromisoformat(data["exported_at"]).utcoffset() == timedelta(0)

    # The export left the conversation running: the pick is still answered.
    await sari.press("➕ Lamaran baru", message=pick)
    await sari.wait_reply(predicate=has_text("nama perusahaannya"))
    # /hapusdata asks first, and leaves the conversation running until the answer.
    question = await sari.ask("/hapusdata")
    assert "Hapus semua data Anda?" in (question.text or "")
    assert [t for t, _ in question.buttons] == ["Ya, hapus semua", "Batal"]

    before = await snapshot(coach)
    ids = ids_of(before, sari.id)
    for name in FILLED:
        table = Base.metadata.tables[name]
        assert any(mentions(table, row, ids) for row in before[name]), name
    await sari.press("Ya, hapus semua", message=question)
    done = await sari.wait_reply(predicate=has_text("sudah dihapus"))
    assert done.buttons == []
    after = await snapshot(coach)
    # Nothing names Sari any more; every other row (Budi's) is exactly as it was. The ids of
    # handled updates (the press above among them) name nobody.
    for table in Base.metadata.sorted_tables:
        if table.name == "received_updates":
            assert not any(mentions(table, row, ids) for row in after[table.name])
            continue
        expected = [row for row in before[table.name] if not mentions(table, row, ids)]
        assert after[table.name] == expected, table.name
    assert any(row["id"] == budi.id for row in after["users"])
    assert any(row["company"] == "PT Lain" for row in after["applications"])

    # The conversation is forgotten in memory too (PTB keeps states in its handlers' dicts)...
    conversations = [
        h
        for group in coach.app.handlers.values()
        for h in group
        if isinstance(h, ConversationHandler)
    ]
    assert conversations and all((sari.id, sari.id) not in h._conversations for h in conversations)
    # ... so this is no longer taken as the company's name.
    coach.clock.advance(timedelta(minutes=1))
    assert "di setiap tahap wawancara kerja" in ((await sari.ask("PT Baru")).text or "")
    # And Sari is a new user: greeted afresh, no applications, the default zone, no nudges.
    greeting = await sari.ask("/start")
    assert "Halo, Sari!" in (greeting.text or "")
    assert "Belum ada lamaran" in ((await sari.ask("/lamaran")).text or "")
    fresh = await stored_user(coach.settings.database_url, sari.id)
    assert fresh.timezone == "Asia/Jakarta" and fresh.created_at == coach.clock.now()
    cursor = coach.emu.cursor
    coach.clock.advance(timedelta(days=8))
    assert await coach.dispatch() >= 1  # Budi's nudges still go out
    assert coach.emu.messages_since(sari.id, cursor) == []
    assert coach.emu.messages_since(budi.id, cursor)


async def test_an_expired_confirmation_deletes_nothing(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    question = await sari.ask("/hapusdata")
    coach.clock.advance(timedelta(minutes=10, seconds=1))
    await sari.press("Ya, hapus semua", message=question)
    expired = await sari.wait_reply(predicate=has_text("kedaluwarsa"))
    assert "/hapusdata" in (expired.text or "") and expired.buttons == []
    assert "PT Cepat" in ((await sari.ask("/lamaran")).text or "")


async def test_a_confirmation_from_before_a_deletion_no_longer_counts(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/start")
    old = await sari.ask("/hapusdata")
    latest = await sari.ask("/hapusdata")
    await sari.press("Ya, hapus semua", message=latest)
    await sari.wait_reply(predicate=has_text("sudah dihapus"))
    coach.clock.advance(timedelta(minutes=2))
    await recruiter_stage(coach, sari, company="PT Baru")
    # Still within ten minutes, but asked about data that is gone: the new data stays.
    await sari.press("Ya, hapus semua", message=old)
    answer = await sari.wait_reply(predicate=has_text("sebelum data Anda terakhir kali dihapus"))
    assert answer.buttons == []
    assert "PT Baru" in ((await sari.ask("/lamaran")).text or "")


async def test_cancel_and_tampered_buttons_keep_everything(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    question = await sari.ask("/hapusdata")
    await sari.press("Batal", message=question)
    kept = await sari.wait_reply(predicate=has_text("tidak ada yang dihapus"))
    assert kept.buttons == []
    for data in ("del:yes:abc", f"del:yes:{int((START + timedelta(hours=1)).timestamp() * 1000)}"):
        query_id = await sari.press(callback_data=data, message=question)
        answer = await coach.emu.wait_for_callback_answer(query_id)
        assert "tidak berlaku" in (answer.text or "")
    assert "PT Cepat" in ((await sari.ask("/lamaran")).text or "")


async def test_privacy_and_help_tell_how_to_export_and_delete(coach: Coach) -> None:
    sari = coach.user()
    for command in ("/privasi", "/start", "/bantuan"):
        text = (await sari.ask(command)).text or ""
        assert "/ekspor" in text and "/hapusdata" in text, command
    privacy_text = (await sari.ask("/privasi")).text or ""
    for stored in ("lamaran", "pewawancara", "daftar periksa", "pengingat", "jawaban latihan"):
        assert stored in privacy_text


def test_every_table_is_either_about_users_or_declared_impersonal() -> None:
    assert privacy.unclassified_tables() == [], (
        "these tables are neither exported nor deleted by /ekspor and /hapusdata: give them a "
        "foreign key to users, applications or interviews (or a user_id column), or list them "
        "in bot.storage.privacy.NOT_PERSONAL if they hold nothing about anyone"
    )
