"""The school's annual TĐKT plan (Kế hoạch công tác thi đua, khen thưởng), as a living object: imported
from the school's Word file, edited, put to consultation, issued with its number, and followed month by
month through its appendix timeline."""

from django.conf import settings
from django.db import models

from office.accounts.models import Role


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        CONSULTATION = "consultation", "Đang lấy ý kiến"
        ISSUED = "issued", "Đã ban hành"
        SUPERSEDED = "superseded", "Đã được thay thế"

    # Header of the document (Nghị định 30/2020, Appendix I).
    parent_body = models.CharField("cơ quan chủ quản", max_length=255, blank=True)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255)
    number = models.CharField("số, ký hiệu", max_length=64, blank=True)
    place = models.CharField("địa danh", max_length=120, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    doc_type = models.CharField("tên loại văn bản", max_length=40, default="KẾ HOẠCH")
    title = models.TextField("trích yếu")
    year = models.PositiveSmallIntegerField("năm")
    school_years = models.JSONField("năm học", default=list, blank=True)

    # Free text around the numbered body, kept paragraph by paragraph as the school wrote it.
    basis_paragraphs = models.JSONField("căn cứ (nguyên văn)", default=list, blank=True)
    intro = models.JSONField("mở đầu", default=list, blank=True)
    timeline_heading = models.JSONField("tiêu đề phụ lục", default=list, blank=True)
    # The appendix table's column titles as the school wrote them: [{"role": "month"|"content"|"owner"|
    # "other", "title": "Tháng/năm"}, …]; [] prints the default "Thời gian | Nội dung công việc".
    timeline_columns = models.JSONField("cột của phụ lục", default=list, blank=True)
    closing = models.JSONField("kết thúc", default=list, blank=True)
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    # Lines of an imported file that belonged nowhere else; kept so that nothing is lost.
    extra_lines = models.JSONField("dòng chưa xếp", default=list, blank=True)

    signer_prefix = models.CharField("quyền hạn ký", max_length=8, blank=True)
    signer_authority = models.CharField("ký thay cho", max_length=120, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_note = models.CharField("ghi chú chữ ký", max_length=120, blank=True)

    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField("lần ban hành", default=1)
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    # Where an imported plan came from: file name, encoding, the header lines as written, warnings.
    import_record = models.JSONField("nguồn nhập", null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "plans"
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "-version", "-pk"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.doc_type.capitalize()} {self.number or '(chưa có số)'} – {self.title}"

    @property
    def is_locked(self) -> bool:
        """Issued content is the legal text: it changes only through a new version."""
        return self.status in (self.Status.ISSUED, self.Status.SUPERSEDED)


class LegalBasis(models.Model):
    """One upper-level document the plan implements (căn cứ), parsed out of the preamble."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bases")
    position = models.PositiveSmallIntegerField(default=0)
    doc_type = models.CharField("loại văn bản", max_length=60)
    number = models.CharField("số, ký hiệu", max_length=64, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    subject = models.TextField("trích yếu", blank=True)
    raw = models.TextField("nguyên văn")
    # Set when the plan was copied from last year's: a document cited then may have been replaced since.
    # Cleared when the person confirms the bases or edits them.
    needs_review = models.BooleanField("cần xem lại", default=False)

    class Meta:
        app_label = "plans"
        verbose_name = "căn cứ"
        verbose_name_plural = "căn cứ"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.raw


class PlanSection(models.Model):
    """A numbered part of the plan body (I. / 1. / 2.1. / a)), of any depth. `body` holds its
    paragraphs one per line; a bullet keeps its symbol ("- ", "+ ")."""

    class Kind(models.TextChoices):
        ROMAN = "roman", "I."
        NUMBER = "number", "1."
        DECIMAL = "decimal", "1.1."
        LETTER = "letter", "a)"
        PART = "part", "PHẦN I."
        UPPER = "upper", "A."

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    marker = models.CharField("số thứ tự", max_length=16, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ROMAN)
    heading = models.TextField("tiêu đề")
    body = models.TextField("nội dung", blank=True)

    class Meta:
        app_label = "plans"
        verbose_name = "mục"
        verbose_name_plural = "mục"
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.marker} {self.heading}".strip()

    def body_lines(self) -> list[str]:
        return [line for line in self.body.splitlines() if line.strip()]


class PlanTarget(models.Model):
    """A target the plan commits to (chỉ tiêu): "06 đồng chí đạt CSTĐCS", "85% LĐTT"."""

    class Unit(models.TextChoices):
        PEOPLE = "nguoi", "người"
        PERCENT = "phan_tram", "%"
        COLLECTIVE = "tap_the", "tập thể"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("danh hiệu / hình thức", max_length=120)
    quantity = models.DecimalField("số lượng", max_digits=6, decimal_places=1)
    unit = models.CharField("đơn vị", max_length=12, choices=Unit.choices)
    text = models.TextField("nguyên văn", blank=True)

    class Meta:
        app_label = "plans"
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text or f"{self.quantity} {self.get_unit_display()} {self.title}"


class PlanMovement(models.Model):
    """An emulation movement, campaign or drive the plan names, linked to the office's record when
    one matches by name."""

    class Kind(models.TextChoices):
        MOVEMENT = "phong_trao", "Phong trào thi đua"
        CAMPAIGN = "cuoc_van_dong", "Cuộc vận động"
        DRIVE = "dot_thi_dua", "Đợt thi đua"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="movements")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField("tên", max_length=500)
    office_movement = models.ForeignKey(
        "movements.Movement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # the office's table lives in public and may be removed there
    )

    class Meta:
        app_label = "plans"
        verbose_name = "phong trào"
        verbose_name_plural = "phong trào"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class PlanTask(models.Model):
    """A line of the appendix timeline (phụ lục tiến độ): what is due in which month, and who owns it."""

    class State(models.TextChoices):
        TODO = "todo", "Chưa làm"
        DOING = "doing", "Đang làm"
        DONE = "done", "Đã xong"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField("năm")
    month = models.PositiveSmallIntegerField("tháng")
    text = models.TextField("nội dung công việc")
    owner_staff = models.ForeignKey(
        "plans.Staff",
        verbose_name="người phụ trách",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_tasks",
    )
    owner_role = models.CharField(
        "vai trò phụ trách",
        max_length=32,
        blank=True,
        choices=[
            (role.value, role.label) for role in (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY)
        ],
    )
    # The "Người thực hiện" cell of the appendix as written ("Hiệu trưởng", "Tổ chuyên môn"); printed in
    # the appendix's owner column whether or not it names a person of the register.
    owner_text = models.CharField("người thực hiện (nguyên văn)", max_length=255, blank=True)
    state = models.CharField("tình trạng", max_length=8, choices=State.choices, default=State.TODO)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "plans"
        verbose_name = "công việc theo tháng"
        verbose_name_plural = "công việc theo tháng"
        ordering = ["year", "month", "position", "pk"]
        indexes = [models.Index(fields=["year", "month", "state"])]
        constraints = [
            models.CheckConstraint(
                name="plan_task_month_range", condition=models.Q(month__gte=1, month__lte=12)
            )
        ]

    def __str__(self):
        return f"Tháng {self.month:02d}/{self.year}: {self.text}"


class PlanComment(models.Model):
    """A staff member's comment on a section while the draft is out for consultation."""

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    text = models.TextField("góp ý")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "plans"
        verbose_name = "góp ý"
        verbose_name_plural = "góp ý"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text


class PlanCheckConfirmation(models.Model):
    """A person's explicit yes to one difference between the plan and the school (another school's
    name in the header, another agency code in the number, a signer who is not the school's head, another
    year) before issuing. Tied to the difference as it was seen: if the plan changes, the new difference
    needs a new confirmation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="check_confirmations")
    code = models.CharField(max_length=32)
    # The fingerprint of the difference confirmed (what the plan said and what the school expects).
    seen = models.TextField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "plans"
        verbose_name = "xác nhận khác biệt"
        verbose_name_plural = "xác nhận khác biệt"
        ordering = ["confirmed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code", "seen"], name="plan_check_confirmation_unique")
        ]

    def __str__(self):
        return f"{self.code}: {self.seen}"


class DocumentCounter(models.Model):
    """The school's register of outgoing documents: numbers run from 1 each year per document type
    (KH, TTr, BB…), as offices number them by hand."""

    year = models.PositiveSmallIntegerField()
    type_abbreviation = models.CharField(max_length=8)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "plans"
        constraints = [
            models.UniqueConstraint(fields=["year", "type_abbreviation"], name="document_counter_unique")
        ]

    def __str__(self):
        return f"{self.type_abbreviation} {self.year}: {self.last_number}"


class CalendarFeed(models.Model):
    """A person's own address of the school's calendar feed (Lịch công tác), for calendar apps that
    cannot log in. Only a SHA-256 hash of the secret in the address is kept, so the address is shown
    once, when it is made; making a new one replaces the hash (the old address stops working) and
    revoking deletes the row. It lives in the school's schema: an address opens this school's feed
    and no other, whatever host it is tried on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.DO_NOTHING,  # the account lives in the public schema; a feed without one opens nothing
        related_name="+",
        db_constraint=False,
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc")
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)

    class Meta:
        app_label = "plans"
        verbose_name = "liên kết lịch công tác"
        verbose_name_plural = "liên kết lịch công tác"

    def __str__(self):
        return f"Lịch công tác của người dùng {self.user_id}"
