"""Tokens remember whether they were made after two-factor login, and the one-per-user tokens
of rest_framework.authtoken (which POST /api/v1/auth/token/ used to hand out, unlisted and
surviving a new password) become personal tokens named "API sign-in": their keys keep working,
and the owners see and can revoke them. Their table is dropped with the app."""

import hashlib

from django.db import migrations, models

AUTHTOKEN_TABLE = "authtoken_token"


def adopt_authtoken_tokens(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if AUTHTOKEN_TABLE not in connection.introspection.table_names():
        return
    PersonalToken = apps.get_model("accounts", "PersonalToken")
    with connection.cursor() as cursor:
        key = connection.ops.quote_name("key")
        cursor.execute(f"SELECT {key}, user_id, created FROM {AUTHTOKEN_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    taken = set(
        PersonalToken.objects.filter(name="API sign-in").values_list("user_id", flat=True)
    )
    PersonalToken.objects.bulk_create(
        PersonalToken(
            user_id=user_id,
            name="API sign-in",
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            prefix=key[:8],
            second_factor=False,
        )
        for key, user_id, _created in rows
        if user_id not in taken
    )
    schema_editor.execute(f"DROP TABLE {AUTHTOKEN_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_language")]

    operations = [
        migrations.AddField(
            model_name="personaltoken",
            name="second_factor",
            field=models.BooleanField(default=False, verbose_name="made after two-factor login"),
        ),
        migrations.RunPython(adopt_authtoken_tokens, migrations.RunPython.noop, elidable=True),
    ]
