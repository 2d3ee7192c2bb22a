"""People of a school: its departments, staff (the register, with the dated periods that matter to
the law: maternity leave, discipline, investigation, complaint) and the award history: every title
and commendation form a person or the school itself received, with the issuing body as it was named
on the decision's date.

The models belong to the `plans` app (app label and table names unchanged since they were written
there); this part only holds their code."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from office.core.collation import by_name, by_person
from office.rules.vocabulary import EMULATION_TITLES, DisciplineLevel, Title


class Department(models.Model):
    """Tổ chuyên môn / tổ khối / tổ văn phòng."""

    name = models.CharField("tên tổ", max_length=120, unique=True)

    class Meta:
        app_label = "plans"
        verbose_name = "tổ"
        verbose_name_plural = "tổ"
        ordering = [by_name(), "pk"]

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
    # services (plans.staff.services.search_key), never typed.
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
    # The first day the person is no longer on the school's staff (thôi việc, chuyển đi "kể từ ngày"),
    # so a past school year counts the staff it had then. Empty for someone who left before the date
    # was kept: they count in no year, as before.
    left_school_on = models.DateField("nghỉ việc, chuyển đi từ ngày", null=True, blank=True)
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
        app_label = "plans"
        verbose_name = "cán bộ, giáo viên, nhân viên"
        verbose_name_plural = "cán bộ, giáo viên, nhân viên"
        ordering = [*by_person(), "pk"]
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
        app_label = "plans"
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


class AwardRecord(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Nhập tay"
        IMPORTED = "imported", "Nhập từ tệp Excel"
        OFFICE_DECISION = "office_decision", "Theo quyết định của cấp trên"

    # Empty for an award to the school as a collective (tập thể).
    staff = models.ForeignKey(
        Staff,
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a person's honours outlive their leaving; see delete_staff
        related_name="awards",
    )
    # A department (tổ) that received a collective title; empty with staff empty: the school itself.
    department = models.ForeignKey(
        Department, verbose_name="tổ", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    year = models.PositiveSmallIntegerField("năm")  # the calendar year the school year ends in
    school_year = models.CharField("năm học", max_length=9)  # "2023-2024"
    title = models.CharField("danh hiệu, hình thức", max_length=16, choices=Title.choices)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    # As written on the decision then: "UBND quận Hà Đông" stays so after the district was abolished.
    issuer_name = models.CharField("cơ quan, người ban hành", max_length=255)
    issuer_level = models.CharField("cấp ban hành", max_length=120, blank=True)
    note = models.TextField("ghi chú", blank=True)
    # Initiatives (plans.initiatives) this award was given on; the rules checker keeps each to one award.
    initiative_ids = models.JSONField("sáng kiến đã dùng", default=list, blank=True)
    source = models.CharField("nguồn", max_length=16, choices=Source.choices, default=Source.MANUAL)
    # The office decision line this record came from, so that replaying a decision adds nothing.
    external_ref = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # accounts live in public
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "plans"
        verbose_name = "khen thưởng"
        verbose_name_plural = "lịch sử khen thưởng"
        ordering = ["-year", "title", "pk"]
        indexes = [
            models.Index(fields=["staff", "year"]),
            models.Index(fields=["year", "title"]),
        ]
        constraints = [
            models.CheckConstraint(name="award_year_range", condition=Q(year__gte=1945, year__lte=2200)),
            # An annual title is given once a year to a person, and once a year to the school.
            models.UniqueConstraint(
                fields=["staff", "year", "title"],
                condition=Q(staff__isnull=False, title__in=[t.value for t in sorted(EMULATION_TITLES)]),
                name="award_one_title_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["year", "title"],
                condition=Q(
                    staff__isnull=True,
                    department__isnull=True,
                    title__in=[t.value for t in sorted(EMULATION_TITLES)],
                ),
                name="award_one_school_title_per_year",
            ),
            models.UniqueConstraint(
                fields=["department", "year", "title"],
                condition=Q(department__isnull=False, title__in=[t.value for t in sorted(EMULATION_TITLES)]),
                name="award_one_title_per_department_year",
            ),
            models.CheckConstraint(
                name="award_person_or_department",
                condition=Q(staff__isnull=True) | Q(department__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="award_external_ref_unique"
            ),
        ]

    def __str__(self):
        who = self.staff.full_name if self.staff_id else "Tập thể"
        return f"{self.get_title_display()} {self.school_year} – {who}"

    @property
    def is_collective(self) -> bool:
        return self.staff_id is None
