"""Webhook delivery the way Telegram's Bot API server does it: many requests in flight at once,
but one update at a time, oldest first, within each webhook queue.

telegram-bot-api (`WebhookActor`) keeps up to `max_connections` requests open (setWebhook,
default 40, 1 to 100) and queues every update under an id (`Client::add_update`): a chat's
messages and edits share the chat's queue, callback queries are queued per user, chat member
updates per chat. An update is sent only once the one before it in its queue got a 2xx; a
failure (another status, a connection error) keeps it at the head of its queue and sends it
again later, so it holds up only its own queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiohttp

from tgemu.models import JsonDict
from tgemu.state import EmulatorState, update_kind

DEFAULT_MAX_CONNECTIONS = 40
MAX_CONNECTIONS_LIMIT = 100
# Telegram backs off for seconds to minutes; tests want a failed update back at once.
_RETRY_SECONDS = 0.2
_REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=60)

Queue = tuple[str, int]


def webhook_queue(update: JsonDict) -> Queue:
    """The queue `update` waits in, keyed as telegram-bot-api keys it: messages and their edits
    by chat, callback queries by the user who pressed, member updates by chat."""
    kind = update_kind(update)
    payload = update[kind]
    space = "message" if kind in ("message", "edited_message") else kind
    owner = payload["chat"] if "chat" in payload else payload.get("from")
    if owner is None:
        # Telegram gives an update without a chat or user a queue of its own.
        return (f"update {update['update_id']}", 0)
    return (space, int(owner["id"]))


class WebhookDelivery(EmulatorState):
    """Plays Telegram (and a round-robin load balancer) in front of the bot's webhook."""

    webhook_deliveries: list[tuple[str, int]]
    _webhook_targets: list[str]
    _webhook_task: asyncio.Task[None] | None
    _webhook_queues: dict[Queue, asyncio.Task[None]]
    _webhook_turn: int
    _webhook_posting: int

    def _init_webhooks(self) -> None:
        self.webhook_deliveries = []
        self._webhook_targets = []
        self._webhook_task = None
        self._webhook_queues = {}
        self._webhook_turn = 0
        self._webhook_posting = 0

    def serve_webhook_through(self, targets: list[str]) -> None:
        """Play Telegram and the load balancer in front of several webhook replicas.

        Once the bot has set a webhook, updates are POSTed (with the webhook's secret token
        header) as Telegram sends them: up to the webhook's `max_connections` at once, one at a
        time per queue (see the module docstring). Each request goes to the next target in
        turn, as a round-robin load balancer would send it; an update that fails (not 2xx, or
        no answer) is sent again after a moment, to the then next target, so it is delivered
        at least once. `webhook_deliveries` records (target, update_id) of every 2xx.
        """
        self._webhook_targets = list(targets)
        if self._webhook_task is None:
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_webhooks())

    async def _stop_webhook_delivery(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _max_connections(self) -> int:
        if self._webhook is None:
            return DEFAULT_MAX_CONNECTIONS
        return int(self._webhook.get("max_connections", DEFAULT_MAX_CONNECTIONS))

    async def _deliver_webhooks(self) -> None:
        """Starts a sender for every queue that has updates waiting and none yet."""
        # No pool limit of the client's own: max_connections is the limit.
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as client:
            try:
                while not self._closing.is_set():
                    changed = self._changed  # taken before looking, so no change is missed
                    if self._webhook is not None and self._webhook_targets:
                        for update in self._updates:
                            queue = webhook_queue(update)
                            if queue not in self._webhook_queues:
                                self._webhook_queues[queue] = asyncio.create_task(
                                    self._send_queue(queue, client)
                                )
                    await changed.wait()
            finally:
                senders = list(self._webhook_queues.values())
                for sender in senders:
                    sender.cancel()
                await asyncio.gather(*senders, return_exceptions=True)

    async def _send_queue(self, queue: Queue, client: aiohttp.ClientSession) -> None:
        """Sends the updates of one queue one at a time, oldest first, until none is left."""
        try:
            while not self._closing.is_set() and self._webhook and self._webhook_targets:
                if self._webhook_posting >= self._max_connections():
                    changed = self._changed
                    await changed.wait()
                    continue
                update = next((u for u in self._updates if webhook_queue(u) == queue), None)
                if update is None:
                    return
                target = self._webhook_targets[self._webhook_turn % len(self._webhook_targets)]
                self._webhook_turn += 1
                self._webhook_posting += 1
                try:
                    delivered = await self._post_update(client, target, update)
                finally:
                    self._webhook_posting -= 1
                    self._notify()  # a connection is free for another queue
                if not delivered:
                    await self._sleep(_RETRY_SECONDS)
                    continue
                for index, pending in enumerate(self._updates):
                    if pending is update:
                        del self._updates[index]
                        self.webhook_deliveries.append((target, int(update["update_id"])))
                        self._last_activity = time.monotonic()
                        self._notify()
                        break
        finally:
            del self._webhook_queues[queue]

    async def _post_update(
        self, client: aiohttp.ClientSession, target: str, update: JsonDict
    ) -> bool:
        headers = {}
        if self._webhook is not None and (secret := self._webhook.get("secret_token")):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
        try:
            async with client.post(
                target, json=update, headers=headers, timeout=_REQUEST_TIMEOUT
            ) as response:
                return 200 <= response.status < 300
        except (aiohttp.ClientError, TimeoutError):
            return False
