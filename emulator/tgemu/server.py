"""An in-process emulator of Telegram's Bot API, for running the real bot in tests.

`BotApiEmulator` is a real HTTP server on 127.0.0.1 (aiohttp) that answers
`/bot<token>/<method>` like api.telegram.org does for the methods this bot uses
(getMe, getUpdates long polling, sendMessage, editMessageText/ReplyMarkup/Caption,
deleteMessage, answerCallbackQuery, sendChatAction, sendDocument, getFile, the bot command,
menu button, description and webhook methods), with Telegram's response shapes and error
texts: HTML parse_mode is validated by Telegram's own rules (`html.py`), messages longer
than 4096 UTF-16 units, bad inline keyboards, "message is not modified", stale callback
queries, users who blocked the bot and (if enabled with `RateLimits`) flood limits all fail as
they would in production; any other method is 404 so that gaps get noticed. Point PTB at it
with `ApplicationBuilder().token(emu.token).base_url(emu.base_url)
.base_file_url(emu.base_file_url)`; its state lives in the test process, so a bot process can
be restarted against it. Tests act as users through `UserHandle`s: `sari = emu.user(id=1001,
first_name="Sari")`, then `await sari.send("/start")`, `await sari.press("Lolos")`,
`await sari.send_document(...)`, `await sari.block()`, and `reply = await sari.ask("halo")`
(send, then wait for the bot's next message in that chat); group chats come from
`emu.group(...)` and are passed as `chat=`. They observe through `emu.requests` (every call
with decoded params and our answer), `emu.chat_messages(chat_id)` / `emu.last_message()`
(bot messages with edits applied, as `BotMessage` snapshots), `emu.callback_answers`,
`emu.transcript(chat_id)`, and wait with `wait_for_message`, `wait_for_request`,
`wait_for_callback_answer` and `wait_idle`, which raise `EmulatorTimeout` (an AssertionError)
describing what happened instead. Faults are injected with `fail_next`, `delay`, `hold`
and `drop_next`. `serve_webhook_through(urls)` delivers updates to a webhook instead, as
Telegram does (`webhook.py`).

`BotApiEmulator` is assembled from one part per concern, all working on `EmulatorState`
(`state.py`): the HTTP front (`http.py`), the Bot API methods (`methods.py`,
`bot_settings.py`, `updates.py`), webhook delivery (`webhook.py`), injected faults and flood
limits (`faults.py`), waiting (`waiters.py`) and what users do (`actions.py`, `users.py`).
"""

from __future__ import annotations

import asyncio

from tgemu.actions import UserActions
from tgemu.bot_settings import BotSettingsMethods
from tgemu.http import HttpFrontend
from tgemu.methods import MessageMethods
from tgemu.models import RateLimits
from tgemu.state import DEFAULT_TOKEN, Clock
from tgemu.updates import UpdateMethods
from tgemu.webhook import WebhookDelivery

__all__ = ["DEFAULT_TOKEN", "BotApiEmulator"]


class BotApiEmulator(
    HttpFrontend,
    UpdateMethods,
    WebhookDelivery,
    MessageMethods,
    BotSettingsMethods,
    UserActions,
):
    """See the module docstring. All methods must be called from the event loop it runs on."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "pelatih_test_bot",
        bot_first_name: str = "Pelatih Wawancara",
        clock: Clock | None = None,
        rate_limits: RateLimits | None = None,
        group_privacy: bool = True,
        strict_html: bool = False,
        callback_query_ttl: float = 15.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(
            token,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            clock=clock,
            group_privacy=group_privacy,
            strict_html=strict_html,
            callback_query_ttl=callback_query_ttl,
        )
        self._init_faults(rate_limits)
        self._init_bot_settings()
        self._init_webhooks()
        self._init_http(
            host,
            port,
            {
                **self._update_methods(),
                **self._message_methods(),
                **self._bot_settings_methods(),
            },
        )

    async def start(self) -> None:
        """Start serving. After a `stop()`, starting again reuses the same port and state."""
        self._closing = asyncio.Event()
        await self._start_http()
        if self._webhook_targets:
            # Delivery stopped with the server; it resumes where it was, like Telegram's.
            self.serve_webhook_through(self._webhook_targets)

    async def stop(self) -> None:
        if self._runner is None:
            return
        # Pending long polls and injected delays end at once instead of holding up shutdown.
        self._closing.set()
        self._notify()
        await self._stop_webhook_delivery()
        await self._stop_http()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
