from django.conf import settings
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

from office.core.collation import by_name


def level_label(level: str, spans=()) -> str:
    """What users read for a school's level: "Trung học phổ thông", or for a liên cấp school the
    levels it spans, "Liên cấp (Tiểu học, Trung học cơ sở)"."""
    labels = dict(School.Level.choices)
    label = str(labels.get(level, level))
    if level == School.Level.MULTI_LEVEL and spans:
        label += f" ({', '.join(str(labels.get(code, code)) for code in spans)})"
    return label


class School(TenantMixin):
    """A school: the tenant. Its working data lives in the PostgreSQL schema named by `schema_name`."""

    class Level(models.TextChoices):
        PRESCHOOL = "mam_non", "Mầm non"
        PRIMARY = "tieu_hoc", "Tiểu học"
        LOWER_SECONDARY = "thcs", "Trung học cơ sở"
        UPPER_SECONDARY = "thpt", "Trung học phổ thông"
        # A school teaching several levels (trường phổ thông nhiều cấp học); `spans` says which.
        MULTI_LEVEL = "lien_cap", "Liên cấp"
        CONTINUING_EDUCATION = "gdtx", "Trung tâm GDNN-GDTX"

    # The levels run by the city's Sở GDĐT itself rather than by a ward/commune (or, before
    # 1/7/2025, a district): DOMAIN.md §4 says GDNN-GDTX centres are the Sở's; for THPT it gives no
    # source [UNVERIFIED], which the rules checker says in its answer.
    MANAGED_BY_SO = ("thpt", "gdtx")

    name = models.CharField("tên trường", max_length=255)
    code = models.SlugField("mã trường", max_length=40, unique=True)
    level = models.CharField("cấp học", max_length=16, choices=Level.choices)
    # Only for a liên cấp school: the single levels it teaches, e.g. ["tieu_hoc", "thcs", "thpt"].
    spans = models.JSONField("các cấp học của trường liên cấp", default=list, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    # The agency part of document numbers: "12/KH-THLQĐ" (Nghị định 30/2020, Appendix III).
    abbreviation = models.CharField("tên viết tắt", max_length=20, blank=True)
    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan quản lý",
        on_delete=models.PROTECT,
        related_name="schools",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # tenants.provisioning creates the schema by copying the template, inside the same
    # transaction as this row; django-tenants' own migrate-on-save would be 6x slower.
    auto_create_schema = False

    class Meta:
        verbose_name = "trường"
        verbose_name_plural = "trường"
        ordering = [by_name(), "pk"]

    def __str__(self):
        return self.name

    @property
    def level_label(self) -> str:
        return level_label(self.level, self.spans)

    @property
    def host(self) -> str:
        return f"{self.code}.{settings.BASE_DOMAIN}"


class Domain(DomainMixin):
    class Meta:
        verbose_name = "tên miền"
        verbose_name_plural = "tên miền"


class SpareSchema(models.Model):
    """A school schema copied from the template ahead of need (tenants/spares.py): creating a school
    renames one instead of copying the template while the person waits. Not a school: no School row
    points at it, so nothing that lists schools (for_each_school, the migration runner, backups)
    sees it."""

    schema_name = models.CharField("lược đồ", max_length=63, unique=True)
    # md5 of the applied migrations of the template it was copied from (as the migration runner
    # fingerprints schemas): a spare is used only while the template still has this fingerprint.
    template_fingerprint = models.CharField("dấu vân tay lược đồ mẫu", max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lược đồ trường dự phòng"
        verbose_name_plural = "lược đồ trường dự phòng"
        indexes = [models.Index(fields=["template_fingerprint"], name="tenants_spare_fingerprint_idx")]

    def __str__(self):
        return self.schema_name
