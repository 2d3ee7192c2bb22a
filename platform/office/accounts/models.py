from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from office.core.errors import Invalid

# People are never deleted: their names stay on plans, votes, decisions and the audit log of every
# school, whose tables point at them across schemas without a database constraint, so Django's cascade
# from the public schema cannot even see them (it crashed on `plans_notification`). A person who left
# is deactivated instead (office.accounts.services.deactivate_person).
NO_DELETE_MESSAGE = (
    "Không xoá tài khoản của một người: hồ sơ và lịch sử của họ phải được giữ lại. "
    "Hãy ngừng kích hoạt tài khoản (người đã nghỉ việc, nghỉ hưu)."
)


class UserQuerySet(models.QuerySet):
    def delete(self):
        raise Invalid(NO_DELETE_MESSAGE)


class PeopleManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """One account per person for the whole platform; what they may do comes from memberships."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    # Set when a manager sets or resets the password for the person; cleared when the person chooses
    # their own (office.accounts.middleware.ForcePasswordChangeMiddleware keeps them on the change page).
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)

    objects = PeopleManager()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def __str__(self):
        return self.get_full_name()

    def delete(self, *args, **kwargs):
        raise Invalid(NO_DELETE_MESSAGE)


class Role(models.TextChoices):
    PRINCIPAL = "principal", "Hiệu trưởng"
    VICE_PRINCIPAL = "vice_principal", "Phó Hiệu trưởng"
    COUNCIL_SECRETARY = "council_secretary", "Thư ký Hội đồng TĐKT"
    DEPARTMENT_HEAD = "department_head", "Tổ trưởng chuyên môn"
    STAFF = "staff", "Cán bộ, giáo viên, nhân viên"
    OFFICE_HEAD = "office_head", "Lãnh đạo phòng"
    OFFICE_SPECIALIST = "office_specialist", "Chuyên viên phụ trách TĐKT"


SCHOOL_ROLES = (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY, Role.DEPARTMENT_HEAD, Role.STAFF)
# Roles the principal hands out and ends in their school; the principal's own role is the office's.
PRINCIPAL_ASSIGNED_ROLES = (Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY, Role.DEPARTMENT_HEAD, Role.STAFF)
OFFICE_ROLES = (Role.OFFICE_HEAD, Role.OFFICE_SPECIALIST)
# Roles that sign (issue) the school's documents.
SCHOOL_SIGNER_ROLES = (Role.PRINCIPAL, Role.VICE_PRINCIPAL)
# Roles that manage a school's emulation work, as opposed to taking part in it.
SCHOOL_MANAGER_ROLES = (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY)


class MembershipQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Memberships that count on `on` (today by default): started, and not yet ended. `ends_on` is
        the first day a membership no longer counts, so ending one today stops it at once."""
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lte=on)


class Membership(models.Model):
    """A person's role in one school or one office, from `starts_on` until `ends_on` (exclusive, empty:
    still held). Exactly one of school / authority is set. Ended memberships stay as history."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        "tenants.School", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        "authorities.Authority", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    # Which department a head of department leads (a department of the school's own register, named
    # as it is there: the register lives in the school's schema, the membership in the office's).
    unit = models.CharField("tổ", max_length=120, blank=True)
    starts_on = models.DateField("từ ngày", default=timezone.localdate)
    ends_on = models.DateField("thôi từ ngày", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.CheckConstraint(
                name="membership_school_xor_authority",
                condition=(Q(school__isnull=False, authority__isnull=True, role__in=SCHOOL_ROLES))
                | (Q(school__isnull=True, authority__isnull=False, role__in=OFFICE_ROLES)),
            ),
            models.CheckConstraint(
                name="membership_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
            ),
            # One open membership per person, place and role; ended ones pile up as history.
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=Q(ends_on__isnull=True),
                name="membership_unique_open_school_role",
            ),
            models.UniqueConstraint(
                fields=["user", "authority", "role"],
                condition=Q(ends_on__isnull=True),
                name="membership_unique_open_authority_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.school or self.authority}"
