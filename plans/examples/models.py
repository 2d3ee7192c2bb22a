"""The school's register of good examples (gương điển hình tiên tiến): exemplary people and collectives
of a school year, each with its story, its achievements, the office's movements it stands for, and its
photos and documents (evidence files). A department head or the school's leaders propose; the principal
confirms or returns with a note; confirmed examples are seen by the whole staff and go up to the office,
chosen into a dossier or sent on their own (office.submissions, kind "examples")."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

# Accounts live in the public schema: no database constraint can point there from a school's schema.
_PUBLIC = {"on_delete": models.DO_NOTHING, "db_constraint": False}


class Example(models.Model):
    class Subject(models.TextChoices):
        PERSON = "person", "Cá nhân"
        DEPARTMENT = "department", "Tập thể tổ"
        SCHOOL = "school", "Tập thể nhà trường"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Chờ Hiệu trưởng xác nhận"
        RETURNED = "returned", "Trả lại để bổ sung"
        CONFIRMED = "confirmed", "Đã xác nhận"

    school_year = models.CharField("năm học", max_length=9, db_index=True)
    subject = models.CharField("gương điển hình là", max_length=12, choices=Subject.choices)
    staff = models.ForeignKey(
        "plans.Staff",
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "plans.Department",
        verbose_name="tổ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("danh hiệu, dòng giới thiệu", max_length=300)
    story = models.TextField("câu chuyện, thành tích nổi bật")
    achievements = models.JSONField("thành tích", default=list, blank=True)
    # The office's movements it stands for (public-schema ids: a school schema holds no key into them).
    movement_ids = ArrayField(models.PositiveBigIntegerField(), default=list, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    return_note = models.TextField("ý kiến khi trả lại", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đề xuất", null=True, related_name="+", **_PUBLIC
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xác nhận", null=True, related_name="+", **_PUBLIC
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    # Chosen to go up with this dossier (its snapshot lists it).
    dossier = models.ForeignKey(
        "nominations.Dossier",
        verbose_name="gửi kèm hồ sơ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    # The latest version sent to the office on its own (a Submission in the public schema).
    submission_id = models.BigIntegerField(null=True, blank=True)
    evidence = models.ManyToManyField("evidence.Evidence", through="ExampleEvidence", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "gương điển hình tiên tiến"
        verbose_name_plural = "gương điển hình tiên tiến"
        ordering = ["-school_year", "subject", "pk"]
        constraints = [
            models.CheckConstraint(
                name="example_subject_matches",
                condition=(
                    models.Q(subject="person", staff__isnull=False, department__isnull=True)
                    | models.Q(subject="department", staff__isnull=True, department__isnull=False)
                    | models.Q(subject="school", staff__isnull=True, department__isnull=True)
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.title}"

    @property
    def name(self) -> str:
        """Whom the example is about, as printed: the person, the department, or the school."""
        if self.staff_id:
            return self.staff.full_name
        if self.department_id:
            return self.department.name
        return "Tập thể nhà trường"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class ExampleEvidence(models.Model):
    """A photo or document of an example, uploaded through plans.evidence."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.ForeignKey("evidence.Evidence", on_delete=models.PROTECT, related_name="+")
    label = models.CharField("mô tả", max_length=255)

    class Meta:
        verbose_name = "ảnh, tài liệu của gương điển hình"
        verbose_name_plural = "ảnh, tài liệu của gương điển hình"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["example", "evidence"], name="example_evidence_unique")
        ]

    def __str__(self):
        return self.label
