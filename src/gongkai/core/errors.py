"""Errors a person reads: one clear Chinese sentence naming what is wrong and where."""


class ReportError(Exception):
    """The input cannot be read as an annual report.

    The CLI prints ``FILE: message`` and exits 2; the web app shows the message beside
    the upload. ``message`` is written for the person who supplied the file.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
