"""Evidence files (minh chứng): what the school knows about a file the browser put straight into
object storage (DESIGN.md §3 rule 5). The bytes live in storage under `key`; this row records what
the server checked after the upload: the real size, the type read from the file's first bytes, and
its SHA-256."""

from django.conf import settings
from django.db import models


class Evidence(models.Model):
    class Kind(models.TextChoices):
        # The part of the school's work that owns the file; it also decides who may see it
        # (plans.evidence.permissions).
        INITIATIVE = "initiative", "Sáng kiến kinh nghiệm"
        DOSSIER = "dossier", "Hồ sơ đề nghị khen thưởng"
        NOMINATION = "nomination", "Đề nghị khen thưởng"
        AWARD = "award", "Khen thưởng đã nhận"
        EXAMPLE = "example", "Gương điển hình tiên tiến"
        OTHER = "other", "Khác"

    class Status(models.TextChoices):
        PENDING = "pending", "Đang tải lên"
        VERIFIED = "verified", "Đã kiểm tra"
        REJECTED = "rejected", "Bị từ chối"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    key = models.CharField("khóa lưu trữ", max_length=400, unique=True)
    filename = models.CharField("tên tệp", max_length=150)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    content_type = models.CharField("kiểu tệp", max_length=120)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField("lý do từ chối", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,  # the account lives in the public schema, which never cascades here
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return self.filename

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED
