"""Nominations (đề nghị khen thưởng) and the dossiers (hồ sơ) that carry them up to the office.

A dossier's state after it leaves the school is the office's: it is read from the latest Submission
(public schema), never copied here, so the two cannot disagree."""

from django.conf import settings
from django.db import models

from office.core.collation import by_person
from office.rules.checker import ISSUER_LEVELS
from office.rules.vocabulary import Rating, Title


class Dossier(models.Model):
    school_year = models.CharField("năm học", max_length=9)
    subject = models.CharField("trích yếu tờ trình", max_length=500)
    recipient = models.CharField("kính gửi", max_length=255)
    # Which level decides: the rules check that the title may be given by it on the date (routing).
    addressed_to_level = models.CharField(
        "cấp có thẩm quyền", max_length=24, blank=True, choices=list(ISSUER_LEVELS.items())
    )
    # The school confirms its evidence is originals or certified copies (3385/BTĐKT-P.II).
    evidence_certified = models.BooleanField(
        "minh chứng là bản chính hoặc bản sao có chứng thực", default=False
    )
    number = models.CharField("số tờ trình", max_length=64, blank=True)
    submitted_on = models.DateField("ngày tờ trình", null=True, blank=True)
    review_round = models.ForeignKey(
        "emulation.ReviewRound",
        verbose_name="cuộc họp bình xét",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The day its checks speak for (the review round's, else the day it was sent), kept so that a check
    # made later, here or at the office, answers as of that day.
    as_of = models.DateField("xét tại ngày", null=True, blank=True)
    # The latest version sent to the office (a Submission in the public schema).
    submission_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ đề nghị"
        verbose_name_plural = "hồ sơ đề nghị"
        ordering = ["-school_year", "-pk"]

    def __str__(self):
        return self.subject


def department_collective_name(name: str) -> str:
    """How a department reads as a collective: "Tổ khối 2" stays so, a bare "Toán" is "Tổ chuyên môn Toán"."""
    return name if name.casefold().startswith("tổ ") else f"Tổ chuyên môn {name}"


class Nomination(models.Model):
    """One candidate for one title or form in one school year: a staff member, a department (tổ
    chuyên môn) as a collective, or — neither named — the school itself."""

    class Verdict(models.TextChoices):
        MET = "met", "Đủ điều kiện"
        NOT_MET = "not_met", "Chưa đủ điều kiện"
        UNKNOWN = "unknown", "Chưa đủ thông tin"

    school_year = models.CharField("năm học", max_length=9)
    staff = models.ForeignKey(
        "plans.Staff",
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    department = models.ForeignKey(
        "plans.Department",
        verbose_name="tổ (tập thể)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    title = models.CharField("danh hiệu / hình thức", max_length=16, choices=Title.choices)
    summary = models.CharField("tóm tắt thành tích", max_length=500, blank=True)
    achievements = models.TextField("báo cáo thành tích", blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name="sáng kiến sử dụng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField("kết quả kiểm tra", max_length=8, choices=Verdict.choices, blank=True)
    check_report = models.JSONField("kết quả kiểm tra chi tiết", default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # The day the last check spoke for: the review round's, not the day it ran (checked_at).
    checked_on = models.DateField("xét tại ngày", null=True, blank=True)
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        ordering = ["school_year", "title", *by_person("staff__full_name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "staff", "title"], name="nomination_once_per_person_title_year"
            ),
            models.UniqueConstraint(
                fields=["school_year", "title"],
                condition=models.Q(staff__isnull=True, department__isnull=True),
                name="nomination_once_per_school_title_year",
            ),
            models.UniqueConstraint(
                fields=["school_year", "department", "title"],
                condition=models.Q(department__isnull=False),
                name="nomination_once_per_department_title_year",
            ),
            models.CheckConstraint(
                condition=models.Q(staff__isnull=True) | models.Q(department__isnull=True),
                name="nomination_person_or_department",
            ),
        ]

    def __str__(self):
        return f"{self.candidate_label} – {self.get_title_display()} ({self.school_year})"

    @property
    def is_collective(self) -> bool:
        return self.staff_id is None

    @property
    def is_department(self) -> bool:
        return self.department_id is not None

    @property
    def candidate_label(self) -> str:
        """Who is proposed, as every page names them: the person, "Tổ …", or "Tập thể trường"."""
        if self.staff_id:
            return self.staff.full_name
        if self.department_id:
            return department_collective_name(self.department.name)
        return "Tập thể trường"

    def candidate_name(self, school_name: str) -> str:
        """The name documents print: the person, "Tổ …" or the school's own name."""
        return school_name if self.staff_id is None and self.department_id is None else self.candidate_label


class DossierEvidence(models.Model):
    """An evidence file (minh chứng) attached to a dossier, for one nominee or for the whole dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.ForeignKey("evidence.Evidence", on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField("mô tả", max_length=255)

    class Meta:
        verbose_name = "minh chứng của hồ sơ"
        verbose_name_plural = "minh chứng của hồ sơ"
        ordering = ["pk"]

    def __str__(self):
        return self.label


class Posting(models.Model):
    """The public posting (công khai) of a dossier's proposed list to the whole staff, for a number of
    working days set by the school's quy chế, before the dossier goes up (Law 06/2022 Art. 5: emulation
    is public and transparent). The list is copied as posted, so a later change shows as a change."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="postings")
    starts_on = models.DateField("ngày bắt đầu công khai")
    working_days = models.PositiveSmallIntegerField("số ngày làm việc công khai")
    # The last working day of the period; the dossier may go up from the day after.
    ends_on = models.DateField("ngày kết thúc công khai")
    note = models.TextField("nội dung thông báo", blank=True)
    # [{"nomination", "full_name", "unit", "title", "title_label"}] as posted.
    entries = models.JSONField("danh sách công khai", default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "công khai danh sách đề nghị"
        verbose_name_plural = "công khai danh sách đề nghị"
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"Công khai danh sách đề nghị – {self.dossier}"


class Objection(models.Model):
    """A staff member's objection (ý kiến phản ánh) about one candidate on a posted list, and the
    council's answer to it. The candidate's name and title are copied: an accepted objection may
    withdraw the nomination, and the objection stays on record."""

    class Status(models.TextChoices):
        OPEN = "open", "Chưa trả lời"
        ACCEPTED = "accepted", "Chấp nhận"
        REJECTED = "rejected", "Không chấp nhận"

    class Outcome(models.TextChoices):
        WITHDRAWN = "withdrawn", "Rút tên khỏi danh sách đề nghị"
        CHANGED = "changed", "Điều chỉnh đề nghị"

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="objections")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="objections"
    )
    candidate_name = models.CharField("người được đề nghị", max_length=255)
    title = models.CharField("danh hiệu / hình thức", max_length=16, choices=Title.choices)
    reason = models.TextField("nội dung phản ánh")
    evidence = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    raised_by_name = models.CharField("người phản ánh", max_length=255)
    raised_on = models.DateField("ngày phản ánh")
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField("trạng thái", max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField("hướng xử lý", max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField("trả lời của Hội đồng", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    answered_by_name = models.CharField("người trả lời", max_length=255, blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)

    class Meta:
        verbose_name = "ý kiến phản ánh"
        verbose_name_plural = "ý kiến phản ánh"
        ordering = ["raised_at", "pk"]
        indexes = [models.Index(fields=["nomination", "status"])]

    def __str__(self):
        return f"Phản ánh về {self.candidate_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class PostingOverride(models.Model):
    """The principal's decision to send a dossier up before its posting period ended (or without one),
    with the reason: recorded, audited and sent up with the dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="posting_overrides")
    reason = models.TextField("lý do")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    decided_by_name = models.CharField("người quyết định", max_length=255)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định gửi trước khi hết công khai"
        verbose_name_plural = "quyết định gửi trước khi hết công khai"
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"Gửi trước khi hết thời gian công khai – {self.dossier}"


class SchoolRating(models.Model):
    """The school's own rating for a school year (xếp loại tập thể), as the principal entered it and
    sent it up to the office (a collective_rating Submission). Whether the office confirmed or
    corrected it is the office's, read from the public schema, never copied here."""

    school_year = models.CharField("năm học", max_length=9, unique=True)
    rating = models.CharField("tự xếp loại", max_length=4, choices=Rating.choices)
    note = models.TextField("căn cứ, lý do", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    entered_at = models.DateTimeField(auto_now=True)
    submission_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "xếp loại tập thể trường"
        verbose_name_plural = "xếp loại tập thể trường"
        ordering = ["-school_year"]

    def __str__(self):
        return f"Xếp loại tập thể trường năm học {self.school_year}: {self.get_rating_display()}"


class DepartmentRating(models.Model):
    """The principal's rating of a department (tổ) for a school year, given at the year's review: the
    department's own rating when it is proposed as a collective."""

    department = models.ForeignKey("plans.Department", on_delete=models.PROTECT, related_name="ratings")
    school_year = models.CharField("năm học", max_length=9)
    rating = models.CharField("xếp loại", max_length=4, choices=Rating.choices)
    note = models.TextField("nhận xét", blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "xếp loại tổ"
        verbose_name_plural = "xếp loại tổ"
        ordering = ["-school_year", "department__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "school_year"], name="department_rating_once_per_year"
            )
        ]

    def __str__(self):
        return f"{department_collective_name(self.department.name)} năm học {self.school_year}: {self.get_rating_display()}"
