from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q, Value

from office.core.collation import by_name


class Authority(models.Model):
    """A node of the tree of bodies above schools. Typed, dated and parented rather than a fixed
    "district office", because the 2025 reform abolished districts (DOMAIN.md §4)."""

    class Kind(models.TextChoices):
        CITY_PEOPLES_COMMITTEE = "ubnd_tinh", "UBND tỉnh/thành phố"
        CITY_DEPARTMENT = "so_gddt", "Sở Giáo dục và Đào tạo"
        DISTRICT_PEOPLES_COMMITTEE = "ubnd_quan", "UBND quận/huyện"
        DISTRICT_OFFICE = "phong_gddt", "Phòng Giáo dục và Đào tạo"
        WARD_PEOPLES_COMMITTEE = "ubnd_phuong", "UBND phường/xã"
        WARD_OFFICE = "phong_vhxh", "Phòng Văn hóa – Xã hội"

    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)
    code = models.SlugField("mã", max_length=64, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)

    class Meta:
        verbose_name = "cơ quan quản lý"
        verbose_name_plural = "cơ quan quản lý"
        ordering = [by_name(), "pk"]

    def __str__(self):
        return self.name


class DateRange(models.Func):
    """daterange(from, to, '[]'): both ends inclusive; a NULL end is unbounded."""

    function = "daterange"
    output_field = DateRangeField()


class SchoolAuthorityPeriod(models.Model):
    """Which authority a school answered to, from when to when. The 2025 reform moved every school
    from the district office to a ward; decisions, movements and rule chains of a past date must
    still find the authority of that date."""

    school = models.ForeignKey(
        "tenants.School", verbose_name="trường", on_delete=models.CASCADE, related_name="authority_periods"
    )
    authority = models.ForeignKey(
        Authority, verbose_name="cơ quan quản lý", on_delete=models.PROTECT, related_name="school_periods"
    )
    # Empty for a school whose history before the platform is unknown: it has been there "since before".
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "giai đoạn trực thuộc"
        verbose_name_plural = "giai đoạn trực thuộc"
        ordering = [models.F("valid_from").asc(nulls_first=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(valid_to__isnull=True), name="school_one_open_authority_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="school_authority_period_ends_after_start",
            ),
            ExclusionConstraint(
                name="school_authority_periods_do_not_overlap",
                expressions=[
                    ("school", RangeOperators.EQUAL),
                    (DateRange("valid_from", "valid_to", Value("[]")), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.school} – {self.authority}"


class EvaluationPeriod(models.Model):
    """The last day of a school year's evaluation, set by an authority for the schools beneath it (an
    office whose reviews must be over by 31 May, say). A nomination of a school checked without a review
    round of its own speaks for this day, and so does the office's check of it (issue 15, item 4); the
    nearest authority above the school that set one decides."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="evaluation_periods")
    school_year = models.CharField("năm học", max_length=9)
    ends_on = models.DateField("ngày kết thúc kỳ đánh giá")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kỳ đánh giá"
        verbose_name_plural = "kỳ đánh giá"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "school_year"], name="evaluation_period_once_per_authority_year"
            )
        ]

    def __str__(self):
        return f"{self.authority} – {self.school_year}: {self.ends_on:%d/%m/%Y}"
