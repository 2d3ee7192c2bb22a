from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bench_migrate", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="note", name="reviewed_on", field=models.DateField(blank=True, null=True)
        ),
        migrations.AddIndex(
            model_name="note", index=models.Index(fields=["reviewed_on"], name="bench_note_reviewed_idx")
        ),
    ]
