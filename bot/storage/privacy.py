"""Everything stored about one user, found by walking the schema: for /ekspor and /hapusdata.

A row is about a user when it is their `users` row; when one of its foreign keys points at a row
about them (their application, an interview of that application, ...); or when it carries their
id in a `user_id` column without a foreign key (conversation states). The walk follows
`Base.metadata`, so a table added later is exported and deleted with no change here. A table that
holds nothing about anyone goes into NOT_PERSONAL; the tests fail for a table that is neither.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.db import Database
from bot.storage.models import Base

# Tables without a row about any particular person (a shared question bank, say). Empty so far.
NOT_PERSONAL: frozenset[str] = frozenset()

# Column names that hold a user's id even without a foreign key to `users`.
USER_ID_COLUMNS = ("user_id",)


def _users() -> Table:
    return Base.metadata.tables["users"]


def rows_about(table: Table, user_id: int) -> ColumnElement[bool] | None:
    """The WHERE clause selecting the table's rows about the user; None if it has none ever."""
    return _rows_about(table, user_id, frozenset())


def _rows_about(
    table: Table, user_id: int, visiting: frozenset[str]
) -> ColumnElement[bool] | None:
    users = _users()
    if table is users:
        # Only the row itself: the user's other references (the focused application) point at
        # rows that are the user's anyway.
        return users.c.id == user_id
    visiting = visiting | {table.name}
    clauses: list[ColumnElement[bool]] = []
    for column in table.columns:
        if not column.foreign_keys and column.name in USER_ID_COLUMNS:
            clauses.append(column == user_id)
        for foreign_key in column.foreign_keys:
            target = foreign_key.column
            if target.table.name in visiting or not isinstance(target.table, Table):
                continue
            if target is users.c.id:
                clauses.append(column == user_id)
                continue
            parent = _rows_about(target.table, user_id, visiting)
            if parent is not None:
                clauses.append(column.in_(select(target).where(parent)))
    return or_(*clauses) if clauses else None


def personal_tables() -> list[Table]:
    """Every table that can hold rows about a user, parents before children."""
    return [t for t in Base.metadata.sorted_tables if rows_about(t, 0) is not None]


def unclassified_tables() -> list[str]:
    """Tables that are neither about users (by the rules above) nor declared NOT_PERSONAL."""
    personal = {t.name for t in personal_tables()}
    return [
        t.name
        for t in Base.metadata.sorted_tables
        if t.name not in personal and t.name not in NOT_PERSONAL
    ]


async def export_user(session: AsyncSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about the user, table by table, as JSON-ready dictionaries."""
    await session.flush()  # what this update changed (last seen, ...) is part of the answer
    exported: dict[str, list[dict[str, Any]]] = {}
    for table in personal_tables():
        where = rows_about(table, user_id)
        assert where is not None
        result = await session.execute(
            select(table).where(where).order_by(*table.primary_key.columns)
        )
        exported[table.name] = [_json_row(row) for row in result.mappings()]
    return exported


def to_json(document: Mapping[str, Any]) -> bytes:
    """Indented UTF-8 JSON, Indonesian letters as they are."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


async def delete_user(session: AsyncSession, user_id: int) -> dict[str, int]:
    """Deletes every row about the user, children first; returns the count per table.

    The session's objects are dropped afterwards: the update's own copy of the user (its last
    seen time, ...) must not be written back at the commit.
    """
    await session.flush()
    deleted: dict[str, int] = {}
    for table in reversed(personal_tables()):
        where = rows_about(table, user_id)
        assert where is not None
        result = cast("CursorResult[Any]", await session.execute(delete(table).where(where)))
        if result.rowcount:
            deleted[table.name] = result.rowcount
    session.expunge_all()
    return deleted


def _json_row(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(key): _json_value(value) for key, value in row.items()}


def _json_value(value: Any) -> Any:
    match value:
        case datetime() | date() | time():
            return value.isoformat()  # datetimes are aware UTC (models.UtcDateTime)
        case Enum():
            return value.value
        case Decimal():
            return str(value)
        case bytes():
            return base64.b64encode(value).decode("ascii")
        case dict():
            return {str(k): _json_value(v) for k, v in value.items()}
        case list() | tuple():
            return [_json_value(v) for v in value]
        case _:
            return value


async def forget_on_disk(database: Database) -> None:
    """On SQLite, moves the deleted rows' zeroed pages out of the write-ahead log into the file
    at once (a deleted row's old page would otherwise stay in the log until the next
    checkpoint); PostgreSQL's own cleanup (VACUUM) is the operator's (README, Privacy)."""
    if database.engine.dialect.name != "sqlite":
        return
    async with database.engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
