"""Django's database sessions, with the read every signed-in request makes written out
(consult.core.rows): as a queryset it cost five times the Python the database spent on it.
The async path runs the same statement, so both answer alike. Settings name this module as
SESSION_ENGINE.

Only `load` and `aload` are replaced: the methods Django's documentation names for a session
engine to implement."""

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends import db
from django.db import connection

from consult.core.rows import now, table


class SessionStore(db.SessionStore):
    def load(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table(self.model)} "  # noqa: S608
                "WHERE session_key = %(key)s AND expire_date > %(now)s",
                {"key": self.session_key, "now": now()},
            )
            row = cursor.fetchone()
        if row is None:
            # As every engine of Django's does: a key it does not hold is never adopted, so
            # the next save makes a new one (no session fixation).
            self._session_key = None
            return {}
        return self.decode(row[0])

    async def aload(self):
        # As Django's own async reads do: the statement runs on the thread of the sync code.
        return await sync_to_async(self.load)()
