"""The authentication backends: Django's and allauth's, each loading the signed-in user with
one written-out query (consult.core.rows) rather than a queryset, as every request of a
signed-in person does it before anything else. The async path runs the same statement."""

import functools

from allauth.account import auth_backends as allauth_backends
from asgiref.sync import sync_to_async
from django.contrib.auth import backends as django_backends
from django.db import connection

from accounts.models import User
from consult.core.rows import Columns, table


@functools.cache
def _user_query() -> tuple[Columns, str]:
    columns = Columns(User, [field.attname for field in User._meta.concrete_fields], {User: "u"})
    return columns, f"SELECT {columns.sql} FROM {table(User)} u WHERE u.id = %(user)s"  # noqa: S608


def load_user(user_id) -> User | None:
    columns, sql = _user_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user_id})
        row = cursor.fetchone()
    return None if row is None else columns.instance(row)


class _WrittenOutUserLoad:
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        # As Django's own async reads do: the statement runs on the thread of the sync code.
        return await sync_to_async(self.get_user)(user_id)


class ModelBackend(_WrittenOutUserLoad, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_WrittenOutUserLoad, allauth_backends.AuthenticationBackend):
    pass
