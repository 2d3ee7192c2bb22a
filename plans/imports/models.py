"""An import job: a Word or Excel file a person uploaded, read in a Celery task rather than in the web
request (a file within the upload limit can still take a minute and gigabytes to open). The request
stores the bytes here, in the school's own schema, and the job's page follows the task's progress;
the bytes are dropped as soon as the job ends, and the whole row some time later (the sweep)."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        # What the file is read as; plans/imports/kinds.py says who reads it and where its result goes.
        PLAN = "plan", "Kế hoạch từ tệp Word hoặc văn bản"
        STAFF = "staff", "Danh sách cán bộ từ tệp Excel"
        AWARD = "award", "Lịch sử khen thưởng từ tệp Excel"

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ xử lý"
        RUNNING = "running", "Đang xử lý"
        DONE = "done", "Đã xong"
        REFUSED = "refused", "Bị từ chối"

    ACTIVE = (Status.PENDING, Status.RUNNING)

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    filename = models.CharField("tên tệp", max_length=150)
    size = models.PositiveIntegerField("dung lượng (byte)")
    # The uploaded bytes, only while the job waits or runs (NULL once it ended).
    content = models.BinaryField("nội dung tệp", null=True, editable=False)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    stage = models.CharField("đang làm", max_length=200, blank=True)
    reason = models.TextField("lý do từ chối", blank=True)
    errors = models.JSONField("các lỗi", default=list, blank=True)
    # What the task found: the parsed plan waiting for review, or what an import wrote. NULL once used.
    result = models.JSONField("kết quả", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.DO_NOTHING,  # the account lives in the public schema, which never cascades here
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its task reached the broker; empty while the broker could not be reached (the sweep sends it
    # again), so that a job is counted as lost only from the moment a worker could have taken it.
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lượt nhập tệp"
        verbose_name_plural = "lượt nhập tệp"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
