"""Progress reports: what the coach understood from a progress message, until the user's tap.

A report is made when the coach shows what it understood ("📅 Wawancara pendahuluan Kamis …
Catat?") and read again when a button of that message is pressed. It expires after
`REPORT_LIFETIME`: a tap on an older one is refused, and the periodic prune deletes it. A user
keeps at most `KEEP_REPORTS` of them, so that a chatty user's rows stay bounded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ProgressReport

# How long a report waits for its tap: long enough to answer the next morning.
REPORT_LIFETIME: Final = timedelta(days=1)
# The newest reports a user keeps; older ones are deleted as new ones come.
KEEP_REPORTS: Final = 5
OPEN: Final = "open"
RECORDED: Final = "recorded"


async def add(
    session: AsyncSession, user_id: int, intent: str, detail: dict[str, Any], now: datetime
) -> ProgressReport:
    """Stores a new report (and forgets the user's oldest beyond KEEP_REPORTS)."""
    report = ProgressReport(
        user_id=user_id, intent=intent, detail=detail, status=OPEN, created_at=now
    )
    session.add(report)
    await session.flush()
    kept = select(ProgressReport.id).where(ProgressReport.user_id == user_id)
    kept = kept.order_by(ProgressReport.created_at.desc(), ProgressReport.id.desc())
    newest = list(await session.scalars(kept.limit(KEEP_REPORTS)))
    await session.execute(
        delete(ProgressReport).where(
            ProgressReport.user_id == user_id, ProgressReport.id.not_in(newest)
        )
    )
    return report


async def get(
    session: AsyncSession, user_id: int, report_id: int, now: datetime
) -> ProgressReport | None:
    """The user's report, unless it expired (or was never theirs)."""
    report = await session.get(ProgressReport, report_id)
    if report is None or report.user_id != user_id:
        return None
    if report.created_at < now - REPORT_LIFETIME:
        return None
    return report


def mark_recorded(report: ProgressReport) -> None:
    """The report is on the application now: only that it was recorded is kept."""
    report.status = RECORDED
    report.detail = {}


async def prune(session: AsyncSession, now: datetime) -> None:
    """Forgets every report older than its lifetime."""
    await session.execute(
        delete(ProgressReport).where(ProgressReport.created_at < now - REPORT_LIFETIME)
    )
