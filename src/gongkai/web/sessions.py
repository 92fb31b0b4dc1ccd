"""Sessions in the database (Django's own table and format), read and written with one
plain statement each, and written once per change.

The portal stores a new request's access and verification code in the applicant's session
inside the transaction that registers the request: one commit instead of two, and never a
registered request whose receipt the browser cannot open. Django's session middleware then
saves the modified session again after the view (and sends its cookie); this store skips
a save of the key and data it has already written — once that write has committed, so a
write rolled back with its transaction (and retried, or not) is never taken as done.

Every page with a session reads it, and every submission through the portal writes it:
built by the ORM, each statement cost several times what the database took to run it.
A database fault while writing is raised as itself (the clear 503 answer of
``gongkai.web.faults``), not as Django's "session interrupted"; a session deleted
meanwhile (signed out in another tab) still is.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import connection, transaction
from django.utils import timezone


def _sql(template: str) -> str:
    from django.contrib.sessions.models import Session

    qn = connection.ops.quote_name
    return template.format(
        table=qn(Session._meta.db_table),
        key=qn("session_key"),
        data=qn("session_data"),
        expires=qn("expire_date"),
    )


def _at(moment: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


class SessionStore(DatabaseStore):
    _written: tuple[str, str] | None = None

    def _get_session_from_db(self) -> Any:
        """The unexpired session row (only its data is read), or None."""
        sql = _sql("SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, _at(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's store: a new key when saved
            return None
        return self.model(session_data=row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:  # Django's create() picks a key, then saves again
            super().save(must_create)
            return
        # What Django's own save writes (``_get_session`` is not in the type stubs).
        data = self.encode(self._get_session(no_load=must_create))  # type: ignore[attr-defined]
        written = (self.session_key, data)
        if must_create:  # a new session: Django's INSERT, which tells a taken key
            super().save(must_create)
            transaction.on_commit(lambda: setattr(self, "_written", written))
            return
        if self._written == written:
            return
        sql = _sql("UPDATE {table} SET {data} = %s, {expires} = %s WHERE {key} = %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [data, _at(self.get_expiry_date()), self.session_key])
            if cursor.rowcount != 1:
                raise UpdateError
        transaction.on_commit(lambda: setattr(self, "_written", written))
