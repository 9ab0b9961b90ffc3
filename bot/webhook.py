"""`python -m bot webhook`: the coach behind a load balancer, one of several identical replicas.

Built on aiohttp rather than PTB's own tornado webhook server because a load balancer needs a
health endpoint next to the webhook, which PTB's server cannot serve; this follows PTB's
"custom webhook" pattern. Each update is processed before Telegram gets its 200, so an update
whose replica dies midway is delivered again instead of lost.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from typing import Any

from aiohttp import web
from sqlalchemy import text
from telegram import Update

from bot.app import ALLOWED_UPDATES, CoachApplication
from bot.context import Services

log = logging.getLogger(__name__)

# A header name (bandit takes it for a password).
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # nosec B105
# Telegram gives up on a webhook call after about a minute; answer well before that.
MAX_BODY = 1024 * 1024


def make_web_app(application: CoachApplication, *, path: str, secret: str) -> web.Application:
    services: Services = application.bot_data["services"]

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            data: Any = await request.json()
            if not isinstance(data, dict):
                raise TypeError("an update is a JSON object")
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.json_response({"ok": False, "error": "bad update"}, status=400)
        await application.process_update(update)
        return web.json_response({"ok": True})

    async def health(_request: web.Request) -> web.Response:
        try:
            async with services.database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:  # any database failure makes this replica unhealthy
            log.warning("health check failed: %s", exc)
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", health)
    return app


async def serve(application: CoachApplication) -> None:
    """Runs until SIGTERM or SIGINT, then shuts down in order."""
    settings = application.bot_data["services"].settings
    assert settings.webhook_secret is not None and settings.webhook_public_url is not None
    secret = settings.webhook_secret.get_secret_value()
    path = settings.webhook_path
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.bot.set_webhook(
        url=settings.webhook_public_url.rstrip("/") + path,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
    )
    await application.start()
    runner = web.AppRunner(make_web_app(application, path=path, secret=secret), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    log.info("webhook listening on %s:%s%s", settings.webhook_host, settings.webhook_port, path)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
