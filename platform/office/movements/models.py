from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from office.core.collation import by_name

SCHOOL_YEAR_VALIDATOR = RegexValidator(r"^\d{4}-\d{4}$", "Năm học ghi dạng 2025-2026.")


class Movement(models.Model):
    """An emulation movement, campaign or drive launched by an authority; it reaches every school of
    the authority's subtree, and school plans link to it."""

    class Kind(models.TextChoices):
        REGULAR = "thuong_xuyen", "Thi đua thường xuyên"
        DRIVE = "theo_dot", "Thi đua theo đợt"
        THEMATIC = "chuyen_de", "Thi đua theo chuyên đề"
        CAMPAIGN = "cuoc_van_dong", "Cuộc vận động"

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan phát động",
        on_delete=models.PROTECT,
        related_name="movements",
    )
    name = models.CharField("tên phong trào", max_length=500)
    kind = models.CharField("hình thức", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    # Blank for a standing movement that runs every year (Dạy tốt – Học tốt).
    school_year = models.CharField(
        "năm học", max_length=9, blank=True, validators=[SCHOOL_YEAR_VALIDATOR], db_index=True
    )
    starts_on = models.DateField("từ ngày", null=True, blank=True)
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    description = models.TextField("nội dung", blank=True)
    criteria = models.TextField("tiêu chí thi đua", blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người phát động",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    launched_at = models.DateTimeField("ngày phát động", null=True, blank=True)

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = [by_name(), "pk"]

    def __str__(self):
        return self.name


class MovementDocument(models.Model):
    """A document attached to a movement (the launching plan, the guidance letter). The file went
    straight from the browser to object storage; this row records what the server checked."""

    class Status(models.TextChoices):
        PENDING = "pending", "Đang tải lên"
        VERIFIED = "verified", "Đã kiểm tra"
        REJECTED = "rejected", "Bị từ chối"

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="documents")
    key = models.CharField(max_length=400, unique=True)
    filename = models.CharField("tên tệp", max_length=200)
    size = models.PositiveBigIntegerField("dung lượng")
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "văn bản kèm theo"
        verbose_name_plural = "văn bản kèm theo"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.filename
