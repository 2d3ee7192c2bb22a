"""The school's emulation year, in its own schema: the October registration of target titles, the
annual staff ratings, and the end-of-year review round where the council votes (DOMAIN.md §1, §3)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from office.core.collation import by_person
from office.core.school_years import school_year_end
from office.rules.vocabulary import Rating, Title

SCHOOL_YEAR_FIELD = {"max_length": 9, "help_text": "Ví dụ: 2025-2026."}


def end_year(school_year: str) -> int:
    """The calendar year in which a school year ends ("2025-2026" → 2026): the year rules count in."""
    return school_year_end(school_year)


def _user_fk(verbose_name: str, **kwargs):
    # Accounts live in the public schema and may be removed there: no constraint across schemas.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        **kwargs,
    )


# --- Registration (đăng ký thi đua) -----------------------------------------------------------------


class RegistrationCampaign(models.Model):
    """The school's call, each October, for every staff member to register a target title."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang mở đăng ký"
        CLOSED = "closed", "Đã khoá đăng ký"
        SUBMITTED = "submitted", "Đã gửi cơ quan quản lý"

    school_year = models.CharField("năm học", unique=True, **SCHOOL_YEAR_FIELD)
    opens_on = models.DateField("ngày mở đăng ký")
    # The last day on which staff may register or change their own registration.
    deadline = models.DateField("hạn đăng ký")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.OPEN)
    note = models.TextField("ghi chú", blank=True)
    opened_by = _user_fk("người mở đăng ký")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("gửi lần cuối", null=True, blank=True)
    submitted_by = _user_fk("người gửi")
    submitted_version = models.PositiveSmallIntegerField("lần gửi", null=True, blank=True)

    class Meta:
        verbose_name = "đợt đăng ký thi đua"
        verbose_name_plural = "đợt đăng ký thi đua"
        ordering = ["-school_year"]

    def __str__(self):
        return f"Đăng ký thi đua năm học {self.school_year}"

    @property
    def end_year(self) -> int:
        return end_year(self.school_year)


class Registration(models.Model):
    """One staff member's registration in one campaign. A pending row is an invitation to register."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chưa đăng ký"
        REGISTERED = "registered", "Đã đăng ký, chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        RETURNED = "returned", "Trả lại"

    campaign = models.ForeignKey(RegistrationCampaign, on_delete=models.CASCADE, related_name="registrations")
    staff = models.ForeignKey(
        "plans.Staff", verbose_name="cán bộ", on_delete=models.CASCADE, related_name="emulation_registrations"
    )
    title = models.CharField("danh hiệu đăng ký", max_length=16, choices=Title.choices, blank=True)
    # Title codes of the commendation forms aimed for (Giấy khen, Bằng khen…).
    forms = models.JSONField("hình thức khen thưởng", default=list, blank=True)
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.PENDING)
    registered_at = models.DateTimeField("thời điểm đăng ký", null=True, blank=True)
    registered_by = _user_fk("người đăng ký")
    note = models.TextField("ghi chú", blank=True)
    review_note = models.TextField("ý kiến của Hiệu trưởng", blank=True)
    reviewed_by = _user_fk("người duyệt")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        ordering = [*by_person("staff__full_name"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "staff"], name="emulation_registration_once")
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.staff} – {self.get_title_display() or 'chưa đăng ký'}"

    def form_labels(self) -> list[str]:
        return [Title(code).label for code in self.forms if code in Title.values]


class CollectiveRegistration(models.Model):
    """The title the school registers for itself as a collective (TTLĐTT, TTLĐXS…) and its forms."""

    campaign = models.OneToOneField(RegistrationCampaign, on_delete=models.CASCADE, related_name="collective")
    title = models.CharField("danh hiệu tập thể", max_length=16, choices=Title.choices)
    forms = models.JSONField("hình thức khen thưởng", default=list, blank=True)
    note = models.TextField("ghi chú", blank=True)
    registered_by = _user_fk("người đăng ký")
    registered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đăng ký thi đua của tập thể"
        verbose_name_plural = "đăng ký thi đua của tập thể"

    def __str__(self):
        return f"Tập thể – {self.get_title_display()}"

    def form_labels(self) -> list[str]:
        return [Title(code).label for code in self.forms if code in Title.values]


# --- Ratings (đánh giá, xếp loại viên chức) ---------------------------------------------------------


class StaffRating(models.Model):
    staff = models.ForeignKey(
        "plans.Staff", verbose_name="cán bộ", on_delete=models.CASCADE, related_name="emulation_ratings"
    )
    school_year = models.CharField("năm học", **SCHOOL_YEAR_FIELD)
    rating = models.CharField("xếp loại", max_length=8, choices=Rating.choices)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    rated_by = _user_fk("người nhập")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đánh giá, xếp loại viên chức"
        verbose_name_plural = "đánh giá, xếp loại viên chức"
        ordering = ["-school_year", *by_person("staff__full_name"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "school_year"], name="emulation_rating_once_a_year")
        ]

    def __str__(self):
        return f"{self.staff} – {self.school_year}: {self.get_rating_display()}"


# --- Review round (bình xét thi đua) ----------------------------------------------------------------


class ReviewRound(models.Model):
    """One meeting of the emulation council at the end of the school year, voting on each candidate."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang bình xét"
        CLOSED = "closed", "Đã kết thúc"

    class Method(models.TextChoices):
        COUNTS = "counts", "Nhập số phiếu biểu quyết"
        BALLOT = "ballot", "Bỏ phiếu kín trên hệ thống"

    school_year = models.CharField("năm học", **SCHOOL_YEAR_FIELD)
    name = models.CharField("tên đợt bình xét", max_length=255)
    status = models.CharField("trạng thái", max_length=8, choices=Status.choices, default=Status.OPEN)
    method = models.CharField("hình thức biểu quyết", max_length=8, choices=Method.choices)
    # A rule of the law is data (DESIGN.md §5): the share of agreeing votes a candidate needs.
    min_approval_share = models.DecimalField(
        "tỷ lệ phiếu đồng ý tối thiểu",
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    # The fewest voters for a vote to count; 0 sets no minimum.
    quorum = models.PositiveSmallIntegerField("số người bỏ phiếu tối thiểu", default=0)
    meeting_at = models.DateTimeField("thời gian họp", null=True, blank=True)
    meeting_place = models.CharField("địa điểm họp", max_length=255, blank=True)
    # The place name of the minutes' date line ("Hà Đông, ngày …").
    locality = models.CharField("địa danh", max_length=120, blank=True)
    content = models.TextField("nội dung cuộc họp", blank=True)
    minutes_number = models.CharField("số biên bản", max_length=64, blank=True)
    opened_by = _user_fk("người mở")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = _user_fk("người kết thúc")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "đợt bình xét thi đua"
        verbose_name_plural = "đợt bình xét thi đua"
        ordering = ["-school_year", "-opened_at", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def end_year(self) -> int:
        return end_year(self.school_year)


class CouncilMember(models.Model):
    """A member of the emulation council for this round: who may vote by ballot, who chairs and who
    keeps the minutes. Name and position are copied so the minutes keep them as they were."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chủ tịch Hội đồng (chủ trì)"
        SECRETARY = "secretary", "Thư ký Hội đồng"
        MEMBER = "member", "Uỷ viên"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="council")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    role = models.CharField("vai trò", max_length=10, choices=Role.choices, default=Role.MEMBER)
    full_name = models.CharField("họ và tên", max_length=150)
    position = models.CharField("chức vụ", max_length=120, blank=True)

    class Meta:
        verbose_name = "thành viên Hội đồng"
        verbose_name_plural = "thành viên Hội đồng"
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="emulation_council_member_once"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(role="chair"), name="emulation_council_one_chair"
            ),
            models.UniqueConstraint(
                fields=["round"], condition=Q(role="secretary"), name="emulation_council_one_secretary"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"


class ReviewCandidate(models.Model):
    """A person (or, with no staff, the school as a collective) proposed for a title in a round."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="candidates")
    staff = models.ForeignKey(
        "plans.Staff",
        verbose_name="cán bộ",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_candidacies",
    )
    title = models.CharField("danh hiệu đề nghị", max_length=16, choices=Title.choices)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidacies"
    )
    proposed_by = _user_fk("người đề xuất")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị bình xét"
        verbose_name_plural = "đề nghị bình xét"
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "staff", "title"],
                condition=Q(staff__isnull=False),
                name="emulation_candidate_once",
            ),
            models.UniqueConstraint(
                fields=["round", "title"], condition=Q(staff__isnull=True), name="emulation_collective_once"
            ),
        ]

    def __str__(self):
        return f"{self.display_name} – {self.get_title_display()}"

    @property
    def display_name(self) -> str:
        return self.staff.full_name if self.staff_id else "Tập thể nhà trường"


class VoteCount(models.Model):
    """The tally of a vote held in the room (show of hands or paper ballots), entered by the secretary."""

    candidate = models.OneToOneField(ReviewCandidate, on_delete=models.CASCADE, related_name="vote_count")
    agree = models.PositiveSmallIntegerField("đồng ý")
    disagree = models.PositiveSmallIntegerField("không đồng ý")
    abstain = models.PositiveSmallIntegerField("không biểu quyết", default=0)
    total_voters = models.PositiveSmallIntegerField("tổng số người biểu quyết")
    entered_by = _user_fk("người nhập")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "số phiếu"
        verbose_name_plural = "số phiếu"
        constraints = [
            models.CheckConstraint(
                name="emulation_vote_count_adds_up",
                condition=Q(total_voters__gte=models.F("agree") + models.F("disagree") + models.F("abstain")),
            )
        ]

    def __str__(self):
        return f"{self.agree}/{self.total_voters} đồng ý"


class BallotCast(models.Model):
    """That a council member has voted in a round, to refuse a second ballot. It holds no choice: the
    choices are BallotChoice rows that name no voter."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="ballots_cast")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lượt bỏ phiếu"
        verbose_name_plural = "lượt bỏ phiếu"
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="emulation_one_ballot_each")]

    def __str__(self):
        return f"Đã bỏ phiếu: {self.voter_id}"


class BallotChoice(models.Model):
    """One anonymous choice on one candidate. No voter, no time and a random key: nothing in the row
    (not even the order of keys) ties it to the BallotCast written in the same transaction. (Someone
    reading the database's physical row order or its write-ahead log could still group a ballot's
    rows; that is below what the application can hide.)"""

    class Choice(models.TextChoices):
        AGREE = "agree", "Đồng ý"
        DISAGREE = "disagree", "Không đồng ý"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(ReviewCandidate, on_delete=models.CASCADE, related_name="ballot_choices")
    choice = models.CharField("lựa chọn", max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = "phiếu bầu"
        verbose_name_plural = "phiếu bầu"

    def __str__(self):
        return self.get_choice_display()
