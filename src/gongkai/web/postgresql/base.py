"""Django's PostgreSQL backend, its connection's health checked without a round trip.

A kept connection is checked before each request's first query (``CONN_HEALTH_CHECKS``),
so a server that restarted meanwhile costs no failed request. Django checks by sending
``SELECT 1``: a round trip on every request, reads included, some 4 % of an API
submission's CPU here and in PostgreSQL. An idle connection has nothing to read unless
the server ended it — a stop, a crash, a terminated backend all leave its goodbye (a
FATAL message, the end of the stream) waiting on the socket — so an idle connection with
nothing to read is taken as usable, and one with something waiting gets Django's
``SELECT 1``. A server that vanished without a word (the host gone) is found by the
request's first query, as it would be a moment after a ``SELECT 1``.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or conn.broken:
            return False
        if conn.info.transaction_status != TransactionStatus.IDLE:
            return bool(super().is_usable())
        try:
            waiting, _, _ = select.select([conn.fileno()], [], [], 0)
        except (OSError, ValueError):  # the socket is gone
            return False
        return not waiting or bool(super().is_usable())
