import os

from django.db import models

# The release the bench is playing (bench/migrate_settings.py picks the matching migrations), so the
# models agree with the migrations and `migrate` finds no unreflected change.
RELEASE = int(os.environ.get("BENCH_MIGRATE_RELEASE", "1"))


class Note(models.Model):
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    if RELEASE >= 2:
        reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        app_label = "bench_migrate"
        if RELEASE >= 2:
            indexes = [models.Index(fields=["reviewed_on"], name="bench_note_reviewed_idx")]

    def __str__(self):
        return self.title
