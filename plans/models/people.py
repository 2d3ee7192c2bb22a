"""People of a school: its departments, staff (the register, with the dated periods that matter to
the law: maternity leave, discipline, investigation, complaint) and their in-app notifications."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from office.rules.vocabulary import DisciplineLevel


class Department(models.Model):
    """Tổ chuyên môn / tổ khối / tổ văn phòng."""

    name = models.CharField("tên tổ", max_length=120, unique=True)

    class Meta:
        verbose_name = "tổ"
        verbose_name_plural = "tổ"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Staff(models.Model):
    """A member of the school's staff, with or without an account on the platform."""

    class Gender(models.TextChoices):
        FEMALE = "nu", "Nữ"
        MALE = "nam", "Nam"

    class Status(models.TextChoices):
        WORKING = "working", "Đang công tác"
        MATERNITY = "maternity", "Nghỉ thai sản"
        LEFT = "left", "Đã nghỉ việc, chuyển công tác"

    full_name = models.CharField("họ và tên", max_length=150)
    # The name folded to lower case without diacritics, so that "nguyen" finds "Nguyễn"; kept by the
    # services (plans.services.people.search_key), never typed.
    search_name = models.CharField(max_length=150, blank=True, editable=False, db_index=True)
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    position = models.CharField("chức vụ", max_length=120, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="tổ", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    teaches = models.BooleanField("trực tiếp giảng dạy", default=True)
    joined_sector_on = models.DateField("ngày vào ngành", null=True, blank=True)
    joined_school_on = models.DateField("ngày về trường", null=True, blank=True)
    # Years, with tenths: service in especially difficult areas lowers the Kỷ niệm chương threshold.
    difficult_area_years = models.DecimalField(
        "số năm công tác ở vùng đặc biệt khó khăn",
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    # Study and military service count toward the years of service (TT 29/2023, Kỷ niệm chương).
    years_in_study_or_military = models.DecimalField(
        "số năm học tập, nghĩa vụ quân sự được tính",
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.WORKING)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # the account lives in the public schema and may be removed there
    )

    class Meta:
        verbose_name = "cán bộ, giáo viên, nhân viên"
        verbose_name_plural = "cán bộ, giáo viên, nhân viên"
        ordering = ["full_name"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                name="staff_years_not_negative",
                condition=Q(difficult_area_years__gte=0, years_in_study_or_military__gte=0),
            )
        ]

    def __str__(self):
        return self.full_name


class StaffStatusPeriod(models.Model):
    """A dated period in a person's working life that the law looks at: maternity leave counts as
    working time; discipline, investigation or a complaint under review block commendation while
    they last, and time under discipline does not count toward the years of service."""

    class Kind(models.TextChoices):
        MATERNITY = "maternity", "Nghỉ thai sản"
        DISCIPLINE = "discipline", "Kỷ luật"
        INVESTIGATION = "investigation", "Đang bị xem xét kỷ luật, điều tra, thanh tra"
        COMPLAINT = "complaint", "Đang giải quyết khiếu nại, tố cáo"

    # Kinds that block a commendation while they last (NĐ 98/2023 Art. 4).
    RESTRICTING = (Kind.DISCIPLINE, Kind.INVESTIGATION, Kind.COMPLAINT)

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="status_periods")
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)  # empty: still going on
    discipline_level = models.CharField(
        "hình thức kỷ luật", max_length=16, choices=DisciplineLevel.choices, blank=True
    )
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giai đoạn công tác"
        verbose_name_plural = "giai đoạn công tác"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["staff", "kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                name="staff_period_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(
                name="staff_period_level_only_for_discipline",
                condition=Q(kind="discipline") | Q(discipline_level=""),
            ),
        ]

    def __str__(self):
        until = self.ends_on.strftime("%d/%m/%Y") if self.ends_on else "nay"
        return f"{self.get_kind_display()} {self.starts_on:%d/%m/%Y} – {until}"

    def is_ongoing(self, on) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Notification(models.Model):
    """An in-app message to one person about this school's work (reminders, returned dossiers…)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    message = models.CharField("nội dung", max_length=500)
    link = models.CharField("liên kết", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message
