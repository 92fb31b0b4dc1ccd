"""The one error of the case domain, for the person acting."""

from __future__ import annotations


class ActionError(Exception):
    """An act the law or the case's state does not allow now; ``message`` is one Chinese
    sentence the officer or applicant reads beside the form they used."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
