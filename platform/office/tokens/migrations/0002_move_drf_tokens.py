"""DRF's authtoken (one plain-text token per person, no list, no revocation) gives way to knox's hashed
tokens. A token made before keeps working: its hash becomes an ApiToken the person can see and revoke,
and the plain-text copy is deleted. rest_framework.authtoken is no longer installed, so its table is
read with SQL where an older database still has it."""

from django.db import migrations
from knox.crypto import hash_token

OLD_TABLE = "authtoken_token"
LABEL = "Khóa API cũ (trước khi có danh sách khóa)"


def move_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("tokens", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, created, user_id FROM {OLD_TABLE}")  # noqa: S608 - a constant name
        rows = cursor.fetchall()
        for key, created, user_id in rows:
            digest = hash_token(key)
            ApiToken(digest=digest, token_key=key[:15], user_id=user_id, label=LABEL).save()
            ApiToken.objects.filter(digest=digest).update(created=created)
        cursor.execute(f"DELETE FROM {OLD_TABLE}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("tokens", "0001_api_token")]

    operations = [migrations.RunPython(move_drf_tokens, migrations.RunPython.noop)]
