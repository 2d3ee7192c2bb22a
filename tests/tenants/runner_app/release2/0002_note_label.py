from django.db import migrations, models


def label_with_school(apps, schema_editor):
    """Data that only a run inside each school can write: the school's own schema name."""
    Note = apps.get_model("runner_app", "Note")
    Note.objects.update(label=schema_editor.connection.schema_name)


class Migration(migrations.Migration):
    dependencies = [("runner_app", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="note", name="label", field=models.CharField(blank=True, max_length=50, null=True)
        ),
        migrations.AddIndex(
            model_name="note", index=models.Index(fields=["label"], name="runner_note_label_idx")
        ),
        migrations.RunPython(label_with_school, migrations.RunPython.noop),
        # PostgreSQL prints an IN list differently once its definition is parsed again, as a new
        # school's copy of the template is: the runner must still leave every school identical.
        migrations.AddConstraint(
            model_name="note",
            constraint=models.CheckConstraint(
                condition=~models.Q(label__in=["cấm", "bỏ"]), name="runner_note_label_allowed"
            ),
        ),
    ]
