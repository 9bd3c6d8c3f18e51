"""Django's database sessions, with the read every signed-in request makes written out
(consult.core.rows): as a queryset it cost five times the Python the database spent on it.
Settings name this module as SESSION_ENGINE."""

from django.contrib.sessions.backends import db
from django.db import connection

from consult.core.rows import now, table


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table(model)} "  # noqa: S608
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
