"""People of a school: its departments, staff and their in-app notifications."""

from django.conf import settings
from django.db import models


class Department(models.Model):
    """Tổ chuyên môn / tổ khối / tổ văn phòng."""

    name = models.CharField("tên tổ", max_length=120, unique=True)

    class Meta:
        verbose_name = "tổ"
        verbose_name_plural = "tổ"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Staff(models.Model):
    """A member of the school's staff, with or without an account on the platform."""

    class Gender(models.TextChoices):
        FEMALE = "nu", "Nữ"
        MALE = "nam", "Nam"

    full_name = models.CharField("họ và tên", max_length=150)
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices)
    position = models.CharField("chức vụ", max_length=120, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="tổ", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    teaches = models.BooleanField("trực tiếp giảng dạy", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # the account lives in the public schema and may be removed there
    )

    class Meta:
        verbose_name = "cán bộ, giáo viên, nhân viên"
        verbose_name_plural = "cán bộ, giáo viên, nhân viên"
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class Notification(models.Model):
    """An in-app message to one person about this school's work (reminders, returned dossiers…)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    message = models.CharField("nội dung", max_length=500)
    link = models.CharField("liên kết", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message
