"""Initiatives (sáng kiến kinh nghiệm) and how the school's initiative council scores them: a rubric per
school year (criteria with maximum points, grade bands), reviewers granted per initiative with
django-guardian, one review per reviewer, and the council's decision (DOMAIN.md §2)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from office.rules.vocabulary import Scope
from plans.evidence.models import Evidence
from plans.staff.models import Staff

# Accounts, groups and permissions live in the public schema: no database constraint can point
# there from a school's schema, and a row removed there never cascades into every school.
_PUBLIC = {"on_delete": models.DO_NOTHING, "db_constraint": False}


class Rubric(models.Model):
    """The scoring rubric the school uses for one school year (tiêu chí chấm sáng kiến)."""

    school_year = models.CharField("năm học", max_length=9, unique=True)
    name = models.CharField("tên", max_length=200, default="Tiêu chí chấm sáng kiến kinh nghiệm")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tiêu chí chấm sáng kiến"
        verbose_name_plural = "tiêu chí chấm sáng kiến"
        ordering = ["-school_year"]

    def __str__(self):
        return f"{self.name} năm học {self.school_year}"


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("tiêu chí", max_length=200)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.max_points:g} điểm)"


class GradeBand(models.Model):
    """A grade given to an average total at or above `min_points` (Tốt ≥ 85, Khá ≥ 70…)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField("xếp loại", max_length=40)
    min_points = models.DecimalField("từ (điểm)", max_digits=5, decimal_places=2)
    passing = models.BooleanField("đạt (có thể công nhận)", default=True)

    class Meta:
        verbose_name = "mức xếp loại"
        verbose_name_plural = "mức xếp loại"
        ordering = ["-min_points", "pk"]

    def __str__(self):
        return f"{self.name} (từ {self.min_points:g} điểm)"


class InitiativeCouncil(models.Model):
    """Hội đồng sáng kiến of one school year."""

    school_year = models.CharField("năm học", max_length=9, unique=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="chủ tịch hội đồng", null=True, related_name="+", **_PUBLIC
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CouncilMember", related_name="+", verbose_name="thành viên"
    )
    gap_threshold = models.DecimalField(
        "độ lệch tối đa giữa hai người chấm (điểm)", max_digits=5, decimal_places=2, default=10
    )
    decision_basis = models.TextField("căn cứ thành lập", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hội đồng sáng kiến"
        verbose_name_plural = "hội đồng sáng kiến"
        ordering = ["-school_year"]

    def __str__(self):
        return f"Hội đồng sáng kiến năm học {self.school_year}"


class CouncilMember(models.Model):
    council = models.ForeignKey(InitiativeCouncil, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", **_PUBLIC)

    class Meta:
        verbose_name = "thành viên hội đồng"
        verbose_name_plural = "thành viên hội đồng"
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="council_member_unique")]

    def __str__(self):
        return f"{self.user} – {self.council}"


class Initiative(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Đã đăng ký đề tài"
        SUBMITTED = "submitted", "Đã nộp"
        UNDER_REVIEW = "under_review", "Đang chấm"
        DECIDED = "decided", "Đã có kết quả"

    school_year = models.CharField("năm học", max_length=9)
    author = models.ForeignKey(
        Staff, verbose_name="tác giả", on_delete=models.PROTECT, related_name="initiatives"
    )
    co_authors = models.ManyToManyField(
        Staff, verbose_name="đồng tác giả", blank=True, related_name="co_authored_initiatives"
    )
    title = models.CharField("tên sáng kiến", max_length=300)
    field = models.CharField("lĩnh vực / môn", max_length=120, blank=True)
    summary = models.TextField("tóm tắt", blank=True)
    document = models.ForeignKey(
        Evidence, verbose_name="tài liệu", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.REGISTERED)

    # The council's decision.
    average_points = models.DecimalField(
        "điểm bình quân", max_digits=5, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField("xếp loại", max_length=40, blank=True)
    recognized = models.BooleanField("được công nhận", default=False)
    scope = models.CharField("phạm vi ảnh hưởng", max_length=12, choices=Scope.choices, blank=True)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        null=True,
        blank=True,
        related_name="+",
        **_PUBLIC,
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # An initiative counts toward one award only, ever (CV 5007/BNV-TĐKT): what used it, and when.
    used_for = models.CharField("đã dùng cho", max_length=200, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", **_PUBLIC
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sáng kiến kinh nghiệm"
        verbose_name_plural = "sáng kiến kinh nghiệm"
        ordering = ["-school_year", "title", "pk"]
        indexes = [models.Index(fields=["school_year", "status"])]
        permissions = [("review_initiative", "Chấm sáng kiến")]

    def __str__(self):
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.DECIDED


class InitiativeUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grants on initiatives, with a real foreign key and in the school's own schema
    (guardian's "direct foreign keys"): a reviewer holds initiatives.review_initiative on each
    initiative they review."""

    content_object = models.ForeignKey(Initiative, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, **_PUBLIC)
    permission = models.ForeignKey(Permission, **_PUBLIC)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "quyền trên sáng kiến (người dùng)"
        verbose_name_plural = "quyền trên sáng kiến (người dùng)"


class InitiativeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Initiative, on_delete=models.CASCADE)
    group = models.ForeignKey(Group, **_PUBLIC)
    permission = models.ForeignKey(Permission, **_PUBLIC)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "quyền trên sáng kiến (nhóm)"
        verbose_name_plural = "quyền trên sáng kiến (nhóm)"


class Review(models.Model):
    """One reviewer's scoring of one initiative (phiếu chấm). Hidden from the other reviewers until
    its author has submitted their own; final once submitted."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Chưa chấm"
        DRAFT = "draft", "Đang chấm (nháp)"
        SUBMITTED = "submitted", "Đã nộp phiếu"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người chấm", related_name="+", **_PUBLIC
    )
    position = models.PositiveSmallIntegerField("người chấm thứ", default=1)
    # Set at assignment: the reviewer works in the author's department (allowed, but shown).
    same_department = models.BooleanField("cùng tổ với tác giả", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    total = models.DecimalField("tổng điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("nhận xét", blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", **_PUBLIC)
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "phiếu chấm"
        verbose_name_plural = "phiếu chấm"
        ordering = ["initiative_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "reviewer"], name="review_one_per_reviewer")
        ]

    def __str__(self):
        return f"Phiếu chấm {self.position} – {self.initiative}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("điểm", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
