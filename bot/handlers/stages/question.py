"""The shape of one thing a stage conversation asks: how it is asked, what answers it takes.

A question's answers (`Typed`, `Pressed`) return the next state of the conversation: the same
step to wait again, another step of the same question (the time after a day), END, or
`Answered` — then the stage's flow asks its next question (handlers/stages/flow.py). So a
question never knows which stage asks it or what comes after it.

A question may say that its answer is already known for the application (`known`): the flow
then skips it, so that continuing a stage never asks again for what was recorded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import keyboards
from bot.callbacks import CHOICE, SKIP
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage.models import JobApplication


@dataclass(frozen=True)
class Answered:
    """The question `step` is answered for `application`: on to the flow's next question."""

    application: JobApplication
    step: Step


Result = Step | int | Answered
# An answer's callback: PTB's two arguments and the stage of the conversation it answers in.
Take = Callable[[Update, CoachContext, Stage], Awaitable[Result]]
Ask = Callable[[CoachContext, JobApplication | None], Awaitable[None]]
# Whether the application already has the answer (or needs none now), for the stage asking.
Known = Callable[[CoachContext, JobApplication, Stage], Awaitable[bool]]


@dataclass(frozen=True)
class Typed:
    """An answer typed as text."""

    take: Take


@dataclass(frozen=True)
class Pressed:
    """An answer given with a button whose data matches `pattern` (see bot/callbacks.py)."""

    take: Take
    pattern: str


@dataclass(frozen=True)
class Question:
    step: Step
    ask: Ask
    expected: Callable[[], str]  # what is awaited, said when something else comes
    answers: tuple[Typed | Pressed, ...]
    # After a wrong answer, ask again: the question's buttons may have scrolled away.
    reshow: bool = False
    # Steps of the question's own follow-ups (the time after a day), registered with it.
    follow_ups: tuple[Step, ...] = ()
    # None: never known in advance, always asked.
    known: Known | None = None


def choice_keyboard(options: dict[str, str], *, skip: bool = False) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(_(label), callback_data=f"{CHOICE}{value}")
        for value, label in options.items()
    ]
    if skip:
        buttons.append(InlineKeyboardButton(_("Lewati"), callback_data=SKIP))
    return keyboards.rows(buttons, per_row=2)


def single_button(label: str, data: str) -> InlineKeyboardMarkup:
    return keyboards.rows([InlineKeyboardButton(label, callback_data=data)])
