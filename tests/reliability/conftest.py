"""Fixtures of the reliability suite: one world per module, each case rolled back.

The world (tests/reliability/world.py) is built once per module inside a transaction that is
rolled back when the module ends; every test runs in a savepoint inside it (pytest-django's `db`),
and every case inside a test in a savepoint of its own, so an allowed write never leaks into the
next case.
"""

import functools
import hashlib

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import override_settings

from tests.reliability.world import World, build_world

# What a request may write without changing anything a user owns: the audit trail, a token's last
# use, a login time, sessions.
UNTRACKED_APPS = frozenset({"audit", "sessions", "admin", "contenttypes", "auth", "reference"})
UNTRACKED_FIELDS = frozenset({"last_used_at", "last_login"})


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    media = tmp_path_factory.mktemp("media")
    private = tmp_path_factory.mktemp("private")
    with (
        override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@functools.cache
def _tracked_queries() -> tuple[str, ...]:
    """One SELECT per table a user's data lives in, the untracked columns left out."""
    quote = connection.ops.quote_name
    queries = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in UNTRACKED_APPS or meta.proxy or not meta.managed:
            continue
        columns = [f.column for f in meta.concrete_fields if f.attname not in UNTRACKED_FIELDS]
        names = ", ".join(map(quote, columns))
        # Names from the models, quoted: nothing a user typed.
        query = f"SELECT {names} FROM {quote(meta.db_table)} ORDER BY {quote(meta.pk.column)}"  # noqa: S608
        queries.append(query)
    return tuple(sorted(queries))


def database_fingerprint() -> str:
    """A digest of every row a user could own (the audit trail and reference data left out)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for query in _tracked_queries():
            cursor.execute(query)
            digest.update(query.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()
