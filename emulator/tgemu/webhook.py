"""Webhook delivery: Telegram, and a round-robin load balancer, in front of the bot's webhook."""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiohttp

from tgemu.state import EmulatorState


class WebhookDelivery(EmulatorState):
    webhook_deliveries: list[tuple[str, int]]
    _webhook_targets: list[str]
    _webhook_task: asyncio.Task[None] | None

    def _init_webhooks(self) -> None:
        self.webhook_deliveries = []
        self._webhook_targets = []
        self._webhook_task = None

    def serve_webhook_through(self, targets: list[str]) -> None:
        """Play Telegram and the load balancer in front of several webhook replicas.

        Once the bot has set a webhook, each update is POSTed (with the webhook's secret token
        header) to the next target in turn, as a round-robin load balancer would; a target that
        fails or answers other than 200 gets the same update again after a moment, and the
        next target is tried, so an update is delivered at least once. `webhook_deliveries`
        records (target, update_id) of every 200.
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

    async def _deliver_webhooks(self) -> None:
        turn = 0
        async with aiohttp.ClientSession() as client:
            while not self._closing.is_set():
                changed = self._changed
                if not (self._webhook and self._updates and self._webhook_targets):
                    await changed.wait()
                    continue
                update = self._updates[0]
                target = self._webhook_targets[turn % len(self._webhook_targets)]
                turn += 1
                headers = {}
                if secret := self._webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
                try:
                    async with client.post(
                        target, json=update, headers=headers, timeout=aiohttp.ClientTimeout(60)
                    ) as response:
                        delivered = response.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    delivered = False
                if delivered and self._updates and self._updates[0] is update:
                    self._updates.pop(0)
                    self.webhook_deliveries.append((target, int(update["update_id"])))
                    self._last_activity = time.monotonic()
                    self._notify()
                elif not delivered:
                    await self._sleep(0.2)
