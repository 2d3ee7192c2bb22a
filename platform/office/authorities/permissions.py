"""Who may change the tree of authorities' hold on schools, declared once and asked by the pages and
the service. Pages of authorities and schools are reached within office.authorities.access's reach;
moving a school is the head's ("lãnh đạo") of an office whose subtree holds both ends."""

from office.authorities.access import head_reach

MOVE_REFUSED = "Chỉ lãnh đạo cơ quan quản lý cả nơi đi và nơi đến chuyển được trường."


def can_move_school(user, school, to) -> bool:
    """A school changes authority by a decision of the heads above it: the person must lead an office
    whose subtree holds the school's present authority and one whose subtree holds the new one."""
    if user is None or to is None:
        return False
    reach = head_reach(user)
    return school.authority_id in reach and to.pk in reach


CREATE_SCHOOL_REFUSAL = (
    "Chỉ chuyên viên, lãnh đạo của cơ quan quản lý đang hoạt động mới thêm được trường trực thuộc."
)


def can_create_school(user, authority) -> bool:
    """An office member adds a school under any authority in force at or below their offices."""
    from django.utils import timezone

    from office.authorities.access import office_reach
    from office.authorities.selectors import in_force_on

    if user is None or authority is None:
        return False
    return authority.pk in office_reach(user) and in_force_on(authority, timezone.localdate())


EVALUATION_PERIOD_REFUSED = "Chỉ lãnh đạo cơ quan (hoặc cơ quan cấp trên) đặt được ngày kết thúc kỳ đánh giá."


def can_set_evaluation_period(user, authority) -> bool:
    """The day a school year's evaluation ends binds every school beneath: the office's head decides."""
    from office.authorities.access import head_reach

    return user is not None and authority is not None and authority.pk in head_reach(user)
