"""Two webhook replicas on one PostgreSQL database, behind a round-robin load balancer."""

from __future__ import annotations

import asyncio
import itertools
import signal
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import START, BotProcess
from tests.test_dispatch_crash import accepted_sends, seed, statuses
from tgemu import BotApiEmulator, RateLimits

SECRET = "replica-secret-token-0123456789-abcdefgh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def replicas(
    emulator: BotApiEmulator, database_url: str, tmp_path: Path
) -> AsyncIterator[list[BotProcess]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share a PostgreSQL database")
    clock_file = tmp_path / "now.txt"
    clock_file.write_text(START.isoformat())
    processes = []
    for name in ("a", "b"):
        process = BotProcess(emulator, database_url, tmp_path, "webhook", name=name)
        port = free_port()
        process.env.update(
            WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port), WEBHOOK_PATH="/telegram",
            WEBHOOK_PUBLIC_URL="https://coach.example", WEBHOOK_SECRET=SECRET,
            CLOCK_FILE=str(clock_file), DISPATCH_INTERVAL_SECONDS="0.3",
            FOLLOW_UP_LEASE_SECONDS="60",
        )  # fmt: skip
        process.url = f"http://127.0.0.1:{port}/telegram"  # type: ignore[attr-defined]
        processes.append(process)
    try:
        yield processes
    finally:
        for process in processes:
            if process.process is not None and process.process.returncode is None:
                await process.stop(signal.SIGKILL)


async def healthy(url: str) -> None:
    import aiohttp

    health = url.replace("/telegram", "/healthz")
    async with aiohttp.ClientSession() as client, asyncio.timeout(30):
        while True:
            try:
                async with client.get(health) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)


async def test_webhook_refuses_requests_without_the_secret(
    emulator: BotApiEmulator, replicas: list[BotProcess]
) -> None:
    import aiohttp

    replica = replicas[0]
    await replica.start()
    await healthy(replica.url)  # type: ignore[attr-defined]
    async with aiohttp.ClientSession() as client:
        async with client.post(replica.url, json={"update_id": 1}) as response:  # type: ignore[attr-defined]
            assert response.status == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        async with client.post(replica.url, json={"update_id": 1}, headers=headers) as response:  # type: ignore[attr-defined]
            assert response.status == 403
    webhook = await emulator.wait_for_request("setWebhook")
    assert webhook.params["url"] == "https://coach.example/telegram"
    assert webhook.params["secret_token"] == SECRET


async def test_a_conversation_continues_across_alternating_replicas(
    emulator: BotApiEmulator, replicas: list[BotProcess]
) -> None:
    for replica in replicas:
        await replica.start()
        await healthy(replica.url)  # type: ignore[attr-defined]
    emulator.serve_webhook_through([r.url for r in replicas])  # type: ignore[attr-defined]
    sari = emulator.user(id=1001, first_name="Sari", language_code="id")
    menu = await sari.ask("/wawancara", timeout=20)
    await sari.press(next(t for t, _ in menu.buttons if "rekruter" in t), message=menu)
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""), timeout=20)
    await sari.send("PT Replika")
    await sari.wait_reply(predicate=lambda m: "Posisi apa" in (m.text or ""), timeout=20)
    await sari.send("Analis SOC")
    channel = await sari.wait_reply(
        predicate=lambda m: "menghubungi Anda" in (m.text or ""), timeout=20
    )
    await sari.press("📧 Email", message=channel)
    await sari.wait_reply(predicate=lambda m: "nama rekruternya" in (m.text or ""), timeout=20)
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "tanda tangan" in (m.text or ""), timeout=20)
    await sari.press("Lewati")
    final = await sari.wait_reply(predicate=lambda m: "Riwayat" in (m.text or ""), timeout=20)
    assert "Analis SOC di PT Replika" in (final.text or "")
    await emulator.wait_idle(timeout=10)
    targets = [target for target, _ in emulator.webhook_deliveries]
    assert len(targets) == 7
    # The load balancer alternated: consecutive updates went to different replicas.
    assert all(a != b for a, b in itertools.pairwise(targets))


async def test_due_nudges_are_delivered_once_between_two_replicas(
    emulator: BotApiEmulator, replicas: list[BotProcess], database_url: str
) -> None:
    ids = await seed(database_url, users=1000)
    emulator.assume_started(*(emulator.user(id=i, first_name=f"U{i}") for i in ids))
    for replica in replicas:
        # Past Telegram's real rate, so that the test takes seconds, not half a minute.
        replica.env["SEND_RATE_PER_SECOND"] = "400"
        await replica.start()
    async with asyncio.timeout(90):
        while accepted_sends(emulator) < len(ids):  # noqa: ASYNC110 - polls a counter
            await asyncio.sleep(0.2)
    await emulator.wait_idle(timeout=15, quiet=1.0)
    per_chat = [len(emulator.chat_messages(user_id)) for user_id in ids]
    assert set(per_chat) == {1}
    assert await statuses(database_url) == {"sent": len(ids)}


async def test_killing_a_replica_mid_dispatch_loses_nothing(
    emulator: BotApiEmulator, replicas: list[BotProcess], database_url: str, tmp_path: Path
) -> None:
    ids = await seed(database_url, users=200)
    emulator.assume_started(*(emulator.user(id=i, first_name=f"U{i}") for i in ids))
    emulator.rate_limits = RateLimits(global_per_second=30, per_chat_per_second=1)
    first, second = replicas
    await first.start()
    async with asyncio.timeout(60):
        while accepted_sends(emulator) < 40:  # noqa: ASYNC110 - polls a counter
            await asyncio.sleep(0.05)
    # As in test_dispatch_crash: hold further sends on their way, then kill the dispatcher.
    emulator.hold("sendMessage", 3)
    await asyncio.sleep(1.0)
    await first.stop(signal.SIGKILL)
    assert accepted_sends(emulator) < len(ids)
    emulator.clear_faults()
    (tmp_path / "now.txt").write_text((START + timedelta(minutes=2)).isoformat())
    await second.start()
    async with asyncio.timeout(60):
        while accepted_sends(emulator) < len(ids):  # noqa: ASYNC110 - polls a counter
            await asyncio.sleep(0.1)
    await emulator.wait_idle(timeout=15, quiet=1.0)
    assert {len(emulator.chat_messages(user_id)) for user_id in ids} == {1}
    assert await statuses(database_url) == {"sent": len(ids)}
