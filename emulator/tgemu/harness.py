"""Running a PTB `Application` against the emulator for the duration of a test.

The Application is handed in, so tgemu needs python-telegram-bot only to type-check this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from telegram.ext import Application

    AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@asynccontextmanager
async def running(app: AnyApplication, *, poll_timeout: float = 0.5) -> AsyncIterator[None]:
    """Initialize `app`, poll and process updates until the block ends, then shut it down.

    A short long-poll timeout keeps shutdown fast (the final getUpdates waits for it).
    """
    # The same steps as Application.run_polling, post_init and post_shutdown included.
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        if app.updater is None:
            raise ValueError("build the application with an updater")
        await app.updater.start_polling(poll_interval=0, timeout=timedelta(seconds=poll_timeout))
        await app.start()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
