import os
import time

from django.db import migrations, models


def hold_after_the_first_school(apps, schema_editor):
    """When the test asks (RUNNER_TEST_HOLD names a file), the first of the schools it lists migrates
    and every later one waits here, inside its transaction, until the test kills the run: the kill then falls between
    two schools on any machine, however busy, rather than on a guess about timing."""
    hold = os.environ.get("RUNNER_TEST_HOLD")
    if not hold:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
    if schema not in os.environ["RUNNER_TEST_SCHOOLS"].split(","):
        return  # the template and the spare schemas pass
    with open(hold, "a+") as passed:
        passed.seek(0)
        first = not passed.read()
        if first:
            passed.write(schema)
    if not first:
        time.sleep(300)


class Migration(migrations.Migration):
    dependencies = [("runner_app", "0002_note_label")]

    operations = [
        migrations.AddField(model_name="note", name="reviewed", field=models.BooleanField(null=True)),
        migrations.AddIndex(
            model_name="note", index=models.Index(fields=["reviewed"], name="runner_note_reviewed_idx")
        ),
        migrations.RunPython(hold_after_the_first_school, migrations.RunPython.noop),
    ]
