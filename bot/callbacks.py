"""Every kind of inline-button data the coach sends, declared once with where it is handled.

Telegram gives a pressed button's data back as it was sent (at most 64 bytes), so each kind is a
short prefix, often followed by row ids. A prefix belongs to one of three scopes:

- GLOBAL: handled outside any conversation (cards, menus, settings); a running conversation lets
  the press through and stays where it is;
- SWITCHING: opens something else (a stage, /tangguh, a practice set); a running conversation
  ends, and the same update is then handled by what the button opens;
- LOCAL: answers a question of a running conversation; pressed when that question is not asked,
  it is an old button.

Handlers build their patterns with `pattern()`, and a test walks the registered handlers and fails
on a pattern whose prefix is not declared here or is used outside its scope.
"""

from __future__ import annotations

import re
from enum import Enum

from telegram import Update


class Scope(Enum):
    GLOBAL = "global"
    SWITCHING = "switching"
    LOCAL = "local"


DECLARED: dict[str, Scope] = {}


def _declare(prefix: str, scope: Scope) -> str:
    if prefix in DECLARED:
        raise ValueError(f"callback prefix {prefix!r} declared twice")
    DECLARED[prefix] = scope
    return prefix


# --- GLOBAL ---------------------------------------------------------------------------------
MENU_BACK = _declare("m:back", Scope.GLOBAL)
LANGUAGE = _declare("lang:", Scope.GLOBAL)  # lang:<code>
TIMEZONE = _declare("tz:", Scope.GLOBAL)  # tz:<zone>
DELETE_YES = _declare("del:yes:", Scope.GLOBAL)  # del:yes:<asked at, ms>
DELETE_NO = _declare("del:no", Scope.GLOBAL)
SHOW_APPLICATION = _declare("ap:", Scope.GLOBAL)  # ap:<application id>
CLOSE_APPLICATION = _declare("cl:", Scope.GLOBAL)  # cl:<application id>:<status>
OUTCOME = _declare("mv:", Scope.GLOBAL)  # mv:<application id>:<outcome>
CHECK = _declare("ck:", Scope.GLOBAL)  # ck:<application id>:<stage>:<item>
NUDGE = _declare("fu:", Scope.GLOBAL)  # fu:<follow-up id>:<action>
QUIET_HOURS = _declare("qh:", Scope.GLOBAL)  # qh:<start>-<end>
PAUSE = _declare("jeda", Scope.GLOBAL)
# "Not now" on the /tangguh offer: says a kind word and leaves a running conversation alone.
TANGGUH_LATER = _declare("tg:later", Scope.GLOBAL)
# The reading of a free-text message the user picked when the coach was unsure which it was
# (handlers/understanding.py); answered like the message would have been.
MEANT = _declare("nt:", Scope.GLOBAL)  # nt:<intent>
# "✏️ Bukan begitu" under what the coach understood from a progress message: one clarifying
# question, whose buttons record the report as the user means it (handlers/progress.py).
REPORT_WRONG = _declare("px:", Scope.GLOBAL)  # px:<report id>
# "Tandai tidak diterima" beside /tangguh's offer, for the application a rejection names.
MARK_REJECTED = _declare("rj:", Scope.GLOBAL)  # rj:<application id>
# A draft offered beside the answer to a typed question (handlers/understanding.py).
FREE_DRAFT = _declare("dr:", Scope.GLOBAL)  # dr:<kind>:<application id or 0>[:<amount>]
# The cards of an application: its full guidance, its drafts, what to change, back to the list.
GUIDANCE = _declare("gd:", Scope.GLOBAL)  # gd:<stage>[:<application id>]
DRAFT = _declare("df:", Scope.GLOBAL)  # df:<application id>:<draft>
EDIT_MENU = _declare("ub:", Scope.GLOBAL)  # ub:<application id>
LIST_APPLICATIONS = _declare("lst", Scope.GLOBAL)
# "💰 Perkiraan gaji bersih" on an offer (handlers/offer_tools.py).
ESTIMATE = _declare("gb:", Scope.GLOBAL)  # gb:<application id>
# The PTKP status, asked in two presses; what it was asked for follows it: the estimate of
# one offer (e<id>) or the comparison of two (c<id>-<id>). <answer>: TK or K (married?),
# TK0..K3 (with dependants), x (not said), ? (ask again).
PTKP = _declare("pk:", Scope.GLOBAL)  # pk:<answer>:<e<id> or c<id>-<id>>
# "📅 Tambahkan ke kalender": the interview as an .ics file (handlers/calendar_files.py).
CALENDAR = _declare("kl:", Scope.GLOBAL)  # kl:<application id>[:<interview id>]
# An interview called off (✏️ Ubah): asked to confirm, then deleted (its cancellation sent
# to the calendar it was added to).
CANCEL_INTERVIEW = _declare("ib:", Scope.GLOBAL)  # ib:<application id>:<interview id>[:y]

# --- SWITCHING ------------------------------------------------------------------------------
MENU_STAGE = _declare("m:s:", Scope.SWITCHING)  # m:s:<stage>
GO = _declare("go:", Scope.SWITCHING)  # go:<application id>:<stage>
# One more interview of the application's stage (the card's "➕ Tambah wawancara").
ADD_INTERVIEW = _declare("iv:", Scope.SWITCHING)  # iv:<application id>:<stage>
# One recorded fact to change, asked in the conversation of <stage> (the card's "✏️ Ubah").
EDIT = _declare("ed:", Scope.SWITCHING)  # ed:<application id>:<stage>:<field>[:<interview id>]
TANGGUH_GO = _declare("tg:go", Scope.SWITCHING)
PRACTICE_SET = _declare("lt:set:", Scope.SWITCHING)  # lt:set:<category or "campur">
PRACTICE_ASK_THEM = _declare("lt:tanya", Scope.SWITCHING)
PRACTICE_UNTRIED = _declare("lt:sisa", Scope.SWITCHING)
# "🔁 Coba lagi" on an answer's notes or in the history: asks that question again, in the open
# set if there is one, else in a new set of one question.
PRACTICE_RETRY = _declare("lt:ulang:", Scope.SWITCHING)  # lt:ulang:<question id>
# "📋 Kerangka jawaban": the outline of a good answer to a question; the set stays where it is.
PRACTICE_OUTLINE = _declare("lt:kerangka:", Scope.SWITCHING)  # lt:kerangka:<question id>
# A command run as if typed: the "Maksud Anda /latihan?" answer to a mistyped one, and the
# next steps offered beside answers to free text (handlers/fallbacks.py).
RUN_COMMAND = _declare("cmd:", Scope.SWITCHING)  # cmd:<command name>
# "✅ Ya, catat" under what the coach understood from a progress message typed in a sentence:
# records the progress report for the application (0: a new one) in the stage's conversation,
# which then asks what is still missing; ":t" leaves out the time or the amount read.
REPORT = _declare("pr:", Scope.SWITCHING)  # pr:<report id>:<application id or 0>:<stage>[:t]
# "🔍 Cek pesan rekruter": asks for a recruiter's message to check (handlers/understanding.py).
# Any module may show it; it opens a short conversation that waits for the message.
CHECK_RECRUITER_MESSAGE = _declare("rk:cek", Scope.SWITCHING)
# "⚖️ Bandingkan dengan tawaran lain": a short conversation that asks each offer's benefits
# (once; u: again), then shows the two side by side (handlers/offer_tools.py).
COMPARE = _declare("bd:", Scope.SWITCHING)  # bd:<application id>[:<other id>][:u]

# --- LOCAL: the stage conversations ---------------------------------------------------------
PICK_APPLICATION = _declare("pa:", Scope.LOCAL)  # pa:<application id> or pa:new
CHOICE = _declare("c:", Scope.LOCAL)  # c:<option value>
AT = _declare("at:", Scope.LOCAL)  # at:<unix time>
SKIP = _declare("skip", Scope.LOCAL)
DONE = _declare("done", Scope.LOCAL)
READY = _declare("ready", Scope.LOCAL)
RECEIVED = _declare("rc:", Scope.LOCAL)  # rc:<days ago>
NO_DEADLINE = _declare("dl:none", Scope.LOCAL)
DAY = _declare("dy:", Scope.LOCAL)  # dy:<YYYY-MM-DD>: which of two days ("Senin depan")
YES_NO = _declare("yn:", Scope.LOCAL)  # yn:1 or yn:0
HONORIFIC = _declare("hn:", Scope.LOCAL)  # hn:Ibu, hn:Bapak or hn:skip

# --- LOCAL: /tangguh ------------------------------------------------------------------------
TANGGUH_FEELING = _declare("tg:f:", Scope.LOCAL)
TANGGUH_READY = _declare("tg:ok", Scope.LOCAL)
TANGGUH_TRAP = _declare("tg:t:", Scope.LOCAL)
TANGGUH_NEXT = _declare("tg:next", Scope.LOCAL)
TANGGUH_PICK = _declare("tg:a:", Scope.LOCAL)
TANGGUH_SKIP = _declare("tg:skip", Scope.LOCAL)
TANGGUH_CHECK_IN = _declare("tg:c:", Scope.LOCAL)
TANGGUH_MARK = _declare("tg:m:", Scope.LOCAL)  # tg:m:<application id>: mark it not accepted
TANGGUH_KEEP = _declare("tg:keep", Scope.LOCAL)  # leave the application active
TANGGUH_NO_COMPANY = _declare("tg:nc", Scope.LOCAL)  # the draft without a company name
TANGGUH_DRAFT = _declare("tg:d:", Scope.LOCAL)  # tg:d:<application id>: its draft again

# --- LOCAL: /latihan ------------------------------------------------------------------------
PRACTICE_SKIP = _declare("lt:skip:", Scope.LOCAL)  # lt:skip:<session id>:<position>
PRACTICE_STOP = _declare("lt:stop:", Scope.LOCAL)  # lt:stop:<session id>:<position>


def pattern(prefix: str, tail: str = "") -> str:
    """The handler pattern for data that starts with `prefix` (a declared one), then `tail`."""
    if prefix not in DECLARED:
        raise ValueError(f"callback prefix {prefix!r} is not declared in bot/callbacks.py")
    return f"^{re.escape(prefix)}{tail}"


def union(scope: Scope) -> str:
    """A regex alternation of every prefix of `scope`."""
    return "(?:" + "|".join(re.escape(p) for p, s in DECLARED.items() if s is scope) + ")"


def not_passing_through() -> str:
    """What a running conversation takes as a press meant for it (or an old one): any data that
    is neither GLOBAL nor SWITCHING."""
    return f"^(?!{union(Scope.GLOBAL)}|{union(Scope.SWITCHING)})"


def data(update: Update) -> str:
    """The pressed button's data ('' when the update is no button press)."""
    query = update.callback_query
    return (query.data or "") if query is not None else ""


def prefix_of(raw: str) -> str | None:
    """The declared prefix `raw` starts with (the longest), or None."""
    found = [p for p in DECLARED if raw.startswith(p)]
    return max(found, key=len) if found else None
