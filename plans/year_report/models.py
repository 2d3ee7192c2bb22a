"""The school's year-end emulation report (Báo cáo tổng kết công tác thi đua, khen thưởng năm học …),
one per school year, kept in the school's own schema. Only what the school writes is stored here (the
overall assessment and next year's direction); every figure is computed from the school's data when the
report is shown, printed or sent (plans.year_report.selectors), never typed. What the office reads is
the submitted snapshot (office.submissions, kind "year_report"); a resubmission is a new version."""

from django.conf import settings
from django.db import models


class YearReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi cơ quan quản lý"

    school_year = models.CharField("năm học", max_length=9, unique=True)
    strengths = models.TextField("ưu điểm", blank=True)
    weaknesses = models.TextField("tồn tại, hạn chế", blank=True)
    directions = models.TextField("phương hướng năm học tới", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    number = models.CharField("số báo cáo", max_length=64, blank=True)
    issued_on = models.DateField("ngày báo cáo", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
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
        verbose_name = "báo cáo tổng kết"
        verbose_name_plural = "báo cáo tổng kết"
        ordering = ["-school_year"]

    def __str__(self):
        return f"Báo cáo tổng kết năm học {self.school_year}"
