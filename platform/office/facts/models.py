"""What the office's dashboards read about each school without entering its schema (DESIGN.md §3
rule 2): counters kept current by the school-side services, and the office's own timeline."""

from django.db import models

from office.core.collation import by_name
from office.submissions.models import Submission


class SchoolFacts(models.Model):
    """A projection of one school's working data for one school year, written by the school-side
    services in the transaction of each change (through `office.facts.services.record_school_facts`),
    so that a dashboard reads one row per school instead of looping over school schemas."""

    school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="facts")
    school_year = models.CharField("năm học", max_length=9)
    # Staff still on the register (not those who left); teaching staff are those who teach directly.
    staff_total = models.PositiveIntegerField("tổng số CB, GV, NV", default=0)
    teaching_staff = models.PositiveIntegerField("giáo viên trực tiếp giảng dạy", default=0)
    # Registrations made (invitations not yet answered are not counted) and those waiting for approval.
    registrations_total = models.PositiveIntegerField("số đăng ký thi đua", default=0)
    registrations_pending = models.PositiveIntegerField("đăng ký chờ duyệt", default=0)
    registration_submitted = models.BooleanField("đã gửi danh sách đăng ký", default=False)
    initiatives_recognised = models.PositiveIntegerField("sáng kiến được công nhận", default=0)
    nominations_total = models.PositiveIntegerField("số đề nghị khen thưởng", default=0)
    nominations_met = models.PositiveIntegerField("đề nghị đủ điều kiện", default=0)
    nominations_not_met = models.PositiveIntegerField("đề nghị chưa đủ điều kiện", default=0)
    # Not checked yet, or the checker could not tell (data missing).
    nominations_unchecked = models.PositiveIntegerField("đề nghị chưa kiểm tra xong", default=0)
    # Dossiers the school has never sent; once sent, the state is the Submission's.
    dossiers_draft = models.PositiveIntegerField("hồ sơ đang soạn", default=0)
    # Awards of the school year to persons (the collective's own titles are not a share of staff).
    awards_total = models.PositiveIntegerField("số lượt khen thưởng cá nhân", default=0)
    awards_teaching = models.PositiveIntegerField("khen thưởng giáo viên trực tiếp giảng dạy", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "số liệu tổng hợp của trường"
        verbose_name_plural = "số liệu tổng hợp của trường"
        ordering = ["school_year", by_name("school__name"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="school_facts_one_per_year")
        ]
        indexes = [models.Index(fields=["school_year"])]

    def __str__(self):
        return f"{self.school} – {self.school_year}"

    @property
    def teaching_award_share(self) -> float | None:
        """Share of the year's individual awards that went to teaching staff, or None without awards."""
        return self.awards_teaching / self.awards_total if self.awards_total else None


COUNTERS = (
    "staff_total",
    "teaching_staff",
    "registrations_total",
    "registrations_pending",
    "registration_submitted",
    "initiatives_recognised",
    "nominations_total",
    "nominations_met",
    "nominations_not_met",
    "nominations_unchecked",
    "dossiers_draft",
    "awards_total",
    "awards_teaching",
)


class OfficeDeadline(models.Model):
    """A date of the office's own timeline by which its schools must send something up: the plan, the
    registration list, the dossiers, the cluster self-assessment (the codes of Submission.Kind)."""

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan quản lý",
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    school_year = models.CharField("năm học", max_length=9)
    kind = models.CharField("loại hồ sơ", max_length=20, choices=Submission.Kind.choices)
    due_on = models.DateField("hạn nộp")
    label = models.CharField("nội dung", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hạn nộp của cơ quan quản lý"
        verbose_name_plural = "hạn nộp của cơ quan quản lý"
        ordering = ["school_year", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "school_year", "kind", "due_on"], name="office_deadline_unique"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.due_on:%d/%m/%Y})"
