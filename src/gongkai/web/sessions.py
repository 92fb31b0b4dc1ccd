"""Sessions in the database (Django's own store), written once per change.

The portal stores a new request's access and verification code in the applicant's session
inside the transaction that registers the request: one commit instead of two, and never a
registered request whose receipt the browser cannot open. Django's session middleware then
saves the modified session again after the view (and sends its cookie); this store skips
a save of the key and data it has already written — once that write has committed, so a
write rolled back with its transaction (and retried, or not) is never taken as done.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import transaction


class SessionStore(DatabaseStore):
    _written: tuple[str, str] | None = None

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:  # a new session: created, then saved by ``create``
            super().save(must_create)
            return
        # What Django's own save writes (``_get_session`` is not in the type stubs).
        data = self.encode(self._get_session(no_load=must_create))  # type: ignore[attr-defined]
        written = (self.session_key, data)
        if not must_create and self._written == written:
            return
        super().save(must_create)
        transaction.on_commit(lambda: setattr(self, "_written", written))
