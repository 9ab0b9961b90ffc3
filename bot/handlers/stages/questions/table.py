"""QUESTIONS: every question the stage conversations ask, by its step. The one list of which
questions exist: handlers/stages/flow.py reads it (through the package, which completes it).

Each topic module of this package declares its questions next to their functions and registers
them here with `register` when it is imported; the package's __init__ imports every topic
module, so the table is complete once the package is imported. The table is filled rather than
built from the topic modules because the helpers those modules use look questions up in it
(asking.ask, asking.reask): a table built from the topic modules would import them while they
import it. That import cycle is the one this registry breaks; nothing else is registered.
"""

from __future__ import annotations

from bot.handlers.stages.question import Question
from bot.handlers.stages.steps import Step

QUESTIONS: dict[Step, Question] = {}


def register(*questions: Question) -> None:
    """Adds a topic module's questions to the table; a step has one question only."""
    for question in questions:
        if question.step in QUESTIONS:
            raise RuntimeError(f"two questions for the step {question.step!r}")
        QUESTIONS[question.step] = question
