import uuid

from django.db import models
from django.utils import timezone
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A person's key to the API (django-rest-knox's token, KNOX_TOKEN_MODEL): only a hash of the
    secret is kept (`digest`), and its first characters (`token_key`) to find it and to show it. A
    person holds several, each named for what uses it, and revokes one by deleting it."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField("tên gợi nhớ", max_length=100)
    last_used_at = models.DateTimeField("lần dùng cuối", null=True, blank=True)

    class Meta:
        verbose_name = "khóa truy cập API"
        verbose_name_plural = "khóa truy cập API"
        ordering = ["-created"]

    def __str__(self):
        return f"{self.label} ({self.token_key}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()
