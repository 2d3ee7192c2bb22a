"""Award decisions (quyết định khen thưởng) in the public schema, and their delivery into the award
history of each school's schema by a Celery task (DESIGN.md §3 rule 1: decisions flow back to the
schools through idempotent tasks; the office never writes into a school's schema in a request)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from office.core.collation import by_name, by_person
from office.rules.vocabulary import Title


class Decision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        RECORDED = "recorded", "Đã ghi nhận"
        DELIVERING = "delivering", "Đang chuyển về trường"
        DELIVERED = "delivered", "Đã chuyển về trường"

    # The office that prepares the decision and sees it; the issuer may be the body above it
    # (the Phòng GDĐT drafts, the UBND quận signs).
    office = models.ForeignKey(
        "authorities.Authority", verbose_name="đơn vị soạn", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # As named on the decision's date: "UBND quận Hà Đông" stays so after the district was abolished.
    issuer_name = models.CharField("tên cơ quan ban hành", max_length=255)
    issuer_level = models.CharField("cấp ban hành", max_length=120, blank=True)
    number = models.CharField("số quyết định", max_length=64)
    year = models.PositiveSmallIntegerField("năm ban hành")  # of signed_on: numbers restart each year
    signed_on = models.DateField("ngày ký")
    signer_title = models.CharField("chức vụ người ký", max_length=255)
    signer_name = models.CharField("người ký", max_length=150)
    subject = models.CharField("trích yếu", max_length=500)
    school_year = models.CharField("năm học", max_length=9)
    state = models.CharField("trạng thái", max_length=12, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-signed_on", "-pk"]
        constraints = [
            # "125/QĐ-UBND" names one decision of one issuer in one year, whatever the letter case.
            models.UniqueConstraint(
                Upper("number"), "issuer", "year", name="decision_number_unique_per_issuer_year"
            ),
        ]

    def __str__(self):
        return f"Quyết định số {self.number} của {self.issuer_name}"

    @property
    def is_locked(self) -> bool:
        return self.state != self.State.DRAFT


class DecisionLine(models.Model):
    """One person (or one school as a collective) and the title or form the decision gives them."""

    class Outcome(models.TextChoices):
        PENDING = "", "Chưa chuyển"
        WRITTEN = "written", "Đã ghi vào lịch sử khen thưởng"
        EXISTING = "existing", "Trường đã có danh hiệu này trong năm"
        FAILED = "failed", "Không ghi được"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    school = models.ForeignKey("tenants.School", on_delete=models.PROTECT, related_name="+")
    # The school's Nomination id when the line comes from a dossier; else the school's Staff id when
    # known; a line with neither is matched by name in the school's register.
    nomination_ref = models.PositiveIntegerField(null=True, blank=True)
    staff_ref = models.PositiveIntegerField(null=True, blank=True)
    collective = models.BooleanField("khen tập thể trường", default=False)
    full_name = models.CharField("họ và tên / tập thể", max_length=255)
    position = models.CharField("chức vụ", max_length=255, blank=True)
    unit = models.CharField("đơn vị", max_length=255, blank=True)
    title = models.CharField("danh hiệu, hình thức", max_length=16, choices=Title.choices)
    achievement = models.TextField("thành tích", blank=True)
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Written by the delivery task in the same transaction as the award in the school's schema.
    outcome = models.CharField("kết quả chuyển", max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "dòng quyết định"
        verbose_name_plural = "danh sách khen thưởng"
        ordering = [by_name("school__name"), "title", *by_person(), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "school", "nomination_ref"],
                condition=Q(nomination_ref__isnull=False),
                name="decision_line_nomination_once",
            ),
        ]
        indexes = [models.Index(fields=["decision", "school", "outcome"])]

    def __str__(self):
        return f"{self.full_name} – {self.get_title_display()}"

    @property
    def external_ref(self) -> str:
        """What the school's AwardRecord carries, so that replaying the line adds nothing."""
        return f"decision-line:{self.pk}"


class DecisionDelivery(models.Model):
    """The writing of one decision into one school's award history (one Celery task, resumable)."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ chuyển"
        RUNNING = "running", "Đang chuyển"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Lỗi, chờ thử lại"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="deliveries")
    school = models.ForeignKey("tenants.School", on_delete=models.PROTECT, related_name="+")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.PENDING)
    lines_total = models.PositiveIntegerField("số dòng", default=0)
    lines_written = models.PositiveIntegerField("đã ghi", default=0)
    lines_existing = models.PositiveIntegerField("đã có sẵn", default=0)
    lines_failed = models.PositiveIntegerField("không ghi được", default=0)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "chuyển quyết định về trường"
        verbose_name_plural = "chuyển quyết định về trường"
        ordering = [by_name("school__name"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "school"], name="decision_delivery_once_per_school")
        ]

    def __str__(self):
        return f"{self.decision} → {self.school}"

    @property
    def lines_processed(self) -> int:
        return self.lines_written + self.lines_existing + self.lines_failed

    @property
    def percent(self) -> int:
        return 100 if not self.lines_total else round(100 * self.lines_processed / self.lines_total)
