"""The conversation layer: each chat's state read and written in its own update's transaction,
every message handled in the order it was sent, buttons routed from one registry.

These tests type the way people do: several messages without waiting for a reply, while other
chats are busy, and with webhooks arriving concurrently.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, ptb_private
from bot.app import build_application
from bot.callbacks import Scope
from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.storage.models import ConversationState, Interview, JobApplication
from tests.conftest import START, Coach, WebhookCoach
from tests.helpers import open_stage, rows, says
from tgemu import BotApiEmulator, UserHandle


async def states_of(database_url: str) -> dict[str, set[str]]:
    """Chat key -> its stored conversation states."""
    found: dict[str, set[str]] = {}
    for row in await rows(database_url, ConversationState):
        found.setdefault(row.key, set()).add(f"{row.name}={row.state}")
    return found


# --- PTB's private dict, in one place -------------------------------------------------------


async def _noop(update: Update, context: Any) -> str:
    return "b"


def test_ptb_keeps_states_where_ptb_private_reads_and_sets_them() -> None:
    """Fails loudly when a PTB release changes how a ConversationHandler holds its states."""
    handler: ConversationHandler[Any] = ConversationHandler(
        entry_points=[CommandHandler("go", _noop)],
        states={
            "a": [MessageHandler(filters.TEXT, _noop)],
            "b": [CommandHandler("next", _noop)],
        },
        fallbacks=[],
        name="probe",
    )
    key = (7, 7)
    ptb_private.put([handler], key, {"probe": "a"})
    message = Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 7, "type": "private"},
                "from": {"id": 7, "is_bot": False, "first_name": "X"},
                "text": "hello",
            },
        },
        None,
    )
    # PTB routes by the state put in: plain text is taken in state "a", not without a state.
    assert handler.check_update(message)
    assert ptb_private.take([handler], key) == {"probe": "a"}
    assert not handler.check_update(message)
    assert ptb_private.take([handler], key) == {}


def coach_settings_offline(database_url: str) -> Any:
    from bot.config import load_settings

    return load_settings(bot_token="123:abc", database_url=database_url)


# --- buttons: one registry ------------------------------------------------------------------


def _walk(
    handlers: Iterable[BaseHandler[Any, Any, Any]], where: str
) -> Iterable[tuple[str, BaseHandler[Any, Any, Any]]]:
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            yield from _walk(handler.entry_points, "entry")
            yield from _walk(
                (h for state in handler.states.values() for h in state), "conversation"
            )
            yield from _walk(handler.fallbacks, "fallback")
        else:
            yield where, handler


def _scope_of(raw_pattern: str) -> Scope | str | None:
    """The scope of the prefix a handler pattern starts with; "catch-all" for a conversation's
    wrong-answer catch-all, "switching" for its hand-over, None for an undeclared prefix."""
    if raw_pattern == callbacks.not_passing_through():
        return "catch-all"
    if raw_pattern == f"^{callbacks.union(Scope.SWITCHING)}":
        return "switching"
    for prefix, scope in sorted(callbacks.DECLARED.items(), key=lambda item: -len(item[0])):
        if raw_pattern.startswith(f"^{re.escape(prefix)}"):
            return scope
    return None


def test_every_button_pattern_is_declared_and_used_in_its_scope(tmp_path: Any) -> None:
    app = build_application(
        coach_settings_offline(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"),
        clock=FrozenClock(START),
    )
    seen: set[str] = set()
    checked = 0
    for group, handlers in app.handlers.items():
        for where, handler in _walk(handlers, "global" if group >= 0 else "pre"):
            if not isinstance(handler, CallbackQueryHandler):
                continue
            if handler.pattern is None:
                assert where == "global", "a catch-all for every button belongs to the last group"
                continue
            raw = handler.pattern.pattern if isinstance(handler.pattern, re.Pattern) else ""
            scope = _scope_of(raw)
            assert scope is not None, f"button pattern {raw!r} uses an undeclared prefix"
            if scope == Scope.LOCAL:
                assert where == "conversation", f"{raw!r} is LOCAL but registered as {where}"
            if scope in ("catch-all",):
                assert where == "conversation"
            if scope == "switching":
                assert where == "fallback"
            checked += 1
            seen.add(raw)
    assert checked > 40
    # Every declared prefix is used by some handler: the registry holds nothing dead.
    for prefix in callbacks.DECLARED:
        assert any(raw.startswith(f"^{re.escape(prefix)}") for raw in seen), prefix


# --- nothing of a chat in memory between its updates ----------------------------------------


async def test_no_chat_state_stays_in_memory_after_an_update(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Ingatan")
    await coach.emu.wait_idle()
    assert all(not ptb_private._states(handler) for handler in coach.app.conversations)
    assert await states_of(coach.settings.database_url) == {"1001:1001": {"tahap_rekruter=posisi"}}


# --- typed without waiting ------------------------------------------------------------------


async def test_a_command_then_an_answer_typed_at_once_are_answered_in_order(
    coach: Coach,
) -> None:
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    before = coach.emu.cursor
    await sari.send("/tangguh")
    await sari.send("sedih sekali")
    await sari.wait_reply(predicate=says("Jika sudah siap"))
    answers = [m.text or "" for m in coach.emu.messages_since(sari.id, before)]
    assert "Apa yang paling Anda rasakan" in answers[0]
    assert "Terima kasih sudah menuliskannya" in answers[1]
    assert not any("di setiap tahap wawancara kerja" in a for a in answers)
    # The stage conversation ended; /tangguh waits for "ready", and nothing else is stored.
    assert await states_of(coach.settings.database_url) == {"1001:1001": {"tangguh=siap"}}


async def two_answers_at_once(coach: Coach, user: UserHandle, company: str) -> None:
    await open_stage(user, "Dihubungi oleh rekruter")
    await user.wait_reply(predicate=says("nama perusahaannya"))
    await user.send(company)
    await user.send("Analis SOC")
    await user.wait_reply(predicate=says("menghubungi Anda"))


async def test_two_answers_in_a_row_while_other_chats_are_busy(coach: Coach) -> None:
    users = [coach.user(id=2001 + n, first_name=f"U{n}") for n in range(6)]
    await asyncio.gather(*(two_answers_at_once(coach, u, f"PT Nomor {u.id}") for u in users))
    stored = {(a.company, a.role) for a in await rows(coach.settings.database_url, JobApplication)}
    assert stored == {(f"PT Nomor {u.id}", "Analis SOC") for u in users}
    for user in users:
        answers = [m.text or "" for m in coach.emu.chat_messages(user.id)]
        assert any(f"PT Nomor {user.id}" in a for a in answers)
        assert not any(
            "Saya menunggu" in a or "di setiap tahap wawancara kerja" in a for a in answers
        )


async def test_a_button_then_a_text_typed_at_once(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Wawancara pendahuluan")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Cepat")
    await sari.press("Lewati")
    await sari.send("besok jam 10")
    await sari.wait_reply(predicate=says("lewat apa"))
    transcript = [m.text or "" for m in coach.emu.chat_messages(sari.id)]
    assert any("Tercatat: Kamis, 26 November 2026 pukul 10.00 WIB" in t for t in transcript)
    [application] = await rows(coach.settings.database_url, JobApplication)
    assert application.role == ""
    [interview] = await rows(coach.settings.database_url, Interview)
    assert interview.application_id == application.id


async def test_a_button_that_switches_is_handled_in_the_same_update(coach: Coach) -> None:
    """A menu button pressed in a conversation ends it and opens the stage, and the button gets
    exactly one answer."""
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    menu = await sari.ask("/wawancara")
    query = await sari.press(
        next(t for t, _ in menu.buttons if "Wawancara pendahuluan" in t), message=menu
    )
    await sari.send("PT Pindah")
    await sari.wait_reply(predicate=says("PT Pindah"))
    answers = [
        c for c in coach.emu.calls("answerCallbackQuery") if c.params["callback_query_id"] == query
    ]
    assert len(answers) == 1
    assert await states_of(coach.settings.database_url) == {
        "1001:1001": {"tahap_penyaringan=posisi"}
    }


# --- webhooks, concurrently, with one transaction that fails --------------------------------


async def refuse_state_of(database_url: str, key: str) -> None:
    """Makes the one transaction that stores `key`'s conversation state fail: at its commit on
    PostgreSQL (a deferred constraint trigger), at its flush on SQLite."""
    database = Database(database_url)
    try:
        async with database.engine.begin() as connection:
            if database_url.startswith("postgresql"):
                await connection.execute(
                    text(
                        "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
                        f"IF NEW.key = '{key}' THEN RAISE EXCEPTION 'refused'; END IF; "
                        "RETURN NEW; END $$ LANGUAGE plpgsql"
                    )
                )
                await connection.execute(
                    text(
                        "CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON conversation_states "
                        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_one()"
                    )
                )
            else:
                await connection.execute(
                    text(
                        "CREATE TRIGGER refuse BEFORE INSERT ON conversation_states "
                        f"WHEN NEW.key = '{key}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                    )
                )
    finally:
        await database.dispose()


async def test_concurrent_webhooks_write_each_chat_state_in_its_own_transaction(
    emulator: BotApiEmulator, webhook_coach: WebhookCoach
) -> None:
    database_url = webhook_coach.database_url
    users = [emulator.user(id=5001 + n, first_name=f"U{n}") for n in range(10)]
    doomed = users[3]
    await refuse_state_of(database_url, f"{doomed.id}:{doomed.id}")
    # Every flush records the chats whose conversation rows it writes, per session: a session
    # (one update's transaction) must never write two chats' rows.
    written: dict[int, set[str]] = {}

    def record(session: Session, _context: object, _instances: object) -> None:
        keys = written.setdefault(session.hash_key, set())
        keys.update(
            obj.key for obj in (*session.new, *session.dirty) if isinstance(obj, ConversationState)
        )

    event.listen(Session, "before_flush", record)
    try:
        await asyncio.gather(*(u.send("/tangguh") for u in users))
        for user in users:
            await user.wait_reply(timeout=20)
    finally:
        event.remove(Session, "before_flush", record)
    assert written and all(len(keys) <= 1 for keys in written.values())
    stored = await states_of(database_url)
    assert stored == {f"{u.id}:{u.id}": {"tangguh=perasaan"} for u in users if u is not doomed}
    apology = emulator.last_message(doomed.id)
    assert apology is not None and "Maaf, terjadi kesalahan" in (apology.text or "")
    for user in users:
        if user is not doomed:
            assert "Apa yang paling Anda rasakan" in (emulator.last_message(user.id).text or "")  # type: ignore[union-attr]


async def test_a_button_answered_too_late_still_gets_its_real_answer(coach: Coach) -> None:
    """Under load a press may be answered after Telegram's 15 seconds: the spinner's answer
    fails ("query is too old"), and the change the press asked for is still made and shown."""
    sari = coach.user()
    choice = await sari.ask("/bahasa")
    coach.emu.fail_next(
        "answerCallbackQuery",
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )
    await sari.press("🇬🇧 English", message=choice)
    confirmed = await sari.wait_reply(predicate=says("I will speak English"))
    assert "Maaf" not in (confirmed.text or "")
    assert not any(
        "Maaf, terjadi kesalahan" in (m.text or "") for m in coach.emu.chat_messages(sari.id)
    )
