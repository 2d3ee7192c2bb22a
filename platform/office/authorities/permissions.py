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
