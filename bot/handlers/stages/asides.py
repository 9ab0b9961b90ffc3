"""Typed text inside a running stage that is no answer to the question waiting.

A stage waiting for, say, the company's name must not store "gimana cara nego gaji?" as one.
The rule, in order:

1. A forwarded message is never an answer: it is a recruiter's message, and it is checked for
   the warning signs of a fake job offer (handlers/understanding.py).
2. Text that reads as an answer to the question waiting is the answer: a date for "Kapan
   wawancaranya?", an amount for the salary, "wa" for the channel, "ya" for a yes-or-no, "skip"
   anywhere. A wrong one is changed with ✏️ Ubah, as any answer.
3. Otherwise, text the coach reads *confidently* as something else — a question it can answer,
   a request for a check, a warning sign, a progress report, small talk, a rejection — is
   answered as it would be outside the stage (understanding.route and answer), and the question
   is repeated in one line.
   Where a name is awaited, text shaped like one ("PT Aman Siber", "HR Generalist": a legal
   form first or every word capitalised, short, no question mark) is the answer whatever the
   classifier says of it; small talk ("ok", "makasih") never is.
4. Anything else is the answer: a company, a role or a name is whatever the user types.
"""

from __future__ import annotations

from telegram import Message, Update

from bot.coach import choices, dates, intents, money, names
from bot.coach.intents import Intent, Source
from bot.context import CoachContext
from bot.handlers import understanding
from bot.handlers.stages.moments import RECENT_INTERVIEW
from bot.handlers.stages.questions.asking import reask
from bot.handlers.stages.questions.offer_details import no_deadline
from bot.handlers.stages.questions.people import DONE_WORDS
from bot.handlers.stages.records import local_now
from bot.handlers.stages.steps import Step
from bot.handlers.understanding import Action, Route
from bot.text import clean_text

# The intents that are no answer to any question a stage asks, when the classifier is sure.
# Small talk only by its rule (Source.SMALL_TALK: every word a greeting, thanks or "ok" word),
# not by the model: "aku gugup bgt, gimana persiapannya?" is no "ok".
ASIDE_INTENTS = frozenset(
    {
        Intent.PASSED_STAGE,
        Intent.INTERVIEW_SCHEDULED,
        Intent.OFFER_RECEIVED,
        Intent.ASK_NEGOTIATE_SALARY,
        Intent.ASK_THANK_YOU_EMAIL,
        Intent.ASK_REPLY_RECRUITER,
        Intent.ASK_PREPARE_INTERVIEW,
        Intent.ASK_QUESTIONS_FOR_INTERVIEWER,
        Intent.ASK_HOW_LONG_TO_WAIT,
        Intent.NERVOUS_BEFORE_INTERVIEW,
        Intent.PRACTICE_REQUEST,
        Intent.SCAM_CHECK,
    }
)
# Steps whose typed answer is a date, a time or a day.
_MOMENTS = frozenset({Step.WHEN, Step.TIME_OF_DAY, Step.OFFER_RECEIVED, Step.OFFER_DEADLINE})


def _reads_as_moment(text: str, context: CoachContext) -> bool:
    now = local_now(context)
    result = dates.parse_when(text, now, allow_past=RECENT_INTERVIEW)
    return result.status is not dates.WhenStatus.UNRECOGNIZED or (
        dates.parse_time_of_day(text) is not None
    )


def reads_as_answer(step: Step, text: str, context: CoachContext) -> bool:
    """Whether `text` is an answer the question of `step` takes as it is (rule 2)."""
    if choices.is_skip(text):
        return True
    if step in _MOMENTS:
        return _reads_as_moment(text, context) or (
            step is Step.OFFER_DEADLINE and no_deadline(text)
        )
    match step:
        case Step.OFFER_FIGURES:
            return (money.parse_rupiah(text) or money.find_rupiah(text)) is not None
        case Step.CHANNEL:
            return choices.match_channel(text) is not None
        case Step.FORMAT:
            return choices.match_format(text) is not None
        case Step.KIND:
            return choices.match_kind(text) is not None
        case Step.PASSED | Step.SAME_COMPANY:
            return choices.match_yes_no(text) is not None
        case Step.HONORIFIC:
            return names.person(text + " x").honorific is not None
        case Step.INTERVIEWERS:
            return text.lower() in DONE_WORDS
    return False


def _forwarded(message: Message) -> bool:
    return message.forward_origin is not None


# Steps that wait for a name (a company, a role, a person): whatever is shaped like one is it.
NAME_STEPS = frozenset(
    {
        Step.COMPANY,
        Step.EDIT_COMPANY,
        Step.ROLE,
        Step.CONTACT,
        Step.INTERVIEWERS,
        Step.SIGNATURE,
    }
)
_LEGAL_FORMS = frozenset({"pt", "cv", "ud"})
# A name is short: a longer message is a sentence, whatever its capitals.
NAME_WORDS = 6


def shaped_like_a_name(text: str) -> bool:
    """ "PT Aman Siber", "HR Generalist", "Sari Wulandari, 0812…": a legal form first, or every
    word capitalised (or a number), short, and no question mark. "gmn cara nego gaji" is not;
    the classifier alone would read "PT Aman Siber" as a question whether it is safe ("aman")."""
    words = text.replace(",", " ").split()
    if not words or len(words) > NAME_WORDS or "?" in text:
        return False
    if words[0].lower().rstrip(".") in _LEGAL_FORMS:
        return True
    return all(not word[:1].isalpha() or word[:1].isupper() for word in words)


def aside(step: Step, text: str, context: CoachContext, *, forwarded: bool) -> Route | None:
    """What to do with a message that is no answer to `step`'s question; None: it is one."""
    if not text:
        return None
    if forwarded:
        return Route(Action.CHECK, Intent.SCAM_CHECK)
    if reads_as_answer(step, text, context):
        return None
    result = intents.classify(text)
    if result.source is Source.SMALL_TALK:  # "ok", "makasih", "halo": never a name
        return Route(Action.ANSWER, result.intent)
    if step in NAME_STEPS and shaped_like_a_name(text):
        return None
    decision = understanding.route(text)
    if decision.action in (Action.CHECK, Action.CONSOLE):
        return decision
    if decision.action is Action.ASK_FOR_MESSAGE:
        confident = result.intent is Intent.SCAM_CHECK and result.confident
        return decision if confident else None
    if decision.action is Action.ANSWER and decision.intent in ASIDE_INTENTS:
        return decision
    return None


async def answered_aside(update: Update, context: CoachContext, step: Step) -> bool:
    """Answers a message that is no answer to the question waiting, then asks it again in one
    line; False when the message is to be taken as the answer."""
    message = update.effective_message
    if update.callback_query is not None or message is None:
        return False
    text = message.text or message.caption or ""
    decision = aside(step, clean_text(text), context, forwarded=_forwarded(message))
    if decision is None:
        return False
    await understanding.answer(update, context, decision, text)
    await reask(context, step)
    return True
