"""Every question of the stage conversations: how it is asked, what it takes, what it stores.

One module per topic, each declaring its questions (`Question`, handlers/stages/question.py)
next to their ask, take and known functions:

    application.py    which application: one picked, a new company (or the same one again),
                      its role, the company renamed; whether it passed the stage it is at
    options.py        answered with a button: how the recruiter called, the interview's format
                      and its kind
    people.py         the recruiter, the interviewers, Ibu or Bapak for a name
    when.py           when the interview is, recorded with a warning when another one is close
    offer_details.py  the offer: when it came, the deadline of the answer, the salary
    signature.py      the user's name and phone for the drafts' signature
    feeling.py        after a rejection, the feeling first
    asking.py         what they all use: ask, ask again, what the conversation holds, ✏️ Ubah
    table.py          QUESTIONS, the table the topic modules register their questions into

Adding a question: its step in handlers/stages/steps.py, then its functions and its `Question`
(passed to `register`) in the module of its topic; a stage asks it once its flow names it
(handlers/stages/flow.py). A new topic module is imported below, or its questions are missing.

Each answer is written to the database in the update's unit of work; the conversation state is
written in the same transaction, before the next question goes out, so a restart continues
exactly where the user was.

A question's answer may be typed even where buttons are offered: "wa" is the WhatsApp button,
"ya" the yes button, "skip" the skip button (bot/coach/choices.py). A question that knows its
answer for the application (`known`) is skipped by the flow: continuing a stage never asks
again for a recorded fact.
"""

from __future__ import annotations

# Imported for what importing them does: each registers its questions into the table.
from bot.handlers.stages.questions import (  # noqa: F401
    application,
    feeling,
    offer_details,
    options,
    people,
    signature,
    when,
)
from bot.handlers.stages.questions.table import QUESTIONS
from bot.handlers.stages.steps import Step

__all__ = ["QUESTIONS"]

# Every step is a question: a step missing here has its topic module missing above.
if unasked := [step.name for step in Step if step not in QUESTIONS]:
    raise RuntimeError(f"no question registered for {unasked}")
