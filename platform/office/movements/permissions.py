"""Who may launch and change movements, declared once and asked by the pages, the API and the
services. An authority launches a movement for every school of its subtree; the people who do it are
the office staff whose offices' subtrees hold that authority."""

from office.authorities.access import office_reach
from office.movements.models import Movement

MOVEMENT_REFUSED = "Chỉ cơ quan quản lý phát động và sửa được phong trào thi đua của mình."


def can_launch_movement(user, authority) -> bool:
    """An office member (specialist or head) launches in the name of an authority within their
    offices' subtrees: the district office for its schools, a ward for its own."""
    return user is not None and authority is not None and authority.pk in office_reach(user)


def can_change_movement(user, movement: Movement) -> bool:
    """Editing, attaching documents to and withdrawing a movement: the staff who could have launched
    it, i.e. whose offices' subtrees hold its launching authority."""
    return user is not None and movement.authority_id in office_reach(user)
