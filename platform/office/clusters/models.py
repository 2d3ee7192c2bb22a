"""Emulation clusters (cụm thi đua) and their scoring, in the public schema (DESIGN.md §3).

A cluster groups schools of one office for one school year; its schools sign a covenant (giao ước),
score themselves on a rubric, the cluster leader reviews (with cross-scoring by the other schools where
the office turns it on), and the office gives the final score, approves and publishes the ranking
(DESIGN.md §6: submitted and approved are different states; approval locks; a level acts when the
levels below it are done)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from office.core.collation import by_name


class Rubric(models.Model):
    """The scoring rubric (tiêu chí chấm điểm) an office sets for its clusters in a school year."""

    class State(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        PUBLISHED = "published", "Đã ban hành"

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="rubrics",
    )
    school_year = models.CharField("năm học", max_length=9)
    name = models.CharField("tên bảng tiêu chí", max_length=255)
    state = models.CharField("trạng thái", max_length=12, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bảng tiêu chí chấm điểm"
        verbose_name_plural = "bảng tiêu chí chấm điểm"
        ordering = ["-school_year", by_name(), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "school_year", "name"], name="rubric_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year})"


class CriterionGroup(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.CharField("ký hiệu", max_length=16, blank=True)  # "I", "II", …
    name = models.CharField("nhóm tiêu chí", max_length=500)

    class Meta:
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        ordering = ["rubric", "position", "pk"]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class Criterion(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", "Tiêu chí"
        BONUS = "bonus", "Điểm thưởng"
        PENALTY = "penalty", "Điểm trừ"

    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.CharField("ký hiệu", max_length=16, blank=True)  # "1.1"
    text = models.TextField("nội dung tiêu chí")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    # For a penalty item, the largest deduction; points are stored positive and subtracted.
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    evidence_required = models.BooleanField("bắt buộc minh chứng", default=False)
    guidance = models.TextField("hướng dẫn chấm, minh chứng cần có", blank=True)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["group", "position", "pk"]
        constraints = [models.CheckConstraint(name="criterion_max_positive", condition=Q(max_points__gt=0))]

    def __str__(self):
        return f"{self.code} {self.text[:60]}".strip()


class Cluster(models.Model):
    """A cụm thi đua for one school year: its schools (seats), a leader and a deputy school."""

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan lập cụm",
        on_delete=models.PROTECT,
        related_name="clusters",
    )
    school_year = models.CharField("năm học", max_length=9)
    name = models.CharField("tên cụm", max_length=255)
    leader = models.ForeignKey(
        "tenants.School",
        verbose_name="trường cụm trưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "tenants.School",
        verbose_name="trường cụm phó",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rubric = models.ForeignKey(
        Rubric,
        verbose_name="bảng tiêu chí",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clusters",
    )
    # The office turns on scoring of each school by the other schools of the cluster.
    cross_scoring = models.BooleanField("chấm chéo giữa các trường", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cụm thi đua"
        verbose_name_plural = "cụm thi đua"
        ordering = ["-school_year", by_name(), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "school_year", "name"], name="cluster_unique_name")
        ]
        # Granted with django-guardian on one cluster to the person who leads it (DESIGN.md §3 rule 8).
        permissions = [("lead_cluster", "Điều hành cụm thi đua")]

    def __str__(self):
        return f"{self.name} ({self.school_year})"


class ClusterSeat(models.Model):
    """A school's place in a cluster for a school year: a school sits in one cluster a year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="seats")
    school = models.ForeignKey("tenants.School", on_delete=models.PROTECT, related_name="cluster_seats")
    # Repeated from the cluster so the database itself keeps a school to one cluster a year.
    school_year = models.CharField("năm học", max_length=9)
    covenant_signed_at = models.DateTimeField("ngày ký giao ước", null=True, blank=True)
    covenant_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "trường trong cụm"
        verbose_name_plural = "trường trong cụm"
        ordering = ["cluster", by_name("school__name"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="cluster_seat_one_cluster_a_year")
        ]

    def __str__(self):
        return f"{self.school} – {self.cluster}"


class Covenant(models.Model):
    """The cluster's emulation covenant (giao ước thi đua) that each school signs in the app."""

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="covenant")
    title = models.CharField("tiêu đề", max_length=500)
    text = models.TextField("nội dung giao ước")
    sign_by = models.DateField("hạn ký", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giao ước thi đua"
        verbose_name_plural = "giao ước thi đua"

    def __str__(self):
        return self.title


class ScoringRound(models.Model):
    """One scoring of a cluster on its rubric (e.g. the end-of-year one), with its phases and dates.
    Rounds keep their history; scores of a closed round never change."""

    class Stage(models.TextChoices):
        SELF_SCORING = "self", "Các trường tự chấm"
        LEADER_REVIEW = "leader", "Cụm trưởng thẩm định"
        OFFICE_REVIEW = "office", "Cơ quan quản lý chấm, duyệt"
        PUBLISHED = "published", "Đã công bố xếp hạng"
        CLOSED = "closed", "Đã khoá"

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="rounds")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField("đợt chấm", max_length=255)
    self_scoring_opens_on = models.DateField("mở tự chấm từ", null=True, blank=True)
    self_scoring_closes_on = models.DateField("hạn nộp tự chấm", null=True, blank=True)
    stage = models.CharField("giai đoạn", max_length=10, choices=Stage.choices, default=Stage.SELF_SCORING)
    # How many of the top schools the office proposes for Cờ thi đua and for Bằng khen.
    flag_places = models.PositiveSmallIntegerField("số trường đề nghị Cờ thi đua", default=1)
    commendation_places = models.PositiveSmallIntegerField("số trường đề nghị Bằng khen", default=1)
    published_at = models.DateTimeField("ngày công bố", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt chấm điểm thi đua cụm"
        verbose_name_plural = "đợt chấm điểm thi đua cụm"
        ordering = ["cluster", "-created_at"]

    def __str__(self):
        return f"{self.name} – {self.cluster}"


class ClusterScore(models.Model):
    """Points given to one school (seat) on one criterion at one stage of a round. Self scores come
    from the school's submitted self-assessment; cross scores name the scoring school."""

    class Stage(models.TextChoices):
        SELF = "self", "Tự chấm"
        CROSS = "cross", "Chấm chéo"
        LEADER = "leader", "Cụm trưởng"
        OFFICE = "office", "Cơ quan quản lý"

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="scores")
    seat = models.ForeignKey(ClusterSeat, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    stage = models.CharField("cấp chấm", max_length=8, choices=Stage.choices)
    # The school that gave a cross score; empty for the other stages.
    scorer_school = models.ForeignKey(
        "tenants.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField("điểm", max_digits=6, decimal_places=2)
    note = models.TextField("nhận xét", blank=True)
    # Evidence the school attached: [{"key", "filename", "sha256", "size", "content_type"}].
    evidence = models.JSONField("minh chứng", default=list, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "điểm thi đua cụm"
        verbose_name_plural = "điểm thi đua cụm"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seat", "criterion", "stage", "scorer_school"],
                name="cluster_score_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(name="cluster_score_not_negative", condition=Q(points__gte=0)),
        ]
        indexes = [models.Index(fields=["round", "stage"])]

    def __str__(self):
        return f"{self.seat.school} – {self.criterion.code} – {self.get_stage_display()}: {self.points}"


class ClusterResult(models.Model):
    """Where one school stands in a round: what it submitted, who approved at each level, its totals and
    rank. Approval locks the scores of the level that approved; the office can unapprove with a reason."""

    class Proposal(models.TextChoices):
        NONE = "", "—"
        FLAG = "co_thi_dua", "Đề nghị Cờ thi đua"
        COMMENDATION = "bang_khen", "Đề nghị Bằng khen"

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="results")
    seat = models.ForeignKey(ClusterSeat, on_delete=models.CASCADE, related_name="results")
    # The Submission (kind self_assessment) the self scores were taken from.
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("ngày nộp tự chấm", null=True, blank=True)
    leader_approved_at = models.DateTimeField("cụm trưởng duyệt lúc", null=True, blank=True)
    leader_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_approved_at = models.DateTimeField("cơ quan quản lý duyệt lúc", null=True, blank=True)
    office_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Changes made after an approval, counted and shown (DESIGN.md §6).
    edits_after_approval = models.PositiveIntegerField(default=0)
    # The office head's last unapproval and its reason; from then on every changed score is counted.
    unapproved_at = models.DateTimeField("bỏ duyệt lúc", null=True, blank=True)
    unapproval_reason = models.TextField("lý do bỏ duyệt", blank=True)
    self_total = models.DecimalField("tổng tự chấm", max_digits=7, decimal_places=2, null=True, blank=True)
    leader_total = models.DecimalField(
        "tổng cụm trưởng", max_digits=7, decimal_places=2, null=True, blank=True
    )
    final_total = models.DecimalField("tổng điểm", max_digits=7, decimal_places=2, null=True, blank=True)
    # {group_id: points} of the final scores, so comparisons read one row per school.
    group_totals = models.JSONField("điểm theo nhóm", default=dict, blank=True)
    rank = models.PositiveSmallIntegerField("xếp hạng", null=True, blank=True)
    proposal = models.CharField("đề nghị", max_length=12, choices=Proposal.choices, default="", blank=True)

    class Meta:
        verbose_name = "kết quả thi đua cụm"
        verbose_name_plural = "kết quả thi đua cụm"
        ordering = ["round", "rank", by_name("seat__school__name"), "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "seat"], name="cluster_result_unique")]

    def __str__(self):
        return f"{self.seat.school} – {self.round}"


class FlagProposal(models.Model):
    """The cluster's proposal (đề nghị Cờ thi đua) drawn from a round's published ranking at the end of
    the year, recorded once by the cluster's leader or the office: which school is proposed for which
    form (office.rules' cluster.flag_proposal ladder), how ties were decided, and on what basis. The
    rows are copied, so the record keeps saying what was proposed whatever happens to the round."""

    class RecordedAs(models.TextChoices):
        LEADER = "leader", "Cụm trưởng"
        OFFICE = "office", "Cơ quan quản lý"

    round = models.OneToOneField(ScoringRound, on_delete=models.CASCADE, related_name="flag_proposal")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="flag_proposals")
    school_year = models.CharField("năm học", max_length=9)
    # [{"school_id", "school_code", "school_name", "rank", "total", "label", "title", "issuer_level",
    #   "shared"}]: the proposed schools, best first.
    entries = models.JSONField("trường được đề nghị", default=list)
    # Vietnamese sentences: how each tie among the ranked schools was decided (or left shared).
    ties = models.JSONField("giải thích trường hợp bằng điểm", default=list, blank=True)
    basis = models.TextField("căn cứ")
    note = models.TextField("ghi chú", blank=True)
    recorded_as = models.CharField("người ghi nhận", max_length=8, choices=RecordedAs.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("ngày ghi nhận", auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị Cờ thi đua của cụm"
        verbose_name_plural = "đề nghị Cờ thi đua của cụm"
        ordering = ["-school_year", "cluster", "pk"]

    def __str__(self):
        return f"Đề nghị Cờ thi đua – {self.cluster}"
