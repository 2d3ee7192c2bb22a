import os
import time

from django.db import migrations, models


def wait_a_little(apps, schema_editor):
    """Slow enough, when the test asks, for the test to kill the run between two schools."""
    time.sleep(float(os.environ.get("RUNNER_TEST_SLEEP", "0")))


class Migration(migrations.Migration):
    dependencies = [("runner_app", "0002_note_label")]

    operations = [
        migrations.AddField(model_name="note", name="reviewed", field=models.BooleanField(null=True)),
        migrations.AddIndex(
            model_name="note", index=models.Index(fields=["reviewed"], name="runner_note_reviewed_idx")
        ),
        migrations.RunPython(wait_a_little, migrations.RunPython.noop),
    ]
