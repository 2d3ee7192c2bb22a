"""Rules of the law as versioned records (DESIGN.md §5): the law changed in 2024 and 2025 and is
changing again, so an office updates a parameter or adds a version, never the code."""

from django.db import models
from django.db.models import F, Q


class RuleVersion(models.Model):
    """One version of one rule of DOMAIN.md §7, in force from `effective_from` to `effective_to`
    (inclusive; empty while in force). A national version has no authority; a version with an
    authority overrides the national parameters for that authority's subtree from its date."""

    code = models.CharField("mã quy tắc", max_length=64)  # stable: "cstdcs.basis"
    # Title codes (office.rules.vocabulary.Title) the rule applies to.
    titles = models.JSONField("áp dụng cho danh hiệu, hình thức", default=list, blank=True)
    name = models.CharField("tên quy tắc", max_length=255)
    article = models.TextField("căn cứ pháp lý")
    source_url = models.URLField("nguồn tham khảo", max_length=500, blank=True)
    effective_from = models.DateField("áp dụng từ ngày")
    effective_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    parameters = models.JSONField("tham số", default=dict, blank=True)
    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan điều chỉnh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_versions",
    )
    enabled = models.BooleanField("đang áp dụng", default=True)
    # Why this value was chosen where the sources disagree, and what is still unverified.
    note = models.TextField("ghi chú", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự hiển thị", default=0)

    class Meta:
        verbose_name = "quy tắc xét khen thưởng"
        verbose_name_plural = "quy tắc xét khen thưởng"
        ordering = ["position", "code", "effective_from"]
        indexes = [models.Index(fields=["effective_from", "effective_to"])]
        constraints = [
            models.CheckConstraint(
                name="rule_version_dates_in_order",
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
            ),
            models.UniqueConstraint(
                fields=["code", "effective_from"],
                condition=Q(authority__isnull=True),
                name="rule_version_one_national_per_date",
            ),
            models.UniqueConstraint(
                fields=["code", "authority", "effective_from"],
                condition=Q(authority__isnull=False),
                name="rule_version_one_override_per_date",
            ),
        ]

    def __str__(self):
        period = f"áp dụng từ {self.effective_from:%d/%m/%Y}"
        if self.effective_to:
            period += f" đến hết {self.effective_to:%d/%m/%Y}"
        text = f"{self.name} ({self.article}), {period}"
        if self.authority_id:
            text += f" – điều chỉnh của {self.authority.name}"
        if not self.enabled:
            text += " – không áp dụng"
        return text

    def is_in_force(self, on) -> bool:
        return self.effective_from <= on and (self.effective_to is None or self.effective_to >= on)
