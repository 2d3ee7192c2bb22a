"""Who may set an office's deadlines, declared once and asked by the dashboard's pages and the
deadline services."""

from office.accounts.selectors import office_authorities

DEADLINE_REFUSED = "Chỉ cán bộ của cơ quan quản lý đặt được hạn nộp của cơ quan mình."


def can_set_deadlines_of(user, authority) -> bool:
    """An office's timeline is kept by its own people (specialist or head), not by the offices above
    or below it: the schools of that office read it on their dashboards."""
    if user is None or authority is None:
        return False
    return authority.pk in {a.pk for a in office_authorities(user)}
