from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from office.accounts.selectors import has_school_membership, is_office_member, is_school_manager


class IsMemberOfHost(BasePermission):
    """The API's default rule: on a school's host, only that school's members; on the office's host,
    only office staff. A non-member of a school is answered 404, never 403, so that another
    school's existence and data are not revealed (DESIGN.md §6)."""

    message = "Bạn không có quyền truy cập dữ liệu này."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        school = getattr(request, "school", None)
        if school is not None:
            if not has_school_membership(user, school):
                raise NotFound("Không tìm thấy.")
            return True
        return is_office_member(user)


class IsSchoolManagerOrReadOnly(BasePermission):
    message = "Chỉ Ban giám hiệu và thư ký Hội đồng được sửa danh sách này."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_school_manager(request.user, request.school)
