from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """One account per person for the whole platform; what they may do comes from memberships."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def __str__(self):
        return self.get_full_name()


class Role(models.TextChoices):
    PRINCIPAL = "principal", "Hiệu trưởng"
    VICE_PRINCIPAL = "vice_principal", "Phó Hiệu trưởng"
    COUNCIL_SECRETARY = "council_secretary", "Thư ký Hội đồng TĐKT"
    STAFF = "staff", "Cán bộ, giáo viên, nhân viên"
    OFFICE_HEAD = "office_head", "Lãnh đạo phòng"
    OFFICE_SPECIALIST = "office_specialist", "Chuyên viên phụ trách TĐKT"


SCHOOL_ROLES = (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY, Role.STAFF)
OFFICE_ROLES = (Role.OFFICE_HEAD, Role.OFFICE_SPECIALIST)
# Roles that sign (issue) the school's documents.
SCHOOL_SIGNER_ROLES = (Role.PRINCIPAL, Role.VICE_PRINCIPAL)
# Roles that manage a school's emulation work, as opposed to taking part in it.
SCHOOL_MANAGER_ROLES = (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY)


class Membership(models.Model):
    """A person's role in one school or one office. Exactly one of school / authority is set."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        "tenants.School", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        "authorities.Authority", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.CheckConstraint(
                name="membership_school_xor_authority",
                condition=(Q(school__isnull=False, authority__isnull=True, role__in=SCHOOL_ROLES))
                | (Q(school__isnull=True, authority__isnull=False, role__in=OFFICE_ROLES)),
            ),
            models.UniqueConstraint(fields=["user", "school", "role"], name="membership_unique_school_role"),
            models.UniqueConstraint(
                fields=["user", "authority", "role"], name="membership_unique_authority_role"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.school or self.authority}"
