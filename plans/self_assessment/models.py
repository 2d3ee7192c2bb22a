"""A school's self-scoring of a cluster round (tự chấm điểm thi đua cụm), kept in the school's own schema
while it is a draft. What the office sees is the submitted snapshot (office.submissions), from which
office.clusters stores the self scores; the rubric and the round live in the public schema and are
referred to by id only, as a school schema never holds a foreign key into another schema's rows."""

from django.conf import settings
from django.db import models


class SelfAssessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Đang chấm"
        SUBMITTED = "submitted", "Đã nộp"

    round_id = models.PositiveBigIntegerField("đợt chấm", unique=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submission_id = models.PositiveBigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,  # the account lives in the public schema, which never cascades here
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        verbose_name = "bản tự chấm"
        verbose_name_plural = "bản tự chấm"

    def __str__(self):
        return f"Tự chấm đợt {self.round_id}"


class SelfScore(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion_id = models.PositiveBigIntegerField("tiêu chí")
    points = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.TextField("giải trình", blank=True)
    evidence = models.ManyToManyField("evidence.Evidence", blank=True, related_name="+")

    class Meta:
        verbose_name = "điểm tự chấm"
        verbose_name_plural = "điểm tự chấm"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion_id"], name="self_score_unique"),
            models.CheckConstraint(name="self_score_not_negative", condition=models.Q(points__gte=0)),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"
