"""What office.core keeps in the public schema: objects still to delete from storage."""

from django.db import models


class ObjectDeletion(models.Model):
    """An object that must leave storage once the row that pointed at it has changed (a rejected or
    abandoned upload, a withdrawn movement's documents, a sealed copy whose record rolled back). The
    row is written in the same transaction as that change, so a delete that fails afterwards (storage
    down, the process gone) is retried by beat's sweep instead of leaving an orphan in the bucket."""

    key = models.CharField("khóa lưu trữ", max_length=400, unique=True)
    reason = models.CharField("lý do", max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tệp chờ xoá khỏi kho lưu trữ"
        verbose_name_plural = "tệp chờ xoá khỏi kho lưu trữ"
        ordering = ["pk"]

    def __str__(self):
        return self.key
