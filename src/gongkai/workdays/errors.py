"""The one error of the working-day calendar, written for the person who typed the dates."""

from __future__ import annotations


class CalendarError(ValueError):
    """Dates that cannot be counted: a pause that ends before it starts, an override
    outside its year, a day that is both a holiday and a make-up workday.

    A :class:`ValueError`, so callers validating a form can catch it as one; ``message``
    is one Chinese sentence the CLI prints and the web app shows beside the field.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
