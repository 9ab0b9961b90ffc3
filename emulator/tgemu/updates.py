"""How updates leave the emulator: getUpdates long polling, and the webhook settings
(setWebhook, deleteWebhook, getWebhookInfo) that `WebhookDelivery` acts on."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from typing import Any

from tgemu.models import ApiError, JsonDict, bad_request
from tgemu.params import bool_param, float_param, int_param, str_param
from tgemu.state import EmulatorState, Handler, update_kind
from tgemu.webhook import DEFAULT_MAX_CONNECTIONS, MAX_CONNECTIONS_LIMIT

_DEFAULT_UPDATE_TYPES = frozenset(
    [
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "purchased_paid_media",
    ]
)


class UpdateMethods(EmulatorState):
    """getUpdates (long polling, offsets confirming updates, a newer poll ending an older one
    with 409) and the webhook settings; while a webhook is set getUpdates is refused, as on
    Telegram."""

    _allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
    _poll_generation: int = 0

    def _update_methods(self) -> dict[str, Handler]:
        return {
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[JsonDict]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = int_param(params, "offset")
        limit = min(max(int_param(params, "limit", 100) or 100, 1), 100)
        timeout = max(float_param(params, "timeout", 0.0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        if offset is not None:
            if offset < 0:
                del self._updates[: max(len(self._updates) + offset, 0)]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._last_activity = time.monotonic()
        # A newer getUpdates call ends an older one with 409, as Telegram does; this is also
        # how a long poll left behind by a killed bot process gets out of the way.
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + timeout
        while True:
            changed = self._changed
            self._updates = [u for u in self._updates if update_kind(u) in self._allowed_updates]
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            remaining = deadline - time.monotonic()
            if self._updates or remaining <= 0 or self._closing.is_set():
                return copy.deepcopy(self._updates[:limit])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str_param(params, "url") or ""
        if not url:
            self._webhook = None
            return True
        if not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        # Like telegram-bot-api, an out-of-range max_connections is clamped, not refused.
        max_connections = int_param(params, "max_connections", DEFAULT_MAX_CONNECTIONS)
        self._webhook = {
            "url": url,
            "allowed_updates": params.get("allowed_updates"),
            "secret_token": str_param(params, "secret_token"),
            "max_connections": min(max(max_connections or 1, 1), MAX_CONNECTIONS_LIMIT),
        }
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook = None
        if bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> JsonDict:
        info: JsonDict = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
        if self._webhook and self._webhook.get("allowed_updates"):
            info["allowed_updates"] = self._webhook["allowed_updates"]
        return info
