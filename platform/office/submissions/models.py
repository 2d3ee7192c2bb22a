from django.conf import settings
from django.db import models

from office.rules.vocabulary import Rating


class SubmissionQuerySet(models.QuerySet):
    def for_school(self, school):
        """The one way to read a school's submissions (DESIGN.md §3 rule 3)."""
        return self.filter(school=school)


class Submission(models.Model):
    """What a school sends up to the office: an immutable, versioned snapshot written into the public
    schema in the same transaction as the school-side change (DESIGN.md §3 rule 1). A correction is a
    new version; a version is never edited."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Kế hoạch TĐKT"
        REGISTRATION = "registration", "Đăng ký thi đua"
        DOSSIER = "dossier", "Hồ sơ đề nghị khen thưởng"
        SELF_ASSESSMENT = "self_assessment", "Tự chấm điểm thi đua cụm"
        COLLECTIVE_RATING = "collective_rating", "Xếp loại tập thể trường"
        EXAMPLES = "examples", "Gương điển hình tiên tiến"
        YEAR_REPORT = "year_report", "Báo cáo tổng kết TĐKT"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Trả lại"
        # Accepted is the office's approval (DESIGN.md §6): it locks the version until unapproved.
        ACCEPTED = "accepted", "Đã duyệt"
        FORWARDED = "forwarded", "Đã trình cấp trên"
        SUPERSEDED = "superseded", "Đã có bản mới"

    school = models.ForeignKey("tenants.School", on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    # Which school-side object this is a snapshot of ("plan:12"), so versions of it can be chained.
    reference = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField("năm")
    version = models.PositiveSmallIntegerField("phiên bản")
    title = models.CharField("tiêu đề", max_length=500)
    payload = models.JSONField("nội dung")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    # The office's review of this version: comments per document ({"document": code, "text": …}),
    # who decided and when. The snapshot itself (payload) never changes.
    review_comments = models.JSONField("ý kiến thẩm định", default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The office's checklist of what the dossier must contain (DOMAIN.md §1.5): {item code: ticked}.
    checklist = models.JSONField("phiếu kiểm tra hồ sơ", default=dict, blank=True)
    forwarded_to = models.ForeignKey(
        "authorities.Authority",
        verbose_name="trình lên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_at = models.DateTimeField("ngày trình", null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Unapprovals are counted and the last reason kept, so edits after approval stay visible (DHIS2).
    unapproved_count = models.PositiveSmallIntegerField("số lần hủy duyệt", default=0)
    unapproval_reason = models.TextField("lý do hủy duyệt gần nhất", blank=True)
    unapproved_at = models.DateTimeField(null=True, blank=True)
    unapproved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ gửi lên"
        verbose_name_plural = "hồ sơ gửi lên"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "reference", "version"], name="submission_unique_version"
            )
        ]
        indexes = [models.Index(fields=["kind", "year", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.school} – v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES


# What the office has approved: locked, and what award decisions are built on.
APPROVED_STATUSES = (Submission.Status.ACCEPTED, Submission.Status.FORWARDED)


class RatingConfirmation(models.Model):
    """The office's answer to a school's own rating for a school year (xếp loại tập thể), sent as a
    collective_rating Submission: the rating the office confirmed — the school's, or the office's
    correction of it, with the reason in `note`. The Submission's approval is what makes it count:
    an unapproved version's confirmation no longer does (selectors.collective_rating_of)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="rating_confirmation"
    )
    rating = models.CharField("xếp loại được xác nhận", max_length=4, choices=Rating.choices)
    note = models.TextField("ý kiến của cơ quan quản lý", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("ngày xác nhận")

    class Meta:
        verbose_name = "xác nhận xếp loại tập thể"
        verbose_name_plural = "xác nhận xếp loại tập thể"

    def __str__(self):
        return f"{self.submission} – {self.get_rating_display()}"

    @property
    def corrected(self) -> bool:
        return self.rating != (self.submission.payload or {}).get("rating")
