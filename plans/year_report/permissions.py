"""Who may write and send the school's year-end report: the school's managers write its text (like a
plan), those who sign the school's documents send it to the office under their signature."""

from django.contrib.auth.models import AnonymousUser

from office.accounts.selectors import can_sign_for_school, has_school_membership, is_school_manager

WRITE_REPORT_REFUSAL = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được soạn báo cáo tổng kết."
SUBMIT_REPORT_REFUSAL = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ký, gửi báo cáo tổng kết."
READ_REPORT_REFUSAL = "Chỉ cán bộ, giáo viên của trường được xem báo cáo tổng kết."


def _person(user):
    return user if user is not None else AnonymousUser()


def can_read_report(user, school) -> bool:
    return has_school_membership(_person(user), school)


def can_write_report(user, school) -> bool:
    return is_school_manager(_person(user), school)


def can_submit_report(user, school) -> bool:
    return can_sign_for_school(_person(user), school)
