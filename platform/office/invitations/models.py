"""Invitations: how a person comes into a school or an office without a developer.

An invitation is bound to one school (or one office, for office roles), one role and, for a school's
staff, one record of its register. Its link carries a random token and its printed sheet a short
code; only their SHA-256 hashes are stored, so a copy of the database opens no invitation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from office.accounts.models import OFFICE_ROLES, SCHOOL_ROLES, Role


class Invitation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Đang chờ"
        ACCEPTED = "accepted", "Đã nhận"
        EXPIRED = "expired", "Đã hết hạn"
        REVOKED = "revoked", "Đã thu hồi"

    school = models.ForeignKey(
        "tenants.School", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    authority = models.ForeignKey(
        "authorities.Authority", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    # The record of the school's register (in the school's own schema) the account will be tied to.
    staff_id = models.BigIntegerField("mã cán bộ trong danh sách", null=True, blank=True)
    full_name = models.CharField("họ và tên", max_length=150)
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("gửi thư lần cuối", null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "lời mời"
        verbose_name_plural = "lời mời"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # As a membership: a school role for a school, an office role for an office, never mixed.
            models.CheckConstraint(
                name="invitation_school_xor_authority",
                condition=(Q(school__isnull=False, authority__isnull=True, role__in=SCHOOL_ROLES))
                | (
                    Q(
                        school__isnull=True,
                        authority__isnull=False,
                        role__in=OFFICE_ROLES,
                        staff_id__isnull=True,
                    )
                ),
            ),
            # One open invitation per record of a school's register.
            models.UniqueConstraint(
                fields=["school", "staff_id"],
                condition=Q(staff_id__isnull=False, accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_staff",
            ),
        ]
        indexes = [models.Index(fields=["school", "created_at"])]

    def __str__(self):
        return f"{self.full_name} – {self.get_role_display()} – {self.school or self.authority}"

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def state_label(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        """Not yet used nor revoked: it can be sent again (an expired one gets a new expiry)."""
        return self.revoked_at is None and self.accepted_at is None

    @property
    def place(self):
        return self.school or self.authority
