"""The school's award history: every title and commendation form a person or the school itself
received, with the issuing body as it was named on the decision's date."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from office.rules.vocabulary import EMULATION_TITLES, Title
from plans.models.people import Staff


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
                condition=Q(staff__isnull=True, title__in=[t.value for t in sorted(EMULATION_TITLES)]),
                name="award_one_collective_title_per_year",
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
