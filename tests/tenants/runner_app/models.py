import os

from django.db import models

# The release the test plays (runner_settings.py picks the matching migrations), so that the models
# agree with the migrations.
RELEASE = int(os.environ.get("RUNNER_TEST_RELEASE", "1"))


class Note(models.Model):
    title = models.CharField(max_length=200)
    if RELEASE >= 2:
        label = models.CharField(max_length=50, null=True, blank=True)
    if RELEASE >= 3:
        reviewed = models.BooleanField(null=True)

    class Meta:
        app_label = "runner_app"
        indexes = [
            *([models.Index(fields=["label"], name="runner_note_label_idx")] if RELEASE >= 2 else []),
            *([models.Index(fields=["reviewed"], name="runner_note_reviewed_idx")] if RELEASE >= 3 else []),
        ]
        constraints = (
            [
                models.CheckConstraint(
                    condition=~models.Q(label__in=["cấm", "bỏ"]), name="runner_note_label_allowed"
                )
            ]
            if RELEASE >= 2
            else []
        )

    def __str__(self):
        return self.title
