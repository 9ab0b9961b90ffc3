"""Tests of the Bot API emulator itself: raw HTTP, a real PTB `Bot`, a real `Application`."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    Message,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tgemu import (
    BotApiEmulator,
    EmulatorTimeout,
    EntityParseError,
    RateLimits,
    UserHandle,
    parse_html,
    run_terminal_chat,
    running,
)
from tgemu.webhook import webhook_queue

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Lolos", callback_data="lolos")],
        [InlineKeyboardButton("Ditolak", callback_data="tolak")],
    ]
)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


@pytest.fixture
async def sari(emu: BotApiEmulator) -> UserHandle:
    user = emu.user(id=1001, first_name="Sari", language_code="id")
    await user.send("/start")  # a user must write first before the bot may message them
    return user


async def api(emu: BotApiEmulator, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emu.base_url}{emu.token}/{method}", json=params) as response,
    ):
        return response.status, await response.json()


def build_app(emu: BotApiEmulator) -> AnyApplication:
    """A trivial bot: /start answers with a keyboard, a press edits it, text is echoed."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(
            "<b>Halo!</b> Pilih hasil:", parse_mode="HTML", reply_markup=KEYBOARD
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(f"Dicatat: {query.data}")
        await query.edit_message_text(f"Hasil: <i>{query.data}</i>", parse_mode="HTML")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


# ---------------------------------------------------------------------- HTML parse mode


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        ("<i>a</em   >", 'Unmatched end tag at byte offset 4, expected "</i>", found "</em>"'),
        ("skor < 5", 'Unsupported start tag "" at byte offset 5'),
        ('<span class="x">a</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "&#xDFDF;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_html_errors_match_telegram(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(source)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("&ge;&lt;&gt;&amp;&quot;&#12345678;", '&ge;<>&"&#12345678;', []),
        ("Tom & Jerry > 3", "Tom & Jerry > 3", []),
        ("🏟 🏟<i>🏟 &gt;<b a = b>&lt🏟</b></i>", "🏟 🏟🏟 ><🏟", [("italic", 5, 7), ("bold", 9, 3)]),
        ("<code><i><b> </b></i></code>", " ", [("code", 0, 1), ("bold", 0, 1), ("italic", 0, 1)]),
        (
            "<u>a</u><s>b</s><tg-spoiler>c</tg-spoiler>",
            "abc",
            [("underline", 0, 1), ("strikethrough", 1, 1), ("spoiler", 2, 1)],
        ),
        ('<pre><code class="language-py">x</code></pre>', "x", [("pre", 0, 1)]),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<a>telegram.org </a>", "telegram.org ", []),
        ("<b></b>x", "x", []),
    ],
)
def test_html_parsing_matches_telegram(
    source: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed = parse_html(source)
    assert parsed.text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed.entities] == entities


def test_html_link_targets_are_normalised() -> None:
    parsed = parse_html(
        '<a href="telegram.org">t</a> <pre><code class="language-py">x</code></pre>'
    )
    assert parsed.entities[0]["url"] == "http://telegram.org/"
    assert parsed.entities[1] == {"type": "pre", "offset": 2, "length": 1, "language": "py"}


def test_strict_mode_rejects_bare_ampersand() -> None:
    with pytest.raises(EntityParseError, match='Unescaped "&" at byte offset 4'):
        parse_html("Tom & Jerry", strict_ampersand=True)


# ---------------------------------------------------------------------- raw HTTP


async def test_unknown_token_is_unauthorized(emu: BotApiEmulator) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{emu.base_url}999:wrong/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with session.get(f"{emu.base_url}not-a-token/getMe") as response:
            assert response.status == 404


async def test_unknown_method_is_not_found(emu: BotApiEmulator) -> None:
    status, body = await api(emu, "sendPoll", chat_id=1, question="?")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert emu.requests[-1].method == "sendPoll"


async def test_method_names_are_case_insensitive_and_json_bodies_work(
    emu: BotApiEmulator, sari: UserHandle
) -> None:
    status, body = await api(emu, "SENDMESSAGE", chat_id=sari.id, text="hai")
    assert status == 200
    assert body["ok"] is True
    message = body["result"]
    assert message["text"] == "hai"
    assert message["from"] == emu.bot_user
    assert message["chat"] == {"id": 1001, "first_name": "Sari", "type": "private"}
    assert emu.requests[-1].method == "sendMessage"
    assert emu.requests[-1].params == {"chat_id": 1001, "text": "hai"}


async def test_query_string_parameters(emu: BotApiEmulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{emu.base_url}{emu.token}/getUpdates?timeout=0&limit=5") as response,
    ):
        assert await response.json() == {"ok": True, "result": []}
    assert emu.requests[-1].params == {"timeout": 0.0, "limit": 5}


async def test_injected_failure_has_telegram_shape(emu: BotApiEmulator) -> None:
    emu.fail_next("getme", 429, "Too Many Requests: retry after 7", retry_after=7)
    status, body = await api(emu, "getMe")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert (await api(emu, "getMe"))[0] == 200


async def test_long_poll_waits_for_an_update(emu: BotApiEmulator) -> None:
    user = emu.user()
    started = time.monotonic()
    poll = asyncio.create_task(api(emu, "getUpdates", timeout=3))
    await asyncio.sleep(0.1)
    await user.send("halo")
    status, body = await poll
    assert status == 200
    assert time.monotonic() - started < 1
    [update] = body["result"]
    assert update["message"]["text"] == "halo"
    assert update["message"]["from"] == {
        "id": 1001,
        "is_bot": False,
        "first_name": "Sari",
        "language_code": "id",
    }
    # Not confirmed yet: fetched again until an offset beyond it is sent.
    assert (await api(emu, "getUpdates"))[1]["result"] == [update]
    assert (await api(emu, "getUpdates", offset=update["update_id"] + 1))[1]["result"] == []
    assert emu.pending_updates == []


async def test_long_poll_times_out_empty(emu: BotApiEmulator) -> None:
    started = time.monotonic()
    assert (await api(emu, "getUpdates", timeout=0.3))[1]["result"] == []
    assert time.monotonic() - started >= 0.3


async def test_newer_poll_terminates_older_one(emu: BotApiEmulator) -> None:
    older = asyncio.create_task(api(emu, "getUpdates", timeout=3))
    await asyncio.sleep(0.1)
    assert (await api(emu, "getUpdates", timeout=0))[0] == 200
    status, body = await older
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_get_updates_conflicts_with_webhook(emu: BotApiEmulator, bot: Bot) -> None:
    assert await bot.set_webhook("https://example.com/hook")
    assert (await bot.get_webhook_info()).url == "https://example.com/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    with pytest.raises(BadRequest):
        await bot.set_webhook("http://example.com/hook")
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_restarting_the_emulator_keeps_port_and_state(emu: BotApiEmulator) -> None:
    port = emu.port
    await emu.user().send("halo")
    await emu.stop()
    await emu.start()
    assert emu.port == port
    assert len((await api(emu, "getUpdates"))[1]["result"]) == 1


# ---------------------------------------------------------------------- PTB Bot: sending


async def test_get_me(bot: Bot, emu: BotApiEmulator) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "pelatih_test_bot", True)
    assert me.can_read_all_group_messages is False


async def test_send_message_shape(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    first = await bot.send_message(
        sari.id,
        "<b>Halo</b> Sari, ketik /mulai &amp; lihat https://example.com.",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    second = await bot.send_message(sari.id, "lagi")
    assert second.message_id == first.message_id + 1
    assert first.from_user is not None and first.from_user.id == emu.bot_id
    assert first.text == "Halo Sari, ketik /mulai & lihat https://example.com."
    assert [(e.type, e.offset, e.length) for e in first.entities] == [
        ("bold", 0, 4),
        ("bot_command", 17, 6),
        ("url", 32, 19),
    ]
    assert first.reply_markup == KEYBOARD
    record = emu.message(sari.id, first.message_id)
    assert record.html is not None and record.html.startswith("<b>Halo</b>")
    assert record.buttons == [("Lolos", "lolos"), ("Ditolak", "tolak")]
    assert emu.last_message(sari.id) == emu.chat_messages(sari.id)[-1]
    assert emu.last_message(sari.id).text == "lagi"  # type: ignore[union-attr]


async def test_message_dates_come_from_the_clock() -> None:
    moment = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    async with BotApiEmulator(clock=lambda: moment) as emu:
        user = emu.user()
        sent = await user.send("halo")
        assert sent["date"] == int(moment.timestamp())
        async with Bot(emu.token, base_url=emu.base_url) as client:
            assert (await client.send_message(user.id, "x")).date == moment


async def test_naive_clock_is_rejected() -> None:
    emu = BotApiEmulator(clock=lambda: datetime(2025, 1, 1))  # noqa: DTZ001 - the point
    with pytest.raises(ValueError, match="timezone-aware"):
        await emu.user().send("halo")


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<b>tebal", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("gaji < 5 juta", 'Unsupported start tag "" at byte offset 5'),
    ],
)
async def test_bad_html_is_rejected_like_telegram(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle, html: str, description: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(sari.id, html, parse_mode="HTML")
    assert emu.requests[-1].description == f"Bad Request: can't parse entities: {description}"
    assert caught.value.message.lower().startswith("can't parse entities")
    assert emu.chat_messages(sari.id) == []


async def test_text_length_counts_utf16_units(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle
) -> None:
    await bot.send_message(sari.id, "😀" * 2048)  # 4096 UTF-16 units: the limit
    await bot.send_message(sari.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(sari.id, "😀" * 2048 + "a")
    assert emu.requests[-1].description == "Bad Request: message is too long"


@pytest.mark.parametrize("text", ["", "   \n ", "<b></b>"])
async def test_empty_text_is_rejected(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle, text: str
) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(sari.id, text, parse_mode="HTML")


async def test_surrounding_whitespace_is_trimmed(bot: Bot, sari: UserHandle) -> None:
    message = await bot.send_message(sari.id, "\n  <b>hai</b>  \n", parse_mode="HTML")
    assert message.text == "hai"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 3)]


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "x", "callback_data": "é" * 33}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": ""}, "Bad Request: BUTTON_DATA_INVALID"),
        (
            {"text": "x"},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
    ],
)
async def test_invalid_inline_buttons(
    emu: BotApiEmulator, sari: UserHandle, button: dict[str, str], description: str
) -> None:
    markup = json.dumps({"inline_keyboard": [[button]]})
    status, body = await api(emu, "sendMessage", chat_id=sari.id, text="x", reply_markup=markup)
    assert (status, body["description"]) == (400, description)


async def test_callback_data_limit_is_64_bytes(bot: Bot, sari: UserHandle) -> None:
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])
    await bot.send_message(sari.id, "x", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(sari.id, "x", reply_markup=too_long)


async def test_reply_keyboard_is_kept_for_tests(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle
) -> None:
    message = await bot.send_message(sari.id, "Siap?", reply_markup=ReplyKeyboardMarkup([["Ya"]]))
    assert message.reply_markup is None  # Telegram does not echo reply keyboards
    assert emu.reply_keyboard(sari.id) == {"keyboard": [[{"text": "Ya"}]]}


async def test_reply_to_missing_message(bot: Bot, sari: UserHandle) -> None:
    first = await bot.send_message(sari.id, "x")
    reply = await bot.send_message(
        sari.id, "y", reply_parameters=ReplyParameters(first.message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == first.message_id
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(sari.id, "z", reply_parameters=ReplyParameters(999))


async def test_unknown_and_unstarted_chats(bot: Bot, emu: BotApiEmulator) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "x")
    silent = emu.user(id=2002, first_name="Budi")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(silent.id, "x")


async def test_blocked_user(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    message = await bot.send_message(sari.id, "x")
    await sari.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(sari.id, "x")
    with pytest.raises(Forbidden):
        await bot.edit_message_text("y", sari.id, message.message_id)
    updates = await bot.get_updates()
    member_update = updates[-1].my_chat_member
    assert member_update is not None
    assert member_update.new_chat_member.status == "kicked"
    await sari.send("/start")  # writing again unblocks, like "Restart" in the app
    await bot.send_message(sari.id, "selamat datang kembali")


async def test_chat_actions(bot: Bot, sari: UserHandle) -> None:
    assert await bot.send_chat_action(sari.id, "typing")
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(sari.id, "dancing")


# ---------------------------------------------------------------------- editing and deleting


async def test_edit_message_text(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    sent = await bot.send_message(sari.id, "Menilai…", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text(
        "<b>Skor: 8</b>", sari.id, sent.message_id, parse_mode="HTML", reply_markup=KEYBOARD
    )
    assert isinstance(edited, type(sent))
    assert edited.text == "Skor: 8" and edited.edit_date is not None
    snapshot = emu.message(sari.id, sent.message_id)
    assert snapshot.previous_texts == ("Menilai…",)
    assert snapshot.html == "<b>Skor: 8</b>"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Skor: 8</b>", sari.id, sent.message_id, parse_mode="HTML", reply_markup=KEYBOARD
        )
    assert emu.requests[-1].description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # Without reply_markup Telegram removes the keyboard, so this is a modification.
    await bot.edit_message_text("Skor: 8", sari.id, sent.message_id)
    assert emu.message(sari.id, sent.message_id).buttons == []


async def test_edit_reply_markup(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    sent = await bot.send_message(sari.id, "x", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(sari.id, sent.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_reply_markup(sari.id, sent.message_id)
    assert emu.message(sari.id, sent.message_id).reply_markup is None


async def test_edit_errors(bot: Bot, sari: UserHandle) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", sari.id, 9999)
    own = await sari.send("pesan Sari")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", sari.id, own["message_id"])


async def test_delete_message(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    sent = await bot.send_message(sari.id, "x")
    assert await bot.delete_message(sari.id, sent.message_id)
    assert emu.chat_messages(sari.id) == []
    assert emu.message(sari.id, sent.message_id).deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(sari.id, sent.message_id)


# ---------------------------------------------------------------------- callback queries


async def test_callback_query_answers(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    old = await bot.send_message(sari.id, "lama", reply_markup=KEYBOARD)
    await bot.send_message(sari.id, "baru", reply_markup=KEYBOARD)
    first = await sari.press("Lolos", message=old)
    tampered = await sari.press(callback_data="admin:hapus_semua")
    updates = await bot.get_updates()
    queries = [u.callback_query for u in updates if u.callback_query is not None]
    assert [(q.id, q.data) for q in queries] == [(first, "lolos"), (tampered, "admin:hapus_semua")]
    assert queries[0].message is not None and queries[0].message.message_id == old.message_id
    assert isinstance(queries[1].message, Message) and queries[1].message.text == "baru"

    assert await bot.answer_callback_query(first, text="Oke", show_alert=True)
    assert emu.callback_answers[-1].text == "Oke" and emu.callback_answers[-1].show_alert
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(first)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    emu.expire_callback_queries()
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(tampered)


async def test_pressing_a_missing_button_explains(bot: Bot, sari: UserHandle) -> None:
    await bot.send_message(sari.id, "x", reply_markup=KEYBOARD)
    with pytest.raises(AssertionError, match="has a button 'Diterima'"):
        await sari.press("Diterima")


# ---------------------------------------------------------------------- files


async def test_send_document_keeps_name_and_bytes(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle
) -> None:
    message = await bot.send_document(
        sari.id,
        io.BytesIO(b"ringkasan"),
        filename="laporan.txt",
        caption="<i>Laporan</i>",
        parse_mode="HTML",
    )
    assert message.document is not None
    assert (message.document.file_name, message.document.file_size) == ("laporan.txt", 9)
    assert message.caption == "Laporan"
    snapshot = emu.chat_messages(sari.id)[-1]
    assert snapshot.document_content == b"ringkasan"
    file = await bot.get_file(message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"ringkasan"
    again = await bot.send_document(sari.id, message.document.file_id)
    assert again.document is not None and again.document.file_id == message.document.file_id


async def test_user_document_can_be_downloaded(bot: Bot, sari: UserHandle) -> None:
    await sari.send_document("cv.pdf", b"%PDF-1.4 cv")
    [*_, update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.document.mime_type == "application/pdf"
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 cv"


async def test_user_media_parse_as_ptb_objects(bot: Bot, emu: BotApiEmulator) -> None:
    user = emu.user()
    await user.send_sticker("🔥")
    await user.send_photo(caption="foto")
    await user.send_voice(duration=7)
    sent = await user.send("pertama")
    await user.edit(sent, "diedit")
    updates = await bot.get_updates()
    messages = [u.message for u in updates]
    assert messages[0] is not None and messages[0].sticker is not None
    assert messages[0].sticker.emoji == "🔥"
    assert messages[1] is not None and messages[1].photo[-1].width == 1280
    assert messages[1].caption == "foto"
    assert messages[2] is not None and messages[2].voice is not None
    assert updates[-1].edited_message is not None
    assert updates[-1].edited_message.text == "diedit"


# ---------------------------------------------------------------------- commands, menu, chat


async def test_commands_are_stored_per_scope_and_language(bot: Bot, emu: BotApiEmulator) -> None:
    await bot.set_my_commands([BotCommand("mulai", "Mulai latihan")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    scope = BotCommandScopeChat(1001)
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope=scope)
    assert [c.command for c in await bot.get_my_commands()] == ["mulai"]
    assert [c.command for c in await bot.get_my_commands(language_code="en")] == ["start"]
    assert emu.commands(scope={"type": "chat", "chat_id": 1001}) == [
        {"command": "admin", "description": "Admin"}
    ]
    await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Mulai", "x")])


async def test_menu_button_and_get_chat(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert emu.menu_button() == {"type": "commands"}
    assert isinstance(await bot.get_chat_menu_button(), MenuButtonCommands)
    chat = await bot.get_chat(sari.id)
    assert (chat.id, chat.type, chat.first_name) == (1001, "private", "Sari")


async def test_group_privacy_mode(bot: Bot, emu: BotApiEmulator) -> None:
    sari = emu.user()
    group = emu.group(id=-100123, title="Grup Latihan")
    await sari.send("halo semua", chat=group)
    await sari.send("/start@another_bot", chat=group)
    await sari.send("/start@pelatih_test_bot", chat=group)
    await sari.send("/nilai", chat=group)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == [
        "/start@pelatih_test_bot",
        "/nilai",
    ]
    assert updates[0].message is not None and updates[0].message.chat.type == "supergroup"
    reply = await bot.send_message(group.id, "Halo grup")
    await sari.send("terima kasih", chat=group, reply_to=reply.message_id)
    [update] = await bot.get_updates(offset=updates[-1].update_id + 1)
    assert update.message is not None and update.message.text == "terima kasih"


# ---------------------------------------------------------------------- faults and limits


async def test_injected_errors_reach_ptb(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(sari.id, "x")
    assert caught.value.retry_after == timedelta(seconds=3)
    emu.fail_next("sendmessage", 403, "Forbidden: user is deactivated", times=2)
    for _ in range(2):
        with pytest.raises(Forbidden, match="user is deactivated"):
            await bot.send_message(sari.id, "x")
    assert emu.chat_messages(sari.id) == []
    await bot.send_message(sari.id, "x")


async def test_dropped_connections(bot: Bot, emu: BotApiEmulator, sari: UserHandle) -> None:
    emu.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(sari.id, "hilang")
    assert emu.chat_messages(sari.id) == []
    emu.drop_next("sendMessage", after_processing=True)
    with pytest.raises(NetworkError):
        await bot.send_message(sari.id, "terkirim, jawabannya hilang")
    assert [m.text for m in emu.chat_messages(sari.id)] == ["terkirim, jawabannya hilang"]


async def test_slow_request_times_out_but_still_happens(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle
) -> None:
    emu.delay("sendMessage", 0.4, times=1)
    with pytest.raises(TimedOut):
        await bot.send_message(sari.id, "lambat", read_timeout=0.1)
    message = await emu.wait_for_message(sari.id, timeout=2)
    assert message.text == "lambat"


async def test_rate_limits(
    bot: Bot, emu: BotApiEmulator, sari: UserHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    emu.rate_limits = RateLimits(global_per_second=30, per_chat_per_second=1)
    await bot.send_message(sari.id, "satu")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(sari.id, "dua")
    assert caught.value.retry_after == timedelta(seconds=1)
    assert emu.requests[-1].response["parameters"] == {"retry_after": 1}
    other = emu.user(id=2002, first_name="Budi")
    await other.send("/start")
    await bot.send_message(other.id, "chat lain tidak terhambat")


async def test_rate_limits_count_answers_outside_the_bulk_budget(
    bot: Bot, emu: BotApiEmulator
) -> None:
    emu.rate_limits = RateLimits(
        global_per_second=2, per_chat_per_second=1, per_chat_burst=3, reply_window=0.5
    )
    writers = [emu.user(id=3000 + n, first_name=f"W{n}") for n in range(4)]
    silent = [emu.user(id=4000 + n, first_name=f"S{n}") for n in range(3)]
    for user in silent:
        await user.send("/start")
    await asyncio.sleep(0.6)  # their last words are now outside the reply window
    for user in writers:
        await user.send("/start")
    # Chats that just wrote take three answers each at once (their burst), whatever the
    # global budget: 12 sends in well under a second.
    for user in writers:
        for n in range(3):
            await bot.send_message(user.id, f"jawaban {n}")
    with pytest.raises(RetryAfter):
        await bot.send_message(writers[0].id, "keempat: di atas burst")
    # Chats that did not write share the bulk budget of two a second.
    await bot.send_message(silent[0].id, "kabar 1")
    await bot.send_message(silent[1].id, "kabar 2")
    with pytest.raises(RetryAfter):
        await bot.send_message(silent[2].id, "kabar 3")


# ---------------------------------------------------------------------- webhook delivery

HOOK = "https://bot.example/hook"


class WebhookTarget:
    """A webhook endpoint for the emulator to post to: it notes when each update's request
    starts and ends, holds the requests of chats in `held` until released, and answers with
    the `failures` queued ("500" or "drop") before answering 200."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, int]] = []  # (start|end, chat id, update_id)
        self.held: dict[int, asyncio.Event] = {}
        self.failures: list[str] = []
        self.seconds = 0.0
        self.in_flight = 0
        self.most_in_flight = 0
        self.url = ""

    def hold(self, chat_id: int) -> None:
        self.held[chat_id] = asyncio.Event()

    def release(self, chat_id: int) -> None:
        self.held.pop(chat_id).set()

    def started(self, chat_id: int | None = None) -> list[int]:
        return [u for kind, c, u in self.events if kind == "start" and chat_id in (None, c)]

    def ended(self, chat_id: int | None = None) -> list[int]:
        return [u for kind, c, u in self.events if kind == "end" and chat_id in (None, c)]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        update = await request.json()
        chat_id = (update.get("message") or update["edited_message"])["chat"]["id"]
        self.events.append(("start", chat_id, update["update_id"]))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if chat_id in self.held:
                await self.held[chat_id].wait()
            await asyncio.sleep(self.seconds)
            failure = self.failures.pop(0) if self.failures else None
        finally:
            self.in_flight -= 1
            self.events.append(("end", chat_id, update["update_id"]))
        if failure == "drop" and request.transport is not None:
            request.transport.abort()  # the emulator sees a connection error
        return web.Response(status=500 if failure == "500" else 200)


@asynccontextmanager
async def serving(endpoint: WebhookTarget) -> AsyncIterator[WebhookTarget]:
    app = web.Application()
    app.router.add_post("/hook", endpoint.handle)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    endpoint.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield endpoint
    finally:
        for event in endpoint.held.values():
            event.set()
        await runner.cleanup()


@pytest.fixture
async def target() -> AsyncIterator[WebhookTarget]:
    async with serving(WebhookTarget()) as endpoint:
        yield endpoint


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not condition():  # noqa: ASYNC110 - polls what the webhook target noted
            await asyncio.sleep(0.01)


async def serve_webhook(emu: BotApiEmulator, *targets: WebhookTarget, **settings: Any) -> None:
    status, _ = await api(emu, "setWebhook", url=HOOK, **settings)
    assert status == 200
    emu.serve_webhook_through([t.url for t in targets])


async def test_webhook_posts_other_chats_while_one_chat_is_held(
    emu: BotApiEmulator, target: WebhookTarget
) -> None:
    await serve_webhook(emu, target)
    sari, budi = emu.user(id=1001, first_name="Sari"), emu.user(id=2002, first_name="Budi")
    target.hold(sari.id)
    await sari.send("satu")
    await until(lambda: bool(target.started(sari.id)))
    await budi.send("dua")
    await until(lambda: bool(target.ended(budi.id)))
    # Budi's update went through while Sari's request was still open.
    assert target.ended(sari.id) == []
    assert [u["message"]["text"] for u in emu.pending_updates] == ["satu"]
    target.release(sari.id)
    await emu.wait_idle()
    assert [update_id for _, update_id in emu.webhook_deliveries] == [
        *target.ended(budi.id),
        *target.ended(sari.id),
    ]


async def test_webhook_posts_one_update_of_a_chat_at_a_time_in_order(
    emu: BotApiEmulator, target: WebhookTarget
) -> None:
    await serve_webhook(emu, target)
    target.seconds = 0.02
    users = [emu.user(id=1001 + n, first_name=f"U{n}") for n in range(3)]
    for n in range(4):
        for user in users:
            await user.send(f"pesan {n}")
    # An edit waits in its chat's queue too.
    await users[0].edit(await users[0].send("lagi"), "lagi, diedit")
    await emu.wait_idle(timeout=10)
    assert emu.pending_updates == []
    for user in users:
        events = [(kind, update_id) for kind, chat, update_id in target.events if chat == user.id]
        ids = sorted(update_id for kind, update_id in events if kind == "start")
        assert len(ids) == (6 if user is users[0] else 4)
        # Each request of the chat ends before its next one starts, oldest first.
        assert events == [(kind, update_id) for update_id in ids for kind in ("start", "end")]
    assert target.most_in_flight > 1  # while the chats' requests overlapped


async def test_failed_webhook_delivery_is_sent_again_before_the_next_of_its_chat(
    emu: BotApiEmulator, target: WebhookTarget
) -> None:
    await serve_webhook(emu, target)
    target.failures = ["500", "drop"]
    sari = emu.user()
    first = (await sari.send("satu"))["message_id"]
    await sari.send("dua")
    await emu.wait_idle(timeout=5)
    first_id, second_id = (u for _, u in emu.webhook_deliveries)
    # The first update was posted three times (500, a dropped connection, 200) before the
    # second was posted at all.
    assert target.started() == [first_id, first_id, first_id, second_id]
    assert second_id == first_id + 1 and first == 1


async def test_max_connections_caps_the_requests_in_flight(
    emu: BotApiEmulator, target: WebhookTarget
) -> None:
    await serve_webhook(emu, target, max_connections=2)
    assert (await api(emu, "getWebhookInfo"))[1]["result"]["max_connections"] == 2
    users = [emu.user(id=1001 + n, first_name=f"U{n}") for n in range(5)]
    for user in users:
        target.hold(user.id)
        await user.send("halo")
    await until(lambda: len(target.started()) == 2)
    await asyncio.sleep(0.2)
    assert len(target.started()) == 2
    for user in users:
        target.release(user.id)
    await emu.wait_idle()
    assert len(emu.webhook_deliveries) == 5
    assert target.most_in_flight == 2


@pytest.mark.parametrize(("given", "kept"), [(None, 40), (0, 1), (100, 100), (500, 100)])
async def test_max_connections_defaults_to_40_and_is_clamped(
    emu: BotApiEmulator, given: int | None, kept: int
) -> None:
    settings = {} if given is None else {"max_connections": given}
    assert (await api(emu, "setWebhook", url=HOOK, **settings))[0] == 200
    assert (await api(emu, "getWebhookInfo"))[1]["result"]["max_connections"] == kept


async def test_webhook_requests_take_turns_over_the_targets(
    emu: BotApiEmulator, target: WebhookTarget
) -> None:
    async with serving(WebhookTarget()) as other:
        await serve_webhook(emu, target, other)
        sari = emu.user()
        for text in ("satu", "dua", "tiga", "empat"):
            await sari.send(text)
        await emu.wait_idle()
    assert [url for url, _ in emu.webhook_deliveries] == [target.url, other.url] * 2
    assert len(target.ended()) == len(other.ended()) == 2


def test_webhook_queues_are_telegrams() -> None:
    """Messages and their edits queue per chat, callback queries per user who pressed."""
    group = {"id": -100123, "type": "supergroup"}
    sari = {"id": 1001, "is_bot": False, "first_name": "Sari"}
    message = {"message_id": 1, "chat": group, "from": sari}
    assert webhook_queue({"update_id": 1, "message": message}) == webhook_queue(
        {"update_id": 2, "edited_message": message}
    )
    query = {"id": "q", "from": sari, "message": message, "chat_instance": "1", "data": "x"}
    assert webhook_queue({"update_id": 3, "callback_query": query}) == ("callback_query", 1001)
    member = {"chat": group, "from": sari, "date": 0}
    assert webhook_queue({"update_id": 4, "my_chat_member": member}) == (
        "my_chat_member",
        -100123,
    )


# ---------------------------------------------------------------------- a real Application


async def test_application_round_trip(emu: BotApiEmulator) -> None:
    app = build_app(emu)
    sari = emu.user()
    async with running(app, poll_timeout=0.5):
        reply = await sari.ask("/start")
        assert reply.text == "Halo! Pilih hasil:"
        assert reply.buttons == [("Lolos", "lolos"), ("Ditolak", "tolak")]
        query_id = await sari.press("Ditolak")
        answer = await emu.wait_for_callback_answer(query_id)
        assert answer.text == "Dicatat: tolak"
        edited = await sari.wait_reply()
        assert (edited.message_id, edited.text) == (reply.message_id, "Hasil: tolak")
        assert (await sari.ask("apa kabar?")).text == "apa kabar?"
        await sari.send_sticker()
        await emu.wait_idle()
        assert emu.pending_updates == []
    assert emu.calls("getMe") and emu.calls("deleteWebhook")


async def test_state_survives_a_bot_restart(emu: BotApiEmulator) -> None:
    sari = emu.user()
    async with running(build_app(emu), poll_timeout=0.2):
        await sari.ask("satu")
    await sari.send("dua")  # while no bot runs
    async with running(build_app(emu), poll_timeout=0.2):
        reply = await sari.wait_reply()
    assert reply.text == "dua"
    assert [m.text for m in sari.messages] == ["satu", "dua"]


async def test_wait_timeout_describes_the_chat(emu: BotApiEmulator, sari: UserHandle) -> None:
    with pytest.raises(EmulatorTimeout) as caught:
        await sari.wait_reply(timeout=0.1)
    assert "Sari: '/start'" in str(caught.value)
    assert "unconfirmed updates: 1" in str(caught.value)


# ---------------------------------------------------------------------- terminal chat


def scripted(lines: list[str]) -> Iterator[str]:
    yield from lines


async def test_terminal_chat(emu: BotApiEmulator) -> None:
    script = scripted(["/start", "2", "halo bot", "/keluar", "tidak terbaca"])

    def read() -> str:
        return next(script)

    output = io.StringIO()
    async with running(build_app(emu), poll_timeout=0.2):
        await run_terminal_chat(emu, input_func=read, output=output, settle=0.05)
    text = output.getvalue()
    assert "🤖 Bot: Halo! Pilih hasil:\n   [1] Lolos  [2] Ditolak\n" in text
    assert "💬 Dicatat: tolak" in text
    assert "🤖 Bot (diedit): Hasil: tolak" in text
    assert "🤖 Bot: halo bot" in text
    assert text.endswith("Sampai jumpa!\n")
    assert next(script) == "tidak terbaca"


async def test_terminal_chat_ends_at_eof(emu: BotApiEmulator) -> None:
    def read() -> str:
        raise EOFError

    output = io.StringIO()
    await run_terminal_chat(emu, input_func=read, output=output)
    assert output.getvalue().endswith("Sampai jumpa!\n")
